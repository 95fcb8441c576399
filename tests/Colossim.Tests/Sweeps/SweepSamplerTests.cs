using Colossim.Sweeps;

namespace Colossim.Tests.Sweeps;

public sealed class SweepSamplerTests
{
    private static readonly SweepAxis[] Axes =
    [
        new("a", [.. Enumerable.Range(0, 10).Select(i => $"a{i}")]),
        new("b", [.. Enumerable.Range(0, 10).Select(i => $"b{i}")]),
    ];

    public sealed class TheGridSizeMethod
    {
        [Fact]
        public void Multiplies_the_value_counts_and_stops_past_the_limit()
        {
            Assert.Equal(100, SweepSampler.GridSize(Axes, 100));
            Assert.Null(SweepSampler.GridSize(Axes, 99));
            Assert.Null(SweepSampler.GridSize([.. Enumerable.Repeat(new SweepAxis("x", [.. Enumerable.Range(0, 100_000).Select(i => $"{i}")]), 5)], long.MaxValue / 2));
        }
    }

    public sealed class ThePointsMethod
    {
        [Fact]
        public void Uses_each_values_stratum_once_in_a_latin_hypercube_of_as_many_points_as_values()
        {
            var points = SweepSampler.Points(Axes, SweepSampling.LatinHypercube, 10, seed: 5);

            Assert.Equal(10, points.Count);
            Assert.Equal(10, points.Select(p => p.Values[0]).Distinct().Count());
            Assert.Equal(10, points.Select(p => p.Values[1]).Distinct().Count());
        }

        [Fact]
        public void Draws_the_same_sample_from_the_same_seed_and_another_from_another()
        {
            var first = SweepSampler.Points(Axes, SweepSampling.Random, 20, seed: 1).Select(p => string.Join(',', p.Values)).ToList();
            var again = SweepSampler.Points(Axes, SweepSampling.Random, 20, seed: 1).Select(p => string.Join(',', p.Values)).ToList();
            var other = SweepSampler.Points(Axes, SweepSampling.Random, 20, seed: 2).Select(p => string.Join(',', p.Values)).ToList();

            Assert.Equal(first, again);
            Assert.NotEqual(first, other);
        }

        [Fact]
        public void Spreads_random_points_over_every_value()
        {
            // 2,000 draws over 10 values: each value's count is within 5 standard deviations of 200 (binomial, sd 13.4).
            var points = SweepSampler.Points(Axes, SweepSampling.Random, 2000, seed: 9);

            Assert.All(points.GroupBy(p => p.Values[0]), g => Assert.InRange(g.Count(), 200 - 67, 200 + 67));
            Assert.Equal(10, points.Select(p => p.Values[0]).Distinct().Count());
        }
    }
}
