using Colossim.Cluster;
using Colossim.Cluster.Traces;
using Colossim.Documents;
using Colossim.Units;
using static Colossim.Tests.Cluster.Traces.TraceFiles;

namespace Colossim.Tests.Cluster.Traces;

public sealed class TraceStatisticsTests
{
    public sealed class TheOfMethod
    {
        private static TraceStatistics Small()
        {
            var problems = new Problems();
            var trace = Alibaba2023Reader.Read(TestData("alibaba-2023-pods.csv"), problems, TestData("alibaba-2023-nodes.csv"));
            Assert.Empty(problems);
            return TraceStatistics.Of(trace!);
        }

        [Fact]
        public void Counts_jobs_by_gpus_priority_outcome_and_tenant()
        {
            var s = Small();

            Assert.Equal(6, s.Jobs);
            Assert.Equal(new Dictionary<int, int> { [0] = 1, [1] = 3, [2] = 1, [8] = 1 }, s.JobsByGpus);
            Assert.Equal(1, s.FractionalJobs);
            Assert.Equal(new Dictionary<PriorityClass, int> { [PriorityClass.Guaranteed] = 4, [PriorityClass.Spot] = 2 }, s.JobsByPriority);
            Assert.Equal(new Dictionary<TraceOutcome, int> { [TraceOutcome.Succeeded] = 3, [TraceOutcome.Failed] = 1, [TraceOutcome.Running] = 1, [TraceOutcome.Pending] = 1 }, s.JobsByOutcome);
            Assert.Equal(new Dictionary<string, int> { ["BE"] = 2, ["Burstable"] = 1, ["Guaranteed"] = 1, ["LS"] = 2 }, s.JobsByTenant);
        }

        [Fact]
        public void Sums_gpu_requests_counting_fractions()
        {
            // 1 + 0.46 + 8 + 0 + 1 + 2
            Assert.Equal(12.46, Small().GpuRequests, 9);
            Assert.Equal(Duration.FromSeconds(400), Small().Span);
        }

        [Fact]
        public void Summarises_the_inventory_by_model_largest_first()
        {
            var s = Small();

            Assert.Equal((5, 26L), (s.Nodes, s.NodeGpus));
            Assert.Equal([new("V100M32", 16L), new("G3", 8L), new KeyValuePair<string, long>("P100", 2L)], s.NodeGpusByModel);
            Assert.Equal(new Dictionary<int, int> { [0] = 1, [2] = 1, [8] = 3 }, s.NodesByGpus);
        }

        [Fact]
        public void Summarises_the_queueing_delay_of_the_scheduled_jobs()
        {
            // Delays of the five scheduled pods: 0, 1000, 10, 60, 0 s.
            var q = Small().QueueDelay!;

            Assert.Equal(5, q.Count);
            Assert.Equal(214, q.Mean.TotalSeconds, 9);
            Assert.Equal(10, q.P50.TotalSeconds, 9);
            Assert.Equal(1000 - (0.04 * 940), q.P99.TotalSeconds, 6);
        }

        [Fact]
        public void Gives_zeros_and_no_delay_for_an_empty_trace()
        {
            var s = TraceStatistics.Of(new JobTrace([], [], []));

            Assert.Equal((0, 0, Duration.Zero, 0.0), (s.Jobs, s.Nodes, s.Span, s.GpuRequests));
            Assert.Null(s.QueueDelay);
        }
    }
}
