using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Performance;
using Colossim.Scenarios;
using Colossim.Serving;
using Colossim.Units;
using static Colossim.Tests.Scenarios.ScenarioFiles;

namespace Colossim.Tests.Serving;

/// <summary><c>serve --ep</c>: expert parallelism in a serving replica (ServeRequest, StepTimeTable, the scenario's <c>ep</c> key).</summary>
public sealed class ExpertParallelServingTests
{
    private static readonly ServeRequest Mixtral = new()
    {
        Model = "mixtral-8x7b",
        Gpu = "h200-sxm",
        Gpus = 2,
        Rate = 2,
        InputLen = 200,
        OutputLen = 20,
        Requests = 20,
    };

    private static ServingSetup Resolve(ServeRequest request)
    {
        var problems = new Problems();
        var setup = request.Resolve(ColossimCatalog.BuiltIn, problems);
        Assert.Empty(problems);
        return setup!;
    }

    public sealed class TheResolveMethod
    {
        [Fact]
        public void Shrinks_the_weights_per_GPU_and_grows_the_KV_cache_by_hand_arithmetic()
        {
            var alone = Resolve(Mixtral);
            var split = Resolve(Mixtral with { Ep = 2 });

            // Mixtral-8x7B in bf16: attention 4,096 × (4,096 + 2 × 1,024 + 4,096) = 41,943,040 parameters per layer; one
            // expert 3 × 4,096 × 14,336 = 176,160,768; untied embeddings 2 × 32,000 × 4,096 = 262,144,000.
            // ep 1: 32 × (41,943,040 + 8 × 176,160,768) + 262,144,000 = 46,701,477,888 parameters = 93,402,955,776 bytes.
            // ep 2: 32 × (41,943,040 + 4 × 176,160,768) + 262,144,000 = 24,152,899,584 parameters = 48,305,799,168 bytes.
            Assert.Equal(93_402_955_776, alone.Deployment!.WeightsPerGpu.Value, 1.0);
            Assert.Equal(48_305_799_168, split.Deployment!.WeightsPerGpu.Value, 1.0);

            // KV blocks of one rank: (141 GB × 0.9 − weights − activations) ÷ (16 tokens × 131,072 bytes), the activations
            // (256 + 8,192) tokens × 2 × 2 × 28,672 × 2 bytes = 1,937,768,448 bytes, a token's KV 32 × 2 × 8 × 128 × 2 bytes.
            // ep 1: 31,559,275,776 / 2,097,152 = 15,048.6; ep 2: 76,656,432,384 / 2,097,152 = 36,552.6 per rank, two ranks.
            Assert.Equal((15_048L, 2, 1), (alone.Engine.KvBlocks, alone.Replicas, alone.GpusPerReplica));
            Assert.Equal((73_104L, 1, 2), (split.Engine.KvBlocks, split.Replicas, split.GpusPerReplica));
        }

        [Fact]
        public void Gives_the_replica_every_ranks_batch_and_token_budget()
        {
            var split = Resolve(Mixtral with { Ep = 2, MaxBatch = 64, TokenBudget = 2048 });

            Assert.Equal((128, 4096, 2, 2), (split.Engine.MaxBatch, split.Engine.TokenBudget, split.Engine.Steps.AttentionRanks, split.Deployment!.Ep));
        }

        [Fact]
        public void Times_an_expert_parallel_step_with_its_all_to_all_over_the_fabric()
        {
            var catalog = ColossimCatalog.BuiltIn;
            var gpu = catalog.Gpus["h200-sxm"];
            var fast = Resolve(Mixtral with { Ep = 2, GpuSpec = gpu });
            var slow = Resolve(Mixtral with { Ep = 2, GpuSpec = gpu with { ScaleUpBandwidth = gpu.ScaleUpBandwidth / 10 } });

            var decode = fast.StepModel!.Predict(new StepRequest { Phase = StepPhase.Decode, Batch = 64, Context = 512, Implementation = Implementation.Engine });
            var slowDecode = slow.StepModel!.Predict(new StepRequest { Phase = StepPhase.Decode, Batch = 64, Context = 512, Implementation = Implementation.Engine });

            // Two all-to-alls per MoE layer, nothing else to communicate at tp 1; a tenth of the NVLink bandwidth makes them longer.
            Assert.True(decode.CommunicationTime > Duration.Zero, "no all-to-all");
            Assert.True(slowDecode.CommunicationTime > decode.CommunicationTime * 1.2, $"{slowDecode.CommunicationTime} against {decode.CommunicationTime}");
            Assert.True(slow.Engine.Steps.Step(0, 0, 0, 128, 512) > fast.Engine.Steps.Step(0, 0, 0, 128, 512), "the slower fabric does not slow the iteration");
            Assert.Equal(Duration.Zero, Resolve(Mixtral).StepModel!.Predict(new StepRequest { Phase = StepPhase.Decode, Batch = 64, Context = 512 }).CommunicationTime);
        }

        [Fact]
        public void Refuses_the_layouts_the_step_model_refuses_with_its_messages()
        {
            string Errors(ServeRequest r)
            {
                var problems = new Problems();
                Assert.Null(r.Resolve(ColossimCatalog.BuiltIn, problems));
                return string.Join("\n", problems.Select(p => p.ToString()));
            }

            Assert.Equal("--ep: expected 1 for llama3-8b, a dense model, found 2", Errors(Mixtral with { Model = "llama3-8b", Ep = 2 }));
            Assert.Equal("--ep: expected a divisor of the 8 experts of mixtral-8x7b, found 3", Errors(Mixtral with { Ep = 3, Gpus = 3 }));
            Assert.Equal("--gpus: expected a multiple of --tp × --ep × --pp = 4 (whole replicas), found 2", Errors(Mixtral with { Ep = 4 }));
        }

        [Fact]
        public void Runs_Grok_1_at_ep_8_end_to_end()
        {
            var setup = Resolve(new ServeRequest { Model = "grok-1", Gpu = "h200-sxm", Gpus = 8, Ep = 8, Rate = 2, InputLen = 300, OutputLen = 30, Requests = 30 });

            var result = ServingSimulation.Run(setup);

            Assert.Equal((1, 8, 30L, 30L), (setup.Replicas, setup.GpusPerReplica, result.Arrived, result.Completed));
            Assert.True(result.Ttft.P50 > Duration.Zero && result.Tpot.P50 > Duration.Zero, "no latencies");
        }

        [Fact]
        public void Makes_a_hot_expert_slow_the_iteration()
        {
            var balanced = Resolve(Mixtral with { Ep = 2 });
            var hot = Resolve(Mixtral with { Ep = 2, HotExpertLoad = 4 });

            Assert.True(hot.Engine.Steps.Step(4096, 2, 0, 64, 512) > balanced.Engine.Steps.Step(4096, 2, 0, 64, 512) * 1.2, "a hot expert changed little");
        }
    }

    public sealed class TheStepTimeTable
    {
        [Fact]
        public void Times_a_replica_iteration_as_one_ranks_even_share()
        {
            var split = Resolve(Mixtral with { Ep = 2 });
            var rank = StepTimeTable.Build(split.StepModel!, DataType.Bf16, 8192, 256, 220);

            // Two ranks: 64 decodes and 1,000 prompt tokens of 2 chunks are 32 decodes and 500 tokens of one chunk on each.
            Assert.Equal(rank.Step(0, 0, 0, 32, 100), split.Engine.Steps.Step(0, 0, 0, 64, 100));
            Assert.Equal(rank.Step(0, 0, 0, 33, 100), split.Engine.Steps.Step(0, 0, 0, 65, 100));
            Assert.Equal(rank.Step(500, 1, 0, 32, 100), split.Engine.Steps.Step(1000, 2, 0, 64, 100));
            Assert.Equal(rank.PrefillStep(1, 150), split.Engine.Steps.PrefillStep(1, 300));
        }
    }

    public sealed class TheScenarioServingSection
    {
        private const string Small = """
            name: s
            seed: 7
            sites: [ { name: a, gpus: { type: h200-sxm, count: 8 } } ]
            workloads:
              serving:
                - name: chat
                  model: mixtral-8x7b
                  gpus: 4
                  traffic: { rate: 2, lengths: { input: 200, output: 20 } }
                  ep: 2
            """;

        [Fact]
        public void Serves_replicas_of_tp_times_ep_GPUs()
        {
            var result = ScenarioLoader.Parse(Small, ColossimCatalog.BuiltIn);
            Assert.Empty(Messages(result));

            var sim = ScenarioRunner.Run(result.Scenario!).Serving[0].Simulation!;

            Assert.Equal((2, 1, 2, 4L), (sim.Ep, sim.Tp, sim.Result.Setup.Replicas, sim.Gpus));
            Assert.Equal(sim.Result.Arrived, sim.Result.Completed);
        }

        [Theory]
        [InlineData("mixtral-8x7b", "ep: 3", "line 10: workloads.serving[0].ep: expected a divisor of the 8 experts of mixtral-8x7b, found 3")]
        [InlineData("llama3-8b", "ep: 2", "line 10: workloads.serving[0].ep: expected 1 for llama3-8b, a dense model, found 2")]
        [InlineData("mixtral-8x7b", "ep: 0", "line 10: workloads.serving[0].ep: expected a whole number between 1 and 1,024, found '0'")]
        public void Refuses_the_layouts_serve_refuses(string model, string ep, string message)
        {
            var result = ScenarioLoader.Parse(Small.Replace("model: mixtral-8x7b", "model: " + model, StringComparison.Ordinal).Replace("ep: 2", ep, StringComparison.Ordinal), ColossimCatalog.BuiltIn);

            Assert.Equal([message], Messages(result));
        }
    }
}
