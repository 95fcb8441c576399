using System.Globalization;
using ScottPlot;

namespace Colossim.Reports;

/// <summary>
/// A sweep's charts, drawn with ScottPlot 5 as SVG and PNG: the objective against each varied key (numbers on a number
/// line, other values as categories in their order) and the Pareto front of cost (TCO) against the objective. Nothing
/// is drawn without an objective.
/// </summary>
public static class SweepCharts
{
    private const int Width = 900;
    private const int Height = 520;

    /// <summary>Writes the charts into <paramref name="folder"/> and gives their paths.</summary>
    public static IReadOnlyList<string> Write(SweepReport report, string folder)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(folder);
        var files = new List<string>();
        if (report.Objective is null)
        {
            return files;
        }

        for (var k = 0; k < report.Keys.Count; k++)
        {
            var stem = Path.Combine(folder, $"objective-vs-{FileName(report.Keys[k])}");
            Save(ObjectiveAgainst(report, k), stem, files);
        }

        if (Pareto(report) is { } pareto)
        {
            Save(pareto, Path.Combine(folder, "pareto"), files);
        }

        return files;
    }

    /// <summary>The objective of every point against the values of key <paramref name="key"/>.</summary>
    public static Plot ObjectiveAgainst(SweepReport report, int key)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rows = report.Rows.Where(r => r.Objective is not null).ToList();
        var distinct = report.Rows.Select(r => r.Values[key]).Distinct(StringComparer.Ordinal).ToList();
        var numeric = distinct.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        double X(string v) => numeric ? double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture) : distinct.IndexOf(v);
        var plot = new Plot();
        var scatter = plot.Add.ScatterPoints(rows.Select(r => X(r.Values[key])).ToArray(), rows.Select(r => r.Objective!.Mean).ToArray());
        scatter.MarkerSize = 7;
        if (report.Seeds > 1)
        {
            foreach (var r in rows.Where(r => r.Objective!.Low is not null))
            {
                var bar = plot.Add.Line(X(r.Values[key]), r.Objective!.Low!.Value, X(r.Values[key]), r.Objective.High!.Value);
                bar.Color = scatter.Color;
            }
        }

        if (!numeric)
        {
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. distinct.Select((_, i) => (double)i)], [.. distinct]);
        }

        plot.Title($"{report.Scenario}: {report.Objective} against {report.Keys[key]}");
        plot.XLabel(report.Keys[key]);
        plot.YLabel($"{report.Objective} ({(report.Maximize ? "larger" : "smaller")} is better)");
        return plot;
    }

    /// <summary>Every point's cost against its objective, with the Pareto front; <see langword="null"/> without a cost.</summary>
    public static Plot? Pareto(SweepReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var cost = report.Metrics.ToList().IndexOf(SweepReport.CostMetric);
        var front = report.ParetoFront();
        if (cost < 0 || front.Count == 0)
        {
            return null;
        }

        var rows = report.Rows.Where(r => r.Objective is not null && r.Metrics[cost] is not null).ToList();
        var plot = new Plot();
        var all = plot.Add.ScatterPoints(rows.Select(r => r.Metrics[cost]!.Mean).ToArray(), rows.Select(r => r.Objective!.Mean).ToArray());
        all.MarkerSize = 6;
        all.LegendText = "points";
        var line = plot.Add.Scatter(front.Select(r => r.Metrics[cost]!.Mean).ToArray(), front.Select(r => r.Objective!.Mean).ToArray());
        line.MarkerSize = 9;
        line.LineWidth = 2;
        line.LegendText = "Pareto front";
        plot.ShowLegend();
        plot.Title($"{report.Scenario}: cost against {report.Objective}");
        plot.XLabel("TCO (USD)");
        plot.YLabel($"{report.Objective} ({(report.Maximize ? "larger" : "smaller")} is better)");
        return plot;
    }

    private static void Save(Plot plot, string stem, List<string> files)
    {
        plot.SaveSvg(stem + ".svg", Width, Height);
        plot.SavePng(stem + ".png", Width, Height);
        files.Add(stem + ".svg");
        files.Add(stem + ".png");
    }

    private static string FileName(string name) => string.Concat(name.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' ? ch : '_'));
}
