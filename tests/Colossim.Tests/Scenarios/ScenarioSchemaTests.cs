using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Scenarios;
using Json.Schema;
using static Colossim.Tests.Scenarios.ScenarioFiles;

namespace Colossim.Tests.Scenarios;

/// <summary>
/// docs/scenario.schema.json (for editors) and <see cref="ScenarioLoader"/> must accept the same documents: the same
/// keys at the same places, and the shipped scenarios valid under both.
/// </summary>
public sealed partial class ScenarioSchemaTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(File.ReadAllText(SchemaPath)));

    private static string SchemaPath => Path.Combine(RepoRoot, "docs", "scenario.schema.json");

    private static string KitchenSink => TestData("kitchen-sink.yaml");

    // workloads.serving[1].traffic -> workloads.serving[].traffic
    private static string Normalize(string path) => Index().Replace(path, "[]");

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex Index();

    /// <summary>The keys the loader asks for, by normalised path of the mapping, while loading <paramref name="file"/>.</summary>
    private static SortedDictionary<string, SortedSet<string>> LoaderKeys(string file)
    {
        var keys = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var problems = new Problems(file);
        var root = DocReader.ReadFile(file, problems);
        var result = ScenarioLoader.Load(root, ColossimCatalog.BuiltIn, Path.GetDirectoryName(file)!, problems, file, (path, read) =>
        {
            var normalized = Normalize(path);
            if (!keys.TryGetValue(normalized, out var set))
            {
                keys[normalized] = set = new SortedSet<string>(StringComparer.Ordinal);
            }

            set.UnionWith(read);
        });
        Assert.True(result.Problems.Count == 0, string.Join("\n", result.Problems));
        return keys;
    }

    /// <summary>The properties the schema allows, by normalised path of the object that holds them.</summary>
    private static SortedDictionary<string, SortedSet<string>> SchemaKeys()
    {
        var root = JsonNode.Parse(File.ReadAllText(SchemaPath))!.AsObject();
        var keys = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        Walk(root, root, "", keys, depth: 0);
        return keys;
    }

    private static void Walk(JsonObject root, JsonObject schema, string path, SortedDictionary<string, SortedSet<string>> keys, int depth)
    {
        Assert.True(depth < 32, $"the schema nests too deep at {path}");
        if (schema["$ref"] is JsonValue reference)
        {
            var name = reference.GetValue<string>();
            Assert.StartsWith("#/$defs/", name, StringComparison.Ordinal);
            Walk(root, root["$defs"]![name["#/$defs/".Length..]]!.AsObject(), path, keys, depth + 1);
        }

        if (schema["properties"] is JsonObject properties)
        {
            if (!keys.TryGetValue(path, out var set))
            {
                keys[path] = set = new SortedSet<string>(StringComparer.Ordinal);
            }

            foreach (var (key, child) in properties)
            {
                set.Add(key);
                Walk(root, child!.AsObject(), path.Length == 0 ? key : $"{path}.{key}", keys, depth + 1);
            }
        }

        if (schema["items"] is JsonObject items)
        {
            Walk(root, items, path + "[]", keys, depth + 1);
        }

        foreach (var combinator in (string[])["anyOf", "oneOf", "allOf"])
        {
            if (schema[combinator] is JsonArray alternatives)
            {
                foreach (var alternative in alternatives)
                {
                    Walk(root, alternative!.AsObject(), path, keys, depth + 1);
                }
            }
        }
    }

    /// <summary>A YAML document as the JSON an editor's YAML language server validates (YAML 1.2 core schema scalars).</summary>
    private static JsonNode? ToJson(DocNode node) => node switch
    {
        DocMap map => new JsonObject(map.Entries.Select(e => KeyValuePair.Create(e.Key, ToJson(e.Value)))),
        DocSeq seq => new JsonArray([.. seq.Items.Select(ToJson)]),
        DocScalar { IsNull: true } => null,
        DocScalar { IsPlain: true, Value: "true" or "false" } s => JsonValue.Create(s.Value == "true"),
        DocScalar { IsPlain: true } s when YamlNumber().IsMatch(s.Value) => JsonValue.Create(double.Parse(s.Value, CultureInfo.InvariantCulture)),
        DocScalar s => JsonValue.Create(s.Value),
        _ => throw new InvalidOperationException(node.GetType().Name),
    };

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex YamlNumber();

    private static string[] SchemaErrors(string file)
    {
        var problems = new Problems(file);
        var root = DocReader.ReadFile(file, problems);
        Assert.Empty(problems);
        return SchemaErrors(root!);
    }

    private static string[] SchemaErrors(DocNode root)
    {
        var result = Schema.Value.Evaluate(ToJson(root), new EvaluationOptions { OutputFormat = OutputFormat.List });
        return result.IsValid
            ? []
            : [.. (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))];
    }

    public sealed class TheSchema
    {
        [Fact]
        public void Names_exactly_the_keys_the_loader_reads_at_every_place()
        {
            var loader = LoaderKeys(KitchenSink);
            var schema = SchemaKeys();

            // Mappings whose keys are free (sources) have no properties in the schema and are never finished by a reader.
            var differences = loader.Keys.Union(schema.Keys).Order(StringComparer.Ordinal)
                .Select(path => (path, Loader: loader.GetValueOrDefault(path) ?? [], Schema: schema.GetValueOrDefault(path) ?? []))
                .Where(x => !x.Loader.SetEquals(x.Schema))
                .Select(x => $"{(x.path.Length == 0 ? "(root)" : x.path)}: only the loader reads [{string.Join(", ", x.Loader.Except(x.Schema))}], only the schema has [{string.Join(", ", x.Schema.Except(x.Loader))}]")
                .ToList();

            Assert.True(differences.Count == 0, "docs/scenario.schema.json and ScenarioLoader differ (add the key to both, and to kitchen-sink.yaml):\n" + string.Join("\n", differences));
            Assert.Contains("workloads.serving[].traffic.lengths", loader.Keys); // the kitchen sink reaches the deepest mappings
            Assert.Contains("catalog.models[]", loader.Keys);
        }

        [Fact]
        public void Accepts_the_kitchen_sink_scenario()
        {
            Assert.Equal([], SchemaErrors(KitchenSink));
        }

        [Theory]
        [InlineData("colossus.yaml")]
        [InlineData("partnership-gb200.yaml")]
        [InlineData("single-node-h200.yaml")]
        public void Accepts_every_shipped_scenario(string name)
        {
            Assert.Equal([], SchemaErrors(Scenario(name)));
        }

        [Fact]
        public void Is_named_by_every_shipped_scenario_for_editors()
        {
            foreach (var name in (string[])["colossus.yaml", "partnership-gb200.yaml", "single-node-h200.yaml"])
            {
                Assert.StartsWith("# yaml-language-server: $schema=../docs/scenario.schema.json\n", File.ReadAllText(Scenario(name)), StringComparison.Ordinal);
            }
        }

        [Theory]
        [InlineData("sites[0].gpus.count: -8")]
        [InlineData("sites[0].gpus.count: lots")]
        [InlineData("sites[0].gpus.typo: 1")]
        [InlineData("sites[0].fabric.kind: infiniban")]
        [InlineData("sites[0].power.pue: 0.9")]
        [InlineData("tenants[0].share: 0")]
        [InlineData("workloads.serving[0].slo.ttft_p99: 2 parsecs")]
        [InlineData("workloads.serving[0].traffic.rate: 10")]
        [InlineData("report.formats[0]: pdf")]
        public void Rejects_what_the_loader_rejects_or_warns_about(string change)
        {
            var (path, value) = (change[..change.IndexOf(": ", StringComparison.Ordinal)], change[(change.IndexOf(": ", StringComparison.Ordinal) + 2)..]);
            var problems = new Problems();
            var root = DocReader.Parse(File.ReadAllText(Scenario("colossus.yaml")), problems)!;
            var json = ToJson(root)!;
            Set(json, path, value);
            var yaml = Yaml(json);

            var loaded = ScenarioLoader.Parse(yaml, ColossimCatalog.BuiltIn);

            Assert.True(loaded.Problems.Count > 0, $"the loader accepts {change}");
            Assert.NotEmpty(SchemaErrors(DocReader.Parse(yaml, new Problems())!));
        }

        // Sets a.b[0].c to a plain scalar, creating the last mapping key if needed.
        private static void Set(JsonNode json, string path, string value)
        {
            var parts = path.Split('.');
            var node = json;
            for (var i = 0; i < parts.Length; i++)
            {
                var part = parts[i];
                var bracket = part.IndexOf('[', StringComparison.Ordinal);
                var key = bracket < 0 ? part : part[..bracket];
                if (i == parts.Length - 1 && bracket < 0)
                {
                    node[key] = value;
                    return;
                }

                node = node[key]!;
                if (bracket >= 0)
                {
                    var index = int.Parse(part[(bracket + 1)..^1], CultureInfo.InvariantCulture);
                    if (i == parts.Length - 1)
                    {
                        node[index] = value;
                        return;
                    }

                    node = node[index]!;
                }
            }
        }

        // JSON is YAML; strings that look like numbers stay strings only if quoted, so write the values back as plain text.
        private static string Yaml(JsonNode json) => json.ToJsonString().Replace("\"-8\"", "-8", StringComparison.Ordinal)
            .Replace("\"0.9\"", "0.9", StringComparison.Ordinal).Replace("\"0\"", "0", StringComparison.Ordinal);
    }
}
