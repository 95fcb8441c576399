using System.Text.Json;
using Colossim.Tests.Scenarios;

namespace Colossim.Tests.Cli;

public sealed class ScheduleCommandTests
{
    public sealed class TheBadInputs
    {
        [Theory]
        [InlineData("--gpus: expected a whole number from 1 to 10000000, found 0", "--gpus", "0", "--jobs", "10")]
        [InlineData("--jobs: expected a whole number from 1 to 10000000, found -1", "--gpus", "8", "--jobs=-1")]
        [InlineData("--policy: expected one of fifo, fifo-backfill, multifactor, drf, priority, found 'fifi' (did you mean 'fifo'?)", "--gpus", "8", "--jobs", "10", "--policy", "fifi")]
        [InlineData("--load: expected a number above 0 to 100, found 0", "--gpus", "8", "--jobs", "10", "--load", "0")]
        [InlineData("--max-job-gpus: expected a whole number from 1 to 8, found 16", "--gpus", "8", "--jobs", "10", "--max-job-gpus", "16")]
        [InlineData("--shares: expected shares adding up to at most 1, found 1.2", "--gpus", "8", "--jobs", "10", "--shares", "a=0.6,b=0.6")]
        [InlineData("--shares: expected NAME=SHARE pairs with shares from 0 to 1, such as xai=0.6,microsoft=0.4; found 'a'", "--gpus", "8", "--jobs", "10", "--shares", "a")]
        [InlineData("--failures: expected llama3 or none, found 'often'", "--gpus", "8", "--jobs", "10", "--failures", "often")]
        [InlineData("--locality: expected one of node, domain, leaf, pod, cluster, found 'rack'", "--gpus", "8", "--jobs", "10", "--locality", "rack")]
        [InlineData("--gpus: expected --scenario FILE, or --gpus N with --jobs K for a synthetic workload", "--jobs", "10")]
        [InlineData("--scenario: give either --scenario or --gpus with --jobs, not both", "--scenario", "x.yaml", "--gpus", "8")]
        [InlineData("--trace-format: expected the trace's format with --trace: philly, helios, alibaba-2020, alibaba-2023", "--trace", "x.csv")]
        [InlineData("--trace-format: expected one of philly, helios, alibaba-2020, alibaba-2023, found 'alibaba' (did you mean 'alibaba-2020' or 'alibaba-2023'?)", "--trace", "x.csv", "--trace-format", "alibaba")]
        [InlineData("--trace: give one workload: --scenario, --trace, or --gpus with --jobs", "--trace", "x.csv", "--jobs", "10")]
        [InlineData("--tenants: goes with --trace FILE", "--gpus", "8", "--jobs", "10", "--tenants", "t.yaml")]
        [InlineData("--arrival-speedup: goes with --trace FILE", "--gpus", "8", "--jobs", "10", "--arrival-speedup", "2")]
        public void Exits_with_2_and_says_what_was_expected(string message, params string[] args)
        {
            var result = CliRunner.Run(["schedule", .. args]);

            Assert.Equal(2, result.ExitCode);
            Assert.Equal($"error: {message}\n", result.Error.ReplaceLineEndings("\n"));
            Assert.Equal("", result.Out);
        }

        [Fact]
        public void Says_which_duration_it_could_not_read()
        {
            var result = CliRunner.Run("schedule", "--gpus", "8", "--jobs", "10", "--runtime", "soon");

            Assert.Equal(2, result.ExitCode);
            Assert.StartsWith("error: --runtime: expected a duration", result.Error, StringComparison.Ordinal);
        }
    }

    public sealed class TheTraceReplay
    {
        private static string Trace(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "traces", name);

        [Fact]
        public void Replays_an_alibaba_2023_pod_list_on_its_own_node_list()
        {
            var result = CliRunner.Run("schedule", "--trace", Trace("alibaba-2023-pods.csv"), "--trace-format", "alibaba-2023", "--nodes", Trace("alibaba-2023-nodes.csv"), "--failures", "none", "--format", "json");

            Assert.Equal(0, result.ExitCode);
            using var doc = JsonDocument.Parse(result.Out);
            var root = doc.RootElement;
            var jobs = root.GetProperty("jobs");
            var nodes = File.ReadLines(Trace("alibaba-2023-nodes.csv")).Skip(1).Where(l => l.Length > 0).Select(l => int.Parse(l.Split(',')[3], System.Globalization.CultureInfo.InvariantCulture)).Sum();
            Assert.Equal(nodes, root.GetProperty("gpus").GetInt32());
            var pods = File.ReadLines(Trace("alibaba-2023-pods.csv")).Skip(1).Count(l => l.Length > 0);
            Assert.Equal(pods, jobs.GetProperty("submitted").GetInt32());
            Assert.Equal(pods, jobs.GetProperty("completed").GetInt32() + jobs.GetProperty("failed").GetInt32() + jobs.GetProperty("running").GetInt32() + jobs.GetProperty("queued").GetInt32() + jobs.GetProperty("withdrawn").GetInt32());
        }

        [Theory]
        [InlineData("0", "--arrival-speedup: expected a number above 0 to 10000, found 0")]
        [InlineData("1e308", "--arrival-speedup: expected a number above 0 to 10000, found 1E+308")]
        [InlineData("-1", "--arrival-speedup: expected a number above 0 to 10000, found -1")]
        public void Refuses_an_arrival_speedup_out_of_range(string value, string message)
        {
            var result = CliRunner.Run("schedule", "--trace", Trace("alibaba-2023-pods.csv"), "--trace-format", "alibaba-2023", "--nodes", Trace("alibaba-2023-nodes.csv"), "--arrival-speedup", value);

            Assert.Equal(2, result.ExitCode);
            Assert.Equal($"error: {message}\n", result.Error.ReplaceLineEndings("\n"));
        }

        [Fact]
        public void Warns_about_gpu_models_no_node_has_and_fails_the_pods_that_name_only_those()
        {
            using var temp = new TempDirectory();
            var pods = temp.Write("pods.csv", "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time\n"
                + "p1,1000,1024,1,1000,A100|V100M32,LS,Succeeded,0,10,0\n"
                + "p2,1000,1024,1,1000,H800,LS,Succeeded,0,10,0\n"
                + "p3,1000,1024,1,1000,G3,LS,Succeeded,0,10,0\n");

            var result = CliRunner.Run("schedule", "--trace", pods, "--trace-format", "alibaba-2023", "--nodes", Trace("alibaba-2023-nodes.csv"), "--failures", "none", "--format", "json");

            Assert.Equal(0, result.ExitCode);
            Assert.Equal("warning: --nodes: 2 jobs name GPU models no node has (A100, H800); they run only on the models that exist, and the 1 that name none of them can never run (counted failed)\n", result.Error.ReplaceLineEndings("\n"));
            using var doc = JsonDocument.Parse(result.Out);
            Assert.Equal((2, 1), (doc.RootElement.GetProperty("jobs").GetProperty("completed").GetInt32(), doc.RootElement.GetProperty("jobs").GetProperty("failed").GetInt32()));
        }

        [Theory]
        [InlineData("sn,cpu_milli,memory_mib,gpu,model\nn0,1000,1024,0,\n", "--nodes: no node in the list has GPUs; expected at least one")]
        [InlineData("sn,cpu_milli,memory_mib,gpu,model\nn0,1000,1024,128,G2\n", "--nodes: node n0 has 128 GPUs; the scheduler takes at most 64 per node")]
        public void Refuses_a_node_list_the_scheduler_cannot_take(string nodes, string message)
        {
            using var temp = new TempDirectory();
            var file = temp.Write("nodes.csv", nodes);

            var result = CliRunner.Run("schedule", "--trace", Trace("alibaba-2023-pods.csv"), "--trace-format", "alibaba-2023", "--nodes", file);

            Assert.Equal(2, result.ExitCode);
            Assert.Equal($"error: {message}\n", result.Error.ReplaceLineEndings("\n"));
        }

        [Fact]
        public void Needs_the_clusters_gpus_when_the_trace_has_no_node_list()
        {
            var result = CliRunner.Run("schedule", "--trace", Trace("helios-cluster_log.csv"), "--trace-format", "helios");

            Assert.Equal(2, result.ExitCode);
            Assert.Equal("error: --gpus: expected the cluster's GPUs: the helios trace has no node list here (give --gpus N, or --nodes FILE)\n", result.Error.ReplaceLineEndings("\n"));
        }

        [Fact]
        public void Replays_a_helios_log_on_the_gpus_given_with_the_tenants_files_shares()
        {
            var result = CliRunner.Run("schedule", "--trace", Trace("helios-cluster_log.csv"), "--trace-format", "helios", "--gpus", "64", "--format", "json");

            Assert.Equal(0, result.ExitCode);
            using var doc = JsonDocument.Parse(result.Out);
            Assert.Equal(64, doc.RootElement.GetProperty("gpus").GetInt32());
            Assert.True(doc.RootElement.GetProperty("jobs").GetProperty("submitted").GetInt32() > 0);
        }

        [Fact]
        public void Refuses_a_tenants_file_that_leaves_out_a_tenant_of_the_trace()
        {
            var result = CliRunner.Run("schedule", "--trace", Trace("alibaba-2023-pods.csv"), "--trace-format", "alibaba-2023", "--nodes", Trace("alibaba-2023-nodes.csv"), "--tenants", Trace("tenants.yaml"));

            Assert.Equal(2, result.ExitCode);
            Assert.StartsWith("error: --tenants: the trace's tenants ", result.Error, StringComparison.Ordinal);
            Assert.Contains("are not in", result.Error, StringComparison.Ordinal);
        }
    }

    public sealed class TheJsonOutput
    {
        [Fact]
        public void Has_the_issues_keys_and_accounts_for_every_job()
        {
            var result = CliRunner.Run("schedule", "--gpus", "64", "--jobs", "300", "--shares", "xai=0.6,microsoft=0.4", "--policy", "priority", "--seed", "3", "--format", "json");

            Assert.Equal(0, result.ExitCode);
            using var doc = JsonDocument.Parse(result.Out);
            var root = doc.RootElement;
            var jobs = root.GetProperty("jobs");
            Assert.Equal(300, jobs.GetProperty("submitted").GetInt32());
            Assert.Equal(300, jobs.GetProperty("completed").GetInt32() + jobs.GetProperty("failed").GetInt32() + jobs.GetProperty("running").GetInt32() + jobs.GetProperty("queued").GetInt32());
            Assert.True(jobs.TryGetProperty("preempted", out _));
            foreach (var key in new[] { "jct_s", "queue_s" })
            {
                var stats = root.GetProperty(key);
                Assert.True(stats.GetProperty("p50").GetDouble() <= stats.GetProperty("p99").GetDouble());
                Assert.True(stats.TryGetProperty("mean", out _));
            }

            Assert.InRange(root.GetProperty("utilization").GetProperty("allocated").GetDouble(), 0, 1);
            var tenants = root.GetProperty("tenants").EnumerateArray().ToList();
            Assert.Equal(["xai", "microsoft"], tenants.Select(t => t.GetProperty("name").GetString()));
            Assert.Equal(0.6, tenants[0].GetProperty("entitled_share").GetDouble(), 9);
            Assert.True(tenants[0].TryGetProperty("received_share", out _));
            Assert.True(tenants[0].TryGetProperty("jct_s", out _));
            Assert.True(root.GetProperty("lost_gpu_hours").GetDouble() >= 0);
            Assert.True(root.GetProperty("sim").GetProperty("events").GetInt64() > 300);
            Assert.True(root.GetProperty("sim").GetProperty("wall_s").GetDouble() >= 0);
        }

        [Fact]
        public void Gives_the_same_results_for_the_same_seed()
        {
            string[] args = ["schedule", "--gpus", "128", "--jobs", "400", "--policy", "multifactor", "--seed", "11", "--format", "json"];

            static string WithoutWall(string json) => string.Join('\n', json.Split('\n').Where(l => !l.Contains("wall_s", StringComparison.Ordinal)));

            Assert.Equal(WithoutWall(CliRunner.Run(args).Out), WithoutWall(CliRunner.Run(args).Out));
        }
    }

    public sealed class TheTextOutput
    {
        [Fact]
        public void Shows_the_headline_the_tenants_and_the_size_classes()
        {
            var result = CliRunner.Run("schedule", "--gpus", "64", "--jobs", "200", "--shares", "a=0.5,b=0.5", "--failures", "none");

            Assert.Equal(0, result.ExitCode);
            Assert.StartsWith("fifo on 64 GPUs (8 nodes): 200 jobs over ", result.Out, StringComparison.Ordinal);
            Assert.Contains("Tenants", result.Out, StringComparison.Ordinal);
            Assert.Contains("By size", result.Out, StringComparison.Ordinal);
            Assert.Contains("simulated ", result.Error, StringComparison.Ordinal);
        }

        [Fact]
        public void Schedules_a_scenarios_workloads_on_its_site()
        {
            var result = CliRunner.Run("schedule", "--scenario", ScenarioFiles.Scenario("single-node-h200.yaml"), "--format", "json");

            Assert.Equal(0, result.ExitCode);
            using var doc = JsonDocument.Parse(result.Out);
            Assert.True(doc.RootElement.GetProperty("jobs").GetProperty("submitted").GetInt32() >= 1);
        }
    }
}
