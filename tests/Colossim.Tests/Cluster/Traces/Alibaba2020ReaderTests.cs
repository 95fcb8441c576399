using Colossim.Cluster;
using Colossim.Cluster.Traces;
using Colossim.Documents;
using Colossim.Tests.Scenarios;
using Colossim.Units;
using static Colossim.Tests.Cluster.Traces.TraceFiles;

namespace Colossim.Tests.Cluster.Traces;

public sealed class Alibaba2020ReaderTests
{
    public sealed class TheReadMethod
    {
        private static string Jobs => TestData(Path.Combine("pai", "pai_job_table.csv"));

        private static string Tasks => TestData(Path.Combine("pai", "pai_task_table.csv"));

        private static (JobTrace Trace, string[] Problems) ReadGood()
        {
            var problems = new Problems();
            var trace = Alibaba2020Reader.Read(Jobs, Tasks, problems, TestData(Path.Combine("pai", "pai_machine_spec.csv")));
            return (trace!, Messages(problems));
        }

        [Fact]
        public void Joins_jobs_to_tasks_and_leaves_out_jobs_without_one_with_a_warning()
        {
            var (trace, problems) = ReadGood();

            Assert.Equal(["af724763f4f5d0beef445849", "4f057009a5d481acec67b088", "bb724763f4f5d0beef445849", "4b3f04b66a525d2df903eb16"], trace.Jobs.Select(j => j.Id));
            Assert.Equal([0, 50, 200, 2811779], trace.Jobs.Select(j => j.Submit.TotalSeconds));
            Assert.Equal([$"{Jobs}: warning: 1 jobs have no task in the task table (so no GPU demand) and are left out"], problems);
        }

        [Fact]
        public void Sums_instances_times_plan_gpu_into_whole_or_fractional_gpus()
        {
            var jobs = ReadGood().Trace.Jobs.ToDictionary(j => j.Id);

            Assert.Equal((2, 1.0, JobKind.Training), (jobs["4b3f04b66a525d2df903eb16"].Gpus, jobs["4b3f04b66a525d2df903eb16"].GpuFraction, jobs["4b3f04b66a525d2df903eb16"].Kind));
            Assert.Equal((1, 0.5), (jobs["4f057009a5d481acec67b088"].Gpus, jobs["4f057009a5d481acec67b088"].GpuFraction));
            Assert.Equal((2, 1.0), (jobs["af724763f4f5d0beef445849"].Gpus, jobs["af724763f4f5d0beef445849"].GpuFraction));
        }

        [Fact]
        public void Schedules_a_job_at_its_first_task_and_ends_it_at_the_job_end()
        {
            var jobs = ReadGood().Trace.Jobs.ToDictionary(j => j.Id);

            Assert.Equal(Duration.FromSeconds(526), jobs["4b3f04b66a525d2df903eb16"].Runtime);
            Assert.Equal(Duration.FromSeconds(2811790), jobs["4b3f04b66a525d2df903eb16"].TraceScheduled);
            Assert.Equal(Duration.FromSeconds(38), jobs["4f057009a5d481acec67b088"].Runtime);
            Assert.Null(jobs["af724763f4f5d0beef445849"].Runtime);
            Assert.Null(jobs["bb724763f4f5d0beef445849"].TraceScheduled);
        }

        [Fact]
        public void Maps_statuses_and_users_and_reads_the_machines()
        {
            var trace = ReadGood().Trace;
            var jobs = trace.Jobs.ToDictionary(j => j.Id);

            Assert.Equal(
                [TraceOutcome.Succeeded, TraceOutcome.Failed, TraceOutcome.Running, TraceOutcome.Pending],
                ((string[])["4b3f04b66a525d2df903eb16", "4f057009a5d481acec67b088", "af724763f4f5d0beef445849", "bb724763f4f5d0beef445849"]).Select(id => jobs[id].Outcome!.Value));
            Assert.Equal(["58540f191766", "d2d3b77d342e"], trace.Tenants.Select(t => t.Name));
            Assert.Equal([new NodeSpec("471dda9ed84965451e042145", 8, "V100"), new NodeSpec("6884752e3565b15cafe14218", 2, "T4"), new NodeSpec("5884752e3565b15cafe14218", 0, null)], trace.Nodes);
        }

        [Fact]
        public void Reports_bad_rows_of_both_tables_with_their_lines()
        {
            using var temp = new TempDirectory();
            var jobs = temp.Write("pai_job_table.csv", "j1,i,u,Terminated,10.0,5.0\nj2,i,u,Done,10.0,20.0\nj3,i,u,Terminated,ten,20.0\nj4,i,u,Terminated\n");
            var tasks = temp.Write("pai_task_table.csv", "j1,worker,1.0,Terminated,12.0,20.0,600.0,1.0,100.0,V100\nj2,worker,x,Terminated,12.0,20.0,600.0,1.0,100.0,V100\n");
            var problems = new Problems();

            Assert.Null(Alibaba2020Reader.Read(jobs, tasks, problems));
            Assert.Equal([$"{tasks}:2: inst_num: expected a whole number between 0 and 1,000,000, found 'x'"], Messages(problems));

            File.WriteAllText(tasks, "j1,worker,1.0,Terminated,12.0,20.0,600.0,1.0,100.0,V100\n");
            problems = new Problems();
            Assert.Null(Alibaba2020Reader.Read(jobs, tasks, problems));
            Assert.Equal(
            [
                $"{jobs}:1: end_time: expected a time at or after the first task's start (12), found '5.0'",
                $"{jobs}:2: status: expected one of Terminated, Failed, Running, Waiting, found 'Done'",
                $"{jobs}:3: start_time: expected a time in seconds from the start of the trace (0 or more), found 'ten'",
                $"{jobs}:4: expected 6 fields (job_name,inst_id,user,status,start_time,end_time), found 4",
            ], Messages(problems));
        }
    }
}
