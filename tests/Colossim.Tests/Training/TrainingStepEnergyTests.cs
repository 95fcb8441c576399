using Colossim.Training;
using Colossim.Units;
using static Colossim.Tests.Training.TrainingFixtures;

namespace Colossim.Tests.Training;

/// <summary>A training step's board energy from the GPU power model, and the run's energy from it.</summary>
public sealed class TrainingStepEnergyTests
{
    private static readonly TrainingJob Job = TrainingFixtures.Job(Model("llama3-8b"), "h100-sxm", 64, 8192, 64L * 8192);
    private static readonly ParallelLayout Layout = new() { Tp = 2, Pp = 2, Dp = 16, Zero = ZeroStage.Optimizer };

    public sealed class TheTotalProperty
    {
        [Fact]
        public void Is_the_sum_of_its_parts()
        {
            var e = Steps(Job).Evaluate(Layout).Energy;

            Assert.Equal(e.Busy.Joules + e.DataParallel.Joules + e.Optimizer.Joules + e.Waiting.Joules, e.Total.Joules, 9);
            Assert.True(e.Busy > Energy.Zero && e.Waiting > Energy.Zero && e.Optimizer > Energy.Zero, $"{e}");
        }

        [Fact]
        public void Prices_the_bubble_at_the_floor_power()
        {
            // pp 2 with m micro-batches: one mean stage of bubble plus the stages' imbalance, at the floor power.
            var model = Steps(Job);
            var step = model.Evaluate(Layout);

            Assert.True(step.BubbleTime > Duration.Zero);
            Assert.True(step.Energy.Waiting.Joules >= step.BubbleTime.TotalSeconds * model.Power.Floor.Value * (1 - 1e-9), $"{step.Energy.Waiting} against {step.BubbleTime} at {model.Power.Floor}");
        }
    }

    public sealed class TheBoardPowerProperty
    {
        [Fact]
        public void Lies_between_the_floor_and_the_power_limit()
        {
            var model = Steps(Job);
            var step = model.Evaluate(Layout);

            Assert.InRange(step.BoardPower.Value, model.Power.Floor.Value, model.Power.Limit.Value);
            Assert.Equal(step.Energy.Total.Joules / step.Time.TotalSeconds, step.BoardPower.Value, 9);
        }
    }

    public sealed class TheEstimateMethod
    {
        [Fact]
        public void Draws_the_step_board_power_with_the_server_and_the_pue_over_the_wall_time()
        {
            var plan = Plan(Job);
            var step = Steps(Job).Evaluate(Layout);

            var run = TrainingRun.Estimate(Job, step, plan, 1e11, FailureModel.Default);

            Assert.Equal(step.BoardPower, run.BoardPowerPerGpu);
            Assert.Equal(TrainingRun.FacilityPowerPerGpu(plan, step.BoardPower).Value, run.PowerPerGpu.Value, 9);
            Assert.True(run.PowerPerGpu > step.BoardPower * plan.Power.Pue, $"{run.PowerPerGpu} with the server's rest against the board's {step.BoardPower}");
            Assert.Equal(run.PowerPerGpu.Value * Job.Gpus * run.Wall.TotalSeconds, run.Energy.Joules, 1e-6 * run.Energy.Joules);
            Assert.Contains("GPU power model", run.PowerSource, StringComparison.Ordinal);
        }
    }
}
