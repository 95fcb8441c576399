using Colossim.Simulation;
using Colossim.Units;

namespace Colossim.Tests.Simulation;

/// <summary>
/// Distribution checks use 200,000 draws from a fixed seed; tolerances are about five standard errors, stated per
/// assert, so they hold for any seed with overwhelming probability while catching a wrong formula.
/// </summary>
public sealed class RandomStreamTests
{
    private const int Draws = 200_000;

    private static RandomStream NewStream(string name = "test") => new RandomStreams(12345).Get(name);

    private static (double Mean, double Variance) Moments(Func<double> draw)
    {
        double sum = 0, sumSquares = 0;
        for (var i = 0; i < Draws; i++)
        {
            var x = draw();
            sum += x;
            sumSquares += x * x;
        }

        var mean = sum / Draws;
        return (mean, (sumSquares / Draws) - (mean * mean));
    }

    public sealed class TheNextUInt64Method
    {
        [Fact]
        public void Matches_the_xoshiro256_star_star_reference_output()
        {
            // Reference: xoshiro256** (Blackman and Vigna) from the state {1, 2, 3, 4}.
            var stream = new RandomStream(1, 2, 3, 4);

            ulong[] expected = [11520, 0, 1509978240, 1215971899390074240, 1216172134540287360, 607988272756665600];
            Assert.Equal(expected, Enumerable.Range(0, 6).Select(_ => stream.NextUInt64()));
        }

        [Fact]
        public void Rejects_the_all_zero_state()
        {
            Assert.Throws<ArgumentException>(() => new RandomStream(0, 0, 0, 0));
        }
    }

    public sealed class TheNextDoubleMethod
    {
        [Fact]
        public void Stays_in_zero_inclusive_to_one_exclusive_with_mean_one_half_within_0_002()
        {
            var stream = NewStream();
            var (mean, variance) = Moments(() =>
            {
                var x = stream.NextDouble();
                Assert.InRange(x, 0.0, Math.BitDecrement(1.0));
                return x;
            });

            Assert.Equal(0.5, mean, 0.002);
            Assert.Equal(1.0 / 12, variance, 0.002);
        }
    }

    public sealed class TheNextMethod
    {
        [Fact]
        public void Draws_each_of_ten_values_about_equally_often_chi_square_below_30()
        {
            var stream = NewStream();
            var counts = new int[10];
            for (var i = 0; i < Draws; i++)
            {
                counts[stream.Next(10)]++;
            }

            var expected = Draws / 10.0;
            var chiSquare = counts.Sum(c => (c - expected) * (c - expected) / expected);

            // 9 degrees of freedom: P(chi^2 > 30) is about 0.0004.
            Assert.True(chiSquare < 30, $"chi-square {chiSquare:F1} with counts {string.Join(", ", counts)}");
        }

        [Fact]
        public void Stays_within_a_range_with_negative_bounds()
        {
            var stream = NewStream();
            var seen = new HashSet<int>();
            for (var i = 0; i < 1_000; i++)
            {
                var x = stream.Next(-2, 2);
                Assert.InRange(x, -2, 1);
                seen.Add(x);
            }

            Assert.Equal(4, seen.Count);
        }

        [Fact]
        public void Throws_for_an_empty_range()
        {
            var stream = NewStream();

            Assert.Throws<ArgumentOutOfRangeException>(() => stream.Next(0));
            Assert.Throws<ArgumentOutOfRangeException>(() => stream.Next(3, 3));
            Assert.Throws<ArgumentOutOfRangeException>(() => stream.NextInt64(0));
        }
    }

    public sealed class TheUniformMethod
    {
        [Fact]
        public void Has_mean_halfway_between_the_bounds_within_0_01()
        {
            var stream = NewStream();

            var (mean, _) = Moments(() => stream.Uniform(2, 4));

            Assert.Equal(3.0, mean, 0.01);
        }

        [Fact]
        public void Throws_when_the_upper_bound_is_below_the_lower()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => NewStream().Uniform(4, 2));
        }
    }

    public sealed class TheExponentialMethod
    {
        [Fact]
        public void Has_mean_one_over_rate_and_variance_one_over_rate_squared_within_2_percent()
        {
            var stream = NewStream();

            var (mean, variance) = Moments(() => stream.Exponential(4.0));

            Assert.Equal(0.25, mean, 0.25 * 0.02);
            Assert.Equal(0.0625, variance, 0.0625 * 0.02 * 2);
        }

        [Fact]
        public void Has_the_given_mean_as_a_duration_within_2_percent()
        {
            var stream = NewStream();

            var (mean, _) = Moments(() => stream.Exponential(Duration.FromMilliseconds(3)).Nanoseconds);

            Assert.Equal(3e6, mean, 3e6 * 0.02);
        }

        [Fact]
        public void Has_the_given_mean_within_2_percent()
        {
            var stream = NewStream();

            var (mean, _) = Moments(() => stream.ExponentialMean(7.0));

            Assert.Equal(7.0, mean, 7.0 * 0.02);
        }

        [Fact]
        public void Follows_the_exponential_distribution_Kolmogorov_Smirnov_distance_below_0_001()
        {
            // 4,000,000 draws binned into 1,000 equally likely bins; the largest gap between the empirical and the true
            // CDF at the bin edges is a lower bound of the KS statistic, whose 0.1% critical value is 1.95 / sqrt(n) =
            // 0.00098. A ziggurat that skipped its wedge test would be off by about 0.002.
            const int n = 4_000_000;
            const int bins = 1_000;
            var stream = NewStream();
            var counts = new int[bins];
            for (var i = 0; i < n; i++)
            {
                var u = 1 - Math.Exp(-stream.Exponential(1.0));
                counts[Math.Min((int)(u * bins), bins - 1)]++;
            }

            var distance = 0.0;
            var cumulative = 0L;
            for (var k = 0; k < bins; k++)
            {
                cumulative += counts[k];
                distance = Math.Max(distance, Math.Abs(((double)cumulative / n) - ((k + 1.0) / bins)));
            }

            Assert.True(distance < 0.00098, $"KS distance {distance:F5}");
        }

        [Fact]
        public void Puts_the_expected_share_beyond_the_ziggurat_base_within_5_standard_errors()
        {
            // The ziggurat's tail path (x > 7.697) has probability e^-7.697 = 4.54e-4: about 454 of 10^6 draws.
            var stream = NewStream();
            var beyond = 0;
            var beyondTwelve = 0;
            for (var i = 0; i < 1_000_000; i++)
            {
                var x = stream.Exponential(1.0);
                beyond += x > 7.697117470131487 ? 1 : 0;
                beyondTwelve += x > 12 ? 1 : 0;
            }

            Assert.InRange(beyond, 454 - (5 * 21), 454 + (5 * 21));
            Assert.InRange(beyondTwelve, 0, 6 + (5 * 3));
        }

        [Theory]
        [InlineData(0.0)]
        [InlineData(-1.0)]
        [InlineData(double.NaN)]
        [InlineData(double.PositiveInfinity)]
        public void Throws_for_a_rate_that_is_not_finite_and_positive(double rate)
        {
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => NewStream().Exponential(rate));

            Assert.Contains("finite and greater than 0", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Throws_for_a_mean_duration_that_is_not_positive()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => NewStream().Exponential(Duration.Zero));
            Assert.Throws<ArgumentOutOfRangeException>(() => NewStream().ExponentialMean(0));
        }
    }

    public sealed class TheNormalMethod
    {
        [Fact]
        public void Has_the_given_mean_within_0_02_and_standard_deviation_within_1_percent()
        {
            var stream = NewStream();

            var (mean, variance) = Moments(() => stream.Normal(10, 2));

            Assert.Equal(10.0, mean, 0.02);
            Assert.Equal(2.0, Math.Sqrt(variance), 0.02);
        }

        [Fact]
        public void Throws_for_a_negative_standard_deviation()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => NewStream().Normal(0, -1));
        }
    }

    public sealed class TheLogNormalMethod
    {
        [Fact]
        public void Has_median_e_to_the_mu_and_mean_e_to_the_mu_plus_half_sigma_squared_within_2_percent()
        {
            var stream = NewStream();
            var values = new double[Draws];
            for (var i = 0; i < Draws; i++)
            {
                values[i] = stream.LogNormal(1.0, 0.5);
            }

            Array.Sort(values);
            Assert.Equal(Math.E, values[Draws / 2], Math.E * 0.02);
            Assert.Equal(Math.Exp(1.125), values.Average(), Math.Exp(1.125) * 0.02);
            Assert.True(values[0] > 0);
        }
    }

    public sealed class TheGammaMethod
    {
        [Theory]
        [InlineData(0.25)]
        [InlineData(4.0)]
        public void Has_mean_shape_and_variance_shape_within_3_percent(double shape)
        {
            var stream = NewStream();

            var (mean, variance) = Moments(() => stream.Gamma(shape));

            Assert.Equal(shape, mean, shape * 0.03);
            Assert.Equal(shape, variance, shape * 0.03);
        }

        [Theory]
        [InlineData(0.0)]
        [InlineData(double.NaN)]
        [InlineData(double.PositiveInfinity)]
        public void Refuses_a_shape_that_is_not_finite_and_positive(double shape)
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => NewStream().Gamma(shape));
        }
    }

    public sealed class TheBernoulliMethod
    {
        [Fact]
        public void Is_true_with_the_given_probability_within_0_005()
        {
            var stream = NewStream();

            var (mean, _) = Moments(() => stream.Bernoulli(0.3) ? 1 : 0);

            Assert.Equal(0.3, mean, 0.005);
        }

        [Fact]
        public void Throws_for_a_probability_outside_zero_to_one()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => NewStream().Bernoulli(1.5));
        }
    }
}
