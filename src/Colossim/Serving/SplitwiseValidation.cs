using System.Globalization;
using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Network;
using Colossim.Performance;

namespace Colossim.Serving;

/// <summary>One measured point of SplitwiseSim's performance database: the medians of its repetitions.</summary>
/// <param name="Hardware">SplitwiseSim's hardware name (a100-80gb, h100-80gb).</param>
/// <param name="Gpu">The catalog GPU simulated for it.</param>
/// <param name="Tp">Tensor-parallel degree (2, 4 or 8).</param>
/// <param name="Prompt">Prompt tokens of each sequence.</param>
/// <param name="Batch">Sequences in the batch.</param>
/// <param name="Tokens">Output tokens generated per sequence.</param>
/// <param name="PrefillMs">Median prefill latency of the whole batch (milliseconds).</param>
/// <param name="DecodeMs">Median decode latency per iteration over the generation (milliseconds).</param>
/// <param name="Repetitions">Rows the medians are over.</param>
public sealed record SplitwisePoint(string Hardware, string Gpu, int Tp, int Prompt, int Batch, int Tokens, double PrefillMs, double DecodeMs, int Repetitions);

/// <summary>A measured point with Colossim's prediction of the same iterations.</summary>
/// <param name="Point">The measurement.</param>
/// <param name="PrefillMs">Predicted prefill of the batch (milliseconds); <see langword="null"/> when the deployment could not be built.</param>
/// <param name="DecodeMs">Predicted mean decode iteration (milliseconds); <see langword="null"/> likewise.</param>
/// <param name="PrefillBoundMs">The least time the batch's prefill can take: its floating-point work per GPU at the GPU's fp16 peak (milliseconds).</param>
/// <param name="Note">Why there is no prediction.</param>
public sealed record SplitwiseRow(SplitwisePoint Point, double? PrefillMs, double? DecodeMs, double? PrefillBoundMs, string? Note)
{
    /// <summary>Whether the measured prefill is shorter than the compute bound: then it cannot be the whole batch's prefill, and the row is left out of the prefill summary.</summary>
    public bool PrefillBelowBound => PrefillBoundMs is { } b && Point.PrefillMs < b;

    /// <summary>Signed error of the predicted prefill over the measured (−0.1 = 10 % low).</summary>
    public double? PrefillError => PrefillMs is { } p ? (p / Point.PrefillMs) - 1 : null;

    /// <summary>Signed error of the predicted decode iteration over the measured.</summary>
    public double? DecodeError => DecodeMs is { } d ? (d / Point.DecodeMs) - 1 : null;
}

/// <summary>
/// Validation against SplitwiseSim's measured Llama-2-70B iteration latencies (<c>data/perf_model.csv</c> of
/// Mutinifni/splitwise-sim, measured with vLLM in fp16 on DGX A100 and H100 machines): every measured point of the
/// model, the prefill of its batch and its mean decode iteration, predicted by the step model that the serving
/// simulation's step-time table is built from, with the serving engine's kernels (fused, decode as CUDA graphs) and
/// the tensor-parallel all-reduces of the planned site. No constant is fitted to these rows.
/// </summary>
public static class SplitwiseValidation
{
    /// <summary>The CSV header the reader expects.</summary>
    public const string Header = "model,hardware,prompt_size,batch_size,token_size,peak_power,average_power,prompt_time,token_time,e2e_time,tensor_parallel";

    /// <summary>Decode contexts averaged over a generation: the midpoints of this many equal slices of it.</summary>
    public const int DecodeSamples = 16;

    /// <summary>
    /// Reads the Llama-2-70B points of a SplitwiseSim performance database, the medians of each point's repetitions,
    /// measured hardware only: <c>h100-80gb-pcap</c> rows are derived in SplitwiseSim (its prefill times 1.3 × the
    /// H100's, decode the same) and are counted in <paramref name="derived"/>, not compared. Mistakes go to
    /// <paramref name="problems"/> at <paramref name="path"/> with the line number; <see langword="null"/> when the
    /// file cannot be read.
    /// </summary>
    public static IReadOnlyList<SplitwisePoint>? Read(string text, Problems problems, string path, out int derived)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(problems);
        derived = 0;
        var lines = text.Split('\n');
        if (lines.Length == 0 || lines[0].Trim() != Header)
        {
            problems.Error(path, $"expected a SplitwiseSim performance database whose header is '{Header}', found '{Shorten(lines.Length > 0 ? lines[0].Trim() : "")}'");
            return null;
        }

        var groups = new Dictionary<(string, int, int, int, int), (List<double> Prefill, List<double> Decode)>();
        var order = new List<(string, int, int, int, int)>();
        for (var n = 1; n < lines.Length; n++)
        {
            var line = lines[n].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var cells = line.Split(',');
            if (cells.Length != 11 || !Int(cells[2], out var prompt) || !Int(cells[3], out var batch) || !Int(cells[4], out var tokens) || !Int(cells[10], out var tp)
                || !Real(cells[7], out var prefill) || !Real(cells[8], out var decode))
            {
                problems.Error(path, $"line {n + 1}: expected 11 comma-separated fields with whole sizes and positive times, found '{Shorten(line)}'");
                continue;
            }

            if (cells[0] != "llama2-70b")
            {
                continue;
            }

            if (cells[1] == "h100-80gb-pcap")
            {
                derived++;
                continue;
            }

            if (cells[1] is not ("a100-80gb" or "h100-80gb"))
            {
                problems.Error(path, $"line {n + 1}: expected hardware a100-80gb, h100-80gb or h100-80gb-pcap, found '{Shorten(cells[1])}'");
                continue;
            }

            var key = (cells[1], tp, prompt, batch, tokens);
            if (!groups.TryGetValue(key, out var times))
            {
                times = ([], []);
                groups[key] = times;
                order.Add(key);
            }

            times.Prefill.Add(prefill);
            times.Decode.Add(decode);
        }

        if (problems.HasErrors)
        {
            return null;
        }

        return [.. order.Select(k => new SplitwisePoint(k.Item1, k.Item1 == "a100-80gb" ? "a100-sxm-80gb" : "h100-sxm", k.Item2, k.Item3, k.Item4, k.Item5,
            Median(groups[k].Prefill), Median(groups[k].Decode), groups[k].Prefill.Count))];
    }

    /// <summary>Predicts every point (the deployments in parallel), in the points' order.</summary>
    public static IReadOnlyList<SplitwiseRow> Run(IReadOnlyList<SplitwisePoint> points, ColossimCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(catalog);
        var rows = new SplitwiseRow[points.Count];
        var deployments = points.Select(p => (p.Gpu, p.Tp)).Distinct().ToList();
        Parallel.ForEach(deployments, d =>
        {
            var request = new ServeRequest
            {
                Model = "llama2-70b",
                Gpu = d.Gpu,
                Gpus = d.Tp,
                Tp = d.Tp,
                Dtype = "fp16",
                GpuMemoryUtilization = 1,
                MaxBatch = 64,

                // Measured in 2023 on an engine running eagerly with NCCL all-reduces (vLLM's custom all-reduce came in
                // December 2023, vllm-project/vllm#2192, with its CUDA graphs).
                AllReduce = TensorParallelAllReduce.Nccl,
                Workload = [new TraceRequest(0, 1, 1)],
            };
            var problems = new Problems();
            var model = request.Resolve(catalog, problems)?.StepModel;
            var peak = catalog.ResolveGpu(d.Gpu, new Problems(), "gpu")?.PeakFor(DataType.Fp16);
            for (var i = 0; i < points.Count; i++)
            {
                var p = points[i];
                if (p.Gpu != d.Gpu || p.Tp != d.Tp)
                {
                    continue;
                }

                if (model is null || peak is not { } rate)
                {
                    rows[i] = new SplitwiseRow(p, null, null, null, string.Join("; ", problems.Select(x => x.Message)));
                    continue;
                }

                var prefill = model.Predict(Request(StepPhase.Prefill) with { Batch = p.Batch, SeqLen = p.Prompt });
                var bound = (prefill.Flops / rate).TotalMilliseconds;
                var note = p.PrefillMs < bound ? string.Create(CultureInfo.InvariantCulture, $"measured prefill below the compute bound ({bound:0} ms at the fp16 peak): not the whole batch's prefill") : null;
                rows[i] = new SplitwiseRow(p, prefill.Time.TotalMilliseconds, Decode(model, p), bound, note);
            }
        });
        return rows;
    }

    /// <summary>The mean decode iteration over the generation: contexts from the prompt to the prompt and the output, at the midpoints of <see cref="DecodeSamples"/> slices (milliseconds).</summary>
    private static double Decode(StepModel model, SplitwisePoint p)
    {
        double sum = 0;
        for (var k = 0; k < DecodeSamples; k++)
        {
            var context = p.Prompt + (int)Math.Round((k + 0.5) * p.Tokens / DecodeSamples);
            sum += model.Predict(Request(StepPhase.Decode) with { Batch = p.Batch, Context = context }).Time.TotalMilliseconds;
        }

        return sum / DecodeSamples;
    }

    /// <summary>
    /// The engine's kernels, run eagerly: the measured batch-1 decode step does not shrink from TP 4 to TP 8 on either GPU
    /// (H100 29.7 and 29.8 ms, A100 45.0 and 44.9 ms) although each GPU's weights halve, so it is bound by the host's
    /// kernel launches, as vLLM was before it captured decode in CUDA graphs (v0.2.5, December 2023).
    /// </summary>
    private static StepRequest Request(StepPhase phase) =>
        new() { Phase = phase, Dtype = DataType.Fp16, CudaGraph = false, Implementation = Implementation.Engine };

    private static double Median(List<double> values)
    {
        values.Sort();
        var n = values.Count;
        return n % 2 == 1 ? values[n / 2] : (values[(n / 2) - 1] + values[n / 2]) / 2;
    }

    private static bool Int(string cell, out int value) =>
        int.TryParse(cell, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 1 && value <= 1 << 20;

    private static bool Real(string cell, out double value) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && value > 0 && double.IsFinite(value);

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
