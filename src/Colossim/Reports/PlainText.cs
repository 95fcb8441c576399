using System.Text;

namespace Colossim.Reports;

/// <summary>
/// Report blocks as plain text for files (<c>report.txt</c>): lines as they are, tables with a title line, a header,
/// a rule of dashes and columns padded to their widest cell (numbers flush right). No colours, no box drawing, so the
/// file reads the same in any editor and diffs cleanly.
/// </summary>
public static class PlainText
{
    /// <summary>The blocks as text, one line per text block and per table row, each line ending in <c>\n</c>.</summary>
    public static string Render(IEnumerable<ReportBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        var text = new StringBuilder();
        foreach (var block in blocks)
        {
            switch (block)
            {
                case ReportText line:
                    text.Append(line.Text).Append('\n');
                    break;
                case ReportTable table:
                    Table(text, table);
                    break;
                default:
                    throw new ArgumentException($"unknown report block {block.GetType().Name}", nameof(blocks));
            }
        }

        return text.ToString();
    }

    private static void Table(StringBuilder text, ReportTable table)
    {
        var widths = new int[table.Columns.Count];
        for (var c = 0; c < widths.Length; c++)
        {
            widths[c] = table.Columns[c].Header.Length;
            foreach (var row in table.Rows)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
            }
        }

        if (table.Title is { } title)
        {
            text.Append(title).Append('\n');
        }

        Line(text, table, [.. table.Columns.Select(c => c.Header)], widths);
        Line(text, table, [.. widths.Select(w => new string('-', w))], widths);
        foreach (var row in table.Rows)
        {
            Line(text, table, row, widths);
        }
    }

    private static void Line(StringBuilder text, ReportTable table, IReadOnlyList<string> cells, int[] widths)
    {
        var line = new StringBuilder();
        for (var c = 0; c < cells.Count; c++)
        {
            if (c > 0)
            {
                line.Append("  ");
            }

            line.Append(table.Columns[c].Alignment == ColumnAlignment.Right ? cells[c].PadLeft(widths[c]) : cells[c].PadRight(widths[c]));
        }

        text.Append(line.ToString().TrimEnd()).Append('\n');
    }
}
