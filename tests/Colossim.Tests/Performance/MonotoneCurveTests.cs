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
    }
}
