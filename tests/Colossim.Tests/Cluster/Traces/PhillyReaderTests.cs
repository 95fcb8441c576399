using Colossim.Cluster;
using Colossim.Cluster.Traces;
using Colossim.Documents;
using Colossim.Tests.Scenarios;
using Colossim.Units;
using static Colossim.Tests.Cluster.Traces.TraceFiles;

namespace Colossim.Tests.Cluster.Traces;

public sealed class PhillyReaderTests
{
    public sealed class TheReadMethod
    {
        private static (JobTrace Trace, string[] Problems) ReadGood()
        {
            var problems = new Problems();
            var trace = PhillyReader.Read(TestData("philly-cluster_job_log.json"), problems, TestData("philly-machine-list.csv"));
            return (trace!, Messages(problems));
        }

        [Fact]
        public void Leaves_out_jobs_without_attempts_with_one_warning()
        {
            var (trace, problems) = ReadGood();

            Assert.Equal(["application_1506638472019_14200", "application_1506638472019_14199", "application_1506638472019_14201"], trace.Jobs.Select(j => j.Id));
            Assert.Equal([$"{TestData("philly-cluster_job_log.json")}: warning: 1 jobs have no scheduling attempt (so no GPU count) and are left out"], problems);
        }

        [Fact]
        public void Counts_the_most_gpus_an_attempt_held_and_sums_the_attempts_run_times()
        {
            var job = ReadGood().Trace.Jobs.Single(j => j.Id.EndsWith("14199", StringComparison.Ordinal));

            Assert.Equal((16, JobKind.Training), (job.Gpus, job.Kind));
            Assert.Equal(Duration.FromSeconds(74 + 3600), job.Runtime);
            Assert.Equal(Duration.FromSeconds(39), job.Submit);
            Assert.Equal(Duration.FromSeconds(69), job.TraceScheduled);
            Assert.Equal((TraceOutcome.Succeeded, "ee9e8c"), (job.Outcome!.Value, job.Tenant));
        }

        [Fact]
        public void Calls_a_killed_job_failed_and_one_without_a_last_end_running()
        {
            var jobs = ReadGood().Trace.Jobs;

            Assert.Equal((TraceOutcome.Failed, 1, Duration.FromSeconds(600)), (jobs[0].Outcome!.Value, jobs[0].Gpus, jobs[0].Runtime!.Value));
            Assert.Equal((TraceOutcome.Running, 2), (jobs[2].Outcome!.Value, jobs[2].Gpus));
            Assert.Null(jobs[2].Runtime);
            Assert.Equal(Duration.FromSeconds(2940), jobs[2].TraceScheduled);
        }

        [Fact]
        public void Reads_the_machine_list_and_names_virtual_clusters_as_tenants()
        {
            var trace = ReadGood().Trace;

            Assert.Equal([new NodeSpec("m31", 8, "24GB"), new NodeSpec("m47", 8, "24GB"), new NodeSpec("m412", 2, "12GB")], trace.Nodes);
            Assert.Equal(["b436b2", "ee9e8c"], trace.Tenants.Select(t => t.Name));
        }

        [Fact]
        public void Reports_bad_jobs_with_their_line_and_path_in_the_list()
        {
            using var temp = new TempDirectory();
            var file = temp.Write("cluster_job_log", """
                [ {"jobid": "a", "vc": "v", "status": "Pass", "submitted_time": "2017-10-07 01:11:39", "attempts": [ {"start_time": "soon", "end_time": null, "detail": []} ] },
                  5,
                  {"jobid": "b", "vc": "v", "status": "Passed", "submitted_time": "2017-10-07 01:11:39", "attempts": 3},
                  {"jobid": "c"} ]
                """);
            var problems = new Problems();

            Assert.Null(PhillyReader.Read(file, problems));
            Assert.Equal(
            [
                $"{file}:1: [0].attempts[0].start_time: expected a date and time from 1970 on, like 2020-06-09 18:41:01, found 'soon'",
                $"{file}:2: [1]: expected a job object, found '5'",
                $"{file}:3: [2].status: expected one of Pass, Killed, Failed, found 'Passed' (did you mean 'Pass'?)",
                $"{file}:3: [2].attempts: expected a list of attempts, found '3'",
                $"{file}:4: [3].vc: is required",
                $"{file}:4: [3].status: is required",
                $"{file}:4: [3].submitted_time: is required",
            ], Messages(problems));
        }

        [Fact]
        public void Reports_invalid_json_at_its_line()
        {
            using var temp = new TempDirectory();
            var file = temp.Write("cluster_job_log", "[\n  {\"jobid\": \"a\",\n  ]\n");
            var problems = new Problems();

            Assert.Null(PhillyReader.Read(file, problems));
            var problem = Assert.Single(problems);
            Assert.StartsWith($"{file}:3: invalid JSON: ", problem.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public void Refuses_a_document_that_is_not_a_list()
        {
            using var temp = new TempDirectory();
            var file = temp.Write("cluster_job_log", "{\"jobid\": \"a\"}");
            var problems = new Problems();

            Assert.Null(PhillyReader.Read(file, problems));
            Assert.Equal([$"{file}:1: expected Philly's cluster_job_log, a JSON list of jobs, found an object"], Messages(problems));
        }
    }
}
