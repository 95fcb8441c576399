using System.Globalization;

namespace Colossim.Reports;

/// <summary>
/// A run's timelines as one Chrome/Perfetto trace (<c>trace.json</c> of the report folder): each training workload's
/// simulated step (<see cref="TrainTrace"/>), its pipeline stages as processes named after the workload, one block of
/// process ids per workload (workload k's stages from 1 + 1000 k). <see langword="null"/> when the run simulated no
/// step with a timeline.
/// </summary>
public static class ScenarioTrace
{
    /// <summary>Process ids of one workload's stages start this far apart.</summary>
    public const int PidsPerWorkload = 1000;

    /// <summary>The trace of <paramref name="report"/>'s timelines, or <see langword="null"/> without any.</summary>
    public static ChromeTrace? Of(ScenarioReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var trace = new ChromeTrace();
        var k = 0;
        foreach (var w in report.Training)
        {
            if (w.Simulated?.Schedule is { } schedule)
            {
                TrainTrace.AddTo(trace, schedule, k * PidsPerWorkload, string.Create(CultureInfo.InvariantCulture, $"{w.Name}: "));
                k++;
            }
        }

        return k == 0 ? null : trace;
    }
}
