using System.Globalization;

namespace Colossim.Reports;

/// <summary>A sweep's report as blocks for people: what ran, then the best points (or the first ones, without an objective).</summary>
public static class SweepReportText
{
    /// <summary>How many points the table shows.</summary>
    public const int Shown = 15;

    /// <summary>The blocks of <paramref name="report"/>; <paramref name="files"/> are listed at the end.</summary>
    public static IReadOnlyList<ReportBlock> Blocks(SweepReport report, IReadOnlyList<string>? files = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var blocks = new List<ReportBlock>
        {
            new ReportText($"sweep of {report.Scenario}: {Count(report.Rows.Count, "point")}{(report.Seeds > 1 ? $" x {report.Seeds} seeds" : "")} over {string.Join(", ", report.Keys)}", Strong: true),
            new ReportText($"ran {Count(report.Ran, "run")} on {Count(report.Jobs, "worker")} in {Figures.Fixed(report.ElapsedSeconds, "0.0")} s"
                + (report.Ran > 0 && report.ElapsedSeconds > 0 ? $" ({Figures.Fixed(report.Ran / report.ElapsedSeconds, "0.#")} runs/s)" : "")
                + $"; {Count(report.Reused, "run")} already in the store; {Count(report.Failed, "run")} failed"),
        };
        var rows = report.Objective is null ? report.Rows.Take(Shown).ToList() : report.Ranked.Take(Shown).ToList();
        var cost = report.Metrics.ToList().IndexOf(SweepReport.CostMetric);
        var table = new ReportTableBuilder(report.Objective is null ? "points" : $"best points by {report.Objective} ({(report.Maximize ? "largest" : "smallest")} first)")
            .Column("point", ColumnAlignment.Right);
        foreach (var key in report.Keys)
        {
            table.Column(key, ColumnAlignment.Right);
        }

        if (report.Objective is not null)
        {
            table.Column(report.Objective, ColumnAlignment.Right);
        }

        if (cost >= 0 && report.Objective != SweepReport.CostMetric)
        {
            table.Column("TCO", ColumnAlignment.Right);
        }

        table.Column("status", ColumnAlignment.Left);
        foreach (var row in rows)
        {
            var cells = new List<string> { row.Point.ToString(CultureInfo.InvariantCulture) };
            cells.AddRange(row.Values);
            if (report.Objective is not null)
            {
                cells.Add(Stat(row.Objective));
            }

            if (cost >= 0 && report.Objective != SweepReport.CostMetric)
            {
                cells.Add(row.Metrics[cost] is { } c ? Figures.Big(c.Mean) : "-");
            }

            cells.Add(row.Failed == 0 ? "done" : $"failed: {row.Error}");
            table.Row([.. cells]);
        }

        blocks.Add(ReportText.Blank);
        blocks.Add(table.Build());
        if (report.Rows.Count > rows.Count)
        {
            blocks.Add(new ReportText($"({Count(report.Rows.Count - rows.Count, "more point")} in the table files)"));
        }

        var failed = report.Rows.Where(r => r.Failed > 0).ToList();
        if (failed.Count > 0 && report.Objective is not null)
        {
            blocks.Add(new ReportText($"{Count(failed.Count, "point")} failed; first: point {failed[0].Point}: {failed[0].Error}"));
        }

        if (files is { Count: > 0 })
        {
            blocks.Add(ReportText.Blank);
            blocks.Add(new ReportText($"wrote {string.Join(", ", files)}"));
        }

        return blocks;
    }

    /// <summary>A statistic for a cell: <c>1.23</c>, or <c>1.23 ± 0.04</c> with an interval.</summary>
    public static string Stat(SweepStat? stat) => stat switch
    {
        null => "-",
        { Low: { } low, High: { } high } => $"{Number(stat.Mean)} ± {Number((high - low) / 2)}",
        _ => Number(stat.Mean),
    };

    private static string Number(double x) => Math.Abs(x) >= 1e5 ? Figures.Big(x) : Figures.Fixed(Figures.Significant(x), "0.####");

    private static string Count(int n, string noun) => $"{n.ToString("N0", CultureInfo.InvariantCulture)} {noun}{(n == 1 ? "" : "s")}";
}
