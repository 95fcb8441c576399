using System.Text.Json.Nodes;
using Colossim.Reports;

namespace Colossim.Sweeps;

/// <summary>Turns a sweep's stored runs into its report: one row per point, means and 95% intervals over its seeds.</summary>
public static class SweepResults
{
    /// <summary>The report of <paramref name="plan"/> from what <paramref name="store"/> holds, with what <paramref name="outcome"/> says this session did.</summary>
    public static SweepReport Report(SweepPlan plan, SweepStore store, SweepOutcome outcome, int jobs)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(outcome);
        var results = store.Results(plan.Runs.Select(r => r.Hash));
        var summaries = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (hash, result) in results)
        {
            if (result.Summary is { } text)
            {
                summaries[hash] = JsonNode.Parse(text);
            }
        }

        // The metrics of the first done run (every point of a sweep has the same workloads, so the same headlines).
        var metrics = SummaryValues.Headlines(summaries.Values.FirstOrDefault())
            .Where(m => summaries.Values.Any(s => SummaryValues.Number(s, m) is not null)).ToList();
        var rows = new List<SweepRow>(plan.Points.Count);
        foreach (var group in plan.Runs.GroupBy(r => r.Point))
        {
            var point = plan.Points[group.Key];
            var finished = group.Where(r => results.ContainsKey(r.Hash)).Select(r => results[r.Hash]).ToList();
            var done = group.Where(r => summaries.ContainsKey(r.Hash)).Select(r => summaries[r.Hash]).ToList();
            rows.Add(new SweepRow
            {
                Point = point.Index,
                Values = point.Values,
                Runs = finished.Count,
                Failed = finished.Count(r => r.Status == SweepRunStatus.Failed),
                Error = finished.FirstOrDefault(r => r.Error is not null)?.Error,
                Objective = plan.Objective is { } o ? Stat(done, o) : null,
                Metrics = [.. metrics.Select(m => Stat(done, m))],
            });
        }

        return new SweepReport
        {
            Scenario = plan.ScenarioName,
            Id = plan.Id,
            Store = store.Path,
            Keys = [.. plan.Axes.Select(a => a.Key)],
            Objective = plan.Objective,
            Maximize = plan.Maximize,
            Seeds = plan.Seeds,
            Metrics = metrics,
            Rows = rows,
            Ran = outcome.Ran,
            Reused = outcome.Reused,
            Failed = rows.Sum(r => r.Failed),
            ElapsedSeconds = outcome.Elapsed.TotalSeconds,
            Jobs = jobs,
            Problems = outcome.Problems,
        };
    }

    private static SweepStat? Stat(List<JsonNode?> summaries, string path) =>
        SweepStat.Of([.. summaries.Select(s => SummaryValues.Number(s, path)).OfType<double>()]);
}
