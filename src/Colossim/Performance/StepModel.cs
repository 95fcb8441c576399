using System.Collections.Concurrent;
using Colossim.Catalog;
using Colossim.Units;

namespace Colossim.Performance;

/// <summary>What one step does.</summary>
public enum StepPhase
{
    /// <summary>A forward pass over whole prompts (B sequences of S tokens), then the LM head on each last token.</summary>
    Prefill,

    /// <summary>One decode token for each of B sequences against their cached contexts, then the LM head for all.</summary>
    Decode,

    /// <summary>A chunked-prefill step: a chunk of one prompt batched with B decode tokens (Sarathi-Serve, vLLM V1).</summary>
    Mixed,

    /// <summary>A training forward and backward pass over B sequences of S tokens (no optimizer step).</summary>
    Train,
}

/// <summary>Which implementation's kernels a step launches.</summary>
public enum Implementation
{
    /// <summary>Eager PyTorch as the reference probe writes it: unfused RMSNorm (8 kernels), SiLU and multiply, flash SDPA, no RoPE, no embedding.</summary>
    Reference,

    /// <summary>A serving or training engine: fused RMSNorm and SiLU-multiply, rotary embedding and embedding lookup.</summary>
    Engine,
}

/// <summary>
/// How a model is split over GPUs, as one GPU sees it; the step is timed on one GPU of the group. Tensor parallelism
/// divides attention heads, KV heads (replicated when tp exceeds them), the dense MLP's width and the vocabulary.
/// Expert parallelism divides each mixture-of-experts layer's experts: a GPU holds <c>experts / ep</c> of them, each
/// split over the tp ranks like a dense MLP (so tp 2, ep 2 holds half the expert weights of tp 2 alone); the tokens of
/// the GPU's batch go out to the experts' owners and their results come back (two all-to-alls per MoE layer), and in
/// expectation each GPU's experts receive as many token assignments as its own batch makes (tokens × top-k).
/// Attention and dense layers are replicated over the ep ranks, which process different batches (data parallelism).
/// </summary>
public sealed record Sharding
{
    /// <summary>Tensor-parallel degree, 1 to 1024: heads, KV heads (at least one), intermediate sizes and vocabulary are divided by it.</summary>
    public int Tp { get; init; } = 1;

    /// <summary>Expert-parallel degree, 1 to 1024: each GPU holds experts / ep of each MoE layer's experts.</summary>
    public int Ep { get; init; } = 1;

    /// <summary>Data-parallel ranks the optimizer states are sharded over (ZeRO-1 and above); 1 for none.</summary>
    public int ZeroShards { get; init; } = 1;

    /// <summary>Where the tensor-parallel ranks are; default: all <see cref="Tp"/> in one scale-up domain.</summary>
    public CommGroup? TensorGroup { get; init; }

    /// <summary>Where the expert-parallel ranks are; default: all <see cref="Ep"/> in one scale-up domain.</summary>
    public CommGroup? ExpertGroup { get; init; }

    /// <summary>One GPU, no sharding.</summary>
    public static Sharding None { get; } = new();

    /// <summary>
    /// What makes this split impossible for <paramref name="model"/>: tp must divide the attention heads and divide
    /// or be a multiple of the KV heads; ep above 1 only for a mixture-of-experts model, dividing its experts. Each
    /// problem names its field (<c>tp</c>, <c>ep</c>); empty when the split is possible.
    /// </summary>
    public IReadOnlyList<LayoutProblem> Check(ModelSpec model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var problems = new List<LayoutProblem>();
        if (Tp < 1 || model.AttentionHeads % Tp != 0)
        {
            problems.Add(new LayoutProblem("tp", $"expected a divisor of the {model.AttentionHeads} attention heads of {model.Name}, found {Tp}"));
        }
        else if (!model.IsLatentAttention && model.KvHeads % Tp != 0 && Tp % model.KvHeads != 0)
        {
            // KV heads are either split over the tensor-parallel ranks or replicated on groups of them (Megatron-LM).
            problems.Add(new LayoutProblem("tp", $"expected a divisor or a multiple of the {model.KvHeads} KV heads of {model.Name}, found {Tp}"));
        }

        if (Ep > 1 && !model.IsMixtureOfExperts)
        {
            problems.Add(new LayoutProblem("ep", $"expected 1 for {model.Name}, a dense model, found {Ep}"));
        }
        else if (Ep < 1 || (Ep > 1 && model.Experts % Ep != 0))
        {
            problems.Add(new LayoutProblem("ep", $"expected a divisor of the {model.Experts} experts of {model.Name}, found {Ep}"));
        }

        return problems;
    }
}

/// <summary>One broken rule of a parallel split.</summary>
/// <param name="Field">The field it is about (<c>tp</c>, <c>pp</c>, <c>ep</c>), or <see langword="null"/> for the layout as a whole.</param>
/// <param name="Message">What was expected and what was found.</param>
public sealed record LayoutProblem(string? Field, string Message);

/// <summary>One step to time.</summary>
public sealed record StepRequest
{
    /// <summary>What the step does.</summary>
    public required StepPhase Phase { get; init; }

    /// <summary>Sequences (prefill, train) or decode tokens (decode, mixed), at least 1.</summary>
    public int Batch { get; init; } = 1;

    /// <summary>Prompt tokens per sequence (prefill, train).</summary>
    public int SeqLen { get; init; } = 1;

    /// <summary>Cached tokens of every decode sequence (decode, mixed), unless <see cref="Contexts"/> gives one per sequence.</summary>
    public int Context { get; init; }

    /// <summary>Cached tokens of each decode sequence; overrides <see cref="Context"/> and <see cref="Batch"/>.</summary>
    public IReadOnlyList<int>? Contexts { get; init; }

    /// <summary>Tokens of the prompt chunk (mixed).</summary>
    public int Chunk { get; init; }

    /// <summary>Earlier tokens of the chunk's prompt that the chunk attends to (mixed; 0 for a first chunk).</summary>
    public int ChunkPrefix { get; init; }

    /// <summary>Data type of the layer GEMMs (bf16; fp8 quantises activations on the fly).</summary>
    public DataType Dtype { get; init; } = DataType.Bf16;

    /// <summary>Whether the step is replayed as a CUDA graph (no host dispatch); default: decode and mixed yes, prefill and train no.</summary>
    public bool? CudaGraph { get; init; }

    /// <summary>Training: recompute each layer's forward during the backward pass.</summary>
    public bool Recompute { get; init; }

    /// <summary>Training: include final norm, LM head and cross-entropy loss (otherwise a small reduction is the loss).</summary>
    public bool WithHead { get; init; } = true;

    /// <summary>Layers to run; default all of the model's.</summary>
    public int? Layers { get; init; }

    /// <summary>Mixture of experts: tokens of the busiest expert over the mean, 1 (balanced routing) to <see cref="StepModel.MaxHotExpertLoad"/> (every token on it); ignored for dense models.</summary>
    public double HotExpertLoad { get; init; } = 1.0;

    /// <summary>Whose kernels: the reference eager stack or an engine with fused kernels.</summary>
    public Implementation Implementation { get; init; } = Implementation.Reference;

    /// <summary>
    /// Data type of the KV cache: bf16 (default) or fp8 (TensorRT-LLM's and vLLM's fp8 KV cache), which halves the
    /// bytes per cached token (<see cref="MemoryEstimate.KvCachePerToken"/>) and the KV bytes decode attention reads
    /// (the bf16 kernel's time at the same KV bytes: half the context).
    /// </summary>
    public DataType KvDtype { get; init; } = DataType.Bf16;
}

/// <summary>The predicted time of one step on one GPU, with its breakdown (times to the nanosecond).</summary>
public sealed record StepPrediction
{
    /// <summary>Wall time of the step: <see cref="GpuTime"/> + <see cref="LaunchTime"/> + <see cref="CommunicationTime"/>.</summary>
    public required Duration Time { get; init; }

    /// <summary>GPU busy time: <see cref="GemmTime"/> + <see cref="AttentionTime"/> + <see cref="OtherTime"/>.</summary>
    public required Duration GpuTime { get; init; }

    /// <summary>Host dispatch time (eager launches); zero for a CUDA graph.</summary>
    public required Duration HostTime { get; init; }

    /// <summary>GPU time in GEMMs.</summary>
    public required Duration GemmTime { get; init; }

    /// <summary>GPU time in attention.</summary>
    public required Duration AttentionTime { get; init; }

    /// <summary>GPU time in memory-bound kernels; for a CUDA-graph step also the extra per-kernel cost of its graph's size over the calibration's graphs (<see cref="KernelModel.GraphKernelSeconds"/>).</summary>
    public required Duration OtherTime { get; init; }

    /// <summary>Host dispatch time the GPU waits for (host-bound eager steps): max(0, host - GPU).</summary>
    public required Duration LaunchTime { get; init; }

    /// <summary>Communication time from the <see cref="ICommunication"/> (not overlapped with compute).</summary>
    public required Duration CommunicationTime { get; init; }

    /// <summary>Floating-point operations.</summary>
    public required Flops Flops { get; init; }

    /// <summary>Bytes moved to and from HBM (estimate).</summary>
    public required Bytes Bytes { get; init; }

    /// <summary>Kernel launches.</summary>
    public required int Kernels { get; init; }

    /// <summary>Whether the GPU time is dominated by compute: kernels whose arithmetic intensity exceeds the GPU's ridge point for their data type.</summary>
    public required bool ComputeBound { get; init; }

    /// <summary>Achieved rate over the wall time (zero for a zero-length step).</summary>
    public FlopRate AchievedFlopRate => Time > Duration.Zero ? Flops / Time : new FlopRate(0);

    /// <summary>Achieved bandwidth over the wall time (zero for a zero-length step).</summary>
    public Bandwidth AchievedBandwidth => Time > Duration.Zero ? Bytes / Time : new Bandwidth(0);

    /// <summary>Which kernel path produced the times.</summary>
    public required KernelPath Path { get; init; }

    /// <summary>
    /// Mean board power of the GPU over <see cref="Time"/> (<see cref="GpuPowerModel"/>): each kernel at the power its
    /// achieved rates draw, capped at the power limit; host dispatch waits with the clocks up; collectives at the
    /// model's communication power.
    /// </summary>
    public Watts Power { get; init; }

    /// <summary>Board energy of one step: <see cref="Power"/> × <see cref="Time"/>, joules.</summary>
    public Energy Energy { get; init; }

    /// <summary>
    /// GPU time in kernels the power limit holds below the boost clock. Their times stay as predicted (the calibration
    /// measured them on the GPU under its limit); sustained, the model says they would take <see cref="KernelPower.Time"/>.
    /// </summary>
    public Duration PowerLimitedTime { get; init; }

    /// <summary>Wall time, seconds, unrounded: what validation compares with measurements, so that its errors do not move with the nanosecond rounding.</summary>
    internal double Seconds { get; init; }
}

/// <summary>A step whose predicted time is beyond what a <see cref="Duration"/> holds: the GPU's or model's figures are absurd.</summary>
public sealed class StepOutOfRangeException : Exception
{
    /// <summary>Creates the exception for a step of <paramref name="seconds"/> seconds.</summary>
    public StepOutOfRangeException(double seconds)
        : base(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"a step of {seconds:G3} s is beyond what a duration holds")) => Seconds = seconds;

    /// <summary>Creates the exception.</summary>
    public StepOutOfRangeException()
        : base("a step is beyond what a duration holds")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public StepOutOfRangeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public StepOutOfRangeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The predicted seconds (may be infinite or NaN).</summary>
    public double Seconds { get; }
}

/// <summary>Memory one GPU needs for a step.</summary>
public sealed record MemoryEstimate
{
    /// <summary>Weights held by this GPU.</summary>
    public required Bytes Weights { get; init; }

    /// <summary>KV cache of one token (all layers, this GPU's share of KV heads, bf16).</summary>
    public required Bytes KvCachePerToken { get; init; }

    /// <summary>KV cache of the step's sequences.</summary>
    public required Bytes KvCache { get; init; }

    /// <summary>Activations live at the peak (training: saved for the backward pass; inference: one layer's working set).</summary>
    public required Bytes Activations { get; init; }

    /// <summary>Gradients and optimizer states (training with Adam in mixed precision: 2 + 12 bytes per parameter, sharded over ZeRO ranks).</summary>
    public required Bytes OptimizerStates { get; init; }

    /// <summary>Everything.</summary>
    public Bytes Total => Weights + KvCache + Activations + OptimizerStates;
}

/// <summary>
/// Expands a model architecture into the kernels of one step (prefill, decode, chunked prefill or training forward and
/// backward, under tensor and expert parallelism) and times them with a <see cref="KernelModel"/>. The kernels are
/// those the reference implementation launches, in its order. A CUDA-graph step takes the GPU time; an eager step takes
/// <c>max(GPU time, host dispatch time)</c>, the steady state of back-to-back steps whose launches run ahead of the GPU.
/// Thread-safe; predictions are cached per request.
/// </summary>
public sealed class StepModel
{
    private const double AttentionBackwardFactor = 2.5;
    private const double ElementwiseBackwardFactor = 2.0;
    private const double BfloatRidge = 200;

    // A step (or its host time) this long or longer (63 years) does not fit a Duration with room for its parts, which
    // are summed after rounding: a Duration holds 292 years.
    internal const double MaxStepSeconds = 2e9;

    private readonly ConcurrentDictionary<StepRequest, StepPrediction> _cache = new();
    private readonly GpuPowerModel _power;

    /// <summary>Creates a step model; without <paramref name="communication"/>, collectives take no time (<see cref="NoCommunication"/>).</summary>
    public StepModel(ModelSpec model, KernelModel kernels, Sharding? sharding = null, ICommunication? communication = null)
    {
        Model = model;
        Kernels = kernels;
        Sharding = sharding ?? Sharding.None;
        Communication = communication ?? NoCommunication.Instance;
        TensorGroup = Sharding.TensorGroup ?? CommGroup.InOneScaleUpDomain(Math.Max(1, Sharding.Tp));
        ExpertGroup = Sharding.ExpertGroup ?? CommGroup.InOneScaleUpDomain(Math.Max(1, Sharding.Ep));
        ArgumentOutOfRangeException.ThrowIfLessThan(Sharding.Tp, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Sharding.Ep, 1);
        _power = GpuPowerModel.For(kernels);
    }

    /// <summary>The GPU's power model, which gives each kernel's power and the step's <see cref="StepPrediction.Energy"/>.</summary>
    public GpuPowerModel Power => _power;

    /// <summary>The architecture.</summary>
    public ModelSpec Model { get; }

    /// <summary>The kernel model.</summary>
    public KernelModel Kernels { get; }

    /// <summary>The sharding.</summary>
    public Sharding Sharding { get; }

    /// <summary>Times the tensor-parallel all-reduces and expert-parallel all-to-alls.</summary>
    public ICommunication Communication { get; }

    /// <summary>Where the tensor-parallel ranks are.</summary>
    public CommGroup TensorGroup { get; }

    /// <summary>Where the expert-parallel ranks are.</summary>
    public CommGroup ExpertGroup { get; }

    private int Tp => Sharding.Tp;

    private int QHeads => Math.Max(1, Model.AttentionHeads / Tp);

    private int KvHeads => Math.Max(1, Model.KvHeads / Tp);

    private long Inter => Math.Max(1, Model.FfnHiddenSize / Tp);

    private long Vocab => Math.Max(1, Model.VocabSize / Tp);

    /// <summary>Times one step.</summary>
    /// <exception cref="StepOutOfRangeException">The step is longer than a <see cref="Duration"/> holds (absurd GPU or model figures).</exception>
    public StepPrediction Predict(StepRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Contexts is null ? _cache.GetOrAdd(request, Compute) : Compute(request);
    }

    /// <summary>Memory one GPU needs for the step.</summary>
    public MemoryEstimate Memory(StepRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var m = Model;
        double h = m.HiddenSize;
        var layers = request.Layers ?? m.Layers;
        var weightBytes = WeightBytes(request.Dtype);
        var attention = m.AttentionParametersPerLayer / Tp;
        var denseMlp = (double)m.MlpMatrices * h * m.FfnHiddenSize / Tp;
        var localExperts = m.IsMixtureOfExperts ? Math.Max(1, m.Experts / Sharding.Ep) : 0;
        var expertMlp = m.IsMixtureOfExperts ? (double)m.MlpMatrices * h * m.ExpertFfnHiddenSize * (localExperts + m.SharedExperts) / Tp : 0;
        var moeLayers = m.IsMixtureOfExperts ? Math.Max(0, layers - m.DenseLayers) : 0;
        var denseLayers = layers - moeLayers;
        var layerParams = (layers * attention) + (denseLayers * denseMlp) + (moeLayers * expertMlp);
        var embed = (double)m.VocabSize * h * (m.TiedEmbeddings ? 1 : 2) / Tp;
        var parameters = layerParams + embed;
        var kvPerToken = layers * (m.IsLatentAttention ? m.KvElementsPerTokenPerLayer : 2.0 * KvHeads * m.HeadDim) * KvBytes(request);
        double Cached() => request.Contexts?.Sum(c => (double)c + 1) ?? (double)request.Batch * (request.Context + 1);
        double tokens = request.Phase switch
        {
            StepPhase.Decode => Cached(),
            StepPhase.Mixed => Cached() + request.ChunkPrefix + request.Chunk,
            _ => (double)request.Batch * request.SeqLen,
        };
        double activations;
        double optimizer = 0;
        if (request.Phase == StepPhase.Train)
        {
            // Korthikanti et al. 2022 with flash attention: 34 h bytes per token per layer saved (2 h with full recomputation), over TP.
            activations = layers * tokens * h * (request.Recompute ? 2 : 34) / Tp;
            if (request.WithHead)
            {
                activations += tokens * Vocab * (2 + 4 + 4);
            }

            optimizer = parameters * (2 + (12.0 / Math.Max(1, Sharding.ZeroShards)));
        }
        else
        {
            var step = request.Phase == StepPhase.Prefill ? tokens : (request.Contexts?.Count ?? request.Batch) + request.Chunk;
            activations = step * Math.Max(4 * h, 2 * 2 * (double)(m.IsMixtureOfExperts ? m.ExpertFfnHiddenSize * m.ActiveExperts / Tp : Inter)) * 2;
        }

        return new MemoryEstimate
        {
            Weights = new Bytes(parameters * weightBytes),
            KvCachePerToken = new Bytes(kvPerToken),
            KvCache = new Bytes(request.Phase == StepPhase.Train ? 0 : kvPerToken * tokens),
            Activations = new Bytes(activations),
            OptimizerStates = new Bytes(optimizer),
        };
    }

    /// <summary>
    /// The largest meaningful <see cref="StepRequest.HotExpertLoad"/> for <paramref name="model"/>: experts ÷ top-k,
    /// when the busiest expert receives every token (each token picks an expert at most once, and the mean expert gets
    /// tokens × top-k ÷ experts); 1 for a dense model.
    /// </summary>
    public static double MaxHotExpertLoad(ModelSpec model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model is { IsMixtureOfExperts: true, ActiveExperts: > 0 } ? (double)model.Experts / model.ActiveExperts : 1;
    }

    private StepPrediction Compute(StepRequest request)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Batch, 1);
        if (Model.IsMixtureOfExperts && !(request.HotExpertLoad >= 1 && request.HotExpertLoad <= MaxHotExpertLoad(Model)))
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.HotExpertLoad, $"the hot-expert load must be between 1 and experts / top-k ({MaxHotExpertLoad(Model)})");
        }

        var acc = new Accumulator(_power);
        var layers = request.Layers ?? Model.Layers;
        var moeLayers = Model.IsMixtureOfExperts ? Math.Max(0, layers - Model.DenseLayers) : 0;
        switch (request.Phase)
        {
            case StepPhase.Prefill:
                {
                    ArgumentOutOfRangeException.ThrowIfLessThan(request.SeqLen, 1);
                    var t = (long)request.Batch * request.SeqLen;
                    ForwardLayers(acc, request, t, layers, moeLayers, a => a.Add(KernelClass.Attention, Kernels.AttentionPrefill(request.Batch, request.SeqLen, 0, QHeads, KvHeads, Model.HeadDim)), prefillRows: t, decodeRows: 0, backward: false);
                    Head(acc, request, request.Batch);
                    break;
                }

            case StepPhase.Decode:
                {
                    var (b, total) = Contexts(request);
                    Action<Accumulator> attention = Model.IsLatentAttention
                        ? a => a.Add(KernelClass.Attention, Kernels.AttentionDecodeLatent(b, total, QHeads, Model.KvLoraRank, Model.QkRopeHeadDim, KvBytes(request)), BfloatRidge)
                        : a => a.Add(KernelClass.Attention, Kernels.AttentionDecode(b, total * KvBytes(request) / 2, QHeads, KvHeads, Model.HeadDim));
                    ForwardLayers(acc, request, b, layers, moeLayers, attention, prefillRows: 0, decodeRows: b, backward: false);
                    Head(acc, request, b);
                    break;
                }

            case StepPhase.Mixed:
                {
                    ArgumentOutOfRangeException.ThrowIfLessThan(request.Chunk, 1);
                    var (b, total) = Contexts(request);
                    var c = request.Chunk;
                    ForwardLayers(acc, request, c + b, layers, moeLayers, a =>
                    {
                        a.Add(KernelClass.Attention, Kernels.AttentionPrefill(1, c, request.ChunkPrefix, QHeads, KvHeads, Model.HeadDim));
                        a.Add(KernelClass.Attention, Model.IsLatentAttention
                            ? Kernels.AttentionDecodeLatent(b, total, QHeads, Model.KvLoraRank, Model.QkRopeHeadDim, KvBytes(request))
                            : Kernels.AttentionDecode(b, total * KvBytes(request) / 2, QHeads, KvHeads, Model.HeadDim));
                    }, prefillRows: c, decodeRows: b, backward: false);
                    Head(acc, request, b + 1);
                    break;
                }

            case StepPhase.Train:
                {
                    ArgumentOutOfRangeException.ThrowIfLessThan(request.SeqLen, 1);
                    var t = (long)request.Batch * request.SeqLen;
                    Action<Accumulator> attention = a => a.Add(KernelClass.Attention, Kernels.AttentionPrefill(request.Batch, request.SeqLen, 0, QHeads, KvHeads, Model.HeadDim));
                    ForwardLayers(acc, request, t, layers, moeLayers, attention, prefillRows: t, decodeRows: 0, backward: false);
                    if (request.Recompute)
                    {
                        ForwardLayers(acc, request, t, layers, moeLayers, attention, prefillRows: t, decodeRows: 0, backward: false);
                    }

                    ForwardLayers(acc, request, t, layers, moeLayers, attention, prefillRows: t, decodeRows: 0, backward: true);
                    TrainHead(acc, request, t);
                    break;
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(request), request.Phase, "unknown phase");
        }

        var graph = request.CudaGraph ?? request.Phase is StepPhase.Decode or StepPhase.Mixed;
        if (graph)
        {
            // The calibrated kernels were timed in graphs of about 12 calls; a step's graph holds all its kernels, and the
            // probe's graph launch records show each kernel costing more in a larger graph (0.82-0.88 us at 16-128
            // kernels, 0.99 us at 512). That difference, per kernel, is GPU time the kernel sums lack.
            acc.Other += acc.Kernels * Math.Max(0, Kernels.GraphKernelSeconds(Math.Max(1, acc.Kernels)) - Kernels.GraphKernelSeconds(KernelModel.CalibrationGraphKernels));
        }

        var hostSeconds = graph ? 0 : acc.Kernels * Kernels.Host.EagerSecondsPerKernel;
        var seconds = acc.Gemm + acc.Attention + acc.Other + Math.Max(0, hostSeconds - (acc.Gemm + acc.Attention + acc.Other)) + acc.Communication;
        if (!(seconds < MaxStepSeconds) || !(hostSeconds < MaxStepSeconds))
        {
            throw new StepOutOfRangeException(double.IsNaN(seconds) ? seconds : Math.Max(seconds, hostSeconds));
        }

        // The parts are rounded to whole nanoseconds one by one and the totals are their sums, so a breakdown adds up exactly.
        var (gemm, attn, other) = (Duration.FromSeconds(acc.Gemm), Duration.FromSeconds(acc.Attention), Duration.FromSeconds(acc.Other));
        var gpu = gemm + attn + other;
        var host = Duration.FromSeconds(hostSeconds);
        var launch = Duration.Max(Duration.Zero, host - gpu);
        var communication = Duration.FromSeconds(acc.Communication);
        var time = gpu + launch + communication;

        // Energy: each kernel at its power over its time; host dispatch waits with the clocks up; collectives at the
        // model's communication power.
        var energy = new Energy(acc.Energy) + (_power.Floor * launch) + (_power.Communication * communication);
        return new StepPrediction
        {
            Energy = energy,
            Power = time > Duration.Zero ? energy / time : _power.Floor,
            PowerLimitedTime = Duration.FromSeconds(acc.PowerLimited),
            Time = time,
            Seconds = seconds,
            GpuTime = gpu,
            HostTime = host,
            GemmTime = gemm,
            AttentionTime = attn,
            OtherTime = other,
            LaunchTime = launch,
            CommunicationTime = communication,
            Flops = new Flops(acc.Flops),
            Bytes = new Bytes(acc.Bytes),
            Kernels = acc.Kernels,
            ComputeBound = acc.ComputeSeconds >= acc.MemorySeconds,
            Path = Kernels.Path,
        };
    }

    private static (int Batch, double Total) Contexts(StepRequest request)
    {
        if (request.Contexts is { Count: > 0 } list)
        {
            double sum = 0;
            foreach (var c in list)
            {
                ArgumentOutOfRangeException.ThrowIfNegative(c);
                sum += c;
            }

            return (list.Count, sum);
        }

        ArgumentOutOfRangeException.ThrowIfNegative(request.Context);
        return (request.Batch, (double)request.Batch * request.Context);
    }

    // One pass over the layers: forward (backward false) or the backward of the forward (backward true).
    private void ForwardLayers(Accumulator acc, StepRequest request, long t, int layers, int moeLayers, Action<Accumulator> attention, long prefillRows, long decodeRows, bool backward)
    {
        var m = Model;
        var hd = m.HeadDim;
        long h = m.HiddenSize;
        var qkvWidth = (QHeads + (2L * KvHeads)) * hd;
        var attnWidth = (long)QHeads * hd;
        var engine = request.Implementation == Implementation.Engine;
        var norm = Norm(request);
        var act = engine ? ElementwiseOp.FusedSiluMul : ElementwiseOp.SiluMul;
        var dtype = request.Dtype;

        // Latent attention in decode runs in the weight-absorbed form (AttentionDecodeLatent); prefill and training keep
        // the full heads, as FlashMLA serving engines do. A chunked-prefill step keeps its projections for all its
        // tokens and adds W_UK and W_UV for its decode tokens, which attend in the absorbed form (vLLM's MLA backend).
        var absorbed = m.IsLatentAttention && request.Phase == StepPhase.Decode;
        var absorbedDecodeRows = m.IsLatentAttention && request.Phase == StepPhase.Mixed ? decodeRows : 0;
        var layer = new Accumulator(_power);
        var moeLayer = new Accumulator(_power);
        for (var kind = 0; kind < 2; kind++)
        {
            var moe = kind == 1;
            if ((moe && moeLayers == 0) || (!moe && layers - moeLayers == 0))
            {
                continue;
            }

            var a = moe ? moeLayer : layer;
            Elementwise(a, norm, t, h, backward);
            if (absorbed)
            {
                AbsorbedLatentProjections(a, t, dtype);
            }
            else
            {
                Linear(a, t, qkvWidth, h, dtype, backward);
            }

            if (absorbedDecodeRows > 0)
            {
                Linear(a, absorbedDecodeRows, (long)QHeads * m.KvLoraRank, hd, dtype, backward);
            }

            if (engine)
            {
                Elementwise(a, ElementwiseOp.Rope, t, absorbed ? (QHeads + 1.0) * m.QkRopeHeadDim : (QHeads + KvHeads) * (double)hd, backward);
            }

            if (backward)
            {
                var fwd = new Accumulator();
                attention(fwd);
                a.Add(KernelClass.Attention, new KernelTime(fwd.Attention * AttentionBackwardFactor, fwd.Flops * AttentionBackwardFactor, fwd.Bytes * 2, fwd.Kernels), BfloatRidge);
            }
            else
            {
                attention(a);
            }

            if (absorbed)
            {
                // The new token's latent and rotary key go into the cache; W_UV takes each head's attended latent back
                // to its value width before the output projection.
                Elementwise(a, ElementwiseOp.Copy, decodeRows, m.KvElementsPerTokenPerLayer, backward);
                Linear(a, t, (long)QHeads * hd, m.KvLoraRank, dtype, backward);
            }
            else if (decodeRows > 0)
            {
                Elementwise(a, ElementwiseOp.Copy, decodeRows, KvHeads * (double)hd, backward);
                Elementwise(a, ElementwiseOp.Copy, decodeRows, KvHeads * (double)hd, backward);
            }

            if (absorbedDecodeRows > 0)
            {
                Linear(a, absorbedDecodeRows, (long)QHeads * hd, m.KvLoraRank, dtype, backward);
            }

            if (prefillRows > 0)
            {
                Elementwise(a, ElementwiseOp.Copy, prefillRows, attnWidth, backward);
            }

            if (prefillRows > 0 && decodeRows > 0)
            {
                Elementwise(a, ElementwiseOp.Copy, prefillRows + decodeRows, attnWidth, backward);
            }

            Linear(a, t, h, attnWidth, dtype, backward);
            TensorParallelAllReduce(a, t, h);
            Elementwise(a, ElementwiseOp.Add, t, h, backward);
            Elementwise(a, norm, t, h, backward);
            if (moe)
            {
                var ep = Sharding.Ep;
                var localExperts = Math.Max(1, m.Experts / ep);
                var inter = Math.Max(1, m.ExpertFfnHiddenSize / Tp);
                Elementwise(a, ElementwiseOp.Copy, (double)t * m.ActiveExperts, h, backward);
                if (ep > 1)
                {
                    // Dispatch the tokens' bf16 hidden states to the experts' owners, and combine the results back.
                    a.Communication += 2 * Communication.Time(Collective.AllToAll, new Bytes(2.0 * t * m.ActiveExperts * h), ExpertGroup).TotalSeconds;
                }

                var (up, down, active, per) = Kernels.Experts(t, localExperts, m.ActiveExperts, h, inter, dtype, request.HotExpertLoad);
                AddGemm(a, up, backward, Ridge(dtype));
                Elementwise(a, act, active * per, inter, backward);
                AddGemm(a, down, backward, Ridge(dtype));
            }
            else
            {
                Linear(a, t, 2 * Inter, h, dtype, backward);
                Elementwise(a, act, t, Inter, backward);
                Linear(a, t, h, Inter, dtype, backward);
            }

            TensorParallelAllReduce(a, t, h);
            Elementwise(a, ElementwiseOp.Add, t, h, backward);
            if (backward)
            {
                // Gradients of the residual stream meet the gradients through each block: one accumulation add per block.
                Elementwise(a, ElementwiseOp.Add, t, h, backward: false);
                Elementwise(a, ElementwiseOp.Add, t, h, backward: false);
            }
        }

        acc.AddScaled(layer, layers - moeLayers);
        acc.AddScaled(moeLayer, moeLayers);
    }

    // The projections before absorbed latent attention (DeepSeek-V2, arXiv:2405.04434 §2.1.2-2.1.3; DeepSeek-V3,
    // arXiv:2412.19437 §2.1.1): the query down and up projections (or one direct projection without a query latent),
    // the KV down projection to the latent and rotary key, and W_UK absorbed into the query, each head's no-rope query
    // (head_dim) taken to the latent width, a batched GEMM over this GPU's heads timed as one GEMM of the same shape.
    private void AbsorbedLatentProjections(Accumulator a, long t, DataType dtype)
    {
        var m = Model;
        long h = m.HiddenSize;
        var qWidth = (long)QHeads * (m.HeadDim + m.QkRopeHeadDim);
        if (m.QLoraRank > 0)
        {
            Linear(a, t, m.QLoraRank, h, dtype, backward: false);
            Linear(a, t, qWidth, m.QLoraRank, dtype, backward: false);
        }
        else
        {
            Linear(a, t, qWidth, h, dtype, backward: false);
        }

        Linear(a, t, m.KvLoraRank + m.QkRopeHeadDim, h, dtype, backward: false);
        Linear(a, t, (long)QHeads * m.KvLoraRank, m.HeadDim, dtype, backward: false);
    }

    private void TensorParallelAllReduce(Accumulator a, long t, long h)
    {
        if (Tp > 1)
        {
            a.Communication += Communication.Time(Collective.AllReduce, new Bytes(2.0 * t * h), TensorGroup).TotalSeconds;
        }
    }

    private void Linear(Accumulator a, long m, long n, long k, DataType dtype, bool backward)
    {
        if (dtype is DataType.Fp8 or DataType.Fp4)
        {
            // Activations are quantised on the fly before each low-precision GEMM.
            Elementwise(a, ElementwiseOp.Copy, m, k, backward);
        }

        var ridge = Ridge(dtype);
        if (!backward)
        {
            a.Add(KernelClass.Gemm, Kernels.Gemm(m, n, k, dtype), ridge);
            return;
        }

        a.Add(KernelClass.Gemm, Kernels.Gemm(m, k, n, dtype), ridge);   // input gradient
        a.Add(KernelClass.Gemm, Kernels.Gemm(n, k, m, dtype), ridge);   // weight gradient
    }

    private static void AddGemm(Accumulator a, KernelTime gemm, bool backward, double ridge)
    {
        a.Add(KernelClass.Gemm, backward ? new KernelTime(2 * gemm.Seconds, 2 * gemm.FlopCount, 2 * gemm.ByteCount, 2) : gemm, ridge);
    }

    // Arithmetic intensity (FLOP per byte) above which a GEMM of `dtype` counts as compute-bound: 200 for bf16 (about
    // an H100's or H200's 989 TFLOP/s over 4.3-4.8 TB/s), scaled by the GPU's low-precision peak over its bf16 peak.
    private double Ridge(DataType dtype) =>
        dtype is DataType.Bf16 or DataType.Fp16 || !Kernels.Supports(dtype) ? BfloatRidge : BfloatRidge * Kernels.Peak(dtype) / Kernels.Peak(DataType.Bf16);

    // Bytes per weight: bf16 2; fp8 1; fp4 half a byte plus one fp8 scale per 16 values (NVFP4 microscaling).
    /// <summary>Bytes of one cached K or V element: 1 for an fp8 cache, else 2.</summary>
    private static double KvBytes(StepRequest request) => request.KvDtype == DataType.Fp8 ? 1 : 2;

    private static double WeightBytes(DataType dtype) => dtype switch
    {
        DataType.Fp8 => 1.0,
        DataType.Fp4 => 0.5 + (1.0 / 16),
        _ => 2.0,
    };

    private void Elementwise(Accumulator a, ElementwiseOp op, double rows, double width, bool backward)
    {
        var k = Kernels.Elementwise(op, rows, width);
        if (backward)
        {
            k = new KernelTime(k.Seconds * ElementwiseBackwardFactor, k.FlopCount, k.ByteCount * ElementwiseBackwardFactor, k.Kernels * 2);
        }

        a.Add(KernelClass.Other, k);
    }

    private void Head(Accumulator acc, StepRequest request, long rows)
    {
        if (request.Implementation == Implementation.Engine)
        {
            var tokens = request.Phase switch
            {
                StepPhase.Prefill => (double)request.Batch * request.SeqLen,
                StepPhase.Mixed => request.Chunk + (request.Contexts?.Count ?? request.Batch),
                _ => rows,
            };
            Elementwise(acc, ElementwiseOp.Embedding, tokens, Model.HiddenSize, backward: false);
        }

        Elementwise(acc, Norm(request), rows, Model.HiddenSize, backward: false);
        acc.Add(KernelClass.Gemm, Kernels.Gemm(rows, Vocab, Model.HiddenSize, DataType.Bf16));
    }

    private static ElementwiseOp Norm(StepRequest request) =>
        request.Implementation == Implementation.Engine ? ElementwiseOp.FusedRmsNorm : ElementwiseOp.RmsNorm;

    private void TrainHead(Accumulator acc, StepRequest request, long t)
    {
        long h = Model.HiddenSize;
        if (!request.WithHead)
        {
            Elementwise(acc, ElementwiseOp.Reduction, t, h, backward: false);
            Elementwise(acc, ElementwiseOp.Reduction, t, h, backward: false);
            return;
        }

        foreach (var backward in new[] { false, true })
        {
            Elementwise(acc, ElementwiseOp.RmsNorm, t, h, backward);
            Linear(acc, t, Vocab, h, DataType.Bf16, backward);
            Elementwise(acc, ElementwiseOp.Cast, t, Vocab, backward: false);
            Elementwise(acc, ElementwiseOp.CrossEntropy, t, Vocab, backward: false);
        }
    }

    // Sums raw seconds, FLOPs and bytes: a step adds up thousands of kernels, and rounding each to a whole nanosecond
    // (what a Duration holds) would bias the sum; the prediction is typed once, at the end.
    private sealed class Accumulator(GpuPowerModel? power = null)
    {
        // The power hook (issue 9): joules of the kernels added, and their time held at the power limit.
        public double Energy;
        public double PowerLimited;
        public double Gemm;
        public double Attention;
        public double Other;
        public double Communication;
        public double Flops;
        public double Bytes;
        public int Kernels;
        public double ComputeSeconds;
        public double MemorySeconds;

        public void Add(KernelClass kind, KernelTime k, double ridge = BfloatRidge)
        {
            switch (kind)
            {
                case KernelClass.Gemm: Gemm += k.Seconds; break;
                case KernelClass.Attention: Attention += k.Seconds; break;
                default: Other += k.Seconds; break;
            }

            Flops += k.FlopCount * (kind == KernelClass.Other ? 0 : 1);
            Bytes += k.ByteCount;
            Kernels += k.Kernels;
            if (power is not null && k.Seconds > 0)
            {
                // The kernel's data type is known here only through its ridge point, which scales with its peak rate.
                var peak = power.Gpu.PeakFor(DataType.Bf16) is { } bf16 ? bf16.FlopsPerSecond * ridge / BfloatRidge : 0;
                var (watts, clock) = power.Draw(k.Seconds, kind == KernelClass.Other ? 0 : k.FlopCount, k.ByteCount, peak);
                Energy += watts * k.Seconds;
                PowerLimited += clock < 1 ? k.Seconds : 0;
            }

            // Whether each kernel is compute- or memory-bound, weighted by its time (intensity over the dtype's ridge point).
            if (kind != KernelClass.Other && k.FlopCount / Math.Max(k.ByteCount, 1) > ridge)
            {
                ComputeSeconds += k.Seconds;
            }
            else
            {
                MemorySeconds += k.Seconds;
            }
        }

        public void AddScaled(Accumulator other, int times)
        {
            Gemm += other.Gemm * times;
            Attention += other.Attention * times;
            Other += other.Other * times;
            Communication += other.Communication * times;
            Flops += other.Flops * times;
            Bytes += other.Bytes * times;
            Kernels += other.Kernels * times;
            ComputeSeconds += other.ComputeSeconds * times;
            MemorySeconds += other.MemorySeconds * times;
            Energy += other.Energy * times;
            PowerLimited += other.PowerLimited * times;
        }
    }
}
