using Colossim.Scenarios;
using Colossim.Serving;
using static Colossim.Tests.Scenarios.ScenarioFiles;

namespace Colossim.Tests.Serving;

public sealed class DisaggregationScenarioTests
{
    private const string Small = """
        name: s
        seed: 7
        sites: [ { name: a, gpus: { type: h200-sxm, count: 8 } } ]
        workloads:
          serving:
            - name: chat
              model: llama3-8b
              gpus: 5
              traffic: { rate: 3, lengths: { input: 200, output: 20 } }
              disaggregation: { prefill: 1, decode: 1 }
        """;

    public sealed class TheLoader
    {
        [Fact]
        public void Reads_the_prefill_decode_ratio_of_a_serving_workload()
        {
            var result = Parse(Small);

            Assert.Empty(Messages(result));
            Assert.Equal(new PoolRatio(1, 1), result.Scenario!.Workloads.Serving[0].Disaggregation);
        }

        [Theory]
        [InlineData("{ prefill: 0, decode: 1 }", "line 10: workloads.serving[0].disaggregation.prefill: expected a whole number between 1 and 1,000,000, found '0'")]
        [InlineData("{ prefill: 1 }", "line 10: workloads.serving[0].disaggregation.decode: is required")]
        [InlineData("{ prefill: 1, decode: 2, ratio: 3 }", "line 10: warning: workloads.serving[0].disaggregation.ratio: unknown key 'ratio' is ignored")]
        public void Checks_the_ratio(string text, string message)
        {
            var result = Parse(Small.Replace("{ prefill: 1, decode: 1 }", text, StringComparison.Ordinal));

            Assert.Equal([message], Messages(result));
        }

        [Fact]
        public void Reads_when_the_KV_cache_moves_after_the_prefill_by_default()
        {
            var plain = Parse(Small);
            var layerwise = Parse(Small.Replace("decode: 1 }", "decode: 1, kv_transfer: layerwise }", StringComparison.Ordinal));

            Assert.Empty(Messages(layerwise));
            Assert.Equal(KvTransferMode.AfterPrefill, plain.Scenario!.Workloads.Serving[0].KvTransfer);
            Assert.Equal(KvTransferMode.Layerwise, layerwise.Scenario!.Workloads.Serving[0].KvTransfer);
        }

        [Fact]
        public void Says_which_KV_transfers_there_are()
        {
            var result = Parse(Small.Replace("decode: 1 }", "decode: 1, kv_transfer: streaming }", StringComparison.Ordinal));

            var message = Assert.Single(Messages(result));
            Assert.StartsWith("line 10: workloads.serving[0].disaggregation.kv_transfer: expected one of after-prefill, layerwise", message, StringComparison.Ordinal);
        }
    }

    public sealed class TheServingStage
    {
        [Fact]
        public void Splits_whole_rounds_of_the_replicas_the_GPUs_hold()
        {
            var result = Parse(Small);

            var sim = ScenarioRunner.Run(result.Scenario!).Serving[0].Simulation!;

            // Five GPUs hold five replicas of tp 1: two whole rounds of 1:1, four GPUs.
            Assert.Equal(4L, sim.Gpus);
            Assert.Equal((2, 2), (sim.Result.Disaggregation!.PrefillReplicas, sim.Result.Disaggregation.DecodeReplicas));
            Assert.Equal(sim.Result.Arrived, sim.Result.Completed);
        }

        [Fact]
        public void Moves_the_KV_cache_layer_by_layer_when_the_workload_says_so()
        {
            var after = ScenarioRunner.Run(Parse(Small).Scenario!).Serving[0].Simulation!.Result;
            var layerwise = ScenarioRunner.Run(Parse(Small.Replace("decode: 1 }", "decode: 1, kv_transfer: layerwise }", StringComparison.Ordinal)).Scenario!).Serving[0].Simulation!.Result;

            Assert.Equal(KvTransferMode.Layerwise, layerwise.Setup.Disaggregation!.Mode);
            Assert.True(layerwise.Ttft.Mean < after.Ttft.Mean, $"mean TTFT {layerwise.Ttft.Mean} layer-wise, {after.Ttft.Mean} after the prefill");
        }
    }
}
