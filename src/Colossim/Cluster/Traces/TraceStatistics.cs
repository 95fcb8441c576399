using Colossim.Units;

namespace Colossim.Cluster.Traces;

/// <summary>Mean and percentiles of a set of durations (percentiles interpolated linearly between ranks, as numpy's default).</summary>
/// <param name="Count">Durations summarised, at least 1.</param>
/// <param name="Mean">The mean.</param>
/// <param name="P50">The median.</param>
/// <param name="P99">The 99th percentile.</param>
public sealed record DurationSummary(int Count, Duration Mean, Duration P50, Duration P99)
{
    /// <summary>The summary of <paramref name="values"/>; <see langword="null"/> when there are none.</summary>
    public static DurationSummary? Of(IReadOnlyList<Duration> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = new long[values.Count];
        double sum = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            sorted[i] = values[i].Nanoseconds;
            sum += sorted[i];
        }

        Array.Sort(sorted);
        return new DurationSummary(sorted.Length, Duration.FromNanoseconds(sum / sorted.Length), At(sorted, 0.5), At(sorted, 0.99));
    }

    private static Duration At(long[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return Duration.FromNanoseconds(sorted[low] + ((position - low) * (sorted[high] - sorted[low])));
    }
}

/// <summary>
/// What a job trace holds, as its publishers summarise it: jobs by GPUs requested, fractional jobs, by priority, by
/// outcome and by tenant, the span of submissions, the GPUs requested in all, the node inventory by GPU model, and the
/// queueing delay the trace itself recorded (scheduled − submitted). Computed by <see cref="Of"/>.
/// </summary>
public sealed record TraceStatistics
{
    /// <summary>Jobs in the trace.</summary>
    public required int Jobs { get; init; }

    /// <summary>Jobs by whole GPUs requested (0 for CPU-only jobs), in increasing GPU count.</summary>
    public required IReadOnlyDictionary<int, int> JobsByGpus { get; init; }

    /// <summary>Jobs using a fraction of one GPU (<see cref="JobSpec.GpuFraction"/> below 1).</summary>
    public required int FractionalJobs { get; init; }

    /// <summary>Jobs by priority class.</summary>
    public required IReadOnlyDictionary<PriorityClass, int> JobsByPriority { get; init; }

    /// <summary>Jobs by how they ended in the trace (jobs without an outcome are not counted).</summary>
    public required IReadOnlyDictionary<TraceOutcome, int> JobsByOutcome { get; init; }

    /// <summary>Jobs by tenant, in tenant-name order.</summary>
    public required IReadOnlyDictionary<string, int> JobsByTenant { get; init; }

    /// <summary>From the first submission to the last.</summary>
    public required Duration Span { get; init; }

    /// <summary>GPUs requested by all jobs together, in GPU-equivalents (a fractional job counts its fraction).</summary>
    public required double GpuRequests { get; init; }

    /// <summary>Nodes in the trace's inventory (0 when it has none).</summary>
    public required int Nodes { get; init; }

    /// <summary>GPUs in the trace's inventory.</summary>
    public required long NodeGpus { get; init; }

    /// <summary>Inventory GPUs by model (<c>unknown</c> for nodes without one), largest first, then by name; nodes without GPUs left out.</summary>
    public required IReadOnlyList<KeyValuePair<string, long>> NodeGpusByModel { get; init; }

    /// <summary>Nodes by GPUs per node, in increasing GPU count.</summary>
    public required IReadOnlyDictionary<int, int> NodesByGpus { get; init; }

    /// <summary>The queueing delay the trace recorded (scheduled − submitted) over the jobs it scheduled; <see langword="null"/> when it scheduled none.</summary>
    public DurationSummary? QueueDelay { get; init; }

    /// <summary>The statistics of <paramref name="trace"/>.</summary>
    public static TraceStatistics Of(JobTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var byGpus = new SortedDictionary<int, int>();
        var byPriority = new SortedDictionary<PriorityClass, int>();
        var byOutcome = new SortedDictionary<TraceOutcome, int>();
        var byTenant = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var fractional = 0;
        double requests = 0;
        var delays = new List<Duration>();
        Duration first = Duration.MaxValue, last = Duration.Zero;
        foreach (var job in trace.Jobs)
        {
            Add(byGpus, job.Gpus);
            Add(byPriority, job.Priority);
            Add(byTenant, job.Tenant);
            if (job.Outcome is { } outcome)
            {
                Add(byOutcome, outcome);
            }

            if (job.GpuFraction < 1)
            {
                fractional++;
            }

            requests += job.Gpus * job.GpuFraction;
            first = Duration.Min(first, job.Submit);
            last = Duration.Max(last, job.Submit);
            if (job.TraceScheduled is { } scheduled)
            {
                delays.Add(Duration.Max(Duration.Zero, scheduled - job.Submit));
            }
        }

        var byModel = new Dictionary<string, long>(StringComparer.Ordinal);
        var nodesByGpus = new SortedDictionary<int, int>();
        long nodeGpus = 0;
        foreach (var node in trace.Nodes)
        {
            nodeGpus += node.Gpus;
            Add(nodesByGpus, node.Gpus);
            if (node.Gpus > 0)
            {
                var model = node.GpuModel ?? "unknown";
                byModel[model] = byModel.GetValueOrDefault(model) + node.Gpus;
            }
        }

        return new TraceStatistics
        {
            Jobs = trace.Jobs.Count,
            JobsByGpus = byGpus,
            FractionalJobs = fractional,
            JobsByPriority = byPriority,
            JobsByOutcome = byOutcome,
            JobsByTenant = byTenant,
            Span = trace.Jobs.Count == 0 ? Duration.Zero : last - first,
            GpuRequests = requests,
            Nodes = trace.Nodes.Count,
            NodeGpus = nodeGpus,
            NodeGpusByModel = [.. byModel.OrderByDescending(x => x.Value).ThenBy(x => x.Key, StringComparer.Ordinal)],
            NodesByGpus = nodesByGpus,
            QueueDelay = DurationSummary.Of(delays),
        };
    }

    private static void Add<T>(SortedDictionary<T, int> counts, T key)
        where T : notnull => counts[key] = counts.GetValueOrDefault(key) + 1;
}
