using Colossim.Units;

namespace Colossim.Serving;

/// <summary>How a replica forms each iteration's batch.</summary>
public enum SchedulerKind
{
    /// <summary>
    /// Continuous batching with a token budget and chunked prefill (vLLM V1, Sarathi-Serve): every running request's
    /// decode token first, then prompt chunks of running and waiting requests, first come first served, until the
    /// budget or the batch cap is reached.
    /// </summary>
    Continuous,

    /// <summary>
    /// Prefill-first continuous batching (vLLM V0): an iteration is either whole prompts of waiting requests (the
    /// budget counting every prompt at the longest's length) or one decode token for every running request.
    /// </summary>
    PrefillFirst,

    /// <summary>Static batching (FasterTransformer): a batch is admitted when the replica is empty and runs until its last request ends; finished requests keep their slot.</summary>
    Static,
}

/// <summary>How much of the KV cache a request takes when it is admitted.</summary>
public enum KvAdmission
{
    /// <summary>Blocks as its tokens arrive (vLLM); when the cache is full, the latest admitted request is preempted and recomputed later.</summary>
    Greedy,

    /// <summary>Blocks for its prompt and every output token at admission (TensorRT-LLM's guaranteed-no-evict): never preempted, fewer admitted.</summary>
    Reserve,
}

/// <summary>Which replica a request goes to.</summary>
public enum RouterKind
{
    /// <summary>Replicas in turn.</summary>
    RoundRobin,

    /// <summary>The replica with the fewest outstanding tokens (prompt tokens not yet processed plus output tokens not yet generated); ties to the lowest index.</summary>
    LeastOutstandingTokens,

    /// <summary>
    /// Prefix affinity (<see cref="PrefixAffinity"/>): the replica whose prefix cache holds the longest prefix of the
    /// request's prompt, unless it is overloaded against the least loaded replica, then as least outstanding tokens.
    /// Needs prefix caching (<see cref="ServingSetup.PrefixBlockTokens"/>).
    /// </summary>
    Affinity,
}

/// <summary>How requests enter: at their arrival times (open loop), or from a fixed number of clients (closed loop).</summary>
public enum LoadMode
{
    /// <summary>Requests arrive at their own times (a trace, a rate, or all at time zero for offline runs).</summary>
    Open,

    /// <summary>N clients each send their next request when their previous one completes or is rejected.</summary>
    Closed,
}

/// <summary>One replica's engine: how it batches and how much KV cache it has.</summary>
public sealed record ReplicaEngine
{
    /// <summary>Iteration times.</summary>
    public required StepTimeTable Steps { get; init; }

    /// <summary>The batching policy.</summary>
    public SchedulerKind Scheduler { get; init; } = SchedulerKind.Continuous;

    /// <summary>KV-cache blocks of the replica, at least 1.</summary>
    public required long KvBlocks { get; init; }

    /// <summary>Tokens per KV-cache block, 1 to 1,024 (vLLM: 16).</summary>
    public int BlockSize { get; init; } = 16;

    /// <summary>Prompt and decode tokens one iteration may process, at least 1 (vLLM's max_num_batched_tokens).</summary>
    public int TokenBudget { get; init; } = 8192;

    /// <summary>Requests one iteration may hold, at least 1 (vLLM's max_num_seqs).</summary>
    public int MaxBatch { get; init; } = 256;

    /// <summary>How requests take KV-cache blocks (default greedy, as vLLM); static batching always reserves.</summary>
    public KvAdmission Admission { get; init; } = KvAdmission.Greedy;

    /// <summary>Pipeline stages the iteration passes through one after another (no micro-batch overlap), at least 1.</summary>
    public int PipelineStages { get; init; } = 1;
}

/// <summary>Everything one serving simulation needs, resolved and checked (see <see cref="ServeRequest"/>).</summary>
public sealed record ServingSetup
{
    /// <summary>The engine of every replica.</summary>
    public required ReplicaEngine Engine { get; init; }

    /// <summary>Replicas, at least 1.</summary>
    public required int Replicas { get; init; }

    /// <summary>GPUs per replica (tp × ep × pp), at least 1.</summary>
    public required int GpusPerReplica { get; init; }

    /// <summary>How requests are spread over replicas.</summary>
    public RouterKind Router { get; init; } = RouterKind.RoundRobin;

    /// <summary>The requests: arrival times (ignored in closed loop) and lengths.</summary>
    public required IReadOnlyList<TraceRequest> Requests { get; init; }

    /// <summary>Open or closed loop.</summary>
    public LoadMode Mode { get; init; } = LoadMode.Open;

    /// <summary>Clients of a closed loop, at least 1.</summary>
    public int Concurrency { get; init; } = 1;

    /// <summary>Latency targets for SLO attainment; <see langword="null"/> for none (every completed request attains).</summary>
    public Slo? Slo { get; init; }

    /// <summary>Price of one GPU-hour.</summary>
    public Usd UsdPerGpuHour { get; init; }

    /// <summary>Board power of one GPU while its replica has no iteration to run (the power model's idle), for energy.</summary>
    public Watts IdlePowerPerGpu { get; init; }

    /// <summary>One GPU's share of the rest of its server (CPUs, NICs, fans) while the replica runs iterations; zero for board energy only.</summary>
    public Watts RestBusyPowerPerGpu { get; init; }

    /// <summary>One GPU's share of the rest of its server while the replica is idle; zero for board energy only.</summary>
    public Watts RestIdlePowerPerGpu { get; init; }

    /// <summary>The facility's power usage effectiveness (facility power over IT power), 1 to 3; 1 for IT energy only.</summary>
    public double Pue { get; init; } = 1;

    /// <summary>The step model the table was built from (for tests); <see langword="null"/> when the setup was built directly.</summary>
    internal Colossim.Performance.StepModel? StepModel { get; init; }

    /// <summary>One event per iteration, never a decode run (for tests: the two must give the same result).</summary>
    internal bool SingleSteps { get; init; }

    /// <summary>One simulation for every replica, never shards in parallel (for tests: the two must give the same result).</summary>
    internal bool OneShard { get; init; }

    /// <summary>
    /// Replicas actually simulated, 1 to <see cref="Replicas"/>, when <see cref="Requests"/> holds only their share of
    /// the fleet's traffic (<see cref="ServingSample.RoundRobinShare"/>): the run's counts, tokens and energy are scaled
    /// up by <see cref="Replicas"/> over this; <see langword="null"/> (the default) simulates every replica.
    /// </summary>
    public int? SampledReplicas { get; init; }

    /// <summary>
    /// The first replicas, 0 (the default: none) to 1,024, whose iterations are recorded in
    /// <see cref="ServingResult.Timeline"/>; each keeps its first <see cref="MaxTimelineIterations"/> ÷ this many.
    /// </summary>
    public int TimelineReplicas { get; init; }

    /// <summary>Iterations a timeline holds at most, over all its replicas: 200,000 (about 30 MB of Chrome trace).</summary>
    public const int MaxTimelineIterations = 200_000;

    /// <summary>What was deployed, for the report; <see langword="null"/> when the setup was built directly.</summary>
    public ServeDeployment? Deployment { get; init; }

    /// <summary>
    /// A prefill pool and a decode pool with the KV transfer between them (Splitwise, DistServe): their replicas add up
    /// to <see cref="Replicas"/>; <see langword="null"/> (the default) for colocated replicas that run both phases.
    /// </summary>
    public Disaggregation? Disaggregation { get; init; }

    /// <summary>
    /// Prefix caching: tokens per hash block of the requests' <see cref="TraceRequest.HashIds"/> (512 for Mooncake), a
    /// multiple of the engine's block size, when each replica keeps the KV of full prompt blocks for reuse
    /// (<see cref="PrefixCache"/>); 0 (the default) for none. Needs the continuous or prefill-first scheduler.
    /// </summary>
    public int PrefixBlockTokens { get; init; }

    /// <summary>Checks every replica's KV-block conservation before each iteration and throws when it fails (for tests).</summary>
    internal bool CheckBlocks { get; init; }
}
