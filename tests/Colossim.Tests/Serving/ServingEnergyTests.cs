using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Network;
using Colossim.Performance;
using Colossim.Serving;
using Colossim.Units;

namespace Colossim.Tests.Serving;

public sealed class ServingEnergyTests
{
    public sealed class TheStepPowerMethod
    {
        [Fact]
        public void Is_the_steps_own_mean_board_power_from_the_power_model()
        {
            var model = ServingTestSetup.Model;
            var step = model.Predict(new StepRequest { Phase = StepPhase.Decode, Batch = 32, Context = 1024, CudaGraph = true, Implementation = Implementation.Engine });

            var watts = ServingEnergy.StepPower(step);

            Assert.Equal(step.Power.Value, watts, 9);
            // A decode step draws more than the idle board and no more than the power limit.
            Assert.InRange(watts, model.Power.Idle.Value + 1, model.Power.Limit.Value);
        }
    }

    public sealed class TheSimulatedEnergy
    {
        private static readonly TraceRequest[] TwoApart = [new(0, 500, 100), ServingTestSetup.At(30, 500, 100)];

        [Fact]
        public void Charges_each_iteration_at_its_tabulated_power_so_doubling_the_power_doubles_the_busy_energy()
        {
            var setup = ServingTestSetup.With(TwoApart) with { IdlePowerPerGpu = Watts.Zero, RestBusyPowerPerGpu = Watts.Zero, RestIdlePowerPerGpu = Watts.Zero, Pue = 1 };
            var doubled = setup with
            {
                Engine = setup.Engine with { Steps = StepTimeTable.Build(ServingTestSetup.Model, DataType.Bf16, 2048, 64, 5120, power: p => 2 * ServingEnergy.StepPower(p)) },
            };

            var once = ServingSimulation.Run(setup);
            var twice = ServingSimulation.Run(doubled);

            // The same table times, so the same iterations: the board energy doubles to rounding.
            Assert.Equal(once.Makespan, twice.Makespan);
            Assert.Equal(2 * once.BoardEnergy.Joules, twice.BoardEnergy.Joules, 2 * once.BoardEnergy.Joules * 1e-9);
            Assert.True(twice.EnergyPerOutputToken > once.EnergyPerOutputToken, "energy per token did not rise");
        }

        [Fact]
        public void Charges_the_gap_between_requests_at_the_idle_power()
        {
            var setup = ServingTestSetup.With(TwoApart) with { RestBusyPowerPerGpu = Watts.Zero, RestIdlePowerPerGpu = Watts.Zero, Pue = 1 };

            var without = ServingSimulation.Run(setup with { IdlePowerPerGpu = Watts.Zero });
            var with = ServingSimulation.Run(setup with { IdlePowerPerGpu = new Watts(100) });

            // One GPU idle for the makespan less its busy time (most of the 30 s gap), at 100 W.
            var idleSeconds = with.Makespan.TotalSeconds * (1 - with.GpuBusy);
            Assert.True(idleSeconds > 25, $"{idleSeconds} s idle");
            Assert.Equal(100 * idleSeconds, with.BoardEnergy.Joules - without.BoardEnergy.Joules, 1e-6 * with.BoardEnergy.Joules);
        }

        [Fact]
        public void Adds_the_servers_rest_and_the_PUE_to_the_board_energy()
        {
            var setup = ServingTestSetup.With(TwoApart) with { RestBusyPowerPerGpu = new Watts(50), RestIdlePowerPerGpu = new Watts(20), Pue = 1.5 };

            var result = ServingSimulation.Run(setup);

            var busy = result.Makespan.TotalSeconds * result.GpuBusy;
            var idle = result.Makespan.TotalSeconds - busy;
            var expected = 1.5 * (result.BoardEnergy.Joules + (50 * busy) + (20 * idle));
            Assert.Equal(expected, result.Energy.Joules, expected * 1e-9);
            Assert.Equal(result.Energy.Joules / 200, result.EnergyPerOutputToken.Joules, 1e-9);
            Assert.Equal(result.BoardEnergy.Joules / 200, result.BoardEnergyPerOutputToken.Joules, 1e-9);
        }

        [Fact]
        public void Takes_the_idle_power_and_the_PUE_from_the_power_and_facility_models()
        {
            var setup = ServingTestSetup.With(TwoApart);

            Assert.Equal(ServingTestSetup.Model.Power.Idle, setup.IdlePowerPerGpu);
            Assert.Equal(global::Colossim.Facility.FacilityDefaults.BuiltIn.Pue, setup.Pue);
            Assert.True(setup.RestBusyPowerPerGpu > setup.RestIdlePowerPerGpu, $"{setup.RestBusyPowerPerGpu} busy, {setup.RestIdlePowerPerGpu} idle");
        }
    }

    public sealed class TheTensorParallelCommunication
    {
        [Fact]
        public void Goes_through_the_calibrated_collective_model_two_all_reduces_per_layer()
        {
            var problems = new Problems();
            var setup = new ServeRequest { Model = "llama3-70b", Gpu = "h100-sxm", Gpus = 8, Tp = 8, Mode = "offline", InputLen = 100, OutputLen = 10, Requests = 4, AllReduce = TensorParallelAllReduce.Nccl }.Resolve(ColossimCatalog.BuiltIn, problems);
            Assert.False(problems.HasErrors, string.Join("; ", problems));
            var model = setup!.StepModel!;
            var collectives = Assert.IsType<CollectiveModel>(model.Communication);

            var step = model.Predict(new StepRequest { Phase = StepPhase.Decode, Batch = 1, Context = 16, CudaGraph = true, Implementation = Implementation.Engine });

            // One token of hidden 8,192 in bf16 per all-reduce, two per layer of 80.
            var one = collectives.Time(Collective.AllReduce, new Bytes(2.0 * 8192), model.TensorGroup).TotalSeconds;
            Assert.Equal(160 * one, step.CommunicationTime.TotalSeconds, 160 * one * 0.01);
            Assert.True(step.Time.TotalSeconds >= step.GpuTime.TotalSeconds + (160 * one) - 1e-9, $"{step.Time} vs GPU {step.GpuTime}");
            // The replica's table carries the same step (a grid point: 1 sequence, context 16).
            Assert.Equal(step.Time.TotalSeconds, setup.Engine.Steps.Step(0, 0, 0, 1, 16).TotalSeconds, step.Time.TotalSeconds * 1e-6);
        }
    }

    public sealed class TheFp8KvCache
    {
        [Fact]
        public void Halves_the_bytes_per_token_and_doubles_the_tokens_the_cache_holds()
        {
            var request = new ServeRequest { Model = "llama3-8b", Gpu = "h200-sxm", Gpus = 1, Mode = "offline", InputLen = 100, OutputLen = 10, Requests = 4 };

            var bf16 = request.Resolve(ColossimCatalog.BuiltIn, new Problems())!;
            var fp8 = (request with { KvDtype = "fp8" }).Resolve(ColossimCatalog.BuiltIn, new Problems())!;

            Assert.Equal(bf16.Deployment!.KvBytesPerToken.Value / 2, fp8.Deployment!.KvBytesPerToken.Value, 9);
            Assert.InRange(fp8.Engine.KvBlocks, 2 * bf16.Engine.KvBlocks, (2 * bf16.Engine.KvBlocks) + 1);
            Assert.Equal("fp8", fp8.Deployment.KvDtype);
        }

        [Fact]
        public void Makes_long_context_decode_faster_by_reading_half_the_KV_bytes()
        {
            var request = new ServeRequest { Model = "llama3-8b", Gpu = "h200-sxm", Gpus = 1, Mode = "offline", InputLen = 100, OutputLen = 10, Requests = 4 };
            var bf16 = request.Resolve(ColossimCatalog.BuiltIn, new Problems())!.StepModel!;
            var decode = new StepRequest { Phase = StepPhase.Decode, Batch = 128, Context = 8192, CudaGraph = true, Implementation = Implementation.Engine };

            var full = bf16.Predict(decode);
            var half = bf16.Predict(decode with { KvDtype = DataType.Fp8 });

            Assert.True(half.AttentionTime < full.AttentionTime * 0.75, $"attention {half.AttentionTime} with fp8 vs {full.AttentionTime}");
            Assert.Equal(full.GemmTime, half.GemmTime);
        }
    }
}
