using Colossim.Serving;
using Colossim.Units;

namespace Colossim.Tests.Serving;

public sealed class LatencyPercentilesTests
{
    public sealed class TheOfSortedMethod
    {
        [Fact]
        public void Gives_the_nearest_rank_at_every_whole_percentile()
        {
            var samples = Enumerable.Range(1, 1000).Select(i => (long)i).ToArray();

            var p = LatencyPercentiles.OfSorted(samples, 1000);

            Assert.Equal(101, p.Values.Count);
            Assert.Equal(new Duration(1), p.Values[0]);
            Assert.Equal(new Duration(10), p.Values[1]);
            Assert.Equal(new Duration(500), p.Values[50]);
            Assert.Equal(new Duration(990), p.Values[99]);
            Assert.Equal(new Duration(1000), p.Values[100]);
        }

        [Fact]
        public void Is_none_without_samples()
        {
            Assert.Same(LatencyPercentiles.None, LatencyPercentiles.OfSorted([], 0));
        }

        [Fact]
        public void Agrees_with_the_summarys_percentiles()
        {
            var samples = new long[] { 5, 3, 9, 1, 7 };

            var summary = LatencySummary.Of(samples, 5);

            Assert.Equal(summary.P50, summary.Percentiles.Values[50]);
            Assert.Equal(summary.P99, summary.Percentiles.Values[99]);
            Assert.Equal(new Duration(1), summary.Percentiles.Values[0]);
        }
    }

    public sealed class TheEqualsMethod
    {
        [Fact]
        public void Compares_the_values()
        {
            Assert.Equal(LatencyPercentiles.OfSorted([1, 2, 3], 3), LatencyPercentiles.OfSorted([1, 2, 3], 3));
            Assert.NotEqual(LatencyPercentiles.OfSorted([1, 2, 3], 3), LatencyPercentiles.OfSorted([1, 2, 4], 3));
        }
    }
}
