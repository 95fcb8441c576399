using Colossim.Units;

namespace Colossim.Cluster;

/// <summary>Mean, median and 99th percentile of a set of durations (nearest-rank percentiles); all zero when <see cref="Count"/> is 0.</summary>
/// <param name="Count">How many values, 0 or more.</param>
/// <param name="Mean">Their mean.</param>
/// <param name="P50">Their median (nearest rank).</param>
/// <param name="P99">Their 99th percentile (nearest rank).</param>
public sealed record DurationStats(int Count, Duration Mean, Duration P50, Duration P99)
{
    /// <summary>No values.</summary>
    public static DurationStats Empty { get; } = new(0, Duration.Zero, Duration.Zero, Duration.Zero);

    /// <summary>The statistics of <paramref name="values"/> (nanoseconds; sorted in place).</summary>
    public static DurationStats Of(long[] values, int count)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (count == 0)
        {
            return Empty;
        }

        Array.Sort(values, 0, count);
        double sum = 0;
        for (var i = 0; i < count; i++)
        {
            sum += values[i];
        }

        return new DurationStats(count, new Duration((long)Math.Round(sum / count)), new Duration(values[Rank(count, 0.50)]), new Duration(values[Rank(count, 0.99)]));
    }

    private static int Rank(int count, double q) => Math.Clamp((int)Math.Ceiling(q * count) - 1, 0, count - 1);
}

/// <summary>How many jobs ended which way. <see cref="Submitted"/> = <see cref="Completed"/> + <see cref="Failed"/> + <see cref="Running"/> + <see cref="Queued"/> + <see cref="Withdrawn"/>.</summary>
public sealed record JobCounts
{
    /// <summary>Jobs in the workload.</summary>
    public required int Submitted { get; init; }

    /// <summary>Jobs that ran to the end (CPU-only jobs included).</summary>
    public required int Completed { get; init; }

    /// <summary>Jobs rejected because they can never run (more GPUs than the cluster or than their tenant may ever use).</summary>
    public required int Failed { get; init; }

    /// <summary>Jobs preempted at least once.</summary>
    public required int Preempted { get; init; }

    /// <summary>Jobs interrupted by a failure at least once.</summary>
    public required int Interrupted { get; init; }

    /// <summary>Jobs still running when the simulation stopped (services, or at the horizon).</summary>
    public required int Running { get; init; }

    /// <summary>Jobs still waiting when the simulation stopped.</summary>
    public required int Queued { get; init; }

    /// <summary>
    /// Jobs that asked for no GPU and were not placed (counted complete at submission plus run time): CPU-only jobs without a
    /// CPU or memory request, or on a cluster whose inventory does not give CPUs. CPU-only pods that were placed count as
    /// the other jobs do.
    /// </summary>
    public required int CpuOnly { get; init; }

    /// <summary>Jobs withdrawn before they ever started, their <see cref="JobSpec.MaxWait"/> over (pods deleted while pending), 0 or more.</summary>
    public int Withdrawn { get; init; }

    /// <summary>Of <see cref="Queued"/>, the jobs that never started (waiting since their submission), 0 or more.</summary>
    public int NeverStarted { get; init; }
}

/// <summary>What one tenant got.</summary>
public sealed record TenantResult
{
    /// <summary>The tenant.</summary>
    public required string Name { get; init; }

    /// <summary>Its guaranteed share of the GPUs, 0 to 1.</summary>
    public required double EntitledShare { get; init; }

    /// <summary>The GPU-time it was allocated over the GPU-time of the cluster up to the end (makespan), 0 to 1.</summary>
    public required double ReceivedShare { get; init; }

    /// <summary>
    /// The GPU-time it was allocated over the GPU-time of the cluster while it had demand (at least one GPU job queued or
    /// running), 0 to 1; <see langword="null"/> when it never had any. Unlike <see cref="ReceivedShare"/>, the time when
    /// the tenant wanted nothing (before its first job, after its last) does not dilute it.
    /// </summary>
    public double? ReceivedShareWhileDemand { get; init; }

    /// <summary>Its jobs submitted.</summary>
    public required int Jobs { get; init; }

    /// <summary>Its jobs completed.</summary>
    public required int Completed { get; init; }

    /// <summary>Job completion time (end minus submission) of its completed GPU jobs.</summary>
    public required DurationStats Jct { get; init; }

    /// <summary>Queueing delay (first start minus submission) of its GPU jobs that started.</summary>
    public required DurationStats Queue { get; init; }

    /// <summary>
    /// Finish-time fairness (Themis' rho, tenant-level): the sum of its completed jobs' JCTs over the sum of their ideal
    /// JCTs on a private cluster of its entitled GPUs (run time, stretched by size / entitled GPUs when larger);
    /// at most 1 means sharing did not hurt it; <see langword="null"/> when it completed no GPU job or has no share.
    /// </summary>
    public double? FinishTimeFairness { get; init; }

    /// <summary>GPU-hours allocated to it.</summary>
    public required double GpuHours { get; init; }
}

/// <summary>Jobs of one size class (by GPUs requested).</summary>
public sealed record SizeClassResult
{
    /// <summary>The class, as a range of GPUs (<c>&lt;=1</c>, <c>2-8</c>, ...).</summary>
    public required string Label { get; init; }

    /// <summary>GPU jobs submitted in the class.</summary>
    public required int Jobs { get; init; }

    /// <summary>JCT of its completed jobs.</summary>
    public required DurationStats Jct { get; init; }

    /// <summary>Queueing delay of its started jobs.</summary>
    public required DurationStats Queue { get; init; }
}

/// <summary>Each tenant's share of the cluster's GPUs over time: mean allocated GPUs over all GPUs, per bucket of time.</summary>
public sealed record ShareSeries
{
    /// <summary>The width of each bucket; the first starts at time zero.</summary>
    public required Duration Bucket { get; init; }

    /// <summary>The tenants, in the order of <see cref="Shares"/>.</summary>
    public required IReadOnlyList<string> Tenants { get; init; }

    /// <summary>Per tenant, its share (0 to 1) in each bucket (the last one may cover less than a bucket).</summary>
    public required IReadOnlyList<IReadOnlyList<double>> Shares { get; init; }
}

/// <summary>Failures that struck, by kind.</summary>
/// <param name="Kind">The kind (gpu, node, switch, software).</param>
/// <param name="Count">How many struck a node that was up.</param>
public sealed record FailureCount(string Kind, int Count);

/// <summary>The result of a <see cref="ClusterSimulation"/>: what happened to the jobs, the GPUs and the tenants. Immutable.</summary>
public sealed record ScheduleResult
{
    /// <summary>The policy that scheduled.</summary>
    public required string Policy { get; init; }

    /// <summary>GPUs of the cluster.</summary>
    public required int Gpus { get; init; }

    /// <summary>Nodes of the cluster.</summary>
    public required int Nodes { get; init; }

    /// <summary>Jobs by outcome.</summary>
    public required JobCounts Jobs { get; init; }

    /// <summary>JCT of completed GPU jobs.</summary>
    public required DurationStats Jct { get; init; }

    /// <summary>Queueing delay of started GPU jobs.</summary>
    public required DurationStats Queue { get; init; }

    /// <summary>From time zero to the end of the simulation (the last event that mattered).</summary>
    public required Duration Makespan { get; init; }

    /// <summary>Allocated GPU-time over all GPUs times the makespan, 0 to 1.</summary>
    public required double AllocatedUtilization { get; init; }

    /// <summary>
    /// Allocated GPU-time between the first and the last submission over all GPUs times that window, 0 to 1: the
    /// steady state while jobs arrive, before the last ones drain; <see langword="null"/> when all jobs arrive at once.
    /// </summary>
    public double? ArrivalWindowUtilization { get; init; }

    /// <summary>GPU-time spent on work that was kept (not lost to failures, preemptions and restarts) over all GPUs times the makespan, 0 to 1.</summary>
    public required double BusyUtilization { get; init; }

    /// <summary>Allocated GPU-hours whose work was lost (rolled back to a checkpoint, or spent restarting).</summary>
    public required double LostGpuHours { get; init; }

    /// <summary>
    /// Fragmentation cost: GPU-hours free while the job the policy tried next could not be placed although the free
    /// capacity covered it (free GPUs on the wrong nodes, leaves or in part-used GPUs).
    /// </summary>
    public required double FragmentedGpuHours { get; init; }

    /// <summary>GPU-hours of nodes out of service for repair.</summary>
    public required double RepairGpuHours { get; init; }

    /// <summary>Preemptions (a job can be preempted more than once).</summary>
    public required int Preemptions { get; init; }

    /// <summary>Failures by kind.</summary>
    public required IReadOnlyList<FailureCount> Failures { get; init; }

    /// <summary>Per tenant, in the order given.</summary>
    public required IReadOnlyList<TenantResult> Tenants { get; init; }

    /// <summary>Per size class, smallest first.</summary>
    public required IReadOnlyList<SizeClassResult> BySize { get; init; }

    /// <summary>Each tenant's share over time.</summary>
    public required ShareSeries ShareOverTime { get; init; }

    /// <summary>Events the simulation processed.</summary>
    public required long Events { get; init; }

    /// <summary>Wall-clock seconds the simulation took (the only field that differs between two runs of the same input).</summary>
    public required double WallSeconds { get; init; }
}
