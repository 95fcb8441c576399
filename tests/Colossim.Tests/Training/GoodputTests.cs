using Colossim.Training;
using Colossim.Units;

namespace Colossim.Tests.Training;

public sealed class GoodputTests
{
    public sealed class TheOptimalIntervalMethod
    {
        [Fact]
        public void Is_youngs_square_root_with_dalys_correction()
        {
            // C = 60 s, M = 3,600 s: √(2CM) = 657.267 s; x = C/2M = 1/120; × (1 + √x/3 + x/9) = 677.876 s; − C = 617.876 s.
            var interval = Goodput.OptimalInterval(Duration.FromSeconds(60), Duration.FromSeconds(3600));

            Assert.Equal(617.876, interval.TotalSeconds, 0.001);
        }

        [Fact]
        public void Is_the_mean_time_between_interruptions_when_a_checkpoint_takes_twice_as_long()
        {
            Assert.Equal(Duration.FromSeconds(100), Goodput.OptimalInterval(Duration.FromSeconds(250), Duration.FromSeconds(100)));
        }
    }

    public sealed class TheAnalyticMethod
    {
        [Fact]
        public void Is_one_without_interruptions_checkpoints_or_restarts_in_the_limit()
        {
            var goodput = Goodput.Analytic(Duration.FromSeconds(60), Duration.Zero, Duration.Zero, Duration.FromHours(1e6));

            Assert.Equal(1, goodput, 6);
        }

        [Fact]
        public void Matches_dalys_expected_segment_time_by_hand()
        {
            // τ = 600 s, C = 60 s, R = 300 s, M = 3,600 s: E = 3,600 × e^(1/12) × (e^(660/3600) − 1) = 787.33 s; 600 / 787.33 = 0.7621.
            var goodput = Goodput.Analytic(Duration.FromSeconds(600), Duration.FromSeconds(60), Duration.FromSeconds(300), Duration.FromSeconds(3600));

            Assert.Equal(600 / (3600 * Math.Exp(300.0 / 3600) * (Math.Exp(660.0 / 3600) - 1)), goodput, 12);
            Assert.Equal(0.7621, goodput, 0.0001);
        }
    }

    public sealed class TheMonteCarloMethod
    {
        [Fact]
        public void Agrees_with_the_analytic_goodput_within_two_percent_on_a_16384_gpu_54_day_run()
        {
            // Llama 3: 419 interruptions in 54 days on 16,384 GPUs; a 405B checkpoint (5.7 TB) at 2 TB/s; 10-minute restarts.
            var failures = FailureModel.Default;
            var mtbf = failures.MeanTimeBetweenInterruptions(16_384);
            var checkpoint = Duration.FromSeconds(FailureModel.CheckpointSize(405.8e9).Value / 2e12);
            var interval = Goodput.OptimalInterval(checkpoint, mtbf);
            var analytic = Goodput.Analytic(interval, checkpoint, failures.Restart, mtbf);

            var sample = Goodput.MonteCarlo(interval, checkpoint, failures.Restart, mtbf, Duration.FromHours(54 * 24), seed: 42, replications: 4);

            Assert.Equal(1296.0 / 419, mtbf.TotalHours, 1e-6);
            Assert.InRange(sample.Goodput / analytic, 0.98, 1.02);
            Assert.InRange(sample.Interruptions, 380, 460); // 419 expected; Poisson spread √419 ≈ 20, over 4 runs
        }

        [Fact]
        public void Agrees_with_the_analytic_goodput_when_interruptions_dominate()
        {
            // One interruption every 20 minutes, one-minute checkpoints, five-minute restarts: goodput near 0.56.
            var (mtbf, checkpoint, restart) = (Duration.FromSeconds(1200), Duration.FromSeconds(60), Duration.FromSeconds(300));
            var interval = Goodput.OptimalInterval(checkpoint, mtbf);
            var analytic = Goodput.Analytic(interval, checkpoint, restart, mtbf);

            var sample = Goodput.MonteCarlo(interval, checkpoint, restart, mtbf, Duration.FromHours(24 * 30), seed: 7, replications: 4);

            Assert.InRange(analytic, 0.5, 0.65);
            Assert.InRange(sample.Goodput / analytic, 0.98, 1.02);
        }

        [Fact]
        public void Gives_the_same_answer_for_the_same_seed()
        {
            var run = () => Goodput.MonteCarlo(Duration.FromSeconds(600), Duration.FromSeconds(10), Duration.FromSeconds(60), Duration.FromHours(3), Duration.FromHours(24 * 7), seed: 3);

            Assert.Equal(run(), run());
        }
    }
}
