using System.Globalization;
using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Facility;
using Colossim.Network;
using Colossim.Performance;
using Colossim.Units;

namespace Colossim.Training;

/// <summary>
/// A training question as a person asks it (the options of <c>colossim train</c>): a model on some GPUs, a layout or a
/// search for the best one, and optionally the tokens of a whole run. <see cref="Run"/> checks every option (problems at
/// the option's name) and answers in one call.
/// </summary>
public sealed record TrainRequest
{
    /// <summary>The options' names, as problems name them.</summary>
    public static class Names
    {
        /// <summary>The model.</summary>
        public const string Model = "--model";

        /// <summary>The GPU.</summary>
        public const string Gpu = "--gpu";

        /// <summary>The GPU count.</summary>
        public const string Gpus = "--gpus";

        /// <summary>Tensor-parallel degree.</summary>
        public const string Tp = "--tp";

        /// <summary>Pipeline-parallel degree.</summary>
        public const string Pp = "--pp";

        /// <summary>Data-parallel degree.</summary>
        public const string Dp = "--dp";

        /// <summary>Context-parallel degree.</summary>
        public const string Cp = "--cp";

        /// <summary>Expert-parallel degree.</summary>
        public const string Ep = "--ep";

        /// <summary>Virtual pipeline stages.</summary>
        public const string Vpp = "--vpp";

        /// <summary>Sequence length.</summary>
        public const string SeqLen = "--seq-len";

        /// <summary>Global batch, tokens.</summary>
        public const string GlobalBatchTokens = "--global-batch-tokens";

        /// <summary>Micro-batch, sequences.</summary>
        public const string MicroBatch = "--micro-batch";

        /// <summary>Recomputation.</summary>
        public const string Recompute = "--recompute";

        /// <summary>ZeRO stage.</summary>
        public const string Zero = "--zero";

        /// <summary>Data type.</summary>
        public const string Dtype = "--dtype";

        /// <summary>Tokens of the run.</summary>
        public const string Tokens = "--tokens";

        /// <summary>Search the layouts.</summary>
        public const string Search = "--search";

        /// <summary>Price per GPU-hour.</summary>
        public const string UsdPerGpuHour = "--usd-per-gpu-hour";

        /// <summary>The timeline file.</summary>
        public const string Trace = "--timeline";
    }

    /// <summary>Largest GPU count accepted.</summary>
    public const long MaxGpus = 10_000_000;

    /// <summary>Largest sequence length accepted (2^24 tokens).</summary>
    public const int MaxSeqLen = 1 << 24;

    /// <summary>Largest token count of a run accepted (1e16).</summary>
    public const double MaxTokens = 1e16;

    /// <summary>Default sequence length (Llama 3's main pre-training): 8,192 tokens.</summary>
    public const int DefaultSeqLen = 8192;

    /// <summary>Default global batch: 4,194,304 tokens (4M; Llama 2's and Llama 3's starting batch).</summary>
    public const long DefaultGlobalBatchTokens = 4L << 20;

    /// <summary>Model: a catalog name or the path of a YAML file.</summary>
    public required string Model { get; init; }

    /// <summary>GPU: a catalog id or the path of a YAML file.</summary>
    public required string Gpu { get; init; }

    /// <summary>GPUs, 1 to <see cref="MaxGpus"/>.</summary>
    public required long Gpus { get; init; }

    /// <summary>Tensor-parallel degree (default 1); with <see cref="Search"/>, fixes it (searched when absent).</summary>
    public int? Tp { get; init; }

    /// <summary>Pipeline-parallel degree (default 1); with <see cref="Search"/>, fixes it (searched when absent).</summary>
    public int? Pp { get; init; }

    /// <summary>Data-parallel degree (default: GPUs ÷ (tp × pp × cp)); with <see cref="Search"/>, fixes it (searched when absent).</summary>
    public int? Dp { get; init; }

    /// <summary>Context-parallel degree (default 1); with <see cref="Search"/>, fixes it (searched when absent).</summary>
    public int? Cp { get; init; }

    /// <summary>Expert-parallel degree (default 1); with <see cref="Search"/>, fixes it (searched when absent).</summary>
    public int? Ep { get; init; }

    /// <summary>Virtual pipeline stages per pipeline rank (default 1); with <see cref="Search"/>, fixes it (searched when absent).</summary>
    public int? Vpp { get; init; }

    /// <summary>Tokens per sequence, 1 to <see cref="MaxSeqLen"/> (default <see cref="DefaultSeqLen"/>).</summary>
    public int SeqLen { get; init; } = DefaultSeqLen;

    /// <summary>Tokens per optimizer step, a whole number of sequences (default <see cref="DefaultGlobalBatchTokens"/>).</summary>
    public long GlobalBatchTokens { get; init; } = DefaultGlobalBatchTokens;

    /// <summary>Sequences per micro-batch (default 1); with <see cref="Search"/>, fixes it (searched when absent).</summary>
    public int? MicroBatch { get; init; }

    /// <summary>Recomputation as written: none, selective or full (default none); with <see cref="Search"/>, fixes it (searched when absent).</summary>
    public string? Recompute { get; init; }

    /// <summary>ZeRO stage as written: 0, 1, 2, 3 or fsdp (default 1, Megatron's distributed optimizer); with <see cref="Search"/>, fixes it (searched when absent).</summary>
    public string? Zero { get; init; }

    /// <summary>Data type of the layer GEMMs as written: bf16 or fp8.</summary>
    public string Dtype { get; init; } = "bf16";

    /// <summary>Tokens of a whole run (above 0, at most <see cref="MaxTokens"/>), for days, cost, energy and goodput; <see langword="null"/> for one step only.</summary>
    public double? Tokens { get; init; }

    /// <summary>Search the layouts for the fastest that fits instead of timing the one given; the layout options given fix those knobs.</summary>
    public bool Search { get; init; }

    /// <summary>Price of one GPU-hour in USD (0 to 1,000); default: the planned cluster's cost per GPU-hour.</summary>
    public double? UsdPerGpuHour { get; init; }

    /// <summary>
    /// A file to write the step's timeline to (Chrome trace JSON), or <see langword="null"/>: when given, the answer
    /// carries the <see cref="TrainResult.Schedule"/>. The name is checked here (not empty, not a folder, not a device,
    /// pipe or socket); whoever writes the file reports a place that cannot be written.
    /// </summary>
    public string? Trace { get; init; }

    /// <summary>How interruptions and checkpoints are modelled.</summary>
    public FailureModel Failures { get; init; } = FailureModel.Default;

    /// <summary>
    /// Answers the request: checks every option (problems at the option's name), plans the cluster
    /// (<see cref="ClusterPlanner"/>, for its network and prices), then times the layout given or searches for the
    /// best, and estimates the run when <see cref="Tokens"/> is given. A layout that does not fit the GPU's memory is a
    /// warning (the answer says so, with its numbers). <see langword="null"/> when any problem is an error.
    /// </summary>
    public TrainResult? Run(ColossimCatalog catalog, Problems problems, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(problems);
        var model = catalog.ResolveModel(Model, problems, Names.Model);
        var gpu = catalog.ResolveGpu(Gpu, problems, Names.Gpu);
        Range(problems, Names.Gpus, Gpus, 1, MaxGpus);
        Range(problems, Names.SeqLen, SeqLen, 1, MaxSeqLen);
        Range(problems, Names.GlobalBatchTokens, GlobalBatchTokens, 1, (long)MaxTokens);
        if (SeqLen >= 1 && GlobalBatchTokens >= 1 && GlobalBatchTokens % SeqLen != 0)
        {
            problems.Error(Names.GlobalBatchTokens, I($"expected a whole number of sequences of {SeqLen:N0} tokens (--seq-len), found {GlobalBatchTokens:N0} tokens"));
        }

        var dtypeOk = DataTypes.TryParse(Dtype, out var dtype) && dtype is DataType.Bf16 or DataType.Fp8;
        if (!dtypeOk)
        {
            problems.Error(Names.Dtype, $"expected bf16 or fp8, found '{Dtype}'");
        }
        else if (gpu is not null && gpu.PeakFor(dtype) is null)
        {
            problems.Error(Names.Dtype, $"{gpu.Id} has no {Dtype} tensor cores");
        }

        if (Tokens is { } tokens && !(tokens > 0 && tokens <= MaxTokens))
        {
            problems.Error(Names.Tokens, I($"expected a number of tokens above 0 and at most 1e16, found {tokens:G4}"));
        }

        if (UsdPerGpuHour is { } usd && !(usd >= 0 && usd <= 1000))
        {
            problems.Error(Names.UsdPerGpuHour, I($"expected a price between 0 and 1,000 USD per GPU-hour, found {usd:G4}"));
        }

        if (Trace is { } trace)
        {
            CheckTrace(problems, trace);
        }

        var layout = Layout(model, problems, out var constraints);
        if (model is null || gpu is null || problems.HasErrors)
        {
            return null;
        }

        var job = new TrainingJob { Model = model, Gpu = gpu, Gpus = Gpus, SeqLen = SeqLen, GlobalBatchTokens = GlobalBatchTokens, Dtype = dtype };
        if (layout is not null)
        {
            foreach (var p in job.Check(layout))
            {
                problems.Error(PathOf(p.Field), p.Message);
            }
        }

        if (problems.HasErrors)
        {
            return null;
        }

        var plan = new PlanRequest { Gpus = Gpus.ToString(CultureInfo.InvariantCulture), Gpu = Gpu }.Plan(catalog, problems);
        if (plan is null || problems.HasErrors)
        {
            return null;
        }

        return Answer(job, layout, constraints, plan, KernelModel.For(gpu, catalog), Tokens, Failures, UsdPerGpuHour is { } price ? new Usd(price) : null, problems, Names.Gpus, "memory", Trace is not null, cancel);
    }

    /// <summary>
    /// The Train pillar for a checked job on a planned cluster (the network of <paramref name="plan"/>, which may hold
    /// more GPUs than the job): times <paramref name="layout"/>, or searches for the best layout within
    /// <paramref name="constraints"/> when it is <see langword="null"/>, and estimates the run of <paramref name="tokens"/>
    /// when given. A layout that breaks the job's rules, or no layout at all, is an error at <paramref name="path"/>; a
    /// layout that does not fit the GPU's memory a warning at <paramref name="memoryPath"/>. With <paramref name="withSchedule"/>,
    /// the answer carries the step's timeline per pipeline stage (<see cref="PipelineSchedule"/>). <see langword="null"/> on an error.
    /// </summary>
    public static TrainResult? Answer(TrainingJob job, ParallelLayout? layout, LayoutConstraints? constraints, ClusterPlan plan, KernelModel kernels, double? tokens, FailureModel failures, Usd? usdPerGpuHour, Problems problems, string path, string memoryPath, bool withSchedule = false, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(kernels);
        ArgumentNullException.ThrowIfNull(failures);
        ArgumentNullException.ThrowIfNull(problems);
        if (layout is not null)
        {
            var broken = job.Check(layout);
            foreach (var p in broken)
            {
                problems.Error(path == Names.Gpus ? PathOf(p.Field) : path, path == Names.Gpus ? p.Message : $"{p.Message} (the layout {layout})");
            }

            if (broken.Count > 0)
            {
                return null;
            }
        }

        if (job.Gpus > plan.Gpus)
        {
            problems.Error(path, I($"expected at most the {plan.Gpus:N0} GPUs of the cluster, found {job.Gpus:N0}"));
            return null;
        }

        var model = job.Model;
        var gpu = job.Gpu;
        var topology = Topology.FromPlan(plan);
        var steps = new TrainingStepModel(job, kernels, topology, new CollectiveModel(topology));
        LayoutSearchResult? search = null;
        TrainingStep step;
        if (layout is null)
        {
            search = LayoutSearch.Search(steps, fixedTo: constraints, cancel: cancel);
            if (search.Ranked.Count == 0)
            {
                problems.Error(path, I($"no layout of {model.Name} divides {job.Gpus:N0} GPUs and a batch of {job.Sequences:N0} sequences; {(path == Names.Gpus ? "try another --gpus or --global-batch-tokens" : "give the workload a parallelism or another GPU count")}"));
                return null;
            }

            step = search.Ranked[0];
        }
        else
        {
            step = steps.Evaluate(layout);
        }

        if (!step.Memory.Fits)
        {
            var m = step.Memory;
            problems.Warning(memoryPath, $"does not fit: {(search is null ? "the layout" : "no layout searched fits; the smallest")} needs {Gib(m.Total)} per GPU (weights {Gib(m.Weights)}, gradients {Gib(m.Gradients)}, optimizer states {Gib(m.OptimizerStates)}, activations {Gib(m.Activations)} on pipeline stage {m.Stage}), more than the {Gib(m.Capacity)} of {gpu.Id}");
        }

        var run = tokens is { } t ? TrainingRun.Estimate(job, step, plan, t, failures, usdPerGpuHour) : null;
        if (withSchedule && PipelineSchedule.Passes(step) > PipelineSchedule.MaxPasses)
        {
            problems.Error(Names.Trace, I($"expected a timeline of at most {PipelineSchedule.MaxPasses:N0} forward and backward passes (pp × vpp × 2 × micro-batches), found {PipelineSchedule.Passes(step):N0}; use a smaller --global-batch-tokens or a larger --micro-batch"));
            return null;
        }

        var schedule = withSchedule ? PipelineSchedule.Of(steps, step) : null;
        return new TrainResult { Job = job, Plan = plan, Step = step, Search = search, Run = run, Schedule = schedule };
    }

    private ParallelLayout? Layout(ModelSpec? model, Problems problems, out LayoutConstraints? constraints)
    {
        constraints = null;
        var ok = true;
        ok &= Degree(problems, Names.Tp, Tp ?? 1);
        ok &= Degree(problems, Names.Pp, Pp ?? 1);
        ok &= Degree(problems, Names.Cp, Cp ?? 1);
        ok &= Degree(problems, Names.Ep, Ep ?? 1);
        ok &= Degree(problems, Names.Vpp, Vpp ?? 1);
        ok &= Degree(problems, Names.MicroBatch, MicroBatch ?? 1);
        if (Dp is { } dpGiven)
        {
            ok &= Range(problems, Names.Dp, dpGiven, 1, MaxGpus);
        }

        var recompute = Recomputation.None;
        if (Recompute is not null && !TrainingNames.TryParseRecomputation(Recompute, out recompute))
        {
            problems.Error(Names.Recompute, $"expected none, selective or full, found '{Recompute}'");
            ok = false;
        }

        var zero = ZeroStage.Optimizer;
        if (Zero is not null && !TrainingNames.TryParseZero(Zero, out zero))
        {
            problems.Error(Names.Zero, $"expected 0, 1, 2, 3 or fsdp, found '{Zero}'");
            ok = false;
        }

        if (ok && model is not null)
        {
            // The model's shape first: tp against the heads, ep against the experts, pp against the layers.
            foreach (var p in new Sharding { Tp = Tp ?? 1, Ep = Ep ?? 1 }.Check(model))
            {
                problems.Error(PathOf(p.Field), p.Message);
                ok = false;
            }

            if (Pp is { } stages && stages > model.Layers)
            {
                problems.Error(Names.Pp, $"expected at most the {model.Layers} layers of {model.Name}, found {stages}");
                ok = false;
            }
        }

        if (!ok || Gpus < 1 || Gpus > MaxGpus)
        {
            return null;
        }

        if (Search)
        {
            constraints = new LayoutConstraints
            {
                Tp = Tp,
                Pp = Pp,
                Cp = Cp,
                Dp = Dp,
                Ep = Ep,
                Vpp = Vpp,
                MicroBatch = MicroBatch,
                Recompute = Recompute is null ? null : recompute,
                Zero = Zero is null ? null : zero,
            };
            return null;
        }

        var (tp, pp, cp) = (Tp ?? 1, Pp ?? 1, Cp ?? 1);
        var split = (long)tp * pp * cp;
        if (Dp is null && Gpus % split != 0)
        {
            problems.Error(Names.Gpus, I($"expected a multiple of tp × pp × cp ({tp} × {pp} × {cp} = {split:N0}), found {Gpus:N0}"));
            return null;
        }

        var dp = Dp ?? (int)Math.Min(int.MaxValue, Gpus / split);
        return new ParallelLayout { Tp = tp, Pp = pp, Cp = cp, Dp = dp, Ep = Ep ?? 1, Vpp = Vpp ?? 1, MicroBatch = MicroBatch ?? 1, Recompute = recompute, Zero = zero, SequenceParallel = true };
    }

    private static string PathOf(string? field) => field switch
    {
        null => Names.Gpus,
        "micro_batch" => Names.MicroBatch,
        _ => "--" + field,
    };

    private static bool Degree(Problems problems, string path, int value) => Range(problems, path, value, 1, 1024);

    private static bool Range(Problems problems, string path, long value, long min, long max)
    {
        if (value >= min && value <= max)
        {
            return true;
        }

        problems.Error(path, I($"expected a whole number between {min:N0} and {max:N0}, found {value}"));
        return false;
    }

    private static void CheckTrace(Problems problems, string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            problems.Error(Names.Trace, "expected a file name for the timeline, found an empty name");
        }
        else if (Directory.Exists(path))
        {
            problems.Error(Names.Trace, $"expected a file name for the timeline, found the folder '{path}'");
        }
        else if (SpecialFiles.DescribeOutput(path) is { } special)
        {
            problems.Error(Names.Trace, $"expected a regular file for the timeline, found {special} ('{path}')");
        }
    }

    private static string Gib(Bytes b) => I($"{b.Gibibytes:0.0} GiB");

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>What <c>colossim train</c> answers.</summary>
public sealed record TrainResult
{
    /// <summary>The job.</summary>
    public required TrainingJob Job { get; init; }

    /// <summary>The planned cluster (network, prices, power).</summary>
    public required ClusterPlan Plan { get; init; }

    /// <summary>The layout's step (the best layout's, after a search).</summary>
    public required TrainingStep Step { get; init; }

    /// <summary>The search, when one ran.</summary>
    public LayoutSearchResult? Search { get; init; }

    /// <summary>The whole run, when tokens were given.</summary>
    public TrainingRun? Run { get; init; }

    /// <summary>The step's timeline per pipeline stage, when a trace was asked for (<see cref="TrainRequest.Trace"/>).</summary>
    public PipelineSchedule? Schedule { get; init; }
}
