using System.Text.Json;
using Colossim.Tests.Scenarios;

namespace Colossim.Tests.Cli;

public sealed class TrainCommandTests
{
    private static readonly string[] Llama405b = ["train", "--model", "llama3-405b", "--gpu", "h100-sxm", "--gpus", "16384", "--tp", "8", "--pp", "16", "--vpp", "7", "--zero", "2", "--global-batch-tokens", "16777216", "--tokens", "15.6e12"];

    public sealed class TheTrainCommand
    {
        [Fact]
        public void Shows_in_the_readme_what_it_prints()
        {
            var readme = File.ReadAllText(Path.Combine(ScenarioFiles.RepoRoot, "README.md")).ReplaceLineEndings("\n");
            var command = readme.IndexOf("-- " + string.Join(' ', Llama405b), StringComparison.Ordinal);
            Assert.True(command >= 0, "the README shows the train example");
            var start = readme.IndexOf("```text\n", command, StringComparison.Ordinal) + "```text\n".Length;
            var block = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];

            var result = CliRunner.Run(Llama405b);

            Assert.Equal((0, ""), (result.ExitCode, result.Error));
            Assert.Equal(block, result.Out.ReplaceLineEndings("\n"));
        }

        [Fact]
        public void Writes_the_step_the_layout_and_the_run_in_json_under_the_keys_of_the_contract()
        {
            var result = CliRunner.Run([.. Llama405b, "--format", "json"]);

            Assert.Equal(0, result.ExitCode);
            using var doc = JsonDocument.Parse(result.Out);
            var root = doc.RootElement;
            foreach (var key in new[] { "step_time_s", "tokens_per_s", "tflops_per_gpu", "mfu", "memory_per_gpu_gib", "fits", "days", "gpu_hours", "cost_usd", "energy_mwh", "goodput", "expected_interruptions" })
            {
                Assert.True(root.TryGetProperty(key, out _), $"missing {key}");
            }

            var layout = root.GetProperty("layout");
            Assert.Equal((8, 16, 128, 1, 1, 7, 1, "none"), (layout.GetProperty("tp").GetInt32(), layout.GetProperty("pp").GetInt32(), layout.GetProperty("dp").GetInt32(), layout.GetProperty("cp").GetInt32(), layout.GetProperty("ep").GetInt32(), layout.GetProperty("vpp").GetInt32(), layout.GetProperty("micro_batch").GetInt32(), layout.GetProperty("recompute").GetString()));
            Assert.False(root.TryGetProperty("search", out _));

            // Consistency: tokens/s × step = global batch; MFU = TFLOP/s over the H100's 989 dense bf16 (rounding of the printed figures).
            Assert.Equal(16_777_216, root.GetProperty("tokens_per_s").GetDouble() * root.GetProperty("step_time_s").GetDouble(), 16_777_216 * 1e-5);
            Assert.Equal(root.GetProperty("tflops_per_gpu").GetDouble() / 989, root.GetProperty("mfu").GetDouble(), 1e-4);
            Assert.InRange(root.GetProperty("goodput").GetDouble(), 0.9, 0.99);
        }

        [Fact]
        public void Searches_the_layouts_and_says_how_many_it_evaluated()
        {
            var result = CliRunner.Run("train", "--model", "llama3-8b", "--gpu", "h100-sxm", "--gpus", "64", "--search", "--format", "json");

            Assert.Equal(0, result.ExitCode);
            using var doc = JsonDocument.Parse(result.Out);
            var search = doc.RootElement.GetProperty("search");
            Assert.True(search.GetProperty("layouts_evaluated").GetInt64() > 1000);
            Assert.True(search.GetProperty("wall_s").GetDouble() >= 0);
            Assert.True(doc.RootElement.GetProperty("fits").GetBoolean());
        }

        [Fact]
        public void Warns_with_the_numbers_when_the_layout_does_not_fit()
        {
            var result = CliRunner.Run("train", "--model", "llama3-70b", "--gpu", "h100-sxm", "--gpus", "8", "--tp", "8", "--zero", "0", "--format", "json");

            Assert.Equal(0, result.ExitCode);
            Assert.StartsWith("warning: memory: does not fit: the layout needs ", result.Error, StringComparison.Ordinal);
            Assert.Contains("more than the 74.5 GiB of h100-sxm", result.Error, StringComparison.Ordinal);
            using var doc = JsonDocument.Parse(result.Out);
            Assert.False(doc.RootElement.GetProperty("fits").GetBoolean());
        }

        [Theory]
        [InlineData("--tp 3", "error: --tp: expected a divisor of the 32 attention heads of llama3-8b, found 3")]
        [InlineData("--tp 0", "error: --tp: expected a whole number between 1 and 1,024, found 0")]
        [InlineData("--pp 33", "error: --pp: expected at most the 32 layers of llama3-8b, found 33")]
        [InlineData("--dp 7", "error: --gpus: expected tp × pp × cp × dp to equal gpus (64), found 1 × 1 × 1 × 7 = 7")]
        [InlineData("--cp 3", "error: --gpus: expected a multiple of tp × pp × cp (1 × 1 × 3 = 3), found 64")]
        [InlineData("--cp 4096", "error: --cp: expected a whole number between 1 and 1,024, found 4096")]
        [InlineData("--ep 2", "error: --ep: expected 1 for llama3-8b, a dense model, found 2")]
        [InlineData("--vpp 2", "error: --vpp: expected 1 without pipeline parallelism (pp 1), found 2")]
        [InlineData("--pp 4 --vpp 9", "error: --vpp: expected at most 8 virtual stages per pipeline rank (32 layers over pp 4, at least one layer each), found 9")]
        [InlineData("--micro-batch 3", "error: --micro-batch: expected dp × micro-batch (64 × 3 = 192) to divide the global batch of 512 sequences")]
        [InlineData("--micro-batch 0", "error: --micro-batch: expected a whole number between 1 and 1,024, found 0")]
        [InlineData("--recompute some", "error: --recompute: expected none, selective or full, found 'some'")]
        [InlineData("--zero 4", "error: --zero: expected 0, 1, 2, 3 or fsdp, found '4'")]
        [InlineData("--dtype fp4", "error: --dtype: expected bf16 or fp8, found 'fp4'")]
        [InlineData("--seq-len 0", "error: --seq-len: expected a whole number between 1 and 16,777,216, found 0")]
        [InlineData("--global-batch-tokens 1000", "error: --global-batch-tokens: expected a whole number of sequences of 8,192 tokens (--seq-len), found 1,000 tokens")]
        [InlineData("--global-batch-tokens 0", "error: --global-batch-tokens: expected a whole number between 1 and 10,000,000,000,000,000, found 0")]
        [InlineData("--tokens 0", "error: --tokens: expected a number of tokens above 0 and at most 1e16, found 0")]
        [InlineData("--usd-per-gpu-hour -1", "error: --usd-per-gpu-hour: expected a price between 0 and 1,000 USD per GPU-hour, found -1")]
        [InlineData("--search --tp 3", "error: --tp: expected a divisor of the 32 attention heads of llama3-8b, found 3")]
        [InlineData("--seq-len 4096 --global-batch-tokens 4096", "error: --micro-batch: expected dp × micro-batch (64 × 1 = 64) to divide the global batch of 1 sequences")]
        public void Exits_with_2_and_says_what_is_wrong(string arguments, string message)
        {
            var result = CliRunner.Run(["train", "--model", "llama3-8b", "--gpu", "h100-sxm", "--gpus", "64", .. arguments.Split(' ')]);

            Assert.Equal((2, ""), (result.ExitCode, result.Out));
            Assert.Equal(message, result.Error.ReplaceLineEndings("\n").TrimEnd('\n'));
        }

        [Theory]
        [InlineData("--gpus 0", "error: --gpus: expected a whole number between 1 and 10,000,000, found 0")]
        [InlineData("--model llama3-7b", "error: --model: unknown model 'llama3-7b'; close matches: llama2-7b, llama3-70b, llama3-8b (or give the path of a YAML file describing it)")]
        [InlineData("--gpu h201", "error: --gpu: unknown GPU 'h201'; close matches: b200, h800 (or give the path of a YAML file describing it)")]
        public void Names_the_option_of_a_bad_model_gpu_or_count(string replace, string message)
        {
            var (name, value) = (replace.Split(' ')[0], replace.Split(' ')[1]);
            var args = new List<string> { "train", "--model", "llama3-8b", "--gpu", "h100-sxm", "--gpus", "64" };
            args[args.IndexOf(name) + 1] = value;

            var result = CliRunner.Run([.. args]);

            Assert.Equal((2, ""), (result.ExitCode, result.Out));
            Assert.Equal(message, result.Error.ReplaceLineEndings("\n").TrimEnd('\n'));
        }
    }

    public sealed class TheValidateSubcommand
    {
        [Fact]
        public void Prints_the_comparison_with_its_median_error_and_memory_checks()
        {
            var result = CliRunner.Run("train", "validate", "--format", "json");

            Assert.Equal(0, result.ExitCode);
            using var doc = JsonDocument.Parse(result.Out);
            var rows = doc.RootElement.GetProperty("rows");
            Assert.Equal(16, rows.GetArrayLength());
            Assert.All(rows.EnumerateArray(), r => Assert.True(r.GetProperty("fit_agrees").GetBoolean(), r.GetProperty("name").GetString()));
            Assert.InRange(doc.RootElement.GetProperty("median_absolute_error").GetDouble(), 0, 0.10); // the target
        }
    }
}
