using Colossim.Documents;
using Colossim.Runs;
using Colossim.Tests.Cli;

namespace Colossim.Tests.Runs;

/// <summary><c>colossim compare</c> with run ids from the history (the tests' own COLOSSIM_HOME), beside folders.</summary>
public sealed class StoredComparisonTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string RunAndFindId(string seed)
    {
        var name = $"compare-{Guid.NewGuid():N}";
        var path = _temp.File($"{name}.yaml", ScenarioSubmissionTests.Tiny.Replace("name: tiny", $"name: {name}", StringComparison.Ordinal));
        var result = CliRunner.Run("run", path, "--seed", seed, "--format", "json");
        Assert.Equal(0, result.ExitCode);
        var problems = new Problems();
        var store = RunStore.OpenDefault(problems) ?? throw new InvalidOperationException(string.Join("; ", problems));
        return Assert.Single(store.List(RunStore.MaxList), r => r.Name == name).Id;
    }

    [Fact]
    public void Compares_two_runs_by_their_ids_and_names_the_changed_seed()
    {
        var a = RunAndFindId("1");
        var b = RunAndFindId("2");

        var result = CliRunner.Run("compare", a, b, "--format", "json");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("\"seed\"", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Compares_a_run_id_with_a_report_folder()
    {
        var a = RunAndFindId("1");
        var folder = Path.Combine(_temp.Path, "b");
        var name = $"compare-{Guid.NewGuid():N}";
        var path = _temp.File($"{name}.yaml", ScenarioSubmissionTests.Tiny.Replace("name: tiny", $"name: {name}", StringComparison.Ordinal));
        Assert.Equal(0, CliRunner.Run("run", path, "--out", folder).ExitCode);

        var result = CliRunner.Run("compare", a, folder);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public void Says_an_unknown_id_is_neither_a_folder_nor_a_run()
    {
        RunAndFindId("1");

        var result = CliRunner.Run("compare", "no-such-run", "no-such-run");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Contains("error: RUN_A: expected a report folder (colossim run --out DIR) or a run id (colossim runs), found neither: 'no-such-run'", result.Error, StringComparison.Ordinal);
    }
}
