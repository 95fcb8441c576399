using Colossim.Network;
using Colossim.Serving;
using Colossim.Units;

namespace Colossim.Tests.Serving;

public sealed class DisaggregationKvTransferTests
{
    /// <summary>64 GPUs: nodes and NVLink domains of 8, leaves of 32; 450 GB/s NVLink and 50 GB/s NICs per GPU.</summary>
    private static readonly Topology Site = new()
    {
        Gpus = 64,
        GpusPerNode = 8,
        GpusPerScaleUpDomain = 8,
        GpusPerLeaf = 32,
        GpusPerPod = 64,
        ScaleUpPerGpu = new Bandwidth(450e9),
        ScaleOutPerGpu = new Bandwidth(50e9),
        Oversubscription = 1,
    };

    public sealed class TheFixedTransfer
    {
        [Fact]
        public void Takes_its_latency_plus_the_bytes_over_its_bandwidth()
        {
            var link = new FixedKvTransfer(Duration.FromMicroseconds(5), new Bandwidth(2e9));

            Assert.Equal(Duration.FromMicroseconds(505), link.Time(0, 3, new Bytes(1e6)));
        }
    }

    public sealed class ThePairMethod
    {
        [Fact]
        public void Places_the_pools_one_after_the_other_on_consecutive_GPUs()
        {
            // Replicas of 4 GPUs, one prefill replica on GPUs 0-3: decode replica 0 (4-7) shares its NVLink domain,
            // decode replica 1 (8-11) its leaf, decode replica 7 (32-35) neither.
            var transfer = new FabricKvTransfer(new CollectiveModel(Site), prefillReplicas: 1, gpusPerReplica: 4);

            Assert.False(transfer.Pair(0, 0).CrossesScaleOut);
            var leaf = transfer.Pair(0, 1);
            Assert.Equal((true, 1), (leaf.CrossesScaleOut, leaf.Leaves));
            Assert.Equal(2, transfer.Pair(0, 7).Leaves);
        }
    }

    public sealed class TheTimeMethod
    {
        [Fact]
        public void Sends_over_NVLink_inside_a_domain_and_over_the_NICs_across_domains()
        {
            var transfer = new FabricKvTransfer(new CollectiveModel(Site), prefillReplicas: 1, gpusPerReplica: 4);
            var size = new Bytes(1e9);

            var nvlink = transfer.Time(0, 0, size);
            var nic = transfer.Time(0, 1, size);
            var far = transfer.Time(0, 7, size);

            // 1 GB at 50 GB/s is 20 ms on the wire; the network model's bandwidth efficiency may add up to 30 %.
            Assert.InRange(nic.TotalMilliseconds, 20, 20 * 1.3);
            Assert.True(nvlink < nic / 4, $"NVLink {nvlink}, NIC {nic}");
            Assert.True(far >= nic, $"across leaves {far}, under one leaf {nic}");
        }

        [Fact]
        public void Takes_no_time_for_no_bytes()
        {
            var transfer = new FabricKvTransfer(new CollectiveModel(Site), prefillReplicas: 2, gpusPerReplica: 8);

            Assert.Equal(Duration.Zero, transfer.Time(1, 0, Bytes.Zero));
        }
    }
}
