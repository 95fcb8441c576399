using System.Globalization;
using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Facility;
using Colossim.Network;
using Colossim.Performance;
using Colossim.Simulation;
using Colossim.Units;

namespace Colossim.Serving;

/// <summary>What was deployed, as the report names it.</summary>
public sealed record ServeDeployment
{
    /// <summary>The model's catalog name.</summary>
    public required string Model { get; init; }

    /// <summary>The GPU's catalog id.</summary>
    public required string Gpu { get; init; }

    /// <summary>Tensor-parallel degree.</summary>
    public required int Tp { get; init; }

    /// <summary>Pipeline stages.</summary>
    public required int Pp { get; init; }

    /// <summary>Expert-parallel degree: the replica's attention ranks, each of tp GPUs, over which every MoE layer's experts are divided; 1 for none.</summary>
    public int Ep { get; init; } = 1;

    /// <summary>Weights held by one GPU of the replica (its pipeline stage's layers, its share of the experts and of the tensor-parallel split).</summary>
    public Bytes WeightsPerGpu { get; init; }

    /// <summary>GEMM data type as written (bf16, fp8).</summary>
    public required string Dtype { get; init; }

    /// <summary>KV-cache data type as written (bf16, fp8).</summary>
    public string KvDtype { get; init; } = "bf16";

    /// <summary>KV-cache blocks per replica.</summary>
    public required long KvBlocks { get; init; }

    /// <summary>KV-cache bytes per token on one GPU.</summary>
    public required Bytes KvBytesPerToken { get; init; }

    /// <summary>Where the GPU-hour price comes from: <c>planner</c> (the facility planner's cost of a used GPU-hour) or <c>option</c>.</summary>
    public required string PriceSource { get; init; }

    /// <summary>Entries of the step-time table.</summary>
    public required int StepTableEntries { get; init; }

    /// <summary>What the traffic was, in words.</summary>
    public required string Traffic { get; init; }
}

/// <summary>
/// The options of <c>colossim serve</c>, as a person gives them: <see cref="Resolve"/> checks every one and reports each
/// mistake at the option's name (<c>--tp</c>), then builds the replicas, their step-time table, KV cache and traffic.
/// </summary>
public sealed partial record ServeRequest
{
    /// <summary>The most GPUs a run may have: 10,000,000.</summary>
    public const long MaxGpus = 10_000_000;

    /// <summary>The most requests a run may simulate: 10,000,000.</summary>
    public const int MaxRequests = 10_000_000;

    /// <summary>The most requests a sampled fleet may be sent (of which at most <see cref="MaxRequests"/> are simulated): 2,000,000,000.</summary>
    public const int MaxFleetRequests = 2_000_000_000;

    /// <summary>Model: a catalog name or a YAML file; required.</summary>
    public string? Model { get; init; }

    /// <summary>GPU: a catalog id or a YAML file; required.</summary>
    public string? Gpu { get; init; }

    /// <summary>GPUs in all, 1 to <see cref="MaxGpus"/>, a multiple of tp × ep × pp; required.</summary>
    public long? Gpus { get; init; }

    /// <summary>Tensor-parallel degree, 1 to 1,024, dividing the model's heads.</summary>
    public int Tp { get; init; } = 1;

    /// <summary>Pipeline stages, 1 to the model's layers.</summary>
    public int Pp { get; init; } = 1;

    /// <summary>
    /// Expert-parallel degree, 1 to 1,024: 1 for a dense model, else a divisor of the model's experts. A replica has
    /// tp × ep × pp GPUs: each MoE layer's experts are divided over its ep ranks with two all-to-alls per MoE layer,
    /// and attention runs data-parallel over them (<see cref="Sharding"/>), each rank of tp GPUs with its own
    /// sequences, its own <see cref="MaxBatch"/>, <see cref="TokenBudget"/> and KV cache.
    /// </summary>
    public int Ep { get; init; } = 1;

    /// <summary>
    /// Mixture of experts: the busiest expert's tokens over the mean in every iteration, 1 (balanced routing, the
    /// default) to experts ÷ top-k (<see cref="StepModel.MaxHotExpertLoad"/>); 1 for a dense model.
    /// </summary>
    public double HotExpertLoad { get; init; } = 1;

    /// <summary>GEMM data type: bf16, fp16, fp8 or fp4.</summary>
    public string Dtype { get; init; } = "bf16";

    /// <summary>KV-cache data type: bf16 or fp8 (half the bytes per cached token, in capacity and in decode attention's reads).</summary>
    public string KvDtype { get; init; } = "bf16";

    /// <summary>Scheduler: continuous, prefill-first or static.</summary>
    public string Scheduler { get; init; } = "continuous";

    /// <summary>KV admission: greedy (vLLM: blocks as tokens come, preemption when full) or reserve (TensorRT-LLM: prompt and output reserved at admission).</summary>
    public string KvAdmission { get; init; } = "greedy";

    /// <summary>Router: round-robin or least-outstanding-tokens.</summary>
    public string Router { get; init; } = "round-robin";

    /// <summary>A trace file to replay.</summary>
    public string? Trace { get; init; }

    /// <summary>The trace's format: azure or mooncake.</summary>
    public string TraceFormat { get; init; } = "azure";

    /// <summary>A factor on the trace's request rate, above 0 and at most 1,000,000 (2 replays it twice as fast).</summary>
    public double RateScale { get; init; } = 1;

    /// <summary>Requests per second, above 0 and at most 1,000,000 (open loop).</summary>
    public double? Rate { get; init; }

    /// <summary>Mean prompt tokens, 1 to 1,048,576.</summary>
    public int? InputLen { get; init; }

    /// <summary>Mean output tokens, 1 to 1,048,576.</summary>
    public int? OutputLen { get; init; }

    /// <summary>How lengths spread: fixed, uniform or log-normal.</summary>
    public string Lengths { get; init; } = "fixed";

    /// <summary>The spread of lengths: half-width over the mean (uniform, 0 to 1) or coefficient of variation (log-normal, 0 to 10).</summary>
    public double LengthSpread { get; init; } = 0.5;

    /// <summary>How generated requests arrive: poisson, gamma or constant.</summary>
    public string Arrival { get; init; } = "poisson";

    /// <summary>The coefficient of variation of gamma gaps, above 0 and at most 100.</summary>
    public double Burstiness { get; init; } = 1;

    /// <summary>Requests to generate (rate, concurrency, offline), 1 to <see cref="MaxRequests"/>; default 1,000.</summary>
    public int? Requests { get; init; }

    /// <summary>Closed-loop clients, 1 to 1,000,000.</summary>
    public int? Concurrency { get; init; }

    /// <summary>
    /// Replicas to simulate, 1 to the fleet's replicas, with exactly the requests round-robin routing sends them; the
    /// fleet's totals are scaled up from theirs (<see cref="ServingSetup.SampledReplicas"/>). Open-loop traffic only;
    /// <see langword="null"/> (the default) simulates every replica.
    /// </summary>
    public int? SampleReplicas { get; init; }

    /// <summary>
    /// A file to write the timeline of the first <see cref="TimelineReplicas"/> replicas' iterations to (a Chrome trace,
    /// written by the caller from <see cref="ServingResult.Timeline"/>); <see langword="null"/> for none.
    /// </summary>
    public string? Timeline { get; init; }

    /// <summary>Replicas a timeline shows: the first 16 (or fewer when fewer are simulated).</summary>
    public const int TimelineReplicas = 16;

    /// <summary><c>offline</c>: every request at time zero (MLPerf Offline); <c>online</c> (the default): at their times.</summary>
    public string? Mode { get; init; }

    /// <summary>The time-to-first-token target, a duration such as 2s.</summary>
    public string? SloTtft { get; init; }

    /// <summary>The time-per-output-token target, a duration such as 200ms.</summary>
    public string? SloTpot { get; init; }

    /// <summary>The seed of the generated traffic, 0 to 2^53.</summary>
    public long Seed { get; init; }

    /// <summary>The price of a GPU-hour in dollars, 0 to 1,000,000; default the facility planner's.</summary>
    public double? UsdPerGpuHour { get; init; }

    /// <summary>Requests one iteration may hold, 1 to 65,536 (per attention rank with <see cref="Ep"/> above 1).</summary>
    public int MaxBatch { get; init; } = 256;

    /// <summary>Tokens one iteration may process, 1 to 1,048,576 (per attention rank with <see cref="Ep"/> above 1).</summary>
    public int TokenBudget { get; init; } = 8192;

    /// <summary>Tokens per KV-cache block, 1 to 1,024.</summary>
    public int BlockSize { get; init; } = 16;

    /// <summary>Share of HBM the engine may use (weights, activations and KV cache), above 0 and at most 1.</summary>
    public double GpuMemoryUtilization { get; init; } = 0.9;

    /// <summary>The kernels of the tensor-parallel all-reduces: the engine's in-graph kernels (the default) or NCCL only (<see cref="TensorParallelAllReduce"/>).</summary>
    public TensorParallelAllReduce AllReduce { get; init; } = TensorParallelAllReduce.InGraph;

    /// <summary>
    /// Search the deployment (<see cref="DeploymentSearch.Run"/>: tp, pp, replicas, scheduler) for generated traffic:
    /// without an SLO the most output tokens per second; with one and no <see cref="Rate"/> the highest Poisson rate
    /// meeting it (the requests generated at 1 per second); with a rate the cheapest deployment carrying it. With
    /// <see cref="Disaggregate"/>, the rate (or the split) of the given deployment instead, which needs an SLO and no
    /// other traffic.
    /// </summary>
    public bool Search { get; init; }

    /// <summary>
    /// Split the replicas into a prefill pool and a decode pool (Splitwise, DistServe): <c>P:D</c>, scaled to the
    /// fleet's replicas (P + D must divide them), or <c>auto</c> with <see cref="Search"/> to search the ratio;
    /// <see langword="null"/> (the default) for colocated replicas.
    /// </summary>
    public string? Disaggregate { get; init; }

    /// <summary>
    /// With <see cref="Disaggregate"/>: when the KV cache leaves the prefill replica, <c>after-prefill</c> or
    /// <c>layerwise</c> (<see cref="KvTransferMode"/>); <see langword="null"/> (the default) for after-prefill.
    /// </summary>
    public string? KvTransfer { get; init; }

    /// <summary>The requests of the workload when they are given directly (tests, validation); overrides trace and rate.</summary>
    public IReadOnlyList<TraceRequest>? Workload { get; init; }

    /// <summary>The model already resolved (a scenario's); overrides <see cref="Model"/>.</summary>
    internal ModelSpec? ModelSpec { get; init; }

    /// <summary>The GPU already resolved (a scenario site's); overrides <see cref="Gpu"/>.</summary>
    internal GpuSpec? GpuSpec { get; init; }

    /// <summary>The server holding the GPUs (a scenario site's); <see langword="null"/> for the catalog's first holding the GPU.</summary>
    internal SystemSpec? SystemSpec { get; init; }

    /// <summary>
    /// Checks every option and builds the setup: the model's replicas (GPUs ÷ (tp × ep × pp)), their step-time table
    /// from the performance model with tensor-parallel all-reduces and expert-parallel all-to-alls over the planned
    /// site's network, their KV cache, and the requests. Returns <see langword="null"/> when there is an error.
    /// </summary>
    public ServingSetup? Resolve(ColossimCatalog catalog, Problems problems)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(problems);
        GpuSpec? gpu = null;
        ModelSpec? model = null;
        if (ModelSpec is not null)
        {
            model = ModelSpec;
        }
        else if (Model is null)
        {
            problems.Error("--model", "is required (a catalog model such as llama3-70b, or a YAML file)");
        }
        else
        {
            model = catalog.ResolveModel(Model, problems, "--model");
        }

        if (GpuSpec is not null)
        {
            gpu = GpuSpec;
        }
        else if (Gpu is null)
        {
            problems.Error("--gpu", "is required (a catalog GPU such as h100-sxm, or a YAML file)");
        }
        else
        {
            gpu = catalog.ResolveGpu(Gpu, problems, "--gpu");
        }

        if (Gpus is null)
        {
            problems.Error("--gpus", "is required (GPUs in all, a multiple of --tp × --pp)");
        }
        else if (Gpus < 1 || Gpus > MaxGpus)
        {
            problems.Error("--gpus", $"expected a whole number between 1 and {Whole(MaxGpus)}, found {Whole(Gpus.Value)}");
        }

        Range(problems, "--tp", Tp, 1, 1024);
        Range(problems, "--pp", Pp, 1, model?.Layers ?? 1024);
        Range(problems, "--ep", Ep, 1, 1024);
        StepQuery.CheckHotExpertLoad(model, HotExpertLoad, problems, "--hot-expert-load");
        Range(problems, "--max-batch", MaxBatch, 1, 65_536);
        Range(problems, "--token-budget", TokenBudget, 1, 1 << 20);
        Range(problems, "--block-size", BlockSize, 1, 1024);
        if (!DataTypes.TryParse(Dtype, out var dtype) || dtype is not (DataType.Bf16 or DataType.Fp16 or DataType.Fp8 or DataType.Fp4))
        {
            problems.Error("--dtype", $"expected bf16, fp16, fp8 or fp4, found '{Dtype}'");
        }
        else if (gpu is not null && gpu.PeakFor(dtype) is null)
        {
            problems.Error("--dtype", $"{gpu.Id} has no {Dtype} tensor cores");
        }

        var kvDtype = DataType.Bf16;
        if (!DataTypes.TryParse(KvDtype, out kvDtype) || kvDtype is not (DataType.Bf16 or DataType.Fp8))
        {
            problems.Error("--kv-dtype", $"expected bf16 or fp8, found '{KvDtype}'");
        }

        var scheduler = Named<SchedulerKind>(problems, "--scheduler", Scheduler);
        var router = Named<RouterKind>(problems, "--router", Router);
        var admission = Named<KvAdmission>(problems, "--kv-admission", KvAdmission);
        var lengths = Named<LengthDistribution>(problems, "--lengths", Lengths);
        var arrival = Named<ArrivalProcess>(problems, "--arrival", Arrival);
        var traceFormat = Named<TraceFormat>(problems, "--trace-format", TraceFormat);
        var prefixMode = ReadPrefixCaching(problems);
        Fraction(problems, "--rate-scale", RateScale, 1e6, "a factor");
        Fraction(problems, "--burstiness", Burstiness, 100, "a coefficient of variation");
        if (!(GpuMemoryUtilization > 0 && GpuMemoryUtilization <= 1))
        {
            problems.Error("--gpu-memory-utilization", $"expected a share above 0 and at most 1, found {Number(GpuMemoryUtilization)}");
        }

        var maxSpread = lengths == LengthDistribution.Uniform ? 1 : 10;
        if (!(LengthSpread >= 0 && LengthSpread <= maxSpread))
        {
            problems.Error("--length-spread", $"expected between 0 and {maxSpread} for --lengths {Lengths}, found {Number(LengthSpread)}");
        }

        if (Rate is { } rate)
        {
            Fraction(problems, "--rate", rate, 1e6, "requests per second");
        }

        if (UsdPerGpuHour is { } price && !(price >= 0 && price <= 1e6))
        {
            problems.Error("--usd-per-gpu-hour", $"expected dollars between 0 and 1,000,000, found {Number(price)}");
        }

        if (Seed is < 0 or > 1L << 53)
        {
            problems.Error("--seed", $"expected a whole number between 0 and {Whole(1L << 53)}, found {Whole(Seed)}");
        }

        if (Timeline is { } timeline)
        {
            CheckTimeline(problems, timeline);
        }

        var slo = ReadSlo(problems);
        var offline = CheckSource(problems);
        CheckDiurnal(problems, offline);
        foreach (var p in LayoutProblems(model, Tp, Ep, Pp, Gpus))
        {
            problems.Error(p.Option, p.Message);
        }

        var replicas = Gpus is { } all && Tp is >= 1 and <= 1024 && Ep is >= 1 and <= 1024 && Pp >= 1 ? (int)Math.Min(int.MaxValue, all / ((long)Tp * Ep * Pp)) : 0;
        if (SampleReplicas is { } sample && (sample < 1 || (replicas >= 1 && sample > replicas)))
        {
            problems.Error("--sample-replicas", $"expected a whole number between 1 and the fleet's replicas ({Whole(Math.Max(1, replicas))}), found {Whole(sample)}");
        }

        if (Ep > 1 && Disaggregate is not null)
        {
            problems.Error("--ep", "expert parallelism is simulated on colocated replicas; give it without --disaggregate");
        }

        var split = DisaggregationOptions.Check(this, replicas, problems);
        if (problems.HasErrors || model is null || gpu is null || Gpus is not { } gpus)
        {
            return null;
        }

        var share = SampleReplicas is { } k && k < replicas ? k : replicas;
        var fleetRequests = Workload?.Count ?? 0;
        var requests = Workload is not null ? Share(Workload, replicas, share) : MakeRequests(problems, lengths, arrival, traceFormat, offline, replicas, share, out fleetRequests);
        if (requests is null || problems.HasErrors)
        {
            return null;
        }

        if (requests.Count > MaxRequests)
        {
            problems.Error("--requests", $"expected at most {Whole(MaxRequests)} requests simulated, found {Whole(requests.Count)}{(share < replicas ? $" for {Whole(share)} of {Whole(replicas)} replicas; give fewer --requests or a smaller --sample-replicas" : "")}");
            return null;
        }

        var prefixTokens = PrefixTokens(problems, prefixMode, requests, scheduler, router);
        if (problems.HasErrors)
        {
            return null;
        }

        var setup = Build(catalog, problems, model, gpu, gpus, dtype, kvDtype, scheduler, router, slo, requests, offline, fleetRequests);
        setup = setup is null ? null : setup with { PrefixBlockTokens = prefixTokens, Engine = setup.Engine with { Admission = admission }, SampledReplicas = share < replicas ? share : null, TimelineReplicas = Timeline is null ? 0 : Math.Min(TimelineReplicas, share) };
        return setup is not null && split is { } ratio ? DisaggregationOptions.Attach(setup, ratio, DisaggregationOptions.Mode(KvTransfer)) : setup;
    }

    private ServingSetup? Build(ColossimCatalog catalog, Problems problems, ModelSpec model, GpuSpec gpu, long gpus, DataType dtype, DataType kvDtype,
        SchedulerKind scheduler, RouterKind router, Slo? slo, IReadOnlyList<TraceRequest> requests, bool offline, int fleetRequests)
    {
        var defaults = FacilityDefaults.BuiltIn;
        var system = SystemSpec ?? ClusterPlanner.ResolveSystem(catalog, gpu, null, defaults, problems, "--gpu");
        var fabric = system is null ? null : ClusterPlanner.ResolveFabric(catalog, system, "infiniband", problems, "--gpu");
        if (system is null || fabric is null)
        {
            return null;
        }

        var plan = ClusterPlanner.Build(gpus, new PlanOptions { Gpu = gpu, System = system, Fabric = fabric, Defaults = defaults });
        var topology = Topology.FromPlan(plan);
        var perReplica = Tp * Ep * Pp;

        // The expert-parallel ranks are every tp-th GPU of the replica's tp × ep block (as training places them).
        var sharding = new Sharding { Tp = Tp, Ep = Ep, TensorGroup = topology.Group(Tp), ExpertGroup = topology.Group(Ep, Tp, (long)Tp * Ep) };
        var nccl = new CollectiveModel(topology);
        var stepModel = new StepModel(model, KernelModel.For(gpu, catalog), sharding, AllReduce == TensorParallelAllReduce.Nccl ? nccl : new InGraphAllReduce(nccl));
        int? layers = Pp > 1 ? (model.Layers + Pp - 1) / Pp : null;

        var (memory, usable, rankBlocks) = KvCapacity(stepModel, gpu, dtype, kvDtype, layers);
        if (rankBlocks < 1)
        {
            problems.Error("--tp", DoesNotFit(model, gpu, memory, usable));
            return null;
        }

        // Each attention rank (tp GPUs) caches its own sequences: the replica holds ep ranks' blocks.
        var blocks = rankBlocks * Ep;

        var maxInput = 1;
        var maxContext = 1;
        foreach (var r in requests)
        {
            maxInput = Math.Max(maxInput, r.Input);
            maxContext = Math.Max(maxContext, r.Input + r.Output);
        }

        // Energy: each iteration at its board power from the performance model, idle replicas at the power model's
        // idle; the rest of the server and the PUE from the facility model (FacilityDefaults).
        var node = NodePowerModel.For(system, gpu, defaults);
        StepTimeTable table;
        try
        {
            table = StepTimeTable.Build(stepModel, dtype, Math.Max(TokenBudget, scheduler == SchedulerKind.Continuous ? 1 : maxInput), MaxBatch, maxContext, layers, ServingEnergy.StepPower, kvDtype, Ep, HotExpertLoad);
        }
        catch (StepOutOfRangeException)
        {
            problems.Error("--gpu", $"the figures of {gpu.Id} give iterations longer than a duration holds; check its peak rates and bandwidth");
            return null;
        }

        var priced = UsdPerGpuHour is { } price;
        return new ServingSetup
        {
            Engine = new ReplicaEngine
            {
                Steps = table,
                Scheduler = scheduler,
                KvBlocks = blocks,
                BlockSize = BlockSize,
                TokenBudget = TokenBudget * Ep,
                MaxBatch = MaxBatch * Ep,
                PipelineStages = Pp,
            },
            Replicas = (int)(gpus / perReplica),
            GpusPerReplica = perReplica,
            Router = router,
            Requests = requests,
            Mode = Concurrency is null ? LoadMode.Open : LoadMode.Closed,
            Concurrency = Concurrency ?? 1,
            Slo = slo,
            UsdPerGpuHour = priced ? new Usd(UsdPerGpuHour!.Value) : plan.UsdPerGpuHour,
            StepModel = stepModel,
            IdlePowerPerGpu = stepModel.Power.Idle,
            RestBusyPowerPerGpu = node.RestBusy / node.GpusPerNode,
            RestIdlePowerPerGpu = node.RestIdle / node.GpusPerNode,
            Pue = defaults.Pue,
            Deployment = new ServeDeployment
            {
                Model = model.Name,
                Gpu = gpu.Id,
                Tp = Tp,
                Pp = Pp,
                Ep = Ep,
                WeightsPerGpu = memory.Weights,
                Dtype = Dtype.ToLowerInvariant(),
                KvDtype = KvDtype.ToLowerInvariant(),
                KvBlocks = blocks,
                KvBytesPerToken = memory.KvCachePerToken,
                PriceSource = priced ? "option" : "planner",
                StepTableEntries = table.Entries,
                Traffic = SampleReplicas is { } k && k < gpus / perReplica
                    ? TrafficText(offline, fleetRequests) + $"; the {Whole(requests.Count)} sent to the {Whole(k)} replicas sampled are simulated"
                    : TrafficText(offline, requests.Count),
            },
        };
    }

    /// <summary>
    /// One attention rank's memory for the engine's largest iteration (<see cref="MaxBatch"/> sequences and a
    /// <see cref="TokenBudget"/> chunk), the usable HBM (× <see cref="GpuMemoryUtilization"/>) and the KV-cache blocks
    /// left beside weights and activations on each of its GPUs (0 when none).
    /// </summary>
    private (MemoryEstimate Memory, Bytes Usable, long Blocks) KvCapacity(StepModel stepModel, GpuSpec gpu, DataType dtype, DataType kvDtype, int? layers)
    {
        var memory = stepModel.Memory(new StepRequest { Phase = StepPhase.Mixed, Batch = MaxBatch, Chunk = TokenBudget, Context = 0, Dtype = dtype, Layers = layers, KvDtype = kvDtype });
        var usable = gpu.HbmCapacity * GpuMemoryUtilization;
        var free = usable - memory.Weights - memory.Activations;
        var blockBytes = memory.KvCachePerToken.Value * BlockSize;
        return (memory, usable, free.Value > 0 ? (long)Math.Floor(free.Value / blockBytes) : 0);
    }

    private string DoesNotFit(ModelSpec model, GpuSpec gpu, MemoryEstimate memory, Bytes usable) =>
        $"{model.Name} does not fit on {gpu.Id} at --tp {Tp}{(Ep > 1 ? $" --ep {Ep}" : "")} --pp {Pp}: weights {memory.Weights.ToDisplayString()} and activations {memory.Activations.ToDisplayString()} per GPU leave no room for the KV cache in the {usable.ToDisplayString()} usable ({Number(GpuMemoryUtilization * 100)}% of {gpu.HbmCapacity.ToDisplayString()}); raise --tp{(model.IsMixtureOfExperts ? ", --ep" : "")} or --pp, or lower --max-batch or --token-budget";

    /// <summary>
    /// The layout rules serve applies to tp, ep and pp before anything is built, each with the option it is about: the
    /// step model's rules (<see cref="Sharding.Check"/>: tp against the heads, ep only for mixture-of-experts models
    /// and dividing their experts) and whole replicas (<paramref name="gpus"/> a multiple of tp × ep × pp). Values
    /// outside their ranges are left to the range checks.
    /// </summary>
    private static List<(string Option, string Message)> LayoutProblems(ModelSpec? model, int tp, int ep, int pp, long? gpus)
    {
        var found = new List<(string, string)>();
        if (model is not null && tp is >= 1 and <= 1024 && ep is >= 1 and <= 1024)
        {
            foreach (var p in new Sharding { Tp = tp, Ep = ep }.Check(model))
            {
                found.Add(("--" + (p.Field ?? "tp"), p.Message));
            }
        }

        if (gpus is { } g && g is >= 1 and <= MaxGpus && tp is >= 1 and <= 1024 && ep is >= 1 and <= 1024 && pp >= 1 && pp <= (model?.Layers ?? 1024))
        {
            var per = (long)tp * ep * pp;
            if (g % per != 0)
            {
                found.Add(("--gpus", ep > 1
                    ? $"expected a multiple of --tp × --ep × --pp = {Whole(per)} (whole replicas), found {Whole(g)}"
                    : $"expected a multiple of --tp × --pp = {Whole(per)} (whole replicas), found {Whole(g)}"));
            }
        }

        return found;
    }

    private string TrafficText(bool offline, int count)
    {
        var n = Whole(count);
        return Trace is not null ? $"{n} requests of {Path.GetFileName(Trace)}{(RateScale != 1 ? $" at {Number(RateScale)}× its rate" : "")}{(offline ? ", all at time zero" : "")}"
            : Concurrency is { } c ? $"{n} requests from {Whole(c)} closed-loop clients"
            : offline ? $"{n} requests at time zero (offline)"
            : Workload is not null ? $"{n} requests"
            : Search && Rate is null ? $"{n} requests, Poisson at the rate searched"
            : $"{n} requests at {Number(Rate ?? 0)}/s ({Arrival})";
    }

    /// <summary>Exactly one traffic source; returns whether the run is offline.</summary>
    private bool CheckSource(Problems problems)
    {
        var offline = false;
        if (Mode is not null)
        {
            if (Mode is "offline")
            {
                offline = true;
            }
            else if (Mode is not "online")
            {
                problems.Error("--mode", $"expected offline or online, found '{Mode}'");
            }
        }

        if (Workload is not null)
        {
            return offline;
        }

        if (Search && Disaggregate is null)
        {
            DeploymentSearchTraffic(problems, offline);
        }
        else if (Search)
        {
            var other = Trace is not null ? "--trace" : Rate is not null ? "--rate" : Concurrency is not null ? "--concurrency" : offline ? "--mode" : null;
            if (other is not null)
            {
                problems.Error("--search", $"searches the request rate; give it without {other}");
            }

            if (SloTtft is null && SloTpot is null)
            {
                problems.Error("--search", "needs a target to meet: --slo-ttft, --slo-tpot or both");
            }

            if (InputLen is null || OutputLen is null)
            {
                problems.Error(InputLen is null ? "--input-len" : "--output-len", "is required with --search (mean prompt and output tokens)");
            }
        }
        else
        {
            CheckTraffic(problems, offline);
        }

        var maxRequests = SampleReplicas is null ? MaxRequests : MaxFleetRequests;
        if (Requests is { } k && (k < 1 || k > maxRequests))
        {
            problems.Error("--requests", $"expected a whole number between 1 and {Whole(maxRequests)}, found {Whole(k)}");
        }

        if (SampleReplicas is not null && (Concurrency is not null || Search))
        {
            problems.Error("--sample-replicas", $"samples open-loop traffic; give it without {(Search ? "--search" : "--concurrency")}");
        }

        if (InputLen is { } i)
        {
            Range(problems, "--input-len", i, 1, 1 << 20);
        }

        if (OutputLen is { } o)
        {
            Range(problems, "--output-len", o, 1, 1 << 20);
        }

        return offline;
    }

    /// <summary>
    /// The traffic of a deployment search (<see cref="DeploymentSearch"/>): generated, never a trace; with an SLO a rate
    /// (the cheapest deployment carrying it) or none (the highest rate meeting it); without, any generated traffic.
    /// </summary>
    private void DeploymentSearchTraffic(Problems problems, bool offline)
    {
        if (Trace is not null)
        {
            problems.Error("--search", "searches deployments for generated traffic; give it without --trace (with --rate, --concurrency or --mode offline, and --input-len and --output-len)");
        }
        else if (SloTtft is null && SloTpot is null)
        {
            CheckTraffic(problems, offline);
        }
        else
        {
            var other = Concurrency is not null ? "--concurrency" : offline ? "--mode" : null;
            if (other is not null)
            {
                problems.Error("--search", $"with an SLO searches the highest rate meeting it, or with --rate the cheapest deployment carrying that rate; give it without {other}");
            }

            if (InputLen is null || OutputLen is null)
            {
                problems.Error(InputLen is null ? "--input-len" : "--output-len", "is required with --search (mean prompt and output tokens)");
            }
        }
    }

    private void CheckTraffic(Problems problems, bool offline)
    {

        var sources = new List<string>();
        if (Trace is not null)
        {
            sources.Add("--trace");
        }

        if (Rate is not null)
        {
            sources.Add("--rate");
        }

        if (Concurrency is not null)
        {
            sources.Add("--concurrency");
        }

        if (sources.Count > 1)
        {
            problems.Error(sources[1], $"give one of --trace, --rate or --concurrency, not {string.Join(" and ", sources)}");
        }
        else if (sources.Count == 0 && !offline)
        {
            problems.Error("--rate", "give the traffic: --trace FILE, --rate R, --concurrency C or --mode offline (the last three with --input-len and --output-len)");
        }
        else if (offline && sources.Count == 1 && sources[0] != "--trace")
        {
            problems.Error("--mode", $"offline sends every request at time zero; give it without {sources[0]}");
        }

        if (Concurrency is { } c && c is < 1 or > 1_000_000)
        {
            problems.Error("--concurrency", $"expected a whole number between 1 and 1,000,000, found {Whole(c)}");
        }

        if (Trace is not null)
        {
            if (InputLen is not null || OutputLen is not null)
            {
                problems.Error(InputLen is not null ? "--input-len" : "--output-len", "a trace gives each request's lengths; give --input-len and --output-len without --trace");
            }
        }
        else if (sources.Count <= 1)
        {
            if (InputLen is null)
            {
                problems.Error("--input-len", "is required without --trace (mean prompt tokens)");
            }

            if (OutputLen is null)
            {
                problems.Error("--output-len", "is required without --trace (mean output tokens)");
            }
        }

    }

    /// <summary>The requests round-robin routing sends to the first <paramref name="share"/> of <paramref name="replicas"/> replicas (all of them when the share is every replica).</summary>
    private static IReadOnlyList<TraceRequest> Share(IReadOnlyList<TraceRequest> requests, int replicas, int share) =>
        share < replicas ? ServingSample.RoundRobinShare(requests, replicas, share) : requests;

    private IReadOnlyList<TraceRequest>? MakeRequests(Problems problems, LengthDistribution lengths, ArrivalProcess arrival, TraceFormat format, bool offline, int replicas, int share, out int fleetRequests)
    {
        fleetRequests = 0;
        if (Trace is not null)
        {
            var trace = ServingTraces.Read(Trace, format, problems, "--trace");
            if (trace is null)
            {
                return null;
            }

            var limit = Requests ?? trace.Count;
            var result = new TraceRequest[Math.Min(limit, trace.Count)];
            for (var i = 0; i < result.Length; i++)
            {
                var r = trace[i];
                if (r.Input > 1 << 20 || r.Output > 1 << 20)
                {
                    problems.Error("--trace", $"request {Whole(i + 1)}: expected prompt and output lengths of at most 1,048,576 tokens, found {Whole(r.Input)} and {Whole(r.Output)}");
                    return null;
                }

                result[i] = r with { ArrivalNanoseconds = offline ? 0 : (long)Math.Round(r.ArrivalNanoseconds / RateScale) };
            }

            fleetRequests = result.Length;
            return Share(result, replicas, share);
        }

        var streams = new RandomStreams((ulong)Seed);
        var count = Requests ?? 1000;
        fleetRequests = count;
        var gaps = streams.Get("serve.arrivals");
        var inputs = streams.Get("serve.input-lengths");
        var outputs = streams.Get("serve.output-lengths");

        // A sample keeps the requests of its replicas from the fleet's whole stream (the same draws as a full run).
        var kept = share < replicas ? ((long)(count / replicas) * share) + Math.Min(count % replicas, share) : count;
        if (kept > MaxRequests)
        {
            problems.Error("--requests", $"expected at most {Whole(MaxRequests)} requests simulated, found {Whole(kept)} for {Whole(share)} of {Whole(replicas)} replicas; give fewer --requests or a smaller --sample-replicas");
            return null;
        }

        var requests = new TraceRequest[kept];
        double t = 0;
        var effective = Search && Rate is null ? 1 : Rate;
        var meanGap = effective is { } rate ? 1e9 / rate : 0;
        var timed = effective is not null && !offline;

        // Kept request k is the fleet's request (k / share) × replicas + k mod share: between the last kept of one
        // round and the first of the next lie replicas − share + 1 gaps, drawn as one sum (a gamma variate for Poisson
        // and gamma gaps), so that a sample costs its own requests' draws, not the fleet's.
        var skip = replicas - share + 1;
        for (var k = 0; k < kept; k++)
        {
            if (k > 0 && timed)
            {
                t += Gaps(gaps, arrival, meanGap, share < replicas && k % share == 0 ? skip : 1);
            }

            var at = Diurnal is { } day ? DiurnalShape.Map(t / 1e9, day) * 1e9 : t;
            requests[k] = new TraceRequest((long)Math.Round(at), Length(inputs, InputLen!.Value, lengths, InputLengthSpread ?? LengthSpread), Length(outputs, OutputLen!.Value, lengths, OutputLengthSpread ?? LengthSpread));
        }

        return requests;
    }

    /// <summary>The sum of <paramref name="n"/> consecutive gaps between generated requests, in nanoseconds.</summary>
    private double Gaps(RandomStream random, ArrivalProcess arrival, double meanGap, int n)
    {
        var cv2 = Burstiness * Burstiness;
        return arrival switch
        {
            ArrivalProcess.Constant => n * meanGap,
            ArrivalProcess.Gamma => random.Gamma(n / cv2) * meanGap * cv2,
            _ when n == 1 => random.Exponential(1.0) * meanGap,
            _ => random.Gamma(n) * meanGap,
        };
    }

    private static int Length(RandomStream random, int mean, LengthDistribution distribution, double spread)
    {
        double x = distribution switch
        {
            LengthDistribution.Uniform => random.Uniform(mean * (1 - spread), mean * (1 + spread)),
            LengthDistribution.LogNormal when spread > 0 => LogNormal(random, mean, spread),
            _ => mean,
        };
        return (int)Math.Clamp(Math.Round(x), 1, 1 << 20);
    }

    private static double LogNormal(RandomStream random, double mean, double cv)
    {
        var sigma = Math.Sqrt(Math.Log(1 + (cv * cv)));
        return random.LogNormal(Math.Log(mean) - (sigma * sigma / 2), sigma);
    }

    /// <summary>The timeline's file must be writable as a regular file: a name, not a folder or a device (as <c>train --timeline</c>).</summary>
    private static void CheckTimeline(Problems problems, string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            problems.Error("--timeline", "expected a file name for the timeline, found an empty name");
        }
        else if (Directory.Exists(path))
        {
            problems.Error("--timeline", $"expected a file name for the timeline, found the folder '{path}'");
        }
        else if (SpecialFiles.DescribeOutput(path) is { } special)
        {
            problems.Error("--timeline", $"expected a regular file for the timeline, found {special} ('{path}')");
        }
    }

    private Slo? ReadSlo(Problems problems)
    {
        Duration? Read(string option, string? text)
        {
            if (text is null)
            {
                return null;
            }

            if (!Duration.TryParse(text, out var d, out var error))
            {
                problems.Error(option, error);
                return null;
            }

            if (d <= Duration.Zero)
            {
                problems.Error(option, $"expected a duration above zero such as 2s or 200ms, found '{text}'");
                return null;
            }

            return d;
        }

        var ttft = Read("--slo-ttft", SloTtft);
        var tpot = Read("--slo-tpot", SloTpot);
        return ttft is null && tpot is null ? null : new Slo { TtftP99 = ttft, TpotP99 = tpot };
    }

    private static T Named<T>(Problems problems, string option, string text)
        where T : struct, Enum
    {
        if (EnumNames.Parse<T>(text) is { } value)
        {
            return value;
        }

        problems.Error(option, $"expected one of {string.Join(", ", EnumNames.All<T>())}, found '{text}'");
        return default;
    }

    private static void Range(Problems problems, string option, long value, long min, long max)
    {
        if (value < min || value > max)
        {
            problems.Error(option, $"expected a whole number between {Whole(min)} and {Whole(max)}, found {Whole(value)}");
        }
    }

    private static void Fraction(Problems problems, string option, double value, double max, string what)
    {
        if (!(value > 0 && value <= max))
        {
            problems.Error(option, $"expected {what} above 0 and at most {Whole((long)max)}, found {Number(value)}");
        }
    }

    private static string Whole(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture).ToLowerInvariant();
}
