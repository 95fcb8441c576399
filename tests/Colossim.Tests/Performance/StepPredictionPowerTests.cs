using Colossim.Catalog;
using Colossim.Performance;
using Colossim.Units;

namespace Colossim.Tests.Performance;

public sealed class StepPredictionPowerTests
{
    private static StepModel Llama70bTp8 { get; } = new(ColossimCatalog.BuiltIn.Models["llama3-70b"], KernelModelTests.H200Model, new Sharding { Tp = 8 });

    public sealed class ThePowerProperty
    {
        [Fact]
        public void Puts_a_llama_70b_tp8_decode_step_well_under_the_copy_plateau()
        {
            var p = Llama70bTp8.Predict(new StepRequest { Phase = StepPhase.Decode, Batch = 64, Context = 2048 });

            Assert.InRange(p.Power.Value, GpuPowerModelTests.H200.Floor.Value, 0.8 * 632.5); // at least 20% under 632.5 W
        }

        [Fact]
        public void Puts_a_prefill_step_above_decode_and_under_the_gemm_plateau()
        {
            var decode = Llama70bTp8.Predict(new StepRequest { Phase = StepPhase.Decode, Batch = 64, Context = 2048 });
            var prefill = Llama70bTp8.Predict(new StepRequest { Phase = StepPhase.Prefill, Batch = 4, SeqLen = 2048 });

            Assert.True(prefill.Power > decode.Power);
            Assert.True(prefill.Power.Value < 692.1);
        }

        [Fact]
        public void Draws_near_the_floor_while_an_eager_step_waits_for_the_host()
        {
            var small = new StepModel(ColossimCatalog.BuiltIn.Models["llama3.2-1b"], KernelModelTests.H200Model).Predict(new StepRequest { Phase = StepPhase.Prefill, Batch = 1, SeqLen = 16 });

            Assert.True(small.LaunchTime > small.GpuTime);
            Assert.InRange(small.Power.Value, GpuPowerModelTests.H200.Floor.Value, GpuPowerModelTests.H200.Floor.Value + 150);
        }
    }

    public sealed class TheEnergyProperty
    {
        [Theory]
        [InlineData(StepPhase.Decode)]
        [InlineData(StepPhase.Prefill)]
        [InlineData(StepPhase.Train)]
        public void Is_the_power_times_the_time(StepPhase phase)
        {
            var p = Llama70bTp8.Predict(new StepRequest { Phase = phase, Batch = phase == StepPhase.Decode ? 64 : 1, SeqLen = 2048, Context = 2048 });

            Assert.Equal(p.Power.Value * p.Time.TotalSeconds, p.Energy.Joules, p.Energy.Joules * 1e-9);
            Assert.True(p.Energy > Energy.Zero);
        }

        [Fact]
        public void Counts_collectives_at_the_communication_power()
        {
            var comm = new FixedCommunication(Duration.FromMicroseconds(50));
            var with = new StepModel(ColossimCatalog.BuiltIn.Models["llama3-70b"], KernelModelTests.H200Model, new Sharding { Tp = 8 }, comm)
                .Predict(new StepRequest { Phase = StepPhase.Decode, Batch = 64, Context = 2048 });
            var without = Llama70bTp8.Predict(new StepRequest { Phase = StepPhase.Decode, Batch = 64, Context = 2048 });

            var extra = with.Energy - without.Energy;

            Assert.Equal(GpuPowerModelTests.H200.Communication.Value * with.CommunicationTime.TotalSeconds, extra.Joules, extra.Joules * 1e-6);
        }

        private sealed class FixedCommunication(Duration time) : ICommunication
        {
            public Duration Time(Collective collective, Bytes perRank, CommGroup group) => time;
        }
    }
}
