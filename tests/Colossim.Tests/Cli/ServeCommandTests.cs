using System.Text.Json;

namespace Colossim.Tests.Cli;

public sealed class ServeCommandTests
{
    private static readonly string[] Small = ["serve", "--model", "llama3-8b", "--gpu", "h200-sxm", "--gpus", "2", "--rate", "4", "--input-len", "200", "--output-len", "20", "--requests", "40", "--slo-ttft", "2s", "--slo-tpot", "200ms"];

    public sealed class TheServeCommand
    {
        [Fact]
        public void Writes_the_JSON_keys_the_issue_lists()
        {
            var result = CliRunner.Run([.. Small, "--format", "json"]);

            Assert.Equal((0, ""), (result.ExitCode, result.Error));
            using var doc = JsonDocument.Parse(result.Out);
            var root = doc.RootElement;
            foreach (var key in new[] { "output_tokens_per_s", "input_tokens_per_s", "requests_per_s", "slo_attainment", "gpus", "cost_per_million_output_tokens_usd", "energy_j_per_output_token" })
            {
                Assert.True(root.GetProperty(key).GetDouble() > 0, $"{key} is not above zero");
            }

            foreach (var key in new[] { "ttft_ms", "tpot_ms", "e2e_ms" })
            {
                Assert.Equal(["mean", "p50", "p90", "p99"], root.GetProperty(key).EnumerateObject().Select(p => p.Name));
            }

            var deployment = root.GetProperty("deployment");
            Assert.Equal((1, 1, 2, "continuous"), (deployment.GetProperty("tp").GetInt32(), deployment.GetProperty("pp").GetInt32(), deployment.GetProperty("replicas").GetInt32(), deployment.GetProperty("scheduler").GetString()));
            var requests = root.GetProperty("requests");
            Assert.Equal((40, 40, 0), (requests.GetProperty("arrived").GetInt32(), requests.GetProperty("completed").GetInt32(), requests.GetProperty("rejected").GetInt32()));
            Assert.True(root.GetProperty("sim").GetProperty("events").GetInt64() > 40, "too few events");
            Assert.True(root.GetProperty("sim").GetProperty("wall_s").GetDouble() > 0, "no wall time");
        }

        [Fact]
        public void Prints_the_same_run_twice_for_the_same_seed()
        {
            static string WithoutWall(string json) => string.Join('\n', json.Split('\n').Where(l => !l.Contains("wall_s", StringComparison.Ordinal)));

            var a = CliRunner.Run([.. Small, "--seed", "3", "--arrival", "gamma", "--burstiness", "2", "--lengths", "log-normal", "--format", "json"]);
            var b = CliRunner.Run([.. Small, "--seed", "3", "--arrival", "gamma", "--burstiness", "2", "--lengths", "log-normal", "--format", "json"]);
            var c = CliRunner.Run([.. Small, "--seed", "4", "--arrival", "gamma", "--burstiness", "2", "--lengths", "log-normal", "--format", "json"]);

            Assert.Equal(WithoutWall(a.Out), WithoutWall(b.Out));
            Assert.NotEqual(WithoutWall(a.Out), WithoutWall(c.Out));
        }

        [Fact]
        public void Writes_the_first_replicas_iterations_as_a_Chrome_trace_with_timeline()
        {
            using var temp = new TempFolder();
            var file = Path.Combine(temp.Path, "serve.json");

            var result = CliRunner.Run([.. Small, "--timeline", file]);

            Assert.Equal((0, ""), (result.ExitCode, result.Error));
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            var events = doc.RootElement.GetProperty("traceEvents").EnumerateArray().ToList();
            Assert.Equal(["replica 0", "replica 1"], events.Where(e => e.GetProperty("name").GetString() == "process_name").Select(e => e.GetProperty("args").GetProperty("name").GetString()));
            Assert.Contains(events, e => e.GetProperty("name").GetString() == "prefill");
            Assert.Contains(events, e => e.GetProperty("name").GetString() == "decode");
        }

        [Fact]
        public void Scales_a_sampled_fleets_totals_and_says_so()
        {
            var result = CliRunner.Run(["serve", "--model", "llama3-8b", "--gpu", "h200-sxm", "--gpus", "8", "--rate", "16", "--input-len", "200", "--output-len", "20", "--requests", "80", "--sample-replicas", "2", "--format", "json"]);

            Assert.Equal((0, ""), (result.ExitCode, result.Error));
            using var doc = JsonDocument.Parse(result.Out);
            var root = doc.RootElement;
            var sample = root.GetProperty("sample");
            Assert.Equal((2, 8, 4.0), (sample.GetProperty("simulated_replicas").GetInt32(), sample.GetProperty("replicas").GetInt32(), sample.GetProperty("scale").GetDouble()));
            Assert.Equal((80, 80), (root.GetProperty("requests").GetProperty("arrived").GetInt32(), root.GetProperty("requests").GetProperty("completed").GetInt32()));
            Assert.Equal(8, root.GetProperty("gpus").GetInt32());
            Assert.Equal("80 requests at 16/s (poisson); the 20 sent to the 2 replicas sampled are simulated", root.GetProperty("traffic").GetString());
        }

        [Fact]
        public void Reports_a_file_that_is_not_a_SplitwiseSim_database_at_its_option()
        {
            using var temp = new TempFolder();
            var file = temp.File("perf.csv", "a,b\n1,2\n");

            var result = CliRunner.Run(["serve", "--validate-splitwise", file]);

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("--validate-splitwise: expected a SplitwiseSim performance database whose header is", result.Error, StringComparison.Ordinal);
        }

        [Fact]
        public void Shows_the_deployment_latencies_and_counts_as_text()
        {
            var result = CliRunner.Run(Small);

            Assert.Equal((0, ""), (result.ExitCode, result.Error));
            Assert.StartsWith("llama3-8b on 2 × h200-sxm (bf16): 2 replicas of tp 1 × pp 1, continuous scheduler, round-robin router", result.Out, StringComparison.Ordinal);
            Assert.Contains("time to first token", result.Out, StringComparison.Ordinal);
            Assert.Contains("requests: 40 arrived, 40 completed, 0 rejected, 0 running", result.Out, StringComparison.Ordinal);
        }

        [Fact]
        public void Replays_a_trace_file()
        {
            var trace = Path.Combine(AppContext.BaseDirectory, "TestData", "serving", "mooncake-small.jsonl");

            var result = CliRunner.Run("serve", "--model", "llama3-8b", "--gpu", "h200-sxm", "--gpus", "1", "--trace", trace, "--trace-format", "mooncake", "--format", "json");

            Assert.Equal((0, ""), (result.ExitCode, result.Error));
            using var doc = JsonDocument.Parse(result.Out);
            Assert.Equal(63, doc.RootElement.GetProperty("tokens").GetProperty("output").GetInt32());
        }

        [Theory]
        [InlineData("--gpus 3 --tp 2", "error: --gpus: expected a multiple of --tp × --pp = 2 (whole replicas), found 3")]
        [InlineData("--gpus 1 --scheduler orca", "error: --scheduler: expected one of continuous, prefill-first, static, found 'orca'")]
        [InlineData("--gpus 1 --max-batch 1e9", "error: --max-batch: expected a whole number, found '1e9'\nRun 'colossim serve --help' for usage.")]
        public void Exits_with_2_and_says_what_is_wrong(string arguments, string message)
        {
            var result = CliRunner.Run(["serve", "--model", "llama3-8b", "--gpu", "h200-sxm", "--rate", "1", "--input-len", "10", "--output-len", "10", .. arguments.Split(' ')]);

            Assert.Equal((2, ""), (result.ExitCode, result.Out));
            Assert.Equal(message, result.Error.ReplaceLineEndings("\n").TrimEnd('\n'));
        }
    }
}
