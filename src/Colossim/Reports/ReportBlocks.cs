namespace Colossim.Reports;

/// <summary>
/// One piece of a report as people read it: a line of text or a table. A command's result becomes a list of blocks in
/// the library; the terminal renders them with Spectre.Console and an HTML page renders the same blocks, so the two
/// never disagree. Cells and text are plain text (front ends escape them for their medium).
/// </summary>
public abstract record ReportBlock;

/// <summary>A line of text (empty for a blank line); <see cref="Strong"/> asks for emphasis where the medium has it.</summary>
public sealed record ReportText(string Text, bool Strong = false) : ReportBlock
{
    /// <summary>A blank line.</summary>
    public static ReportText Blank { get; } = new("");
}

/// <summary>How a column's cells are aligned.</summary>
public enum ColumnAlignment
{
    /// <summary>Flush left (labels, names).</summary>
    Left,

    /// <summary>Flush right (numbers).</summary>
    Right,
}

/// <summary>A column of a <see cref="ReportTable"/>.</summary>
public sealed record ReportColumn(string Header, ColumnAlignment Alignment = ColumnAlignment.Left);

/// <summary>A table: an optional title, columns and rows of plain-text cells (each row as many cells as columns).</summary>
public sealed record ReportTable : ReportBlock
{
    /// <summary>The title shown above the table, if any.</summary>
    public string? Title { get; init; }

    /// <summary>The columns, left to right.</summary>
    public required IReadOnlyList<ReportColumn> Columns { get; init; }

    /// <summary>The rows, top to bottom; each has exactly <see cref="Columns"/>.Count cells.</summary>
    public required IReadOnlyList<IReadOnlyList<string>> Rows { get; init; }
}

/// <summary>Builds a <see cref="ReportTable"/> row by row; checks that every row has one cell per column.</summary>
public sealed class ReportTableBuilder
{
    private readonly List<ReportColumn> _columns = [];
    private readonly List<IReadOnlyList<string>> _rows = [];
    private readonly string? _title;

    /// <summary>Starts a table with the given title (none when <see langword="null"/>).</summary>
    public ReportTableBuilder(string? title = null) => _title = title;

    /// <summary>Adds left-aligned columns with these headers.</summary>
    public ReportTableBuilder Columns(params string[] headers)
    {
        foreach (var header in headers)
        {
            _columns.Add(new ReportColumn(header));
        }

        return this;
    }

    /// <summary>Adds a column.</summary>
    public ReportTableBuilder Column(string header, ColumnAlignment alignment)
    {
        _columns.Add(new ReportColumn(header, alignment));
        return this;
    }

    /// <summary>Adds a row; throws when it does not have one cell per column (a bug in the caller).</summary>
    public ReportTableBuilder Row(params string[] cells)
    {
        if (cells.Length != _columns.Count)
        {
            throw new ArgumentException($"a row needs {_columns.Count} cells, got {cells.Length}", nameof(cells));
        }

        _rows.Add(cells);
        return this;
    }

    /// <summary>The table.</summary>
    public ReportTable Build() => new() { Title = _title, Columns = [.. _columns], Rows = [.. _rows] };
}
