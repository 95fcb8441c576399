using Colossim.Documents;
using Colossim.Sweeps;
using Colossim.Tests.Cli;

namespace Colossim.Tests.Sweeps;

public sealed class SweepStoreTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private SweepStore Open(string name = "colossim.db") => SweepStore.Open(Path.Combine(_temp.Path, name), new Problems(), TimeProvider.System)!;

    [Fact]
    public void Records_a_run_once_and_keeps_the_first_record()
    {
        using var store = Open();

        Assert.True(store.Record(new SweepRunResult("h1", SweepRunStatus.Done, "{}", null, 0.5)));
        Assert.False(store.Record(new SweepRunResult("h1", SweepRunStatus.Failed, null, "late copy", 0.1)));

        var result = store.Results(["h1", "h2"]);
        Assert.Equal(["h1"], result.Keys);
        Assert.Equal(new SweepRunResult("h1", SweepRunStatus.Done, "{}", null, 0.5), result["h1"]);
    }

    [Fact]
    public void Gives_the_status_of_each_stored_run_over_many_chunks()
    {
        using var store = Open();
        var hashes = Enumerable.Range(0, 1_200).Select(i => $"h{i}").ToList();
        foreach (var hash in hashes.Where((_, i) => i % 3 != 2))
        {
            store.Record(int.Parse(hash[1..], System.Globalization.CultureInfo.InvariantCulture) % 3 == 0
                ? new SweepRunResult(hash, SweepRunStatus.Done, "{}", null, 0.1)
                : new SweepRunResult(hash, SweepRunStatus.Failed, null, "bad", 0.1));
        }

        var statuses = store.Statuses([.. hashes, "h0", "missing"]);

        Assert.Equal(800, statuses.Count);
        Assert.Equal(SweepRunStatus.Done, statuses["h999"]);
        Assert.Equal(SweepRunStatus.Failed, statuses["h1000"]);
        Assert.False(statuses.ContainsKey("h1001"));
        Assert.Equal(statuses.Keys.Order(StringComparer.Ordinal), store.Finished(hashes).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Records_a_batch_in_one_transaction_and_counts_the_new_runs()
    {
        using var store = Open();
        store.Record(new SweepRunResult("h1", SweepRunStatus.Done, "{}", null, 0.5));

        var added = store.Record([(new SweepRunResult("h1", SweepRunStatus.Failed, null, "late", 0.1), "w"), (new SweepRunResult("h2", SweepRunStatus.Done, "{\"a\": 1}", null, 0.2), "w"), (new SweepRunResult("h2", SweepRunStatus.Failed, null, "copy", 0.3), null)]);

        Assert.Equal(1, added);
        Assert.Equal(new SweepRunResult("h1", SweepRunStatus.Done, "{}", null, 0.5), store.Results(["h1"])["h1"]);
        Assert.Equal(new SweepRunResult("h2", SweepRunStatus.Done, "{\"a\": 1}", null, 0.2), store.Results(["h2"])["h2"]);
        Assert.Throws<ArgumentNullException>(() => store.Record([(new SweepRunResult("h3", SweepRunStatus.Done, "{}", null, 0.1), null), (null!, null)]));
        Assert.Empty(store.Statuses(["h3"]));
    }

    [Fact]
    public void Reads_results_in_batches_each_stored_hash_once()
    {
        using var store = Open();
        var hashes = Enumerable.Range(0, SweepStore.ReadBatch + 300).Select(i => $"h{i}").ToList();
        foreach (var (hash, i) in hashes.Select((h, i) => (h, i)))
        {
            store.Record(i % 7 == 0 ? new SweepRunResult(hash, SweepRunStatus.Failed, null, $"bad {i}", 0.1) : new SweepRunResult(hash, SweepRunStatus.Done, $"{{\"i\": {i}}}", null, 0.1));
        }

        var batches = new List<IReadOnlyList<SweepRunResult>>();
        store.ReadResults([.. hashes, .. hashes.Take(50), "missing"], batch => batches.Add([.. batch]));

        Assert.True(batches.Count >= 2, $"{batches.Count} batches");
        Assert.All(batches, b => Assert.InRange(b.Count, 1, SweepStore.ReadBatch));
        var read = batches.SelectMany(b => b).ToList();
        Assert.Equal(hashes.Order(StringComparer.Ordinal), read.Select(r => r.Hash).Order(StringComparer.Ordinal));
        Assert.Equal(new SweepRunResult("h7", SweepRunStatus.Failed, null, "bad 7", 0.1), read.Single(r => r.Hash == "h7"));
        Assert.Equal("{\"i\": 1299}", read.Single(r => r.Hash == "h1299").Summary);
        Assert.Equal(read.ToDictionary(r => r.Hash), store.Results(hashes));
    }

    [Fact]
    public void Answers_statuses_from_a_store_made_before_the_status_index()
    {
        var path = Path.Combine(_temp.Path, "old.db");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=false"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = """
                CREATE TABLE sweep_runs (hash TEXT PRIMARY KEY, status TEXT NOT NULL, summary TEXT, error TEXT, elapsed_s REAL NOT NULL, finished_utc TEXT NOT NULL, worker TEXT);
                CREATE TABLE sweep_members (sweep TEXT NOT NULL, run INTEGER NOT NULL, point INTEGER NOT NULL, replica INTEGER NOT NULL, hash TEXT NOT NULL, overrides TEXT NOT NULL, PRIMARY KEY (sweep, run));
                INSERT INTO sweep_runs VALUES ('h1', 'done', '{}', NULL, 0.5, '2026-12-01T00:00:00.000Z', NULL), ('h2', 'failed', NULL, 'bad', 0.5, '2026-12-01T00:00:00.000Z', NULL);
                """;
            create.ExecuteNonQuery();
        }

        using (var reader = SweepStore.OpenExisting(path, new Problems(), "--store")!)
        {
            Assert.Equal(new Dictionary<string, SweepRunStatus> { ["h1"] = SweepRunStatus.Done, ["h2"] = SweepRunStatus.Failed }, reader.Statuses(["h1", "h2", "h3"]));
        }

        using (var writer = SweepStore.Open(path, new Problems(), TimeProvider.System)!)
        {
            Assert.Equal(new Dictionary<string, SweepRunStatus> { ["h1"] = SweepRunStatus.Done, ["h2"] = SweepRunStatus.Failed }, writer.Statuses(["h1", "h2", "h3"]));
        }

        using var indexed = SweepStore.OpenExisting(path, new Problems(), "--store")!;
        Assert.Equal(SweepRunStatus.Failed, indexed.Statuses(["h2"])["h2"]);
        using var check = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=false;Mode=ReadOnly");
        check.Open();
        using var query = check.CreateCommand();
        query.CommandText = "EXPLAIN QUERY PLAN SELECT hash, status FROM sweep_runs INDEXED BY sweep_runs_status WHERE hash IN (SELECT value FROM json_each('[\"h1\"]'))";
        using var plan = query.ExecuteReader();
        var steps = new List<string>();
        while (plan.Read())
        {
            steps.Add(plan.GetString(3));
        }

        Assert.Contains(steps, s => s.Contains("COVERING INDEX sweep_runs_status", StringComparison.Ordinal));
    }

    [Fact]
    public void Shares_its_records_with_another_connection_to_the_same_file()
    {
        using var first = Open();
        using var second = Open();

        first.Record(new SweepRunResult("h1", SweepRunStatus.Failed, null, "bad", 0.2));

        Assert.Equal(["h1"], second.Finished(["h1", "h2"]));
    }

    [Fact]
    public void Refuses_a_folder_and_a_file_that_is_not_a_database()
    {
        var problems = new Problems();
        var text = _temp.File("notes.txt", new string('x', 4096));

        Assert.Null(SweepStore.Open(_temp.Path, problems, TimeProvider.System));
        Assert.Null(SweepStore.Open(text, problems, TimeProvider.System));
        Assert.Null(SweepStore.Open("/dev/null", problems, TimeProvider.System));
        Assert.Null(SweepStore.Open("", problems, TimeProvider.System));

        Assert.Equal($"--store: expected a database file, found the folder '{_temp.Path}'", problems[0].ToString());
        Assert.Equal($"--store: expected a SQLite database file, found '{text}', which is not one", problems[1].ToString());
        Assert.Equal("--store: expected a database file, found a device '/dev/null'", problems[2].ToString());
        Assert.Equal("--store: expected a database file, found an empty name", problems[3].ToString());
    }

    public sealed class TheDefaultPathMethod
    {
        [Fact]
        public void Follows_COLOSSIM_HOME_then_XDG_DATA_HOME_then_the_home_folder()
        {
            Assert.Equal("/c/colossim.db", SweepStore.DefaultPath(n => n switch { "COLOSSIM_HOME" => "/c", "XDG_DATA_HOME" => "/x", _ => "/h" }));
            Assert.Equal("/x/colossim/colossim.db", SweepStore.DefaultPath(n => n switch { "XDG_DATA_HOME" => "/x", "HOME" => "/h", _ => null }));
            Assert.Equal("/h/.local/share/colossim/colossim.db", SweepStore.DefaultPath(n => n == "HOME" ? "/h" : null));
        }
    }
}
