using Colossim.Cluster.Traces;
using Colossim.Documents;
using Colossim.Tests.Scenarios;
using static Colossim.Tests.Cluster.Traces.TraceFiles;

namespace Colossim.Tests.Cluster.Traces;

public sealed class JobTracesTests
{
    public sealed class TheFormatNames
    {
        [Fact]
        public void Are_the_ones_flags_and_documents_use()
        {
            Assert.Equal(["philly", "helios", "alibaba-2020", "alibaba-2023"], EnumNames.All<JobTraceFormat>());
            Assert.Equal(JobTraceFormat.Alibaba2020, EnumNames.Parse<JobTraceFormat>("alibaba-2020"));
            Assert.Equal("alibaba-2023", EnumNames.Of(JobTraceFormat.Alibaba2023));
        }
    }

    public sealed class TheReadMethod
    {
        [Theory]
        [InlineData(JobTraceFormat.Alibaba2023, "alibaba-2023-pods.csv", "alibaba-2023-nodes.csv", 6, 5)]
        [InlineData(JobTraceFormat.Helios, "helios-cluster_log.csv", null, 4, 0)]
        [InlineData(JobTraceFormat.Philly, "philly-cluster_job_log.json", "philly-machine-list.csv", 3, 3)]
        [InlineData(JobTraceFormat.Alibaba2020, "pai/pai_job_table.csv", "pai/pai_machine_spec.csv", 4, 3)]
        public void Reads_each_format_with_its_reader(JobTraceFormat format, string file, string? nodes, int jobs, int nodeCount)
        {
            var problems = new Problems();

            var trace = JobTraces.Read(TestData(file), format, problems, nodes is null ? null : TestData(nodes));

            Assert.False(problems.HasErrors, string.Join("\n", problems));
            Assert.Equal((jobs, nodeCount), (trace!.Jobs.Count, trace.Nodes.Count));
        }

        [Fact]
        public void Finds_the_pai_task_table_next_to_the_job_table_unless_told()
        {
            using var temp = new TempDirectory();
            var jobs = temp.Write("pai_job_table.csv", "j1,i,u,Terminated,10.0,20.0\n");
            var tasks = temp.Write("tasks.csv", "j1,worker,1.0,Terminated,12.0,20.0,600.0,1.0,100.0,V100\n");
            var problems = new Problems();

            Assert.Null(JobTraces.Read(jobs, JobTraceFormat.Alibaba2020, problems));
            Assert.Equal([$"{Path.Combine(temp.Path, "pai_task_table.csv")}: the file does not exist"], Messages(problems));
            Assert.Single(JobTraces.Read(jobs, JobTraceFormat.Alibaba2020, new Problems(), tasksPath: tasks)!.Jobs);
        }

        [Fact]
        public void Refuses_a_node_list_for_helios_and_a_task_table_for_other_formats()
        {
            var problems = new Problems();

            Assert.Null(JobTraces.Read(TestData("helios-cluster_log.csv"), JobTraceFormat.Helios, problems, nodesPath: "nodes.csv"));
            Assert.Null(JobTraces.Read(TestData("helios-cluster_log.csv"), JobTraceFormat.Helios, problems, tasksPath: "tasks.csv"));
            Assert.Equal(["the helios format has no node list; leave the node file out", "a task table is read only with the alibaba-2020 format, not helios"], Messages(problems));
        }
    }
}
