using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Colossim.Documents;

namespace Colossim.Reports;

/// <summary>How a compared figure is measured, which says how it is shown.</summary>
public enum MetricKind
{
    /// <summary>US dollars.</summary>
    Money,

    /// <summary>Watts.</summary>
    Power,

    /// <summary>Joules.</summary>
    Energy,

    /// <summary>Seconds.</summary>
    Seconds,

    /// <summary>Milliseconds (latencies as <c>summary.json</c> holds them).</summary>
    Milliseconds,

    /// <summary>Days.</summary>
    Days,

    /// <summary>A share, 0-1, shown in %.</summary>
    Fraction,

    /// <summary>A count or a rate, shown as a number.</summary>
    Number,
}

/// <summary>One figure of two runs side by side.</summary>
/// <param name="Group">What it belongs to: <c>build</c>, <c>site memphis</c>, <c>training pretrain</c>, <c>serving chat</c>.</param>
/// <param name="Name">The figure (<c>capex</c>, <c>TTFT p99</c>).</param>
/// <param name="Kind">Its unit.</param>
/// <param name="A">Run A's value; <see langword="null"/> when run A does not have it.</param>
/// <param name="B">Run B's value; <see langword="null"/> when run B does not have it.</param>
/// <param name="HigherIsBetter">Whether a larger value is the better one (throughput), or a smaller one (cost, latency, power); <see langword="null"/> when neither is (a count of GPUs).</param>
public sealed record MetricDifference(string Group, string Name, MetricKind Kind, double? A, double? B, bool? HigherIsBetter)
{
    /// <summary>B − A, when both are known.</summary>
    public double? Change => A is { } a && B is { } b ? b - a : null;

    /// <summary>(B − A) / |A|, when both are known and A is not zero.</summary>
    public double? RelativeChange => A is { } a && B is { } b && a != 0 ? (b - a) / Math.Abs(a) : null;

    /// <summary><c>better</c>, <c>worse</c> or <c>same</c> for B against A (<c>more</c> or <c>fewer</c> when neither is better); empty when either is unknown.</summary>
    public string Verdict => (Change, HigherIsBetter) switch
    {
        (null, _) => "",
        (0, _) => "same",
        ( > 0, null) => "more",
        (_, null) => "fewer",
        ( > 0, var higher) => higher.Value ? "better" : "worse",
        (_, var higher) => higher.Value ? "worse" : "better",
    };
}

/// <summary>An input that differs between two runs: its path in <c>summary.json</c> and each run's value as JSON text (<see langword="null"/>: absent).</summary>
/// <param name="Path">Where it is: <c>platform.sites[memphis].gpus</c>, <c>workloads.training[pretrain].tokens</c> (lists of named items by name).</param>
/// <param name="A">Run A's value, as JSON; <see langword="null"/> when run A does not have it.</param>
/// <param name="B">Run B's value, as JSON; <see langword="null"/> when run B does not have it.</param>
public sealed record InputChange(string Path, string? A, string? B);

/// <summary>
/// Two runs compared from their <c>summary.json</c> documents (<see cref="ScenarioReportJson"/>): the figures that matter
/// (cost, time to train, serving throughput and latency, power) side by side with their change, and the inputs that
/// differ (the scenario's name and seed, each site's GPUs, power and fabric, the tenants, the workloads as stated) by
/// path. Built from the documents' text, so a run store can hand over documents as well as folders can
/// (<see cref="Load"/>).
/// </summary>
public sealed record RunComparison
{
    /// <summary>Largest <c>summary.json</c> read, bytes.</summary>
    public const long MaxSummaryBytes = 64L << 20;

    /// <summary>Run A's label (its folder, or a run id).</summary>
    public required string A { get; init; }

    /// <summary>Run B's label.</summary>
    public required string B { get; init; }

    /// <summary>Run A's scenario name.</summary>
    public required string ScenarioA { get; init; }

    /// <summary>Run B's scenario name.</summary>
    public required string ScenarioB { get; init; }

    /// <summary>The figures, grouped (build, sites, training, serving), each in both runs.</summary>
    public required IReadOnlyList<MetricDifference> Metrics { get; init; }

    /// <summary>The inputs that differ, in document order.</summary>
    public required IReadOnlyList<InputChange> Inputs { get; init; }

    /// <summary>
    /// Compares the report folders (or <c>summary.json</c> files) <paramref name="a"/> and <paramref name="b"/>; problems
    /// at <paramref name="pathA"/> and <paramref name="pathB"/> (the arguments' names) for a folder that is missing, has
    /// no <c>summary.json</c>, or holds one that is not JSON or is from another version. <see langword="null"/> then.
    /// </summary>
    public static RunComparison? Load(string a, string b, Problems problems, string pathA = "RUN_A", string pathB = "RUN_B")
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(problems);
        var textA = Read(a, problems, pathA);
        var textB = Read(b, problems, pathB);
        return textA is null || textB is null ? null : Compare(a, textA.Value.Text, textA.Value.File, b, textB.Value.Text, textB.Value.File, problems, pathA, pathB);
    }

    /// <summary>
    /// Compares two <c>summary.json</c> documents given as text, labelled <paramref name="labelA"/> and
    /// <paramref name="labelB"/>; problems as <see cref="Load"/> gives them (<paramref name="fileA"/> and
    /// <paramref name="fileB"/> name the documents in messages).
    /// </summary>
    public static RunComparison? Compare(string labelA, string jsonA, string fileA, string labelB, string jsonB, string fileB, Problems problems, string pathA = "RUN_A", string pathB = "RUN_B")
    {
        ArgumentNullException.ThrowIfNull(labelA);
        ArgumentNullException.ThrowIfNull(labelB);
        ArgumentNullException.ThrowIfNull(problems);
        var docA = Parse(jsonA, fileA, problems, pathA);
        var docB = Parse(jsonB, fileB, problems, pathB);
        if (docA is null || docB is null)
        {
            return null;
        }

        List<MetricDifference> metrics = [];
        CollectMetrics(metrics, docA, docB);
        List<InputChange> inputs = [];
        Diff(inputs, "scenario", docA["scenario"], docB["scenario"]);
        Diff(inputs, "seed", docA["seed"], docB["seed"]);
        Diff(inputs, "platform.sites", Stated(docA["platform"]?["sites"], SiteInputs), Stated(docB["platform"]?["sites"], SiteInputs));
        Diff(inputs, "tenants", docA["tenants"], docB["tenants"]);
        Diff(inputs, "workloads.training", Stated(docA["workloads"]?["training"], TrainingInputs), Stated(docB["workloads"]?["training"], TrainingInputs));
        Diff(inputs, "workloads.serving", Stated(docA["workloads"]?["serving"], ServingInputs), Stated(docB["workloads"]?["serving"], ServingInputs));
        return new RunComparison
        {
            A = labelA,
            B = labelB,
            ScenarioA = docA["scenario"]?.GetValue<string>() ?? "",
            ScenarioB = docB["scenario"]?.GetValue<string>() ?? "",
            Metrics = metrics,
            Inputs = inputs,
        };
    }

    /// <summary>
    /// Reads the <c>summary.json</c> of a report folder (or the file itself) within the size limit; <see langword="null"/>
    /// with a problem at <paramref name="path"/> when there is none or it cannot be read.
    /// </summary>
    public static (string Text, string File)? Read(string run, Problems problems, string path)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(problems);
        if (string.IsNullOrWhiteSpace(run))
        {
            problems.Error(path, "expected a report folder (colossim run --out DIR), found an empty name");
            return null;
        }

        var file = Directory.Exists(run) ? Path.Combine(run, ReportFolder.SummaryFile) : run;
        if (Directory.Exists(run) && !File.Exists(file))
        {
            problems.Error(path, $"expected a report folder with {ReportFolder.SummaryFile} (colossim run --out DIR writes one), found none in {run}");
            return null;
        }

        if (!Directory.Exists(run) && !File.Exists(run))
        {
            problems.Error(path, $"expected a report folder (colossim run --out DIR), found nothing at {run}");
            return null;
        }

        var found = new Problems();
        var text = DocReader.ReadText(file, found, MaxSummaryBytes);
        foreach (var p in found)
        {
            problems.Error(path, $"cannot read {file}: {p.Message}");
        }

        return text is null ? null : (text, file);
    }

    private static JsonObject? Parse(string json, string file, Problems problems, string path)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            problems.Error(path, $"expected a colossim summary.json, found text that is not JSON in {file} (at line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1})");
            return null;
        }

        if (node is not JsonObject doc)
        {
            problems.Error(path, $"expected a colossim summary.json (a JSON object), found {Kind(node)} in {file}");
            return null;
        }

        var version = doc["summary_version"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : (int?)null;
        if (version != ScenarioReportJson.Version)
        {
            problems.Error(path, version is null
                ? $"expected a summary.json with summary_version {ScenarioReportJson.Version}, found none in {file} (written by an older colossim, or not a run's summary); run the scenario again with this colossim"
                : $"expected a summary.json with summary_version {ScenarioReportJson.Version}, found version {version} in {file} (another version of colossim); compare runs of one version");
            return null;
        }

        if (doc["scenario"] is not JsonValue || doc["build"] is not JsonObject || doc["workloads"] is not JsonObject || doc["platform"] is not JsonObject)
        {
            problems.Error(path, $"expected a run summary with scenario, platform, build and workloads, found a JSON object without them in {file}");
            return null;
        }

        return doc;
    }

    private static string Kind(JsonNode? node) => node switch
    {
        null => "null",
        JsonArray => "a JSON array",
        _ => "a single JSON value",
    };

    private static void CollectMetrics(List<MetricDifference> metrics, JsonObject a, JsonObject b)
    {
        void Add(string group, string name, MetricKind kind, Func<JsonObject, JsonNode?> value, bool? higherIsBetter, JsonObject itemA, JsonObject itemB)
        {
            var va = Number(value(itemA));
            var vb = Number(value(itemB));
            if (va is not null || vb is not null)
            {
                metrics.Add(new MetricDifference(group, name, kind, va, vb, higherIsBetter));
            }
        }

        JsonObject Empty() => [];
        var totalA = a["build"]?["total"] as JsonObject ?? Empty();
        var totalB = b["build"]?["total"] as JsonObject ?? Empty();
        Add("build", "GPUs", MetricKind.Number, t => t["gpus"], null, totalA, totalB);
        Add("build", "capex", MetricKind.Money, t => t["capex_usd"]?["total"], false, totalA, totalB);
        Add("build", "opex per year", MetricKind.Money, t => t["opex_usd_per_year"], false, totalA, totalB);
        Add("build", "TCO", MetricKind.Money, t => t["tco_usd"], false, totalA, totalB);
        Add("build", "cost per GPU-hour", MetricKind.Money, t => t["usd_per_gpu_hour"], false, totalA, totalB);
        Add("build", "facility power at nameplate", MetricKind.Power, t => t["facility_w"], false, totalA, totalB);
        foreach (var (name, sa, sb) in Pairs(a["build"]?["sites"], b["build"]?["sites"], "site"))
        {
            var group = $"site {name}";
            Add(group, "peak power without batteries", MetricKind.Power, s => s["power_day"]?["peak_without_batteries_w"], false, sa, sb);
            Add(group, "peak grid power", MetricKind.Power, s => s["power_day"]?["peak_grid_w"], false, sa, sb);
            Add(group, "grid energy over the timeline", MetricKind.Energy, s => s["power_day"]?["grid_energy_j"], false, sa, sb);
            Add(group, "energy cost over the timeline", MetricKind.Money, s => s["power_day"]?["energy_cost_usd"], false, sa, sb);
        }

        foreach (var (name, ta, tb) in Pairs(a["workloads"]?["training"], b["workloads"]?["training"], "name"))
        {
            var group = $"training {name}";
            Add(group, "time to train", MetricKind.Days, t => t["days"], false, ta, tb);
            Add(group, "cost to train", MetricKind.Money, t => t["cost_usd"], false, ta, tb);
            Add(group, "step time", MetricKind.Seconds, t => t["step_time_s"], false, ta, tb);
            Add(group, "tokens per second", MetricKind.Number, t => t["tokens_per_s"], true, ta, tb);
            Add(group, "MFU", MetricKind.Fraction, t => t["mfu"], true, ta, tb);
            Add(group, "goodput", MetricKind.Fraction, t => t["goodput"], true, ta, tb);
        }

        foreach (var (name, sa, sb) in Pairs(a["workloads"]?["serving"], b["workloads"]?["serving"], "name"))
        {
            var group = $"serving {name}";
            Add(group, "GPUs serving", MetricKind.Number, s => s["simulation"]?["gpus"], null, sa, sb);
            Add(group, "output tokens per second", MetricKind.Number, s => s["simulation"]?["output_tokens_per_s"], true, sa, sb);
            Add(group, "TTFT p50", MetricKind.Milliseconds, s => s["simulation"]?["ttft_ms"]?["p50"], false, sa, sb);
            Add(group, "TTFT p99", MetricKind.Milliseconds, s => s["simulation"]?["ttft_ms"]?["p99"], false, sa, sb);
            Add(group, "TPOT p99", MetricKind.Milliseconds, s => s["simulation"]?["tpot_ms"]?["p99"], false, sa, sb);
            Add(group, "SLO attainment", MetricKind.Fraction, s => s["simulation"]?["slo_attainment"], true, sa, sb);
            Add(group, "cost per million output tokens", MetricKind.Money, s => s["simulation"]?["cost_per_million_output_tokens_usd"], false, sa, sb);
        }
    }

    // Items of two lists matched by a key (a name), in A's order then B's new ones; an item missing on one side is empty there.
    private static IEnumerable<(string Name, JsonObject A, JsonObject B)> Pairs(JsonNode? a, JsonNode? b, string key)
    {
        var listA = (a as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var listB = (b as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var names = listA.Concat(listB).Select(o => Text(o[key])).Where(n => n is not null).Distinct(StringComparer.Ordinal);
        foreach (var name in names)
        {
            yield return (name!, listA.FirstOrDefault(o => Text(o[key]) == name) ?? [], listB.FirstOrDefault(o => Text(o[key]) == name) ?? []);
        }
    }

    private static readonly string[] SiteInputs = ["name", "gpu", "gpus", "system", "power", "fabric"];
    private static readonly string[] TrainingInputs = ["name", "tenant", "site", "model", "gpus", "tokens", "parallelism"];
    private static readonly string[] ServingInputs = ["name", "tenant", "site", "model", "gpus", "traffic", "slo"];

    // Only the keys of each item that the scenario states (not what the run computed).
    private static JsonArray? Stated(JsonNode? list, string[] keys)
    {
        if (list is not JsonArray array)
        {
            return null;
        }

        var result = new JsonArray();
        foreach (var item in array)
        {
            if (item is JsonObject o)
            {
                var projected = new JsonObject();
                foreach (var key in keys)
                {
                    if (o.ContainsKey(key))
                    {
                        projected[key] = o[key]?.DeepClone();
                    }
                }

                result.Add((JsonNode)projected);
            }
        }

        return result;
    }

    // The leaves that differ between a and b, by path; lists of objects with a "name" are matched by name.
    private static void Diff(List<InputChange> changes, string path, JsonNode? a, JsonNode? b)
    {
        switch (a, b)
        {
            case (JsonObject oa, JsonObject ob):
                foreach (var key in oa.Select(p => p.Key).Concat(ob.Select(p => p.Key).Where(k => !oa.ContainsKey(k))))
                {
                    Diff(changes, $"{path}.{key}", oa[key], ob[key]);
                }

                return;
            case (JsonArray la, JsonArray lb) when la.Concat(lb).All(i => i is JsonObject o && Text(o["name"]) is not null):
                foreach (var (name, ia, ib) in Pairs(la, lb, "name"))
                {
                    Diff(changes, $"{path}[{name}]", ia.Count == 0 ? null : ia, ib.Count == 0 ? null : ib);
                }

                return;
            case (JsonArray la, JsonArray lb):
                for (var i = 0; i < Math.Max(la.Count, lb.Count); i++)
                {
                    Diff(changes, string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"), i < la.Count ? la[i] : null, i < lb.Count ? lb[i] : null);
                }

                return;
            default:
                var ta = a?.ToJsonString();
                var tb = b?.ToJsonString();
                if (ta != tb)
                {
                    changes.Add(new InputChange(path, ta, tb));
                }

                return;
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static double? Number(JsonNode? node) => node is JsonValue v && v.TryGetValue<double>(out var d) && double.IsFinite(d) ? d : null;
}
