using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Colossim.Documents;
using Colossim.Units;

namespace Colossim.Performance;

/// <summary>One row of a Vidur per-layer profile (<c>data/profiling/compute/&lt;gpu&gt;/&lt;model&gt;/mlp.csv</c>): median milliseconds per operator of one decoder layer.</summary>
/// <param name="Line">1-based line in the file.</param>
/// <param name="Tokens">Tokens in the batch.</param>
/// <param name="Tp">Tensor-parallel degree.</param>
/// <param name="Heads">Query heads of the whole model.</param>
/// <param name="KvHeads">Key/value heads of the whole model.</param>
/// <param name="Hidden">Model width.</param>
/// <param name="Inter">MLP intermediate width.</param>
/// <param name="Gated">Whether the MLP is gated (gate and up projections fused into one GEMM).</param>
/// <param name="MedianMs">Median milliseconds by operator name (<c>attn_pre_proj</c>, <c>mlp_up_proj</c>, ...).</param>
public sealed record VidurRow(int Line, int Tokens, int Tp, int Heads, int KvHeads, int Hidden, int Inter, bool Gated, IReadOnlyDictionary<string, double> MedianMs)
{
    /// <summary>Width of one head.</summary>
    public int HeadDim => Hidden / Heads;

    /// <summary>Query heads on one GPU.</summary>
    public int LocalHeads => Math.Max(1, Heads / Tp);

    /// <summary>Key/value heads on one GPU (at least one).</summary>
    public int LocalKvHeads => Math.Max(1, KvHeads / Tp);
}

/// <summary>Reads Vidur's per-layer CSV profiles, turns them into calibration records, and validates the model against them.</summary>
public static class VidurCsv
{
    private static readonly string[] Ops = ["attn_pre_proj", "attn_post_proj", "mlp_up_proj", "mlp_down_proj", "input_layernorm", "post_attention_layernorm", "mlp_act", "add", "attn_rope"];
    private const int MaxHeads = 1 << 16;
    private const int MaxWidth = 1 << 22;
    private const int MaxTokens = 1 << 24;
    private const int MaxTp = 1024;

    private static readonly string[] Keys = ["n_head", "n_kv_head", "n_embd", "n_expanded_embd", "use_gated_mlp", "num_tokens", "num_tensor_parallel_workers"];

    /// <summary>Reads the CSV file at <paramref name="path"/>.</summary>
    public static IReadOnlyList<VidurRow> ReadFile(string path, Problems problems)
        => DocReader.ReadText(path, problems, MeasurementReader.MaxBytes) is { } text ? Parse(text, problems) : [];

    /// <summary>Parses CSV text with a header row; rows with a missing or bad value are reported with their line and skipped.</summary>
    public static IReadOnlyList<VidurRow> Parse(string text, Problems problems)
    {
        var lines = text.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        if (lines.Length == 0 || lines[0].Trim().Length == 0)
        {
            problems.Error("", "the file is empty; expected a Vidur mlp.csv with a header row");
            return [];
        }

        var header = lines[0].Split(',');
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            index[header[i].Trim()] = i;
        }

        var missing = Keys.Where(k => !index.ContainsKey(k)).ToList();
        if (missing.Count > 0)
        {
            problems.Error("", $"expected a Vidur per-layer CSV with columns {string.Join(", ", Keys)}; missing {string.Join(", ", missing)}", 1);
            return [];
        }

        var rows = new List<VidurRow>();
        for (var n = 1; n < lines.Length; n++)
        {
            if (lines[n].Trim().Length == 0)
            {
                continue;
            }

            var cells = lines[n].Split(',');
            var line = n + 1;
            if (cells.Length != header.Length)
            {
                problems.Error("", $"expected {header.Length} columns, found {cells.Length}", line);
                continue;
            }

            bool Num(string key, out double value, double max = CalibrationSet.MaxKernelMilliseconds)
            {
                var ok = double.TryParse(cells[index[key]], NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value) && value >= 0 && value <= max;
                if (!ok)
                {
                    problems.Error(key, string.Create(CultureInfo.InvariantCulture, $"expected a number between 0 and {max:#,0}, found '{cells[index[key]]}'"), line);
                }

                return ok;
            }

            bool Whole(string key, int min, int max, out int value)
            {
                var ok = double.TryParse(cells[index[key]], NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max && number == Math.Floor(number);
                value = ok ? (int)number : 0;
                if (!ok)
                {
                    problems.Error(key, string.Create(CultureInfo.InvariantCulture, $"expected a whole number between {min:#,0} and {max:#,0}, found '{cells[index[key]]}'"), line);
                }

                return ok;
            }

            var medians = new Dictionary<string, double>(StringComparer.Ordinal);
            var good = true;
            foreach (var op in Ops)
            {
                if (index.TryGetValue($"time_stats.{op}.median", out var col) && cells[col].Length > 0)
                {
                    good &= Num($"time_stats.{op}.median", out var ms);
                    medians[op] = ms;
                }
            }

            good &= Whole("n_head", 1, MaxHeads, out var heads) & Whole("n_kv_head", 0, MaxHeads, out var kv) & Whole("n_embd", 1, MaxWidth, out var embd)
                & Whole("n_expanded_embd", 1, MaxWidth, out var inter) & Whole("num_tokens", 1, MaxTokens, out var tokens) & Whole("num_tensor_parallel_workers", 1, MaxTp, out var tp);
            if (good && embd < heads)
            {
                problems.Error("n_embd", string.Create(CultureInfo.InvariantCulture, $"expected at least n_head ({heads}) so that a head has a width, found {embd}"), line);
                good = false;
            }

            var gated = cells[index["use_gated_mlp"]].Trim().Equals("true", StringComparison.OrdinalIgnoreCase);
            if (good)
            {
                rows.Add(new VidurRow(line, tokens, tp, heads, Math.Max(1, kv), embd, inter, gated, medians));
            }
        }

        return rows;
    }

    /// <summary>The rows as calibration records (JSON Lines): the four layer GEMMs and the memory-bound kernels of each row.</summary>
    public static string ToJsonl(IEnumerable<VidurRow> rows)
    {
        var sb = new StringBuilder();
        foreach (var row in rows)
        {
            foreach (var (op, (n, k), ms) in MeasuredGemms(row))
            {
                sb.Append(new JsonObject { ["kind"] = "gemm", ["tag"] = $"vidur/tp{row.Tp}/{op}", ["dtype"] = "bfloat16", ["M"] = row.Tokens, ["N"] = n, ["K"] = k, ["ms"] = ms, ["source_line"] = row.Line }.ToJsonString()).Append('\n');
            }

            foreach (var (op, kernel, width, ms) in MeasuredElementwise(row))
            {
                sb.Append(new JsonObject { ["kind"] = "elementwise", ["op"] = kernel, ["T"] = row.Tokens, ["h"] = width, ["ms"] = ms, ["source_line"] = row.Line }.ToJsonString()).Append('\n');
            }
        }

        return sb.ToString();
    }

    /// <summary>Predicts every operator of every row (kinds <c>vidur/&lt;op&gt;</c>) and each row's layer, the sum of its measured operators (<see cref="ValidationReport.Layers"/>).</summary>
    public static ValidationReport Validate(IReadOnlyList<VidurRow> rows, KernelModel kernels)
    {
        var cases = new List<ValidationCase>();
        var layers = new List<ValidationCase>();
        foreach (var row in rows)
        {
            var first = cases.Count;
            foreach (var (op, (n, k), ms) in MeasuredGemms(row))
            {
                cases.Add(new ValidationCase(row.Line, "vidur/" + op, null, $"tokens={row.Tokens} tp={row.Tp}", Duration.FromMilliseconds(ms), kernels.Gemm(row.Tokens, n, k).Time));
            }

            foreach (var (op, kernel, width, ms) in MeasuredElementwise(row))
            {
                cases.Add(new ValidationCase(row.Line, "vidur/" + op, null, $"tokens={row.Tokens} tp={row.Tp}", Duration.FromMilliseconds(ms), kernels.Elementwise(MeasurementFields.ParseOp(kernel), row.Tokens, width).Time));
            }

            if (cases.Count > first)
            {
                var (measured, predicted) = (Duration.Zero, Duration.Zero);
                for (var i = first; i < cases.Count; i++)
                {
                    (measured, predicted) = (measured + cases[i].Measured, predicted + cases[i].Predicted);
                }

                layers.Add(new ValidationCase(row.Line, "vidur/layer", null, $"tokens={row.Tokens} tp={row.Tp}", measured, predicted));
            }
        }

        return new ValidationReport { Gpu = kernels.Gpu.Id, Path = kernels.PathDescription, Cases = cases, Skipped = [], Layers = layers };
    }

    // The row's layer GEMMs and memory-bound kernels that have a positive median time, with it (ms).
    private static IEnumerable<(string Op, (long N, long K) Shape, double Ms)> MeasuredGemms(VidurRow row) =>
        GemmShapes(row).Where(g => row.MedianMs.GetValueOrDefault(g.Op) > 0).Select(g => (g.Op, g.Shape, row.MedianMs[g.Op]));

    private static IEnumerable<(string Op, string Kernel, long Width, double Ms)> MeasuredElementwise(VidurRow row) =>
        Elementwise(row).Where(e => row.MedianMs.GetValueOrDefault(e.Op) > 0).Select(e => (e.Op, e.Kernel, e.Width, row.MedianMs[e.Op]));

    private static IEnumerable<(string Op, (long N, long K) Shape)> GemmShapes(VidurRow row)
    {
        long hd = row.HeadDim;
        long inter = row.Inter / row.Tp;
        yield return ("attn_pre_proj", ((row.LocalHeads + (2L * row.LocalKvHeads)) * hd, row.Hidden));
        yield return ("attn_post_proj", (row.Hidden, row.LocalHeads * hd));
        yield return ("mlp_up_proj", ((row.Gated ? 2 : 1) * inter, row.Hidden));
        yield return ("mlp_down_proj", (row.Hidden, inter));
    }

    private static IEnumerable<(string Op, string Kernel, long Width)> Elementwise(VidurRow row)
    {
        yield return ("input_layernorm", "fused_rmsnorm", row.Hidden);
        yield return ("post_attention_layernorm", "fused_rmsnorm", row.Hidden);
        yield return ("mlp_act", "fused_silu_mul", row.Inter / row.Tp);
        yield return ("add", "add", row.Hidden);
        yield return ("attn_rope", "rope", (long)(row.LocalHeads + row.LocalKvHeads) * row.HeadDim);
    }
}
