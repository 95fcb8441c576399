using Colossim.Catalog;
using Colossim.Network;
using Colossim.Performance;
using Colossim.Units;

namespace Colossim.Training;

/// <summary>
/// Times one optimizer step of a training layout and sizes its memory. Compute comes from the performance model
/// (<see cref="StepModel"/>, <see cref="StepPhase.Train"/>, <see cref="Implementation.Engine"/> kernels: fused norms
/// and activations, flash attention forward and backward) for one micro-batch of one stage's layers, with the
/// tensor-parallel all-reduces and expert-parallel all-to-alls the step model asks of the
/// <see cref="ICommunication"/>; the rest of the traffic is asked here, over groups placed on the
/// <see cref="Topology"/>. Ranks are ordered tp, cp, pp, dp as in Llama 3 (tensor-parallel ranks consecutive, then
/// context, then pipeline stages, data-parallel replicas outermost); expert-parallel ranks are placed at stride tp.
/// <para>
/// Rules, each a first-order choice stated once: a stage's micro-batch time is its layers' compute and communication
/// plus its pipeline sends (2 × vpp per micro-batch, not overlapped); the pipeline takes
/// <c>m × slowest stage + (pp − 1) × mean stage ÷ vpp</c>; data-parallel gradient reduction (all-reduce, or
/// reduce-scatter with ZeRO) overlaps the backward pass of the last micro-batch (two thirds of a micro-batch) and the
/// weight all-gather of ZeRO-1/2 the forward pass of the first (one third), whatever does not fit is exposed; ZeRO-3
/// all-gathers the weights for each micro-batch's forward and backward, overlapped with that micro-batch; the optimizer
/// (fused Adam, 30 bytes of HBM traffic per parameter of the GPU's shard) runs after the reduction. Context parallelism
/// all-gathers K and V per layer (forward, and again when recomputing) and reduce-scatters their gradients; its
/// attention is the step model's for one chunk times cp (causal attention over the whole sequence, load-balanced).
/// </para>
/// Not thread-safe: one instance per thread. Predictions are cached per distinct shape (tp, ep, micro-batch, cp, recomputation).
/// </summary>
public sealed class TrainingStepModel
{
    private const double OptimizerBytesPerParameter = 30;
    private readonly Dictionary<(int Tp, int Ep), StepModel> _steps = [];
    private readonly Dictionary<(int Tp, int Ep, int Mb, int Cp, Recomputation R), ShapeCost> _shapes = [];
    private readonly Dictionary<(int Ranks, long Stride, long Span), CommGroup> _groups = [];
    private readonly Dictionary<(int Pp, int Vpp), Stage[]> _stages = [];
    private readonly Dictionary<(Collective C, double Bytes, CommGroup G, int Concurrent), double> _dataParallel = [];
    private readonly CollectiveModel? _collectives;
    private readonly GpuPowerModel _power;
    private readonly ModelSpec _timed;

    /// <summary>A model of <paramref name="job"/> on <paramref name="topology"/>, timing collectives with <paramref name="communication"/>.</summary>
    public TrainingStepModel(TrainingJob job, KernelModel kernels, Topology topology, ICommunication communication)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(kernels);
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(communication);
        Job = job;
        Kernels = kernels;
        Topology = topology;
        Communication = communication;
        _collectives = communication as CollectiveModel;
        _power = GpuPowerModel.For(kernels);

        // The step model expands every MLP as gated (gate and up, then down); a two-matrix (GELU) MLP of width f is timed
        // as a gated one of width 2f/3, which has the same GEMM FLOPs.
        var m = job.Model;
        _timed = m.Mlp == MlpKind.SwiGlu ? m : m with { Mlp = MlpKind.SwiGlu, FfnHiddenSize = Math.Max(1, (int)Math.Round(m.FfnHiddenSize * 2.0 / 3)), ExpertFfnHiddenSize = (int)Math.Round(m.ExpertFfnHiddenSize * 2.0 / 3) };
        FlopsPerToken = job.ModelFlopsPerToken();
        Peak = job.Gpu.PeakFor(job.Dtype)?.FlopsPerSecond ?? job.Gpu.DenseBf16.FlopsPerSecond;
    }

    /// <summary>The job.</summary>
    public TrainingJob Job { get; }

    /// <summary>The kernel model of the job's GPU.</summary>
    public KernelModel Kernels { get; }

    /// <summary>Where the ranks are.</summary>
    public Topology Topology { get; }

    /// <summary>Times every collective.</summary>
    public ICommunication Communication { get; }

    /// <summary>Model FLOPs per token (<see cref="TrainingJob.ModelFlopsPerToken"/>).</summary>
    public double FlopsPerToken { get; }

    /// <summary>The GPU's dense peak for the job's data type, FLOP/s.</summary>
    public double Peak { get; }

    /// <summary>The GPU's power model: the board power of the step's kernels, collectives and waits.</summary>
    public GpuPowerModel Power => _power;

    /// <summary>Distinct shapes the performance model has timed so far (each is three step predictions).</summary>
    public int ShapesTimed => _shapes.Count;

    /// <summary>
    /// Layers of each pipeline stage: as even as possible, the extra layers going to the middle stages first, so the
    /// first stage (embedding) and the last (LM head) get fewer when the layers do not divide evenly (Llama 3 405B:
    /// 126 layers over 16 stages, 7 on the first and last, 8 on the others).
    /// </summary>
    public static int[] StageLayers(int layers, int pp)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pp, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(layers, pp);
        var result = new int[pp];
        var baseLayers = layers / pp;
        var extra = layers % pp;
        Array.Fill(result, baseLayers);
        for (var i = 1; i < pp - 1 && extra > 0; i++, extra--)
        {
            result[i]++;
        }

        if (extra > 0)
        {
            result[pp - 1]++;
            extra--;
        }

        if (extra > 0)
        {
            result[0]++;
        }

        return result;
    }

    /// <summary>
    /// The pipeline bubble as a share of the ideal (bubble-free) pipeline time for balanced stages:
    /// <c>(pp − 1) ÷ (vpp × m)</c> for <paramref name="microBatches"/> micro-batches (Narayanan et al. 2021).
    /// </summary>
    public static double BubbleFraction(int pp, int vpp, long microBatches)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pp, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(vpp, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(microBatches, 1);
        return (pp - 1) / ((double)vpp * microBatches);
    }

    /// <summary>Times one optimizer step of <paramref name="layout"/>, which must be valid for the job (<see cref="TrainingJob.Check"/>).</summary>
    /// <exception cref="ArgumentException">The layout breaks the job's rules.</exception>
    public TrainingStep Evaluate(ParallelLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var job = Job;
        var (tp, pp, cp, dp, vpp) = (layout.Tp, layout.Pp, layout.Cp, layout.Dp, layout.Vpp);
        if (layout.Gpus != job.Gpus || job.Sequences % ((long)dp * layout.MicroBatch) != 0 || pp > job.Model.Layers)
        {
            throw new ArgumentException($"the layout {layout} does not fit the job (check it with TrainingJob.Check first)", nameof(layout));
        }

        var m = job.Sequences / ((long)dp * layout.MicroBatch);
        var cost = Shape(layout);
        var stages = Stages(pp, vpp);
        var p2p = pp > 1 ? 2 * vpp * Seconds(Collective.SendRecv, PipelineBytes(layout), Place(2, (long)tp * cp, 2L * tp * cp)) : 0;
        var grads = DataParallelGroups(layout);
        var (floor, communication) = (_power.Floor.Value, _power.Communication.Value);
        double slowest = 0, sum = 0, exposedDp = 0, optimizer = 0, modelComm = 0, busyEnergy = 0, optimizerBytes = 0;
        for (var i = 0; i < stages.Length; i++)
        {
            var s = stages[i];
            var gpu = cost.Base.Gpu + (s.Dense * cost.Dense.Gpu) + (s.Moe * cost.Moe.Gpu) + (s.Last ? cost.Head.Gpu : 0);
            var host = cost.Base.Host + (s.Dense * cost.Dense.Host) + (s.Moe * cost.Moe.Host) + (s.Last ? cost.Head.Host : 0);
            var comm = (s.Dense * cost.Dense.Comm) + (s.Moe * cost.Moe.Comm) + p2p;
            var t = Math.Max(gpu, host) + comm;
            sum += t;

            // Board energy of the stage's micro-batches: its kernels, dispatch waits and collectives as the step model
            // prices them, and the pipeline sends at the communication power.
            busyEnergy += m * (cost.Base.Energy + (s.Dense * cost.Dense.Energy) + (s.Moe * cost.Moe.Energy) + (s.Last ? cost.Head.Energy : 0) + (p2p * communication));
            if (t > slowest)
            {
                slowest = t;
                modelComm = comm;
            }

            var (dense, experts) = StageParameters(layout, s);
            exposedDp = Math.Max(exposedDp, ExposedDataParallel(layout, grads, dense, experts, t - p2p, m));
            var bytes = OptimizerBytesPerParameter * ((dense / grads.DenseShards) + (experts / grads.ExpertShards));
            optimizerBytes = Math.Max(optimizerBytes, bytes);
            optimizer = Math.Max(optimizer, bytes / job.Gpu.HbmBandwidth.BytesPerSecond);
        }

        var mean = sum / pp;
        var bubble = (pp - 1) * mean / vpp;
        var seconds = (m * slowest) + bubble + exposedDp + optimizer;

        // A GPU's step: its stage's micro-batches (busy), the exposed data-parallel traffic at the communication power,
        // the optimizer as a memory-bound kernel, and the rest of the step (bubble, waiting on slower stages) at the floor.
        var stageBusy = m * sum / pp;
        var optimizerEnergy = optimizer > 0 ? _power.Kernel(Duration.FromSeconds(optimizer), new Flops(0), new Bytes(optimizerBytes)).Energy.Joules : 0;
        var busy = new Energy(busyEnergy / pp);
        var dataParallel = new Energy(exposedDp * communication);
        var waiting = new Energy(Math.Max(0, seconds - stageBusy - exposedDp - optimizer) * floor);
        var energy = busy + dataParallel + new Energy(optimizerEnergy) + waiting;
        var flops = FlopsPerToken * job.GlobalBatchTokens;
        var perGpu = flops / seconds / job.Gpus;
        return new TrainingStep
        {
            Layout = layout,
            Time = Duration.FromSeconds(seconds),
            MicroBatches = m,
            StageTime = Duration.FromSeconds(slowest),
            ComputeTime = Duration.FromSeconds(m * slowest),
            BubbleTime = Duration.FromSeconds(bubble),
            ModelParallelCommunication = Duration.FromSeconds(m * modelComm),
            ExposedDataParallel = Duration.FromSeconds(exposedDp),
            OptimizerTime = Duration.FromSeconds(optimizer),
            TokensPerSecond = job.GlobalBatchTokens / seconds,
            ModelFlops = new Flops(flops),
            ModelFlopRatePerGpu = new FlopRate(perGpu),
            Mfu = perGpu / Peak,
            Memory = Memory(layout),
            Energy = new TrainingStepEnergy
            {
                Busy = busy,
                DataParallel = dataParallel,
                Optimizer = new Energy(optimizerEnergy),
                Waiting = waiting,
                Source = _power.Source,
            },
        };
    }

    /// <summary>
    /// Per pipeline stage (first to last), the time of one micro-batch as <see cref="Evaluate"/> prices it: the slowest
    /// of these totals is <see cref="TrainingStep.StageTime"/> and their mean sets <see cref="TrainingStep.BubbleTime"/>.
    /// <paramref name="layout"/> must be valid for the job (<see cref="TrainingJob.Check"/>). For <see cref="PipelineSchedule"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The layout breaks the job's rules.</exception>
    public IReadOnlyList<PipelineStageTime> StageTimes(ParallelLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var (tp, pp, cp, vpp) = (layout.Tp, layout.Pp, layout.Cp, layout.Vpp);
        if (layout.Gpus != Job.Gpus || pp > Job.Model.Layers)
        {
            throw new ArgumentException($"the layout {layout} does not fit the job (check it with TrainingJob.Check first)", nameof(layout));
        }

        var cost = Shape(layout);
        var stages = Stages(pp, vpp);
        var layers = StageLayers(Job.Model.Layers, pp);
        var p2p = pp > 1 ? 2 * vpp * Seconds(Collective.SendRecv, PipelineBytes(layout), Place(2, (long)tp * cp, 2L * tp * cp)) : 0;
        var result = new PipelineStageTime[pp];
        for (var i = 0; i < pp; i++)
        {
            var s = stages[i];
            var gpu = cost.Base.Gpu + (s.Dense * cost.Dense.Gpu) + (s.Moe * cost.Moe.Gpu) + (s.Last ? cost.Head.Gpu : 0);
            var host = cost.Base.Host + (s.Dense * cost.Dense.Host) + (s.Moe * cost.Moe.Host) + (s.Last ? cost.Head.Host : 0);
            var comm = (s.Dense * cost.Dense.Comm) + (s.Moe * cost.Moe.Comm);
            result[i] = new PipelineStageTime
            {
                Layers = layers[i],
                Compute = Duration.FromSeconds(Math.Max(gpu, host)),
                ModelParallelCommunication = Duration.FromSeconds(comm),
                PipelineSends = Duration.FromSeconds(p2p),
            };
        }

        return result;
    }

    /// <summary>Memory per GPU of <paramref name="layout"/> on its fullest pipeline stage (see <see cref="TrainingMemory"/>).</summary>
    public TrainingMemory Memory(ParallelLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var job = Job;
        var model = job.Model;
        var (tp, pp, vpp) = (layout.Tp, layout.Pp, layout.Vpp);
        var m = Math.Max(1, job.Sequences / Math.Max(1L, (long)layout.Dp * layout.MicroBatch));
        var tokens = (double)layout.MicroBatch * job.SeqLen / layout.Cp;
        var (denseLayer, moeLayer, fullLayer, fullMoeLayer) = ActivationBytesPerToken(layout);
        var grads = DataParallelGroups(layout);
        var weightBytes = job.Dtype == DataType.Fp8 ? 3.0 : 2.0;
        var z = layout.Zero;
        TrainingMemory? best = null;
        var stages = Stages(pp, vpp);
        for (var i = 0; i < stages.Length; i++)
        {
            var s = stages[i];
            var (dense, experts) = StageParameters(layout, s);
            double Sharded(ZeroStage from, double bytesPerParameter) =>
                bytesPerParameter * (z >= from ? (dense / grads.DenseShards) + (experts / grads.ExpertShards) : dense + experts);

            // 1F1B: stage i holds pp - i micro-batches at its peak; the interleaved schedule holds (1 + (pp - 1) / (pp × vpp)) times more; never more than the step's m.
            var inFlight = Math.Min(m, Math.Min(m, pp - i) * (vpp > 1 ? 1 + ((pp - 1) / ((double)pp * vpp)) : 1.0));
            var perMicroBatch = tokens * ((s.Dense * denseLayer) + (s.Moe * moeLayer));
            var activations = inFlight * perMicroBatch;
            if (layout.Recompute == Recomputation.Full)
            {
                // The layer being recomputed holds its full set while its backward runs.
                activations += tokens * (model.IsMixtureOfExperts && s.Moe > 0 ? fullMoeLayer : fullLayer);
            }

            if (s.Last)
            {
                // Logits of one micro-batch: bf16, with an fp32 copy for the loss and its fp32 gradient.
                activations += tokens * Math.Max(1, model.VocabSize / tp) * (2 + 4 + 4.0);
            }

            var weights = Sharded(ZeroStage.Parameters, weightBytes);
            if (z == ZeroStage.Parameters)
            {
                // The gathered weights of the layer being computed and the next one (prefetch).
                var layers = Math.Max(1, s.Dense + s.Moe);
                weights += 2 * weightBytes * (dense + experts) / layers;
            }

            var memory = new TrainingMemory
            {
                Weights = new Bytes(weights),
                Gradients = new Bytes(Sharded(ZeroStage.Gradients, 4)),
                OptimizerStates = new Bytes(Sharded(ZeroStage.Optimizer, 12)),
                Activations = new Bytes(activations),
                InFlightMicroBatches = inFlight,
                Stage = i,
                Capacity = job.Gpu.HbmCapacity,
            };
            if (best is null || memory.Total > best.Total)
            {
                best = memory;
            }
        }

        return best!;
    }

    // Bytes of activations kept per token per layer (bf16), for a dense and an MoE layer, under the layout's
    // recomputation, and the full set of one layer (what a fully recomputed layer holds while its backward runs).
    // Flash attention keeps Q, K, V, the output and a log-sum-exp per row, never the S×S scores.
    private (double Dense, double Moe, double FullDense, double FullMoe) ActivationBytesPerToken(ParallelLayout layout)
    {
        var model = Job.Model;
        var tp = layout.Tp;
        double h = model.HiddenSize;
        var r = layout.SequenceParallel && tp > 1 ? tp : 1;
        var q = (double)Math.Max(1, model.AttentionHeads / tp) * model.HeadDim;
        var kv = (double)Math.Max(1, model.KvHeads / tp) * model.HeadDim;
        var gatedOut = model.MlpMatrices - 1;

        // Norm inputs and outputs of both blocks (split over tp only with sequence parallelism); Q, K, V; attention output.
        var norms = 4 * 2 * h / r;
        var attention = 2 * (q + (2 * kv)) + (2 * q);
        var f = (double)model.FfnHiddenSize / tp;
        var denseMlp = 2 * f * (gatedOut + 1);
        var fe = (double)model.ExpertFfnHiddenSize / tp;
        var routed = model.ActiveExperts * ((2 * h) + (2 * fe * (gatedOut + 1)));
        var moeMlp = routed + (model.SharedExperts * 2 * fe * (gatedOut + 1));
        // Materialised attention keeps 5 bytes per score: softmax output, dropout mask and dropout output.
        var scores = Job.Attention == AttentionKernel.Materialized ? 5.0 * Math.Max(1, model.AttentionHeads / tp) * Job.SeqLen : 0;
        var fullDense = norms + attention + denseMlp + scores;
        var fullMoe = norms + attention + moeMlp + scores;
        return layout.Recompute switch
        {
            Recomputation.Full => (2 * h / r, 2 * h / r, fullDense, fullMoe),

            // Selective: the norms' outputs and the activation function's output are recomputed, not kept (and materialised scores).
            Recomputation.Selective => (fullDense - scores - (2 * 2 * h / r) - (2 * f), fullMoe - scores - (2 * 2 * h / r) - (2 * fe * (model.ActiveExperts + model.SharedExperts)), fullDense, fullMoe),
            _ => (fullDense, fullMoe, fullDense, fullMoe),
        };
    }

    // Parameters one GPU of a stage holds: dense (attention, dense MLPs, shared experts, norms, embedding on the first
    // stage, LM head on the last) over tp; routed experts over tp × ep.
    private (double Dense, double Experts) StageParameters(ParallelLayout layout, Stage s)
    {
        var model = Job.Model;
        var tp = layout.Tp;
        double h = model.HiddenSize;
        var attention = model.AttentionParametersPerLayer + (2 * h);
        var denseMlp = (double)model.MlpMatrices * h * model.FfnHiddenSize;
        var shared = (double)model.MlpMatrices * h * model.ExpertFfnHiddenSize * model.SharedExperts;
        var routed = (double)model.MlpMatrices * h * model.ExpertFfnHiddenSize * model.Experts / layout.Ep;
        var embedding = (double)model.VocabSize * h;
        var dense = (s.Dense * (attention + denseMlp)) + (s.Moe * (attention + shared));
        if (s.First)
        {
            dense += embedding;
        }

        if (s.Last && (!model.TiedEmbeddings || layout.Pp > 1))
        {
            dense += embedding;
        }

        return (dense / tp, s.Moe * routed / tp);
    }

    private (CommGroup Dense, CommGroup Experts, long DenseShards, long ExpertShards) DataParallelGroups(ParallelLayout layout)
    {
        var ranks = (long)layout.Dp * layout.Cp;
        var expertRanks = Math.Max(1, ranks / layout.Ep);
        var stride = layout.Cp > 1 ? layout.Tp : (long)layout.Tp * layout.Pp;
        var dense = Place((int)Math.Min(int.MaxValue, ranks), stride, Job.Gpus);
        var experts = Place((int)Math.Min(int.MaxValue, expertRanks), stride * layout.Ep, Job.Gpus);
        return (dense, experts, layout.Zero == ZeroStage.None ? 1 : ranks, layout.Zero == ZeroStage.None ? 1 : expertRanks);
    }

    private double ExposedDataParallel(ParallelLayout layout, (CommGroup Dense, CommGroup Experts, long DenseShards, long ExpertShards) groups, double dense, double experts, double microBatch, long m)
    {
        if (groups.Dense.Ranks <= 1 && groups.Experts.Ranks <= 1)
        {
            return 0;
        }

        // Gradients are reduced in fp32 (Llama 3); weights are gathered in bf16.
        var (denseGrad, expertGrad) = (new Bytes(4 * dense), new Bytes(4 * experts));
        var (denseWeights, expertWeights) = (new Bytes(2 * dense), new Bytes(2 * experts));

        // Every tensor, context and pipeline rank's data-parallel group reduces at once: they share the pods' uplinks.
        var concurrentDense = (int)Math.Clamp(Job.Gpus / Math.Max(1, groups.Dense.Ranks), 1, int.MaxValue);
        var concurrentExperts = (int)Math.Clamp(Job.Gpus / Math.Max(1, groups.Experts.Ranks), 1, int.MaxValue);
        double Dense(Collective c, Bytes b) => DataParallelSeconds(c, b, groups.Dense, concurrentDense);
        double Experts(Collective c, Bytes b) => DataParallelSeconds(c, b, groups.Experts, concurrentExperts);
        var backward = microBatch * 2 / 3;
        var forward = microBatch / 3;
        if (layout.Zero == ZeroStage.None)
        {
            var allReduce = Dense(Collective.AllReduce, denseGrad) + Experts(Collective.AllReduce, expertGrad);
            return Math.Max(0, allReduce - backward);
        }

        var reduce = Dense(Collective.ReduceScatter, denseGrad) + Experts(Collective.ReduceScatter, expertGrad);
        var gather = Dense(Collective.AllGather, denseWeights) + Experts(Collective.AllGather, expertWeights);
        return layout.Zero == ZeroStage.Parameters
            ? Math.Max(0, reduce - backward) + (m * Math.Max(0, (2 * gather) - microBatch))
            : Math.Max(0, reduce - backward) + Math.Max(0, gather - forward);
    }

    // Activations sent between pipeline stages per micro-batch (bf16 hidden states of its tokens; split over tp with
    // sequence parallelism, Megatron's scatter-gather otherwise, which does the same).
    private Bytes PipelineBytes(ParallelLayout layout) =>
        new(2.0 * layout.MicroBatch * Job.SeqLen / layout.Cp * Job.Model.HiddenSize / layout.Tp);

    private ShapeCost Shape(ParallelLayout layout)
    {
        var key = (layout.Tp, layout.Ep, layout.MicroBatch, layout.Cp, layout.Recompute);
        if (_shapes.TryGetValue(key, out var cost))
        {
            return cost;
        }

        cost = TimeShape(layout);
        _shapes[key] = cost;
        return cost;
    }

    private ShapeCost TimeShape(ParallelLayout layout)
    {
        var (tp, ep, cp) = (layout.Tp, layout.Ep, layout.Cp);
        if (!_steps.TryGetValue((tp, ep), out var step))
        {
            var sharding = new Sharding { Tp = tp, Ep = ep, TensorGroup = Place(tp, 1, tp), ExpertGroup = Place(ep, tp, (long)tp * ep) };
            step = new StepModel(_timed, Kernels, sharding, Communication);
            _steps[(tp, ep)] = step;
        }

        var full = layout.Recompute == Recomputation.Full;
        Part Predict(int layers, bool head)
        {
            var p = step.Predict(new StepRequest
            {
                Phase = StepPhase.Train,
                Batch = layout.MicroBatch,
                SeqLen = Job.SeqLen / cp,
                Dtype = Job.Dtype,
                Recompute = full,
                WithHead = head,
                Layers = layers,
                Implementation = Implementation.Engine,
            });
            return new Part(p.GpuTime.TotalSeconds, p.HostTime.TotalSeconds, p.CommunicationTime.TotalSeconds, p.AttentionTime.TotalSeconds, p.OtherTime.TotalSeconds, p.Energy.Joules);
        }

        var d = _timed.IsMixtureOfExperts ? _timed.DenseLayers : 0;
        var zero = Predict(0, false);
        var denseLayer = d > 0 || !_timed.IsMixtureOfExperts ? Predict(1, false) - zero : default;
        var moeLayer = _timed.IsMixtureOfExperts ? Predict(d + 1, false) - Predict(d, false) : default;
        var head = Predict(0, true) - zero;

        // Context parallelism: each rank's queries attend to the whole sequence (cp × the attention of one chunk); K and V
        // are all-gathered in the forward pass (again when recomputing) and their gradients reduce-scattered.
        double contextComm = 0;
        if (cp > 1)
        {
            var kv = (double)Math.Max(1, Job.Model.KvHeads / tp) * Job.Model.HeadDim;
            var bytes = new Bytes(2.0 * 2 * layout.MicroBatch * Job.SeqLen * kv);
            var group = Place(cp, tp, (long)tp * cp);
            contextComm = ((full ? 2 : 1) * Seconds(Collective.AllGather, bytes, group)) + Seconds(Collective.ReduceScatter, bytes, group);
        }

        // Materialised attention: full (non-causal) score GEMMs, twice the causal flash work, and the softmax and dropout
        // passes over the scores (forward: softmax, dropout; backward: dropout, softmax at 1.5 copies; recomputation, full
        // or selective, reruns the forward two).
        double scores = 0;
        if (Job.Attention == AttentionKernel.Materialized)
        {
            var rows = (double)layout.MicroBatch * Math.Max(1, Job.Model.AttentionHeads / tp) * (Job.SeqLen / cp);
            var copy = Kernels.Elementwise(ElementwiseOp.Copy, rows, Job.SeqLen).Seconds;
            scores = copy * (4.5 + (layout.Recompute == Recomputation.None ? 0 : 2));
        }

        // The added GPU time draws the layer's mean busy power (its energy less its collectives, over its GPU time); the
        // context-parallel collectives the communication power.
        var commWatts = _power.Communication.Value;
        Part Adjust(Part layer)
        {
            var extra = (layer.Attention * (cp - 1)) + (scores > 0 ? (layer.Attention * cp) + scores : 0) + (layout.Recompute == Recomputation.Selective ? layer.Other / 3 : 0);
            var busyWatts = layer.Gpu > 0 ? Math.Max(0, layer.Energy - (layer.Comm * commWatts)) / Math.Max(layer.Gpu, layer.Host) : _power.Floor.Value;
            return layer with
            {
                Gpu = layer.Gpu + extra,
                Comm = layer.Comm + contextComm,
                Energy = layer.Energy + (extra * busyWatts) + (contextComm * commWatts),
            };
        }

        return new ShapeCost(zero, Adjust(denseLayer), Adjust(moeLayer), head);
    }

    private Stage[] Stages(int pp, int vpp)
    {
        if (_stages.TryGetValue((pp, vpp), out var stages))
        {
            return stages;
        }

        var model = Job.Model;
        var layers = StageLayers(model.Layers, pp);
        stages = new Stage[pp];
        var start = 0;
        var denseLayers = model.IsMixtureOfExperts ? model.DenseLayers : model.Layers;
        for (var i = 0; i < pp; i++)
        {
            var dense = Math.Clamp(denseLayers - start, 0, layers[i]);
            stages[i] = new Stage(dense, layers[i] - dense, i == 0, i == pp - 1);
            start += layers[i];
        }

        _stages[(pp, vpp)] = stages;
        return stages;
    }

    private double Seconds(Collective collective, Bytes bytes, CommGroup group) =>
        group.Ranks <= 1 || bytes.Value <= 0 ? 0 : Communication.Time(collective, bytes, group).TotalSeconds;

    // A data-parallel collective with `concurrent` groups of its shape at once: the collective model shares the pods'
    // uplinks among them; another communication model times the group alone. Cached here (a search asks the same few
    // sizes again and again, and the collective model's own cache is shared and thread-safe, so slower to ask).
    private double DataParallelSeconds(Collective collective, Bytes bytes, CommGroup group, int concurrent)
    {
        if (group.Ranks <= 1 || bytes.Value <= 0)
        {
            return 0;
        }

        if (_collectives is null)
        {
            return Communication.Time(collective, bytes, group).TotalSeconds;
        }

        var key = (collective, bytes.Value, group, concurrent);
        if (!_dataParallel.TryGetValue(key, out var seconds))
        {
            seconds = _collectives.Predict(collective, bytes, group, concurrentGroups: concurrent).Time.TotalSeconds;
            if (_dataParallel.Count > 1 << 16)
            {
                _dataParallel.Clear();
            }

            _dataParallel[key] = seconds;
        }

        return seconds;
    }

    // Where `ranks` ranks at `stride` GPUs from each other are, within a span of `span` consecutive GPUs.
    private CommGroup Place(int ranks, long stride, long span)
    {
        var key = (ranks, stride, span);
        if (_groups.TryGetValue(key, out var group))
        {
            return group;
        }

        group = Topology.Group(ranks, stride, span);
        _groups[key] = group;
        return group;
    }

    private readonly record struct Stage(int Dense, int Moe, bool First, bool Last);

    // Seconds of one micro-batch's part, and its board energy in joules.
    private readonly record struct Part(double Gpu, double Host, double Comm, double Attention, double Other, double Energy)
    {
        public static Part operator -(Part a, Part b) => new(a.Gpu - b.Gpu, a.Host - b.Host, a.Comm - b.Comm, a.Attention - b.Attention, a.Other - b.Other, a.Energy - b.Energy);
    }

    private sealed record ShapeCost(Part Base, Part Dense, Part Moe, Part Head);
}
