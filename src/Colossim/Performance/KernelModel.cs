using System.Collections.Concurrent;
using Colossim.Catalog;
using Colossim.Units;

namespace Colossim.Performance;

/// <summary>Memory-bound operations the step model launches, with the kernels and bytes each one costs.</summary>
public enum ElementwiseOp
{
    /// <summary>RMSNorm as eager PyTorch writes it (to fp32, square, mean, add, rsqrt, multiply, to bf16, scale): 8 kernels, 36 bytes per element.</summary>
    RmsNorm,

    /// <summary>SiLU of the gate times the up projection, unfused: 2 kernels, 10 bytes per output element.</summary>
    SiluMul,

    /// <summary>A residual add: 1 kernel, 6 bytes per element.</summary>
    Add,

    /// <summary>A copy (transpose to contiguous, concatenation, KV-cache write): 1 kernel, 4 bytes per element.</summary>
    Copy,

    /// <summary>A fused RMSNorm kernel (serving engines): 1 kernel, 4 bytes per element.</summary>
    FusedRmsNorm,

    /// <summary>A fused SiLU-and-multiply kernel: 1 kernel, 6 bytes per output element.</summary>
    FusedSiluMul,

    /// <summary>Rotary embedding of queries and keys: 1 kernel, 4 bytes per element.</summary>
    Rope,

    /// <summary>A cast from bf16 to fp32: 1 kernel, 6 bytes per element.</summary>
    Cast,

    /// <summary>Cross-entropy over fp32 logits (log-softmax and gather): 2 kernels, 8 bytes per element.</summary>
    CrossEntropy,

    /// <summary>An embedding lookup: 1 kernel, 4 bytes per element of the output.</summary>
    Embedding,

    /// <summary>A small reduction chain (a loss such as <c>y.float().pow(2).mean()</c>): 3 kernels, 18 bytes per element.</summary>
    Reduction,
}

/// <summary>Which kind of kernel, for step breakdowns.</summary>
public enum KernelClass
{
    /// <summary>Matrix multiplications (projections, MLP, experts, LM head).</summary>
    Gemm,

    /// <summary>Attention (flash SDPA, prefill or decode).</summary>
    Attention,

    /// <summary>Memory-bound kernels: norms, activations, adds, copies, casts, losses.</summary>
    Other,
}

/// <summary>How a time was obtained.</summary>
public enum KernelPath
{
    /// <summary>Interpolated in the GPU's own calibration table.</summary>
    Calibrated,

    /// <summary>A roofline with the efficiency curves of a calibrated GPU, scaled to this GPU's catalog peaks.</summary>
    Roofline,
}

/// <summary>The cost of one kernel (or a short fixed chain of kernels).</summary>
/// <remarks>
/// The kernel and step models add up thousands of kernel times per step in their inner loops; they keep raw seconds,
/// FLOPs and bytes (doubles, internal) so that sums are not rounded to whole nanoseconds kernel by kernel. The public
/// view is typed.
/// </remarks>
public readonly record struct KernelTime
{
    internal KernelTime(double seconds, double flops, double bytes, int kernels)
    {
        Seconds = seconds;
        FlopCount = flops;
        ByteCount = bytes;
        Kernels = kernels;
    }

    /// <summary>GPU time, to the nanosecond.</summary>
    public Duration Time => Duration.FromSeconds(Seconds);

    /// <summary>Floating-point operations.</summary>
    public Flops Flops => new(FlopCount);

    /// <summary>Bytes moved to and from HBM (an estimate: inputs read once, outputs written once).</summary>
    public Bytes Bytes => new(ByteCount);

    /// <summary>Kernel launches it takes (1 or more).</summary>
    public int Kernels { get; }

    /// <summary>GPU time, seconds (unrounded; for the models' inner sums).</summary>
    internal double Seconds { get; }

    internal double FlopCount { get; }

    internal double ByteCount { get; }
}

/// <summary>
/// How long one kernel takes on one GPU. With a calibration set, times are interpolated in its tables (monotone,
/// piecewise linear in log space; between measured shapes, the efficiency of the nearest measured shapes is carried
/// over). Without one, the times of a calibrated reference GPU are scaled by the ratio of the two GPUs' rooflines
/// <c>max(flops / peak, bytes / bandwidth)</c>, so the reference's efficiency curves carry over to catalog specs.
/// Thread-safe; results are cached per shape.
/// </summary>
public sealed class KernelModel
{
    private const double DefaultComputeEfficiency = 0.70;
    private const double DefaultBandwidthEfficiency = 0.89;

    private readonly Dictionary<DataType, GemmTable> _gemm = [];
    private readonly Dictionary<(int, int, int), MonotoneCurve> _prefill = [];
    private readonly Dictionary<(int, int, int), MonotoneCurve> _decode = [];
    private readonly Dictionary<ElementwiseOp, (double Width, MonotoneCurve Curve)[]> _elementwise = [];
    private readonly Dictionary<ElementwiseOp, FusedKernelFit> _fused = [];
    private readonly ConcurrentDictionary<(long, long, long, DataType), KernelTime> _gemmCache = new();
    private readonly KernelModel? _reference;

    private KernelModel(GpuSpec gpu, CalibrationSet? calibration, KernelModel? reference)
    {
        Gpu = gpu;
        Calibration = calibration is { IsEmpty: false } ? calibration : null;
        _reference = Calibration is null ? reference : null;
        Path = Calibration is null ? KernelPath.Roofline : KernelPath.Calibrated;
        var bandwidthEfficiency = _reference is { } r ? r.Bandwidth / r.Gpu.HbmBandwidth.BytesPerSecond : DefaultBandwidthEfficiency;
        Bandwidth = calibration is { CopyBandwidthBytesPerSecond: > 0 } c ? c.CopyBandwidthBytesPerSecond : gpu.HbmBandwidth.BytesPerSecond * bandwidthEfficiency;
        Host = DeriveHost(calibration, reference);
        if (Calibration is not null)
        {
            BuildTables(Calibration);
        }

        (UncertaintyPct, UncertaintyBasis) = CrossGpuUncertainty(gpu, _reference);
        PathDescription = Calibration is not null
            ? $"calibrated ({string.Join(", ", Calibration.Sources)})"
            : _reference is not null
                ? $"roofline with the efficiency curves of {_reference.Gpu.Id} (no calibration for {gpu.Id})"
                : $"roofline with default efficiencies (compute {DefaultComputeEfficiency:0.00}, memory {DefaultBandwidthEfficiency:0.00})";
    }

    /// <summary>The GPU modelled.</summary>
    public GpuSpec Gpu { get; }

    /// <summary>The calibration set in use, or <see langword="null"/> on the roofline path.</summary>
    public CalibrationSet? Calibration { get; }

    /// <summary>Which path produces the times.</summary>
    public KernelPath Path { get; }

    /// <summary>The path in words, for reports (<c>calibrated (microbench.jsonl, ...)</c>).</summary>
    public string PathDescription { get; }

    /// <summary>
    /// The stated uncertainty of this model's times, percent, for a GPU predicted through the roofline path from a
    /// calibrated one: the cross-GPU error measured for this GPU (<see cref="CalibrationSet.CrossGpuErrors"/>), or the
    /// largest measured for any GPU when none was measured for this one. <see langword="null"/> for a calibrated GPU (see
    /// docs/validation.md for its errors) and for the default-efficiency roofline (no measurement to state).
    /// </summary>
    public double? UncertaintyPct { get; }

    /// <summary>How <see cref="UncertaintyPct"/> was measured, in words; <see langword="null"/> when it is.</summary>
    public string? UncertaintyBasis { get; }

    /// <summary>Effective HBM bandwidth, bytes/s (measured, or the catalog's peak times the reference's efficiency).</summary>
    public double Bandwidth { get; }

    /// <summary>Host dispatch and graph launch costs.</summary>
    public HostProfile Host { get; }

    /// <summary>A model from a calibration set (interpolation), or, when <paramref name="calibration"/> is null or empty, the roofline path scaled from <paramref name="reference"/> (or default efficiencies).</summary>
    public static KernelModel Create(GpuSpec gpu, CalibrationSet? calibration, KernelModel? reference = null) => new(gpu, calibration, reference);

    /// <summary>
    /// The model Colossim uses for <paramref name="gpu"/>: its built-in calibration (plus <paramref name="extra"/>) when
    /// there is one, else the roofline path scaled from the built-in calibrated GPU closest in kind (H200).
    /// </summary>
    public static KernelModel For(GpuSpec gpu, ColossimCatalog catalog, CalibrationSet? extra = null)
    {
        var set = CalibrationSet.BuiltIn(gpu.Id);
        if (extra is not null)
        {
            set = set is null ? extra : set.Merge(extra);
        }

        if (set is { IsEmpty: false })
        {
            return new KernelModel(gpu, set, null);
        }

        KernelModel? reference = null;
        foreach (var id in CalibrationSet.BuiltInGpus)
        {
            if (catalog.TryGetGpu(id, out var refGpu) && CalibrationSet.BuiltIn(id) is { } refSet)
            {
                reference = new KernelModel(refGpu, refSet, null);
                break;
            }
        }

        return new KernelModel(gpu, set, reference);
    }

    /// <summary>Kernels in the CUDA graphs that timed the calibrated kernels: the probe captures at least 12 calls per graph.</summary>
    public const int CalibrationGraphKernels = 12;

    /// <summary>
    /// GPU time per tiny kernel replayed in a CUDA graph of <paramref name="graphKernels"/> kernels (1 or more), seconds:
    /// interpolated in log(kernels) between the calibration's graph launch records (the reference GPU's on the roofline
    /// path) and held at the nearest measured size outside them; <see cref="HostProfile.GraphSecondsPerKernel"/> without
    /// such records.
    /// </summary>
    public double GraphKernelSeconds(double graphKernels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(graphKernels, 1);
        var samples = (Calibration ?? _reference?.Calibration)?.GraphLaunches ?? [];
        if (samples.IsEmpty)
        {
            return Host.GraphSecondsPerKernel;
        }

        // Median per size, sorted by size.
        var points = samples.GroupBy(g => g.Kernels).Select(g => (X: Math.Log(g.Key), Y: Median(g.Select(s => s.SecondsPerKernel)))).OrderBy(p => p.X).ToArray();
        var x = Math.Log(graphKernels);
        if (x <= points[0].X)
        {
            return points[0].Y;
        }

        for (var i = 1; i < points.Length; i++)
        {
            if (x <= points[i].X)
            {
                var t = (x - points[i - 1].X) / (points[i].X - points[i - 1].X);
                return points[i - 1].Y + (t * (points[i].Y - points[i - 1].Y));
            }
        }

        return points[^1].Y;
    }

    /// <summary>Peak dense rate for <paramref name="dtype"/>, FLOP/s; throws when the GPU lacks it (check with <see cref="Supports"/>).</summary>
    public double Peak(DataType dtype) => Gpu.PeakFor(dtype)?.FlopsPerSecond
        ?? throw new ArgumentException($"{Gpu.Id} has no {dtype} tensor cores", nameof(dtype));

    /// <summary>Whether the GPU has tensor cores for <paramref name="dtype"/>.</summary>
    public bool Supports(DataType dtype) => Gpu.PeakFor(dtype) is not null;

    /// <summary>Roofline time <c>max(flops / peak, bytes / bandwidth)</c>, seconds.</summary>
    public double Roofline(double flops, double bytes, DataType dtype = DataType.Bf16) => Math.Max(flops / Peak(dtype), bytes / Bandwidth);

    /// <summary>A GEMM <c>[M,K] x [K,N]</c> with inputs of <paramref name="dtype"/> and a bf16 output.</summary>
    public KernelTime Gemm(long m, long n, long k, DataType dtype = DataType.Bf16)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(m, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        return _gemmCache.GetOrAdd((m, n, k, dtype), key => ComputeGemm(key.Item1, key.Item2, key.Item3, key.Item4));
    }

    /// <summary>
    /// Causal attention (flash SDPA, grouped-query) of <paramref name="seqLen"/> new tokens per sequence that also
    /// attend to <paramref name="prefix"/> earlier tokens (0 for a whole prompt; the context before a chunk otherwise).
    /// </summary>
    public KernelTime AttentionPrefill(int batch, int seqLen, int prefix, int qHeads, int kvHeads, int headDim)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(seqLen, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(prefix);
        double pairs = (double)seqLen * (prefix + (seqLen / 2.0));
        var flops = 4.0 * batch * qHeads * headDim * pairs;
        var bytes = 2.0 * 2 * batch * headDim * ((double)seqLen * qHeads + ((double)(seqLen + prefix) * kvHeads));
        var key = (qHeads, kvHeads, headDim);
        double seconds;
        if (Calibration is not null && _prefill.Count > 0)
        {
            seconds = Interpolate(_prefill, key, flops, x => Roofline(x, x / flops * bytes));
        }
        else if (_reference is not null)
        {
            var refTime = _reference.AttentionPrefill(batch, seqLen, prefix, qHeads, kvHeads, headDim).Seconds;
            seconds = Scale(refTime, _reference.Roofline(flops, bytes), Roofline(flops, bytes), 1);
        }
        else
        {
            seconds = Host.GraphSecondsPerKernel + Math.Max(flops / (Peak(DataType.Bf16) * 0.6), bytes / Bandwidth);
        }

        return new KernelTime(seconds, flops, bytes, 1);
    }

    /// <summary>Decode attention: one query token for each of <paramref name="batch"/> sequences against <paramref name="totalContext"/> cached tokens in all (bf16 K and V).</summary>
    public KernelTime AttentionDecode(int batch, double totalContext, int qHeads, int kvHeads, int headDim)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(totalContext);
        var kvBytes = Math.Max(1, 2.0 * 2 * kvHeads * headDim * totalContext);
        var flops = 4.0 * qHeads * headDim * totalContext;
        var bytes = kvBytes + (2.0 * 2 * batch * qHeads * headDim);
        double seconds;
        if (Calibration is not null && _decode.Count > 0)
        {
            seconds = Interpolate(_decode, (qHeads, kvHeads, headDim), kvBytes, x => Roofline(flops * x / kvBytes, x + (bytes - kvBytes)));
        }
        else if (_reference is not null)
        {
            var refTime = _reference.AttentionDecode(batch, totalContext, qHeads, kvHeads, headDim).Seconds;
            seconds = Scale(refTime, _reference.Roofline(flops, bytes), Roofline(flops, bytes), 1);
        }
        else
        {
            seconds = Host.GraphSecondsPerKernel + (bytes / Bandwidth);
        }

        return new KernelTime(seconds, flops, bytes, 1);
    }

    /// <summary>
    /// Decode attention of multi-head latent attention (DeepSeek-V2/V3) in the weight-absorbed form that FlashMLA and
    /// the MLA decode kernels of vLLM and SGLang run: W_UK is absorbed into the query and W_UV applied after attention
    /// (DeepSeek-V2, arXiv:2405.04434 §2.1.2-2.1.3: "we can absorb W^UK into W^UQ, and W^UV into W^O"; FlashMLA,
    /// github.com/deepseek-ai/FlashMLA README), so every head attends over the compact latent cache: per cached token,
    /// <paramref name="latentDim"/> compressed elements and <paramref name="ropeDim"/> rotary-key elements, read once
    /// per sequence and shared by all <paramref name="qHeads"/> heads (one KV head of width latent + rope, MQA-like).
    /// FLOPs: heads × context × 2 × ((latent + rope) for the scores + latent for the weighted sum). Bytes: the latent
    /// cache at <paramref name="kvElementBytes"/> per element, the queries (bf16, latent + rope per head) and the
    /// outputs (bf16, latent per head). Timed as the calibrated decode kernels' time for the same bytes (their memory
    /// efficiency), stretched by the kernel's roofline over its memory roof where its FLOPs bind.
    /// </summary>
    internal KernelTime AttentionDecodeLatent(int batch, double totalContext, int qHeads, int latentDim, int ropeDim, double kvElementBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(totalContext);
        double width = latentDim + ropeDim;
        var kvBytes = Math.Max(1, width * kvElementBytes * totalContext);
        var flops = 2.0 * qHeads * totalContext * (width + latentDim);
        var bytes = kvBytes + (2.0 * batch * qHeads * (width + latentDim));
        double seconds;
        if (Calibration is not null && _decode.Count > 0)
        {
            // The calibrated kernels' time at these bytes (flash decoding is memory-bound), then the compute roof: with
            // 128 heads sharing one latent the kernel does about 240 FLOP per bf16 byte, near an H100's ridge point.
            var memory = Interpolate(_decode, (qHeads, 1, (int)width), kvBytes, x => (x + (bytes - kvBytes)) / Bandwidth);
            seconds = memory * Roofline(flops, bytes) / (bytes / Bandwidth);
        }
        else if (_reference is not null)
        {
            var refTime = _reference.AttentionDecodeLatent(batch, totalContext, qHeads, latentDim, ropeDim, kvElementBytes).Seconds;
            seconds = Scale(refTime, _reference.Roofline(flops, bytes), Roofline(flops, bytes), 1);
        }
        else
        {
            seconds = Host.GraphSecondsPerKernel + Roofline(flops, bytes);
        }

        return new KernelTime(seconds, flops, bytes, 1);
    }

    /// <summary>A memory-bound operation over <paramref name="rows"/> x <paramref name="width"/> elements.</summary>
    public KernelTime Elementwise(ElementwiseOp op, double rows, double width)
    {
        var elements = Math.Max(1, rows * width);
        var (kernels, bytesPerElement) = Shape(op);
        var fused = FusedFitFor(op);
        var bytes = elements * (fused?.BytesPerElement ?? bytesPerElement);
        double seconds;
        if (_elementwise.TryGetValue(op, out var sweeps))
        {
            // Sweeps by row width; another width borrows the nearest widths' times at the same element count.
            double sumW = 0, sumLog = 0;
            foreach (var (w, curve) in sweeps)
            {
                var d2 = Sq(Math.Log(width / w));
                var weight = 1 / (d2 + 1e-3);
                var x = elements / w;
                var t = curve.TryEvaluate(x, out var y, out var above) ? y : ExtrapolateMemory(curve, x, above, kernels, bytesPerElement * w);
                sumW += weight;
                sumLog += weight * Math.Log(t);
                if (d2 < 1e-12)
                {
                    sumW = 1;
                    sumLog = Math.Log(t);
                    break;
                }
            }

            seconds = Math.Exp(sumLog / sumW);
        }
        else if (_fused.TryGetValue(op, out var fit))
        {
            // A fused kernel without a measured sweep: its fitted floor and bytes per element over this GPU's bandwidth.
            seconds = fit.Seconds(elements, width, Bandwidth);
        }
        else if (_reference is not null)
        {
            var refTime = _reference.Elementwise(op, rows, width).Seconds;
            seconds = Scale(refTime, bytes / _reference.Bandwidth, bytes / Bandwidth, kernels);
        }
        else
        {
            seconds = (kernels * Host.GraphSecondsPerKernel) + (bytes / Bandwidth);
        }

        return new KernelTime(seconds, elements, bytes, kernels);
    }

    /// <summary>
    /// The expert GEMMs of one mixture-of-experts layer on one GPU: <paramref name="tokens"/> tokens, each routed to
    /// <paramref name="topK"/> of <paramref name="experts"/> local experts of width <paramref name="inter"/> (gated, so the
    /// first GEMM is 2 x inter wide), run as batched GEMMs over the active experts. <paramref name="hotLoad"/> is the
    /// busiest expert's tokens over the mean (1 = perfectly balanced routing); the batch cannot finish before the busiest
    /// expert does.
    /// </summary>
    public (KernelTime GateUp, KernelTime Down, double ActiveExperts, double TokensPerExpert) Experts(long tokens, int experts, int topK, long hidden, long inter, DataType dtype = DataType.Bf16, double hotLoad = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tokens, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(experts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hotLoad, 1.0);
        var assignments = (double)tokens * topK;
        var active = Math.Min(experts, assignments);
        var per = Math.Max(1, Math.Floor(assignments / active));
        var a = (long)active;
        var gateUp = Gemm((long)per, a * 2 * inter, hidden, dtype);
        var down = Gemm((long)per, a * hidden, inter, dtype);
        if (hotLoad > 1.0)
        {
            // A batched GEMM needs the same rows for every expert: it runs at the busiest expert's size.
            var hot = (long)Math.Ceiling(per * hotLoad);
            gateUp = Gemm(hot, a * 2 * inter, hidden, dtype);
            down = Gemm(hot, a * hidden, inter, dtype);
        }

        return (gateUp, down, active, per);
    }

    // The fit of a fused kernel, this model's or (on the roofline path) the reference's; null for other ops.
    private FusedKernelFit? FusedFitFor(ElementwiseOp op) => _fused.TryGetValue(op, out var fit) ? fit : _reference?.FusedFitFor(op);

    private static (double? Pct, string? Basis) CrossGpuUncertainty(GpuSpec gpu, KernelModel? reference)
    {
        if (reference?.Calibration is not { CrossGpuErrors.IsEmpty: false } set)
        {
            return (null, null);
        }

        foreach (var e in set.CrossGpuErrors)
        {
            if (string.Equals(e.Gpu, gpu.Id, StringComparison.OrdinalIgnoreCase))
            {
                return (e.UncertaintyPct, $"cross-GPU error measured for {e.Gpu} from {reference.Gpu.Id}: {e.Basis}");
            }
        }

        var worst = set.CrossGpuErrors.MaxBy(e => e.UncertaintyPct)!;
        return (worst.UncertaintyPct, $"no cross-GPU measurement for {gpu.Id}; the largest measured from {reference.Gpu.Id} ({worst.Gpu}: {worst.Basis})");
    }

    private static (int Kernels, double BytesPerElement) Shape(ElementwiseOp op) => op switch
    {
        ElementwiseOp.RmsNorm => (8, 36),
        ElementwiseOp.SiluMul => (2, 10),
        ElementwiseOp.Add => (1, 6),
        ElementwiseOp.Copy => (1, 4),
        ElementwiseOp.FusedRmsNorm => (1, 4),
        ElementwiseOp.FusedSiluMul => (1, 6),
        ElementwiseOp.Rope => (1, 4),
        ElementwiseOp.Cast => (1, 6),
        ElementwiseOp.CrossEntropy => (2, 8),
        ElementwiseOp.Embedding => (1, 4),
        ElementwiseOp.Reduction => (3, 18),
        _ => (1, 4),
    };

    // Time on this GPU from the reference's: the fixed per-kernel part stays, the rest scales with the rooflines.
    private double Scale(double refSeconds, double refRoofline, double roofline, int kernels)
    {
        var fixedPart = Math.Min(refSeconds, kernels * _reference!.Host.GraphSecondsPerKernel);
        var ratio = refRoofline > 0 ? roofline / refRoofline : 1;
        return (kernels * Host.GraphSecondsPerKernel) + ((refSeconds - fixedPart) * ratio);
    }

    private double ExtrapolateMemory(MonotoneCurve curve, double elements, bool above, int kernels, double bytesPerElement)
    {
        var endX = curve.EndX(above);
        var endY = curve.EndY(above);
        var fixedPart = kernels * Host.GraphSecondsPerKernel;
        var variable = Math.Max(endY - fixedPart, 0) * (elements / endX);
        return above ? fixedPart + Math.Max(variable, elements * bytesPerElement / Bandwidth) : Math.Max(fixedPart, endY * Math.Pow(elements / endX, 0.2));
    }

    // FLOPs and HBM bytes of a GEMM: inputs of `dtype` read once, a bf16 output written once.
    private static (double Flops, double Bytes) GemmCost(double m, double n, double k, DataType dtype) =>
        (2.0 * m * n * k, (dtype.BytesPerElement() * ((m * k) + (n * k))) + (2.0 * m * n));

    private KernelTime ComputeGemm(long m, long n, long k, DataType dtype)
    {
        var (flops, bytes) = GemmCost(m, n, k, dtype);
        double seconds;
        if (Calibration is not null && (_gemm.TryGetValue(dtype, out var table) || _gemm.TryGetValue(DataType.Bf16, out table)))
        {
            seconds = table.Time(m, n, k, dtype, this);
        }
        else if (_reference is not null)
        {
            var refDtype = _reference.Supports(dtype) ? dtype : DataType.Bf16;
            var refTime = _reference.Gemm(m, n, k, refDtype).Seconds;
            // The reference ran the GEMM in its own data type: its roofline takes that type's bytes, not this one's.
            var (refFlops, refBytes) = GemmCost(m, n, k, refDtype);
            seconds = Scale(refTime, _reference.Roofline(refFlops, refBytes, refDtype), Roofline(flops, bytes, dtype), 1);
        }
        else
        {
            seconds = Host.GraphSecondsPerKernel + Math.Max(flops / (Peak(dtype) * DefaultComputeEfficiency), bytes / Bandwidth);
        }

        return new KernelTime(seconds, flops, bytes, 1);
    }

    internal double GemmRoofline(double m, double n, double k, DataType dtype)
    {
        var (flops, bytes) = GemmCost(m, n, k, dtype);
        return Roofline(flops, bytes, dtype);
    }

    // Interpolates within the curve of `key`; otherwise carries over the efficiency (roofline / time) of the nearest
    // measured groups at the same x. Outside a curve's range the efficiency at its nearest end is held.
    private static double Interpolate(Dictionary<(int, int, int), MonotoneCurve> curves, (int, int, int) key, double x, Func<double, double> roofline)
    {
        if (curves.TryGetValue(key, out var exact))
        {
            return Evaluate(exact, x, roofline);
        }

        double sumW = 0, sumLogE = 0;
        foreach (var (k, curve) in curves)
        {
            var d2 = Sq(Math.Log((double)key.Item1 / k.Item1)) + Sq(Math.Log((double)key.Item2 / k.Item2)) + Sq(2 * Math.Log((double)key.Item3 / k.Item3));
            var w = 1 / (d2 + 1e-3);
            var e = roofline(x) / Evaluate(curve, x, roofline);
            sumW += w;
            sumLogE += w * Math.Log(e);
        }

        return roofline(x) / Math.Exp(sumLogE / sumW);
    }

    private static double Evaluate(MonotoneCurve curve, double x, Func<double, double> roofline)
    {
        if (curve.TryEvaluate(x, out var y, out var above))
        {
            return y;
        }

        var endX = curve.EndX(above);
        return curve.EndY(above) * roofline(x) / roofline(endX);
    }

    private static double Sq(double x) => x * x;

    // Plain loops and lists rather than LINQ: LINQ's grouping, sorting and projection code, instantiated for each
    // value-type key and tuple here, was most of the ~560 methods the JIT compiled to build a model, about 70 ms of the
    // first run of every command that uses one (a sweep's workers wait for it). The tables are the same.
    private void BuildTables(CalibrationSet set)
    {
        foreach (var group in Grouped(set.Gemms, g => g.Dtype))
        {
            _gemm[group[0].Dtype] = new GemmTable(PreferGpuOnly(group, g => (g.M, g.N, g.K), g => g.GpuOnly));
        }

        foreach (var group in Grouped(PreferGpuOnly(set.AttentionPrefill, a => (a.Batch, a.SeqLen, a.QHeads, a.KvHeads, a.HeadDim), a => a.GpuOnly), a => (a.QHeads, a.KvHeads, a.HeadDim)))
        {
            _prefill[(group[0].QHeads, group[0].KvHeads, group[0].HeadDim)] = Curve(group, a => 2.0 * a.Batch * a.QHeads * a.HeadDim * (double)a.SeqLen * a.SeqLen, a => a.Seconds);
        }

        foreach (var group in Grouped(PreferGpuOnly(set.AttentionDecode, a => (a.Batch, a.Context, a.QHeads, a.KvHeads, a.HeadDim), a => a.GpuOnly), a => (a.QHeads, a.KvHeads, a.HeadDim)))
        {
            _decode[(group[0].QHeads, group[0].KvHeads, group[0].HeadDim)] = Curve(group, a => 4.0 * a.KvHeads * a.HeadDim * (double)a.Batch * a.Context, a => a.Seconds);
        }

        foreach (var fit in set.FusedKernels)
        {
            _fused[fit.Op] = fit;
        }

        foreach (var group in Grouped(set.Elementwise, e => e.Op))
        {
            var widths = Grouped(group, e => e.Width);
            var curves = new (double Width, MonotoneCurve Curve)[widths.Count];
            for (var w = 0; w < widths.Count; w++)
            {
                curves[w] = (widths[w][0].Width, Curve(widths[w], e => e.Rows, e => e.Seconds));
            }

            _elementwise[group[0].Op] = curves;
        }
    }

    // The curve through (x, y) of each sample (a class: its delegates share one compiled body with the others').
    private static MonotoneCurve Curve<T>(List<T> samples, Func<T, double> x, Func<T, double> y)
        where T : class
    {
        var xs = new double[samples.Count];
        var ys = new double[samples.Count];
        for (var i = 0; i < samples.Count; i++)
        {
            (xs[i], ys[i]) = (x(samples[i]), y(samples[i]));
        }

        return new MonotoneCurve(xs, ys, null);
    }

    // The items grouped by key: groups in the order their keys first appear, items in their order (as LINQ's GroupBy).
    // Keyed to the group's list, a reference: the dictionary shares its compiled code with the model's own tables.
    private static List<List<T>> Grouped<T, TKey>(IEnumerable<T> items, Func<T, TKey> key)
        where TKey : notnull
    {
        var index = new Dictionary<TKey, List<T>>();
        var groups = new List<List<T>>();
        foreach (var item in items)
        {
            var k = key(item);
            if (!index.TryGetValue(k, out var group))
            {
                group = [];
                index.Add(k, group);
                groups.Add(group);
            }

            group.Add(item);
        }

        return groups;
    }

    // Where a shape was timed inside a CUDA graph, eager timings of the same shape (which may measure the host) are
    // dropped. Shape by shape, in the order the shapes first appear.
    private static List<T> PreferGpuOnly<T, TKey>(IEnumerable<T> samples, Func<T, TKey> key, Func<T, bool> gpuOnly)
        where TKey : notnull
    {
        var kept = new List<T>();
        foreach (var group in Grouped(samples, key))
        {
            var graphed = group.Exists(s => gpuOnly(s));
            foreach (var s in group)
            {
                if (!graphed || gpuOnly(s))
                {
                    kept.Add(s);
                }
            }
        }

        return kept;
    }

    // One estimator for every GPU, shipped or imported: the host dispatch time of one eager kernel comes from the set's
    // own `launch` records (the reference layer's code timed on tiny tensors when measured, else the median of single
    // eager PyTorch ops timed back to back by the probe); a set without them borrows the built-in calibration's launch
    // records (host costs belong to the host and its software stack, not to the GPU).
    private static HostProfile DeriveHost(CalibrationSet? set, KernelModel? reference)
    {
        if (set is null || set.IsEmpty)
        {
            return reference?.Host ?? HostProfile.Default;
        }

        var graph = set.GraphLaunchSeconds.IsEmpty ? HostProfile.Default.GraphSecondsPerKernel : Median(set.GraphLaunchSeconds);
        if (HasEagerLaunches(set))
        {
            return FromLaunchRecords(set, graph, null);
        }

        var borrowed = BuiltInHost ?? HostProfile.Default;
        return borrowed with { GraphSecondsPerKernel = graph, Source = borrowed.Source + $", borrowed: no eager launch records for {set.Gpu}" };
    }

    private static bool HasEagerLaunches(CalibrationSet set) => !set.EagerLaunchSeconds.IsEmpty || !set.EagerLayerSecondsPerKernel.IsEmpty;

    // The reference layer's own host time per kernel when the probe measured it (op `layer`), else the median of the
    // single-op records; `of` names the GPU whose records they are when borrowed.
    private static HostProfile FromLaunchRecords(CalibrationSet set, double graph, string? of)
    {
        var suffix = of is null ? "" : $" of {of}";
        return set.EagerLayerSecondsPerKernel.IsEmpty
            ? new() { EagerSecondsPerKernel = Median(set.EagerLaunchSeconds), GraphSecondsPerKernel = graph, Source = $"median of {set.EagerLaunchSeconds.Length} eager op launch records{suffix}" }
            : new() { EagerSecondsPerKernel = Median(set.EagerLayerSecondsPerKernel), GraphSecondsPerKernel = graph, Source = $"median of {set.EagerLayerSecondsPerKernel.Length} reference-layer launch records{suffix}" };
    }

    // The host profile of the first built-in calibration with eager launch records (the H200's), or null when none has.
    private static HostProfile? BuiltInHost => BuiltInHostProfile.Value;

    private static readonly Lazy<HostProfile?> BuiltInHostProfile = new(() =>
    {
        foreach (var id in CalibrationSet.BuiltInGpus)
        {
            if (CalibrationSet.BuiltIn(id) is { } set && HasEagerLaunches(set))
            {
                var graph = set.GraphLaunchSeconds.IsEmpty ? HostProfile.Default.GraphSecondsPerKernel : Median(set.GraphLaunchSeconds);
                return FromLaunchRecords(set, graph, id);
            }
        }

        return null;
    });

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>GEMM sweeps by (N, K), each a monotone curve over M; other shapes borrow the efficiency of the nearest sweeps.</summary>
    private sealed class GemmTable
    {
        private readonly (long N, long K, MonotoneCurve Curve)[] _sweeps;
        private readonly Dictionary<(long, long), MonotoneCurve> _byShape;

        // One sweep over M per (N, K), in the order the shapes first appear. Graph-timed samples are exact; eager ones are
        // upper bounds (they may measure the host).
        public GemmTable(List<GemmSample> samples)
        {
            var sweeps = Grouped(samples, s => (s.N, s.K));
            _sweeps = new (long, long, MonotoneCurve)[sweeps.Count];
            _byShape = new(sweeps.Count);
            for (var g = 0; g < sweeps.Count; g++)
            {
                var sweep = sweeps[g];
                var m = new double[sweep.Count];
                var seconds = new double[sweep.Count];
                var exact = new bool[sweep.Count];
                for (var i = 0; i < sweep.Count; i++)
                {
                    (m[i], seconds[i], exact[i]) = (sweep[i].M, sweep[i].Seconds, sweep[i].GpuOnly);
                }

                var curve = new MonotoneCurve(m, seconds, exact);
                _sweeps[g] = (sweep[0].N, sweep[0].K, curve);
                _byShape.Add((sweep[0].N, sweep[0].K), curve);
            }
        }

        public double Time(long m, long n, long k, DataType dtype, KernelModel model)
        {
            if (_byShape.TryGetValue((n, k), out var exact))
            {
                return Evaluate(exact, m, n, k, dtype, model);
            }

            // Inverse-distance weighting (in log N, log K) of the efficiencies of the four nearest sweeps at this M.
            Span<(double D2, double LogE)> best = stackalloc (double, double)[4];
            var count = 0;
            var r = model.GemmRoofline(m, n, k, dtype);
            foreach (var (sn, sk, curve) in _sweeps)
            {
                var d2 = Sq(Math.Log((double)n / sn)) + Sq(Math.Log((double)k / sk));
                var e = model.GemmRoofline(m, sn, sk, dtype) / Evaluate(curve, m, sn, sk, dtype, model);
                var item = (d2, Math.Log(e));
                if (count < best.Length)
                {
                    best[count++] = item;
                }
                else
                {
                    var worst = 0;
                    for (var i = 1; i < best.Length; i++)
                    {
                        if (best[i].D2 > best[worst].D2)
                        {
                            worst = i;
                        }
                    }

                    if (d2 < best[worst].D2)
                    {
                        best[worst] = item;
                    }
                }
            }

            double sumW = 0, sumLogE = 0;
            for (var i = 0; i < count; i++)
            {
                var w = 1 / (best[i].D2 + 1e-3);
                sumW += w;
                sumLogE += w * best[i].LogE;
            }

            return r / Math.Exp(sumLogE / sumW);
        }

        // Within a sweep the efficiency (roofline / time) is interpolated in log-log space rather than the time itself, so
        // that a sparse sweep crossing from the memory-bound to the compute-bound regime bends where the roofline does.
        // Outside the measured M range the efficiency at the nearest end is held.
        private static double Evaluate(MonotoneCurve curve, double m, double n, double k, DataType dtype, KernelModel model)
        {
            double? prevX = null, prevE = null;
            foreach (var (x, y) in curve.Points)
            {
                var e = model.GemmRoofline(x, n, k, dtype) / y;
                if (x >= m)
                {
                    if (prevX is not { } px || x == m)
                    {
                        return Math.Min(model.GemmRoofline(m, n, k, dtype) / e, x == m ? y : double.MaxValue);
                    }

                    var t = (Math.Log(m) - Math.Log(px)) / (Math.Log(x) - Math.Log(px));
                    var eq = Math.Exp(Math.Log(prevE!.Value) + (t * (Math.Log(e) - Math.Log(prevE.Value))));
                    return model.GemmRoofline(m, n, k, dtype) / eq;
                }

                (prevX, prevE) = (x, e);
            }

            return model.GemmRoofline(m, n, k, dtype) / prevE!.Value;
        }

    }
}
