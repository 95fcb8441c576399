using Colossim.Reports;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Colossim.Cli;

/// <summary>Renders the library's report blocks (<see cref="ReportText"/>, <see cref="ReportTable"/>) as Spectre.Console output.</summary>
internal static class ReportRenderer
{
    /// <summary>Writes each block in order.</summary>
    public static void Write(IAnsiConsole console, IEnumerable<ReportBlock> blocks)
    {
        foreach (var block in blocks)
        {
            Write(console, block);
        }
    }

    /// <summary>Writes one block: a line of text, or a table.</summary>
    public static void Write(IAnsiConsole console, ReportBlock block)
    {
        switch (block)
        {
            case ReportText { Strong: true } text:
                console.MarkupLine($"[bold]{Markup.Escape(text.Text)}[/]");
                break;
            case ReportText text:
                // As written, never wrapped at the console's width: a long path stays on its line, as the commands printed it.
                console.Profile.Out.Writer.WriteLine(text.Text);
                break;
            case ReportTable table:
                console.Write(ToTable(table));
                break;
            default:
                throw new ArgumentException($"unknown report block {block.GetType().Name}", nameof(block));
        }
    }

    /// <summary>A report table as a Spectre table (cells as plain text, never markup).</summary>
    public static Table ToTable(ReportTable table)
    {
        var result = new Table();
        if (table.Title is { } title)
        {
            result.Title = new TableTitle(Markup.Escape(title));
        }

        foreach (var column in table.Columns)
        {
            var c = new TableColumn(Markup.Escape(column.Header));
            result.AddColumn(column.Alignment == ColumnAlignment.Right ? c.RightAligned() : c);
        }

        foreach (var row in table.Rows)
        {
            result.AddRow([.. row.Select(cell => (IRenderable)new Text(cell))]);
        }

        return result;
    }
}
