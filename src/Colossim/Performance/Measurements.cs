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
    {
        problems.File ??= path;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                problems.Error("", Directory.Exists(path) ? "expected a file, found a directory" : "the file does not exist");
                return [];
            }

            if (info.Length > MaxBytes)
            {
                problems.Error("", $"the file is {info.Length / (1024.0 * 1024):0.#} MiB, larger than the 64 MiB accepted");
                return [];
            }

            return Parse(File.ReadAllText(path), problems);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Error("", $"the file cannot be read: {e.Message}");
            return [];
        }
    }

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

            var lineProblems = new Problems();
            var root = DocReader.Parse(line, lineProblems);
            foreach (var p in lineProblems)
            {
                problems.Add(p with { Line = lineNumber, File = problems.File, Message = p.Message.Replace("invalid YAML", "invalid JSON", StringComparison.Ordinal) });
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
