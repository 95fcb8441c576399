using Colossim.Catalog;
using Colossim.Facility;
using Colossim.Network;

namespace Colossim.Tests.Network;

public sealed class TopologyTests
{
    internal static ClusterPlan H200Plan(long gpus) => ClusterPlanner.Build(gpus, new PlanOptions
    {
        Gpu = ColossimCatalog.BuiltIn.Gpus["h200-sxm"],
        System = ColossimCatalog.BuiltIn.Systems["hgx-h200"],
        Fabric = ColossimCatalog.BuiltIn.Fabrics["infiniband-ndr"],
    });

    public sealed class TheFromPlanMethod
    {
        [Fact]
        public void Takes_its_figures_from_the_plan()
        {
            var plan = H200Plan(16_384);

            var topology = Topology.FromPlan(plan);

            Assert.Equal((16_384L, 8, 8), (topology.Gpus, topology.GpusPerNode, topology.GpusPerScaleUpDomain));
            Assert.Equal(450e9, topology.ScaleUpPerGpu.BytesPerSecond, 1e-3); // 900 GB/s both directions, halved
            Assert.Equal(plan.Network.ScaleOutPerGpu, topology.ScaleOutPerGpu);
            Assert.Equal(plan.Network.Oversubscription, topology.Oversubscription);
            Assert.InRange(topology.GpusPerLeaf, 8, topology.GpusPerPod);
        }
    }

    public sealed class TheGroupMethod
    {
        private static readonly Topology Site = Topology.FromPlan(H200Plan(16_384));

        [Fact]
        public void Puts_one_rank_per_scale_up_domain_when_spread()
        {
            var group = Site.Group(16, Placement.Spread);

            Assert.Equal((16, 1, 16, 16), (group.Ranks, group.RanksPerScaleUpDomain, group.ScaleUpDomains, group.Nodes));
            Assert.Equal((int)Math.Ceiling(16 * 8.0 / Site.GpusPerLeaf), group.Leaves);
            Assert.True(group.CrossesScaleOut);
        }

        [Fact]
        public void Doubles_up_spread_ranks_once_every_domain_holds_one()
        {
            var group = Site.Group(4096, Placement.Spread);

            Assert.Equal((2048, 2), (group.ScaleUpDomains, group.RanksPerScaleUpDomain));
        }

        [Fact]
        public void Keeps_a_group_of_eight_in_one_scale_up_domain()
        {
            var group = Site.Group(8);

            Assert.Equal((8, 8, 1, 1, 1, 1), (group.Ranks, group.RanksPerScaleUpDomain, group.ScaleUpDomains, group.Nodes, group.Leaves, group.Pods));
            Assert.False(group.CrossesScaleOut);
        }

        [Fact]
        public void Spreads_a_larger_group_over_domains_and_leaves()
        {
            var ranks = (int)Site.GpusPerLeaf * 2;

            var group = Site.Group(ranks);

            Assert.Equal((ranks / 8, ranks / 8, 2), (group.ScaleUpDomains, group.Nodes, group.Leaves));
            Assert.True(group.CrossesScaleOut);
        }

        [Fact]
        public void Refuses_more_ranks_than_the_site_has() =>
            Assert.Throws<ArgumentOutOfRangeException>(() => Site.Group(16_385));
    }
}
