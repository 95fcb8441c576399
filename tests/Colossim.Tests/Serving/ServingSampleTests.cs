using Colossim.Serving;

namespace Colossim.Tests.Serving;

public sealed class ServingSampleTests
{
    public sealed class TheRoundRobinShareMethod
    {
        [Fact]
        public void Keeps_the_requests_round_robin_sends_to_the_first_replicas_in_order()
        {
            var requests = Enumerable.Range(0, 10).Select(i => new TraceRequest(i, i + 1, 1)).ToArray();

            var share = ServingSample.RoundRobinShare(requests, 4, 2);

            Assert.Equal([1, 2, 5, 6, 9, 10], share.Select(r => r.Input));
        }

        [Fact]
        public void Keeps_every_request_when_every_replica_is_sampled()
        {
            var requests = Enumerable.Range(0, 7).Select(i => new TraceRequest(i, 1, 1)).ToArray();

            Assert.Equal(requests, ServingSample.RoundRobinShare(requests, 3, 3));
        }

        [Theory]
        [InlineData(0, 1)]
        [InlineData(4, 0)]
        [InlineData(4, 5)]
        public void Refuses_a_sample_outside_one_to_the_replicas(int replicas, int sample)
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => ServingSample.RoundRobinShare([], replicas, sample));
        }
    }
}
