using System.Globalization;
using Colossim.Documents;
using Microsoft.Data.Sqlite;

namespace Colossim.Runs;

/// <summary>
/// The run history: one SQLite database (<see cref="RunStoreLocation.DatabasePath"/>) in write-ahead-log mode, shared
/// by every Colossim process of the user (the CLI, the dashboard, sweeps), with a <c>runs</c> table (id, created,
/// finished, status, name, source, owner process, scenario text, summary JSON, report folder, error) and a
/// <c>schema_version</c> table (one row per component: <c>runs</c> is <see cref="SchemaVersion"/>; the sweeps keep
/// their own <c>sweep_*</c> tables and row). Opening a store marks every queued or running run whose process is no
/// longer alive as failed with the reason <c>interrupted</c>, so a crash never loses a run silently. Every method
/// opens its own connection, so one store may be used from many threads; waits for another writer up to 30 s.
/// </summary>
public sealed class RunStore
{
    /// <summary>The version of the <c>runs</c> table this code reads and writes.</summary>
    public const int SchemaVersion = 1;

    /// <summary>The most runs <see cref="List"/> returns in one call.</summary>
    public const int MaxList = 10_000;

    /// <summary>The error recorded for a run whose process died while it was queued or running.</summary>
    public const string Interrupted = "interrupted: the process that ran it stopped before it finished";

    private const string Columns = "id, created, finished, status, name, source, owner_pid, scenario, summary, report_folder, error";

    private readonly string _connection;
    private readonly TimeProvider _time;

    private RunStore(string path, TimeProvider time)
    {
        DatabasePath = path;
        _time = time;
        _connection = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, DefaultTimeout = 30, Pooling = true }.ToString();
    }

    /// <summary>The database file's absolute path.</summary>
    public string DatabasePath { get; }

    /// <summary>How many runs opening the store marked failed because their process had died.</summary>
    public int Recovered { get; private set; }

    /// <summary>
    /// Opens (creating when missing, with its folder) the store at <paramref name="databasePath"/>. A file that cannot
    /// be created or is not a Colossim database, or one written by a newer version, is a problem at
    /// <paramref name="path"/> and gives <see langword="null"/>. <paramref name="time"/> stamps the runs (default the
    /// system clock); <paramref name="isAlive"/> says whether a process id is running (default: asks the system).
    /// </summary>
    public static RunStore? Open(string databasePath, Problems problems, string path = "run store", TimeProvider? time = null, Func<int, bool>? isAlive = null)
    {
        ArgumentNullException.ThrowIfNull(databasePath);
        ArgumentNullException.ThrowIfNull(problems);
        var full = Path.GetFullPath(databasePath);
        if (Directory.Exists(full))
        {
            problems.Error(path, $"expected a database file, found the folder '{full}'");
            return null;
        }

        try
        {
            if (Path.GetDirectoryName(full) is { Length: > 0 } folder)
            {
                Directory.CreateDirectory(folder);
            }

            var store = new RunStore(full, time ?? TimeProvider.System);
            if (store.Migrate() is { } newer)
            {
                problems.Error(path, $"the run store '{full}' has schema version {newer}, newer than this colossim's {SchemaVersion}; use a newer colossim or another {RunStoreLocation.HomeVariable}");
                return null;
            }

            store.Recovered = store.Recover(isAlive ?? ProcessIsAlive);
            return store;
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            problems.Error(path, $"cannot open the run store '{full}': {OneLine(e.Message)}");
            return null;
        }
    }

    /// <summary>Opens the store at <see cref="RunStoreLocation.DatabasePath"/> as <see cref="Open"/> does.</summary>
    public static RunStore? OpenDefault(Problems problems, TimeProvider? time = null) => Open(RunStoreLocation.DatabasePath(), problems, time: time);

    /// <summary>Records a new run of <paramref name="scenario"/> (named <paramref name="name"/>, started by <paramref name="source"/>), queued or running, owned by this process.</summary>
    public RunRecord Add(string name, string source, string scenario, RunStatus status = RunStatus.Queued)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(scenario);
        if (status is not (RunStatus.Queued or RunStatus.Running))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "a new run is queued or running");
        }

        var now = _time.GetUtcNow();
        var record = new RunRecord
        {
            Id = Guid.CreateVersion7(now).ToString("N"),
            Created = now,
            Status = status,
            Name = name,
            Source = source,
            Scenario = scenario,
            OwnerProcess = Environment.ProcessId,
        };
        Execute(
            $"INSERT INTO runs ({Columns}) VALUES ($id, $created, NULL, $status, $name, $source, $pid, $scenario, NULL, NULL, NULL)",
            ("$id", record.Id), ("$created", Stamp(now)), ("$status", EnumNames.Of(status)), ("$name", name), ("$source", source), ("$pid", record.OwnerProcess), ("$scenario", scenario));
        return record;
    }

    /// <summary>Marks a queued run as running; false when it is not queued (unknown, or already over).</summary>
    public bool MarkRunning(string id) =>
        Execute("UPDATE runs SET status = 'running' WHERE id = $id AND status = 'queued'", ("$id", id)) == 1;

    /// <summary>Marks a queued or running run as succeeded with its summary JSON and report folder; false when it is not queued or running.</summary>
    public bool Succeed(string id, string summary, string? reportFolder)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return Execute(
            "UPDATE runs SET status = 'succeeded', finished = $finished, summary = $summary, report_folder = $folder WHERE id = $id AND status IN ('queued', 'running')",
            ("$id", id), ("$finished", Stamp(_time.GetUtcNow())), ("$summary", summary), ("$folder", reportFolder)) == 1;
    }

    /// <summary>Marks a queued or running run as failed with <paramref name="error"/>; false when it is not queued or running.</summary>
    public bool Fail(string id, string error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Execute(
            "UPDATE runs SET status = 'failed', finished = $finished, error = $error WHERE id = $id AND status IN ('queued', 'running')",
            ("$id", id), ("$finished", Stamp(_time.GetUtcNow())), ("$error", error)) == 1;
    }

    /// <summary>The run with id <paramref name="id"/>, or <see langword="null"/> when there is none.</summary>
    public RunRecord? Get(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return Query($"SELECT {Columns} FROM runs WHERE id = $id", ("$id", id)).FirstOrDefault();
    }

    /// <summary>The latest <paramref name="limit"/> runs (1 to <see cref="MaxList"/>), newest first.</summary>
    public IReadOnlyList<RunRecord> List(int limit = 100)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxList);
        return Query($"SELECT {Columns} FROM runs ORDER BY created DESC, id DESC LIMIT $limit", ("$limit", limit));
    }

    /// <summary>How many runs the store holds.</summary>
    public long Count()
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM runs";
        return (long)command.ExecuteScalar()!;
    }

    // Creates or checks the schema; returns the stored version when it is newer than this code's, else null.
    private int? Migrate()
    {
        using var connection = Connect();
        if (StoredVersion(connection) is { } stored)
        {
            // Already created: reading does not take the write lock that many processes opening at once would queue on.
            return stored > SchemaVersion ? stored : null;
        }

        using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            wal.ExecuteNonQuery();
        }

        using var transaction = connection.BeginTransaction();
        using (var create = connection.CreateCommand())
        {
            create.Transaction = transaction;
            create.CommandText = """
                CREATE TABLE IF NOT EXISTS schema_version (component TEXT PRIMARY KEY, version INTEGER NOT NULL);
                CREATE TABLE IF NOT EXISTS runs (
                  id TEXT PRIMARY KEY,
                  created TEXT NOT NULL,
                  finished TEXT,
                  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
                  name TEXT NOT NULL,
                  source TEXT NOT NULL,
                  owner_pid INTEGER NOT NULL,
                  scenario TEXT NOT NULL,
                  summary TEXT,
                  report_folder TEXT,
                  error TEXT);
                CREATE INDEX IF NOT EXISTS runs_by_created ON runs (created);
                CREATE INDEX IF NOT EXISTS runs_by_status ON runs (status);
                INSERT OR IGNORE INTO schema_version (component, version) VALUES ('runs', 1);
                """;
            create.ExecuteNonQuery();
        }

        using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "SELECT version FROM schema_version WHERE component = 'runs'";
        var version = Convert.ToInt32(read.ExecuteScalar(), CultureInfo.InvariantCulture);
        transaction.Commit();
        return version > SchemaVersion ? version : null;
    }

    private static int? StoredVersion(SqliteConnection connection)
    {
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('runs', 'schema_version')";
        if ((long)read.ExecuteScalar()! < 2)
        {
            return null;
        }

        read.CommandText = "SELECT version FROM schema_version WHERE component = 'runs'";
        return read.ExecuteScalar() is { } version and not DBNull ? Convert.ToInt32(version, CultureInfo.InvariantCulture) : null;
    }

    // Fails the queued and running runs whose owner process is gone; returns how many.
    private int Recover(Func<int, bool> isAlive)
    {
        var orphans = Query($"SELECT {Columns} FROM runs WHERE status IN ('queued', 'running')").Where(r => !isAlive(r.OwnerProcess)).ToList();
        return orphans.Count(r => Fail(r.Id, Interrupted));
    }

    private static bool ProcessIsAlive(int pid)
    {
        if (pid == Environment.ProcessId)
        {
            return true;
        }

        if (OperatingSystem.IsLinux())
        {
            return Directory.Exists($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}");
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private SqliteConnection Connect()
    {
        var connection = new SqliteConnection(_connection);
        connection.Open();
        return connection;
    }

    private int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        Bind(command, parameters);
        return command.ExecuteNonQuery();
    }

    private List<RunRecord> Query(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        Bind(command, parameters);
        using var reader = command.ExecuteReader();
        var records = new List<RunRecord>();
        while (reader.Read())
        {
            records.Add(new RunRecord
            {
                Id = reader.GetString(0),
                Created = Parse(reader.GetString(1)),
                Finished = reader.IsDBNull(2) ? null : Parse(reader.GetString(2)),
                Status = EnumNames.Parse<RunStatus>(reader.GetString(3)) ?? RunStatus.Failed,
                Name = reader.GetString(4),
                Source = reader.GetString(5),
                OwnerProcess = reader.GetInt32(6),
                Scenario = reader.GetString(7),
                Summary = reader.IsDBNull(8) ? null : reader.GetString(8),
                ReportFolder = reader.IsDBNull(9) ? null : reader.GetString(9),
                Error = reader.IsDBNull(10) ? null : reader.GetString(10),
            });
        }

        return records;
    }

    private static void Bind(SqliteCommand command, (string Name, object? Value)[] parameters)
    {
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
    }

    // Times are stored as ISO 8601 UTC text with 100 ns resolution, so they sort as text.
    private static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
