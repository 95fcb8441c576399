using Colossim.Cluster;
using Colossim.Cluster.Traces;
using Colossim.Documents;
using Colossim.Scenarios;
using Colossim.Simulation;
using Colossim.Units;
using static Colossim.Tests.Scenarios.ScenarioFiles;

namespace Colossim.Tests.Scenarios;

/// <summary>The scenario's <c>jobs</c> section and the tenants' sharing fields: how the loader binds them and <see cref="ScenarioJobs.ToJobTrace"/>.</summary>
public sealed class ScenarioJobsTests
{
    // Line numbers matter for the expected messages: the job is on line 9.
    private const string Valid = """
        name: small
        sites:
          - name: lab
            gpus: { type: h200-sxm, count: 64 }
        tenants:
          - { name: alpha, share: 0.5 }
          - { name: beta, share: 0.5 }
        jobs:
          - { tenant: alpha, count: 10, rate: 2/h, gpus: 8, runtime: 1h }
        """;

    private static string Traces => Path.GetDirectoryName(Cluster.Traces.TraceFiles.TestData("x"))!;

    private static string WithJob(string job) => Valid.Replace("{ tenant: alpha, count: 10, rate: 2/h, gpus: 8, runtime: 1h }", job, StringComparison.Ordinal);

    private static Scenario Load(string yaml)
    {
        var result = Parse(yaml, Traces);
        Assert.Equal([], Messages(result));
        return result.Scenario!;
    }

    public sealed class TheLoader
    {
        [Fact]
        public void Binds_a_job_stream_with_its_defaults()
        {
            var stream = Assert.Single(Load(Valid).Jobs.Streams);

            Assert.Equal(("alpha-0", "alpha", 10, JobArrival.Poisson), (stream.Name, stream.Tenant, stream.Count!.Value, stream.Arrival));
            Assert.Equal(2.0 / 3600, stream.Rate!.Value, 15);
            Assert.Equal([new GpuSize(8, 1)], stream.Sizes);
            Assert.Equal(new RuntimeDistribution(Duration.FromHours(1)), stream.Runtime);
            Assert.Equal((PriorityClass.Guaranteed, JobKind.Training), (stream.Priority, stream.Kind));
        }

        [Fact]
        public void Binds_every_field_of_a_stream()
        {
            var stream = Assert.Single(Load(WithJob("{ name: sweep, tenant: beta, rate: 100/d, window: 30d, arrival: gamma, cv: 3, gpus: [ { size: 1, weight: 9 }, { size: 64, weight: 1 } ], runtime: { median: 20min, sigma: 1.5 }, priority: spot, kind: batch }")).Jobs.Streams);

            Assert.Equal(("sweep", "beta", JobArrival.Gamma, 3.0), (stream.Name, stream.Tenant, stream.Arrival, stream.Cv));
            Assert.Null(stream.Count);
            Assert.Equal(Duration.FromHours(720), stream.Window);
            Assert.Equal([new GpuSize(1, 9), new GpuSize(64, 1)], stream.Sizes);
            Assert.Equal(new RuntimeDistribution(Duration.FromSeconds(1200), 1.5), stream.Runtime);
            Assert.Equal((PriorityClass.Spot, JobKind.Batch), (stream.Priority, stream.Kind));
        }

        [Fact]
        public void Binds_a_trace_replay_with_paths_relative_to_the_scenario()
        {
            var replay = Assert.Single(Load(WithJob("{ trace: alibaba-2023-pods.csv, format: alibaba-2023, nodes: alibaba-2023-nodes.csv, tenant: beta }")).Jobs.Traces);

            Assert.Equal(new TraceReplay { Path = Path.Combine(Traces, "alibaba-2023-pods.csv"), Format = JobTraceFormat.Alibaba2023, NodesPath = Path.Combine(Traces, "alibaba-2023-nodes.csv"), Tenant = "beta" }, replay);
        }

        [Fact]
        public void Gives_jobs_the_default_tenant_when_the_scenario_lists_none()
        {
            var yaml = WithJob("{ count: 1, gpus: 8, runtime: 1h }").Replace("tenants:\n  - { name: alpha, share: 0.5 }\n  - { name: beta, share: 0.5 }\n", "", StringComparison.Ordinal);

            Assert.Equal("default", Assert.Single(Load(yaml).Jobs.Streams).Tenant);
        }

        [Fact]
        public void Binds_the_tenants_sharing_fields()
        {
            var scenario = Load(Valid.Replace("{ name: alpha, share: 0.5 }", "{ name: alpha, share: 0.5, borrowing_limit: 0.25, lending_limit: 0.125, weight: 3 }", StringComparison.Ordinal));

            Assert.Equal(new TenantSpec { Name = "alpha", Share = 0.5, BorrowingLimit = 0.25, LendingLimit = 0.125, Weight = 3 }, scenario.Tenants[0].ToSpec());
            Assert.Equal(new TenantSpec { Name = "beta", Share = 0.5 }, scenario.Tenants[1].ToSpec());
        }

        [Theory]
        [InlineData("{ name: alpha, share: 0.5, lending_limit: 0.6 }", "line 6: tenants[0].lending_limit: expected at most the tenant's own share (0.5), found '0.6'")]
        [InlineData("{ name: alpha, share: 0.5, borrowing_limit: 1.5 }", "line 6: tenants[0].borrowing_limit: expected a share of the cluster between 0 and 1, found '1.5'")]
        [InlineData("{ name: alpha, share: 0.5, weight: 0 }", "line 6: tenants[0].weight: expected a weight above 0, found '0'")]
        public void Reports_bad_sharing_fields_of_a_tenant(string tenant, string expected)
        {
            var result = Parse(Valid.Replace("{ name: alpha, share: 0.5 }", tenant, StringComparison.Ordinal), Traces);

            Assert.Equal([expected], Messages(result));
        }

        [Theory]
        [InlineData("{ tenant: alpha, count: 10, gpus: 128, runtime: 1h }", "line 9: jobs[0].gpus: expected at most the 64 GPUs of the scenario's sites, found 128")]
        [InlineData("{ tenant: gamma, count: 10, gpus: 8, runtime: 1h }", "line 9: jobs[0].tenant: unknown tenant 'gamma'; tenants: alpha, beta")]
        [InlineData("{ count: 10, gpus: 8, runtime: 1h }", "line 9: jobs[0].tenant: is required when the scenario lists tenants (alpha, beta)")]
        [InlineData("{ tenant: alpha, gpus: 8, runtime: 1h }", "line 9: jobs[0]: expected count (how many jobs) or rate and window (how often, until when), found neither")]
        [InlineData("{ tenant: alpha, rate: 2/h, gpus: 8, runtime: 1h }", "line 9: jobs[0]: expected count (how many jobs) or window (until when they arrive) with rate, found neither")]
        [InlineData("{ tenant: alpha, count: 10, rate: 1/h, window: 1d, gpus: 8, runtime: 1h }", "line 9: jobs[0].window: expected either count or window, found both (count jobs arrive at rate; or jobs arrive at rate until window)")]
        [InlineData("{ tenant: alpha, window: 1d, gpus: 8, runtime: 1h }", "line 9: jobs[0].window: is used only with rate (jobs arrive at rate until window)")]
        [InlineData("{ tenant: alpha, rate: 1000/s, window: 30d, gpus: 8, runtime: 1h }", "line 9: jobs[0].window: expected at most 10,000,000 jobs (rate × window), found about 2,592,000,000")]
        [InlineData("{ tenant: alpha, count: 10, rate: fast, gpus: 8, runtime: 1h }", "line 9: jobs[0].rate: expected a job rate like 20/h, 0.5/min, 100/d or 2 (per second), above 0 and at most 1e6 per second, found 'fast'")]
        [InlineData("{ tenant: alpha, count: 10, rate: 2/week, gpus: 8, runtime: 1h }", "line 9: jobs[0].rate: expected a job rate like 20/h, 0.5/min, 100/d or 2 (per second), above 0 and at most 1e6 per second, found '2/week'")]
        [InlineData("{ tenant: alpha, count: 0, gpus: 8, runtime: 1h }", "line 9: jobs[0].count: expected a whole number between 1 and 10,000,000, found '0'")]
        [InlineData("{ tenant: alpha, count: 10, rate: 1/h, arrival: gamma, cv: 0, gpus: 8, runtime: 1h }", "line 9: jobs[0].cv: expected a coefficient of variation above 0, found '0'")]
        [InlineData("{ tenant: alpha, count: 10, rate: 1/h, cv: 2, gpus: 8, runtime: 1h }", "line 9: jobs[0].cv: is used only with arrival: gamma")]
        [InlineData("{ tenant: alpha, count: 10, rate: 1/h, arrival: bursty, gpus: 8, runtime: 1h }", "line 9: jobs[0].arrival: expected one of poisson, gamma, found 'bursty'")]
        [InlineData("{ tenant: alpha, count: 10, arrival: gamma, gpus: 8, runtime: 1h }", "line 9: jobs[0].arrival: is used only with rate (without a rate every job is submitted at the start)")]
        [InlineData("{ tenant: alpha, count: 10, gpus: [], runtime: 1h }", "line 9: jobs[0].gpus: expected at least one size, found an empty list")]
        [InlineData("{ tenant: alpha, count: 10, gpus: [ { size: 8, weight: 0 } ], runtime: 1h }", "line 9: jobs[0].gpus[0].weight: expected a weight above 0, found '0'")]
        [InlineData("{ tenant: alpha, count: 10, gpus: [ { size: 128, weight: 1 } ], runtime: 1h }", "line 9: jobs[0].gpus[0].size: expected at most the 64 GPUs of the scenario's sites, found 128")]
        [InlineData("{ tenant: alpha, count: 10, gpus: { size: 8 }, runtime: 1h }", "line 9: jobs[0].gpus: expected a GPU count or a list of sizes with weights, found a mapping")]
        [InlineData("{ tenant: alpha, count: 10, gpus: 8 }", "line 9: jobs[0].runtime: is required")]
        [InlineData("{ tenant: alpha, count: 10, gpus: 8, runtime: 0s }", "line 9: jobs[0].runtime: expected a duration above 0, found '0s'")]
        [InlineData("{ tenant: alpha, count: 10, gpus: 8, runtime: { median: 1h, sigma: 9 } }", "line 9: jobs[0].runtime.sigma: expected a log-normal sigma between 0 and 4, found '9'")]
        [InlineData("{ tenant: alpha, count: 10, gpus: 8, runtime: { sigma: 1 } }", "line 9: jobs[0].runtime.median: is required")]
        [InlineData("{ tenant: alpha, count: 10, gpus: 8, runtime: 1h, priority: high }", "line 9: jobs[0].priority: expected one of guaranteed, spot, found 'high'")]
        [InlineData("{ tenant: alpha, count: 10, gpus: 8, runtime: 1h, kind: serving }", "line 9: jobs[0].kind: expected one of training, inference, batch, found 'serving'")]
        [InlineData("{ tenant: alpha, count: 10, gpus: 8, runtime: 1h, format: helios }", "line 9: jobs[0].format: is used only with trace (a trace to replay)")]
        [InlineData("{ trace: missing.csv, format: alibaba-2023 }", "line 9: jobs[0].trace: the trace file '{traces}/missing.csv' does not exist")]
        [InlineData("{ trace: alibaba-2023-pods.csv, format: alibaba }", "line 9: jobs[0].format: expected one of philly, helios, alibaba-2020, alibaba-2023, found 'alibaba' (did you mean 'alibaba-2020' or 'alibaba-2023'?)")]
        [InlineData("{ trace: alibaba-2023-pods.csv }", "line 9: jobs[0].format: is required")]
        [InlineData("{ trace: helios-cluster_log.csv, format: helios, nodes: alibaba-2023-nodes.csv }", "line 9: jobs[0].nodes: the helios format has no node list; leave nodes out")]
        [InlineData("{ trace: alibaba-2023-pods.csv, format: alibaba-2023, nodes: pai }", "line 9: jobs[0].nodes: expected a node list file, found the directory '{traces}/pai'")]
        [InlineData("{ trace: alibaba-2023-pods.csv, format: alibaba-2023, count: 5 }", "line 9: jobs[0].count: is used only with synthetic jobs (without trace): a trace has its own jobs")]
        [InlineData("{ trace: alibaba-2023-pods.csv, format: alibaba-2023, tenant: gama }", "line 9: jobs[0].tenant: unknown tenant 'gama'; tenants: alpha, beta")]
        [InlineData("{ trace: alibaba-2023-pods.csv, format: alibaba-2023, tasks: pai/pai_task_table.csv }", "line 9: jobs[0].tasks: is used only with format alibaba-2020 (its task table), not alibaba-2023")]
        [InlineData("{ trace: alibaba-2023-pods.csv, format: alibaba-2020 }", "line 9: jobs[0].trace: expected the task table pai_task_table.csv next to '{traces}/alibaba-2023-pods.csv' (or give tasks), found none")]
        [InlineData("3", "line 9: jobs[0]: expected a job stream (tenant, count or rate, gpus, runtime) or a trace to replay (trace, format), found '3'")]
        public void Reports_each_mistake_with_its_path_and_line(string job, string expected)
        {
            var result = Parse(WithJob(job), Traces);

            Assert.False(result.IsValid);
            Assert.Equal([expected.Replace("{traces}", Traces, StringComparison.Ordinal)], Messages(result));
        }

        [Fact]
        public void Reports_two_streams_with_the_same_name()
        {
            var result = Parse(WithJob("{ tenant: alpha, count: 1, gpus: 8, runtime: 1h }\n  - { tenant: alpha, name: alpha-0, count: 1, gpus: 8, runtime: 1h }"), Traces);

            Assert.Equal(["line 10: jobs[1].name: the job stream name 'alpha-0' is already used by jobs[0]"], Messages(result));
        }

        [Fact]
        public void Reports_a_jobs_section_that_is_not_a_list()
        {
            var result = Parse(Valid.Replace("jobs:\n  - { tenant: alpha, count: 10, rate: 2/h, gpus: 8, runtime: 1h }", "jobs: 3", StringComparison.Ordinal), Traces);

            Assert.Equal(["line 8: jobs: expected a list, found '3'"], Messages(result));
        }
    }

    public sealed class TheToJobTraceMethod
    {
        private static Scenario Mixed() => Load(WithJob("{ tenant: alpha, count: 10, rate: 2/h, gpus: 8, runtime: { median: 1h, sigma: 1 } }\n  - { trace: alibaba-2023-pods.csv, format: alibaba-2023, nodes: alibaba-2023-nodes.csv, tenant: beta }"));

        [Fact]
        public void Merges_synthetic_and_trace_jobs_in_submission_order_with_the_scenario_tenants()
        {
            var scenario = Mixed();
            var problems = new Problems();

            var trace = scenario.Jobs.ToJobTrace(new RandomStreams((ulong)scenario.Seed), scenario.Tenants, problems);

            Assert.Empty(problems);
            Assert.Equal(16, trace!.Jobs.Count);
            Assert.Equal(10, trace.Jobs.Count(j => j.Tenant == "alpha"));
            Assert.Equal(6, trace.Jobs.Count(j => j.Tenant == "beta" && j.Outcome is not null));
            Assert.True(trace.Jobs.Zip(trace.Jobs.Skip(1)).All(p => p.First.Submit <= p.Second.Submit));
            Assert.Equal(["alpha", "beta"], trace.Tenants.Select(t => t.Name));
            Assert.Equal(5, trace.Nodes.Count);
        }

        [Fact]
        public void Gives_the_same_jobs_for_the_same_seed_and_others_for_another()
        {
            var scenario = Mixed();

            var a = scenario.Jobs.ToJobTrace(new RandomStreams(1), scenario.Tenants, new Problems())!;
            var b = scenario.Jobs.ToJobTrace(new RandomStreams(1), scenario.Tenants, new Problems())!;
            var c = scenario.Jobs.ToJobTrace(new RandomStreams(2), scenario.Tenants, new Problems())!;

            // JobSpec's GpuModels list compares by reference, so the jobs are compared field by field.
            Assert.Equal(a.Jobs.Select(j => (j.Id, j.Tenant, j.Submit, j.Gpus, j.Runtime)), b.Jobs.Select(j => (j.Id, j.Tenant, j.Submit, j.Gpus, j.Runtime)));
            Assert.NotEqual(a.Jobs.Where(j => j.Tenant == "alpha").Select(j => j.Submit), c.Jobs.Where(j => j.Tenant == "alpha").Select(j => j.Submit));
        }

        [Fact]
        public void Reports_a_trace_that_went_bad_after_loading()
        {
            using var temp = new TempDirectory();
            var pods = temp.Write("pods.csv", File.ReadAllText(Cluster.Traces.TraceFiles.TestData("alibaba-2023-pods.csv")));
            var jobs = new ScenarioJobs { Traces = [new TraceReplay { Path = pods, Format = JobTraceFormat.Alibaba2023 }] };
            File.WriteAllText(pods, "garbage\n");
            var problems = new Problems();

            Assert.Null(jobs.ToJobTrace(new RandomStreams(1), [], problems));
            Assert.StartsWith($"{pods}:1: expected an Alibaba 2023 pod list", Assert.Single(problems).ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public void Adds_the_tenants_a_trace_names_that_the_scenario_does_not_list_with_share_zero()
        {
            var scenario = Load(WithJob("{ trace: alibaba-2023-pods.csv, format: alibaba-2023 }"));

            var trace = scenario.Jobs.ToJobTrace(new RandomStreams(1), scenario.Tenants, new Problems())!;

            Assert.Equal(["alpha", "beta", "BE", "Burstable", "Guaranteed", "LS"], trace.Tenants.Select(t => t.Name));
            Assert.Equal([0.5, 0.5, 0, 0, 0, 0], trace.Tenants.Select(t => t.Share));
        }

        [Fact]
        public void Names_the_tenants_of_the_jobs_with_equal_shares_when_the_scenario_lists_none()
        {
            var jobs = new ScenarioJobs { Traces = [new TraceReplay { Path = Cluster.Traces.TraceFiles.TestData("helios-cluster_log.csv"), Format = JobTraceFormat.Helios }] };

            var trace = jobs.ToJobTrace(new RandomStreams(1), [], new Problems())!;

            Assert.Equal([new TenantSpec { Name = "vcJkd", Share = 0.5 }, new TenantSpec { Name = "vchbv", Share = 0.5 }], trace.Tenants);
        }
    }
}
