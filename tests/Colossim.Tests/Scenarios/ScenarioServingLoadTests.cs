using Colossim.Reports;
using Colossim.Scenarios;
using Colossim.Serving;
using static Colossim.Tests.Scenarios.ScenarioFiles;

namespace Colossim.Tests.Scenarios;

public sealed class ScenarioServingLoadTests
{
    // Two replicas of Llama 3 8B at 3 requests/s for a minute: 180 requests, few enough that every point simulates both replicas.
    private const string Small = """
        name: s
        seed: 7
        sites: [ { name: a, gpus: { type: h200-sxm, count: 8 } } ]
        workloads:
          serving:
            - { name: chat, model: llama3-8b, gpus: 2, traffic: { rate: 3, lengths: { input: 200, output: 20 } }, slo: { ttft_p99: 2s, tpot_p99: 100ms } }
        """;

    private static ServingSimulationReport Simulated(string yaml, bool ladder)
    {
        var result = Parse(yaml);
        Assert.Equal([], Messages(result));
        return ScenarioRunner.Run(result.Scenario!, new ScenarioRunOptions { ServingLoadLadder = ladder }).Serving[0].Simulation!;
    }

    public sealed class TheLadderMethod
    {
        [Fact]
        public void Simulates_six_loads_from_20_to_120_percent_of_the_workloads_rate()
        {
            var run = Simulated(Small, ladder: false);

            var ladder = ScenarioServingLoad.Ladder(run);

            Assert.Equal([0.2, 0.4, 0.6, 0.8, 1.0, 1.2], ladder.Select(p => p.Fraction));
            var rate = run.Result.Arrived / run.SimulatedTime.TotalSeconds;
            Assert.All(ladder, p => Assert.Equal(p.Fraction * rate, p.OfferedRequestsPerSecond, 9));
            Assert.All(ladder, p => Assert.Equal(180, p.Result.Arrived));
        }

        [Fact]
        public void Gives_at_the_workloads_own_load_exactly_the_run_itself_when_every_replica_is_simulated()
        {
            var run = Simulated(Small, ladder: false);

            var own = ScenarioServingLoad.Ladder(run).Single(p => p.Fraction == 1.0).Result;

            Assert.Equal(2, own.SimulatedReplicas);
            Assert.Equal(run.Result.OutputTokensPerSecond, own.OutputTokensPerSecond, 12);
            Assert.Equal(run.Result.Ttft, own.Ttft);
            Assert.Equal(run.Result.Tpot, own.Tpot);
        }

        [Fact]
        public void Compresses_the_same_arrivals_so_a_higher_load_finishes_its_requests_sooner()
        {
            var ladder = ScenarioServingLoad.Ladder(Simulated(Small, ladder: false));

            // The same 180 requests arriving over 60 s / fraction: the makespan shrinks and throughput grows with the load.
            for (var i = 1; i < ladder.Count; i++)
            {
                Assert.True(ladder[i].Result.Makespan < ladder[i - 1].Result.Makespan, $"makespan at {ladder[i].Fraction}");
                Assert.True(ladder[i].Result.OutputTokensPerSecond > ladder[i - 1].Result.OutputTokensPerSecond, $"throughput at {ladder[i].Fraction}");
            }

            Assert.Equal(ladder[0].Result.OutputTokens, ladder[^1].Result.OutputTokens);
        }

        [Fact]
        public void Samples_evenly_spaced_replicas_over_whole_router_rounds_to_about_1000_requests_a_point_and_scales_the_fleets_totals_up()
        {
            // 64 replicas of Llama 3 8B at 100 requests/s: 6,000 requests a minute, 93 whole rounds of 64 (5,952); about
            // 11 replicas would hold 1,000 requests, so every 5th replica is simulated: 13 replicas, 1,209 requests.
            var run = Simulated(Small.Replace("gpus: 2, traffic: { rate: 3", "gpus: 64, traffic: { rate: 100", StringComparison.Ordinal).Replace("count: 8", "count: 64", StringComparison.Ordinal), ladder: false);

            var own = ScenarioServingLoad.Ladder(run).Single(p => p.Fraction == 1.0).Result;

            Assert.Equal((64, 6000L), (run.Result.Setup.Replicas, run.Result.Arrived));
            Assert.Equal(13, own.SimulatedReplicas);
            Assert.Equal(5952, own.Arrived);
            // The same load per replica: the fleet's throughput within 2 % (the sample's replicas, not the fleet's).
            Assert.Equal(run.Result.OutputTokensPerSecond, own.OutputTokensPerSecond, run.Result.OutputTokensPerSecond * 0.02);
        }

        [Fact]
        public void Matches_the_fleets_throughput_when_each_replica_sees_only_a_few_requests()
        {
            // 256 replicas at 40 requests/s: about 9 requests a replica in the minute, so a sample of the first replicas
            // of each round would end most of a round early; every 2nd replica (128) spans the same time as the fleet.
            var run = Simulated(Small.Replace("gpus: 2, traffic: { rate: 3", "gpus: 256, traffic: { rate: 40", StringComparison.Ordinal).Replace("count: 8", "count: 256", StringComparison.Ordinal), ladder: false);

            var own = ScenarioServingLoad.Ladder(run).Single(p => p.Fraction == 1.0).Result;

            Assert.Equal(128, own.SimulatedReplicas);
            Assert.Equal(run.Result.OutputTokensPerSecond, own.OutputTokensPerSecond, run.Result.OutputTokensPerSecond * 0.03);
        }

        [Fact]
        public void Gives_no_points_for_a_closed_loop_run()
        {
            var run = Simulated(Small, ladder: false);
            var closed = run with { Result = run.Result with { Setup = run.Result.Setup with { Mode = LoadMode.Closed, Concurrency = 4 } } };

            Assert.Empty(ScenarioServingLoad.Ladder(closed));
        }

        [Fact]
        public void Stops_when_cancelled()
        {
            var run = Simulated(Small, ladder: false);
            using var cancel = new CancellationTokenSource();
            cancel.Cancel();

            Assert.Throws<OperationCanceledException>(() => ScenarioServingLoad.Ladder(run, cancel.Token));
        }
    }

    public sealed class TheRunner
    {
        [Fact]
        public void Adds_the_ladder_only_when_the_options_ask_for_it()
        {
            Assert.Empty(Simulated(Small, ladder: false).LoadLadder);
            Assert.Equal(ScenarioServingLoad.Fractions.Count, Simulated(Small, ladder: true).LoadLadder.Count);
        }
    }
}
