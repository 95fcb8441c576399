using System.Text.Json;

namespace Colossim.Tests.Cli;

/// <summary><c>colossim serve --ep</c> and <c>--hot-expert-load</c>.</summary>
public sealed class ServeCommandEpTests
{
    public sealed class TheEpOption
    {
        [Fact]
        public void Runs_Grok_1_at_ep_8_and_writes_deployment_ep()
        {
            var result = CliRunner.Run(["serve", "--model", "grok-1", "--gpu", "h200-sxm", "--gpus", "8", "--ep", "8", "--rate", "2", "--input-len", "300", "--output-len", "30", "--requests", "20", "--format", "json"]);

            Assert.Equal((0, ""), (result.ExitCode, result.Error));
            using var doc = JsonDocument.Parse(result.Out);
            var deployment = doc.RootElement.GetProperty("deployment");
            Assert.Equal((1, 8, 1, 1), (deployment.GetProperty("tp").GetInt32(), deployment.GetProperty("ep").GetInt32(), deployment.GetProperty("pp").GetInt32(), deployment.GetProperty("replicas").GetInt32()));
            Assert.Equal(20, doc.RootElement.GetProperty("requests").GetProperty("completed").GetInt32());
        }

        [Fact]
        public void Writes_ep_1_for_a_run_without_it()
        {
            var result = CliRunner.Run(["serve", "--model", "llama3-8b", "--gpu", "h200-sxm", "--gpus", "1", "--rate", "2", "--input-len", "100", "--output-len", "10", "--requests", "5", "--format", "json"]);

            Assert.Equal((0, ""), (result.ExitCode, result.Error));
            using var doc = JsonDocument.Parse(result.Out);
            Assert.Equal(1, doc.RootElement.GetProperty("deployment").GetProperty("ep").GetInt32());
        }

        [Fact]
        public void Names_the_expert_parallel_layout_in_the_text()
        {
            var result = CliRunner.Run(["serve", "--model", "mixtral-8x7b", "--gpu", "h200-sxm", "--gpus", "4", "--ep", "2", "--rate", "2", "--input-len", "100", "--output-len", "10", "--requests", "10"]);

            Assert.Equal((0, ""), (result.ExitCode, result.Error));
            Assert.Contains("2 replicas of tp 1 × ep 2 × pp 1", result.Out, StringComparison.Ordinal);
            Assert.Contains("expert parallelism: experts over 2 ranks of 1 GPUs, attention data-parallel over them; 48.306 GB of weights per GPU", result.Out, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("--model llama3-8b --gpus 2 --ep 2", "error: --ep: expected 1 for llama3-8b, a dense model, found 2")]
        [InlineData("--model mixtral-8x7b --gpus 3 --ep 3", "error: --ep: expected a divisor of the 8 experts of mixtral-8x7b, found 3")]
        [InlineData("--model mixtral-8x7b --gpus 6 --ep 4", "error: --gpus: expected a multiple of --tp × --ep × --pp = 4 (whole replicas), found 6")]
        [InlineData("--model mixtral-8x7b --gpus 4 --ep 0", "error: --ep: expected a whole number between 1 and 1,024, found 0")]
        [InlineData("--model mixtral-8x7b --gpus 4 --ep 2 --disaggregate 1:1", "error: --ep: expert parallelism is simulated on colocated replicas; give it without --disaggregate")]
        [InlineData("--model mixtral-8x7b --gpus 2 --hot-expert-load 5", "error: --hot-expert-load: expected between 1 (balanced routing) and 4 (every token on the busiest expert: experts ÷ top-k = 8 ÷ 2 for mixtral-8x7b), found 5")]
        [InlineData("--model llama3-8b --gpus 1 --hot-expert-load 2", "error: --hot-expert-load: expected 1 for llama3-8b, a dense model (no experts to balance), found 2")]
        [InlineData("--model grok-1 --gpus 8 --ep 8 --gpu h100-sxm", "error: --tp: grok-1 does not fit on h100-sxm at --tp 1 --ep 8 --pp 1: weights 90.194 GB and activations 4.429 GB per GPU leave no room for the KV cache in the 72 GB usable (90% of 80 GB); raise --tp, --ep or --pp, or lower --max-batch or --token-budget")]
        public void Exits_with_2_and_says_what_is_wrong(string arguments, string message)
        {
            string[] gpu = arguments.Contains("--gpu ", StringComparison.Ordinal) ? [] : ["--gpu", "h200-sxm"];
            var result = CliRunner.Run(["serve", .. gpu, "--rate", "1", "--input-len", "10", "--output-len", "10", .. arguments.Split(' ')]);

            Assert.Equal((2, ""), (result.ExitCode, result.Out));
            Assert.Equal(message, result.Error.ReplaceLineEndings("\n").TrimEnd('\n'));
        }
    }
}
