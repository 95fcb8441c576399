using Colossim.Units;

namespace Colossim.Cluster;

/// <summary>What a job is to the scheduler: it decides gang semantics and elasticity.</summary>
public enum JobKind
{
    /// <summary>A gang-scheduled job (a training run): all its GPUs start together or none do.</summary>
    Training,

    /// <summary>An elastic inference deployment: runs between <see cref="JobSpec.MinGpus"/> and <see cref="JobSpec.Gpus"/> GPUs, scaling with load and what is free.</summary>
    Inference,

    /// <summary>A single-node or fractional-GPU job (an experiment, a notebook, a batch task).</summary>
    Batch,
}

/// <summary>The priority class of a job, as Kueue's workload priority classes and Slurm's QOS.</summary>
public enum PriorityClass
{
    /// <summary>Runs within its tenant's guaranteed share; may preempt borrowers and spot jobs to get it.</summary>
    Guaranteed,

    /// <summary>Preemptible: runs on idle capacity and is the first to be preempted.</summary>
    Spot,
}

/// <summary>How a job ended in the trace it was read from (for validation against the trace's own statistics).</summary>
public enum TraceOutcome
{
    /// <summary>Finished successfully.</summary>
    Succeeded,

    /// <summary>Failed or was killed.</summary>
    Failed,

    /// <summary>Still running when the trace ends.</summary>
    Running,

    /// <summary>Never scheduled in the trace.</summary>
    Pending,
}

/// <summary>
/// One job as the scheduler sees it, from a trace reader, a scenario's <c>jobs</c> section or a synthetic arrival
/// process. Immutable; a reader fills what its format carries and leaves the rest at the defaults.
/// </summary>
public sealed record JobSpec
{
    /// <summary>Identifier, unique within one workload (the trace's job or pod name).</summary>
    public required string Id { get; init; }

    /// <summary>The tenant the job belongs to (its virtual cluster, user group or partner).</summary>
    public required string Tenant { get; init; }

    /// <summary>Submission time, from the start of the workload (zero or later).</summary>
    public required Duration Submit { get; init; }

    /// <summary>Whole GPUs requested, zero or more (zero: a CPU-only job, which the GPU scheduler counts but never places).</summary>
    public required int Gpus { get; init; }

    /// <summary>
    /// The share of one GPU a fractional job uses, in (0, 1]; below 1 only when <see cref="Gpus"/> is 1 (GPU-sharing pods, as
    /// Alibaba's <c>gpu_milli</c> / 1000).
    /// </summary>
    public double GpuFraction { get; init; } = 1;

    /// <summary>
    /// Run time at its full allocation, without interruptions; <see langword="null"/> for a service that runs until the end of
    /// the simulation (a pod still running when its trace ends).
    /// </summary>
    public Duration? Runtime { get; init; }

    /// <summary>Training (gang), inference (elastic) or batch.</summary>
    public JobKind Kind { get; init; } = JobKind.Batch;

    /// <summary>Guaranteed or spot.</summary>
    public PriorityClass Priority { get; init; } = PriorityClass.Guaranteed;

    /// <summary>The fewest GPUs an elastic (inference) job runs on; 0 means <see cref="Gpus"/> (not elastic).</summary>
    public int MinGpus { get; init; }

    /// <summary>
    /// GPU models the job may run on (any when empty), as Alibaba's <c>gpu_spec</c>. Honoured when the cluster's nodes say
    /// their models (<see cref="ClusterShape.Inventory"/>): the job is placed only on nodes of these models.
    /// </summary>
    public IReadOnlyList<string> GpuModels { get; init; } = [];

    /// <summary>
    /// CPU the job requests on its node, in milli-cores (1000 = one core), 0 or more; 0: none. Honoured when the cluster's
    /// nodes say their CPUs (<see cref="ClusterShape.Inventory"/>): a job with a CPU or memory request is a pod and runs on
    /// one node whose free CPU and memory cover it; a CPU-only job (no GPU) with a request is placed on such a node.
    /// </summary>
    public long CpuMilli { get; init; }

    /// <summary>Memory the job requests on its node, in MiB, 0 or more; 0: none. Honoured as <see cref="CpuMilli"/>.</summary>
    public long MemoryMib { get; init; }

    /// <summary>
    /// The longest the job waits for its first start: a job not started by <see cref="Submit"/> + this is withdrawn (a pod
    /// deleted while pending) and counted apart; zero or more; <see langword="null"/>: it waits as long as it takes.
    /// </summary>
    public Duration? MaxWait { get; init; }

    /// <summary>How the job ended in its trace, when it came from one.</summary>
    public TraceOutcome? Outcome { get; init; }

    /// <summary>When the trace scheduled it (from the start of the workload), when it came from a trace that says.</summary>
    public Duration? TraceScheduled { get; init; }
}

/// <summary>
/// A tenant sharing the cluster, as a Kueue cluster queue in a cohort: a guaranteed (nominal) share, limits on what it
/// borrows from and lends to the others, and a fair-share weight.
/// </summary>
public sealed record TenantSpec
{
    /// <summary>The tenant's name.</summary>
    public required string Name { get; init; }

    /// <summary>Guaranteed (nominal) share of the cluster's GPUs, in [0, 1]; the shares of all tenants add up to at most 1.</summary>
    public required double Share { get; init; }

    /// <summary>The most it may borrow beyond its share, as a share of the cluster in [0, 1]; <see langword="null"/>: no limit.</summary>
    public double? BorrowingLimit { get; init; }

    /// <summary>The most of its own share it lends to others when idle, as a share of the cluster in [0, 1]; <see langword="null"/>: all of it.</summary>
    public double? LendingLimit { get; init; }

    /// <summary>Fair-share weight, above zero (Slurm's fair-share shares, DRF weights).</summary>
    public double Weight { get; init; } = 1;
}

/// <summary>One node of a cluster's inventory (from a trace's node list, or planned from a site).</summary>
/// <param name="Id">The node's name.</param>
/// <param name="Gpus">GPUs on the node, zero or more.</param>
/// <param name="GpuModel">The node's GPU model, when known (a catalog id or the trace's own code).</param>
public sealed record NodeSpec(string Id, int Gpus, string? GpuModel)
{
    /// <summary>CPU of the node in milli-cores (1000 = one core), 0 or more; 0: not known (no CPU limit).</summary>
    public long CpuMilli { get; init; }

    /// <summary>Memory of the node in MiB, 0 or more; 0: not known (no memory limit).</summary>
    public long MemoryMib { get; init; }
}

/// <summary>
/// A workload read from a trace: its jobs in submission order, the tenants the trace names (equal shares unless the
/// trace or a tenants file says otherwise) and the node inventory when the trace carries one.
/// </summary>
/// <param name="Jobs">Jobs sorted by submission time.</param>
/// <param name="Tenants">Tenants named by the jobs.</param>
/// <param name="Nodes">The cluster's nodes, when the trace has a node list; empty otherwise.</param>
public sealed record JobTrace(IReadOnlyList<JobSpec> Jobs, IReadOnlyList<TenantSpec> Tenants, IReadOnlyList<NodeSpec> Nodes);
