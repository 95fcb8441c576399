using System.Data.Common;
using Colossim.Documents;
using Npgsql;

namespace Colossim.Grid;

/// <summary>
/// The PostgreSQL database a grid's silos meet in: how <c>--cluster CONNECTION</c> is read (an Npgsql connection
/// string, or <c>env:VAR</c> naming a variable that holds one), the membership tables <c>colossim worker --init</c>
/// creates, and the checks that make a wrong connection fail within seconds with one line.
/// </summary>
public static class GridDatabase
{
    /// <summary>The option's name, used as the path of problems.</summary>
    public const string Option = "--cluster";

    /// <summary>Seconds to wait for a connection before giving up (Npgsql's <c>Timeout</c>), unless the connection string sets it.</summary>
    public const int ConnectSeconds = 5;

    /// <summary>Seconds a command may take (Npgsql's <c>Command Timeout</c>), unless the connection string sets it.</summary>
    public const int CommandSeconds = 15;

    /// <summary>The table of silos (one row per silo incarnation).</summary>
    internal const string MembersTable = "colossim_grid_members";

    /// <summary>The table of cluster versions (one row per cluster id).</summary>
    internal const string VersionTable = "colossim_grid_version";

    /// <summary>
    /// The tables, created if missing. Our own schema for Orleans' <c>IMembershipTable</c> contract (see
    /// <see cref="PostgresMembershipTable"/>): Orleans' ADO.NET scripts are not shipped in its NuGet package.
    /// </summary>
    internal const string Schema = $"""
        CREATE TABLE IF NOT EXISTS {VersionTable} (
            cluster_id TEXT PRIMARY KEY,
            version INTEGER NOT NULL,
            etag INTEGER NOT NULL,
            changed_utc TIMESTAMPTZ NOT NULL DEFAULT now());
        CREATE TABLE IF NOT EXISTS {MembersTable} (
            cluster_id TEXT NOT NULL REFERENCES {VersionTable} (cluster_id) ON DELETE CASCADE,
            silo TEXT NOT NULL,
            status INTEGER NOT NULL,
            proxy_port INTEGER NOT NULL,
            host_name TEXT NOT NULL,
            silo_name TEXT NOT NULL,
            role_name TEXT,
            update_zone INTEGER NOT NULL,
            fault_zone INTEGER NOT NULL,
            suspect_times TEXT NOT NULL,
            start_time TIMESTAMPTZ NOT NULL,
            iamalive_time TIMESTAMPTZ NOT NULL,
            etag INTEGER NOT NULL,
            PRIMARY KEY (cluster_id, silo));
        """;

    /// <summary>
    /// Reads <paramref name="text"/> (a connection string, or <c>env:VAR</c>) into a connection string with short
    /// timeouts, or <see langword="null"/> with a problem under <see cref="Option"/>.
    /// </summary>
    public static string? Parse(string? text, Problems problems, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentNullException.ThrowIfNull(environment);
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Error(Option, "expected a PostgreSQL connection string (Host=db;Username=colossim;Password=...;Database=colossim) or env:VAR, found an empty value");
            return null;
        }

        var connection = text;
        if (text.StartsWith("env:", StringComparison.Ordinal))
        {
            var name = text[4..];
            if (name.Length == 0 || environment(name) is not { Length: > 0 } value)
            {
                problems.Error(Option, $"expected env:VAR to name a variable holding a connection string, found {(name.Length == 0 ? "no name" : $"'{name}' unset or empty")}");
                return null;
            }

            connection = value;
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connection);
            if (string.IsNullOrEmpty(builder.Host))
            {
                problems.Error(Option, $"expected a PostgreSQL connection string with a Host (Host=db;Username=colossim;Database=colossim), found '{Shorten(text)}'");
                return null;
            }

            if (!connection.Contains("timeout", StringComparison.OrdinalIgnoreCase))
            {
                builder.Timeout = ConnectSeconds;
                builder.CommandTimeout = CommandSeconds;
            }

            return builder.ConnectionString;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            problems.Error(Option, $"expected a PostgreSQL connection string (Host=db;Username=colossim;Password=...;Database=colossim) or env:VAR, found '{Shorten(text)}' ({FirstLine(e.Message)})");
            return null;
        }
    }

    /// <summary>
    /// Connects once and checks that the membership tables exist (or creates them when <paramref name="create"/>);
    /// <see langword="false"/> with one problem when the database cannot be reached within the connection's timeout or
    /// the tables are missing.
    /// </summary>
    public static async Task<bool> CheckAsync(string connectionString, bool create, Problems problems, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        ArgumentNullException.ThrowIfNull(problems);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var where = Describe(connectionString);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, builder.Timeout) + Math.Max(1, builder.CommandTimeout)));
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(timeout.Token).ConfigureAwait(false);
            if (create)
            {
                await using var command = new NpgsqlCommand(Schema, connection);
                await command.ExecuteNonQueryAsync(timeout.Token).ConfigureAwait(false);
                return true;
            }

            await using var check = new NpgsqlCommand($"SELECT to_regclass('{MembersTable}') IS NOT NULL AND to_regclass('{VersionTable}') IS NOT NULL", connection);
            if (await check.ExecuteScalarAsync(timeout.Token).ConfigureAwait(false) is not true)
            {
                problems.Error(Option, $"expected the grid's tables in {where}, found none: create them once with colossim worker --cluster CONNECTION --init");
                return false;
            }

            return true;
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            problems.Error(Option, $"expected {where}, found no answer within {Math.Max(1, builder.Timeout)} s");
            return false;
        }
        catch (Exception e) when (e is DbException or System.Net.Sockets.SocketException or IOException or TimeoutException or InvalidOperationException or ArgumentException)
        {
            problems.Error(Option, $"expected {where} that accepts this connection, found: {FirstLine(e.Message)}");
            return false;
        }
    }

    /// <summary>Where a connection string leads, without its password: <c>PostgreSQL HOST:PORT/DATABASE</c>.</summary>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"PostgreSQL {builder.Host}:{builder.Port}{(builder.Database is { Length: > 0 } db ? $"/{db}" : "")}";
    }

    /// <summary>The first line of <paramref name="text"/>, trimmed, at most 200 characters.</summary>
    public static string FirstLine(string text)
    {
        var line = text.Split('\n')[0].Trim();
        return line.Length > 200 ? line[..200] + "..." : line;
    }

    // Connection strings may hold a password: show only what precedes it.
    private static string Shorten(string text)
    {
        var at = text.IndexOf("password", StringComparison.OrdinalIgnoreCase);
        var shown = at >= 0 ? text[..at] + "Password=***" : text;
        return shown.Length > 80 ? shown[..80] + "..." : shown;
    }
}
