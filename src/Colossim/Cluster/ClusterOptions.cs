using Colossim.Units;

namespace Colossim.Cluster;

/// <summary>How a <see cref="ClusterSimulation"/> schedules: the policy, checkpoints, failures and limits. Immutable.</summary>
public sealed record ClusterOptions
{
    /// <summary>The scheduling policy, one of <see cref="SchedulingPolicies.Names"/>; default <c>fifo</c>.</summary>
    public string Policy { get; init; } = "fifo";

    /// <summary>The seed of the simulation's random streams (failures), 0 or more.</summary>
    public long Seed { get; init; }

    /// <summary>How long a guaranteed job of a tenant under its share waits before it preempts borrowers (policy <c>priority</c>); default 5 minutes.</summary>
    public Duration PreemptionDelay { get; init; } = Duration.FromSeconds(300);

    /// <summary>Run time between two checkpoints of a job; an interrupted job restarts from its last one. Zero: no work is lost. Default 30 minutes.</summary>
    public Duration CheckpointInterval { get; init; } = Duration.FromSeconds(1800);

    /// <summary>Time a restarted job spends before it makes progress again (relaunch, reload the checkpoint); default 10 minutes.</summary>
    public Duration RestartOverhead { get; init; } = Duration.FromSeconds(600);

    /// <summary>Failure rates and repair times; <see langword="null"/>: no failures.</summary>
    public ClusterFailures? Failures { get; init; }

    /// <summary>The widest topology level placement keeps a job in when it fits one unit of it; default <see cref="TopologyLevel.Leaf"/>.</summary>
    public TopologyLevel Locality { get; init; } = TopologyLevel.Leaf;

    /// <summary>Whether <see cref="Locality"/> is required (a job that fits one unit waits for one) or preferred (it spreads when none has room); default preferred.</summary>
    public bool LocalityRequired { get; init; }

    /// <summary>The most queued jobs one scheduling pass looks at (Slurm's <c>default_queue_depth</c>, 100), at least 1.</summary>
    public int QueueDepth { get; init; } = 100;

    /// <summary>The most jobs behind a blocked head that backfill tries per pass (Slurm's <c>bf_max_job_test</c>, 100), at least 1.</summary>
    public int BackfillDepth { get; init; } = 100;

    /// <summary>How often priorities are recomputed (Slurm's <c>PriorityCalcPeriod</c>, 5 minutes), above zero.</summary>
    public Duration RecomputeInterval { get; init; } = Duration.FromSeconds(300);

    /// <summary>Half-life of the usage behind fair share (Slurm's <c>PriorityDecayHalfLife</c>, 7 days), above zero.</summary>
    public Duration FairShareHalfLife { get; init; } = Duration.FromHours(7 * 24);

    /// <summary>
    /// When the simulation stops at the latest, from time zero; <see langword="null"/>: when every job with a run time has
    /// ended (services are then counted as running), or a year after the last submission, whichever comes first.
    /// </summary>
    public Duration? Horizon { get; init; }
}
