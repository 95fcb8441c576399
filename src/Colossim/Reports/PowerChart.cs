using Colossim.Facility;

namespace Colossim.Reports;

/// <summary>
/// The chart of a site's power timeline (<see cref="ScenarioCharts.Power"/>: facility draw without batteries and grid
/// draw with them), drawn as SVG by <see cref="StaticChart"/> for <c>colossim power --out</c>.
/// </summary>
public static class PowerChart
{
    /// <summary>The SVG of <paramref name="run"/>'s timeline, titled with <paramref name="scenario"/>'s name; hours on the x axis from 3 h up, else seconds.</summary>
    public static string Svg(string scenario, SitePowerRun run)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(run);
        var chart = ScenarioCharts.Power(run.Site, run.Timeline);
        return StaticChart.Svg(chart with { Title = $"{scenario} / {chart.Title}" });
    }
}
