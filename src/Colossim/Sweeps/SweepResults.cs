using System.Text.Json.Nodes;
using Colossim.Reports;

namespace Colossim.Sweeps;

/// <summary>Turns a sweep's stored runs into its report: one row per point, means and 95% intervals over its seeds.</summary>
public static class SweepResults
{
    /// <summary>
    /// The report of <paramref name="plan"/> from what <paramref name="store"/> holds, with what <paramref name="outcome"/>
    /// says this session did. The runs in <paramref name="recorded"/> (those this session recorded, taken as they were)
    /// are not read back from the store.
    /// </summary>
    public static SweepReport Report(SweepPlan plan, SweepStore store, SweepOutcome outcome, int jobs, SweepReportCache? recorded = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(outcome);
        if (recorded is not null && !ReferenceEquals(recorded.Plan, plan))
        {
            throw new ArgumentException("expected the runs recorded for this plan", nameof(recorded));
        }

        // The stored runs are read in batches, each done run's summary once, on every core, for only the numbers the
        // table needs (the objective and the headline metrics of the first done run read: every point of a sweep has
        // the same workloads, so the same headlines). No more than two batches of summaries are held at once: one
        // read from the store while the one before is parsed.
        var stored = new Dictionary<string, Stored>(StringComparer.Ordinal);
        IReadOnlyList<string> headlines = SummaryValues.Headlines(null);
        IReadOnlyList<object>?[]? paths = null;
        if (recorded is not null)
        {
            (headlines, paths) = recorded.CopyTo(stored, headlines);
        }

        var parsing = Task.CompletedTask;
        var unread = plan.Runs.Select(r => r.Hash).Where(h => !stored.ContainsKey(h)).ToList();
        store.ReadSummaries(unread, batch =>
        {
            parsing.GetAwaiter().GetResult();
            if (paths is null && batch.FirstOrDefault(r => r.Summary is not null) is { } first)
            {
                (headlines, paths) = Columns(plan, JsonNode.Parse(first.Summary));
            }

            var segments = paths;
            parsing = Task.Run(() =>
            {
                var numbers = new double?[]?[batch.Count];
                Parallel.For(0, batch.Count, i => numbers[i] = batch[i].Summary is { } summary ? SummaryValues.Numbers(summary, segments!) : null);
                for (var i = 0; i < batch.Count; i++)
                {
                    stored[batch[i].Hash] = new Stored(batch[i].Status, batch[i].Error, numbers[i]);
                }
            });
        });
        parsing.GetAwaiter().GetResult();

        var first = plan.Objective is null ? 0 : 1;
        var metrics = Enumerable.Range(0, headlines.Count).Where(k => stored.Values.Any(r => r.Numbers?[first + k] is not null)).ToList();

        // The runs of each point (its seeds), points in the order the plan first lists them.
        var byPoint = new List<Stored>?[plan.Points.Count];
        var order = new List<int>(plan.Points.Count);
        foreach (var run in plan.Runs)
        {
            if (byPoint[run.Point] is null)
            {
                order.Add(run.Point);
                byPoint[run.Point] = [];
            }

            if (stored.TryGetValue(run.Hash, out var result))
            {
                byPoint[run.Point]!.Add(result);
            }
        }

        var rows = new List<SweepRow>(order.Count);
        foreach (var index in order)
        {
            var finished = byPoint[index]!;
            rows.Add(new SweepRow
            {
                Point = plan.Points[index].Index,
                Values = plan.Points[index].Values,
                Runs = finished.Count,
                Failed = finished.Count(r => r.Status == SweepRunStatus.Failed),
                Error = finished.FirstOrDefault(r => r.Error is not null)?.Error,
                Objective = plan.Objective is null ? null : Stat(finished, 0),
                Metrics = [.. metrics.Select(k => Stat(finished, first + k))],
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
            Metrics = [.. metrics.Select(k => headlines[k])],
            Rows = rows,
            Ran = outcome.Ran,
            Reused = outcome.Reused,
            Failed = rows.Sum(r => r.Failed),
            ElapsedSeconds = outcome.Elapsed.TotalSeconds,
            Jobs = jobs,
            Problems = outcome.Problems,
        };
    }

    // The headline metrics of a sweep (those of its first done run: every point has the same workloads) and the paths of
    // the numbers its report reads from each summary: the objective first, when there is one, then the headlines.
    internal static (IReadOnlyList<string> Headlines, IReadOnlyList<object>?[] Paths) Columns(SweepPlan plan, JsonNode? summary)
    {
        var headlines = SummaryValues.Headlines(summary);
        return (headlines, SummaryValues.Segments(plan.Objective is { } objective ? [objective, .. headlines] : [.. headlines]));
    }

    // The mean and interval of one column over a point's runs that have a number there.
    private static SweepStat? Stat(List<Stored> runs, int column)
    {
        var values = new List<double>(runs.Count);
        foreach (var run in runs)
        {
            if (run.Numbers?[column] is { } value)
            {
                values.Add(value);
            }
        }

        return SweepStat.Of(values);
    }

    // What the report keeps of a stored run: its summary's numbers (null when it failed), not the summary.
    internal sealed record Stored(SweepRunStatus Status, string? Error, double?[]? Numbers);
}

/// <summary>
/// What a sweep's report needs of the runs one session makes, taken from each run as it finishes (give it to
/// <see cref="SweepRunner.RunAsync(SweepPlan, SweepStore, int, IProgress{SweepProgress}?, SweepReportCache?, CancellationToken)"/>
/// and then to <see cref="SweepResults.Report"/>): each worker parses its own run's summary while the others run, and
/// the report at the end reads back from the store only the runs earlier sessions made. Only the numbers are kept. (A
/// sweep that does not finish, cancelled or failing to record, makes no report.)
/// </summary>
public sealed class SweepReportCache
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SweepResults.Stored> _runs = new(StringComparer.Ordinal);
    private IReadOnlyList<string>? _headlines;
    private IReadOnlyList<object>?[]? _paths;

    /// <summary>A cache for the runs of <paramref name="plan"/>.</summary>
    public SweepReportCache(SweepPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        Plan = plan;
    }

    /// <summary>The plan whose runs these are.</summary>
    public SweepPlan Plan { get; }

    /// <summary>How many runs it holds.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _runs.Count;
            }
        }
    }

    /// <summary>
    /// Takes what the report needs of <paramref name="results"/>, runs just made. Thread-safe: each caller parses its own
    /// summaries (the runner's workers, each its run's), so taking them costs no thread but the one that made the run.
    /// </summary>
    public void Add(IReadOnlyList<SweepRunResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        foreach (var result in results)
        {
            var numbers = result.Summary is { } summary ? SummaryValues.Numbers(summary, Paths(summary)) : null;
            lock (_gate)
            {
                _runs[result.Hash] = new SweepResults.Stored(result.Status, result.Error, numbers);
            }
        }
    }

    // The report's paths, set from the first summary taken (every run of a sweep has the same headlines).
    private IReadOnlyList<object>?[] Paths(string summary)
    {
        if (Volatile.Read(ref _paths) is { } paths)
        {
            return paths;
        }

        lock (_gate)
        {
            if (_paths is null)
            {
                var (headlines, columns) = SweepResults.Columns(Plan, JsonNode.Parse(summary));
                _headlines = headlines;
                Volatile.Write(ref _paths, columns);
            }

            return _paths;
        }
    }

    // Copies the runs into `stored`; the headlines and paths when a done run set them, else the defaults given.
    internal (IReadOnlyList<string> Headlines, IReadOnlyList<object>?[]? Paths) CopyTo(Dictionary<string, SweepResults.Stored> stored, IReadOnlyList<string> headlines)
    {
        lock (_gate)
        {
            foreach (var (hash, run) in _runs)
            {
                stored[hash] = run;
            }

            return (_headlines ?? headlines, _paths);
        }
    }
}
