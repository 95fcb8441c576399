using Colossim.Training;
using static Colossim.Tests.Training.TrainingFixtures;

namespace Colossim.Tests.Training;

public sealed class TrainingStepModelTests
{
    public sealed class TheStageLayersMethod
    {
        [Fact]
        public void Gives_the_first_and_last_stages_one_layer_fewer_when_the_layers_do_not_divide()
        {
            // Llama 3 405B: 126 layers over 16 stages, one fewer on the first and last (arXiv:2407.21783 §3.3.2).
            var layers = TrainingStepModel.StageLayers(126, 16);

            Assert.Equal([7, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 7], layers);
        }

        [Theory]
        [InlineData(32, 4, new[] { 8, 8, 8, 8 })]
        [InlineData(10, 4, new[] { 2, 3, 3, 2 })]
        [InlineData(7, 2, new[] { 3, 4 })]
        [InlineData(11, 4, new[] { 2, 3, 3, 3 })]
        public void Splits_the_layers_as_evenly_as_possible(int total, int pp, int[] expected)
        {
            Assert.Equal(expected, TrainingStepModel.StageLayers(total, pp));
        }
    }

    public sealed class TheBubbleFractionMethod
    {
        [Theory]
        [InlineData(4, 1, 8, 3.0 / 8)]
        [InlineData(16, 1, 32, 15.0 / 32)]
        [InlineData(16, 4, 32, 15.0 / 128)]
        [InlineData(1, 1, 1, 0)]
        public void Is_pp_minus_one_over_vpp_times_the_micro_batches(int pp, int vpp, long m, double expected)
        {
            Assert.Equal(expected, TrainingStepModel.BubbleFraction(pp, vpp, m), 12);
        }
    }

    public sealed class TheMemoryMethod
    {
        private static readonly TrainingJob Job = TrainingFixtures.Job(Tiny, "h100-sxm", 8, 128, 128L * 64);

        [Fact]
        public void Counts_a_tiny_model_as_by_hand()
        {
            // Parameters: per layer attention 4 × 64 × 64 = 16,384 plus two norms of 64 = 16,512; SwiGLU 3 × 64 × 256 =
            // 49,152; two layers 131,328; embedding and LM head 2 × 1,000 × 64 = 128,000: 259,328 on one GPU.
            // Activations per token per layer (bf16): norm inputs and outputs 4 × 2 × 64 = 512; Q, K, V 2 × 192 = 384 and
            // the attention output 2 × 64 = 128; gate, up and SiLU-mul outputs 2 × 3 × 256 = 1,536: 2,560 bytes; over 2
            // layers and a micro-batch of 1 × 128 tokens: 655,360; the logits 128 × 1,000 × 10 = 1,280,000.
            var layout = new ParallelLayout { Dp = 8, Zero = ZeroStage.None, SequenceParallel = false };

            var memory = Steps(Job).Memory(layout);

            Assert.Equal(2.0 * 259_328, memory.Weights.Value, 6);
            Assert.Equal(4.0 * 259_328, memory.Gradients.Value, 6);
            Assert.Equal(12.0 * 259_328, memory.OptimizerStates.Value, 6);
            Assert.Equal(655_360 + 1_280_000, memory.Activations.Value, 6);
            Assert.Equal((1.0, 0), (memory.InFlightMicroBatches, memory.Stage));
        }

        [Theory]
        [InlineData(ZeroStage.None, 2, 4, 12)]
        [InlineData(ZeroStage.Optimizer, 2, 4, 12 / 8.0)]
        [InlineData(ZeroStage.Gradients, 2, 4 / 8.0, 12 / 8.0)]
        public void Shards_the_training_state_over_the_data_parallel_ranks_by_zero_stage(ZeroStage zero, double weights, double grads, double optimizer)
        {
            var memory = Steps(Job).Memory(new ParallelLayout { Dp = 8, Zero = zero });

            Assert.Equal((weights * 259_328, grads * 259_328, optimizer * 259_328), (memory.Weights.Value, memory.Gradients.Value, memory.OptimizerStates.Value));
        }

        [Fact]
        public void Keeps_only_each_layers_input_under_full_recomputation_plus_one_layers_working_set()
        {
            var memory = Steps(Job).Memory(new ParallelLayout { Dp = 8, Recompute = Recomputation.Full });

            // 2 × 64 bytes per token per layer kept, 2 layers, 128 tokens; one layer's full 2,560 bytes per token; the logits.
            Assert.Equal((128.0 * 2 * 128) + (2_560.0 * 128) + 1_280_000, memory.Activations.Value, 6);
        }

        [Fact]
        public void Holds_pp_micro_batches_on_the_first_stage_of_a_1f1b_pipeline_and_more_when_interleaved()
        {
            var job = TrainingFixtures.Job(Model("llama3-8b"), "h100-sxm", 64, 4096, 4096L * 256);
            var steps = Steps(job);

            var plain = steps.Memory(new ParallelLayout { Tp = 2, Pp = 4, Dp = 8 });
            var interleaved = steps.Memory(new ParallelLayout { Tp = 2, Pp = 4, Dp = 8, Vpp = 2 });

            Assert.Equal((4.0, 0), (plain.InFlightMicroBatches, plain.Stage));
            Assert.Equal(4 * (1 + (3 / 8.0)), interleaved.InFlightMicroBatches, 12);
        }

        [Fact]
        public void Reports_a_layout_that_does_not_fit_with_its_numbers()
        {
            // Llama 3 405B with no ZeRO: 12 bytes of optimizer state per parameter on every data-parallel rank.
            var job = TrainingFixtures.Job(Model("llama3-405b"), "h100-sxm", 8192, 8192, 16L << 20);

            var memory = Steps(job).Memory(new ParallelLayout { Tp = 8, Pp = 16, Dp = 64 });

            Assert.False(memory.Fits);
            Assert.True(memory.Headroom.Value < 0);
            Assert.True(memory.OptimizerStates.Gibibytes > 30, $"optimizer states {memory.OptimizerStates.Gibibytes:0.0} GiB");
        }
    }

    public sealed class TheEvaluateMethod
    {
        [Fact]
        public void Adds_up_the_pipeline_the_bubble_the_exposed_data_parallel_traffic_and_the_optimizer()
        {
            var job = TrainingFixtures.Job(Model("llama3-8b"), "h100-sxm", 64, 4096, 4096L * 256);
            var step = Steps(job).Evaluate(new ParallelLayout { Tp = 2, Pp = 4, Dp = 8, Vpp = 2, Zero = ZeroStage.Optimizer });

            Assert.Equal(32, step.MicroBatches);
            var parts = step.ComputeTime + step.BubbleTime + step.ExposedDataParallel + step.OptimizerTime;
            Assert.Equal(step.Time.TotalSeconds, parts.TotalSeconds, 6); // nanosecond rounding of four parts
            Assert.Equal(step.StageTime.TotalSeconds * 32, step.ComputeTime.TotalSeconds, 6);

            // The stages here are 8 layers each, the last with the LM head, so the mean stage is a little shorter than the slowest.
            var bubbleOverIdeal = step.BubbleTime / step.ComputeTime;
            Assert.InRange(bubbleOverIdeal, 0.8 * TrainingStepModel.BubbleFraction(4, 2, 32), TrainingStepModel.BubbleFraction(4, 2, 32));
        }

        [Fact]
        public void Measures_model_flops_by_six_n_plus_attention_and_mfu_against_the_dense_peak()
        {
            var job = TrainingFixtures.Job(Tiny, "h100-sxm", 8, 128, 128L * 64);
            var step = Steps(job).Evaluate(new ParallelLayout { Dp = 8 });

            // 6 × (259,328 + 2 × 64 final norm − 64,000 embedding) + 12 × 2 layers × 128 × 64 = 1,368,960 FLOPs per token.
            Assert.Equal(1_368_960, job.ModelFlopsPerToken(), 6);
            Assert.Equal(1_368_960.0 * 128 * 64, step.ModelFlops.Value, 1);
            Assert.Equal(step.ModelFlopRatePerGpu.FlopsPerSecond / 989e12, step.Mfu, 12);
            Assert.Equal(128.0 * 64 / step.Time.TotalSeconds, step.TokensPerSecond, 1e-6 * step.TokensPerSecond); // the step time is rounded to 1 ns
        }

        [Fact]
        public void Is_faster_without_recomputation_than_with_selective_and_full()
        {
            var job = TrainingFixtures.Job(Model("llama3-8b"), "h100-sxm", 8, 4096, 4096L * 64);
            var steps = Steps(job);
            double Time(Recomputation r) => steps.Evaluate(new ParallelLayout { Tp = 8, Recompute = r }).Time.TotalSeconds;

            Assert.True(Time(Recomputation.None) < Time(Recomputation.Selective));
            Assert.True(Time(Recomputation.Selective) < Time(Recomputation.Full));
        }

        [Fact]
        public void Takes_longer_and_keeps_five_bytes_per_score_when_attention_is_materialised()
        {
            // GPT 1.7B shape on 8 A100s, sequences of 2,048, no recomputation: 24 heads × 2,048 keys × 5 bytes more per token per layer.
            var flash = TrainingFixtures.Job(Model("megatron-gpt-1.7b"), "a100-sxm-80gb", 8, 2048, 2048L * 8);
            var materialised = flash with { Attention = AttentionKernel.Materialized };
            var layout = new ParallelLayout { Dp = 8 };

            var (a, b) = (Steps(flash).Evaluate(layout), Steps(materialised).Evaluate(layout));

            Assert.True(b.Time > a.Time * 1.1, $"{b.Time.TotalSeconds} s against {a.Time.TotalSeconds} s");
            Assert.Equal(5.0 * 24 * 2048 * 2048 * 24, (b.Memory.Activations - a.Memory.Activations).Value, 1);
        }

        [Fact]
        public void Refuses_a_layout_that_does_not_divide_the_batch()
        {
            var job = TrainingFixtures.Job(Tiny, "h100-sxm", 8, 128, 128L * 12);

            Assert.Throws<ArgumentException>(() => Steps(job).Evaluate(new ParallelLayout { Dp = 8 }));
        }
    }
}
