using Colossim.Cluster;
using Colossim.Cluster.Traces;
using Colossim.Documents;
using Colossim.Tests.Scenarios;
using Colossim.Units;
using static Colossim.Tests.Cluster.Traces.TraceFiles;

namespace Colossim.Tests.Cluster.Traces;

public sealed class HeliosReaderTests
{
    public sealed class TheReadMethod
    {
        private static JobTrace ReadGood()
        {
            var problems = new Problems();
            var trace = HeliosReader.Read(TestData("helios-cluster_log.csv"), problems);
            Assert.Empty(Messages(problems));
            return trace!;
        }

        [Fact]
        public void Sorts_by_submission_with_times_from_the_first_one()
        {
            var trace = ReadGood();

            Assert.Equal(["1425513", "1425511", "1425512", "1425514"], trace.Jobs.Select(j => j.Id));
            Assert.Equal([0, 33, 59, 1172], trace.Jobs.Select(j => j.Submit.TotalSeconds));
        }

        [Fact]
        public void Takes_the_run_time_from_start_to_end_and_the_start_as_scheduled()
        {
            var jobs = ReadGood().Jobs.ToDictionary(j => j.Id);

            Assert.Equal((Duration.FromSeconds(36848), Duration.FromSeconds(33)), (jobs["1425511"].Runtime!.Value, jobs["1425511"].TraceScheduled!.Value));
            Assert.Equal((Duration.FromSeconds(249), Duration.FromSeconds(659)), (jobs["1425512"].Runtime!.Value, jobs["1425512"].TraceScheduled!.Value));
            Assert.Null(jobs["1425514"].Runtime);
            Assert.Null(jobs["1425513"].TraceScheduled);
        }

        [Fact]
        public void Maps_states_to_outcomes_and_virtual_clusters_to_tenants()
        {
            var trace = ReadGood();
            var jobs = trace.Jobs.ToDictionary(j => j.Id);

            Assert.Equal(
                [TraceOutcome.Succeeded, TraceOutcome.Failed, TraceOutcome.Failed, TraceOutcome.Running],
                ((string[])["1425511", "1425512", "1425513", "1425514"]).Select(id => jobs[id].Outcome!.Value));
            Assert.Equal(["vcJkd", "vchbv"], trace.Tenants.Select(t => t.Name));
            Assert.Equal((16, JobKind.Training, "vchbv"), (jobs["1425512"].Gpus, jobs["1425512"].Kind, jobs["1425512"].Tenant));
            Assert.All(trace.Jobs, j => Assert.Equal(PriorityClass.Guaranteed, j.Priority));
            Assert.Empty(trace.Nodes);
        }

        [Fact]
        public void Reports_every_bad_row_with_its_file_line_and_column()
        {
            using var temp = new TempDirectory();
            var file = temp.Write("cluster_log.csv", "job_id,user,vc,gpu_num,cpu_num,node_num,state,submit_time,start_time,end_time,duration,queue\n"
                + "1,u,vc1,1,1,1,COMPLETE,2020-06-09 18:41:01,2020-06-09 18:41:01,2020-06-09 18:42:01,60,0\n"
                + "2,u,vc1,1,1,1,FAILED,2020-06-09 18:41:01,2020-06-09 18:40:01,2020-06-09 18:42:01,60,0\n"
                + "3,u,vc1,1,1,1,FAILED,09/06/2020 18:41,,,0,0\n"
                + "4,u,,1,1,1,FAILED,2020-06-09 18:41:01,,,0,0\n"
                + "5,u,vc1,1,1,1,COMPLETED,2020-06-09 18:41:01,,,0,0\n"
                + "6,u,vc1,-2,1,1,FAILED,2020-06-09 18:41:01,,,0,0\n");
            var problems = new Problems();

            Assert.Null(HeliosReader.Read(file, problems));
            Assert.Equal(
            [
                $"{file}:2: state: expected one of COMPLETED, CANCELLED, FAILED, TIMEOUT, NODE_FAIL, RUNNING, PENDING, found 'COMPLETE' (did you mean 'COMPLETED'?)",
                $"{file}:3: start_time: expected a time at or after submit_time (2020-06-09 18:41:01), found '2020-06-09 18:40:01'",
                $"{file}:4: submit_time: expected a date and time from 1970 on, like 2020-06-09 18:41:01, found '09/06/2020 18:41'",
                $"{file}:5: vc: expected a virtual cluster, found an empty field",
                $"{file}:6: start_time: expected the time a COMPLETED job started, found an empty field",
                $"{file}:7: gpu_num: expected a whole number between 0 and 1,000,000, found '-2'",
            ], Messages(problems));
        }

        [Fact]
        public void Names_the_missing_columns_of_a_header()
        {
            using var temp = new TempDirectory();
            var file = temp.Write("cluster_log.csv", "job_id,user,gpu_num,state,submit_time\n1,u,1,FAILED,2020-06-09 18:41:01\n");
            var problems = new Problems();

            Assert.Null(HeliosReader.Read(file, problems));
            Assert.Equal([$"{file}:1: expected a Helios cluster_log.csv with the columns job_id,vc,gpu_num,state,submit_time,start_time,end_time in its header; missing vc, start_time, end_time"], Messages(problems));
        }
    }
}
