using System.Text.Json;
using Colossim.Tests.Cli;

namespace Colossim.Tests.Serving;

public sealed class DeploymentSearchServeCommandTests
{
    private static readonly string[] Small = ["serve", "--model", "llama3-8b", "--gpu", "h200-sxm", "--input-len", "200", "--output-len", "20", "--requests", "60", "--search"];

    /// <summary>200 requests: enough for a target rate to need more than one replica.</summary>
    private static readonly string[] Target = ["serve", "--model", "llama3-8b", "--gpu", "h200-sxm", "--input-len", "200", "--output-len", "20", "--requests", "200", "--search"];

    private static void AssertFails(CliResult result, string message)
    {
        Assert.Equal((2, ""), (result.ExitCode, result.Out));
        Assert.Equal("error: " + message, result.Error.ReplaceLineEndings("\n").TrimEnd('\n'));
    }

    public sealed class TheSearchOption
    {
        [Fact]
        public void Writes_every_candidate_with_its_figure_or_why_it_was_refused()
        {
            var result = CliRunner.Run([.. Small, "--gpus", "3", "--mode", "offline", "--format", "json"]);

            Assert.Equal((0, ""), (result.ExitCode, result.Error));
            using var doc = JsonDocument.Parse(result.Out);
            var root = doc.RootElement;
            var deployment = root.GetProperty("deployment");
            Assert.Equal((1, 1, 3), (deployment.GetProperty("tp").GetInt32(), deployment.GetProperty("pp").GetInt32(), deployment.GetProperty("replicas").GetInt32()));
            var search = root.GetProperty("search");
            Assert.Equal(("throughput", "sustained_output_tokens_per_s", 6), (search.GetProperty("objective").GetString(), search.GetProperty("ranked_by").GetString(), search.GetProperty("deployments_evaluated").GetInt32()));
            Assert.True(search.GetProperty("wall_s").GetDouble() > 0, "no wall time");
            var candidates = search.GetProperty("candidates").EnumerateArray().ToList();
            Assert.Equal(9, candidates.Count);
            Assert.Equal(root.GetProperty("output_tokens_per_s").GetDouble(), candidates[0].GetProperty("output_tokens_per_s").GetDouble(), 1e-6);
            var refused = candidates.Where(c => c.TryGetProperty("refused", out _)).ToList();
            Assert.Equal(3, refused.Count);
            Assert.All(refused, c => Assert.Equal((3, "expected a divisor of the 32 attention heads of llama3-8b, found 3"), (c.GetProperty("tp").GetInt32(), c.GetProperty("refused").GetString())));
        }

        [Fact]
        public void Prints_the_table_of_candidates_and_the_chosen_one()
        {
            var result = CliRunner.Run([.. Small, "--gpus", "3", "--mode", "offline"]);

            Assert.Equal((0, ""), (result.ExitCode, result.Error));
            Assert.StartsWith("best deployment on 3 GPUs: tp 1 × pp 1 × 3 replicas, ", result.Out, StringComparison.Ordinal);
            Assert.Contains("refused (1)", result.Out, StringComparison.Ordinal);
            Assert.Contains("\n(1) refused: expected a divisor of the 32 attention heads of llama3-8b, found 3\n", result.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
            Assert.Contains("chosen", result.Out, StringComparison.Ordinal);
        }

        [Fact]
        public void Prints_the_highest_rate_meeting_the_SLOs_with_an_SLO_and_no_rate()
        {
            var result = CliRunner.Run([.. Small, "--gpus", "2", "--slo-ttft", "300ms", "--slo-tpot", "40ms", "--format", "json"]);

            Assert.Equal((0, ""), (result.ExitCode, result.Error));
            using var doc = JsonDocument.Parse(result.Out);
            var rate = doc.RootElement.GetProperty("max_rate_meeting_slo").GetDouble();
            Assert.True(rate > 0, "no rate met the SLOs");
            var candidates = doc.RootElement.GetProperty("search").GetProperty("candidates").EnumerateArray().ToList();
            Assert.Equal(rate, candidates[0].GetProperty("max_rate_meeting_slo").GetDouble(), 1e-9);
            Assert.All(candidates, c => Assert.True(c.GetProperty("max_rate_meeting_slo").GetDouble() <= rate, c.ToString()));
        }

        [Fact]
        public void Prints_the_cheapest_deployment_carrying_the_rate_with_its_cost()
        {
            var result = CliRunner.Run([.. Target, "--gpus", "4", "--rate", "400", "--slo-ttft", "300ms", "--slo-tpot", "40ms", "--format", "json"]);

            Assert.Equal((0, ""), (result.ExitCode, result.Error));
            using var doc = JsonDocument.Parse(result.Out);
            var target = doc.RootElement.GetProperty("target");
            Assert.Equal(400, target.GetProperty("rate").GetDouble(), 1e-9);
            var gpus = target.GetProperty("gpus").GetInt32();
            Assert.Equal(gpus, doc.RootElement.GetProperty("gpus").GetInt32());
            Assert.Equal(gpus * doc.RootElement.GetProperty("usd_per_gpu_hour").GetDouble(), target.GetProperty("usd_per_hour").GetDouble(), 1e-9);
            Assert.True(target.GetProperty("cost_per_million_output_tokens_usd").GetDouble() > 0, "no cost per token");
            Assert.Equal("usd_per_hour", doc.RootElement.GetProperty("search").GetProperty("ranked_by").GetString());
        }
    }

    public sealed class TheBadInputs
    {
        [Theory]
        [InlineData("--tp", "8")]
        [InlineData("--ep", "2")]
        [InlineData("--pp", "2")]
        [InlineData("--scheduler", "static")]
        public void Refuse_a_deployment_given_with_the_search(string option, string value)
        {
            var result = CliRunner.Run([.. Small, "--gpus", "8", "--mode", "offline", option, value]);

            AssertFails(result, $"{option}: --search chooses the deployment (tp, ep, pp, replicas, scheduler); give {option} without --search, or --search without {option}");
        }

        [Fact]
        public void Refuse_a_target_rate_that_is_not_a_number()
        {
            var result = CliRunner.Run([.. Small, "--gpus", "2", "--slo-ttft", "1s", "--rate", "NaN"]);

            AssertFails(result, "--rate: expected a finite number, found 'NaN'\nRun 'colossim serve --help' for usage.");
        }

        [Theory]
        [InlineData("0", "0")]
        [InlineData("-1", "-1")]
        public void Refuse_a_target_rate_that_is_not_a_rate(string rate, string shown)
        {
            var result = CliRunner.Run([.. Small, "--gpus", "2", "--slo-ttft", "1s", "--rate", rate]);

            AssertFails(result, $"--rate: expected requests per second above 0 and at most 1,000,000, found {shown}");
        }

        [Fact]
        public void Refuse_a_trace()
        {
            var result = CliRunner.Run(["serve", "--model", "llama3-8b", "--gpu", "h200-sxm", "--gpus", "2", "--search", "--trace", "conv.csv"]);

            AssertFails(result, "--search: searches deployments for generated traffic; give it without --trace (with --rate, --concurrency or --mode offline, and --input-len and --output-len)");
        }

        [Fact]
        public void Refuse_a_70B_model_on_one_H100()
        {
            var result = CliRunner.Run(["serve", "--model", "llama3-70b", "--gpu", "h100-sxm", "--gpus", "1", "--search", "--mode", "offline", "--input-len", "200", "--output-len", "20"]);

            Assert.Equal((2, ""), (result.ExitCode, result.Out));
            Assert.StartsWith("error: --search: no deployment of llama3-70b can run on 1 × h100-sxm: llama3-70b does not fit on h100-sxm at --tp 1 --pp 1: ", result.Error, StringComparison.Ordinal);
            Assert.Single(result.Error.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'));
        }

        [Fact]
        public void Exit_2_when_no_deployment_carries_the_rate()
        {
            var result = CliRunner.Run([.. Target, "--gpus", "1", "--rate", "1000", "--slo-ttft", "300ms", "--slo-tpot", "40ms"]);

            Assert.Equal((2, ""), (result.ExitCode, result.Out));
            Assert.StartsWith("error: --search: no deployment on at most 1 GPU meets the SLOs at 1000 requests/s; the best found, tp 1 × pp 1 × 1 replica (", result.Error, StringComparison.Ordinal);
            Assert.Single(result.Error.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'));
        }
    }
}
