using Colossim.Units;

namespace Colossim.Cluster.Traces;

/// <summary>One job as a reader found it, with times in the trace's own seconds (any origin).</summary>
internal readonly record struct RawJob
{
    public required string Id { get; init; }

    public required string Tenant { get; init; }

    public required double Submit { get; init; }

    public double? Scheduled { get; init; }

    public double? End { get; init; }

    /// <summary>Seconds run, when the trace gives it directly rather than as <see cref="End"/> minus <see cref="Scheduled"/>.</summary>
    public double? RunSeconds { get; init; }

    public required int Gpus { get; init; }

    public double Fraction { get; init; }

    public PriorityClass Priority { get; init; }

    public TraceOutcome Outcome { get; init; }

    public IReadOnlyList<string> Models { get; init; }

    /// <summary>
    /// The run time is known although the outcome is running or pending (Alibaba 2023 keeps the last phase of a deleted
    /// pod: a running one ran until <see cref="End"/>; a pending one is given <see cref="RunSeconds"/>).
    /// </summary>
    public bool RunKnown { get; init; }

    /// <summary>Seconds the job waited at most, from its submission to its withdrawal, when the trace says.</summary>
    public double? MaxWaitSeconds { get; init; }

    /// <summary>CPU requested in milli-cores, 0 when the trace does not say.</summary>
    public long CpuMilli { get; init; }

    /// <summary>Memory requested in MiB, 0 when the trace does not say.</summary>
    public long MemoryMib { get; init; }
}

/// <summary>
/// Turns the jobs a reader found into a <see cref="JobTrace"/>: times made relative to the earliest submission, jobs
/// sorted by submission (ties in file order), a job of more than one GPU gang-scheduled (<see cref="JobKind.Training"/>)
/// and the others <see cref="JobKind.Batch"/>, the run time from its scheduling to its end (none while still running),
/// and the tenants the jobs name, in name order, with equal shares.
/// </summary>
internal static class TraceBuilder
{
    /// <summary>
    /// The latest time a trace may hold, in seconds from its own origin or from 1970 for dated traces: 200 years, inside
    /// <see cref="Duration"/>'s range, so every difference of two times is a valid duration.
    /// </summary>
    public const double MaxSeconds = 200 * 365.25 * 86400;

    public static JobTrace Build(List<RawJob> raw, IReadOnlyList<NodeSpec> nodes)
    {
        var origin = double.PositiveInfinity;
        foreach (var job in raw)
        {
            origin = Math.Min(origin, job.Submit);
        }

        var order = new int[raw.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        // Stable: equal submission times keep the file's order.
        Array.Sort(order, (a, b) => raw[a].Submit != raw[b].Submit ? raw[a].Submit.CompareTo(raw[b].Submit) : a.CompareTo(b));
        var jobs = new JobSpec[raw.Count];
        var tenants = new SortedSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < order.Length; i++)
        {
            var r = raw[order[i]];
            tenants.Add(r.Tenant);
            Duration? runtime = null;
            if (r.Outcome is not (TraceOutcome.Running or TraceOutcome.Pending) || r.RunKnown)
            {
                if (r.RunSeconds is { } run)
                {
                    runtime = Duration.FromSeconds(Math.Max(0, run));
                }
                else if (r.Scheduled is { } s && r.End is { } e)
                {
                    runtime = Duration.FromSeconds(Math.Max(0, e - s));
                }
            }

            jobs[i] = new JobSpec
            {
                Id = r.Id,
                Tenant = r.Tenant,
                Submit = Duration.FromSeconds(r.Submit - origin),
                Gpus = r.Gpus,
                GpuFraction = r.Fraction is > 0 and < 1 && r.Gpus == 1 ? r.Fraction : 1,
                Runtime = runtime,
                Kind = r.Gpus > 1 ? JobKind.Training : JobKind.Batch,
                Priority = r.Priority,
                GpuModels = r.Models ?? [],
                CpuMilli = r.CpuMilli,
                MaxWait = r.MaxWaitSeconds is { } wait ? Duration.FromSeconds(Math.Max(0, wait)) : null,
                MemoryMib = r.MemoryMib,
                Outcome = r.Outcome,
                TraceScheduled = r.Scheduled is { } scheduled && r.Outcome != TraceOutcome.Pending ? Duration.FromSeconds(Math.Max(0, scheduled - origin)) : null,
            };
        }

        var share = tenants.Count == 0 ? 0 : 1.0 / tenants.Count;
        return new JobTrace(jobs, [.. tenants.Select(t => new TenantSpec { Name = t, Share = share })], nodes);
    }
}
