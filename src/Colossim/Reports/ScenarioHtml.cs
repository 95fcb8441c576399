namespace Colossim.Reports;

/// <summary>
/// A run's <c>report.html</c>: the report's blocks (<see cref="ScenarioReportText.Blocks"/>, the rows the terminal
/// prints, headline answers first) with the run's charts (<see cref="ScenarioCharts"/>) after the answers, in one page
/// that opens offline (<see cref="HtmlPage"/>).
/// </summary>
public static class ScenarioHtml
{
    /// <summary>The page of <paramref name="report"/> with <paramref name="charts"/> (by default <see cref="ScenarioCharts.Of"/>).</summary>
    public static string Render(ScenarioReport report, IReadOnlyList<Chart>? charts = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var blocks = ScenarioReportText.Blocks(report);
        var answers = -1;
        for (var i = 0; i < blocks.Count; i++)
        {
            if (blocks[i] is ReportTable { Title: ScenarioReportText.AnswersTitle })
            {
                answers = i;
                break;
            }
        }

        // Without answers, the charts follow the title and description.
        if (answers < 0)
        {
            answers = blocks.TakeWhile(b => b is ReportText { Text.Length: > 0 }).Count() - 1;
        }

        return HtmlPage.Render($"{report.Scenario}: Colossim report", blocks, charts ?? ScenarioCharts.Of(report), answers,
            $"Colossim report of {report.Scenario}, seed {report.Seed}. Charts drawn with {HtmlPage.ChartLibrary} (Apache-2.0), embedded in this page; the tables are the rows 'colossim run' prints.");
    }
}
