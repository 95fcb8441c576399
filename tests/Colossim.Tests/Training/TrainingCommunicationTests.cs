using Colossim.Network;
using Colossim.Training;
using Colossim.Units;
using static Colossim.Tests.Training.TrainingFixtures;

namespace Colossim.Tests.Training;

/// <summary>The training step's traffic through the collective model: placement and the pods' shared uplinks.</summary>
public sealed class TrainingCommunicationTests
{
    public sealed class TheEvaluateMethod
    {
        // Llama 3 8B on 256 H100s, one micro-batch per step (the gradient reduction barely hides), on a network whose pods
        // are single nodes: every data-parallel ring of tp 8 crosses the pods' uplinks at each hop.
        private static readonly TrainingJob Job = TrainingFixtures.Job(Model("llama3-8b"), "h100-sxm", 256, 8192, 32L * 8192);
        private static readonly ParallelLayout DataParallel = new() { Tp = 8, Dp = 32, Zero = ZeroStage.None };

        private static Topology PodPerNode(double oversubscription) =>
            Topology.FromPlan(Plan(Job)) with { GpusPerLeaf = 8, GpusPerPod = 8, Oversubscription = oversubscription };

        [Fact]
        public void Exposes_more_data_parallel_traffic_when_the_groups_cross_an_oversubscribed_tier()
        {
            var open = Steps(Job, PodPerNode(1)).Evaluate(DataParallel);
            var tight = Steps(Job, PodPerNode(8)).Evaluate(DataParallel);

            Assert.True(open.ExposedDataParallel > Duration.Zero, $"{open.ExposedDataParallel}");
            Assert.True(tight.ExposedDataParallel > open.ExposedDataParallel * 2, $"exposed {tight.ExposedDataParallel} at 8:1 against {open.ExposedDataParallel} at 1:1");
            Assert.True(tight.Time > open.Time, $"step {tight.Time} at 8:1 against {open.Time} at 1:1");
        }

        [Fact]
        public void Shares_the_uplinks_among_the_concurrent_data_parallel_groups()
        {
            // The eight data-parallel groups of tp 8 reduce at once and share each pod's uplinks; one group alone (the
            // collective model asked through the interface, without the concurrent groups) gets a NIC's rate through them.
            var topology = PodPerNode(8);
            var steps = Steps(Job, topology);
            var shared = steps.Evaluate(DataParallel);
            var alone = new TrainingStepModel(Job, steps.Kernels, topology, new AloneCollectives(new CollectiveModel(topology))).Evaluate(DataParallel);

            Assert.True(shared.ExposedDataParallel > alone.ExposedDataParallel, $"{shared.ExposedDataParallel} shared against {alone.ExposedDataParallel} alone");
        }

        [Fact]
        public void Leaves_a_layout_whose_groups_stay_inside_a_scale_up_domain_alone()
        {
            // A single-node job, tp 8 inside the NVLink domain: nothing crosses the spine.
            var small = TrainingFixtures.Job(Model("llama3-8b"), "h100-sxm", 8, 8192, 8L * 8192);
            var layout = new ParallelLayout { Tp = 8 };
            var topology = Topology.FromPlan(Plan(small));

            var open = Steps(small, topology with { Oversubscription = 1 }).Evaluate(layout);
            var tight = Steps(small, topology with { Oversubscription = 8 }).Evaluate(layout);

            Assert.Equal(open.Time, tight.Time);
        }

        // The collective model seen through the interface only: every group as if alone on the network.
        private sealed class AloneCollectives(CollectiveModel inner) : Colossim.Performance.ICommunication
        {
            public Duration Time(Colossim.Performance.Collective collective, Bytes perRank, Colossim.Performance.CommGroup group) => inner.Time(collective, perRank, group);
        }
    }
}
