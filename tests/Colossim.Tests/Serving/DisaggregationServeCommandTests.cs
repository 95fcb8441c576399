using System.Text.Json;
using System.Text.Json.Nodes;
using Colossim.Tests.Cli;

namespace Colossim.Tests.Serving;

public sealed class DisaggregationServeCommandTests
{
    private static readonly string[] Small = ["serve", "--model", "llama3-8b", "--gpu", "h200-sxm", "--rate", "4", "--input-len", "200", "--output-len", "20", "--requests", "40"];

    public sealed class TheDisaggregateOption
    {
        [Fact]
        public void Writes_the_pools_and_transfers_in_the_deployment()
        {
            var result = CliRunner.Run([.. Small, "--gpus", "4", "--disaggregate", "1:1", "--format", "json"]);

            Assert.Equal((0, ""), (result.ExitCode, result.Error));
            using var doc = JsonDocument.Parse(result.Out);
            var deployment = doc.RootElement.GetProperty("deployment");
            Assert.Equal(4, deployment.GetProperty("replicas").GetInt32());
            var split = deployment.GetProperty("disaggregation");
            Assert.Equal((2, 2), (split.GetProperty("prefill_replicas").GetInt32(), split.GetProperty("decode_replicas").GetInt32()));
            Assert.Equal(["mean", "p50", "p99"], split.GetProperty("kv_transfer_ms").EnumerateObject().Select(p => p.Name));
            Assert.True(split.GetProperty("kv_transfer_ms").GetProperty("mean").GetDouble() > 0, "no time on the wire");
            Assert.True(split.GetProperty("kv_bytes_per_request").GetDouble() > 0, "no KV bytes moved");
            Assert.Equal(40, doc.RootElement.GetProperty("requests").GetProperty("completed").GetInt32());
        }

        [Fact]
        public void Searches_the_split_with_auto()
        {
            var result = CliRunner.Run(["serve", "--model", "llama3-8b", "--gpu", "h200-sxm", "--gpus", "3", "--input-len", "200", "--output-len", "20", "--requests", "30", "--search", "--slo-ttft", "500ms", "--disaggregate", "auto", "--format", "json"]);

            Assert.Equal((0, ""), (result.ExitCode, result.Error));
            using var doc = JsonDocument.Parse(result.Out);
            var search = doc.RootElement.GetProperty("search");
            Assert.Equal(2, search.GetProperty("deployments_evaluated").GetInt32());
            Assert.Equal([1, 2], search.GetProperty("ratios").EnumerateArray().Select(r => r.GetProperty("prefill_replicas").GetInt32()));
        }

        [Theory]
        [InlineData("NaN")]
        [InlineData("1e308")]
        [InlineData("-1")]
        [InlineData("0")]
        [InlineData("3:")]
        [InlineData("a:b")]
        public void Exits_with_2_and_one_line_for_what_is_not_a_ratio(string value)
        {
            var result = CliRunner.Run([.. Small, "--gpus", "4", "--disaggregate", value]);

            Assert.Equal((2, ""), (result.ExitCode, result.Out));
            Assert.Equal($"error: --disaggregate: expected P:D, the prefill and decode replicas as whole numbers (such as 1:3), or auto with --search, found '{value}'", result.Error.ReplaceLineEndings("\n").TrimEnd('\n'));
        }

        [Theory]
        [InlineData("0:4", "error: --disaggregate: expected at least 1 prefill and 1 decode replica, found '0:4'")]
        [InlineData("1:2", "error: --disaggregate: expected P + D to divide the fleet's 4 replicas (--gpus ÷ (--tp × --pp)), found 1:2 (P + D = 3)")]
        public void Exits_with_2_and_says_what_is_wrong_with_the_split(string value, string message)
        {
            var result = CliRunner.Run([.. Small, "--gpus", "4", "--disaggregate", value]);

            Assert.Equal((2, ""), (result.ExitCode, result.Out));
            Assert.Equal(message, result.Error.ReplaceLineEndings("\n").TrimEnd('\n'));
        }
    }

    public sealed class TheKvTransferOption
    {
        [Fact]
        public void Hides_part_of_each_transfer_behind_the_prefill_when_layerwise()
        {
            string[] run = [.. Small, "--gpus", "4", "--disaggregate", "1:1", "--format", "json"];
            var after = CliRunner.Run([.. run, "--kv-transfer", "after-prefill"]);
            var layerwise = CliRunner.Run([.. run, "--kv-transfer", "layerwise"]);
            var plain = CliRunner.Run(run);

            Assert.Equal((0, 0, ""), (after.ExitCode, layerwise.ExitCode, layerwise.Error));
            static string WithoutWallTime(string json)
            {
                var node = JsonNode.Parse(json)!.AsObject();
                node.Remove("sim");
                return node.ToJsonString();
            }

            Assert.Equal(WithoutWallTime(plain.Out), WithoutWallTime(after.Out));
            double Ttft(CliResult r) => JsonDocument.Parse(r.Out).RootElement.GetProperty("ttft_ms").GetProperty("mean").GetDouble();
            Assert.True(Ttft(layerwise) < Ttft(after), $"mean TTFT {Ttft(layerwise)} ms layer-wise, {Ttft(after)} ms after the prefill");
        }

        [Theory]
        [InlineData("NaN")]
        [InlineData("")]
        [InlineData("layer-wise")]
        public void Exits_with_2_and_one_line_for_an_unknown_mode(string value)
        {
            var result = CliRunner.Run([.. Small, "--gpus", "4", "--disaggregate", "1:1", "--kv-transfer", value]);

            Assert.Equal((2, ""), (result.ExitCode, result.Out));
            Assert.Equal($"error: --kv-transfer: expected after-prefill or layerwise, found '{value}'", result.Error.ReplaceLineEndings("\n").TrimEnd('\n'));
        }

        [Fact]
        public void Exits_with_2_without_disaggregate()
        {
            var result = CliRunner.Run([.. Small, "--gpus", "4", "--kv-transfer", "layerwise"]);

            Assert.Equal((2, ""), (result.ExitCode, result.Out));
            Assert.Equal("error: --kv-transfer: moves the KV cache between a prefill and a decode pool; give it with --disaggregate", result.Error.ReplaceLineEndings("\n").TrimEnd('\n'));
        }
    }
}
