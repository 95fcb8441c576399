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

        // Each done run's summary is read once, on every core, for the numbers the table needs (the objective and the
        // headline metrics of the first done run: every point of a sweep has the same workloads, so the same headlines).
        var done = results.Values.Where(r => r.Summary is not null).ToList();
        var headlines = SummaryValues.Headlines(done.Count > 0 ? JsonNode.Parse(done[0].Summary!) : null);
        List<string> paths = plan.Objective is { } objective ? [objective, .. headlines] : [.. headlines];
        var numbers = new double?[done.Count][];
        Parallel.For(0, done.Count, i => numbers[i] = SummaryValues.Numbers(done[i].Summary!, paths));
        var read = done.Select((r, i) => (r.Hash, Numbers: numbers[i])).ToDictionary(x => x.Hash, x => x.Numbers, StringComparer.Ordinal);
        var first = plan.Objective is null ? 0 : 1;
        var metrics = headlines.Select((path, k) => (path, column: first + k)).Where(m => numbers.Any(n => n[m.column] is not null)).ToList();

        var rows = new List<SweepRow>(plan.Points.Count);
        foreach (var group in plan.Runs.GroupBy(r => r.Point))
        {
            var point = plan.Points[group.Key];
            var finished = group.Where(r => results.ContainsKey(r.Hash)).Select(r => results[r.Hash]).ToList();
            var values = group.Where(r => read.ContainsKey(r.Hash)).Select(r => read[r.Hash]).ToList();
            rows.Add(new SweepRow
            {
                Point = point.Index,
                Values = point.Values,
                Runs = finished.Count,
                Failed = finished.Count(r => r.Status == SweepRunStatus.Failed),
                Error = finished.FirstOrDefault(r => r.Error is not null)?.Error,
                Objective = plan.Objective is null ? null : Stat(values, 0),
                Metrics = [.. metrics.Select(m => Stat(values, m.column))],
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
            Metrics = [.. metrics.Select(m => m.path)],
            Rows = rows,
            Ran = outcome.Ran,
            Reused = outcome.Reused,
            Failed = rows.Sum(r => r.Failed),
            ElapsedSeconds = outcome.Elapsed.TotalSeconds,
            Jobs = jobs,
            Problems = outcome.Problems,
        };
    }

    private static SweepStat? Stat(List<double?[]> values, int column) =>
        SweepStat.Of([.. values.Select(n => n[column]).OfType<double>()]);
}
