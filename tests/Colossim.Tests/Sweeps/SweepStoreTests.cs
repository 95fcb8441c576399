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
