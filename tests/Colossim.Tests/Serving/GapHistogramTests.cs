using Colossim.Serving;

namespace Colossim.Tests.Serving;

public sealed class GapHistogramTests
{
    public sealed class TheAddMethod
    {
        [Fact]
        public void Sums_gaps_exactly_past_the_range_of_a_long()
        {
            // 3 gaps of 4e18 ns and one of 4e18 + 4 ns: the sum (1.6e19 + 4) does not fit in a long; the mean does.
            var gaps = new ServingSimulation.GapHistogram();
            gaps.Add(4_000_000_000_000_000_000, 3);
            gaps.Add(4_000_000_000_000_000_004);

            var summary = gaps.Summary();

            Assert.Equal(4L, summary.Count);
            Assert.Equal(4e18, summary.Mean.Nanoseconds, tolerance: 1e3);
        }

        [Fact]
        public void Gives_the_same_mean_whichever_order_histograms_are_merged_in()
        {
            var a = new ServingSimulation.GapHistogram();
            var b = new ServingSimulation.GapHistogram();
            var c = new ServingSimulation.GapHistogram();
            a.Add(long.MaxValue / 3, 5);
            b.Add(7, 11);
            c.Add(long.MaxValue / 7, 13);
            var ab = new ServingSimulation.GapHistogram();
            ab.Merge(a);
            ab.Merge(b);
            ab.Merge(c);
            var ba = new ServingSimulation.GapHistogram();
            ba.Merge(c);
            ba.Merge(b);
            ba.Merge(a);

            Assert.Equal(ab.Summary(), ba.Summary());
            var exact = (((Int128)(long.MaxValue / 3) * 5) + (7 * 11) + ((Int128)(long.MaxValue / 7) * 13)) / 29;
            Assert.Equal((double)exact, ab.Summary().Mean.Nanoseconds, tolerance: 1e4);
        }
    }
}
