using Colossim.Facility;
using Colossim.Units;
using CsCheck;

namespace Colossim.Tests.Facility;

public sealed class PowerSeriesFiguresTests
{
    private static PowerSeriesFigures Gathered(double[] values)
    {
        var figures = default(PowerSeriesFigures);
        foreach (var x in values)
        {
            figures.Add(x);
        }

        return figures;
    }

    // A pass over the finished series, as the timeline's figures were computed before they were gathered.
    private static double Integral(double[] values, double step, double last)
    {
        var sum = 0.0;
        for (var i = 0; i < values.Length - 1; i++)
        {
            sum += values[i];
        }

        return (sum * step) + (values.Length == 0 ? 0 : values[^1] * last);
    }

    public sealed class TheAddMethod
    {
        [Fact]
        public void Gives_to_the_bit_the_integral_of_a_pass_over_the_finished_series()
        {
            Gen.Select(Gen.Double[-1e9, 1e9].Array[1, 2_000], Gen.Double[0.001, 10], Gen.Double[0.0001, 1]).Sample((values, step, share) =>
            {
                var last = step * share;

                var energy = Gathered(values).Integral(Duration.FromSeconds(step), Duration.FromSeconds(last));

                var expected = Integral(values, Duration.FromSeconds(step).TotalSeconds, Duration.FromSeconds(last).TotalSeconds);
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(energy.Joules)); // exact: same sums in the same order
            }, iter: 200);
        }

        [Fact]
        public void Finds_the_smallest_and_largest_sample_as_Enumerable_Min_and_Max_do_NaN_included()
        {
            var sample = Gen.Frequency((8, Gen.Double[-1e6, 1e6]), (1, Gen.Const(double.NaN)), (1, Gen.Const(double.PositiveInfinity)), (1, Gen.Const(double.NegativeInfinity)));
            sample.Array[1, 50].Sample(values =>
            {
                var figures = Gathered(values);

                Assert.Equal(BitConverter.DoubleToInt64Bits(values.Min()), BitConverter.DoubleToInt64Bits(figures.Min));
                Assert.Equal(BitConverter.DoubleToInt64Bits(values.Max()), BitConverter.DoubleToInt64Bits(figures.Max));
                Assert.Equal(values.Any(double.IsNaN), figures.SawNaN);
                Assert.Equal(values.Length, figures.Count);
                Assert.Equal(values[^1], figures.Last, 0.0);
            }, iter: 500);
        }

        [Fact]
        public void Gives_zero_figures_for_no_samples()
        {
            var figures = default(PowerSeriesFigures);

            Assert.Equal(0, figures.Integral(Duration.FromSeconds(1), Duration.FromSeconds(1)).Joules, 0.0);
            Assert.Equal(0, figures.Min, 0.0);
            Assert.Equal(0, figures.Max, 0.0);
        }
    }
}
