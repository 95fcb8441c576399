using Colossim.Facility;
using Colossim.Units;

namespace Colossim.Tests.Facility;

public sealed class FatTreeTests
{
    public sealed class TheDesignMethod
    {
        // DGX SuperPOD reference architecture (H100 RA-11333-001 and B200 RA, reference §B.1): SUs, leaf, spine, core.
        [Theory]
        [InlineData(2, 16, 8, 0)]
        [InlineData(4, 32, 16, 0)]
        [InlineData(8, 64, 32, 0)]
        [InlineData(16, 128, 128, 64)]
        [InlineData(32, 256, 256, 128)]
        [InlineData(64, 512, 512, 256)]
        public void Matches_the_DGX_SuperPOD_switch_counts(int scalableUnits, long leaf, long spine, long core)
        {
            var gpus = scalableUnits * 256L;

            var net = FatTree.Design(gpus, FacilityTestData.DgxH100, FacilityTestData.Ndr);

            Assert.Equal(core == 0 ? 2 : 3, net.Tiers);
            Assert.Equal(leaf, net.Levels[0].Switches);
            Assert.Equal(spine, net.Levels[1].Switches);
            Assert.Equal(core, core == 0 ? 0 : net.Levels[2].Switches);
            Assert.All(net.Levels, l => Assert.Equal(gpus, l.LinksDown)); // one cable per GPU per tier
        }

        [Fact]
        public void Builds_one_two_tier_tree_per_rail_for_a_rail_only_network()
        {
            // 16,384 GPUs of 8-GPU HGX boards: 8 rails of 2,048 NICs, each a 2-tier radix-64 tree (64 leaves, 32 spines),
            // where the rail-optimised fat tree needs a third tier across them (Wang et al. 2023).
            var railOnly = FatTree.Design(16_384, FacilityTestData.DgxH100, FacilityTestData.Ndr, topology: FabricTopology.RailOnly);
            var optimised = FatTree.Design(16_384, FacilityTestData.DgxH100, FacilityTestData.Ndr);

            Assert.Equal(FabricTopology.RailOnly, railOnly.Topology);
            Assert.Equal(8, railOnly.Trees);
            Assert.Equal(2, railOnly.Tiers);
            Assert.Equal(8 * 64, railOnly.Levels[0].Switches);
            Assert.Equal(8 * 32, railOnly.Levels[1].Switches);
            Assert.All(railOnly.Levels, l => Assert.Equal(16_384, l.LinksDown));
            Assert.Equal(3, optimised.Tiers);
            Assert.Equal(1_280, optimised.Switches);
            Assert.True(railOnly.Cost < optimised.Cost);
        }

        [Fact]
        public void Gives_top_of_rack_leaves_whole_nodes_in_a_plain_fat_tree()
        {
            // 100 nodes of 6 NICs on 32-port leaf halves: 5 whole nodes a leaf (20 leaves, 2 ports idle on each) where
            // rail-optimised wiring fills every port (19 leaves).
            var six = FacilityTestData.DgxH100 with { Id = "six", GpusPerNode = 6, GpusPerRack = 24, ScaleUpDomain = 6 };

            var plain = FatTree.Design(600, six, FacilityTestData.Ndr, topology: FabricTopology.FatTree);
            var optimised = FatTree.Design(600, six, FacilityTestData.Ndr, topology: FabricTopology.RailOptimizedFatTree);

            Assert.Equal(20, plain.Levels[0].Switches);
            Assert.Equal(19, optimised.Levels[0].Switches);
            Assert.Equal(optimised.Levels[1].Switches, plain.Levels[1].Switches);
        }

        [Fact]
        public void Matches_one_DGX_B300_XDR_scalable_unit_of_576_GPUs_on_8_leaf_and_4_spine_switches()
        {
            var b300 = FacilityTestData.DgxH100 with { Id = "dgx-b300", NicBandwidth = Bandwidth.FromGigabitsPerSecond(800) };

            var net = FatTree.Design(576, b300, FacilityTestData.Xdr);

            Assert.Equal(2, net.Tiers);
            Assert.Equal(8, net.Levels[0].Switches);
            Assert.Equal(4, net.Levels[1].Switches);
        }

        [Fact]
        public void Uses_about_5N_over_k_switches_for_100k_GPUs_on_three_tiers_of_128_port_Ethernet()
        {
            var net = FatTree.Design(100_000, FacilityTestData.DgxH100, FacilityTestData.SpectrumX);

            Assert.Equal(3, net.Tiers);
            Assert.Equal(128, net.Radix); // 64 x 800G split into 128 x 400G for the 400G NICs
            Assert.Equal(2, net.Breakout);
            Assert.Equal([1563L, 1563L, 782L], net.Levels.Select(l => l.Switches).ToArray());
            Assert.Equal(5 * 100_000.0 / 128, net.Switches, 3.0); // reference §B.2: 5N/k ≈ 3,906
        }

        [Theory]
        [InlineData(1024, 2.5)]
        [InlineData(4096, 3.5)]
        public void Counts_optics_per_GPU_as_the_reference_derives_them(long gpus, double perGpu)
        {
            // Reference §B.1: 1 NIC module + 1.5 twin-port switch modules on 2 tiers; + 2.5 on 3 tiers.
            var net = FatTree.Design(gpus, FacilityTestData.DgxH100, FacilityTestData.Ndr);

            Assert.Equal(perGpu, net.Transceivers / (double)gpus, 1e-9);
        }

        [Fact]
        public void Oversubscribes_above_the_pod_only()
        {
            var full = FatTree.Design(16_384, FacilityTestData.DgxH100, FacilityTestData.Ndr);
            var meta = FatTree.Design(16_384, FacilityTestData.DgxH100, FacilityTestData.Ndr, oversubscription: 7);

            Assert.Equal(full.Levels[0].Switches, meta.Levels[0].Switches);
            Assert.True(meta.Levels[2].Switches * 6 < full.Levels[2].Switches, $"{meta.Levels[2].Switches} core switches at 7:1 vs {full.Levels[2].Switches} at 1:1");
            Assert.Equal(400.0 / 7, meta.BisectionPerGpu.GigabitsPerSecond, 1e-9);
            Assert.Equal(400.0, meta.ScaleOutPerGpu.GigabitsPerSecond, 1e-9);
        }

        [Fact]
        public void Uses_one_switch_for_a_handful_of_GPUs()
        {
            var net = FatTree.Design(64, FacilityTestData.DgxH100, FacilityTestData.Ndr);

            Assert.Equal(1, net.Tiers);
            Assert.Equal(1, net.Switches);
        }
    }

    public sealed class TheCapacityMethod
    {
        [Theory]
        [InlineData(2, 64, 2_048)]
        [InlineData(3, 64, 65_536)]
        [InlineData(3, 128, 524_288)]
        [InlineData(3, 144, 746_496)]
        public void Is_k_squared_over_2_on_two_tiers_and_k_cubed_over_4_on_three(int tiers, int radix, double endpoints)
        {
            Assert.Equal(endpoints, FatTree.Capacity(tiers, radix), 1e-9);
        }
    }
}
