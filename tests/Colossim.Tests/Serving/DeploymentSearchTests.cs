using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Serving;

namespace Colossim.Tests.Serving;

public sealed class DeploymentSearchTests
{
    /// <summary>Llama-3-8B on H200s, short generated requests: fast enough to search every deployment in a test.</summary>
    private static readonly ServeRequest Small = new()
    {
        Model = "llama3-8b",
        Gpu = "h200-sxm",
        InputLen = 200,
        OutputLen = 20,
        Requests = 60,
        Search = true,
    };

    private static DeploymentSearchResult Search(ServeRequest request, int parallelism = -1)
    {
        var problems = new Problems();
        var result = DeploymentSearch.Run(request, ColossimCatalog.BuiltIn, problems, parallelism: parallelism);
        Assert.False(problems.HasErrors, string.Join("\n", problems));
        return result!;
    }

    private static string Error(ServeRequest request)
    {
        var problems = new Problems();
        var result = DeploymentSearch.Run(request, ColossimCatalog.BuiltIn, problems);
        Assert.Null(result);
        return string.Join("\n", problems.Where(p => p.Severity == Severity.Error));
    }

    public sealed class TheEnumerateMethod
    {
        [Fact]
        public void Gives_every_tp_and_pp_dividing_the_GPUs_with_each_scheduler()
        {
            var model = ColossimCatalog.BuiltIn.ResolveModel("llama3-8b", new Problems())!;

            var layouts = DeploymentSearch.Enumerate(model, 4);

            // tp × pp dividing 4: (1,1) (1,2) (1,4) (2,1) (2,2) (4,1), three schedulers each.
            Assert.Equal(18, layouts.Count);
            Assert.Equal([(1, 1, 4), (1, 2, 2), (1, 4, 1), (2, 1, 2), (2, 2, 1), (4, 1, 1)], layouts.Select(d => (d.Tp, d.Pp, d.Replicas)).Distinct());
            Assert.All(layouts, d => Assert.Equal(4, d.Gpus));
        }

        [Fact]
        public void Stops_pipelines_at_the_most_stages_searched()
        {
            var model = ColossimCatalog.BuiltIn.ResolveModel("llama3-8b", new Problems())!;

            var layouts = DeploymentSearch.Enumerate(model, 64);

            Assert.Equal(DeploymentSearch.MaxPipelineStages, layouts.Max(d => d.Pp));
            Assert.Contains(layouts, d => d.Tp == 64 && d.Pp == 1 && d.Replicas == 1);
        }

        [Fact]
        public void Gives_a_dense_model_no_expert_parallelism()
        {
            var model = ColossimCatalog.BuiltIn.ResolveModel("llama3-8b", new Problems())!;

            Assert.All(DeploymentSearch.Enumerate(model, 16), d => Assert.Equal(1, d.Ep));
        }

        [Fact]
        public void Gives_a_mixture_of_experts_every_ep_dividing_its_experts_and_the_GPUs()
        {
            // Mixtral has 8 experts; on 8 GPUs tp × ep × pp divides 8 and ep divides 8: ep 1, 2, 4, 8 only.
            var model = ColossimCatalog.BuiltIn.ResolveModel("mixtral-8x7b", new Problems())!;

            var layouts = DeploymentSearch.Enumerate(model, 8);

            Assert.Equal([1, 2, 4, 8], layouts.Select(d => d.Ep).Distinct().Order());
            Assert.Contains(layouts, d => d.Tp == 2 && d.Ep == 4 && d.Pp == 1 && d.Replicas == 1);
            Assert.Contains(layouts, d => d.Tp == 1 && d.Ep == 2 && d.Pp == 2 && d.Replicas == 2);
            Assert.All(layouts, d => Assert.Equal(8, d.Gpus));
            Assert.Equal(8, new Deployment { Tp = 2, Ep = 4, Pp = 1, Replicas = 1 }.ApplyTo(new ServeRequest()).Gpus);
            Assert.Equal(4, new Deployment { Tp = 2, Ep = 4, Pp = 1, Replicas = 1 }.ApplyTo(new ServeRequest()).Ep);
        }

        [Fact]
        public void Gives_only_whole_replicas_of_the_GPUs()
        {
            // Mixtral on 6 GPUs: a replica of tp 1 × ep 4 (4 GPUs) does not divide them, so it is not a deployment.
            var model = ColossimCatalog.BuiltIn.ResolveModel("mixtral-8x7b", new Problems())!;

            var layouts = DeploymentSearch.Enumerate(model, 6);

            Assert.DoesNotContain(layouts, d => d.GpusPerReplica == 4);
            Assert.All(layouts, d => Assert.Equal(0, 6 % d.GpusPerReplica));
            Assert.Contains(layouts, d => (d.Tp, d.Ep, d.Pp, d.Replicas) == (3, 2, 1, 1));
        }

        [Fact]
        public void Lists_the_expert_parallel_layouts_that_fit_with_the_ones_serve_refuses_for_memory()
        {
            // Grok-1 (314B parameters) on 16 H100s: one GPU per replica cannot hold it (serve's own reason, which the
            // search reports for the deployment); tp 2 × ep 8, each GPU an eighth of the experts, fits.
            var model = ColossimCatalog.BuiltIn.ResolveModel("grok-1", new Problems())!;
            var request = new ServeRequest { Model = "grok-1", Gpu = "h100-sxm", Mode = "offline", InputLen = 100, OutputLen = 10, Requests = 1 };

            var layouts = DeploymentSearch.Enumerate(model, 16);

            var one = layouts.First(d => (d.Tp, d.Ep, d.Pp) == (1, 1, 1));
            var refused = new Problems();
            Assert.Null(one.ApplyTo(request).Resolve(ColossimCatalog.BuiltIn, refused));
            Assert.StartsWith("grok-1 does not fit on h100-sxm at --tp 1 --pp 1", refused.Single(p => p.Path == "--tp").Message, StringComparison.Ordinal);
            var tp2ep8 = layouts.First(d => (d.Tp, d.Ep, d.Pp) == (2, 8, 1));
            Assert.Equal((16, 1), (tp2ep8.GpusPerReplica, tp2ep8.Replicas));
            var fits = new Problems();
            Assert.NotNull(tp2ep8.ApplyTo(request).Resolve(ColossimCatalog.BuiltIn, fits));
            Assert.False(fits.HasErrors, string.Join("\n", fits));
        }
    }

    public sealed class TheRunMethod
    {
        [Fact]
        public void Refuses_a_70B_model_on_one_H100_with_the_reason_and_simulates_nothing()
        {
            var message = Error(Small with { Model = "llama3-70b", Gpu = "h100-sxm", Gpus = 1, Mode = "offline" });

            Assert.StartsWith("--search: no deployment of llama3-70b can run on 1 × h100-sxm: llama3-70b does not fit on h100-sxm at --tp 1 --pp 1: weights", message, StringComparison.Ordinal);
        }

        [Fact]
        public void Refuses_a_tp_the_heads_do_not_allow_and_ranks_three_replicas_above_a_pipeline_of_three()
        {
            // 3 GPUs: tp 3 does not divide Llama-3-8B's 32 heads; three tp-1 replicas work in parallel where a pipeline
            // of three stages runs them one after another, so they carry about three times the tokens.
            var result = Search(Small with { Gpus = 3, Mode = "offline" });

            Assert.Equal(DeploymentObjective.Throughput, result.Objective);
            Assert.Equal(9, result.Candidates.Count);
            Assert.Equal(6, result.DeploymentsEvaluated);
            var refused = result.Candidates.Where(c => c.Refused is not null).ToList();
            Assert.Equal(3, refused.Count);
            Assert.All(refused, c => Assert.Equal((3, "expected a divisor of the 32 attention heads of llama3-8b, found 3"), (c.Deployment.Tp, c.Refused!)));
            Assert.All(refused, c => Assert.Null(c.Run));
            var best = result.Best!;
            Assert.Equal((1, 1, 3), (best.Deployment.Tp, best.Deployment.Pp, best.Deployment.Replicas));
            var pipeline = result.Candidates.Where(c => c.Deployment.Pp == 3).Max(c => c.SustainedOutputTokensPerSecond);
            Assert.True(best.SustainedOutputTokensPerSecond > 2 * pipeline, $"{best.SustainedOutputTokensPerSecond} vs {pipeline} tok/s");
        }

        [Fact]
        public void Simulates_expert_parallel_deployments_of_a_mixture_of_experts()
        {
            // Mixtral's 93 GB of weights do not fit one 80 GB H100: of the deployments on 2 GPUs, tp 1 × ep 2 (each GPU
            // half the experts) and tp 2 run; one replica per GPU cannot.
            var result = Search(Small with { Model = "mixtral-8x7b", Gpu = "h100-sxm", Gpus = 2, Mode = "offline", Requests = 20 });

            Assert.Contains(result.Candidates, c => c.Deployment is { Tp: 1, Ep: 2, Pp: 1 } && c.Run is not null);
            Assert.Contains(result.Candidates, c => c.Deployment is { Tp: 2, Ep: 1, Pp: 1 } && c.Run is not null);
            Assert.All(result.Candidates.Where(c => c.Deployment.Replicas == 2), c => Assert.NotNull(c.Refused));
            Assert.All(result.Candidates.Where(c => c.Deployment.Ep == 2), c => Assert.Equal(2, c.Run?.Gpus ?? 2));
        }

        [Fact]
        public void Ranks_by_output_tokens_per_second_best_first()
        {
            var result = Search(Small with { Gpus = 4, Mode = "offline" });

            var ran = result.Candidates.Where(c => c.Run is not null).Select(c => c.SustainedOutputTokensPerSecond).ToList();
            Assert.Equal(ran.OrderByDescending(x => x), ran);
            Assert.Same(result.Candidates[0], result.Best);
        }

        [Fact]
        public void Gives_the_same_candidates_on_one_core_as_on_all()
        {
            var request = Small with { Gpus = 4, Rate = 20, SloTtft = "300ms", SloTpot = "40ms", Requests = 80 };

            var one = Search(request, parallelism: 1);
            var all = Search(request, parallelism: Math.Max(2, Environment.ProcessorCount));

            static IEnumerable<string> Rows(DeploymentSearchResult r) => r.Candidates.Select(c =>
                $"{c.Deployment} {c.Refused} {c.MeetsSlo} {c.Simulations} {c.OutputTokensPerSecond:R} {c.Run?.E2e.Mean} {c.Run?.SloAttainment:R}");
            Assert.Equal(Rows(one), Rows(all));
        }

        [Fact]
        public void Finds_the_highest_rate_meeting_the_SLOs_for_each_deployment()
        {
            var result = Search(Small with { Gpus = 2, SloTtft = "300ms", SloTpot = "40ms" });

            Assert.Equal(DeploymentObjective.MaxRate, result.Objective);
            var rates = result.Candidates.Where(c => c.Run is not null).Select(c => c.MaxRate).ToList();
            Assert.Equal(rates.OrderByDescending(x => x), rates);
            Assert.True(result.Best!.MaxRate > 0, "no rate met the SLOs");
            Assert.All(result.Candidates.Where(c => c.Run is not null), c => Assert.Equal(11, c.Simulations));
        }
    }

    public sealed class TheCheapestDeployment
    {
        // 400 requests/s of 200 + 20 tokens need two Llama-3-8B replicas on H200s within these SLOs.
        private static readonly ServeRequest Target = Small with { Gpus = 4, Rate = 400, SloTtft = "300ms", SloTpot = "40ms", Requests = 200 };

        private static readonly Lazy<DeploymentSearchResult> Found = new(() => Search(Target));

        [Fact]
        public void Meets_the_SLOs_where_one_replica_fewer_does_not()
        {
            var result = Found.Value;

            Assert.Equal(DeploymentObjective.Cheapest, result.Objective);
            var best = result.Best!;
            Assert.True(best.MeetsSlo);
            Assert.True(ServingSearch.Meets(best.Run!, best.Run!.Setup.Slo!));
            Assert.True(best.Deployment.Replicas > 1, "the target should need more than one replica");

            // The next cheaper deployment of the same layout, run here on its own, misses the SLOs.
            var fewer = best.Deployment with { Replicas = best.Deployment.Replicas - 1 };
            var problems = new Problems();
            var setup = fewer.ApplyTo(Target).Resolve(ColossimCatalog.BuiltIn, problems)!;
            var run = ServingSimulation.Run(setup);
            Assert.False(ServingSearch.Meets(run, setup.Slo!), $"{fewer} met the SLOs too");
        }

        [Fact]
        public void Is_the_lowest_cost_per_hour_of_the_deployments_meeting_the_SLOs()
        {
            var result = Found.Value;

            var meeting = result.Candidates.Where(c => c.MeetsSlo).ToList();
            Assert.Same(result.Best, meeting[0]);
            Assert.All(meeting, c => Assert.True(c.UsdPerHour >= meeting[0].UsdPerHour - 1e-9, $"{c.Deployment} costs {c.UsdPerHour}"));
            Assert.Equal(result.Best!.Run!.Gpus * result.Best.Run.Setup.UsdPerGpuHour.Dollars, result.Best.UsdPerHour, 1e-9);
        }

        [Fact]
        public void Says_so_when_no_deployment_carries_the_rate()
        {
            var message = Error(Target with { Gpus = 1, Rate = 1000 });

            Assert.StartsWith("--search: no deployment on at most 1 GPU meets the SLOs at 1000 requests/s; the best found, tp 1 × pp 1 × 1 replica (", message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', message);
        }
    }

    public sealed class TheOptions
    {
        [Theory]
        [InlineData(double.NaN, "--rate: expected requests per second above 0 and at most 1,000,000, found nan")]
        [InlineData(0.0, "--rate: expected requests per second above 0 and at most 1,000,000, found 0")]
        [InlineData(-1.0, "--rate: expected requests per second above 0 and at most 1,000,000, found -1")]
        public void Refuse_a_target_rate_that_is_not_a_rate(double rate, string message)
        {
            Assert.Equal(message, Error(Small with { Gpus = 2, Rate = rate, SloTtft = "1s" }));
        }

        [Fact]
        public void Refuse_a_trace()
        {
            Assert.Equal(
                "--search: searches deployments for generated traffic; give it without --trace (with --rate, --concurrency or --mode offline, and --input-len and --output-len)",
                Error(Small with { Gpus = 2, Trace = "conv.csv", InputLen = null, OutputLen = null }));
        }

        [Fact]
        public void Refuse_closed_loop_clients_with_an_SLO()
        {
            Assert.Equal(
                "--search: with an SLO searches the highest rate meeting it, or with --rate the cheapest deployment carrying that rate; give it without --concurrency",
                Error(Small with { Gpus = 2, Concurrency = 4, SloTtft = "1s" }));
        }

        [Fact]
        public void Need_traffic_without_an_SLO()
        {
            Assert.Equal(
                "--rate: give the traffic: --trace FILE, --rate R, --concurrency C or --mode offline (the last three with --input-len and --output-len)",
                Error(Small with { Gpus = 2 }));
        }
    }
}
