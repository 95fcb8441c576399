using Colossim.Performance;

namespace Colossim.Tests.Performance;

public sealed class MonotoneCurveTests
{
    public sealed class TheConstructor
    {
        [Fact]
        public void Lowers_an_upper_bound_that_exceeds_a_later_point()
        {
            var curve = new MonotoneCurve([(1.0, 22e-6, false), (4.0, 16e-6, false)]);

            Assert.True(curve.TryEvaluate(1, out var y, out _));
            Assert.Equal(16e-6, y, 1e-12);
        }

        [Fact]
        public void Keeps_an_exact_point_that_exceeds_a_later_point()
        {
            var curve = new MonotoneCurve([(1.0, 33.3e-6, true), (64.0, 31.5e-6, true)]);

            Assert.True(curve.TryEvaluate(1, out var y, out _));
            Assert.Equal(33.3e-6, y, 1e-12);
        }

        [Fact]
        public void Lowers_an_upper_bound_to_a_later_exact_point()
        {
            var curve = new MonotoneCurve([(1.0, 40e-6, false), (2.0, 35e-6, true), (4.0, 30e-6, true)]);

            Assert.True(curve.TryEvaluate(1, out var first, out _));
            Assert.True(curve.TryEvaluate(2, out var second, out _));
            Assert.Equal(30e-6, first, 1e-12);
            Assert.Equal(35e-6, second, 1e-12);
        }

        [Fact]
        public void Sorts_by_x_merges_equal_x_into_their_geometric_mean_and_leaves_out_non_positive_points()
        {
            var curve = new MonotoneCurve([4.0, 1.0, 4.0, 0.0, 2.0, -1.0, 4.0], [8e-6, 1e-6, 2e-6, 5e-6, 3e-6, 1e-6, 4e-6], [false, false, true, false, false, false, false]);

            Assert.Equal([1.0, 2.0, 4.0], curve.Points.ToArray().Select(p => p.X));
            Assert.Equal(1e-6, curve.Points[0].Y, 1e-15);
            Assert.Equal(3e-6, curve.Points[1].Y, 1e-15);
            Assert.Equal(4e-6, curve.Points[2].Y, 1e-15);
        }

        [Fact]
        public void Gives_the_same_curve_from_columns_as_from_points()
        {
            var random = new Random(7);
            var points = Enumerable.Range(0, 300).Select(_ => ((double)random.Next(1, 40), random.NextDouble() * 1e-3, random.Next(4) == 0)).ToList();

            var fromPoints = new MonotoneCurve(points);
            var fromColumns = new MonotoneCurve([.. points.Select(p => p.Item1)], [.. points.Select(p => p.Item2)], [.. points.Select(p => p.Item3)]);

            Assert.Equal(fromPoints.Points.ToArray(), fromColumns.Points.ToArray());
        }

        [Fact]
        public void Refuses_columns_of_different_lengths_and_a_curve_without_a_positive_point()
        {
            Assert.Throws<ArgumentException>(() => new MonotoneCurve([1.0, 2.0], [1.0], null));
            Assert.Throws<ArgumentException>(() => new MonotoneCurve([1.0], [1.0], [true, false]));
            Assert.Throws<ArgumentException>(() => new MonotoneCurve([0.0, 1.0], [1.0, -1.0], null));
        }
    }
}
