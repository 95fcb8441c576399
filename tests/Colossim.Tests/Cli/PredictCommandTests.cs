using System.Text.Json;
using Colossim.Tests.Scenarios;

namespace Colossim.Tests.Cli;

public sealed class PredictCommandTests
{
    private static readonly string[] Decode70b = ["predict", "--model", "llama3-70b", "--gpu", "h200-sxm", "--tp", "8", "--phase", "decode", "--batch", "64", "--context", "2048"];

    public sealed class ThePredictCommand
    {
        [Fact]
        public void Shows_in_the_readme_what_it_prints()
        {
            var readme = File.ReadAllText(Path.Combine(ScenarioFiles.RepoRoot, "README.md")).ReplaceLineEndings("\n");
            var command = readme.IndexOf("-- " + string.Join(' ', Decode70b), StringComparison.Ordinal);
            Assert.True(command >= 0, "the README shows the predict example");
            var start = readme.IndexOf("```text\n", command, StringComparison.Ordinal) + "```text\n".Length;
            var block = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];

            var result = CliRunner.Run(Decode70b);

            Assert.Equal((0, ""), (result.ExitCode, result.Error));
            Assert.Equal(block, result.Out.ReplaceLineEndings("\n"));
        }

        [Fact]
        public void Splits_the_step_time_into_its_kernel_classes_in_json()
        {
            var result = CliRunner.Run([.. Decode70b, "--format", "json"]);

            Assert.Equal(0, result.ExitCode);
            using var doc = JsonDocument.Parse(result.Out);
            var root = doc.RootElement;
            var parts = root.GetProperty("breakdown_ms").EnumerateObject().Sum(p => p.Value.GetDouble());
            Assert.Equal(root.GetProperty("time_ms").GetDouble(), parts, 9); // the classes add up to the step (1e-9 ms)
            Assert.Equal(("calibrated", "memory"), (root.GetProperty("path").GetString(), root.GetProperty("bound").GetString()));
        }

        [Fact]
        public void Says_a_gpu_without_calibration_takes_the_roofline_path()
        {
            var result = CliRunner.Run("predict", "--model", "llama3-8b", "--gpu", "b200", "--phase", "prefill", "--batch", "4", "--context", "2048", "--format", "json");

            Assert.Equal(0, result.ExitCode);
            using var doc = JsonDocument.Parse(result.Out);
            Assert.Equal(("roofline", "compute"), (doc.RootElement.GetProperty("path").GetString(), doc.RootElement.GetProperty("bound").GetString()));
        }

        [Theory]
        [InlineData("--model llama3-7b --gpu h200-sxm --phase decode --context 2048", "error: --model: unknown model 'llama3-7b'; close matches: llama2-7b, llama3-70b, llama3-8b (or give the path of a YAML file describing it)")]
        [InlineData("--model llama3-8b --gpu h200-sxm --phase decode", "error: --context: is required for --phase decode (cached tokens per sequence)")]
        [InlineData("--model llama3-8b --gpu h200-sxm --tp 0 --phase decode --context 2048", "error: --tp: expected a whole number between 1 and 1024, found 0")]
        [InlineData("--model llama3-8b --gpu h201 --phase prefill --batch 1 --context 128", "error: --gpu: unknown GPU 'h201'; close matches: b200, h800 (or give the path of a YAML file describing it)")]
        public void Exits_with_2_and_says_what_is_wrong(string arguments, string message)
        {
            var result = CliRunner.Run(["predict", .. arguments.Split(' ')]);

            Assert.Equal((2, ""), (result.ExitCode, result.Out));
            Assert.Equal(message, result.Error.ReplaceLineEndings("\n").TrimEnd('\n'));
        }
    }
}
