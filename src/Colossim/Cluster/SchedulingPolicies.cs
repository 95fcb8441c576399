namespace Colossim.Cluster;

/// <summary>
/// The scheduling policies by name. A policy is a set of stages a scheduling pass runs in order: admission (can the
/// job ever run?), queue order, quota and borrowing (may its tenant use more?), placement (where does it fit?),
/// preemption (whom to evict for it?). Admission, quota (Kueue-style nominal shares with borrowing and lending limits)
/// and topology-aware placement are shared; the policies differ in queue order, backfill and preemption.
/// </summary>
public static class SchedulingPolicies
{
    /// <summary>Every policy name, in the order help lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["fifo", "fifo-backfill", "multifactor", "drf", "priority"];

    /// <summary>What each policy does, one line each, by name.</summary>
    public static IReadOnlyDictionary<string, string> Descriptions { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["fifo"] = "first come, first served; the head of the queue blocks the jobs behind it",
        ["fifo-backfill"] = "fifo with EASY backfill: later jobs start early when they do not delay the head's reservation",
        ["multifactor"] = "Slurm's multifactor priority (age, fair share with a 7-day half-life, size, QOS) with EASY backfill",
        ["drf"] = "dominant-resource fairness: the tenant with the smallest weighted share of the GPUs goes first",
        ["priority"] = "guaranteed before spot; a tenant under its share preempts spot jobs and borrowers after the preemption delay",
    };

    /// <summary>Whether <paramref name="name"/> is a policy.</summary>
    public static bool IsKnown(string? name) => name is not null && Names.Contains(name);

    internal static PolicyStages Create(string name, ClusterOptions options) => name switch
    {
        "fifo" => new PolicyStages(name, new FifoOrder(), Backfill: false, Preemption: false),
        "fifo-backfill" => new PolicyStages(name, new FifoOrder(), Backfill: true, Preemption: false),
        "multifactor" => new PolicyStages(name, new MultifactorOrder(options.FairShareHalfLife), Backfill: true, Preemption: false),
        "drf" => new PolicyStages(name, new DrfOrder(), Backfill: false, Preemption: false),
        "priority" => new PolicyStages(name, new PriorityClassOrder(), Backfill: false, Preemption: true),
        _ => throw new ArgumentException($"unknown policy '{name}'; expected one of {string.Join(", ", Names)}", nameof(name)),
    };
}

/// <summary>The stages of a policy: its queue order, and whether it backfills and preempts.</summary>
internal sealed record PolicyStages(string Name, IQueueOrder Order, bool Backfill, bool Preemption);

/// <summary>The queue-order stage: a key per queued job, lower first; ties go to the earlier submission.</summary>
internal interface IQueueOrder
{
    /// <summary>Whether keys change over time (then the queue is re-sorted every recompute interval).</summary>
    bool Dynamic { get; }

    /// <summary>Brings time-dependent state (decayed usage) up to <paramref name="now"/>; called before a re-sort.</summary>
    void Recompute(ClusterEngine engine, long now);

    /// <summary>The key of queued job <paramref name="job"/> at <paramref name="now"/>.</summary>
    double Key(ClusterEngine engine, int job, long now);
}

/// <summary>First come, first served.</summary>
internal sealed class FifoOrder : IQueueOrder
{
    public bool Dynamic => false;

    public void Recompute(ClusterEngine engine, long now)
    {
    }

    public double Key(ClusterEngine engine, int job, long now) => 0;
}

/// <summary>Guaranteed jobs before spot jobs, each first come, first served.</summary>
internal sealed class PriorityClassOrder : IQueueOrder
{
    public bool Dynamic => false;

    public void Recompute(ClusterEngine engine, long now)
    {
    }

    public double Key(ClusterEngine engine, int job, long now) => engine.IsSpot(job) ? 1 : 0;
}

/// <summary>Dominant-resource fairness over one resource (GPUs): the tenant with the smallest weighted share in use first.</summary>
internal sealed class DrfOrder : IQueueOrder
{
    public bool Dynamic => true;

    public void Recompute(ClusterEngine engine, long now)
    {
    }

    public double Key(ClusterEngine engine, int job, long now)
    {
        var t = engine.TenantOf(job);
        return engine.TenantUsage(t) / engine.Gpus / engine.TenantWeight(t);
    }
}

/// <summary>
/// Slurm's multifactor priority (priority/multifactor): W_age·age + W_fairshare·fairshare + W_size·size + W_qos·qos,
/// each factor in [0, 1]. Age: time waiting over 7 days (PriorityMaxAge), capped at 1. Fair share (classic):
/// 2^(-U/S), U the tenant's share of decayed usage (half-life <see cref="ClusterOptions.FairShareHalfLife"/>), S its
/// normalised share. Size: GPUs over the cluster's (Slurm favours large jobs by default). QOS: 1 guaranteed, 0 spot.
/// Weights (this project's choice; Slurm ships them at 0): age 1000, fair share 10000, size 1000, QOS 2000.
/// </summary>
internal sealed class MultifactorOrder(Units.Duration halfLife) : IQueueOrder
{
    private const double AgeWeight = 1000;
    private const double FairShareWeight = 10000;
    private const double SizeWeight = 1000;
    private const double QosWeight = 2000;
    private static readonly double MaxAgeNs = 7 * 24 * 3600e9;

    private double[] _decayed = [];
    private double[] _lastIntegral = [];
    private long _last;

    public bool Dynamic => true;

    public void Recompute(ClusterEngine engine, long now)
    {
        var tenants = engine.TenantCount;
        if (_decayed.Length != tenants)
        {
            _decayed = new double[tenants];
            _lastIntegral = new double[tenants];
        }

        var decay = Math.Pow(2, -(now - _last) / (double)halfLife.Nanoseconds);
        for (var t = 0; t < tenants; t++)
        {
            var integral = engine.TenantGpuSeconds(t);
            _decayed[t] = (_decayed[t] * decay) + (integral - _lastIntegral[t]);
            _lastIntegral[t] = integral;
        }

        _last = now;
    }

    public double Key(ClusterEngine engine, int job, long now)
    {
        var t = engine.TenantOf(job);
        double total = 0;
        foreach (var d in _decayed)
        {
            total += d;
        }

        var usage = total > 0 && t < _decayed.Length ? _decayed[t] / total : 0;
        var share = engine.NormalisedShare(t);
        var fairShare = share > 0 ? Math.Pow(2, -usage / share) : 0;
        var age = Math.Min(1, (now - engine.SubmitOf(job)) / MaxAgeNs);
        var size = Math.Min(1, engine.GpusOf(job) / (double)engine.Gpus);
        var qos = engine.IsSpot(job) ? 0 : 1;
        return -((AgeWeight * age) + (FairShareWeight * fairShare) + (SizeWeight * size) + (QosWeight * qos));
    }
}
