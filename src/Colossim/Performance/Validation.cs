using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Units;

namespace Colossim.Performance;

/// <summary>One record predicted: measured against predicted.</summary>
/// <param name="Line">1-based line (or CSV row) in the measurement file.</param>
/// <param name="Kind">The record's kind (<c>decode_e2e</c>).</param>
/// <param name="Model">The model shape, when the record names one.</param>
/// <param name="Shape">The shape in words (<c>B=64 ctx=2048</c>).</param>
/// <param name="Measured">The measured time.</param>
/// <param name="Predicted">The predicted time.</param>
public sealed record ValidationCase(int Line, string Kind, string? Model, string Shape, Duration Measured, Duration Predicted)
{
    /// <summary>The measured time in milliseconds (as reports print it).</summary>
    public double MeasuredMs => Measured.TotalMilliseconds;

    /// <summary>The predicted time in milliseconds (as reports print it).</summary>
    public double PredictedMs => Predicted.TotalMilliseconds;

    /// <summary>Signed error, percent: (predicted - measured) / measured x 100.</summary>
    public double ErrorPct => (double)(Predicted.Nanoseconds - Measured.Nanoseconds) / Measured.Nanoseconds * 100;

    /// <summary>
    /// Whether the step's time depends on the host that ran it: an eager step whose predicted host dispatch is at least a
    /// third of its GPU time. The hosts measured so far dispatched the reference stack 1.4x (the probe's own host: a
    /// 128-token Llama 3 8B prefill in 10.6 ms) to 2.9x (the dev set's host: 22.4 ms) slower than the probe's launch
    /// records alone predict (7.8 ms), so such a step may be bound by a host the model was not calibrated on.
    /// </summary>
    public bool HostSensitive { get; init; }
}

/// <summary>A record that was read but not predicted, and why.</summary>
/// <param name="Line">1-based line.</param>
/// <param name="Kind">The record's kind.</param>
/// <param name="Reason">Why it was not predicted.</param>
public sealed record SkippedRecord(int Line, string Kind, string Reason);

/// <summary>Error statistics of a group of cases (absolute errors, percent).</summary>
/// <param name="Count">Cases.</param>
/// <param name="MedianAbsErrorPct">Median absolute error.</param>
/// <param name="P90AbsErrorPct">90th percentile of absolute error (linear interpolation).</param>
/// <param name="MaxAbsErrorPct">Largest absolute error.</param>
public sealed record ErrorSummary(int Count, double MedianAbsErrorPct, double P90AbsErrorPct, double MaxAbsErrorPct)
{
    /// <summary>The statistics of <paramref name="cases"/>.</summary>
    public static ErrorSummary Of(IEnumerable<ValidationCase> cases)
    {
        var list = cases.ToList();
        var abs = list.Select(c => Math.Abs(c.ErrorPct)).Order().ToArray();
        double measured = 0, off = 0;
        foreach (var c in list)
        {
            measured += c.Measured.TotalSeconds;
            off += Math.Abs(c.Predicted.TotalSeconds - c.Measured.TotalSeconds);
        }

        return abs.Length == 0
            ? new ErrorSummary(0, 0, 0, 0)
            : new ErrorSummary(abs.Length, Percentile(abs, 0.5), Percentile(abs, 0.9), abs[^1]) { TimeWeightedAbsErrorPct = measured > 0 ? off / measured * 100 : 0 };
    }

    /// <summary>Absolute error weighted by measured time, percent: sum of |predicted - measured| over the sum of measured times (how far off the total time of the cases is, in the worst case of no cancellation).</summary>
    public double TimeWeightedAbsErrorPct { get; init; }

    private static double Percentile(double[] sorted, double q)
    {
        var pos = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(pos);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((pos - lo) * (sorted[hi] - sorted[lo]));
    }
}

/// <summary>Predicted against measured for every record of a measurement file.</summary>
public sealed record ValidationReport
{
    /// <summary>The GPU the records were measured on (catalog id).</summary>
    public required string Gpu { get; init; }

    /// <summary>How kernel times were obtained.</summary>
    public required string Path { get; init; }

    /// <summary>One case per predicted record, in file order.</summary>
    public required IReadOnlyList<ValidationCase> Cases { get; init; }

    /// <summary>Records read but not predicted, with the reason.</summary>
    public required IReadOnlyList<SkippedRecord> Skipped { get; init; }

    /// <summary>Whole layers (per-layer profiles): one case per profile row, the sum of its operators' measured and predicted times; empty otherwise.</summary>
    public IReadOnlyList<ValidationCase> Layers { get; init; } = [];

    /// <summary>
    /// Statistics per kind, in order of first appearance, then <c>all</c>; when some cases are host-sensitive, also
    /// <c>host-sensitive</c> (those cases) and <c>all but host-sensitive</c>; with <see cref="Layers"/>, <c>layer (sum of operators)</c>.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, ErrorSummary>> Summary
    {
        get
        {
            List<KeyValuePair<string, ErrorSummary>> rows = [.. Cases.GroupBy(c => c.Kind).Select(g => KeyValuePair.Create(g.Key, ErrorSummary.Of(g))), KeyValuePair.Create("all", ErrorSummary.Of(Cases))];
            if (Cases.Any(c => c.HostSensitive))
            {
                rows.Add(KeyValuePair.Create("host-sensitive", ErrorSummary.Of(Cases.Where(c => c.HostSensitive))));
                rows.Add(KeyValuePair.Create("all but host-sensitive", ErrorSummary.Of(Cases.Where(c => !c.HostSensitive))));
            }

            if (Layers.Count > 0)
            {
                rows.Add(KeyValuePair.Create("layer (sum of operators)", ErrorSummary.Of(Layers)));
            }

            return rows;
        }
    }
}

/// <summary>Predicts every record of a measurement file with the performance model.</summary>
public static class Validator
{
    /// <summary>Kinds that are timings the model predicts.</summary>
    public static IReadOnlyList<string> PredictedKinds { get; } =
        ["gemm", "attn_prefill", "attn_decode", "membw", "elementwise", "moe_experts", "prefill_e2e", "decode_e2e", "mixed_e2e", "train_fwd_bwd"];

    /// <summary>Kinds that are known but carry nothing to predict (device information, power, bookkeeping).</summary>
    public static IReadOnlyList<string> InformationKinds { get; } =
        ["device", "nvidia_smi", "power_load", "power_phase", "launch", "decode_graph", "start", "end", "section_done", "section_error", "case_error", "skipped", "note"];

    /// <summary>
    /// Predicts each record. Unknown kinds and models and bad fields are recorded in <paramref name="problems"/> with
    /// their line; the other records are still predicted.
    /// </summary>
    public static ValidationReport Run(IReadOnlyList<MeasurementRecord> records, KernelModel kernels, ColossimCatalog catalog, Problems problems)
    {
        var cases = new List<ValidationCase>();
        var skipped = new List<SkippedRecord>();
        foreach (var record in records)
        {
            var lineProblems = new Problems();
            var r = record.Reader(lineProblems);
            string? reason = null;
            ValidationCase? result = null;
            if (InformationKinds.Contains(record.Kind))
            {
                reason = record.Kind.StartsWith("power", StringComparison.Ordinal) ? "power is not a timing (see the power model)" : "not a timing";
            }
            else if (!PredictedKinds.Contains(record.Kind))
            {
                lineProblems.Error("kind", $"unknown kind '{record.Kind}' (expected one of {string.Join(", ", PredictedKinds)}){Suggestions.DidYouMean(record.Kind, [.. PredictedKinds, .. InformationKinds])}");
                reason = $"unknown kind '{record.Kind}'";
            }
            else
            {
                (result, reason) = Predict(record, r, kernels, catalog, lineProblems);
            }

            foreach (var p in lineProblems)
            {
                problems.Add(p with { Line = record.Line, File = problems.File });
            }

            if (result is not null)
            {
                cases.Add(result);
            }
            else
            {
                skipped.Add(new SkippedRecord(record.Line, record.Kind, reason ?? (lineProblems.Count > 0 ? lineProblems[0].ToString() : "cannot be predicted")));
            }
        }

        return new ValidationReport { Gpu = kernels.Gpu.Id, Path = kernels.PathDescription, Cases = cases, Skipped = skipped };
    }

    private static (ValidationCase? Case, string? Reason) Predict(MeasurementRecord record, MapReader r, KernelModel kernels, ColossimCatalog catalog, Problems problems)
    {
        var line = record.Line;
        var dtypeText = r.Text("dtype") ?? "bfloat16";
        if (!MeasurementFields.TryParseDtype(dtypeText, problems, out var dtype))
        {
            return (null, null);
        }

        if (!kernels.Supports(dtype))
        {
            return (null, $"{kernels.Gpu.Id} has no {dtypeText} tensor cores");
        }

        switch (record.Kind)
        {
            case "gemm":
                {
                    var (m, n, k) = (r.Whole("M", true, 1), r.Whole("N", true, 1), r.Whole("K", true, 1));
                    var measured = Measured(r);
                    if (r.Text("tag") == "square_tf32")
                    {
                        dtype = DataType.Tf32;
                    }

                    return m is { } mm && n is { } nn && k is { } kk && measured is { } ms
                        ? (new ValidationCase(line, record.Kind, r.Text("tag"), $"{mm}x{nn}x{kk} {dtypeText}", Duration.FromMilliseconds(ms), kernels.Gemm(mm, nn, kk, dtype).Time), null)
                        : (null, null);
                }

            case "attn_prefill":
                {
                    var (shape, measured) = (MeasurementFields.AttentionShape(r, "S"), Measured(r));
                    return shape is { } a && measured is { } ms
                        ? (new ValidationCase(line, record.Kind, r.Text("model"), $"B={a.Batch} S={a.Length} hq={a.QHeads} hkv={a.KvHeads}", Duration.FromMilliseconds(ms), kernels.AttentionPrefill(a.Batch, a.Length, 0, a.QHeads, a.KvHeads, a.HeadDim).Time), null)
                        : (null, null);
                }

            case "attn_decode":
                {
                    var (shape, measured) = (MeasurementFields.AttentionShape(r, "L"), Measured(r));
                    return shape is { } a && measured is { } ms
                        ? (new ValidationCase(line, record.Kind, r.Text("model"), $"B={a.Batch} L={a.Length} hq={a.QHeads} hkv={a.KvHeads}", Duration.FromMilliseconds(ms), kernels.AttentionDecode(a.Batch, (double)a.Batch * a.Length, a.QHeads, a.KvHeads, a.HeadDim).Time), null)
                        : (null, null);
                }

            case "membw":
                {
                    var bytes = r.Number("bytes", true, 1);
                    var measured = r.Number("ms", min: 1e-9);
                    return bytes is { } by && measured is { } ms
                        ? (new ValidationCase(line, record.Kind, r.Text("op"), $"{by / 1e9:0.##} GB", Duration.FromMilliseconds(ms), Duration.FromSeconds(by / kernels.Bandwidth)), null)
                        : (null, null);
                }

            case "elementwise":
                {
                    var op = r.Choice("op", MeasurementFields.ElementwiseOps, true);
                    var (t, h) = (r.Whole("T", true, 1), r.Whole("h", true, 1));
                    var measured = Measured(r);
                    return op is not null && t is { } tt && h is { } hh && measured is { } ms
                        ? (new ValidationCase(line, record.Kind, op, $"T={tt} h={hh}", Duration.FromMilliseconds(ms), kernels.Elementwise(MeasurementFields.ParseOp(op), tt, hh).Time), null)
                        : (null, null);
                }

            case "moe_experts":
                {
                    var (n, e, k, h, inter) = (r.Whole("tokens", true, 1), r.Count("experts", true, 1), r.Count("topk", true, 1), r.Whole("h", true, 1), r.Whole("inter", true, 1));
                    var measured = Measured(r);
                    if (n is not { } nn || e is not { } ee || k is not { } kk || h is not { } hh || inter is not { } ii || measured is not { } ms)
                    {
                        return (null, null);
                    }

                    var (up, down, active, per) = kernels.Experts(nn, ee, kk, hh, ii, dtype);
                    var act = kernels.Elementwise(ElementwiseOp.SiluMul, active * per, ii);
                    return (new ValidationCase(line, record.Kind, r.Text("model"), $"tokens={nn} experts={ee} top{kk}", Duration.FromMilliseconds(ms), up.Time + down.Time + act.Time), null);
                }

            default:
                return PredictStep(record, r, kernels, catalog, problems, dtype);
        }
    }

    private static (ValidationCase? Case, string? Reason) PredictStep(MeasurementRecord record, MapReader r, KernelModel kernels, ColossimCatalog catalog, Problems problems, DataType dtype)
    {
        var modelName = r.Text("model", required: true);
        var tp = r.Count("tp", min: 1, max: 1024) ?? 1;
        var b = r.Count("B", true, 1);
        ModelSpec? model = null;
        if (modelName is not null)
        {
            if (!catalog.TryGetModel(modelName, out model))
            {
                problems.Error("model", $"unknown model '{modelName}'{Suggestions.DidYouMean(modelName, catalog.Models.Keys)}");
                return (null, $"unknown model '{modelName}'");
            }
        }

        StepRequest? request = null;
        double? measured = null;
        string shape = "";
        switch (record.Kind)
        {
            case "prefill_e2e":
                {
                    var s = r.Count("S", true, 1);
                    measured = r.Number("ms", min: 1e-9);
                    if (b is { } bb && s is { } ss)
                    {
                        request = new StepRequest { Phase = StepPhase.Prefill, Batch = bb, SeqLen = ss, Dtype = dtype };
                        shape = $"tp={tp} B={bb} S={ss}";
                    }

                    break;
                }

            case "decode_e2e":
                {
                    var ctx = r.Count("ctx", true, 0);
                    measured = r.Number("ms_graph", min: 1e-9);
                    r.Node("ms_eager");
                    if (measured is null && !problems.HasErrors)
                    {
                        return (null, "no CUDA-graph time (ms_graph is null); eager decode times are host-bound noise");
                    }

                    if (b is { } bb && ctx is { } cc)
                    {
                        request = new StepRequest { Phase = StepPhase.Decode, Batch = bb, Context = cc, Dtype = dtype, CudaGraph = true };
                        shape = $"tp={tp} B={bb} ctx={cc}{(dtype == DataType.Bf16 ? "" : " " + dtype.ToString().ToLowerInvariant())}";
                    }

                    break;
                }

            case "mixed_e2e":
                {
                    var (chunk, ctx) = (r.Count("chunk", true, 1), r.Count("ctx", true, 0));
                    measured = r.Number("ms_graph", required: true, min: 1e-9);
                    if (b is { } bb && ctx is { } cc && chunk is { } ch)
                    {
                        request = new StepRequest { Phase = StepPhase.Mixed, Batch = bb, Context = cc, Chunk = ch, Dtype = dtype, CudaGraph = true };
                        shape = $"tp={tp} chunk={ch} B={bb} ctx={cc}";
                    }

                    break;
                }

            case "train_fwd_bwd":
                {
                    var s = r.Count("S", true, 1);
                    var layers = r.Count("layers", min: 1, max: 100_000);
                    var withHead = r.Bool("with_head") ?? true;
                    measured = r.Number("ms", min: 1e-9);
                    if (b is { } bb && s is { } ss)
                    {
                        request = new StepRequest { Phase = StepPhase.Train, Batch = bb, SeqLen = ss, Layers = layers, WithHead = withHead, Dtype = dtype };
                        shape = $"tp={tp} B={bb} S={ss}{(layers is { } l ? $" layers={l}" : "")}";
                    }

                    break;
                }

            default:
                break;
        }

        if (model is null || request is null || measured is not { } ms)
        {
            return (null, null);
        }

        var step = new StepModel(model, kernels, new Sharding { Tp = tp });
        var prediction = step.Predict(request);
        return (new ValidationCase(record.Line, record.Kind, model.Name, shape, Duration.FromMilliseconds(ms), prediction.Time) { HostSensitive = prediction.HostTime * 3 >= prediction.GpuTime }, null);
    }

    // The CUDA-graph time when measured, else the eager time (required when there is no graph time). Both fields are
    // read, so a malformed eager time is reported even next to a graph time.
    private static double? Measured(MapReader r)
    {
        var graph = r.Number("ms_graph", min: 1e-9);
        var eager = r.Number("ms", required: graph is null, min: 1e-9);
        return graph ?? eager;
    }
}
