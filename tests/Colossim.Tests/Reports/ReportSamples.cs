using Colossim.Reports;
using Colossim.Scenarios;
using Colossim.Tests.Scenarios;

namespace Colossim.Tests.Reports;

/// <summary>Reports shared by the report tests, each run once: the single-node scenario (training, serving and a day of power).</summary>
internal static class ReportSamples
{
    private static readonly Lazy<ScenarioReport> SingleNodeValue = new(() =>
    {
        var loaded = ScenarioLoader.LoadFile(ScenarioFiles.Scenario("single-node-h200.yaml"), ScenarioFiles.TestCatalog);
        return ScenarioRunner.Run(loaded.Scenario!, new ScenarioRunOptions { ServingLoadLadder = true });
    });

    /// <summary>scenarios/single-node-h200.yaml run with its seed and its serving load ladder, as <c>colossim run --out</c> runs it.</summary>
    public static ScenarioReport SingleNode => SingleNodeValue.Value;
}
