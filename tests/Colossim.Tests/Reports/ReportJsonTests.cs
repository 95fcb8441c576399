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
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void ToNode_writes_what_the_serializer_writes(string sample)
    {
        var value = Samples()[sample];

        Assert.Equal(JsonSerializer.Serialize(value, ReportJson.Options), ReportJson.ToNode(value)?.ToJsonString(ReportJson.Options) ?? "null");
    }
}
