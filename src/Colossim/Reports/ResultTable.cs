namespace Colossim.Reports;

/// <summary>The type of a <see cref="ResultColumn"/>'s values.</summary>
public enum ResultColumnType
{
    /// <summary>Text (names, ids); may be missing.</summary>
    Text,

    /// <summary>Whole numbers (counts), 64-bit.</summary>
    Whole,

    /// <summary>Real numbers in SI base units named in the column (<c>_s</c>, <c>_w</c>, <c>_j</c>, <c>_usd</c>); may be missing.</summary>
    Real,
}

/// <summary>
/// A column of a <see cref="ResultTable"/>: a snake_case name that says its unit, a type, and one value per row
/// (<see langword="null"/> for a missing text or real value; integers are never missing).
/// </summary>
public sealed class ResultColumn
{
    private ResultColumn(string name, ResultColumnType type, Array values)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Type = type;
        Values = values;
    }

    /// <summary>The column's name (<c>facility_w</c>).</summary>
    public string Name { get; }

    /// <summary>The type of its values.</summary>
    public ResultColumnType Type { get; }

    /// <summary>The values: <c>string?[]</c>, <c>long[]</c> or <c>double?[]</c> as <see cref="Type"/> says.</summary>
    public Array Values { get; }

    /// <summary>Rows.</summary>
    public int Count => Values.Length;

    /// <summary>A text column.</summary>
    public static ResultColumn Text(string name, string?[] values) => new(name, ResultColumnType.Text, values);

    /// <summary>A whole-number column.</summary>
    public static ResultColumn Whole(string name, long[] values) => new(name, ResultColumnType.Whole, values);

    /// <summary>A real-number column; NaN and infinities are stored as missing.</summary>
    public static ResultColumn Real(string name, double?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is { } v && !double.IsFinite(v))
            {
                values[i] = null;
            }
        }

        return new(name, ResultColumnType.Real, values);
    }
}

/// <summary>
/// A table of results for programs: a name (the file's stem: <c>power</c> becomes <c>power.csv</c> and
/// <c>power.parquet</c>) and typed columns of equal length. Written by <see cref="ResultFiles"/> as CSV and Parquet, so
/// pandas, DuckDB and spreadsheets read the same rows.
/// </summary>
public sealed record ResultTable
{
    /// <summary>Creates a table; every column must have the same number of rows and a distinct name.</summary>
    public ResultTable(string name, IReadOnlyList<ResultColumn> columns)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0)
        {
            throw new ArgumentException("a table needs at least one column", nameof(columns));
        }

        if (columns.Any(c => c.Count != columns[0].Count))
        {
            throw new ArgumentException($"the columns of {name} have different lengths: {string.Join(", ", columns.Select(c => $"{c.Name} {c.Count}"))}", nameof(columns));
        }

        if (columns.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count() != columns.Count)
        {
            throw new ArgumentException($"the columns of {name} repeat a name", nameof(columns));
        }

        Name = name;
        Columns = columns;
    }

    /// <summary>The table's name, a file stem (<c>serving_latency</c>).</summary>
    public string Name { get; }

    /// <summary>The columns, left to right.</summary>
    public IReadOnlyList<ResultColumn> Columns { get; }

    /// <summary>Rows.</summary>
    public int RowCount => Columns[0].Count;
}
