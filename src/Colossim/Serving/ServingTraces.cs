using System.Globalization;
using System.Text.Json;
using Colossim.Documents;

namespace Colossim.Serving;

/// <summary>One request of a workload: when it arrives (nanoseconds from the start) and its prompt and output lengths.</summary>
/// <param name="ArrivalNanoseconds">Arrival time, nanoseconds from the start of the run, at least 0.</param>
/// <param name="Input">Prompt tokens, at least 1.</param>
/// <param name="Output">Tokens to generate, at least 1.</param>
public readonly record struct TraceRequest(long ArrivalNanoseconds, int Input, int Output)
{
    /// <summary>
    /// The hash of each of the prompt's blocks of <see cref="ServingSetup.PrefixBlockTokens"/> tokens (a Mooncake
    /// trace's <c>hash_ids</c>: equal ids at equal positions after equal ids mean a reusable KV prefix), first block
    /// first; <see langword="null"/> when the trace carries none (Azure, generated traffic).
    /// </summary>
    public IReadOnlyList<int>? HashIds { get; init; }
}

/// <summary>
/// Reads request traces through the bounded reader (<see cref="DocReader.ReadText"/>): the Azure LLM inference CSV
/// and the Mooncake JSON lines. Arrivals are made relative to the first request and sorted; a row that cannot be read
/// is a problem at the trace's path with its line number, and reading goes on to report the others (at most 20).
/// </summary>
public static class ServingTraces
{
    /// <summary>The largest trace file read: 256 MiB (a week of the Azure 2024 conversation trace is about 1.2 GB and is refused).</summary>
    public const long MaxBytes = 256L << 20;

    /// <summary>The most rows a trace may hold: 10,000,000.</summary>
    public const int MaxRows = 10_000_000;

    private const int MaxReported = 20;

    /// <summary>Prompt tokens per hash block of the Mooncake traces: 512 (their README: <c>hash_ids</c> are "remapped prefix-block hashes", block = 512 tokens).</summary>
    public const int MooncakeBlockTokens = 512;

    /// <summary>Reads the trace at <paramref name="file"/>; problems are recorded at <paramref name="path"/> (the option or field naming the file).</summary>
    /// <returns>The requests in arrival order, or <see langword="null"/> when the file cannot be read or has no request.</returns>
    public static IReadOnlyList<TraceRequest>? Read(string file, TraceFormat format, Problems problems, string path)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var local = new Problems();
        var text = DocReader.ReadText(file, local, MaxBytes);
        foreach (var p in local)
        {
            problems.Add(p with { Path = path, File = null, Message = p.Path.Length > 0 && p.Path != file ? $"{p.Path}: {p.Message}" : p.Message });
        }

        if (text is null)
        {
            return null;
        }

        return Parse(text, format, problems, path);
    }

    /// <summary>Parses trace text already read (see <see cref="Read"/>).</summary>
    public static IReadOnlyList<TraceRequest>? Parse(string text, TraceFormat format, Problems problems, string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(problems);
        var rows = new List<(double Seconds, int Input, int Output)>();
        var hashes = new List<int[]?>();
        var errors = 0;
        void Bad(int line, string message)
        {
            if (errors++ < MaxReported)
            {
                problems.Error(path, $"line {line.ToString(CultureInfo.InvariantCulture)}: {message}");
            }
        }

        var lineNumber = 0;
        var header = format == TraceFormat.Azure;
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.IsEmpty)
            {
                continue;
            }

            if (header)
            {
                header = false;
                if (!line.StartsWith("TIMESTAMP", StringComparison.OrdinalIgnoreCase))
                {
                    Bad(lineNumber, $"expected the header TIMESTAMP,ContextTokens,GeneratedTokens, found '{Clip(line.ToString())}'");
                    return null;
                }

                continue;
            }

            if (rows.Count >= MaxRows)
            {
                problems.Error(path, $"expected at most {MaxRows.ToString("N0", CultureInfo.InvariantCulture)} requests; the trace has more");
                return null;
            }

            int[]? hashIds = null;
            var row = format == TraceFormat.Azure ? AzureRow(line, out var error) : MooncakeRow(line, out error, out hashIds);
            if (row is { } r)
            {
                rows.Add(r);
                hashes.Add(hashIds);
            }
            else
            {
                Bad(lineNumber, error!);
            }
        }

        if (errors > MaxReported)
        {
            problems.Error(path, $"{(errors - MaxReported).ToString(CultureInfo.InvariantCulture)} more rows could not be read");
        }

        if (errors > 0)
        {
            return null;
        }

        if (rows.Count == 0)
        {
            problems.Error(path, "expected at least one request, found none");
            return null;
        }

        var first = double.MaxValue;
        foreach (var r in rows)
        {
            first = Math.Min(first, r.Seconds);
        }

        var result = new TraceRequest[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var (seconds, input, output) = rows[i];
            result[i] = new TraceRequest((long)Math.Round((seconds - first) * 1e9), input, output) { HashIds = hashes[i] };
        }

        // A stable sort keeps the file's order among equal times.
        var order = Enumerable.Range(0, result.Length).OrderBy(i => result[i].ArrivalNanoseconds).ThenBy(i => i).Select(i => result[i]).ToArray();
        return order;
    }

    private static (double, int, int)? AzureRow(ReadOnlySpan<char> line, out string? error)
    {
        error = null;
        var c1 = line.IndexOf(',');
        var rest = c1 < 0 ? default : line[(c1 + 1)..];
        var c2 = rest.IndexOf(',');
        if (c1 < 0 || c2 < 0 || rest[(c2 + 1)..].Contains(','))
        {
            error = $"expected TIMESTAMP,ContextTokens,GeneratedTokens, found '{Clip(line.ToString())}'";
            return null;
        }

        var stamp = line[..c1].Trim();
        if (!DateTimeOffset.TryParse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            error = $"expected a timestamp such as 2023-11-16 18:15:46.6805900, found '{Clip(stamp.ToString())}'";
            return null;
        }

        if (Tokens(rest[..c2], "ContextTokens", 1, out var input, out error) is false || Tokens(rest[(c2 + 1)..], "GeneratedTokens", 0, out var output, out error) is false)
        {
            return null;
        }

        // The Azure traces hold a few rows with no generated token; a request produces at least its first.
        return ((time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 1e7, input, Math.Max(1, output));
    }

    private static (double, int, int)? MooncakeRow(ReadOnlySpan<char> line, out string? error, out int[]? hashIds)
    {
        error = null;
        hashIds = null;
        try
        {
            using var doc = JsonDocument.Parse(line.ToString());
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = "expected a JSON object with timestamp, input_length and output_length";
                return null;
            }

            var root = doc.RootElement;
            if (!Number(root, "timestamp", out var ms, out error) || !Number(root, "input_length", out var input, out error) || !Number(root, "output_length", out var output, out error))
            {
                return null;
            }

            if (!(ms >= 0 && ms < 1e15))
            {
                error = $"timestamp: expected milliseconds from 0 to 1e15, found {ms.ToString(CultureInfo.InvariantCulture)}";
                return null;
            }

            if (!(input >= 1 && input <= 1 << 24 && input == Math.Floor(input)))
            {
                error = $"input_length: expected a whole number from 1 to 16,777,216, found {input.ToString(CultureInfo.InvariantCulture)}";
                return null;
            }

            if (!(output >= 0 && output <= 1 << 24 && output == Math.Floor(output)))
            {
                error = $"output_length: expected a whole number from 0 to 16,777,216, found {output.ToString(CultureInfo.InvariantCulture)}";
                return null;
            }

            if (root.TryGetProperty("hash_ids", out var ids) && !HashIds(ids, (int)input, out hashIds, out error))
            {
                return null;
            }

            return (ms / 1e3, (int)input, Math.Max(1, (int)output));
        }
        catch (JsonException)
        {
            error = $"expected a JSON object, found '{Clip(line.ToString())}'";
            return null;
        }
    }

    /// <summary>A Mooncake row's <c>hash_ids</c>: whole numbers from 0 to 2,147,483,647, at most one per 512 prompt tokens (rounded up).</summary>
    private static bool HashIds(JsonElement ids, int input, out int[]? hashIds, out string? error)
    {
        hashIds = null;
        error = null;
        if (ids.ValueKind != JsonValueKind.Array)
        {
            error = $"hash_ids: expected an array of whole numbers, found {ids.ValueKind.ToString().ToLowerInvariant()}";
            return false;
        }

        var most = (input + MooncakeBlockTokens - 1) / MooncakeBlockTokens;
        var n = ids.GetArrayLength();
        if (n > most)
        {
            error = $"hash_ids: expected at most one per {MooncakeBlockTokens} prompt tokens ({most.ToString(CultureInfo.InvariantCulture)} for input_length {input.ToString(CultureInfo.InvariantCulture)}), found {n.ToString(CultureInfo.InvariantCulture)}";
            return false;
        }

        var result = new int[n];
        var k = 0;
        foreach (var e in ids.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out var id) || id < 0)
            {
                error = $"hash_ids: expected whole numbers from 0 to 2,147,483,647, found {Clip(e.GetRawText())}";
                return false;
            }

            result[k++] = id;
        }

        hashIds = result;
        return true;
    }

    private static bool Number(JsonElement root, string name, out double value, out string? error)
    {
        error = null;
        value = 0;
        if (!root.TryGetProperty(name, out var e) || e.ValueKind != JsonValueKind.Number || !e.TryGetDouble(out value))
        {
            error = $"{name}: expected a number, found {(root.TryGetProperty(name, out var f) ? f.ValueKind.ToString().ToLowerInvariant() : "nothing")}";
            return false;
        }

        return true;
    }

    private static bool Tokens(ReadOnlySpan<char> text, string column, int min, out int value, out string? error)
    {
        error = null;
        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value) || value < min || value > 1 << 24)
        {
            error = $"{column}: expected a whole number from {min.ToString(CultureInfo.InvariantCulture)} to 16,777,216, found '{Clip(text.Trim().ToString())}'";
            return false;
        }

        return true;
    }

    private static string Clip(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
