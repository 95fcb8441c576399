using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Colossim.Sweeps;

/// <summary>
/// Reads numbers out of a run's <c>summary.json</c> by path (<c>build.total.tco_usd</c>,
/// <c>workloads.serving[0].simulation.ttft_ms.p99</c>), and names the headline metrics of each pillar that a sweep's
/// table carries.
/// </summary>
public static class SummaryValues
{
    private static readonly string[] TrainingHeadlines = ["step_time_s", "mfu", "days", "cost_usd"];
    private static readonly string[] ServingHeadlines = ["ttft_ms.p99", "tpot_ms.p99", "output_tokens_per_s", "slo_attainment", "cost_per_million_output_tokens_usd"];

    /// <summary>The number at <paramref name="path"/>, or <see langword="null"/> when there is none (missing, not a number, null).</summary>
    public static double? Number(JsonNode? summary, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return At(summary, path) is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? value.GetValue<double>() : null;
    }

    /// <summary>
    /// The numbers at each of <paramref name="paths"/> in the summary.json text <paramref name="summary"/>, as
    /// <see cref="Number(JsonNode?, string)"/> gives them, reading the text once without building a tree.
    /// </summary>
    public static double?[] Numbers(string summary, IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(paths);
        return Numbers(summary, Segments(paths));
    }

    /// <summary>Each of <paramref name="paths"/> split into keys and indices, or <see langword="null"/> for one that is not a path.</summary>
    internal static IReadOnlyList<object>?[] Segments(IReadOnlyList<string> paths) =>
        [.. paths.Select(p => ScenarioOverrides.TryParsePath(p, out var segments, out _) ? segments : null)];

    /// <summary>As <see cref="Numbers(string, IReadOnlyList{string})"/>, with the paths already split by <see cref="Segments"/>.</summary>
    internal static double?[] Numbers(string summary, IReadOnlyList<object>?[] paths)
    {
        using var document = JsonDocument.Parse(summary);
        return Numbers(document, paths);
    }

    /// <summary>As <see cref="Numbers(string, IReadOnlyList{object}?[])"/>, from the summary's UTF-8 bytes.</summary>
    internal static double?[] Numbers(ReadOnlyMemory<byte> summary, IReadOnlyList<object>?[] paths)
    {
        using var document = JsonDocument.Parse(summary);
        return Numbers(document, paths);
    }

    private static double?[] Numbers(JsonDocument document, IReadOnlyList<object>?[] paths)
    {
        var numbers = new double?[paths.Length];
        for (var k = 0; k < paths.Length; k++)
        {
            numbers[k] = paths[k] is { } segments && At(document.RootElement, segments) is { ValueKind: JsonValueKind.Number } value ? value.GetDouble() : null;
        }

        return numbers;
    }

    /// <summary>What is at <paramref name="path"/>, for a message: <c>nothing at 'x'</c>, <c>a mapping at 'x' (keys: a, b)</c>.</summary>
    public static string Describe(JsonNode? summary, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return At(summary, path) switch
        {
            null => $"nothing at '{path}'{Nearest(summary, path)}",
            JsonObject o => $"a mapping at '{path}' (keys: {string.Join(", ", o.Select(p => p.Key))})",
            JsonArray a => $"a list of {a.Count} at '{path}'",
            var v => $"{v.ToJsonString()} at '{path}'",
        };
    }

    /// <summary>
    /// The headline metrics of each pillar present in <paramref name="summary"/>, as paths: the build's GPUs, capex,
    /// TCO, $/GPU-hour and facility power; each training workload's step time, MFU, days and cost; each serving
    /// workload's TTFT and TPOT p99, output tokens per second, SLO attainment and cost per million output tokens.
    /// </summary>
    public static IReadOnlyList<string> Headlines(JsonNode? summary)
    {
        var paths = new List<string>
        {
            "build.total.gpus", "build.total.capex_usd.total", "build.total.tco_usd", "build.total.usd_per_gpu_hour", "build.total.facility_w",
        };
        var training = (summary?["workloads"]?["training"] as JsonArray)?.Count ?? 0;
        for (var i = 0; i < training; i++)
        {
            paths.AddRange(TrainingHeadlines.Select(k => $"workloads.training[{i}].{k}"));
        }

        var serving = (summary?["workloads"]?["serving"] as JsonArray)?.Count ?? 0;
        for (var i = 0; i < serving; i++)
        {
            paths.AddRange(ServingHeadlines.Select(k => $"workloads.serving[{i}].simulation.{k}"));
        }

        return paths;
    }

    private static JsonNode? At(JsonNode? node, string path)
    {
        if (!ScenarioOverrides.TryParsePath(path, out var segments, out _))
        {
            return null;
        }

        foreach (var segment in segments)
        {
            node = (segment, node) switch
            {
                (string key, JsonObject o) => o[key],
                (int index, JsonArray a) when index < a.Count => a[index],
                _ => null,
            };
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    private static JsonElement? At(JsonElement element, IReadOnlyList<object> segments)
    {
        foreach (var segment in segments)
        {
            switch (segment, element.ValueKind)
            {
                case (string key, JsonValueKind.Object) when element.TryGetProperty(key, out var child):
                    element = child;
                    break;
                case (int index, JsonValueKind.Array) when index < element.GetArrayLength():
                    element = element[index];
                    break;
                default:
                    return null;
            }
        }

        return element;
    }

    private static string Nearest(JsonNode? summary, string path)
    {
        if (!ScenarioOverrides.TryParsePath(path, out var segments, out _))
        {
            return "";
        }

        var node = summary;
        var at = "";
        foreach (var segment in segments)
        {
            var next = (segment, node) switch
            {
                (string key, JsonObject o) => o[key],
                (int index, JsonArray a) when index < a.Count => a[index],
                _ => null,
            };
            if (next is null)
            {
                return node switch
                {
                    JsonObject o => $" ({(at.Length == 0 ? "top-level keys" : $"keys of '{at}'")}: {string.Join(", ", o.Select(p => p.Key))})",
                    JsonArray a => $" ('{at}' has {a.Count} item{(a.Count == 1 ? "" : "s")})",
                    _ => "",
                };
            }

            at = segment is int i ? $"{at}[{i.ToString(CultureInfo.InvariantCulture)}]" : at.Length == 0 ? (string)segment : $"{at}.{segment}";
            node = next;
        }

        return "";
    }
}
