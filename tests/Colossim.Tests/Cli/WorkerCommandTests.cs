using Colossim.Tests.Grid;

namespace Colossim.Tests.Cli;

public sealed class WorkerCommandTests
{
    [Fact]
    public void Says_what_it_would_start_with_dry_run()
    {
        var result = CliRunner.Run("worker", "--cluster", "Host=db.example;Username=colossim;Password=secret;Database=grid", "--jobs", "3", "--port", "11112", "--gateway-port", "30001", "--advertise", "10.0.0.7", "--dry-run");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("would start a worker of the grid in PostgreSQL db.example:5432/grid: 3 run(s) at once, silo port 11112, gateway port 30001, advertising 10.0.0.7\n", result.Out);
        Assert.DoesNotContain("secret", result.Out + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Says_what_it_would_create_with_init_and_dry_run_as_json()
    {
        var result = CliRunner.Run("worker", "--cluster", "Host=db;Database=grid", "--init", "--dry-run", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("\"cluster\": \"PostgreSQL db:5432/grid\"", result.Out, StringComparison.Ordinal);
        Assert.Contains("\"init\": true", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void The_native_build_says_in_one_line_that_it_cannot_join_the_grid()
    {
        var problems = new Colossim.Documents.Problems();
        Colossim.Cli.NativeBuild.RequireGrid(problems, native: false);
        Assert.False(problems.HasErrors);
        Assert.False(Colossim.Cli.NativeBuild.IsNative);

        Colossim.Cli.NativeBuild.RequireGrid(problems, native: true);

        var problem = Assert.Single(problems);
        Assert.Equal("--cluster", problem.Path);
        Assert.Equal("expected the .NET build of colossim to join the sweep grid, found the native build (Orleans needs the .NET runtime): use 'dotnet run -c Release --project src/Colossim.Cli -- ...' or the build of 'dotnet build src/Colossim.Cli -c Release'", problem.Message);
    }

    [Theory]
    [InlineData(new[] { "--jobs", "0" }, "error: --jobs: expected a whole number of runs at once from 1 to 1024, found 0")]
    [InlineData(new[] { "--port", "70000" }, "error: --port: expected a port from 1 to 65535, found 70000")]
    [InlineData(new[] { "--port", "30000" }, "error: --gateway-port: expected a gateway port other than the silo port, found 30000 for both")]
    [InlineData(new[] { "--advertise", "0.0.0.0" }, "error: --advertise: expected the IP address other machines reach this one at (such as 10.0.0.7), found '0.0.0.0'")]
    [InlineData(new[] { "--advertise", "db.example" }, "error: --advertise: expected the IP address other machines reach this one at (such as 10.0.0.7), found 'db.example'")]
    public void Rejects_a_bad_option_in_one_line(string[] option, string error)
    {
        var result = CliRunner.Run(["worker", "--cluster", "Host=db", "--dry-run", .. option]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(error + "\n", result.Error);
    }

    [Fact]
    public void Fails_within_seconds_in_one_line_when_the_database_does_not_answer()
    {
        var port = PostgresGridTests.FreePort();

        var result = CliRunner.Run("worker", "--cluster", $"Host=127.0.0.1;Port={port};Username=colossim");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: --cluster: expected PostgreSQL 127.0.0.1:{port} that accepts this connection, found: ", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd('\n').Split('\n'));
    }
}
