using System.Text.Json;
using Colossim.Tests.Scenarios;

namespace Colossim.Tests.Cli;

public sealed class RunCommandTests
{
    // Output names the scenario file; the tests give its full path, so it is made relative again for the golden files.
    private static string Relative(string text) => text.Replace(ScenarioFiles.RepoRoot + Path.DirectorySeparatorChar, "", StringComparison.Ordinal);

    public sealed class TheRunCommand
    {
        [Fact]
        public void Prints_the_colossus_platform_as_tables()
        {
            var result = CliRunner.Run("run", ScenarioFiles.Scenario("colossus.yaml"));

            Assert.Equal(("", 0), (result.Error, result.ExitCode));
            Approvals.Verify("run-colossus", Relative(result.Out));
        }

        [Fact]
        public void Prints_the_colossus_report_as_json()
        {
            var result = CliRunner.Run("run", ScenarioFiles.Scenario("colossus.yaml"), "--format", "json");

            Assert.Equal(("", 0), (result.Error, result.ExitCode));
            Approvals.Verify("run-colossus", Relative(result.Out), "json");
        }

        [Fact]
        public void Prints_a_total_column_for_several_sites()
        {
            var result = CliRunner.Run("run", ScenarioFiles.Scenario("partnership-gb200.yaml"));

            Assert.Equal(("", 0), (result.Error, result.ExitCode));
            Approvals.Verify("run-partnership-gb200", Relative(result.Out));
        }

        [Fact]
        public void Says_in_one_line_what_it_does_not_simulate_yet()
        {
            var result = CliRunner.Run("run", ScenarioFiles.Scenario("single-node-h200.yaml"));

            Assert.Equal(0, result.ExitCode);
            Assert.EndsWith("\nNot simulated yet: training time, serving latency and cost, and sharing; later versions of colossim add them to this report.\n", result.Out, StringComparison.Ordinal);
        }

        [Fact]
        public void Writes_summary_json_to_the_out_folder_with_the_same_bytes_as_stdout()
        {
            using var dir = new TempDirectory();
            var outDir = Path.Combine(dir.Path, "report", "colossus");

            var result = CliRunner.Run("run", ScenarioFiles.Scenario("colossus.yaml"), "--out", outDir, "--format", "json");

            var summary = Path.Combine(outDir, "summary.json");
            Assert.Equal(0, result.ExitCode);
            Assert.Equal($"wrote {summary}\n", result.Error);
            Assert.Equal(result.Out, File.ReadAllText(summary));
        }

        [Fact]
        public void Writes_summary_json_also_when_printing_tables()
        {
            using var dir = new TempDirectory();

            var result = CliRunner.Run("run", ScenarioFiles.Scenario("single-node-h200.yaml"), "--out", dir.Path);

            Assert.Equal(0, result.ExitCode);
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "summary.json")));
            Assert.Equal("single-node-h200", doc.RootElement.GetProperty("scenario").GetString());
        }

        [Fact]
        public void Reports_an_out_folder_it_cannot_create()
        {
            using var dir = new TempDirectory();
            var blocker = dir.Write("file", "not a folder");

            var result = CliRunner.Run("run", ScenarioFiles.Scenario("colossus.yaml"), "--out", Path.Combine(blocker, "sub"));

            Assert.Equal(2, result.ExitCode);
            Assert.StartsWith($"error: --out: cannot write {Path.Combine(blocker, "sub", "summary.json")}: ", result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        }

        [Fact]
        public void Uses_the_seed_given_on_the_command_line()
        {
            var result = CliRunner.Run("run", ScenarioFiles.Scenario("colossus.yaml"), "--seed", "7", "--format", "json");

            using var doc = JsonDocument.Parse(result.Out);
            Assert.Equal(7, doc.RootElement.GetProperty("seed").GetInt64());
        }

        [Theory]
        [InlineData("-1")]
        [InlineData("9007199254740993")]
        public void Rejects_a_seed_out_of_range(string seed)
        {
            var result = CliRunner.Run("run", ScenarioFiles.Scenario("colossus.yaml"), "--seed", seed);

            Assert.Equal(2, result.ExitCode);
            Assert.StartsWith($"error: --seed: expected a whole number between 0 and 9,007,199,254,740,992, found {seed}\n", result.Error, StringComparison.Ordinal);
            Assert.Equal("", result.Out);
        }

        [Fact]
        public void Rejects_a_bad_scenario_with_every_problem_and_no_report()
        {
            using var dir = new TempDirectory();
            var file = dir.Write("bad.yaml", "name: bad\nsites: [ { name: a, gpus: { type: h100-sxm, count: -8 } } ]\nworkloads: { training: [ { name: t, model: nope, gpus: 8, tokens: 1 } ] }\n");

            var result = CliRunner.Run("run", file);

            Assert.Equal(2, result.ExitCode);
            Assert.Equal("", result.Out);
            Assert.StartsWith($"error: {file}:2: sites[0].gpus.count: expected a whole number between 1 and 10,000,000, found '-8'\nerror: {file}:3: workloads.training[0].model: unknown model 'nope'", result.Error, StringComparison.Ordinal);
        }

        [Fact]
        public void Prints_warnings_and_still_runs()
        {
            using var dir = new TempDirectory();
            var file = dir.Write("warn.yaml", "name: w\nsites: [ { name: a, gpus: { type: h100-sxm, count: 8 } } ]\nsedd: 1\n");

            var result = CliRunner.Run("run", file, "--format", "json");

            Assert.Equal(0, result.ExitCode);
            Assert.Equal($"{file}:3: warning: sedd: unknown key 'sedd' is ignored (did you mean 'seed'?)\n", result.Error);
            using var doc = JsonDocument.Parse(result.Out);
            Assert.Equal("w", doc.RootElement.GetProperty("scenario").GetString());
        }
    }
}
