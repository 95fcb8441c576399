using System.Diagnostics;
using Colossim.Documents;
using Colossim.Grid;

namespace Colossim.Tests.Grid;

public sealed class GridDatabaseTests
{
    public sealed class TheParseMethod
    {
        private static (string? Connection, string[] Errors) Parse(string? text, Func<string, string?>? environment = null)
        {
            var problems = new Problems();
            var connection = GridDatabase.Parse(text, problems, environment ?? (_ => null));
            return (connection, [.. problems.Select(p => p.ToString())]);
        }

        [Fact]
        public void Adds_short_timeouts_to_a_connection_string_without_any()
        {
            var (connection, errors) = Parse("Host=db;Username=colossim;Database=colossim");

            Assert.Empty(errors);
            Assert.Equal("Host=db;Username=colossim;Database=colossim;Timeout=5;Command Timeout=15", connection);
        }

        [Fact]
        public void Keeps_the_timeouts_a_connection_string_sets()
        {
            Assert.Equal("Host=db;Timeout=30", Parse("Host=db;Timeout=30").Connection);
        }

        [Fact]
        public void Reads_the_variable_env_VAR_names()
        {
            var (connection, _) = Parse("env:GRID", name => name == "GRID" ? "Host=10.0.0.7;Port=5433" : null);

            Assert.Equal("Host=10.0.0.7;Port=5433;Timeout=5;Command Timeout=15", connection);
        }

        [Theory]
        [InlineData("", "--cluster: expected a PostgreSQL connection string (Host=db;Username=colossim;Password=...;Database=colossim) or env:VAR, found an empty value")]
        [InlineData("env:", "--cluster: expected env:VAR to name a variable holding a connection string, found no name")]
        [InlineData("env:NOPE", "--cluster: expected env:VAR to name a variable holding a connection string, found 'NOPE' unset or empty")]
        [InlineData("Username=colossim", "--cluster: expected a PostgreSQL connection string with a Host (Host=db;Username=colossim;Database=colossim), found 'Username=colossim'")]
        [InlineData("Host=db;Password=secret;Port=x", "--cluster: expected a PostgreSQL connection string (Host=db;Username=colossim;Password=...;Database=colossim) or env:VAR, found 'Host=db;Password=***'")]
        public void Says_what_is_wrong_in_one_line_without_the_password(string text, string error)
        {
            var (connection, errors) = Parse(text);

            Assert.Null(connection);
            var only = Assert.Single(errors);
            Assert.StartsWith(error, only, StringComparison.Ordinal);
            Assert.DoesNotContain("secret", only, StringComparison.Ordinal);
        }
    }

    public sealed class TheCheckAsyncMethod
    {
        [Fact]
        public async Task Fails_within_seconds_with_one_line_when_nothing_listens()
        {
            var port = PostgresGridTests.FreePort();
            var problems = new Problems();
            var connection = GridDatabase.Parse($"Host=127.0.0.1;Port={port};Username=colossim", problems, _ => null)!;
            var clock = Stopwatch.StartNew();

            var ok = await GridDatabase.CheckAsync(connection, create: false, problems);

            Assert.False(ok);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
            var only = Assert.Single(problems);
            Assert.StartsWith($"--cluster: expected PostgreSQL 127.0.0.1:{port} that accepts this connection, found: ", only.ToString(), StringComparison.Ordinal);
        }

        [SkippableFact]
        public async Task Creates_the_tables_and_then_finds_them()
        {
            var connection = PostgresGridTests.Connection();
            var problems = new Problems();

            Assert.True(await GridDatabase.CheckAsync(connection, create: true, problems));
            Assert.True(await GridDatabase.CheckAsync(connection, create: true, problems));
            Assert.True(await GridDatabase.CheckAsync(connection, create: false, problems));
            Assert.Empty(problems);
        }
    }
}
