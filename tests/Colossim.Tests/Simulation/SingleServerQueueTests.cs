using Colossim.Simulation;

namespace Colossim.Tests.Simulation;

/// <summary>
/// Analytic cross-checks of the engine and the random streams: a single-server queue with utilisation rho = 0.7
/// (lambda = 700/s, mu = 1000/s) against queueing theory. With 400,000 measured customers the standard error of the
/// mean wait is about 1% for M/M/1 and less for M/D/1 (the customers' waits are strongly correlated, which is why so
/// many are needed), so a 4% tolerance is about four standard errors. The seed is fixed, so the test is
/// deterministic; the tolerance says how far any seed may reasonably land.
/// </summary>
public sealed class SingleServerQueueTests
{
    private const double Lambda = 700;
    private const double Mu = 1000;
    private const double Rho = Lambda / Mu;
    private const double RelativeTolerance = 0.04;

    private static SingleServerQueue Simulate(bool deterministicService, ulong seed)
    {
        var simulator = new Simulator();
        var queue = new SingleServerQueue(new RandomStreams(seed), Lambda, Mu, deterministicService, warmupCustomers: 10_000, customers: 400_000);
        queue.Start(simulator);
        simulator.Run();
        return queue;
    }

    private static void AssertWithin(double expected, double actual, double relativeTolerance)
    {
        Assert.True(
            Math.Abs(actual - expected) <= relativeTolerance * expected,
            $"expected {expected:G6} ± {relativeTolerance:P0}, got {actual:G6} (off by {(actual - expected) / expected:P1})");
    }

    public sealed class WithExponentialService
    {
        [Fact]
        public void Has_the_MM1_mean_wait_in_queue_rho_over_mu_minus_lambda_within_4_percent()
        {
            var queue = Simulate(deterministicService: false, seed: 2024);

            AssertWithin(Rho / (Mu - Lambda), queue.MeanWaitSeconds, RelativeTolerance);
        }

        [Fact]
        public void Has_the_MM1_mean_queue_length_rho_squared_over_one_minus_rho_within_4_percent()
        {
            var queue = Simulate(deterministicService: false, seed: 2024);

            AssertWithin(Rho * Rho / (1 - Rho), queue.MeanQueueLength, RelativeTolerance);
        }
    }

    public sealed class WithDeterministicService
    {
        [Fact]
        public void Has_the_MD1_Pollaczek_Khinchine_mean_wait_rho_over_2_mu_times_one_minus_rho_within_4_percent()
        {
            var queue = Simulate(deterministicService: true, seed: 2024);

            AssertWithin(Rho / (2 * Mu * (1 - Rho)), queue.MeanWaitSeconds, RelativeTolerance);
        }

        [Fact]
        public void Obeys_Littles_law_for_the_queue_within_2_percent()
        {
            var queue = Simulate(deterministicService: true, seed: 2024);

            AssertWithin(Lambda * queue.MeanWaitSeconds, queue.MeanQueueLength, 0.02);
        }
    }
}
