using Colossim.Network;
using Colossim.Performance;
using Colossim.Units;

namespace Colossim.Tests.Network;

public sealed class CollectivePredictionTests
{
    public sealed class TheBusFactorMethod
    {
        [Theory]
        [InlineData(Collective.AllReduce, 8, 1.75)]
        [InlineData(Collective.AllReduce, 2, 1.0)]
        [InlineData(Collective.ReduceScatter, 8, 0.875)]
        [InlineData(Collective.AllGather, 4, 0.75)]
        [InlineData(Collective.AllToAll, 8, 0.875)]
        [InlineData(Collective.Broadcast, 8, 1.0)]
        [InlineData(Collective.SendRecv, 2, 1.0)]
        public void Follows_nccl_tests(Collective collective, int ranks, double expected) =>
            Assert.Equal(expected, CollectivePrediction.BusFactor(collective, ranks), 1e-12);
    }

    public sealed class TheBandwidths
    {
        [Fact]
        public void Are_bytes_over_time_and_that_times_the_bus_factor()
        {
            var p = new CollectivePrediction
            {
                Collective = Collective.AllReduce,
                Bytes = Bytes.Parse("1GB"),
                Ranks = 8,
                Time = Duration.FromMilliseconds(4),
                Algorithm = CollectiveAlgorithm.Ring,
                Protocol = CollectiveProtocol.Simple,
                Bottleneck = LinkClass.ScaleUp,
            };

            Assert.Equal(250, p.AlgorithmBandwidth.GigabytesPerSecond, 1e-9);
            Assert.Equal(437.5, p.BusBandwidth.GigabytesPerSecond, 1e-9);
        }
    }
}
