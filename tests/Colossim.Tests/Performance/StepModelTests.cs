using Colossim.Catalog;
using Colossim.Performance;

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

            Assert.True(longContext.Seconds > shortContext.Seconds * 1.5);
            Assert.True(longContext.AttentionSeconds > shortContext.AttentionSeconds * 6);
        }

        [Fact]
        public void Adds_up_its_breakdown()
        {
            var p = Llama8b().Predict(new StepRequest { Phase = StepPhase.Prefill, Batch = 1, SeqLen = 128 });

            Assert.Equal(p.Seconds, p.GemmSeconds + p.AttentionSeconds + p.OtherSeconds + p.LaunchSeconds + p.CommunicationSeconds, 1e-12);
            Assert.True(p.LaunchSeconds > 0, "a short eager prefill is bound by host launches");
        }

        [Fact]
        public void Costs_more_with_recomputation()
        {
            var model = Llama8b();
            var plain = model.Predict(new StepRequest { Phase = StepPhase.Train, Batch = 1, SeqLen = 4096, Layers = 2 });
            var recompute = model.Predict(new StepRequest { Phase = StepPhase.Train, Batch = 1, SeqLen = 4096, Layers = 2, Recompute = true });

            Assert.InRange(recompute.Seconds / plain.Seconds, 1.1, 1.6);
        }

        [Fact]
        public void Calls_the_communication_hook_for_tensor_parallel_all_reduces()
        {
            var comm = new FixedCommunication();
            var model = new StepModel(ColossimCatalog.BuiltIn.Models["llama3-8b"], KernelModel.For(KernelModelTests.H200, ColossimCatalog.BuiltIn), new Sharding { Tp = 2 }, comm);

            var p = model.Predict(new StepRequest { Phase = StepPhase.Decode, Batch = 8, Context = 2048 });

            Assert.Equal(2, comm.Calls); // two all-reduces per layer, computed once for identical layers
            Assert.Equal(64 * 10e-6, p.CommunicationSeconds, 1e-12);
        }

        private sealed class FixedCommunication : ICommunicationModel
        {
            public int Calls { get; private set; }

            public double AllReduceSeconds(double bytes, int ranks)
            {
                Calls++;
                return 10e-6;
            }

            public double AllToAllSeconds(double bytes, int ranks) => 10e-6;
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
    }
}
