using Colossim.Reports;
using Colossim.Serving;
using Colossim.Units;
using CsCheck;

namespace Colossim.Tests.Serving;

public sealed class DisaggregatedSimulationTests
{
    /// <summary>A transfer of 10 µs plus 1 GB/s per GPU; 1,000 bytes per prompt token per GPU: a 1,000-token prompt moves in 1.01 ms.</summary>
    private static readonly FixedKvTransfer Link = new(Duration.FromMicroseconds(10), new Bandwidth(1e9));

    private static ServingSetup Split(IReadOnlyList<TraceRequest> requests, int prefill = 1, int decode = 1, long? kvBlocks = null, RouterKind router = RouterKind.RoundRobin, KvTransferMode mode = KvTransferMode.AfterPrefill, IKvTransferCost? link = null) =>
        ServingTestSetup.With(requests, kvBlocks: kvBlocks, replicas: prefill + decode) with
        {
            Router = router,
            Disaggregation = new Disaggregation
            {
                PrefillReplicas = prefill,
                DecodeReplicas = decode,
                KvBytesPerTokenPerGpu = new Bytes(1000),
                Transfer = link ?? Link,
                Mode = mode,
                LayersPerGpu = 80,
            },
        };

    private static Duration Transfer(int tokens) => Link.Time(0, 0, new Bytes(1000.0 * tokens));

    public sealed class TheRunMethod
    {
        [Fact]
        public void Gives_one_request_alone_its_prefill_and_transfer_as_TTFT_and_its_decode_steps_after()
        {
            var result = ServingSimulation.Run(Split([new TraceRequest(0, 1000, 4)]));

            // The prefill replica produces the first token; the decode replica the other three, at 1,000, 1,001 and 1,002 cached tokens.
            var steps = ServingTestSetup.Steps;
            var prefill = steps.Step(1000, 1, 0, 0, 0);
            var transfer = Transfer(1000);
            var decodes = steps.Step(0, 0, 0, 1, 1000) + steps.Step(0, 0, 0, 1, 1001) + steps.Step(0, 0, 0, 1, 1002);
            Assert.Equal(Duration.FromNanoseconds(1_010_000), transfer);
            Assert.Equal(prefill + transfer, result.Ttft.Mean);
            Assert.Equal(prefill + transfer + decodes, result.E2e.Mean);
            Assert.Equal(decodes.Nanoseconds / 3, result.Tpot.Mean.Nanoseconds);
            Assert.Equal((1L, 1L, 4L, 1000L, 4L), (result.Arrived, result.Completed, result.Iterations, result.InputTokens, result.OutputTokens));
            var split = result.Disaggregation!;
            Assert.Equal((1, 1, 1L), (split.PrefillReplicas, split.DecodeReplicas, split.Transfers));
            Assert.Equal(transfer, split.KvTransfer.Mean);
            Assert.Equal(Duration.Zero, split.TransferWait.Mean);
            Assert.Equal(1000.0 * 1000 * result.Setup.GpusPerReplica, split.KvBytesPerRequest.Value, 6);
        }

        [Fact]
        public void Ends_a_request_of_one_output_token_with_its_prefill_and_moves_no_KV()
        {
            var result = ServingSimulation.Run(Split([new TraceRequest(0, 500, 1)]));

            var prefill = ServingTestSetup.Steps.Step(500, 1, 0, 0, 0);
            Assert.Equal((prefill, prefill), (result.Ttft.Mean, result.E2e.Mean));
            Assert.Equal((1L, 0L), (result.Completed, result.Disaggregation!.Transfers));
        }

        [Fact]
        public void Prefills_two_prompts_together_and_sends_them_one_after_the_other_to_the_two_decode_replicas_in_turn()
        {
            var result = ServingSimulation.Run(Split([new TraceRequest(0, 600, 3), new TraceRequest(0, 400, 3)], decode: 2));

            // One prefill-only iteration of both prompts; the prefill replica's link sends the first KV, then the
            // second; each decode replica then decodes one request alone.
            var steps = ServingTestSetup.Steps;
            var prefill = steps.Step(1000, 2, 0, 0, 0);
            var first = prefill + Transfer(600);
            var second = first + Transfer(400);
            Assert.Equal((first, second), (result.Ttft.P50, result.Ttft.P99));
            var ends = new[] { first + steps.Step(0, 0, 0, 1, 600) + steps.Step(0, 0, 0, 1, 601), second + steps.Step(0, 0, 0, 1, 400) + steps.Step(0, 0, 0, 1, 401) };
            Assert.Equal((ends.Min(), ends.Max()), (result.E2e.P50, result.E2e.P99));
            Assert.Equal(1 + 2 + 2, result.Iterations);
            Assert.Equal(Transfer(600), result.Disaggregation!.TransferWait.P99);
        }

        [Fact]
        public void Keeps_a_request_in_the_transfer_queue_while_the_decode_cache_is_full()
        {
            // 60 blocks of 16 tokens: the decode replica reserves 50 blocks for 200 + 600 tokens, so only one request fits.
            var result = ServingSimulation.Run(Split([new TraceRequest(0, 200, 600), new TraceRequest(0, 200, 600)], kvBlocks: 60));

            Assert.Equal((2L, 0L), (result.Completed, result.Rejected));
            var firstDone = result.E2e.P50;
            Assert.True(result.Ttft.P99 > firstDone, $"the second request's first token ({result.Ttft.P99}) came before the first request ended ({firstDone})");
            Assert.True(result.Disaggregation!.TransferWait.P99 >= firstDone - result.Ttft.P50, $"the second transfer waited {result.Disaggregation.TransferWait.P99}");
            Assert.True(result.KvCachePeak <= 1, $"a cache held {result.KvCachePeak:P} of its blocks");
        }

        [Fact]
        public void Rejects_a_request_whose_prompt_and_output_never_fit_a_decode_replica()
        {
            var result = ServingSimulation.Run(Split([new TraceRequest(0, 200, 2000), new TraceRequest(0, 100, 10)], kvBlocks: 60));

            Assert.Equal((2L, 1L, 1L, 0L), (result.Arrived, result.Completed, result.Rejected, result.Running));
        }

        [Fact]
        public void Moves_a_longer_prompt_for_longer()
        {
            var result = ServingSimulation.Run(Split([new TraceRequest(0, 4000, 2), new TraceRequest(5_000_000_000, 100, 2)]));

            var wire = result.Disaggregation!.KvTransfer;
            Assert.Equal((Transfer(100), Transfer(4000)), (wire.P50, wire.P99));
        }

        [Fact]
        public void Routes_a_request_to_the_decode_replica_with_the_fewest_tokens_left_under_least_outstanding_tokens()
        {
            // The first request decodes 400 tokens on decode replica 0; the next two go to replica 1 (0 then 9 tokens
            // left), the last to replica 1 too (9 + 9 < 399) under least outstanding tokens; round-robin alternates.
            TraceRequest[] requests = [new(0, 100, 400), new(1_000_000_000, 100, 10), new(1_100_000_000, 100, 10), new(1_200_000_000, 100, 10)];
            var lot = ServingSimulation.Run(Split(requests, decode: 2, router: RouterKind.LeastOutstandingTokens));
            var rr = ServingSimulation.Run(Split(requests, decode: 2));

            Assert.True(lot.Tpot.Mean < rr.Tpot.Mean, $"least outstanding tokens: mean TPOT {lot.Tpot.Mean}; round-robin: {rr.Tpot.Mean}");
        }

        [Fact]
        public void Gives_the_same_result_for_the_same_setup()
        {
            var requests = Enumerable.Range(0, 30).Select(k => ServingTestSetup.At(k * 0.05, 200 + (37 * k % 500), 5 + (k % 40))).ToArray();
            var a = ServingSimulation.Run(Split(requests, prefill: 2, decode: 3));
            var b = ServingSimulation.Run(Split(requests, prefill: 2, decode: 3));

            Assert.Equal((a.Ttft, a.E2e, a.Itl, a.Events), (b.Ttft, b.E2e, b.Itl, b.Events));
        }

        [Fact]
        public void Throws_when_the_pools_do_not_add_up_to_the_replicas()
        {
            var setup = Split([new TraceRequest(0, 10, 2)]) with { Replicas = 3 };

            var e = Assert.Throws<ArgumentException>(() => ServingSimulation.Run(setup));
            Assert.StartsWith("the pools' 1 + 1 replicas differ from the setup's 3", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Loses_no_request_whatever_the_traffic_pools_and_cache()
        {
            var request = Gen.Select(Gen.Double[0, 5], Gen.Int[1, 3000], Gen.Int[1, 300]).Select((t, i, o) => ServingTestSetup.At(t, i, o));
            Gen.Select(request.Array[1, 40], Gen.Int[1, 3], Gen.Int[1, 3], Gen.Long[30, 3000], Gen.Int[0, 1], Gen.Int[0, 2]).Sample((reqs, prefill, decode, blocks, router, mode) =>
            {
                var sorted = reqs.OrderBy(r => r.ArrivalNanoseconds).ToArray();
                var setup = Split(sorted, prefill, decode, blocks, (RouterKind)router) with
                {
                    Mode = mode == 2 ? LoadMode.Closed : LoadMode.Open,
                    Concurrency = 3,
                };

                var result = ServingSimulation.Run(setup);

                var fits = sorted.Where(r => (r.Input + r.Output + 15) / 16 <= blocks).ToArray();
                Assert.Equal(sorted.Length, result.Arrived);
                Assert.Equal(result.Arrived, result.Completed + result.Rejected + result.Running);
                Assert.Equal((fits.Length, 0L), (result.Completed, result.Running));
                Assert.Equal(fits.Sum(r => (long)r.Output), result.OutputTokens);
                Assert.Equal(fits.Count(r => r.Output > 1), result.Disaggregation!.Transfers);
                Assert.InRange(result.GpuBusy, 0, 1);
                Assert.InRange(result.KvCachePeak, 0, 1);
                Assert.True(result.Ttft.P99 <= result.E2e.P99, $"TTFT p99 {result.Ttft.P99} above E2E p99 {result.E2e.P99}");
            }, iter: 60);
        }
    }

    public sealed class TheLayerwiseTransfer
    {
        [Fact]
        public void Delays_the_first_token_of_a_request_alone_by_its_last_layer_only()
        {
            var result = ServingSimulation.Run(Split([new TraceRequest(0, 1000, 4)], mode: KvTransferMode.Layerwise));

            // 80 layers: each layer's 12.5 kB per token × 1,000 tokens over the 1 GB/s link after its 10 µs = 22.5 µs,
            // shorter than a layer's share of the prefill, so every layer but the last is sent while later layers compute.
            var prefill = ServingTestSetup.Steps.Step(1000, 1, 0, 0, 0);
            var lastLayer = Link.Time(0, 0, new Bytes(1000.0 * 1000 / 80));
            Assert.Equal(Duration.FromNanoseconds(22_500), lastLayer);
            Assert.True(lastLayer.Nanoseconds * 80 < prefill.Nanoseconds, $"a layer's share of the prefill ({prefill.Nanoseconds / 80} ns) is shorter than its transfer");
            Assert.Equal(prefill + lastLayer, result.Ttft.Mean);
            Assert.Equal(Duration.Zero, result.Disaggregation!.TransferWait.Mean);
        }

        [Fact]
        public void Delays_it_by_the_whole_transfer_after_the_prefill()
        {
            var result = ServingSimulation.Run(Split([new TraceRequest(0, 1000, 4)], mode: KvTransferMode.AfterPrefill));

            var prefill = ServingTestSetup.Steps.Step(1000, 1, 0, 0, 0);
            Assert.Equal(prefill + Link.Time(0, 0, new Bytes(1000.0 * 1000)), result.Ttft.Mean);
        }

        [Fact]
        public void Ends_with_the_link_when_the_link_is_slower_than_the_layers()
        {
            // 1 MB/s: each layer's 12.5 kB takes 12.5 ms, longer than a layer's computation; the layers leave back to
            // back from the first layer's end (1/80 of the prefill).
            var slow = new FixedKvTransfer(Duration.Zero, new Bandwidth(1e6));
            var result = ServingSimulation.Run(Split([new TraceRequest(0, 1000, 4)], mode: KvTransferMode.Layerwise, link: slow));

            var prefill = ServingTestSetup.Steps.Step(1000, 1, 0, 0, 0).Nanoseconds;
            var layer = slow.Time(0, 0, new Bytes(1000.0 * 1000 / 80)).Nanoseconds;
            Assert.Equal(12_500_000, layer);
            Assert.Equal(Duration.FromNanoseconds((prefill / 80) + (80 * layer)), result.Ttft.Mean);
        }

        [Fact]
        public void Moves_the_whole_cache_after_the_prefill_when_the_decode_replica_admits_the_request_late()
        {
            // The decode cache holds one request (60 blocks of 16 tokens; each reserves 50): the second waits for the
            // first to end, then moves its whole cache as after the prefill, so both modes give it the same TTFT.
            TraceRequest[] requests = [new(0, 200, 600), new(0, 200, 600)];
            var layerwise = ServingSimulation.Run(Split(requests, kvBlocks: 60, mode: KvTransferMode.Layerwise));
            var after = ServingSimulation.Run(Split(requests, kvBlocks: 60));

            Assert.True(layerwise.Ttft.P50 < after.Ttft.P50, $"first request: {layerwise.Ttft.P50} layer-wise, {after.Ttft.P50} after the prefill");
            Assert.Equal(after.Ttft.P99 - after.E2e.P50, layerwise.Ttft.P99 - layerwise.E2e.P50);
        }
    }

    public sealed class TheDecodeRuns
    {
        private static (ServingResult Result, ServingSimulation.RequestBook Book) Run(ServingSetup setup)
        {
            var result = DisaggregatedSimulation.Run(setup, null, CancellationToken.None, out var book);
            return (result, book);
        }

        [Fact]
        public void Give_every_request_the_timestamps_of_one_event_per_iteration()
        {
            var request = Gen.Select(Gen.Long[0, 20_000_000_000], Gen.Int[1, 3000], Gen.Int[1, 400]).Select((t, i, o) => new TraceRequest(t, i, o));
            Gen.Select(request.Array[1, 40], Gen.Int[1, 3], Gen.Int[1, 3], Gen.Long[40, 2000], Gen.Int[0, 1], Gen.Int[0, 2]).Sample((reqs, prefill, decode, blocks, router, mode) =>
            {
                var sorted = reqs.OrderBy(r => r.ArrivalNanoseconds).ToArray();
                var setup = Split(sorted, prefill, decode, blocks, (RouterKind)router) with
                {
                    Mode = mode == 2 ? LoadMode.Closed : LoadMode.Open,
                    Concurrency = 3,
                    TimelineReplicas = prefill + decode,
                };

                var (runs, a) = Run(setup);
                var (single, b) = Run(setup with { SingleSteps = true });

                Assert.Equal(b.Arrived, a.Arrived);
                Assert.Equal(b.FirstScheduled, a.FirstScheduled);
                Assert.Equal(b.FirstToken, a.FirstToken);
                Assert.Equal(b.LastToken, a.LastToken);
                Assert.Equal(b.Finished, a.Finished);
                Assert.Equal(b.Generated, a.Generated);
                Assert.Equal(b.State, a.State);

                // Everything but the event count, to the last bit (ITL histogram, busy shares, KV use, energy, transfers).
                Assert.Equal(ReportJson.Serialize(ServeReport.Json(single with { Events = 0 }, 0)), ReportJson.Serialize(ServeReport.Json(runs with { Events = 0 }, 0)));
                Assert.Equal(single.Timeline, runs.Timeline);
                Assert.True(runs.Events <= single.Events, $"{runs.Events} events with runs, {single.Events} without");
            }, iter: 60);
        }

        [Fact]
        public void Cover_the_decode_iterations_of_a_request_alone_with_one_event()
        {
            var (runs, _) = Run(Split([new TraceRequest(0, 1000, 200)]));
            var (single, _) = Run(Split([new TraceRequest(0, 1000, 200)]) with { SingleSteps = true });

            // One request: arrival, kick, prefill end, transfer end, kick, then 199 decode iterations as one run.
            Assert.Equal(1 + 1 + 1 + 1 + 1 + 1, runs.Events);
            Assert.Equal(1 + 1 + 1 + 1 + 1 + 199, single.Events);
            Assert.Equal(single.E2e, runs.E2e);
            Assert.Equal(200L, runs.Iterations);
        }

        [Fact]
        public void End_a_run_with_the_iteration_in_flight_when_a_KV_cache_arrives()
        {
            // The second request's KV arrives while the first decodes a long run; it joins the next iteration.
            TraceRequest[] requests = [new(0, 100, 300), new(1_000_000_000, 100, 20)];
            var (runs, a) = Run(Split(requests));
            var (_, b) = Run(Split(requests) with { SingleSteps = true });

            Assert.Equal(b.FirstToken, a.FirstToken);
            Assert.Equal(b.Finished, a.Finished);
            Assert.True(a.Finished[1] < a.Finished[0], "the short request ended after the long one");
            Assert.Equal((2L, 0L), (runs.Completed, runs.Running));
        }
    }
}
