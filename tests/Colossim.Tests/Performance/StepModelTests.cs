using Colossim.Catalog;
using Colossim.Performance;
using Colossim.Units;

namespace Colossim.Tests.Performance;

public sealed class StepModelTests
{
    private static StepModel Llama8b(int tp = 1) => new(ColossimCatalog.BuiltIn.Models["llama3-8b"], KernelModel.For(KernelModelTests.H200, ColossimCatalog.BuiltIn), new Sharding { Tp = tp });

    public sealed class ThePredictMethod
    {
        [Fact]
        public void Makes_a_decode_step_slower_with_a_longer_context()
        {
            var model = Llama8b();

            var shortContext = model.Predict(new StepRequest { Phase = StepPhase.Decode, Batch = 64, Context = 1024 });
            var longContext = model.Predict(new StepRequest { Phase = StepPhase.Decode, Batch = 64, Context = 8192 });

            Assert.True(longContext.Time > shortContext.Time * 1.5);
            Assert.True(longContext.AttentionTime > shortContext.AttentionTime * 6);
        }

        [Fact]
        public void Adds_up_its_breakdown()
        {
            var p = Llama8b().Predict(new StepRequest { Phase = StepPhase.Prefill, Batch = 1, SeqLen = 16 });

            Assert.Equal(p.Time, p.GemmTime + p.AttentionTime + p.OtherTime + p.LaunchTime + p.CommunicationTime); // exact, to the nanosecond
            Assert.Equal(p.GpuTime, p.GemmTime + p.AttentionTime + p.OtherTime);
            Assert.True(p.LaunchTime > Duration.Zero, "a short eager prefill is bound by host launches");
        }

        [Fact]
        public void Charges_a_cuda_graph_step_the_per_kernel_cost_of_its_graph_size()
        {
            var model = Llama8b();

            var graphed = model.Predict(new StepRequest { Phase = StepPhase.Decode, Batch = 1, Context = 2048, CudaGraph = true });
            var eager = model.Predict(new StepRequest { Phase = StepPhase.Decode, Batch = 1, Context = 2048, CudaGraph = false });

            var k = model.Kernels;
            var extra = graphed.Kernels * (k.GraphKernelSeconds(graphed.Kernels) - k.GraphKernelSeconds(KernelModel.CalibrationGraphKernels));
            Assert.True(extra > 0, "a step's graph holds more kernels than the calibration's graphs");
            Assert.Equal(extra, (graphed.OtherTime - eager.OtherTime).TotalSeconds, 1e-8); // the parts are rounded to whole nanoseconds
            Assert.Equal(eager.GemmTime, graphed.GemmTime);
        }

        [Fact]
        public void Costs_more_with_recomputation()
        {
            var model = Llama8b();
            var plain = model.Predict(new StepRequest { Phase = StepPhase.Train, Batch = 1, SeqLen = 4096, Layers = 2 });
            var recompute = model.Predict(new StepRequest { Phase = StepPhase.Train, Batch = 1, SeqLen = 4096, Layers = 2, Recompute = true });

            Assert.InRange(recompute.Time / plain.Time, 1.1, 1.6);
        }

        [Fact]
        public void Asks_the_communication_seam_for_tensor_parallel_all_reduces_over_the_tensor_group()
        {
            var comm = new FixedCommunication();
            var model = new StepModel(ColossimCatalog.BuiltIn.Models["llama3-8b"], KernelModelTests.H200Model, new Sharding { Tp = 2 }, comm);

            var p = model.Predict(new StepRequest { Phase = StepPhase.Decode, Batch = 8, Context = 2048 });

            Assert.Equal(2, comm.Calls.Count); // two all-reduces per layer, computed once for identical layers
            Assert.All(comm.Calls, c => Assert.Equal((Collective.AllReduce, 2 * 8 * 4096.0, 2, 2), (c.Collective, c.Bytes.Value, c.Group.Ranks, c.Group.RanksPerScaleUpDomain)));
            Assert.Equal(Duration.FromMicroseconds(64 * 10), p.CommunicationTime); // 32 layers x 2 x 10 us, exact
        }

        [Fact]
        public void Asks_for_two_all_to_alls_per_moe_layer_under_expert_parallelism()
        {
            var comm = new FixedCommunication();
            var model = new StepModel(ColossimCatalog.BuiltIn.Models["mixtral-8x7b"], KernelModelTests.H200Model, new Sharding { Ep = 2 }, comm);

            var p = model.Predict(new StepRequest { Phase = StepPhase.Decode, Batch = 8, Context = 2048 });

            var call = Assert.Single(comm.Calls);
            Assert.Equal((Collective.AllToAll, 2 * 8 * 2 * 4096.0, 2), (call.Collective, call.Bytes.Value, call.Group.Ranks));
            Assert.Equal(Duration.FromMicroseconds(32 * 2 * 10), p.CommunicationTime);
        }

        [Fact]
        public void Takes_no_communication_time_by_default()
        {
            var p = Llama8b(tp: 8).Predict(new StepRequest { Phase = StepPhase.Decode, Batch = 8, Context = 2048 });

            Assert.Equal(Duration.Zero, p.CommunicationTime);
        }

        [Fact]
        public void Runs_an_fp4_step_on_a_b200_faster_than_bf16_and_labels_it_by_the_fp4_ridge()
        {
            var b200 = KernelModel.For(ColossimCatalog.BuiltIn.Gpus["b200"], ColossimCatalog.BuiltIn);
            var model = new StepModel(ColossimCatalog.BuiltIn.Models["llama3-70b"], b200);
            var decode = new StepRequest { Phase = StepPhase.Decode, Batch = 64, Context = 2048 };
            var prefill = new StepRequest { Phase = StepPhase.Prefill, Batch = 1, SeqLen = 8192 };

            var (bf16, fp8, fp4) = (model.Predict(decode), model.Predict(decode with { Dtype = DataType.Fp8 }), model.Predict(decode with { Dtype = DataType.Fp4 }));

            Assert.True(fp4.Time < fp8.Time && fp8.Time < bf16.Time, $"bf16 {bf16.Time}, fp8 {fp8.Time}, fp4 {fp4.Time}");
            Assert.False(fp4.ComputeBound, "a batch-64 decode is memory-bound at fp4 as at bf16");
            Assert.True(model.Predict(prefill with { Dtype = DataType.Fp4 }).Time < model.Predict(prefill).Time);
        }

        [Fact]
        public void Reports_a_step_beyond_what_a_duration_holds()
        {
            var gpu = ColossimCatalog.BuiltIn.Gpus["b200"] with { Id = "absurd", DenseBf16 = new FlopRate(1), DenseFp8 = null, DenseFp4 = null };
            var model = new StepModel(ColossimCatalog.BuiltIn.Models["llama3-8b"], KernelModel.For(gpu, ColossimCatalog.BuiltIn));

            var e = Assert.Throws<StepOutOfRangeException>(() => model.Predict(new StepRequest { Phase = StepPhase.Prefill, Batch = 1, SeqLen = 8192 }));

            Assert.True(e.Seconds > 2e9, $"{e.Seconds} s");
        }

        [Theory]
        [InlineData(double.NaN)]
        [InlineData(0.5)]
        [InlineData(4.01)]
        public void Throws_for_a_hot_expert_load_outside_1_to_experts_over_top_k(double load)
        {
            var model = new StepModel(ColossimCatalog.BuiltIn.Models["mixtral-8x7b"], KernelModelTests.H200Model);

            Assert.Throws<ArgumentOutOfRangeException>(() => model.Predict(new StepRequest { Phase = StepPhase.Decode, Batch = 8, Context = 128, HotExpertLoad = load }));
        }

        [Fact]
        public void Bounds_the_hot_expert_load_of_mixtral_by_8_experts_over_top_2() =>
            Assert.Equal(4.0, StepModel.MaxHotExpertLoad(ColossimCatalog.BuiltIn.Models["mixtral-8x7b"]), 1e-12);

        private sealed class FixedCommunication : ICommunication
        {
            public List<(Collective Collective, Bytes Bytes, CommGroup Group)> Calls { get; } = [];

            public Duration Time(Collective collective, Bytes perRank, CommGroup group)
            {
                Calls.Add((collective, perRank, group));
                return Duration.FromMicroseconds(10);
            }
        }
    }

    public sealed class ThePredictMethodOnLatentAttention
    {
        private static readonly ModelSpec DeepSeek = ColossimCatalog.BuiltIn.Models["deepseek-v3"];

        [Fact]
        public void Times_decode_attention_as_the_absorbed_kernel_over_the_latent_cache()
        {
            var model = new StepModel(DeepSeek, KernelModelTests.H200Model);

            var p = model.Predict(new StepRequest { Phase = StepPhase.Decode, Batch = 8, Context = 1000, Layers = 1 });

            var absorbed = model.Kernels.AttentionDecodeLatent(8, 8000, 128, 512, 64, 2);
            var fullHeads = model.Kernels.AttentionDecode(8, 8000, 128, 128, 128);
            Assert.Equal(absorbed.Seconds, p.AttentionTime.TotalSeconds, 1e-9); // to the nanosecond rounding
            Assert.True(fullHeads.Seconds > 5 * absorbed.Seconds, $"{fullHeads.Seconds} vs {absorbed.Seconds}");
        }

        [Fact]
        public void Counts_the_absorbed_projections_of_a_dense_decode_layer_by_hand()
        {
            var model = new StepModel(DeepSeek, KernelModelTests.H200Model);

            var p = model.Predict(new StepRequest { Phase = StepPhase.Decode, Batch = 8, Context = 1000, Layers = 1 });

            // Layer 1 of DeepSeek-V3 is dense. Per token: q down 7168→1536, q up 1536→128×192, kv down 7168→576, W_UK
            // 128 heads × 128→512, W_UV 128 heads × 512→128, output 128×128→7168, SwiGLU MLP 3 × 7168 × 18432, LM head
            // 7168 × 129280; attention 128 heads × 8,000 cached tokens × 2 × (576 + 512).
            const double B = 8;
            var projections = (7168.0 * 1536) + (1536.0 * 128 * 192) + (7168.0 * 576) + (128.0 * 128 * 512) + (128.0 * 512 * 128) + (128.0 * 128 * 7168);
            var mlp = 3.0 * 7168 * 18432;
            var head = 7168.0 * 129280;
            var attention = 2.0 * 128 * 8000 * (576 + 512);
            var expected = (2 * B * (projections + mlp + head)) + attention;
            Assert.Equal(expected, p.Flops.Value, expected * 1e-12);
        }

        [Fact]
        public void Times_the_decode_tokens_of_a_chunked_prefill_step_in_the_absorbed_form()
        {
            var model = new StepModel(DeepSeek, KernelModelTests.H200Model);

            var p = model.Predict(new StepRequest { Phase = StepPhase.Mixed, Chunk = 256, Batch = 8, Context = 1000, Layers = 1 });

            var k = model.Kernels;
            var expected = k.AttentionPrefill(1, 256, 0, 128, 128, 128).Seconds + k.AttentionDecodeLatent(8, 8000, 128, 512, 64, 2).Seconds;
            Assert.Equal(expected, p.AttentionTime.TotalSeconds, 1e-9);
        }

        [Fact]
        public void Keeps_prefill_attention_over_the_full_heads()
        {
            var model = new StepModel(DeepSeek, KernelModelTests.H200Model);

            var p = model.Predict(new StepRequest { Phase = StepPhase.Prefill, Batch = 1, SeqLen = 512, Layers = 1 });

            Assert.Equal(model.Kernels.AttentionPrefill(1, 512, 0, 128, 128, 128).Seconds, p.AttentionTime.TotalSeconds, 1e-9);
        }

        [Fact]
        public void Leaves_a_dense_models_decode_attention_unchanged()
        {
            var model = Llama8b();

            var p = model.Predict(new StepRequest { Phase = StepPhase.Decode, Batch = 8, Context = 1000, Layers = 1 });

            Assert.Equal(model.Kernels.AttentionDecode(8, 8000, 32, 8, 128).Seconds, p.AttentionTime.TotalSeconds, 1e-9);
        }
    }

    public sealed class TheMemoryMethod
    {
        [Fact]
        public void Counts_the_kv_cache_per_token()
        {
            var memory = Llama8b().Memory(new StepRequest { Phase = StepPhase.Decode, Batch = 1, Context = 2047 });

            // 32 layers x (K and V) x 8 KV heads x 128 x 2 bytes.
            Assert.Equal(32 * 2 * 8 * 128 * 2, memory.KvCachePerToken.Value, 1e-6);
            Assert.Equal(2048 * memory.KvCachePerToken.Value, memory.KvCache.Value, 1e-3);
            Assert.Equal(8.03e9 * 2, memory.Weights.Value, 0.02e9 * 2);
        }

        [Fact]
        public void Adds_optimizer_states_for_training()
        {
            var memory = Llama8b().Memory(new StepRequest { Phase = StepPhase.Train, Batch = 1, SeqLen = 4096 });

            Assert.Equal(memory.Weights.Value / 2 * 14, memory.OptimizerStates.Value, 1e3);
        }

        [Fact]
        public void Holds_experts_over_ep_each_split_over_tp()
        {
            var mixtral = ColossimCatalog.BuiltIn.Models["mixtral-8x7b"];
            Bytes Weights(int tp, int ep) => new StepModel(mixtral, KernelModelTests.H200Model, new Sharding { Tp = tp, Ep = ep })
                .Memory(new StepRequest { Phase = StepPhase.Decode, Batch = 1, Context = 1 }).Weights;

            // Mixtral: 32 layers; attention 4096 x (4096 + 2 x 1024) + 4096 x 4096 = 41.9M; 8 experts of 3 x 4096 x 14336 = 176.2M;
            // embeddings 2 x 32000 x 4096 = 262.1M; the router is not counted. bf16: 2 bytes per parameter.
            const double attention = 32 * 41_943_040.0, expert = 32 * 176_160_768.0, embed = 262_144_000.0;
            Assert.Equal(2 * (attention + (8 * expert) + embed) / 2, Weights(2, 1).Value, 1e3); // tp 2: everything halved
            Assert.Equal(2 * (((attention + embed) / 2) + (4 * expert / 2)), Weights(2, 2).Value, 1e3); // ep 2: 4 experts, each halved
            Assert.Equal(2 * (attention + embed + expert), Weights(1, 8).Value, 1e3); // ep 8: one whole expert per GPU
            Assert.True(Weights(2, 2) < Weights(2, 1));
        }

        [Fact]
        public void Makes_tp_2_ep_2_no_slower_than_tp_2()
        {
            var mixtral = ColossimCatalog.BuiltIn.Models["mixtral-8x7b"];
            var decode = new StepRequest { Phase = StepPhase.Decode, Batch = 32, Context = 1024 };
            var tp2 = new StepModel(mixtral, KernelModelTests.H200Model, new Sharding { Tp = 2 }).Predict(decode);
            var tp2ep2 = new StepModel(mixtral, KernelModelTests.H200Model, new Sharding { Tp = 2, Ep = 2 }).Predict(decode);

            Assert.True(tp2ep2.Time <= tp2.Time, $"tp 2 ep 2 {tp2ep2.Time} vs tp 2 {tp2.Time}");
        }

        [Fact]
        public void Stores_fp4_weights_in_half_a_byte_plus_a_scale_per_16()
        {
            var model = Llama8b();
            var bf16 = model.Memory(new StepRequest { Phase = StepPhase.Decode, Batch = 1, Context = 1 }).Weights;
            var fp4 = model.Memory(new StepRequest { Phase = StepPhase.Decode, Batch = 1, Context = 1, Dtype = DataType.Fp4 }).Weights;

            Assert.Equal(bf16.Value * (0.5 + (1.0 / 16)) / 2, fp4.Value, 1e-3);
        }
    }
}
