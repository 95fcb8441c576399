using Colossim.Documents;
using Colossim.Reports;
using Colossim.Scenarios;
using Colossim.Serving;
using static Colossim.Tests.Scenarios.ScenarioFiles;

namespace Colossim.Tests.Scenarios;

public sealed class ScenarioServingTests
{
    private const string Small = """
        name: s
        seed: 7
        sites: [ { name: a, gpus: { type: h200-sxm, count: 8 } } ]
        workloads:
          serving:
            - { name: chat, model: llama3-8b, gpus: 2, traffic: { rate: 3, lengths: { input: 200, output: 20 } }, slo: { ttft_p99: 2s, tpot_p99: 100ms } }
        """;

    private static Scenario Load(string yaml)
    {
        var result = Parse(yaml);
        Assert.Equal([], Messages(result));
        return result.Scenario!;
    }

    public sealed class TheServingStage
    {
        [Fact]
        public void Simulates_the_workload_as_colossim_serve_does_for_the_same_traffic_and_seed()
        {
            var scenario = Load(Small);

            var report = ScenarioRunner.Run(scenario);

            var sim = report.Serving[0].Simulation;
            Assert.NotNull(sim);
            // A minute of traffic at 3 requests/s; the smallest deployment that fits: tp 1, two replicas.
            var serve = new ServeRequest { Model = "llama3-8b", Gpu = "h200-sxm", Gpus = 2, Rate = 3, InputLen = 200, OutputLen = 20, Requests = 180, Seed = 7, SloTtft = "2000ms", SloTpot = "100ms" }
                .Resolve(scenario.Catalog, new Problems());
            var expected = ServingSimulation.Run(serve!);
            Assert.Equal((1, 1, 2L, 180L), (sim.Tp, sim.Pp, sim.Gpus, sim.Result.Arrived));
            Assert.Equal(expected.OutputTokensPerSecond, sim.Result.OutputTokensPerSecond, 9);
            Assert.Equal(expected.Ttft, sim.Result.Ttft);
            Assert.Equal(expected.Tpot, sim.Result.Tpot);
            Assert.Equal(expected.EnergyPerOutputToken.Joules, sim.Result.EnergyPerOutputToken.Joules, 9);
            Assert.Equal(expected.CostPerMillionOutputTokens.Dollars, sim.Result.CostPerMillionOutputTokens.Dollars, 9);
        }

        [Fact]
        public void Writes_the_runs_figures_to_the_JSON_with_units_in_the_keys()
        {
            var json = ScenarioReportJson.ToJsonObject(ScenarioRunner.Run(Load(Small)));

            var sim = json["workloads"]!["serving"]![0]!["simulation"]!.AsObject();
            string[] keys = ["gpus", "tp", "pp", "replicas", "traffic_s", "simulated_s", "requests", "ttft_ms", "tpot_ms", "output_tokens_per_s", "output_tokens_per_s_with_drain",
                "slo_attainment", "cost_per_million_output_tokens_usd", "energy_j_per_output_token", "gpu_board_energy_j_per_output_token"];
            Assert.Equal(keys, sim.Select(p => p.Key).ToArray());
            Assert.Equal(["p50", "p99"], sim["ttft_ms"]!.AsObject().Select(p => p.Key).ToArray());
            Assert.Equal(1.0, (double)sim["slo_attainment"]!, 9);
            Assert.True((double)sim["energy_j_per_output_token"]! > (double)sim["gpu_board_energy_j_per_output_token"]!, sim.ToJsonString());
        }

        [Fact]
        public void Shows_the_run_in_the_text_report()
        {
            var text = PlainText.Render(ScenarioReportText.Blocks(ScenarioRunner.Run(Load(Small))));

            Assert.Contains("Serving simulated", text, StringComparison.Ordinal);
            Assert.Contains("2 × tp 1 · pp 1 (2 GPUs)", text, StringComparison.Ordinal);
        }

        [Fact]
        public void Reports_a_workload_whose_model_fits_no_deployment_as_a_problem_at_its_path()
        {
            var scenario = Load("""
                name: s
                sites: [ { name: a, gpus: { type: h100-sxm, count: 8 } } ]
                workloads:
                  serving:
                    - { name: big, model: grok-1, gpus: 1, traffic: { rate: 1, lengths: { input: 100, output: 10 } } }
                """);

            var report = ScenarioRunner.Run(scenario);

            Assert.Null(report.Serving[0].Simulation);
            var problem = Assert.Single(report.Problems, p => p.Path == "workloads.serving[0].gpus");
            Assert.Equal(Severity.Warning, problem.Severity);
            Assert.Equal("grok-1 fits no deployment of 1 × h100-sxm (tensor parallel up to 8, pipeline up to 8, bf16 weights with room for a KV cache); give the workload more GPUs or a larger GPU", problem.Message);
        }
    }
}
