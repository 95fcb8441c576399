using Colossim.Cluster;
using Colossim.Cluster.Traces;
using Colossim.Simulation;
using Colossim.Units;

namespace Colossim.Tests.Cluster.Traces;

public sealed class JobStreamSpecTests
{
    private static JobStreamSpec Stream(int? count = 20_000, double? rate = 1, JobArrival arrival = JobArrival.Poisson, double cv = 1) => new()
    {
        Name = "s",
        Tenant = "t",
        Count = count,
        Rate = rate,
        Arrival = arrival,
        Cv = cv,
        Sizes = [new GpuSize(8, 3), new GpuSize(64, 1)],
        Runtime = new RuntimeDistribution(Duration.FromHours(2), 1),
    };

    private static double[] Gaps(IReadOnlyList<JobSpec> jobs)
    {
        var gaps = new double[jobs.Count];
        for (var i = 0; i < jobs.Count; i++)
        {
            gaps[i] = (jobs[i].Submit - (i == 0 ? Duration.Zero : jobs[i - 1].Submit)).TotalSeconds;
        }

        return gaps;
    }

    public sealed class TheGenerateMethod
    {
        [Fact]
        public void Submits_every_job_at_the_start_without_a_rate()
        {
            var jobs = Stream(count: 5, rate: null).Generate(new RandomStreams(1));

            Assert.Equal(["s-0", "s-1", "s-2", "s-3", "s-4"], jobs.Select(j => j.Id));
            Assert.All(jobs, j => Assert.Equal(Duration.Zero, j.Submit));
            Assert.All(jobs, j => Assert.Equal(("t", JobKind.Training, PriorityClass.Guaranteed), (j.Tenant, j.Kind, j.Priority)));
        }

        [Fact]
        public void Draws_poisson_gaps_with_mean_one_over_the_rate()
        {
            var gaps = Gaps(Stream(rate: 0.5).Generate(new RandomStreams(7)));

            // 20,000 exponential gaps: the mean's standard error is 0.7 %; 3 % is over 4 standard errors.
            Assert.Equal(2.0, gaps.Average(), 2.0 * 0.03);
        }

        [Fact]
        public void Draws_gamma_gaps_with_the_coefficient_of_variation_asked_for()
        {
            var gaps = Gaps(Stream(count: 100_000, rate: 1, arrival: JobArrival.Gamma, cv: 2).Generate(new RandomStreams(3)));
            var mean = gaps.Average();
            var sd = Math.Sqrt(gaps.Sum(g => (g - mean) * (g - mean)) / (gaps.Length - 1));

            Assert.Equal(1.0, mean, 0.03);
            Assert.Equal(2.0, sd / mean, 2.0 * 0.1);
        }

        [Fact]
        public void Stops_at_the_window_with_rate_times_window_jobs()
        {
            var stream = Stream(count: null, rate: 10) with { Window = Duration.FromSeconds(100) };

            var jobs = stream.Generate(new RandomStreams(5));

            // Poisson count with mean 1,000: five standard deviations are 158.
            Assert.InRange(jobs.Count, 842, 1158);
            Assert.All(jobs, j => Assert.True(j.Submit <= Duration.FromSeconds(100)));
        }

        [Fact]
        public void Draws_sizes_by_weight_and_log_normal_run_times_around_the_median()
        {
            var jobs = Stream().Generate(new RandomStreams(11));
            var runtimes = jobs.Select(j => j.Runtime!.Value.TotalHours).Order().ToArray();

            // 20,000 draws of a 0.75 share: standard error 0.3 %.
            Assert.Equal(0.75, jobs.Count(j => j.Gpus == 8) / (double)jobs.Count, 0.02);
            Assert.All(jobs, j => Assert.Contains(j.Gpus, (int[])[8, 64]));
            Assert.Equal(2.0, runtimes[runtimes.Length / 2], 2.0 * 0.05);
        }

        [Fact]
        public void Gives_the_same_jobs_for_the_same_seed_whatever_else_draws()
        {
            var streams = new RandomStreams(42);
            _ = (Stream() with { Name = "other" }).Generate(streams);

            var again = Stream(count: 100).Generate(streams);
            var fresh = Stream(count: 100).Generate(new RandomStreams(42));
            var otherSeed = Stream(count: 100).Generate(new RandomStreams(43));

            Assert.Equal(fresh, again);
            Assert.NotEqual(fresh.Select(j => j.Submit), otherSeed.Select(j => j.Submit));
        }
    }
}
