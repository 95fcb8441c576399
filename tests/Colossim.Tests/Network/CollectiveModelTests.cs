using Colossim.Catalog;
using Colossim.Facility;
using Colossim.Network;
using Colossim.Performance;
using Colossim.Units;

namespace Colossim.Tests.Network;

public sealed class CollectiveModelTests
{
    // Round constants so that every expected time below is a hand computation.
    internal static readonly NetworkDefaults Round = new()
    {
        Ll = new ProtocolConstants(BaseMicroseconds: 5, ScaleUpHopMicroseconds: 1, ScaleOutHopMicroseconds: 2, BandwidthFraction: 0.5),
        Ll128 = new ProtocolConstants(BaseMicroseconds: 8, ScaleUpHopMicroseconds: 1.5, ScaleOutHopMicroseconds: 3, BandwidthFraction: 0.9),
        Simple = new ProtocolConstants(BaseMicroseconds: 10, ScaleUpHopMicroseconds: 2, ScaleOutHopMicroseconds: 10, BandwidthFraction: 1),
        NvlsBaseMicroseconds = 20,
        NvlsAlgorithmBandwidthFraction = 0.6,
        ScaleOutEfficiency = 1,
        SwitchHopMicroseconds = 0.5,
        Generations = [(new ScaleUpGeneration("test", OverheadMicroseconds: 0, HopScale: 1, Efficiency: 0.5, Nvls: true), ["h200-sxm"])],
    };

    // 64 GPUs in 8-GPU domains, 450 GB/s of NVLink and 50 GB/s of NIC per GPU, 16 GPUs per leaf, one pod.
    internal static Topology Small(bool nvls = true) => new()
    {
        Gpus = 64,
        GpusPerNode = 8,
        GpusPerScaleUpDomain = 8,
        GpusPerLeaf = 16,
        GpusPerPod = 64,
        ScaleUpPerGpu = Bandwidth.Parse("450GB/s"),
        ScaleOutPerGpu = Bandwidth.Parse("400Gb/s"),
        Oversubscription = 1,
        Generation = Round.Generations[0].Generation with { Nvls = nvls },
    };

    private static readonly CollectiveModel Model = new(Small(), Round);

    private static Topology H100(long gpus) => Topology.FromPlan(ClusterPlanner.Build(gpus, new PlanOptions
    {
        Gpu = ColossimCatalog.BuiltIn.Gpus["h100-sxm"],
        System = ColossimCatalog.BuiltIn.Systems["dgx-h100"],
        Fabric = ColossimCatalog.BuiltIn.Fabrics["infiniband-ndr"],
    }));

    public sealed class ThePredictMethod
    {
        [Fact]
        public void Times_a_two_gpu_ring_all_reduce_by_the_formula()
        {
            // Simple: 10 us base + 2 steps x 2 us + 2(2-1)/2 x 1 GB / (450 GB/s x 0.5) = 14 us + 4,444.444 us.
            var p = Model.Predict(Collective.AllReduce, Bytes.Parse("1GB"), CommGroup.InOneScaleUpDomain(2), CollectiveAlgorithm.Ring);

            Assert.Equal(14 + 4_444.444, p.Time.TotalMicroseconds, 0.01);
            Assert.Equal((CollectiveAlgorithm.Ring, CollectiveProtocol.Simple, LinkClass.ScaleUp), (p.Algorithm, p.Protocol, p.Bottleneck));
        }

        [Fact]
        public void Times_a_small_message_with_LL_by_the_formula()
        {
            // 8 ranks, 1 KB: LL = 5 us + 14 steps x 1 us + 2 x 7/8 x 1 KB / (225 GB/s x 0.5) = 19 us + 0.015556 us.
            var p = Model.Predict(Collective.AllReduce, Bytes.Parse("1KB"), CommGroup.InOneScaleUpDomain(8), CollectiveAlgorithm.Ring);

            Assert.Equal(CollectiveProtocol.Ll, p.Protocol);
            Assert.Equal(19.015556, p.Time.TotalMicroseconds, 0.001);
        }

        [Fact]
        public void Switches_protocol_and_algorithm_as_the_size_grows()
        {
            var group = CommGroup.InOneScaleUpDomain(8);

            var small = Model.Predict(Collective.AllReduce, Bytes.Parse("4KB"), group);
            var large = Model.Predict(Collective.AllReduce, Bytes.Parse("1GB"), group);

            Assert.Equal((CollectiveAlgorithm.Ring, CollectiveProtocol.Ll), (small.Algorithm, small.Protocol));
            Assert.Equal((CollectiveAlgorithm.Nvls, CollectiveProtocol.Simple), (large.Algorithm, large.Protocol));
        }

        [Fact]
        public void Gives_NVLS_its_bandwidth_share_of_the_line_rate()
        {
            // 20 us + 1 GB / (450 GB/s x 0.6) = 20 + 3,703.704 us.
            var p = Model.Predict(Collective.AllReduce, Bytes.Parse("1GB"), CommGroup.InOneScaleUpDomain(8), CollectiveAlgorithm.Nvls);

            Assert.Equal(3_723.704, p.Time.TotalMicroseconds, 0.01);
        }

        [Fact]
        public void Bounds_a_spread_ring_by_the_NIC()
        {
            var site = Small();
            var group = site.Group(8, Placement.Spread);

            var p = new CollectiveModel(site, Round).Predict(Collective.AllReduce, Bytes.Parse("8GB"), group, CollectiveAlgorithm.Ring);

            // One rank per domain: every byte crosses the 50 GB/s NIC, so busbw tends to 50 GB/s (latency: 14 x 11 us + 10 us).
            Assert.Equal((8, 1, 8), (group.Ranks, group.RanksPerScaleUpDomain, group.ScaleUpDomains));
            Assert.Equal(LinkClass.ScaleOut, p.Bottleneck);
            Assert.Equal(164 + (2 * 7.0 / 8 * 8e9 / 50e9 * 1e6), p.Time.TotalMicroseconds, 0.01);
        }

        [Fact]
        public void Shares_the_NIC_among_the_rails_of_a_packed_domain()
        {
            var site = Small();
            var packed = site.Group(16);

            var p = new CollectiveModel(site, Round).Predict(Collective.AllReduce, Bytes.Parse("8GB"), packed, CollectiveAlgorithm.Ring);

            // 8 rings over 8 rails: each NIC carries 1/8 of the ring's 2 x 15/16 x 8 GB; NVLink (225 GB/s) carries all of it.
            var nic = 2 * 15.0 / 16 * 8e9 / 8 / 50e9;
            var nvlink = 2 * 15.0 / 16 * 8e9 / 225e9;
            Assert.Equal(LinkClass.ScaleUp, p.Bottleneck);
            Assert.True(nvlink > nic);
            Assert.Equal(10 + (30 * 10) + (nvlink * 1e6), p.Time.TotalMicroseconds, 0.01);
        }

        [Fact]
        public void Refuses_NVLS_without_NVLink_SHARP()
        {
            var model = new CollectiveModel(Small(nvls: false), Round);

            Assert.False(model.CanRun(Collective.AllReduce, CommGroup.InOneScaleUpDomain(8), CollectiveAlgorithm.Nvls, out var reason));
            Assert.Equal("NVLS needs NVLink SHARP (NVSwitch of the Hopper generation or later); this system's scale-up (test) has none", reason);
            Assert.Throws<ArgumentException>(() => model.Predict(Collective.AllReduce, Bytes.Parse("1GB"), CommGroup.InOneScaleUpDomain(8), CollectiveAlgorithm.Nvls));
        }

        [Theory]
        [InlineData(CollectiveAlgorithm.Tree, Collective.AllGather, "the tree algorithm runs all-reduce only")]
        [InlineData(CollectiveAlgorithm.Nvls, Collective.Broadcast, "NVLS runs all-reduce only")]
        [InlineData(CollectiveAlgorithm.Hierarchical, Collective.AllReduce, "the hierarchical algorithm needs at least 2 ranks in each of at least 2 scale-up domains")]
        public void Says_why_an_algorithm_cannot_run(CollectiveAlgorithm algorithm, Collective collective, string expected)
        {
            Assert.False(Model.CanRun(collective, CommGroup.InOneScaleUpDomain(8), algorithm, out var reason));
            Assert.Equal(expected, reason);
        }

        [Fact]
        public void Answers_a_shape_seen_before_from_its_cache()
        {
            var group = CommGroup.InOneScaleUpDomain(4);

            var first = Model.Predict(Collective.ReduceScatter, Bytes.Parse("3MB"), group);
            var second = Model.Predict(Collective.ReduceScatter, Bytes.Parse("3MB"), group with { Nodes = 1 });

            Assert.Same(first, second);
        }

        [Fact]
        public void Costs_nothing_for_one_rank_or_no_bytes()
        {
            Assert.Equal(Duration.Zero, Model.Time(Collective.AllReduce, Bytes.Parse("1GB"), CommGroup.OneRank));
            Assert.Equal(Duration.Zero, Model.Time(Collective.AllToAll, Bytes.Zero, CommGroup.InOneScaleUpDomain(8)));
        }

        [Fact]
        public void Prefers_the_tree_or_the_hierarchy_to_a_flat_ring_for_small_messages_at_scale()
        {
            var site = H100(100_000);
            var model = new CollectiveModel(site);
            var group = site.Group(100_000);

            var auto = model.Predict(Collective.AllReduce, Bytes.Parse("1MB"), group);
            var ring = model.Predict(Collective.AllReduce, Bytes.Parse("1MB"), group, CollectiveAlgorithm.Ring);

            Assert.NotEqual(CollectiveAlgorithm.Ring, auto.Algorithm);
            Assert.True(auto.Time * 100 < ring.Time, $"{auto.Time} ({auto.Algorithm}) vs ring {ring.Time}");
        }

        [Fact]
        public void Costs_more_across_pods_when_the_core_is_oversubscribed()
        {
            var site = Small() with { GpusPerPod = 16, Oversubscription = 4 };
            var model = new CollectiveModel(site, Round);

            var p = model.Predict(Collective.AllReduce, Bytes.Parse("8GB"), site.Group(64, Placement.Spread), CollectiveAlgorithm.Ring);

            Assert.Equal(LinkClass.Core, p.Bottleneck);
        }

        [Fact]
        public void Halves_the_bandwidth_between_pods_when_twice_as_many_groups_share_the_uplinks()
        {
            // 4 pods of 16 GPUs, uplinks 16 x 50 GB/s / 4 = 200 GB/s per pod; 8 ranks spread, 2 per pod; all-to-all of 8 GB
            // sends 7/8 of it over the NIC and 3/4 of that out of the pod. Latency: 10 + 7 x (10 + 4 x 0.5) = 94 us.
            var site = Small() with { GpusPerPod = 16, Oversubscription = 4 };
            var model = new CollectiveModel(site, Round);
            var group = site.Group(8, Placement.Spread);
            var bytes = Bytes.Parse("8GB");

            var alone = model.Predict(Collective.AllToAll, bytes, group);
            var eight = model.Predict(Collective.AllToAll, bytes, group, concurrentGroups: 8);
            var sixteen = model.Predict(Collective.AllToAll, bytes, group, concurrentGroups: 16);

            // Alone: 2 flows per pod get min(50, 100) = 50 GB/s, so the NIC bounds: 7/8 x 8 GB / 50 GB/s.
            Assert.Equal((LinkClass.ScaleOut, 94 + 140_000.0), (alone.Bottleneck, Math.Round(alone.Time.TotalMicroseconds, 3)));

            // 8 groups: 16 flows share 200 GB/s = 12.5 GB/s each; 16 groups: 6.25 GB/s.
            Assert.Equal((LinkClass.Core, 94 + 420_000.0), (eight.Bottleneck, Math.Round(eight.Time.TotalMicroseconds, 3)));
            Assert.Equal(94 + 840_000.0, Math.Round(sixteen.Time.TotalMicroseconds, 3));
        }

        [Fact]
        public void Throws_for_a_negative_size()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => Model.Predict(Collective.AllReduce, new Bytes(-1), CommGroup.InOneScaleUpDomain(2)));
        }
    }

    public sealed class TheTimeMethod
    {
        [Fact]
        public void Is_the_time_of_the_prediction()
        {
            var group = CommGroup.InOneScaleUpDomain(8);

            Assert.Equal(Model.Predict(Collective.AllGather, Bytes.Parse("64MB"), group).Time, Model.Time(Collective.AllGather, Bytes.Parse("64MB"), group));
        }
    }
}
