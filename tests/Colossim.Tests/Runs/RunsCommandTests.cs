using System.Text.Json;
using Colossim.Runs;
using Colossim.Tests.Cli;

namespace Colossim.Tests.Runs;

/// <summary><c>colossim runs</c>, and the history <c>colossim run</c> writes (into the tests' own COLOSSIM_HOME).</summary>
public sealed class RunsCommandTests
{
    private static RunStore Store()
    {
        var problems = new Colossim.Documents.Problems();
        return RunStore.OpenDefault(problems) ?? throw new InvalidOperationException(string.Join("; ", problems));
    }

    public sealed class TheRunCommand : IDisposable
    {
        private readonly TempFolder _temp = new();

        // A small scenario under a name no other test uses, so its runs can be found in the shared test history.
        private (string Path, string Name) Unique()
        {
            var name = $"history-{Guid.NewGuid():N}";
            return (_temp.File($"{name}.yaml", ScenarioSubmissionTests.Tiny.Replace("name: tiny", $"name: {name}", StringComparison.Ordinal)), name);
        }

        [Fact]
        public void Records_a_succeeded_run_with_its_summary_scenario_and_folder()
        {
            var (path, name) = Unique();
            var folder = Path.Combine(_temp.Path, "out");

            var result = CliRunner.Run("run", path, "--format", "json", "--out", folder);

            Assert.Equal(0, result.ExitCode);
            var run = Assert.Single(Store().List(RunStore.MaxList), r => r.Name == name);
            Assert.Equal((RunStatus.Succeeded, "cli", File.ReadAllText(path), result.Out.TrimEnd('\n'), folder), (run.Status, run.Source, run.Scenario, run.Summary, run.ReportFolder));
        }

        [Fact]
        public void Records_nothing_with_no_history()
        {
            var (path, name) = Unique();

            var result = CliRunner.Run("run", path, "--no-history");

            Assert.Equal(0, result.ExitCode);
            Assert.DoesNotContain(Store().List(RunStore.MaxList), r => r.Name == name);
        }

        public void Dispose() => _temp.Dispose();
    }

    public sealed class TheRunsCommand
    {
        [Fact]
        public void Lists_the_history_newest_first_as_json()
        {
            var mine = Store().Add("runs-command-test", "test", "name: x");

            var result = CliRunner.Run("runs", "--format", "json", "--limit", "10000");

            Assert.Equal(("", 0), (result.Error, result.ExitCode));
            var runs = JsonDocument.Parse(result.Out).RootElement.GetProperty("runs");
            var entry = runs.EnumerateArray().Single(r => r.GetProperty("id").GetString() == mine.Id);
            Assert.Equal(("runs-command-test", "queued", "test"), (entry.GetProperty("name").GetString(), entry.GetProperty("status").GetString(), entry.GetProperty("source").GetString()));
        }

        [Fact]
        public void Prints_a_table_that_names_the_database()
        {
            Store().Add("runs-table-test", "test", "name: x");

            var result = CliRunner.Run("runs");

            Assert.Equal(0, result.ExitCode);
            Assert.Contains($"runs in {RunStoreLocation.DatabasePath()}", result.Out.ReplaceLineEndings(""), StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("0", "error: --limit: expected a whole number from 1 to 10000, found 0")]
        [InlineData("10001", "error: --limit: expected a whole number from 1 to 10000, found 10001")]
        public void Refuses_a_limit_out_of_range(string limit, string error)
        {
            var result = CliRunner.Run("runs", "--limit", limit);

            Assert.Equal((2, error), (result.ExitCode, result.Error.Trim()));
        }
    }

    public sealed class TheWebCommand
    {
        [Fact]
        public void Checks_its_options_and_says_where_it_would_listen_with_dry_run()
        {
            var result = CliRunner.Run("web", "--dry-run", "--urls", "http://127.0.0.1:5999", "--workers", "2", "--queue", "4", "--run-timeout", "90s", "--format", "json");

            Assert.Equal(("", 0), (result.Error, result.ExitCode));
            var doc = JsonDocument.Parse(result.Out).RootElement;
            Assert.Equal("http://127.0.0.1:5999", doc.GetProperty("urls")[0].GetString());
            Assert.Equal(RunStoreLocation.DatabasePath(), doc.GetProperty("database").GetString());
            Assert.Equal((2, 4, 90.0), (doc.GetProperty("workers").GetInt32(), doc.GetProperty("queue").GetInt32(), doc.GetProperty("run_timeout_seconds").GetDouble()));
        }

        [Theory]
        [InlineData("http://0.0.0.0:5000", "error: --urls: 'http://0.0.0.0:5000' would let other machines reach the dashboard, which runs any scenario it is sent; use 127.0.0.1, [::1] or localhost, or pass --allow-remote to do it anyway")]
        [InlineData("http://example.com:80", "error: --urls: 'http://example.com:80' would let other machines reach the dashboard, which runs any scenario it is sent; use 127.0.0.1, [::1] or localhost, or pass --allow-remote to do it anyway")]
        [InlineData("https://127.0.0.1:5000", "error: --urls: expected an address like http://127.0.0.1:5000 (http, a host and a port), found 'https://127.0.0.1:5000'")]
        [InlineData("http://127.0.0.1", "error: --urls: expected an address like http://127.0.0.1:5000 (http, a host and a port), found 'http://127.0.0.1'")]
        [InlineData("/dev/zero", "error: --urls: expected an address like http://127.0.0.1:5000 (http, a host and a port), found '/dev/zero'")]
        public void Refuses_an_address_it_should_not_listen_on(string urls, string error)
        {
            var result = CliRunner.Run("web", "--dry-run", "--urls", urls);

            Assert.Equal((2, error, ""), (result.ExitCode, result.Error.Trim(), result.Out));
        }

        [Fact]
        public void Listens_on_any_address_when_allowed()
        {
            var result = CliRunner.Run("web", "--dry-run", "--urls", "http://0.0.0.0:5000", "--allow-remote");

            Assert.Equal(0, result.ExitCode);
            Assert.StartsWith("Colossim dashboard on http://0.0.0.0:5000", result.Out, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("--workers", "0", "error: --workers: expected 1 to 64 runs at once, found 0")]
        [InlineData("--queue", "-1", "error: --queue: expected 0 to 10000 waiting runs, found -1")]
        [InlineData("--run-timeout", "0s", "error: --run-timeout: expected a run time limit above 0 and at most 1 day, found '0s'")]
        public void Refuses_limits_out_of_range(string option, string value, string error)
        {
            var result = CliRunner.Run("web", "--dry-run", option, value);

            Assert.Equal((2, error), (result.ExitCode, result.Error.Trim()));
        }
    }
}
