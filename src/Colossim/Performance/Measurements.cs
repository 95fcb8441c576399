using Colossim.Catalog;
using Colossim.Documents;

namespace Colossim.Performance;

/// <summary>One record of a measurement file (JSON Lines): its 1-based line, its <c>kind</c> and its fields.</summary>
/// <param name="Line">1-based line in the file.</param>
/// <param name="Kind">The record's <c>kind</c> field (<c>gemm</c>, <c>decode_e2e</c>, ...).</param>
/// <param name="Fields">The parsed object.</param>
public sealed record MeasurementRecord(int Line, string Kind, DocMap Fields)
{
    /// <summary>A reader over the fields whose problems are attributed to this record's line.</summary>
    public MapReader Reader(Problems problems) => new(Fields, problems);
}

/// <summary>
/// Reads measurement files in the calibration format: one JSON object per line with a <c>kind</c> field, as written by
/// <c>tools/gpu-probe</c> and by the reference probe of <c>shared/calibration</c>. A malformed line is reported with its
/// line number and skipped; the other lines are still read.
/// </summary>
public static class MeasurementReader
{
    /// <summary>Largest measurement file accepted, in bytes (64 MiB).</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    /// <summary>Reads the file at <paramref name="path"/>; problems name the file and line.</summary>
    public static IReadOnlyList<MeasurementRecord> ReadFile(string path, Problems problems)
        => DocReader.ReadText(path, problems, MaxBytes) is { } text ? Parse(text, problems) : [];

    /// <summary>Parses JSON Lines text: blank lines are ignored; every other line must be one object with a <c>kind</c>.</summary>
    public static IReadOnlyList<MeasurementRecord> Parse(string text, Problems problems)
    {
        var records = new List<MeasurementRecord>();
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (!line.StartsWith('{'))
            {
                problems.Error("", $"expected a JSON object, found '{Clip(line)}'", lineNumber);
                continue;
            }

            // Most lines are flat objects read without the YAML parser; any other line, and every bad one, goes through it.
            DocNode? root = FlatJsonLine.TryParse(line);
            if (root is null)
            {
                var lineProblems = new Problems();
                root = DocReader.Parse(line, lineProblems);
                foreach (var p in lineProblems)
                {
                    problems.Add(p with { Line = lineNumber, File = problems.File, Message = p.Message.Replace("invalid YAML", "invalid JSON", StringComparison.Ordinal) });
                }
            }

            if (root is null)
            {
                continue;
            }

            if (root is not DocMap map)
            {
                problems.Error("", $"expected a JSON object, found {root.Describe()}", lineNumber);
                continue;
            }

            if (map["kind"] is not DocScalar { IsNull: false } kind)
            {
                problems.Error("kind", "is required (a record names its kind: gemm, attn_prefill, decode_e2e, ...)", lineNumber);
                continue;
            }

            records.Add(new MeasurementRecord(lineNumber, kind.Value, map));
        }

        return records;
    }

    private static string Clip(string s) => s.Length <= 40 ? s : string.Concat(s.AsSpan(0, 37), "...");
}

/// <summary>Fields that several kinds of measurement record share, read the same way wherever they appear.</summary>
internal static class MeasurementFields
{
    /// <summary>The <c>op</c> values of an <c>elementwise</c> record.</summary>
    public static IReadOnlyCollection<string> ElementwiseOps { get; } = ["rmsnorm", "silu_mul", "add", "fused_rmsnorm", "fused_silu_mul", "rope"];

    /// <summary>The operation an <c>op</c> name (one of <see cref="ElementwiseOps"/>) stands for.</summary>
    public static ElementwiseOp ParseOp(string op) => op switch
    {
        "rmsnorm" => ElementwiseOp.RmsNorm,
        "silu_mul" => ElementwiseOp.SiluMul,
        "fused_rmsnorm" => ElementwiseOp.FusedRmsNorm,
        "fused_silu_mul" => ElementwiseOp.FusedSiluMul,
        "rope" => ElementwiseOp.Rope,
        _ => ElementwiseOp.Add,
    };

    /// <summary>Parses a record's <c>dtype</c>; records an error at <c>dtype</c> when it is not a known name.</summary>
    public static bool TryParseDtype(string text, Problems problems, out DataType dtype)
    {
        if (DataTypes.TryParse(text, out dtype))
        {
            return true;
        }

        problems.Error("dtype", $"expected one of bfloat16, float16, fp8, fp4, float32, found '{text}'");
        return false;
    }

    /// <summary>
    /// The shape of an attention record: <c>B</c>, the length field <paramref name="lengthKey"/> (<c>S</c> or <c>L</c>),
    /// <c>hq</c>, <c>hkv</c> and <c>hd</c>, all required and at least 1. Every field is read (and its problem recorded)
    /// even when an earlier one is bad; <see langword="null"/> when any is missing or bad.
    /// </summary>
    public static (int Batch, int Length, int QHeads, int KvHeads, int HeadDim)? AttentionShape(MapReader r, string lengthKey)
    {
        var (b, length, hq, hkv, hd) = (r.Count("B", true, 1), r.Count(lengthKey, true, 1), r.Count("hq", true, 1), r.Count("hkv", true, 1), r.Count("hd", true, 1));
        return b is { } bb && length is { } ll && hq is { } q && hkv is { } kv && hd is { } d ? (bb, ll, q, kv, d) : null;
    }
}
