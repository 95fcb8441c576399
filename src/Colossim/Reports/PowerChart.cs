using Colossim.Facility;

namespace Colossim.Reports;

/// <summary>The chart of a site's power timeline: facility and grid power over time, as an SVG that opens offline.</summary>
public static class PowerChart
{
    /// <summary>The SVG of <paramref name="run"/>'s timeline, titled with <paramref name="scenario"/>'s name; hours on the x axis from 3 h up, else seconds.</summary>
    public static string Svg(string scenario, SitePowerRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var t = run.Timeline;
        var hours = t.Count * t.Step.TotalSeconds >= 3 * 3600;
        var scale = hours ? 1 / 3600.0 : 1;
        return SvgLineChart.Render(
            $"{scenario} / {run.Site}: facility and grid power",
            hours ? "time (hours)" : "time (seconds)",
            "MW",
            t.Step.TotalSeconds * scale,
            [
                new ChartSeries("facility", "#d62728", Megawatts(t.Facility)),
                new ChartSeries("grid", "#1f77b4", Megawatts(t.Grid)),
            ]);
    }

    private static double[] Megawatts(ReadOnlySpan<Units.Watts> values)
    {
        var result = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = values[i].Megawatts;
        }

        return result;
    }
}
