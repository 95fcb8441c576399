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

    public sealed class TheDeploymentSearch
    {
        // 9 deployments: tp × pp dividing 2, three schedulers.
        private const string Searched = SearchedScenario.Yaml;

        // The same workload as `colossim serve --search` takes it: the scenario's rate, lengths, a minute of requests and its seed.
        private static readonly ServeRequest Serve = new() { Model = "llama3-8b", Gpu = "h200-sxm", Gpus = 2, Rate = 3, InputLen = 200, OutputLen = 20, Requests = 180, Seed = 7, Search = true };

        private static DeploymentSearchResult SearchDirectly(ServeRequest request)
        {
            var problems = new Problems();
            var result = DeploymentSearch.Run(request, Colossim.Catalog.ColossimCatalog.BuiltIn, problems);
            Assert.False(problems.HasErrors, string.Join("\n", problems));
            return result!;
        }

        private static void AssertSameChoice(DeploymentSearchResult expected, ServingSimulationReport sim)
        {
            var search = sim.Search!;
            var best = expected.Best!;
            Assert.Equal(expected.Objective, search.Objective);
            Assert.Equal(best.Deployment, search.Best!.Deployment);
            Assert.Equal((best.Deployment.Tp, best.Deployment.Pp, best.Deployment.Ep, best.Deployment.Gpus, best.Deployment.Scheduler), (sim.Tp, sim.Pp, sim.Ep, sim.Gpus, sim.Scheduler));
            Assert.Equal(expected.Candidates.Select(c => c.Deployment), search.Candidates.Select(c => c.Deployment));
            Assert.Equal(best.Run!.SustainedOutputTokensPerSecond, sim.Result.SustainedOutputTokensPerSecond, 9);
            Assert.Equal(best.Run.Ttft, sim.Result.Ttft);
            Assert.Equal(best.MaxRate, search.Best.MaxRate, 9);
        }

        [Fact]
        public void Chooses_the_deployment_serve_search_chooses_for_the_most_throughput()
        {
            var report = ScenarioRunner.Run(Load(Searched));

            AssertSameChoice(SearchDirectly(Serve), report.Serving[0].Simulation!);
            Assert.Equal(DeploymentObjective.Throughput, report.Serving[0].Simulation!.Search!.Objective);
        }

        [Fact]
        public void Chooses_the_cheapest_deployment_carrying_the_rate_within_the_SLOs()
        {
            var report = ScenarioRunner.Run(Load(Searched + "\n      slo: { ttft_p99: 2s, tpot_p99: 100ms }"));

            var expected = SearchDirectly(Serve with { SloTtft = "2000ms", SloTpot = "100ms" });
            Assert.Equal(DeploymentObjective.Cheapest, expected.Objective);
            AssertSameChoice(expected, report.Serving[0].Simulation!);
            Assert.True(report.Serving[0].Simulation!.Search!.Best!.MeetsSlo);
        }

        [Fact]
        public void Finds_the_highest_rate_meeting_the_SLOs_with_max_rate()
        {
            var report = ScenarioRunner.Run(Load(Searched.Replace("search: true", "search: max-rate", StringComparison.Ordinal) + "\n      slo: { ttft_p99: 300ms, tpot_p99: 40ms }"));

            var expected = SearchDirectly(Serve with { Rate = null, SloTtft = "300ms", SloTpot = "40ms" });
            Assert.Equal(DeploymentObjective.MaxRate, expected.Objective);
            AssertSameChoice(expected, report.Serving[0].Simulation!);
            Assert.True(report.Serving[0].Simulation!.Search!.Best!.MaxRate > 3, "two H200s should carry more than 3 requests/s of 220 tokens");
        }

        [Fact]
        public void Writes_the_choice_and_the_search_to_the_JSON_without_wall_time()
        {
            var json = ScenarioReportJson.ToJsonObject(ScenarioRunner.Run(Load(Searched + "\n      slo: { ttft_p99: 2s, tpot_p99: 100ms }")));

            var sim = json["workloads"]!["serving"]![0]!["simulation"]!.AsObject();
            string[] keys = ["gpus", "tp", "pp", "replicas", "scheduler", "traffic_s", "simulated_s", "requests", "ttft_ms", "tpot_ms", "output_tokens_per_s", "output_tokens_per_s_with_drain",
                "slo_attainment", "cost_per_million_output_tokens_usd", "energy_j_per_output_token", "gpu_board_energy_j_per_output_token", "target", "search"];
            Assert.Equal(keys, sim.Select(p => p.Key).ToArray());
            var search = sim["search"]!.AsObject();
            Assert.Equal(["objective", "ranked_by", "deployments_evaluated", "simulations", "candidates"], search.Select(p => p.Key).ToArray());
            Assert.Equal(("cheapest", "usd_per_hour", 9), ((string)search["objective"]!, (string)search["ranked_by"]!, search["candidates"]!.AsArray().Count));
            Assert.Equal(["rate", "gpus", "usd_per_hour", "cost_per_million_output_tokens_usd"], sim["target"]!.AsObject().Select(p => p.Key).ToArray());
            Assert.Equal(3.0, (double)sim["target"]!["rate"]!, 9);
            Assert.Equal((long)sim["gpus"]!, (long)sim["target"]!["gpus"]!);
        }

        [Fact]
        public void Gives_the_same_bytes_twice()
        {
            var scenario = Load(Searched);

            Assert.Equal(ScenarioReportJson.ToJson(ScenarioRunner.Run(scenario)), ScenarioReportJson.ToJson(ScenarioRunner.Run(scenario)));
        }

        [Fact]
        public void Shows_the_chosen_deployment_and_the_candidates_in_the_text_report()
        {
            var report = ScenarioRunner.Run(Load(Searched));
            var text = PlainText.Render(ScenarioReportText.Blocks(report));

            var d = report.Serving[0].Simulation!.Search!.Best!.Deployment;
            Assert.Contains($"{d.Replicas} × tp {d.Tp} · pp {d.Pp} · {EnumNames.Of(d.Scheduler)} ({d.Gpus} GPUs)", text, StringComparison.Ordinal);
            Assert.Contains("Deployment search of chat (search: throughput)", text, StringComparison.Ordinal);
            Assert.Contains("best deployment on 2 GPUs: ", text, StringComparison.Ordinal);
            Assert.Contains("9 deployments simulated (0 refused), 9 simulations; ranked by output tokens/s", text, StringComparison.Ordinal);
            Assert.Contains("chosen", text, StringComparison.Ordinal);
        }

        [Fact]
        public void Warns_at_the_search_when_no_deployment_meets_the_SLOs_and_simulates_nothing()
        {
            var report = ScenarioRunner.Run(Load(Searched + "\n      slo: { ttft_p99: 1ms }"));

            Assert.Null(report.Serving[0].Simulation);
            var problem = Assert.Single(report.Problems, p => p.Path == "workloads.serving[0].search");
            Assert.Equal(Severity.Warning, problem.Severity);
            Assert.StartsWith("chat is not simulated: no deployment on at most 2 GPUs meets the SLOs at 3 requests/s; the best found, ", problem.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Reports_the_search_as_the_serving_stages_progress()
        {
            var seen = new List<RunProgress>();
            var progress = new Progress(seen);

            ScenarioRunner.Run(Load(Searched), progress: progress);

            var searching = seen.Where(p => p.Detail == "chat (deployment search)").ToList();
            Assert.NotEmpty(searching);
            Assert.All(searching, p => Assert.Equal("serving", p.Stage));
            Assert.Equal(1.0, searching.Max(p => p.StageFraction), 9);
        }

        [Fact]
        public void Stops_when_cancelled()
        {
            using var cancel = new CancellationTokenSource();
            var scenario = Load(Searched);
            var progress = new Progress([], p =>
            {
                if (p.Detail == "chat (deployment search)")
                {
                    cancel.Cancel();
                }
            });

            Assert.ThrowsAny<OperationCanceledException>(() => ScenarioRunner.Run(scenario, progress: progress, cancel: cancel.Token));
        }

        // Records progress as it comes (synchronously: the search reports from its own threads).
        private sealed class Progress(List<RunProgress> seen, Action<RunProgress>? also = null) : IProgress<RunProgress>
        {
            public void Report(RunProgress value)
            {
                lock (seen)
                {
                    seen.Add(value);
                }

                also?.Invoke(value);
            }
        }
    }
}
