using Colossim.Network;
using Colossim.Performance;
using Colossim.Units;

namespace Colossim.Tests.Network;

public sealed class AlphaBetaCommunicationTests
{
    private static readonly Topology Site = Topology.FromPlan(TopologyTests.H200Plan(16_384));
    private static readonly AlphaBetaCommunication Model = new(Site);

    public sealed class TheTimeMethod
    {
        [Fact]
        public void Matches_a_hand_computed_ring_all_reduce_inside_one_nvlink_domain()
        {
            // 8 H200s: 2 x 7 steps of 1 us, and 2 x 7/8 of 1 GB at 450 GB/s (900 GB/s both ways) = 3.888889 ms.
            var time = Model.Time(Collective.AllReduce, Bytes.Parse("1GB"), Site.Group(8));

            Assert.Equal(14_000 + 3_888_889, time.Nanoseconds, 2.0); // 2 ns of rounding
        }

        [Fact]
        public void Matches_hand_computed_reduce_scatter_all_gather_all_to_all_broadcast_and_send_recv()
        {
            var group = Site.Group(8);
            var gb = Bytes.Parse("1GB");
            const double transfer = 1e9 / 450e9 * 1e9; // ns

            Assert.Equal(7_000 + (transfer * 7 / 8), Model.Time(Collective.ReduceScatter, gb, group).Nanoseconds, 2.0);
            Assert.Equal(7_000 + (transfer * 7 / 8), Model.Time(Collective.AllGather, gb, group).Nanoseconds, 2.0);
            Assert.Equal(7_000 + (transfer * 7 / 8), Model.Time(Collective.AllToAll, gb, group).Nanoseconds, 2.0);
            Assert.Equal(7_000 + transfer, Model.Time(Collective.Broadcast, gb, group).Nanoseconds, 2.0);
            Assert.Equal(1_000 + transfer, Model.Time(Collective.SendRecv, gb, group).Nanoseconds, 2.0);
        }

        [Fact]
        public void Is_slower_across_leaves_than_inside_one_nvlink_domain()
        {
            var across = Site.Group((int)Site.GpusPerLeaf * 2);
            var bytes = Bytes.Parse("256MB");
            var n = across.Ranks;

            var inside = Model.Time(Collective.AllReduce, bytes, Site.Group(8));
            var crossing = Model.Time(Collective.AllReduce, bytes, across);

            // Across leaves: 3 us + 2 spine hops of 0.5 us per step, bytes at the GPU's scale-out bandwidth.
            var expected = (2.0 * (n - 1) * 4_000) + (2.0 * (n - 1) / n * bytes.Value / Site.ScaleOutPerGpu.BytesPerSecond * 1e9);
            Assert.Equal(expected, crossing.Nanoseconds, 2.0);
            Assert.True(crossing > inside * 2, $"{crossing} across leaves vs {inside} in one domain");
        }

        [Theory]
        [InlineData(Collective.AllReduce)]
        [InlineData(Collective.AllToAll)]
        [InlineData(Collective.SendRecv)]
        public void Takes_no_time_for_one_rank(Collective collective) =>
            Assert.Equal(Duration.Zero, Model.Time(collective, Bytes.Parse("1GB"), Site.Group(1)));

        [Fact]
        public void Gives_the_step_model_a_tensor_parallel_all_reduce_time()
        {
            var catalog = Colossim.Catalog.ColossimCatalog.BuiltIn;
            var kernels = KernelModel.For(catalog.Gpus["h200-sxm"], catalog);
            var sharding = new Sharding { Tp = 8, TensorGroup = Site.Group(8) };
            var step = new StepModel(catalog.Models["llama3-70b"], kernels, sharding, Model);

            var p = step.Predict(new StepRequest { Phase = StepPhase.Decode, Batch = 64, Context = 2048 });

            // 80 layers x 2 all-reduces of 64 x 8192 x 2 bytes among 8 ranks.
            var one = Model.Time(Collective.AllReduce, new Bytes(64 * 8192 * 2.0), Site.Group(8));
            Assert.Equal(160 * one.Nanoseconds, p.CommunicationTime.Nanoseconds, 160.0); // 1 ns of rounding per call
            Assert.Equal(p.GpuTime + p.CommunicationTime, p.Time);
        }
    }
}
