using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Reports;
using Colossim.Serving;

namespace Colossim.Tests.Serving;

public sealed class DisaggregationOptionsTests
{
    private static readonly ServeRequest Valid = new()
    {
        Model = "llama3-8b",
        Gpu = "h200-sxm",
        Gpus = 4,
        Rate = 4,
        InputLen = 300,
        OutputLen = 20,
        Requests = 40,
        MaxBatch = 64,
        TokenBudget = 2048,
        Disaggregate = "1:1",
    };

    private static IReadOnlyList<string> Errors(ServeRequest request)
    {
        var problems = new Problems();
        var setup = request.Resolve(ColossimCatalog.BuiltIn, problems);
        Assert.Null(setup);
        return [.. problems.Where(p => p.Severity == Severity.Error).Select(p => p.ToString())];
    }

    public sealed class TheParseMethod
    {
        [Theory]
        [InlineData("1:3", 1L, 3L)]
        [InlineData(" 2:5 ", 2L, 5L)]
        [InlineData("AUTO", 0L, 0L)]
        public void Reads_a_ratio_or_auto(string text, long prefill, long decode)
        {
            var problems = new Problems();

            var ratio = PoolRatio.Parse(text, problems, "--disaggregate");

            Assert.Empty(problems);
            Assert.Equal(new PoolRatio(prefill, decode), ratio);
            Assert.Equal(prefill == 0, ratio!.Value.IsAuto);
        }

        [Theory]
        [InlineData("NaN")]
        [InlineData("1e308")]
        [InlineData("-1")]
        [InlineData("0")]
        [InlineData("3:")]
        [InlineData("a:b")]
        [InlineData("1:2:3")]
        [InlineData("-1:2")]
        [InlineData("1.5:2")]
        [InlineData("9999999999:1")]
        [InlineData("")]
        public void Says_what_a_ratio_looks_like(string text)
        {
            var problems = new Problems();

            Assert.Null(PoolRatio.Parse(text, problems, "--disaggregate"));
            Assert.Equal([$"--disaggregate: expected P:D, the prefill and decode replicas as whole numbers (such as 1:3), or auto with --search, found '{text}'"], problems.Select(p => p.ToString()));
        }

        [Theory]
        [InlineData("0:4")]
        [InlineData("2:0")]
        public void Asks_for_at_least_one_replica_in_each_pool(string text)
        {
            var problems = new Problems();

            Assert.Null(PoolRatio.Parse(text, problems, "--disaggregate"));
            Assert.Equal([$"--disaggregate: expected at least 1 prefill and 1 decode replica, found '{text}'"], problems.Select(p => p.ToString()));
        }
    }

    public sealed class TheServeRequest
    {
        [Fact]
        public void Scales_the_ratio_to_the_fleet_and_prices_the_transfer_over_its_network()
        {
            var problems = new Problems();

            var setup = Valid.Resolve(ColossimCatalog.BuiltIn, problems)!;

            Assert.Empty(problems);
            var split = setup.Disaggregation!;
            Assert.Equal((4, 2, 2), (setup.Replicas, split.PrefillReplicas, split.DecodeReplicas));
            Assert.Equal(setup.Deployment!.KvBytesPerToken, split.KvBytesPerTokenPerGpu);
            Assert.IsType<FabricKvTransfer>(split.Transfer);
            Assert.Equal(KvAdmission.Reserve, setup.Engine.Admission);
        }

        [Fact]
        public void Leaves_auto_colocated_for_the_search_to_split()
        {
            var problems = new Problems();

            var setup = (Valid with { Disaggregate = "auto", Search = true, Rate = null, SloTtft = "2s" }).Resolve(ColossimCatalog.BuiltIn, problems)!;

            Assert.Empty(problems);
            Assert.Null(setup.Disaggregation);
        }

        [Theory]
        [InlineData("1:2", "--disaggregate: expected P + D to divide the fleet's 4 replicas (--gpus ÷ (--tp × --pp)), found 1:2 (P + D = 3)")]
        [InlineData("auto", "--disaggregate: auto searches the prefill:decode ratio; give it with --search (or give a ratio such as 1:3)")]
        [InlineData("0:4", "--disaggregate: expected at least 1 prefill and 1 decode replica, found '0:4'")]
        [InlineData("NaN", "--disaggregate: expected P:D, the prefill and decode replicas as whole numbers (such as 1:3), or auto with --search, found 'NaN'")]
        public void Says_what_is_wrong_with_the_ratio(string text, string message)
        {
            Assert.Equal([message], Errors(Valid with { Disaggregate = text }));
        }

        [Fact]
        public void Needs_two_replicas_to_search_a_split()
        {
            var request = Valid with { Gpus = 1, Disaggregate = "auto", Search = true, Rate = null, SloTtft = "2s" };

            Assert.Equal(["--disaggregate: needs at least 2 replicas to split into a prefill and a decode pool, found 1 (--gpus ÷ (--tp × --pp))"], Errors(request));
        }

        [Fact]
        public void Refuses_a_sample_of_the_replicas()
        {
            Assert.Equal(["--sample-replicas: samples colocated replicas; give it without --disaggregate"], Errors(Valid with { SampleReplicas = 2 }));
        }

        [Fact]
        public void Refuses_another_scheduler()
        {
            Assert.Equal(
                ["--scheduler: a disaggregated deployment batches prompts on its prefill replicas and decodes on its decode replicas; give --disaggregate without --scheduler static"],
                Errors(Valid with { Scheduler = "static" }));
        }
    }

    public sealed class TheBestSplitMethod
    {
        [Fact]
        public void Tries_every_split_of_a_small_fleet_and_keeps_the_one_with_the_highest_rate()
        {
            var problems = new Problems();
            var setup = (Valid with { Gpus = 3, Disaggregate = "auto", Search = true, Rate = null, SloTtft = "500ms", Requests = 30 }).Resolve(ColossimCatalog.BuiltIn, problems)!;
            Assert.Empty(problems);

            var found = DisaggregatedSearch.BestSplit(setup, iterations: 4);

            Assert.Equal([(1, 2), (2, 1)], found.Ratios.Select(r => (r.Prefill, r.Decode)));
            Assert.Equal(found.Ratios.Max(r => r.MaxRate), found.MaxRate);
            Assert.Equal((2, 10), (found.DeploymentsEvaluated, found.RatesEvaluated));
            Assert.NotNull(found.Run.Disaggregation);
        }
    }

    public sealed class TheReport
    {
        [Fact]
        public void Has_the_pools_and_transfers_in_the_deployment_only_when_disaggregated()
        {
            var setup = Valid.Resolve(ColossimCatalog.BuiltIn, new Problems())!;
            var split = ServingSimulation.Run(setup);
            var colocated = ServingSimulation.Run(setup with { Disaggregation = null });

            var json = ServeReport.Json(split, 0)["deployment"]!["disaggregation"]!.AsObject();
            Assert.Equal(2, (int)json["prefill_replicas"]!);
            Assert.Equal(2, (int)json["decode_replicas"]!);
            Assert.Equal(split.Disaggregation!.KvTransfer.P99.TotalMilliseconds, (double)json["kv_transfer_ms"]!["p99"]!, 9);
            Assert.Equal(300 * setup.Deployment!.KvBytesPerToken.Value, (double)json["kv_bytes_per_request"]!, 3);
            Assert.Null(ServeReport.Json(colocated, 0)["deployment"]!["disaggregation"]);
            var text = string.Join('\n', ServeReport.Text(split, 0).OfType<ReportText>().Select(t => t.Text));
            Assert.Contains("disaggregated: 2 prefill and 2 decode replicas", text, StringComparison.Ordinal);
        }
    }
}
