using System.Text.Json;
using Colossim.Documents;
using Colossim.Facility;
using Colossim.Reports;
using Colossim.Tests.Facility;

namespace Colossim.Tests.Reports;

public sealed class ReportJsonTests
{
    public static TheoryData<string> Values() => [.. Samples().Keys];

    private static Dictionary<string, object?> Samples() => new(StringComparer.Ordinal)
    {
        ["null"] = null,
        ["text"] = "a \"quoted\" név, <tag> & ünïcode",
        ["numbers"] = new object?[] { 0, -1, int.MaxValue, long.MinValue, 0.1, 1e20, -2.5e-300, double.Epsilon, 1234567.891 },
        ["non-finite"] = new Dictionary<string, double> { ["nan"] = double.NaN, ["up"] = double.PositiveInfinity, ["down"] = double.NegativeInfinity },
        ["flags"] = new List<bool> { true, false },
        ["nested"] = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["Keep Case"] = new Dictionary<string, int> { ["b"] = 2, ["a"] = 1 },
            ["list"] = new List<object?> { "x", null, new Dictionary<string, object?> { ["y"] = 1.5 } },
            ["empty"] = new Dictionary<string, object?>(),
            ["notes"] = (IReadOnlyList<string>)["one", "two"],
        },
        ["other types"] = new Dictionary<string, object?> { ["severity"] = Severity.Warning, ["decimal"] = 1.10m, ["record"] = new KeyValuePair<string, int>("k", 3) },
        ["plan"] = PlanReport.Json(ClusterPlanner.Build(4_096, FacilityTestData.H100Options())),
        ["records"] = new List<Shape>
        {
            new("Wide Layer", Severity.Error, 2.5, null, new Inner(3, ["a"]), (IReadOnlyDictionary<string, Inner>)new Dictionary<string, Inner> { ["k"] = new(1, []) }),
            new("none", Severity.Warning, double.NaN, 7L, null, new Dictionary<string, Inner>()),
        },
        ["anonymous"] = new { tdp_w = 700.0, name = "h100", nothing = (string?)null, kind = Severity.Warning },
        ["derived"] = new Derived { Base = 1, Own = "x" },
        ["node"] = new Dictionary<string, object?> { ["tree"] = new System.Text.Json.Nodes.JsonObject { ["a"] = 1, ["b"] = new System.Text.Json.Nodes.JsonArray(1, 2) } },
        ["undefined enum"] = (Severity)42,
    };

    [Fact]
    public void Refuses_what_reports_are_not_made_of_instead_of_guessing()
    {
        Assert.Equal("ReportJson writes dictionaries with string keys only, not Dictionary`2", Assert.Throws<NotSupportedException>(() => ReportJson.ToNode(new Dictionary<int, string> { [1] = "a" })).Message);
        Assert.Equal("ReportJson does not write a DateTime; give reports int, long, double, decimal, bool or string", Assert.Throws<NotSupportedException>(() => ReportJson.ToNode(new { when = DateTime.UnixEpoch })).Message);
    }

    private sealed record Inner(int Count, IReadOnlyList<string> Names);

    private sealed record Shape(string LayerName, Severity Severity, double TimeMs, long? Tokens, Inner? Inner, IReadOnlyDictionary<string, Inner> ByName);

    private class Root
    {
        public int Base { get; init; }
    }

    private sealed class Derived : Root
    {
        public string Own { get; init; } = "";

        public int this[int i] => i;

        internal int Hidden { get; init; } = 3;
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void ToNode_writes_what_the_serializer_writes(string sample)
    {
        var value = Samples()[sample];

        Assert.Equal(JsonSerializer.Serialize(value, ReportJson.Options), ReportJson.ToNode(value)?.ToJsonString(ReportJson.Options) ?? "null");
    }
}
