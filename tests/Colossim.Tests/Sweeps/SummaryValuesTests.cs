using System.Text.Json.Nodes;
using Colossim.Sweeps;

namespace Colossim.Tests.Sweeps;

public sealed class SummaryValuesTests
{
    private const string Summary = """
        {
          "build": { "total": { "gpus": 1024, "tco_usd": 1.5e9, "name": "site", "facility_w": null, "ratio": "NaN" } },
          "workloads": { "serving": [ { "simulation": { "ttft_ms": { "p99": 812.25 } } } ], "training": [] }
        }
        """;

    public static TheoryData<string> Paths() =>
    [
        "build.total.gpus", "build.total.tco_usd", "build.total.name", "build.total.facility_w", "build.total.ratio",
        "build.total", "build.total.missing", "workloads.serving[0].simulation.ttft_ms.p99", "workloads.serving[1].simulation",
        "workloads.training[0].mfu", "workloads.serving.simulation", "not a [path", "",
    ];

    [Theory]
    [MemberData(nameof(Paths))]
    public void Numbers_reads_what_Number_reads_at_each_path(string path)
    {
        var expected = SummaryValues.Number(JsonNode.Parse(Summary), path);

        Assert.Equal(expected, SummaryValues.Numbers(Summary, [path]).Single());
    }

    [Fact]
    public void Numbers_gives_one_value_per_path_in_order()
    {
        Assert.Equal([812.25, null, 1024.0], SummaryValues.Numbers(Summary, ["workloads.serving[0].simulation.ttft_ms.p99", "build.total.name", "build.total.gpus"]));
    }
}
