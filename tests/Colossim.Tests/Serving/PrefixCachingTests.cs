using Colossim.Serving;
using CsCheck;

namespace Colossim.Tests.Serving;

/// <summary>Prefix caching and prefix-affinity routing in whole simulations (<see cref="ServingSimulation"/> with <see cref="ServingSetup.PrefixBlockTokens"/>).</summary>
public sealed class PrefixCachingTests
{
    private static TraceRequest At(double seconds, int input, int output, params int[] hashIds) =>
        ServingTestSetup.At(seconds, input, output) with { HashIds = hashIds };

    private static ServingSetup Cached(IReadOnlyList<TraceRequest> requests, int replicas = 1, RouterKind router = RouterKind.RoundRobin) =>
        ServingTestSetup.With(requests, replicas: replicas) with { PrefixBlockTokens = 512, Router = router, CheckBlocks = true };

    public sealed class TheRunMethod
    {
        [Fact]
        public void Shortens_the_second_prefill_by_exactly_the_cached_blocks()
        {
            // 1,100 tokens: two full 512-token blocks and a partial one. The second request finds the first two blocks
            // of its chain cached and prefills the other 76 tokens, attending to the 1,024 cached ones.
            TraceRequest[] requests = [At(0, 1100, 1, 1, 2, 3), At(1, 1100, 1, 1, 2, 4)];

            var result = ServingSimulation.Run(Cached(requests));

            var steps = ServingTestSetup.Steps;
            Assert.Equal((steps.Step(76, 1, 1024, 0, 0), steps.Step(1100, 1, 0, 0, 0)), (result.Ttft.P50, result.Ttft.P99));
            var p = result.PrefixCache!;
            Assert.Equal((2200L, 1024L, 2L, 0L), (p.PromptTokens, p.HitTokens, p.HitBlocks, p.EvictedBlocks));
            Assert.Equal(1024 / 2200.0, p.HitRate, 12);
        }

        [Fact]
        public void Reuses_nothing_when_an_earlier_block_differs()
        {
            TraceRequest[] requests = [At(0, 1100, 1, 1, 2, 3), At(1, 1100, 1, 9, 2, 3)];

            var result = ServingSimulation.Run(Cached(requests));

            var prefill = ServingTestSetup.Steps.Step(1100, 1, 0, 0, 0);
            Assert.Equal((prefill, prefill), (result.Ttft.P50, result.Ttft.P99));
            Assert.Equal(0, result.PrefixCache!.HitTokens);
        }

        [Fact]
        public void Computes_at_least_the_last_prompt_token_of_a_prompt_cached_whole()
        {
            // 1,024 tokens, two full blocks, both cached: the second request still prefills the last block (its last
            // token's step gives the first output token), as a cached whole prompt leaves one token to compute.
            TraceRequest[] requests = [At(0, 1024, 1, 1, 2), At(1, 1024, 1, 1, 2)];

            var result = ServingSimulation.Run(Cached(requests));

            Assert.Equal(ServingTestSetup.Steps.Step(512, 1, 512, 0, 0), result.Ttft.P50);
            Assert.Equal(512, result.PrefixCache!.HitTokens);
        }

        [Fact]
        public void Has_no_prefix_cache_report_when_caching_is_off()
        {
            var result = ServingSimulation.Run(ServingTestSetup.With([At(0, 1100, 1, 1, 2, 3), At(1, 1100, 1, 1, 2, 3)]));

            Assert.Null(result.PrefixCache);
            Assert.Equal(result.Ttft.P50, result.Ttft.P99);
        }

        [Fact]
        public void Evicts_cached_blocks_before_preempting_and_conserves_the_cache()
        {
            // Random conversations over a few shared prefixes on a small cache: the replica checks before every
            // iteration that free, requests' and cached blocks add up to its capacity (CheckBlocks throws otherwise).
            var request = Gen.Select(Gen.Double[0, 5], Gen.Int[1, 3000], Gen.Int[1, 300], Gen.Int[0, 255])
                .Select((t, i, o, seed) => At(t, i, o, [.. Enumerable.Range(0, (i + 511) / 512).Select(k => (seed >> (2 * (k % 4))) & 3)]));
            Gen.Select(request.Array[1, 40], Gen.Int[0, 1], Gen.Long[64, 3000], Gen.Int[1, 3], Gen.Int[0, 2]).Sample((reqs, policy, blocks, replicas, router) =>
            {
                var sorted = reqs.OrderBy(r => r.ArrivalNanoseconds).ToArray();
                var setup = Cached(sorted, replicas, (RouterKind)router) with
                {
                    Engine = ServingTestSetup.With(sorted).Engine with { Scheduler = (SchedulerKind)policy, KvBlocks = blocks },
                };

                var result = ServingSimulation.Run(setup);

                var fits = sorted.Where(r => (r.Input + r.Output + 15) / 16 <= blocks).ToArray();
                Assert.Equal(sorted.Length, result.Arrived);
                Assert.Equal((fits.Length, 0L), (result.Completed, result.Running));
                Assert.Equal(fits.Sum(r => (long)r.Output), result.OutputTokens);
                Assert.InRange(result.KvCachePeak, 0, 1);
                Assert.InRange(result.PrefixCache!.HitTokens, 0, result.PrefixCache.PromptTokens);
            }, iter: 60);
        }
    }

    public sealed class TheAffinityRouter
    {
        [Fact]
        public void Sends_each_turn_to_the_replica_holding_its_earlier_turns()
        {
            // Two conversations of two turns. Round-robin sends each second turn to the other replica (no reuse);
            // affinity sends it where its first turn's blocks are cached.
            TraceRequest[] requests = [At(0, 1100, 1, 1, 2, 3), At(0.5, 1100, 1, 7, 8, 9), At(1, 1100, 1, 7, 8, 10), At(1.5, 1100, 1, 1, 2, 11)];

            var rr = ServingSimulation.Run(Cached(requests, replicas: 2));
            var affinity = ServingSimulation.Run(Cached(requests, replicas: 2, router: RouterKind.Affinity));

            Assert.Equal(0, rr.PrefixCache!.HitTokens);
            Assert.Equal(2048, affinity.PrefixCache!.HitTokens);
            Assert.True(affinity.Ttft.Mean < rr.Ttft.Mean, $"affinity: mean TTFT {affinity.Ttft.Mean}; round-robin: {rr.Ttft.Mean}");
        }

        [Fact]
        public void Leaves_a_cached_prefix_for_the_least_loaded_replica_when_its_replica_is_overloaded()
        {
            // A long request keeps replica 0 busy; a turn matching a prefix cached there goes to idle replica 1.
            TraceRequest[] requests = [At(0, 1100, 1, 1, 2, 3), At(0.5, 2000, 4000, 5, 6, 7, 8), At(0.6, 1100, 1, 1, 2, 4)];

            var result = ServingSimulation.Run(Cached(requests, replicas: 2, router: RouterKind.Affinity));

            // Request 1 goes to replica 0 (both idle, lowest index), so request 2 would find its prefix there.
            Assert.Equal(0, result.PrefixCache!.HitTokens);
        }

        [Theory]
        [InlineData(4049, 1000, 2048, true)]
        [InlineData(4048, 1000, 2048, false)]
        [InlineData(2049, 0, 2048, true)]
        public void Calls_a_replica_overloaded_above_twice_the_least_loaded_plus_one_budget(long load, long least, int budget, bool overloaded)
        {
            Assert.Equal(overloaded, PrefixAffinity.Overloaded(load, least, budget));
        }
    }
}
