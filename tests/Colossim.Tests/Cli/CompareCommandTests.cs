using System.Text.Json;
using Colossim.Tests.Scenarios;

namespace Colossim.Tests.Cli;

public sealed class CompareCommandTests
{
    // Two report folders of the single-node scenario, run once by the command line with seeds 1 and 2 (left in the
    // temporary folder for the process: each run takes about a second).
    private static readonly Lazy<(string A, string B)> Folders = new(() =>
    {
        var root = Path.Combine(Path.GetTempPath(), "colossim-tests", "compare-" + Guid.NewGuid().ToString("N"));
        var a = Path.Combine(root, "a");
        var b = Path.Combine(root, "b");
        Assert.Equal(0, CliRunner.Run("run", ScenarioFiles.Scenario("single-node-h200.yaml"), "--out", a, "--format", "json").ExitCode);
        Assert.Equal(0, CliRunner.Run("run", ScenarioFiles.Scenario("single-node-h200.yaml"), "--out", b, "--seed", "2", "--format", "json").ExitCode);
        return (a, b);
    });

    private static (string A, string B) Runs(TempDirectory dir)
    {
        _ = dir;
        return Folders.Value;
    }

    public sealed class TheCommand
    {
        [Fact]
        public void Prints_the_figures_and_the_inputs_that_differ_and_writes_the_page_with_out()
        {
            using var dir = new TempDirectory();
            var (a, b) = Runs(dir);
            var output = Path.Combine(dir.Path, "cmp");

            var result = CliRunner.Run("compare", a, b, "--out", output);

            Assert.Equal(0, result.ExitCode);
            Assert.Contains("What changed from A to B", result.Out, StringComparison.Ordinal);
            Assert.Contains("Inputs that", result.Out, StringComparison.Ordinal);
            Assert.Matches(@"│ seed\s+│ 1\s+│ 2\s+│", result.Out);
            Assert.Equal($"wrote {Path.Combine(output, "compare.html")} and {Path.Combine(output, "compare.json")}\n", result.Error);
            Assert.True(File.Exists(Path.Combine(output, "compare.html")));
        }

        [Fact]
        public void Prints_one_json_document_with_format_json()
        {
            using var dir = new TempDirectory();
            var (a, b) = Runs(dir);

            var result = CliRunner.Run("compare", a, b, "--format", "json");

            Assert.Equal(0, result.ExitCode);
            using var doc = JsonDocument.Parse(result.Out);
            Assert.Equal("seed", doc.RootElement.GetProperty("inputs")[0].GetProperty("path").GetString());
            Assert.Equal(a, doc.RootElement.GetProperty("a").GetProperty("run").GetString());
        }

        [Fact]
        public void Reports_a_folder_without_a_summary_and_exits_2()
        {
            using var dir = new TempDirectory();

            var result = CliRunner.Run("compare", dir.Path, dir.Path);

            Assert.Equal(2, result.ExitCode);
            Assert.Equal(
                $"error: RUN_A: expected a report folder with summary.json (colossim run --out DIR writes one), found none in {dir.Path}\n" +
                $"error: RUN_B: expected a report folder with summary.json (colossim run --out DIR writes one), found none in {dir.Path}\n",
                result.Error);
            Assert.Equal("", result.Out);
        }

        [Fact]
        public void Reports_an_out_folder_that_is_a_file_and_exits_2()
        {
            using var dir = new TempDirectory();
            var (a, b) = Runs(dir);
            var blocker = dir.Write("file", "x");

            var result = CliRunner.Run("compare", a, b, "--out", blocker);

            Assert.Equal(2, result.ExitCode);
            Assert.Equal($"error: --out: cannot write {Path.Combine(blocker, "compare.html")}: '{blocker}' is a file, not a folder\n", result.Error);
        }
    }
}
