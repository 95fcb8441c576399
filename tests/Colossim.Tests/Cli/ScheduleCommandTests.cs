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
