using Colossim.Documents;
using Colossim.Scenarios;
using Colossim.Units;

namespace Colossim.Tests.Scenarios;

public sealed class ScheduleRequestTests
{
    private static string Trace(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "traces", name);

    public sealed class TheWorkloadMethod
    {
        [Fact]
        public void Divides_a_traces_submission_times_by_the_arrival_speedup_and_keeps_run_times_and_waits()
        {
            var request = new ScheduleRequest { Trace = Trace("alibaba-2023-pods.csv"), TraceFormat = "alibaba-2023", Nodes = Trace("alibaba-2023-nodes.csv") };
            var problems = new Problems();

            var once = request.Workload(null, problems)!.Jobs.ToDictionary(j => j.Id);
            var tenfold = (request with { ArrivalSpeedup = 10 }).Workload(null, problems)!.Jobs.ToDictionary(j => j.Id);

            Assert.False(problems.HasErrors);
            Assert.Equal(Duration.FromSeconds(400), once["pod-e"].Submit);
            Assert.Equal(Duration.FromSeconds(40), tenfold["pod-e"].Submit);
            Assert.Equal(once["pod-c"].Runtime, tenfold["pod-c"].Runtime);
            Assert.Equal(once["pod-e"].MaxWait, tenfold["pod-e"].MaxWait);
        }

        [Fact]
        public void Keeps_the_node_lists_cpu_only_nodes_and_its_inventory()
        {
            var request = new ScheduleRequest { Trace = Trace("alibaba-2023-pods.csv"), TraceFormat = "alibaba-2023", Nodes = Trace("alibaba-2023-nodes.csv") };

            var shape = request.Workload(null, new Problems())!.Shape;

            Assert.Equal([2, 8, 8, 0, 8], shape.NodeGpus);
            Assert.Equal(32_000, shape.Inventory![3].CpuMilli);
        }
    }
}
