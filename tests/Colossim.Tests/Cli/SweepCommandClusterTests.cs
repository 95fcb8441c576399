using Colossim.Tests.Grid;
using Colossim.Tests.Sweeps;

namespace Colossim.Tests.Cli;

/// <summary><c>colossim sweep --cluster</c>: the options; the grid itself is tested by <see cref="GridSweepTests"/> and <see cref="PostgresGridTests"/>.</summary>
public sealed class SweepCommandClusterTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Rejects_a_connection_string_that_does_not_read()
    {
        var result = CliRunner.Run("sweep", SweepFixtures.PlanSized, "--vary", "sites[0].gpus.count=8,16", "--store", Path.Combine(_temp.Path, "c.db"), "--cluster", "nonsense");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: --cluster: expected a PostgreSQL connection string (Host=db;Username=colossim;Password=...;Database=colossim) or env:VAR, found 'nonsense' (", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Fails_within_seconds_in_one_line_when_the_database_does_not_answer_and_runs_nothing()
    {
        var port = PostgresGridTests.FreePort();

        var result = CliRunner.Run("sweep", SweepFixtures.PlanSized, "--vary", "sites[0].gpus.count=8,16", "--store", Path.Combine(_temp.Path, "c.db"), "--cluster", $"Host=127.0.0.1;Port={port};Username=colossim");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: --cluster: expected PostgreSQL 127.0.0.1:{port} that accepts this connection, found: ", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }
}
