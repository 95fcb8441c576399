using Colossim.Network;

namespace Colossim.Tests.Network;

public sealed class FlowSharingTests
{
    public sealed class TheMaxMinRatesMethod
    {
        [Fact]
        public void Halves_the_bandwidth_of_two_flows_sharing_a_link()
        {
            // Two 50 GB/s NICs into one 50 GB/s uplink.
            var rates = FlowSharing.MaxMinRates([50, 50, 50], [[0, 2], [1, 2]]);

            Assert.Equal([25.0, 25.0], rates);
        }

        [Fact]
        public void Runs_each_flow_at_its_slowest_link_when_no_link_is_shared()
        {
            var rates = FlowSharing.MaxMinRates([50, 400, 30], [[0, 1], [2]]);

            Assert.Equal([50.0, 30.0], rates);
        }

        [Fact]
        public void Gives_what_a_constrained_flow_leaves_to_the_others()
        {
            // Flow 0 is held to 10 by its own link; flows 1 and 2 share the rest of the 100 link: 45 each.
            var rates = FlowSharing.MaxMinRates([10, 100], [[0, 1], [1], [1]]);

            Assert.Equal(10, rates[0], 1e-12);
            Assert.Equal(45, rates[1], 1e-12);
            Assert.Equal(45, rates[2], 1e-12);
        }

        [Fact]
        public void Gives_a_flow_without_links_an_unbounded_rate()
        {
            var rates = FlowSharing.MaxMinRates([10], [[], [0], [0]]);

            Assert.Equal(double.PositiveInfinity, rates[0]);
            Assert.Equal([5.0, 5.0], rates[1..]);
        }

        [Fact]
        public void Matches_the_closed_form_the_collective_model_uses_for_identical_flows()
        {
            // k identical flows, each through its own 50 GB/s NIC into one pod uplink of 200 GB/s: min(50, 200 / k).
            foreach (var k in new[] { 2, 4, 8, 16 })
            {
                var capacities = Enumerable.Repeat(50.0, k).Append(200.0).ToArray();
                var flows = Enumerable.Range(0, k).Select(i => (IReadOnlyList<int>)[i, k]).ToArray();

                var rates = FlowSharing.MaxMinRates(capacities, flows);

                Assert.All(rates, r => Assert.Equal(Math.Min(50, 200.0 / k), r, 1e-12));
            }
        }
    }
}
