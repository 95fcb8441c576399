using Colossim.Documents;
using Colossim.Runs;
using Colossim.Tests.Cli;
using Microsoft.Data.Sqlite;

namespace Colossim.Tests.Runs;

public sealed class RunStoreTests : IDisposable
{
    private readonly TempFolder _temp = new();

    private string Db => Path.Combine(_temp.Path, "sub", "colossim.db");

    private RunStore Open(Func<int, bool>? isAlive = null)
    {
        var problems = new Problems();
        var store = RunStore.Open(Db, problems, isAlive: isAlive);
        Assert.Empty(problems);
        return store!;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    public sealed class TheOpenMethod : IDisposable
    {
        private readonly RunStoreTests _t = new();

        [Fact]
        public void Creates_the_folder_the_tables_and_a_write_ahead_log()
        {
            _t.Open();

            using var connection = new SqliteConnection($"Data Source={_t.Db}");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode";
            Assert.Equal("wal", command.ExecuteScalar());
            command.CommandText = "SELECT version FROM schema_version WHERE component = 'runs'";
            Assert.Equal(1L, command.ExecuteScalar());
        }

        [Fact]
        public void Keeps_the_runs_of_an_earlier_store_on_the_same_file()
        {
            var run = _t.Open().Add("a", "cli", "name: a");

            var again = _t.Open();

            Assert.Equal(run with { }, again.Get(run.Id));
        }

        [Fact]
        public void Marks_the_runs_of_a_dead_process_failed_as_interrupted_and_leaves_live_ones()
        {
            var store = _t.Open();
            var running = store.Add("a", "cli", "x", RunStatus.Running);
            var queued = store.Add("b", "web", "y");

            var dead = _t.Open(isAlive: _ => false);
            var live = _t.Open(isAlive: _ => true);

            Assert.Equal(2, dead.Recovered);
            Assert.Equal(0, live.Recovered);
            Assert.All(new[] { running.Id, queued.Id }.Select(id => dead.Get(id)!), r =>
            {
                Assert.Equal(RunStatus.Failed, r.Status);
                Assert.Equal(RunStore.Interrupted, r.Error);
                Assert.NotNull(r.Finished);
            });
        }

        [Fact]
        public void Refuses_a_folder_with_a_problem()
        {
            var problems = new Problems();

            Assert.Null(RunStore.Open(_t._temp.Path, problems));

            Assert.Equal($"run store: expected a database file, found the folder '{_t._temp.Path}'", Assert.Single(problems).ToString());
        }

        [Fact]
        public void Refuses_a_file_that_is_not_a_database_with_a_problem()
        {
            var path = _t._temp.File("junk.db", new string('x', 4096));
            var problems = new Problems();

            Assert.Null(RunStore.Open(path, problems));

            Assert.StartsWith($"run store: cannot open the run store '{path}': ", Assert.Single(problems).ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public void Refuses_a_store_written_by_a_newer_version()
        {
            _t.Open();
            using (var connection = new SqliteConnection($"Data Source={_t.Db};Pooling=False"))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "UPDATE schema_version SET version = 7 WHERE component = 'runs'";
                command.ExecuteNonQuery();
            }

            var problems = new Problems();
            Assert.Null(RunStore.Open(_t.Db, problems));

            Assert.Equal($"run store: the run store '{_t.Db}' has schema version 7, newer than this colossim's 1; use a newer colossim or another COLOSSIM_HOME", Assert.Single(problems).ToString());
        }

        public void Dispose() => _t.Dispose();
    }

    public sealed class TheAddMethod : IDisposable
    {
        private readonly RunStoreTests _t = new();

        [Fact]
        public void Records_a_queued_run_owned_by_this_process_with_a_32_digit_id()
        {
            var store = _t.Open();

            var run = store.Add("single", "web", "name: single");

            Assert.Matches("^[0-9a-f]{32}$", run.Id);
            Assert.Equal(RunStatus.Queued, run.Status);
            Assert.Equal(Environment.ProcessId, run.OwnerProcess);
            Assert.Equal(run, store.Get(run.Id));
        }

        [Fact]
        public void Refuses_a_run_that_starts_finished() =>
            Assert.Throws<ArgumentOutOfRangeException>(() => _t.Open().Add("a", "cli", "x", RunStatus.Succeeded));

        public void Dispose() => _t.Dispose();
    }

    public sealed class TheStatusMethods : IDisposable
    {
        private readonly RunStoreTests _t = new();

        [Fact]
        public void Move_a_run_from_queued_to_running_to_succeeded_once()
        {
            var store = _t.Open();
            var run = store.Add("a", "web", "x");

            Assert.True(store.MarkRunning(run.Id));
            Assert.False(store.MarkRunning(run.Id));
            Assert.True(store.Succeed(run.Id, "{}", "/tmp/r"));
            Assert.False(store.Fail(run.Id, "late"));

            var done = store.Get(run.Id)!;
            Assert.Equal(RunStatus.Succeeded, done.Status);
            Assert.Equal("{}", done.Summary);
            Assert.Equal("/tmp/r", done.ReportFolder);
            Assert.Null(done.Error);
            Assert.True(done.Finished >= done.Created);
        }

        [Fact]
        public void Record_why_a_run_failed()
        {
            var store = _t.Open();
            var run = store.Add("a", "web", "x");

            Assert.True(store.Fail(run.Id, "stopped"));

            Assert.Equal(("stopped", RunStatus.Failed), (store.Get(run.Id)!.Error, store.Get(run.Id)!.Status));
        }

        public void Dispose() => _t.Dispose();
    }

    public sealed class TheListMethod : IDisposable
    {
        private readonly RunStoreTests _t = new();

        [Fact]
        public void Gives_the_latest_runs_newest_first_up_to_the_limit()
        {
            var store = _t.Open();
            var ids = Enumerable.Range(0, 5).Select(i => store.Add($"r{i}", "cli", "x").Id).ToList();

            var listed = store.List(3);

            Assert.Equal(ids.AsEnumerable().Reverse().Take(3), listed.Select(r => r.Id));
            Assert.Equal(5, store.Count());
        }

        [Fact]
        public void Gives_nothing_for_an_unknown_id() => Assert.Null(_t.Open().Get("0123456789abcdef0123456789abcdef"));

        public void Dispose() => _t.Dispose();
    }
}
