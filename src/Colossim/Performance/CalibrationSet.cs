using System.Collections.Immutable;
using Colossim.Catalog;
using Colossim.Documents;

namespace Colossim.Performance;

/// <summary>A measured GEMM <c>[M,K] x [K,N]</c>.</summary>
/// <param name="M">Rows of the activation (tokens), at least 1.</param>
/// <param name="N">Output features, at least 1.</param>
/// <param name="K">Reduction size, at least 1.</param>
/// <param name="Dtype">Data type of the inputs.</param>
/// <param name="Seconds">GPU time of one call, seconds (CUDA-graph time when measured, else the eager time).</param>
/// <param name="GpuOnly">Whether <paramref name="Seconds"/> was measured inside a CUDA graph (free of host dispatch time).</param>
/// <param name="EagerSeconds">The eager (back-to-back launches) time of one call, seconds.</param>
public sealed record GemmSample(long M, long N, long K, DataType Dtype, double Seconds, bool GpuOnly, double EagerSeconds);

/// <summary>A measured causal attention prefill (flash SDPA): <c>B</c> sequences of <c>S</c> tokens.</summary>
/// <param name="Batch">Sequences.</param>
/// <param name="SeqLen">Tokens per sequence.</param>
/// <param name="QHeads">Query heads (per GPU).</param>
/// <param name="KvHeads">Key/value heads (per GPU).</param>
/// <param name="HeadDim">Head width.</param>
/// <param name="Seconds">GPU time of one call, seconds.</param>
/// <param name="GpuOnly">Whether it was measured inside a CUDA graph.</param>
/// <param name="EagerSeconds">The eager time, seconds.</param>
public sealed record AttentionPrefillSample(int Batch, int SeqLen, int QHeads, int KvHeads, int HeadDim, double Seconds, bool GpuOnly, double EagerSeconds);

/// <summary>A measured decode attention: one query token per sequence against <c>L</c> cached tokens.</summary>
/// <param name="Batch">Sequences.</param>
/// <param name="Context">Cached tokens per sequence.</param>
/// <param name="QHeads">Query heads (per GPU).</param>
/// <param name="KvHeads">Key/value heads (per GPU).</param>
/// <param name="HeadDim">Head width.</param>
/// <param name="Seconds">GPU time of one call, seconds.</param>
/// <param name="GpuOnly">Whether it was measured inside a CUDA graph.</param>
/// <param name="EagerSeconds">The eager time, seconds.</param>
public sealed record AttentionDecodeSample(int Batch, int Context, int QHeads, int KvHeads, int HeadDim, double Seconds, bool GpuOnly, double EagerSeconds);

/// <summary>A measured memory-bound kernel (or short chain of kernels) over <c>T x H</c> elements.</summary>
/// <param name="Op">The operation (<see cref="ElementwiseOp"/>).</param>
/// <param name="Rows">Rows (tokens), T.</param>
/// <param name="Width">Elements per row, H.</param>
/// <param name="Seconds">GPU time of one call, seconds.</param>
public sealed record ElementwiseSample(ElementwiseOp Op, double Rows, double Width, double Seconds)
{
    /// <summary>Elements, rows x width.</summary>
    public double Elements => Rows * Width;
}

/// <summary>
/// A fused memory-bound kernel priced as <c>max(floor, elements x bytes per element / bandwidth)</c>, with a floor that
/// grows with the row width (one thread block per row): a fit, not a sweep, used where the GPU has no measured sweep of
/// the op. <see cref="CrossGpu"/> says the fit comes from another GPU's measurements mapped through the roofline ratio.
/// </summary>
/// <param name="Op">The operation (<see cref="ElementwiseOp.FusedRmsNorm"/>, <see cref="ElementwiseOp.FusedSiluMul"/>, <see cref="ElementwiseOp.Rope"/>).</param>
/// <param name="BytesPerElement">HBM bytes per element in the bandwidth-bound regime (0.1 to 1000).</param>
/// <param name="FloorSeconds">Floor at zero width, seconds.</param>
/// <param name="FloorSecondsPerWidth">Growth of the floor per element of row width, seconds.</param>
/// <param name="CrossGpu">Whether the fit was derived from other GPUs' measurements rather than this GPU's.</param>
/// <param name="Source">Where the fit comes from, in words.</param>
public sealed record FusedKernelFit(ElementwiseOp Op, double BytesPerElement, double FloorSeconds, double FloorSecondsPerWidth, bool CrossGpu, string Source)
{
    /// <summary>The kernel time of <paramref name="elements"/> elements in rows of <paramref name="width"/> on a GPU with <paramref name="bandwidth"/> bytes/s, seconds.</summary>
    public double Seconds(double elements, double width, double bandwidth) =>
        Math.Max(FloorSeconds + (FloorSecondsPerWidth * width), elements * BytesPerElement / bandwidth);
}

/// <summary>A <c>launch</c> record of tiny kernels replayed in one CUDA graph: the graph's size and the GPU time per kernel.</summary>
/// <param name="Kernels">Kernels in the graph (1 or more).</param>
/// <param name="SecondsPerKernel">GPU time per kernel, seconds (replay time over kernels).</param>
public sealed record GraphLaunchSample(int Kernels, double SecondsPerKernel);

/// <summary>The measured error of predicting another GPU from this set through the roofline path (cross-GPU validation).</summary>
/// <param name="Gpu">The GPU predicted (catalog id).</param>
/// <param name="UncertaintyPct">The error stated with its predictions, percent (0 to 1000).</param>
/// <param name="Basis">How the error was measured, in words.</param>
public sealed record CrossGpuError(string Gpu, double UncertaintyPct, string Basis);

/// <summary>
/// Host dispatch costs of eager PyTorch, the cost of a kernel inside a CUDA graph, and where they come from. Host costs
/// belong to the host CPU and software stack that ran the measurements, not to the GPU.
/// </summary>
public sealed record HostProfile
{
    /// <summary>Host time to dispatch one kernel-launching eager op (seconds, typically 5e-6 to 3e-5).</summary>
    public required double EagerSecondsPerKernel { get; init; }

    /// <summary>GPU time of the smallest kernel replayed in a CUDA graph (seconds, about 1e-6).</summary>
    public required double GraphSecondsPerKernel { get; init; }

    /// <summary>How the numbers were obtained, for reports.</summary>
    public required string Source { get; init; }

    /// <summary>The fallback when no calibration, built-in or imported, has launch records: 20 us per eager op, 1 us per graph kernel.</summary>
    public static HostProfile Default { get; } = new() { EagerSecondsPerKernel = 20e-6, GraphSecondsPerKernel = 1e-6, Source = "default" };
}

/// <summary>
/// The kernel measurements of one GPU: GEMMs by shape and data type, attention, memory-bound kernels, launch
/// overheads and memory bandwidth. Built from measurement files (the reference probe's or <c>tools/gpu-probe</c>'s
/// JSON Lines, or Vidur's per-layer CSV); the built-in sets live in <c>data/calibration/&lt;gpu&gt;/</c> and are embedded.
/// Immutable.
/// </summary>
public sealed class CalibrationSet
{
    private static readonly Lazy<ImmutableSortedDictionary<string, CalibrationSet>> BuiltInSets = new(LoadBuiltIn);

    private CalibrationSet(
        string gpu,
        ImmutableArray<string> sources,
        ImmutableArray<GemmSample> gemms,
        ImmutableArray<AttentionPrefillSample> prefill,
        ImmutableArray<AttentionDecodeSample> decode,
        ImmutableArray<ElementwiseSample> elementwise,
        double copyBandwidth,
        ImmutableArray<double> eagerLaunch,
        ImmutableArray<double> graphLaunch,
        ImmutableArray<FusedKernelFit> fused,
        ImmutableArray<CrossGpuError> crossGpu,
        ImmutableArray<GraphLaunchSample> graphLaunches,
        ImmutableArray<double> eagerLayer)
    {
        EagerLayerSecondsPerKernel = eagerLayer;
        GraphLaunches = graphLaunches;
        FusedKernels = fused;
        CrossGpuErrors = crossGpu;
        Gpu = gpu;
        Sources = sources;
        Gemms = gemms;
        AttentionPrefill = prefill;
        AttentionDecode = decode;
        Elementwise = elementwise;
        CopyBandwidthBytesPerSecond = copyBandwidth;
        EagerLaunchSeconds = eagerLaunch;
        GraphLaunchSeconds = graphLaunch;
    }

    /// <summary>
    /// Longest kernel time a record may give, milliseconds (one hour): a kernel of a step is never that long, and a
    /// larger time (<c>1e308</c>) would overflow every duration predicted from it.
    /// </summary>
    public const double MaxKernelMilliseconds = 3.6e6;

    /// <summary>Largest GEMM or memory-bound kernel dimension a record may give (2^30): rows, widths and reduction sizes.</summary>
    public const long MaxDimension = 1L << 30;

    /// <summary>The catalog id of the GPU measured (<c>h200-sxm</c>).</summary>
    public string Gpu { get; }

    /// <summary>The files the measurements came from.</summary>
    public ImmutableArray<string> Sources { get; }

    /// <summary>GEMM measurements.</summary>
    public ImmutableArray<GemmSample> Gemms { get; }

    /// <summary>Causal attention prefill measurements.</summary>
    public ImmutableArray<AttentionPrefillSample> AttentionPrefill { get; }

    /// <summary>Decode attention measurements.</summary>
    public ImmutableArray<AttentionDecodeSample> AttentionDecode { get; }

    /// <summary>Memory-bound kernel measurements.</summary>
    public ImmutableArray<ElementwiseSample> Elementwise { get; }

    /// <summary>Best measured HBM bandwidth (bytes/s; read+write of a large copy or a large read), 0 when none was measured.</summary>
    public double CopyBandwidthBytesPerSecond { get; }

    /// <summary>Measured host dispatch times of single eager ops (seconds), from <c>launch</c> records.</summary>
    public ImmutableArray<double> EagerLaunchSeconds { get; }

    /// <summary>Measured GPU times of one tiny kernel inside a CUDA graph (seconds), from <c>launch</c> records.</summary>
    public ImmutableArray<double> GraphLaunchSeconds { get; }

    /// <summary>Board power measurements (<c>power_phase</c> records), which <see cref="GpuPowerModel"/> is fitted to.</summary>
    public ImmutableArray<PowerPhaseSample> PowerPhases { get; private init; } = [];

    /// <summary>
    /// Measured host dispatch time per kernel of the reference decoder layer's own code run eagerly on tiny tensors
    /// (seconds), from <c>launch</c> records with op <c>layer</c>; preferred over single-op records when present.
    /// </summary>
    public ImmutableArray<double> EagerLayerSecondsPerKernel { get; }

    /// <summary>Graph launch records that give their graph's size (<c>kernels</c>): how the per-kernel cost grows with the graph.</summary>
    public ImmutableArray<GraphLaunchSample> GraphLaunches { get; }

    /// <summary>Fits of fused memory-bound kernels (<c>fused_kernel</c> records), used where no sweep of the op was measured.</summary>
    public ImmutableArray<FusedKernelFit> FusedKernels { get; }

    /// <summary>Measured errors of other GPUs predicted from this set through the roofline path (<c>cross_gpu_error</c> records).</summary>
    public ImmutableArray<CrossGpuError> CrossGpuErrors { get; }

    /// <summary>Whether the set has anything to interpolate.</summary>
    public bool IsEmpty => Gemms.IsEmpty && AttentionPrefill.IsEmpty && AttentionDecode.IsEmpty;

    /// <summary>The GPUs with a built-in calibration set (the folders of <c>data/calibration/</c>).</summary>
    public static IReadOnlyCollection<string> BuiltInGpus => BuiltInSets.Value.Keys.ToList();

    /// <summary>An empty set for <paramref name="gpu"/>.</summary>
    public static CalibrationSet Empty(string gpu) => new(gpu, [], [], [], [], [], 0, [], [], [], [], [], []);

    /// <summary>The built-in set of <paramref name="gpu"/>, or <see langword="null"/> when none is shipped.</summary>
    public static CalibrationSet? BuiltIn(string gpu) => BuiltInSets.Value.TryGetValue(gpu, out var set) ? set : null;

    /// <summary>
    /// Builds a set from measurement records. Kinds that carry no kernel measurement (<c>device</c>, <c>power_load</c>,
    /// end-to-end steps, bookkeeping) are ignored; <c>power_phase</c> records become <see cref="PowerPhases"/>; a kernel record with a missing or bad field is reported at its line.
    /// </summary>
    public static CalibrationSet FromRecords(string gpu, IEnumerable<MeasurementRecord> records, Problems problems, string source)
    {
        var gemms = ImmutableArray.CreateBuilder<GemmSample>();
        var prefill = ImmutableArray.CreateBuilder<AttentionPrefillSample>();
        var decode = ImmutableArray.CreateBuilder<AttentionDecodeSample>();
        var elementwise = ImmutableArray.CreateBuilder<ElementwiseSample>();
        var eager = ImmutableArray.CreateBuilder<double>();
        var graph = ImmutableArray.CreateBuilder<double>();
        var power = ImmutableArray.CreateBuilder<PowerPhaseSample>();
        var fused = ImmutableArray.CreateBuilder<FusedKernelFit>();
        var crossGpu = ImmutableArray.CreateBuilder<CrossGpuError>();
        var graphLaunches = ImmutableArray.CreateBuilder<GraphLaunchSample>();
        var eagerLayer = ImmutableArray.CreateBuilder<double>();
        double bandwidth = 0;
        foreach (var record in records)
        {
            var lineProblems = new Problems();
            var r = record.Reader(lineProblems);
            switch (record.Kind)
            {
                case "gemm":
                    {
                        var m = r.Whole("M", required: true, min: 1, max: MaxDimension);
                        var n = r.Whole("N", required: true, min: 1, max: MaxDimension);
                        var k = r.Whole("K", required: true, min: 1, max: MaxDimension);
                        var dtypeText = r.Text("dtype") ?? "bfloat16";
                        var timing = ReadTiming(r);
                        var tag = r.Text("tag");
                        _ = MeasurementFields.TryParseDtype(dtypeText, lineProblems, out var dtype);
                        if (string.Equals(tag, "square_tf32", StringComparison.Ordinal))
                        {
                            dtype = DataType.Tf32;
                        }

                        if (m is { } mm && n is { } nn && k is { } kk && timing is { } t && !lineProblems.HasErrors)
                        {
                            gemms.Add(new GemmSample(mm, nn, kk, dtype, t.Seconds, t.GpuOnly, t.EagerSeconds));
                        }

                        break;
                    }

                case "attn_prefill":
                    {
                        var (shape, timing) = (MeasurementFields.AttentionShape(r, "S"), ReadTiming(r));
                        if (shape is { } a && timing is { } t)
                        {
                            prefill.Add(new AttentionPrefillSample(a.Batch, a.Length, a.QHeads, a.KvHeads, a.HeadDim, t.Seconds, t.GpuOnly, t.EagerSeconds));
                        }

                        break;
                    }

                case "attn_decode":
                    {
                        var (shape, timing) = (MeasurementFields.AttentionShape(r, "L"), ReadTiming(r));
                        if (shape is { } a && timing is { } t)
                        {
                            decode.Add(new AttentionDecodeSample(a.Batch, a.Length, a.QHeads, a.KvHeads, a.HeadDim, t.Seconds, t.GpuOnly, t.EagerSeconds));
                        }

                        break;
                    }

                case "elementwise":
                    {
                        var op = r.Choice("op", MeasurementFields.ElementwiseOps, required: true);
                        var (rows, width) = (r.Whole("T", required: true, min: 1, max: MaxDimension), r.Whole("h", required: true, min: 1, max: MaxDimension));
                        var timing = ReadTiming(r);
                        if (op is not null && rows is { } tt && width is { } hh && timing is { } t)
                        {
                            elementwise.Add(new ElementwiseSample(MeasurementFields.ParseOp(op), tt, hh, t.Seconds));
                        }

                        break;
                    }

                case "membw":
                    {
                        if (r.Number("gbps", required: true, min: 1e-9, max: 1e6) is { } gbps)
                        {
                            bandwidth = Math.Max(bandwidth, gbps * 1e9);
                        }

                        break;
                    }

                case "launch":
                    {
                        var mode = r.Choice("mode", ["eager", "graph"], required: true);
                        var us = r.Number("us_per_op", required: true, min: 1e-6, max: 1e6);
                        var op = r.Text("op");
                        var size = r.Count("kernels", min: 1, max: 1 << 24);
                        if (us is { } u && mode == "graph")
                        {
                            graph.Add(u / 1e6);
                            if (size is { } n)
                            {
                                graphLaunches.Add(new GraphLaunchSample(n, u / 1e6));
                            }
                        }
                        else if (us is { } l && mode == "eager" && op is "layer")
                        {
                            eagerLayer.Add(l / 1e6);
                        }
                        else if (us is { } e && mode == "eager" && op is not "view")
                        {
                            eager.Add(e / 1e6);
                        }

                        break;
                    }

                case "power_phase":
                    {
                        if (PowerPhaseRecords.Read(r, lineProblems) is { } phase)
                        {
                            power.Add(phase);
                        }

                        break;
                    }

                case "fused_kernel":
                    {
                        var op = r.Choice("op", ["fused_rmsnorm", "fused_silu_mul", "rope"], required: true);
                        var bpe = r.Number("bytes_per_element", required: true, min: 0.1, max: 1000);
                        var floor = r.Number("floor_us", required: true, min: 0, max: 1e6);
                        var perWidth = r.Number("floor_us_per_width", required: true, min: 0, max: 1);
                        var isCrossGpu = r.Bool("cross_gpu") ?? false;
                        if (op is not null && bpe is { } b && floor is { } f && perWidth is { } w)
                        {
                            fused.Add(new FusedKernelFit(MeasurementFields.ParseOp(op), b, f / 1e6, w / 1e6, isCrossGpu, r.Text("source") ?? source));
                        }

                        break;
                    }

                case "cross_gpu_error":
                    {
                        var target = r.Text("gpu", required: true);
                        var pct = r.Number("uncertainty_pct", required: true, min: 0, max: 1000);
                        if (target is not null && pct is { } u)
                        {
                            crossGpu.Add(new CrossGpuError(target, u, r.Text("basis") ?? source));
                        }

                        break;
                    }

                default:
                    break;
            }

            foreach (var p in lineProblems)
            {
                problems.Add(p with { Line = record.Line, File = problems.File ?? source });
            }
        }

        // A file of fits alone (no measurement) is not a source of measured kernel times: it is listed with its fits.
        var measured = gemms.Count + prefill.Count + decode.Count + elementwise.Count + eager.Count + eagerLayer.Count + graph.Count > 0 || bandwidth > 0 || fused.Count + crossGpu.Count == 0;
        return new CalibrationSet(gpu, measured ? [source] : [], gemms.ToImmutable(), prefill.ToImmutable(), decode.ToImmutable(), elementwise.ToImmutable(), bandwidth, eager.ToImmutable(), graph.ToImmutable(), fused.ToImmutable(), crossGpu.ToImmutable(), graphLaunches.ToImmutable(), eagerLayer.ToImmutable()) { PowerPhases = power.ToImmutable() };
    }

    /// <summary>Reads one measurement file (JSON Lines) as a set for <paramref name="gpu"/>.</summary>
    public static CalibrationSet FromFile(string gpu, string path, Problems problems)
    {
        var records = MeasurementReader.ReadFile(path, problems);
        return FromRecords(gpu, records, problems, Path.GetFileName(path));
    }

    /// <summary>Every <c>*.jsonl</c> file in <paramref name="directory"/> (sorted by name), merged.</summary>
    public static CalibrationSet FromDirectory(string gpu, string directory, Problems problems)
    {
        var set = Empty(gpu);
        foreach (var file in Directory.EnumerateFiles(directory, "*.jsonl").Order(StringComparer.Ordinal))
        {
            var fileProblems = new Problems(file);
            set = set.Merge(FromFile(gpu, file, fileProblems));
            problems.AddRange(fileProblems);
        }

        return set;
    }

    /// <summary>This set with the measurements of <paramref name="other"/> added.</summary>
    public CalibrationSet Merge(CalibrationSet other) => new(
        Gpu,
        Sources.AddRange(other.Sources),
        Gemms.AddRange(other.Gemms),
        AttentionPrefill.AddRange(other.AttentionPrefill),
        AttentionDecode.AddRange(other.AttentionDecode),
        Elementwise.AddRange(other.Elementwise),
        Math.Max(CopyBandwidthBytesPerSecond, other.CopyBandwidthBytesPerSecond),
        EagerLaunchSeconds.AddRange(other.EagerLaunchSeconds),
        GraphLaunchSeconds.AddRange(other.GraphLaunchSeconds),
        FusedKernels.AddRange(other.FusedKernels),
        CrossGpuErrors.AddRange(other.CrossGpuErrors),
        GraphLaunches.AddRange(other.GraphLaunches),
        EagerLayerSecondsPerKernel.AddRange(other.EagerLayerSecondsPerKernel))
    { PowerPhases = PowerPhases.AddRange(other.PowerPhases) };

    /// <summary>This set with different GEMM measurements (leave-one-out checks, filtering).</summary>
    public CalibrationSet WithGemms(IEnumerable<GemmSample> gemms) => new(
        Gpu, Sources, [.. gemms], AttentionPrefill, AttentionDecode, Elementwise, CopyBandwidthBytesPerSecond, EagerLaunchSeconds, GraphLaunchSeconds, FusedKernels, CrossGpuErrors, GraphLaunches, EagerLayerSecondsPerKernel)
    { PowerPhases = PowerPhases };

    /// <summary>Adds GEMM measurements (for instance from a Vidur CSV).</summary>
    public CalibrationSet WithAddedGemms(IEnumerable<GemmSample> gemms, string source) => new(
        Gpu, Sources.Add(source), Gemms.AddRange(gemms), AttentionPrefill, AttentionDecode, Elementwise, CopyBandwidthBytesPerSecond, EagerLaunchSeconds, GraphLaunchSeconds, FusedKernels, CrossGpuErrors, GraphLaunches, EagerLayerSecondsPerKernel)
    { PowerPhases = PowerPhases };

    // The GPU time of a kernel record: its CUDA-graph time (ms_graph) when measured, else its eager time (ms).
    private static Timing? ReadTiming(MapReader r)
    {
        var ms = r.Number("ms", required: true, min: 1e-9, max: MaxKernelMilliseconds);
        var msGraph = r.Number("ms_graph", min: 1e-9, max: MaxKernelMilliseconds);
        return ms is { } eager ? new Timing((msGraph ?? eager) / 1e3, msGraph is not null, eager / 1e3) : null;
    }

    private static ImmutableSortedDictionary<string, CalibrationSet> LoadBuiltIn()
    {
        var sets = ImmutableSortedDictionary.CreateBuilder<string, CalibrationSet>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, bytes) in ShippedData.Files("calibration"))
        {
            var parts = name.Split('/');
            if (parts.Length != 3)
            {
                continue;
            }

            var problems = new Problems("data/" + name);
            var records = MeasurementReader.Parse(System.Text.Encoding.UTF8.GetString(bytes), problems);
            var set = FromRecords(parts[1], records, problems, parts[2]);
            if (problems.HasErrors)
            {
                // The shipped data is part of the program: a problem in it is a bug, caught by the calibration tests.
                throw new InvalidOperationException("The built-in calibration is invalid: " + string.Join("; ", problems));
            }

            sets[parts[1]] = sets.TryGetValue(parts[1], out var existing) ? existing.Merge(set) : set;
        }

        return sets.ToImmutable();
    }

    private readonly record struct Timing(double Seconds, bool GpuOnly, double EagerSeconds);
}
