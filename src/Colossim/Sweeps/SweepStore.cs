using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Colossim.Documents;
using Microsoft.Data.Sqlite;

namespace Colossim.Sweeps;

/// <summary>How a run ended.</summary>
public enum SweepRunStatus
{
    /// <summary>It ran and its summary is stored.</summary>
    Done,

    /// <summary>It could not run (its values clash, or the run reported an error); the error is stored.</summary>
    Failed,
}

/// <summary>What one run of a sweep gave, as stored.</summary>
/// <param name="Hash">The run's content hash.</param>
/// <param name="Status">Done or failed.</param>
/// <param name="Summary">The run's <c>summary.json</c> text when done; <see langword="null"/> when it failed.</param>
/// <param name="Error">What went wrong, when it failed.</param>
/// <param name="ElapsedSeconds">How long the run took, in seconds of wall time (0 or more).</param>
public sealed record SweepRunResult(string Hash, SweepRunStatus Status, string? Summary, string? Error, double ElapsedSeconds);

/// <summary>A stored run with its summary.json as UTF-8 bytes (<see cref="SweepStore.ReadSummaries"/>).</summary>
internal sealed record StoredSummary(string Hash, SweepRunStatus Status, byte[]? Summary, string? Error);

/// <summary>A run of a sweep as the store lists it.</summary>
/// <param name="Point">The point's number in its sweep, from 0.</param>
/// <param name="Replica">Which of the point's seeds, from 0.</param>
/// <param name="Hash">The run's content hash (32 hex digits).</param>
/// <param name="Overrides">The point's values, one <c>key=value</c> a line, in the order of the sweep's keys.</param>
public sealed record SweepMember(int Point, int Replica, string Hash, string Overrides);

/// <summary>
/// The store of finished sweep runs: tables prefixed <c>sweep_</c> in the run store's SQLite database
/// (<c>$COLOSSIM_HOME/colossim.db</c>). A run is recorded once, by its content hash, in one transaction after it has
/// finished, so an interrupted sweep never leaves a partial run marked done and a run delivered twice (a retried grain)
/// is stored once. Safe to share between threads and between processes on one machine (SQLite's write-ahead log with
/// a busy timeout).
/// </summary>
public sealed class SweepStore : IDisposable
{
    /// <summary>The database's file name inside the Colossim home folder.</summary>
    public const string FileName = "colossim.db";

    /// <summary>The most results <see cref="ReadResults"/> hands over at once.</summary>
    public const int ReadBatch = 1_000;

    private static readonly string[] RunColumns = ["$hash", "$status", "$summary", "$error", "$elapsed", "$finished", "$worker"];

    private static readonly string[] MemberColumns = ["$sweep", "$run", "$point", "$replica", "$hash", "$overrides"];

    private readonly SqliteConnection _connection;
    private readonly TimeProvider _clock;
    private readonly Lock _lock = new();

    // Whether sweep_runs has the index of (hash, status) that answers Statuses without reading the runs' rows (a store
    // opened for writing always has it; one opened read-only has it when a writer has opened it since it was added).
    private readonly bool _statusIndex;

    private SweepStore(SqliteConnection connection, string path, TimeProvider clock, bool statusIndex)
    {
        _connection = connection;
        Path = path;
        _clock = clock;
        _statusIndex = statusIndex;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>
    /// The run store's database: <c>$COLOSSIM_HOME/colossim.db</c>, where COLOSSIM_HOME defaults to
    /// <c>$XDG_DATA_HOME/colossim</c> or <c>~/.local/share/colossim</c>; <paramref name="environment"/> reads a variable.
    /// </summary>
    public static string DefaultPath(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment("COLOSSIM_HOME") is { Length: > 0 } home)
        {
            return System.IO.Path.Combine(home, FileName);
        }

        var data = environment("XDG_DATA_HOME") is { Length: > 0 } xdg
            ? xdg
            : System.IO.Path.Combine(environment("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return System.IO.Path.Combine(data, "colossim", FileName);
    }

    /// <summary>
    /// Opens (creating if needed, with its folder) the database at <paramref name="path"/>; a problem under
    /// <paramref name="option"/> and <see langword="null"/> when it cannot be (a folder, a device, not a database).
    /// </summary>
    public static SweepStore? Open(string path, Problems problems, TimeProvider clock, string option = "--store")
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentNullException.ThrowIfNull(clock);
        if (string.IsNullOrWhiteSpace(path))
        {
            problems.Error(option, "expected a database file, found an empty name");
            return null;
        }

        if (Directory.Exists(path))
        {
            problems.Error(option, $"expected a database file, found the folder '{path}'");
            return null;
        }

        if (SpecialFiles.DescribeOutput(path) is { } special)
        {
            problems.Error(option, $"expected a database file, found {special} '{path}'");
            return null;
        }

        SqliteConnection? connection = null;
        try
        {
            if (File.Exists(path) && new FileInfo(path).Length > 0 && !IsDatabase(path))
            {
                problems.Error(option, $"expected a SQLite database file, found '{path}', which is not one");
                return null;
            }

            if (System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) is { Length: > 0 } folder)
            {
                Directory.CreateDirectory(folder);
            }

            connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 60 }.ToString());
            connection.Open();
            Execute(connection, """
                PRAGMA busy_timeout = 60000;
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = FULL;
                CREATE TABLE IF NOT EXISTS sweep_runs (
                    hash TEXT PRIMARY KEY,
                    status TEXT NOT NULL,
                    summary TEXT,
                    error TEXT,
                    elapsed_s REAL NOT NULL,
                    finished_utc TEXT NOT NULL,
                    worker TEXT);
                CREATE INDEX IF NOT EXISTS sweep_runs_status ON sweep_runs (hash, status);
                CREATE TABLE IF NOT EXISTS sweep_sweeps (
                    id TEXT PRIMARY KEY,
                    scenario TEXT NOT NULL,
                    name TEXT NOT NULL,
                    keys TEXT NOT NULL,
                    objective TEXT,
                    points INTEGER NOT NULL,
                    runs INTEGER NOT NULL,
                    code_version TEXT NOT NULL,
                    created_utc TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS sweep_members (
                    sweep TEXT NOT NULL,
                    run INTEGER NOT NULL,
                    point INTEGER NOT NULL,
                    replica INTEGER NOT NULL,
                    hash TEXT NOT NULL,
                    overrides TEXT NOT NULL,
                    PRIMARY KEY (sweep, run));
                """);
            return new SweepStore(connection, path, clock, statusIndex: true);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            connection?.Dispose();
            problems.Error(option, $"expected a SQLite database file that can be written, found '{path}' ({FirstLine(e.Message)})");
            return null;
        }
    }

    /// <summary>
    /// Opens an existing sweep store at <paramref name="path"/> for reading only (nothing is created or written); a
    /// problem under <paramref name="option"/> and <see langword="null"/> when there is no file, or it is a folder, a
    /// device, not a SQLite database, or a database that holds no sweep.
    /// </summary>
    public static SweepStore? OpenExisting(string path, Problems problems, string option)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentNullException.ThrowIfNull(option);
        var problem = string.IsNullOrWhiteSpace(path) ? "expected a sweep store (colossim sweep --store FILE), found an empty name"
            : Directory.Exists(path) ? $"expected a sweep store (colossim sweep --store FILE), found the folder '{path}'"
            : SpecialFiles.DescribeOutput(path) is { } special ? $"expected a sweep store (colossim sweep --store FILE), found {special} '{path}'"
            : !File.Exists(path) ? $"expected a sweep store (colossim sweep --store FILE), found nothing at '{path}'"
            : null;
        if (problem is not null)
        {
            problems.Error(option, problem);
            return null;
        }

        SqliteConnection? connection = null;
        try
        {
            if (!IsDatabase(path))
            {
                problems.Error(option, $"expected a sweep store (colossim sweep --store FILE), found '{path}', which is not a SQLite database");
                return null;
            }

            connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, Mode = SqliteOpenMode.ReadOnly, DefaultTimeout = 60 }.ToString());
            connection.Open();
            using var tables = connection.CreateCommand();
            tables.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('sweep_runs', 'sweep_members')";
            if (Convert.ToInt64(tables.ExecuteScalar(), CultureInfo.InvariantCulture) != 2)
            {
                connection.Dispose();
                problems.Error(option, $"expected a sweep store (colossim sweep --store FILE), found '{path}', a database that holds no sweep");
                return null;
            }

            using var index = connection.CreateCommand();
            index.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'sweep_runs_status'";
            var statusIndex = Convert.ToInt64(index.ExecuteScalar(), CultureInfo.InvariantCulture) == 1;
            return new SweepStore(connection, path, TimeProvider.System, statusIndex); // read only: the clock stamps nothing
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            connection?.Dispose();
            problems.Error(option, $"expected a sweep store (colossim sweep --store FILE) that can be read, found '{path}' ({FirstLine(e.Message)})");
            return null;
        }
    }

    /// <summary>
    /// The runs of the store's sweeps at point <paramref name="point"/> (as the sweep's table numbers them, from 0): one
    /// per sweep and seed that has such a point, each with its hash and its values; empty when there is none.
    /// </summary>
    public IReadOnlyList<SweepMember> MembersAt(int point)
    {
        lock (_lock)
        {
            using var select = Command("SELECT DISTINCT point, replica, hash, overrides FROM sweep_members WHERE point = $point ORDER BY hash", null);
            select.Parameters.AddWithValue("$point", point);
            return ReadMembers(select);
        }
    }

    /// <summary>
    /// The runs of the store's sweeps whose hash starts with <paramref name="prefix"/> (lowercase hex digits), one per
    /// hash (the first point that has it); empty when there is none.
    /// </summary>
    public IReadOnlyList<SweepMember> MembersWithHash(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        lock (_lock)
        {
            using var select = Command("SELECT point, replica, hash, overrides FROM sweep_members WHERE substr(hash, 1, length($prefix)) = $prefix GROUP BY hash ORDER BY hash", null);
            select.Parameters.AddWithValue("$prefix", prefix);
            return ReadMembers(select);
        }
    }

    /// <summary>The highest point number of the store's sweeps, or -1 when it holds none.</summary>
    public int LastPoint()
    {
        lock (_lock)
        {
            using var select = Command("SELECT COALESCE(MAX(point), -1) FROM sweep_members", null);
            return Convert.ToInt32(select.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
    }

    private static List<SweepMember> ReadMembers(SqliteCommand select)
    {
        var members = new List<SweepMember>();
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            members.Add(new SweepMember(reader.GetInt32(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3)));
        }

        return members;
    }

    /// <summary>Records the sweep and its runs (once: a sweep run again is the same sweep).</summary>
    public void Register(SweepPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        lock (_lock)
        {
            using var transaction = _connection.BeginTransaction();
            using var exists = Command("SELECT COUNT(*) FROM sweep_sweeps WHERE id = $id", transaction);
            exists.Parameters.AddWithValue("$id", plan.Id);
            if (Convert.ToInt64(exists.ExecuteScalar(), CultureInfo.InvariantCulture) > 0)
            {
                return;
            }

            using var sweep = Command("INSERT INTO sweep_sweeps VALUES ($id, $scenario, $name, $keys, $objective, $points, $runs, $version, $created)", transaction);
            sweep.Parameters.AddWithValue("$id", plan.Id);
            sweep.Parameters.AddWithValue("$scenario", System.IO.Path.GetFullPath(plan.ScenarioPath));
            sweep.Parameters.AddWithValue("$name", plan.ScenarioName);
            sweep.Parameters.AddWithValue("$keys", string.Join('\n', plan.Axes.Select(a => a.Key)));
            sweep.Parameters.AddWithValue("$objective", (object?)plan.Objective ?? DBNull.Value);
            sweep.Parameters.AddWithValue("$points", plan.Points.Count);
            sweep.Parameters.AddWithValue("$runs", plan.Runs.Count);
            sweep.Parameters.AddWithValue("$version", plan.CodeVersion);
            sweep.Parameters.AddWithValue("$created", Now());
            sweep.ExecuteNonQuery();
            using var member = Command("INSERT INTO sweep_members VALUES ($sweep, $run, $point, $replica, $hash, $overrides)", transaction);
            var parameters = MemberColumns.Select(n => member.Parameters.Add(n, SqliteType.Text)).ToArray();
            for (var i = 0; i < plan.Runs.Count; i++)
            {
                var run = plan.Runs[i];
                var point = plan.Points[run.Point];
                parameters[0].Value = plan.Id;
                parameters[1].Value = i;
                parameters[2].Value = run.Point;
                parameters[3].Value = run.Replica;
                parameters[4].Value = run.Hash;
                parameters[5].Value = string.Join('\n', plan.Axes.Select((a, k) => $"{a.Key}={point.Values[k]}"));
                member.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    /// <summary>Which of <paramref name="hashes"/> have a stored result (done or failed).</summary>
    public IReadOnlySet<string> Finished(IEnumerable<string> hashes) => Statuses(hashes).Keys.ToHashSet(StringComparer.Ordinal);

    /// <summary>The status of those of <paramref name="hashes"/> that have a stored result, without reading the results.</summary>
    public IReadOnlyDictionary<string, SweepRunStatus> Statuses(IEnumerable<string> hashes)
    {
        var statuses = new Dictionary<string, SweepRunStatus>(StringComparer.Ordinal);
        Select(hashes, "hash, status", _statusIndex ? "INDEXED BY sweep_runs_status" : "", reader => statuses[reader.GetString(0)] = Status(reader.GetString(1)), () => { });
        return statuses;
    }

    /// <summary>The stored results of those of <paramref name="hashes"/> that have one.</summary>
    public IReadOnlyDictionary<string, SweepRunResult> Results(IEnumerable<string> hashes)
    {
        var results = new Dictionary<string, SweepRunResult>(StringComparer.Ordinal);
        ReadResults(hashes, batch =>
        {
            foreach (var result in batch)
            {
                results[result.Hash] = result;
            }
        });
        return results;
    }

    /// <summary>
    /// Reads the stored results of those of <paramref name="hashes"/> that have one, handing them to
    /// <paramref name="read"/> in batches of at most <see cref="ReadBatch"/> (each hash once, in no particular order),
    /// so that a sweep of millions of runs is read without holding every summary at once. The store is locked while it
    /// reads: <paramref name="read"/> must not call the store.
    /// </summary>
    public void ReadResults(IEnumerable<string> hashes, Action<IReadOnlyList<SweepRunResult>> read) =>
        ReadBatches(hashes, "hash, status, summary, error, elapsed_s", reader => new SweepRunResult(
            reader.GetString(0), Status(reader.GetString(1)), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetDouble(4)), read);

    /// <summary>
    /// As <see cref="ReadResults"/>, each summary as the UTF-8 bytes the store holds rather than a string: half the
    /// memory, and no conversion for a reader that parses JSON from bytes (the sweep's report).
    /// </summary>
    internal void ReadSummaries(IEnumerable<string> hashes, Action<IReadOnlyList<StoredSummary>> read) =>
        ReadBatches(hashes, "hash, status, summary, error", reader => new StoredSummary(
            reader.GetString(0), Status(reader.GetString(1)), reader.IsDBNull(2) ? null : reader.GetFieldValue<byte[]>(2), reader.IsDBNull(3) ? null : reader.GetString(3)), read);

    // The rows Select gives, made by `make` and handed to `read` a query's worth (up to ReadBatch) at a time.
    private void ReadBatches<T>(IEnumerable<string> hashes, string columns, Func<SqliteDataReader, T> make, Action<IReadOnlyList<T>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var batch = new List<T>(ReadBatch);
        Select(hashes, columns, "", reader => batch.Add(make(reader)), () =>
        {
            if (batch.Count > 0)
            {
                read(batch);
                batch = new List<T>(ReadBatch);
            }
        });
    }

    private static SweepRunStatus Status(string stored) => stored == "done" ? SweepRunStatus.Done : SweepRunStatus.Failed;

    // The rows of sweep_runs for those of `hashes` stored (columns from the hash first), each hash once: `row` for each,
    // `done` after each query of up to ReadBatch hashes. The hashes go in as one JSON array per query (SQLite's
    // json_each), not one parameter each: binding hundreds of named parameters costs a search of the names for each.
    private void Select(IEnumerable<string> hashes, string columns, string index, Action<SqliteDataReader> row, Action done)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        lock (_lock)
        {
            using var select = Command($"SELECT {columns} FROM sweep_runs {index} WHERE hash IN (SELECT value FROM json_each($hashes))", null);
            var list = select.Parameters.Add("$hashes", SqliteType.Text);
            foreach (var chunk in hashes.Distinct(StringComparer.Ordinal).Chunk(ReadBatch))
            {
                list.Value = JsonArray(chunk);
                using (var reader = select.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        row(reader);
                    }
                }

                done();
            }
        }
    }

    private static string JsonArray(string[] texts)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var text in texts)
            {
                writer.WriteStringValue(text);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// Records a finished run in one transaction; <see langword="false"/> when the run was already recorded (by another
    /// worker, or an earlier delivery of the same run), which leaves the first record as it was.
    /// </summary>
    public bool Record(SweepRunResult result, string? worker = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Record([(result, worker)]) == 1;
    }

    /// <summary>
    /// Records finished runs, each with the worker that made it, in one transaction (all or none of them), and gives how
    /// many were new: a run already recorded (by another worker, an earlier delivery, or earlier in
    /// <paramref name="runs"/>) keeps its first record. One commit for many runs is what lets a sweep's workers record
    /// faster than one commit (and, on a disk, one flush) per run allows.
    /// </summary>
    public int Record(IReadOnlyList<(SweepRunResult Result, string? Worker)> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        lock (_lock)
        {
            using var transaction = _connection.BeginTransaction();
            using var insert = Command("INSERT INTO sweep_runs VALUES ($hash, $status, $summary, $error, $elapsed, $finished, $worker) ON CONFLICT(hash) DO NOTHING", transaction);
            var parameters = RunColumns.Select(n => insert.Parameters.Add(n, n == "$elapsed" ? SqliteType.Real : SqliteType.Text)).ToArray();
            var added = 0;
            var now = Now();
            foreach (var (result, worker) in runs)
            {
                ArgumentNullException.ThrowIfNull(result, nameof(runs));
                parameters[0].Value = result.Hash;
                parameters[1].Value = result.Status == SweepRunStatus.Done ? "done" : "failed";
                parameters[2].Value = (object?)result.Summary ?? DBNull.Value;
                parameters[3].Value = (object?)result.Error ?? DBNull.Value;
                parameters[4].Value = result.ElapsedSeconds;
                parameters[5].Value = now;
                parameters[6].Value = (object?)worker ?? DBNull.Value;
                added += insert.ExecuteNonQuery();
            }

            transaction.Commit();
            return added;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();

    private SqliteCommand Command(string sql, SqliteTransaction? transaction)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private string Now() => _clock.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private static bool IsDatabase(string path)
    {
        Span<byte> header = stackalloc byte[16];
        using var file = File.OpenRead(path);
        return file.ReadAtLeast(header, 16, throwOnEndOfStream: false) == 16 && header.SequenceEqual("SQLite format 3\0"u8);
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
