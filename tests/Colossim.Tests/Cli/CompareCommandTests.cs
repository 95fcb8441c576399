using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Colossim.Sweeps;
using Colossim.Tests.Scenarios;
using Colossim.Tests.Sweeps;
using Microsoft.Data.Sqlite;

namespace Colossim.Tests.Cli;

public sealed class CompareCommandTests
{
    // Two report folders of the single-node scenario, run once by the command line with seeds 1 and 2 (left in the
    // temporary folder for the process: each run takes about a second).
    private static readonly Lazy<(string A, string B)> Folders = new(() =>
    {
        var root = Path.Combine(Path.GetTempPath(), "colossim-tests", "compare-" + Guid.NewGuid().ToString("N"));
        var a = Path.Combine(root, "a");
        var b = Path.Combine(root, "b");
        Assert.Equal(0, CliRunner.Run("run", ScenarioFiles.Scenario("single-node-h200.yaml"), "--out", a, "--format", "json").ExitCode);
        Assert.Equal(0, CliRunner.Run("run", ScenarioFiles.Scenario("single-node-h200.yaml"), "--out", b, "--seed", "2", "--format", "json").ExitCode);
        return (a, b);
    });

    private static (string A, string B) Runs(TempDirectory dir)
    {
        _ = dir;
        return Folders.Value;
    }

    public sealed class TheCommand
    {
        [Fact]
        public void Prints_the_figures_and_the_inputs_that_differ_and_writes_the_page_with_out()
        {
            using var dir = new TempDirectory();
            var (a, b) = Runs(dir);
            var output = Path.Combine(dir.Path, "cmp");

            var result = CliRunner.Run("compare", a, b, "--out", output);

            Assert.Equal(0, result.ExitCode);
            Assert.Contains("What changed from A to B", result.Out, StringComparison.Ordinal);
            Assert.Contains("Inputs that", result.Out, StringComparison.Ordinal);
            Assert.Matches(@"│ seed\s+│ 1\s+│ 2\s+│", result.Out);
            Assert.Equal($"wrote {Path.Combine(output, "compare.html")} and {Path.Combine(output, "compare.json")}\n", result.Error);
            Assert.True(File.Exists(Path.Combine(output, "compare.html")));
        }

        [Fact]
        public void Prints_one_json_document_with_format_json()
        {
            using var dir = new TempDirectory();
            var (a, b) = Runs(dir);

            var result = CliRunner.Run("compare", a, b, "--format", "json");

            Assert.Equal(0, result.ExitCode);
            using var doc = JsonDocument.Parse(result.Out);
            Assert.Equal("seed", doc.RootElement.GetProperty("inputs")[0].GetProperty("path").GetString());
            Assert.Equal(a, doc.RootElement.GetProperty("a").GetProperty("run").GetString());
        }

        [Fact]
        public void Reports_a_folder_without_a_summary_and_exits_2()
        {
            using var dir = new TempDirectory();

            var result = CliRunner.Run("compare", dir.Path, dir.Path);

            Assert.Equal(2, result.ExitCode);
            Assert.Equal(
                $"error: RUN_A: expected a report folder with summary.json (colossim run --out DIR writes one), found none in {dir.Path}\n" +
                $"error: RUN_B: expected a report folder with summary.json (colossim run --out DIR writes one), found none in {dir.Path}\n",
                result.Error);
            Assert.Equal("", result.Out);
        }

        [Fact]
        public void Reports_an_out_folder_that_is_a_file_and_exits_2()
        {
            using var dir = new TempDirectory();
            var (a, b) = Runs(dir);
            var blocker = dir.Write("file", "x");

            var result = CliRunner.Run("compare", a, b, "--out", blocker);

            Assert.Equal(2, result.ExitCode);
            Assert.Equal($"error: --out: cannot write {Path.Combine(blocker, "compare.html")}: '{blocker}' is a file, not a folder\n", result.Error);
        }
    }

    public sealed class WithASweepStore : IDisposable
    {
        private static readonly string[] Sizes = ["sites[0].gpus.count=1024,2048"];

        private readonly TempFolder _temp = new();

        public void Dispose() => _temp.Dispose();

        private string Store => Path.Combine(_temp.Path, "sweep.db");

        private string Swept(params string[] vary)
        {
            var result = CliRunner.Run(["sweep", SweepFixtures.PlanSized, "--vary", .. vary.Length == 0 ? Sizes : vary, "--store", Store, "--format", "json"]);
            Assert.True(result.ExitCode == 0, result.Error);
            return Store;
        }

        private static string HashOf(int point, params string[] vary) =>
            SweepFixtures.Plan(new SweepRequest { Scenario = SweepFixtures.PlanSized, Vary = vary.Length == 0 ? Sizes : vary }).Runs[point].Hash;

        private static (int ExitCode, string Out, string Error) Compare(params string[] args)
        {
            var result = CliRunner.Run(["compare", .. args]);
            return (result.ExitCode, result.Out, result.Error);
        }

        [Fact]
        public void Compares_two_points_by_number_showing_the_gpu_count_and_the_capex_that_change()
        {
            var store = Swept();

            var result = Compare("--sweep-store", store, "0", "1", "--format", "json");

            Assert.True(result.ExitCode == 0, result.Error);
            var doc = JsonNode.Parse(result.Out)!;
            Assert.Equal("point 0 (sites[0].gpus.count=1024)", (string)doc["a"]!["run"]!);
            Assert.Equal("point 1 (sites[0].gpus.count=2048)", (string)doc["b"]!["run"]!);
            var input = Assert.Single(doc["inputs"]!.AsArray())!; // the GPU count is the only input that differs
            Assert.Equal(("platform.sites[site].gpus", "1024", "2048"), ((string)input["path"]!, (string)input["a"]!, (string)input["b"]!));
            var capex = doc["metrics"]!.AsArray().Single(m => (string)m!["name"]! == "capex")!;
            Assert.True((double)capex["b"]! > 1.9 * (double)capex["a"]!, capex.ToJsonString()); // twice the GPUs, about twice the capex
            Assert.Equal("", result.Error);
        }

        [Fact]
        public void Compares_two_runs_by_their_hash_prefixes_as_by_their_points()
        {
            var store = Swept();

            var byHash = Compare("--sweep-store", store, HashOf(0)[..8], HashOf(1).ToUpperInvariant(), "--format", "json");
            var byPoint = Compare("--sweep-store", store, "0", "1", "--format", "json");

            Assert.True(byHash.ExitCode == 0, byHash.Error);
            Assert.Equal(byPoint.Out, byHash.Out);
        }

        [Fact]
        public void Prints_the_comparison_tables_in_text()
        {
            var store = Swept();

            var result = Compare("--sweep-store", store, "1", "0");

            Assert.Equal(0, result.ExitCode);
            Assert.Contains("What changed from A to B", result.Out, StringComparison.Ordinal);
            Assert.Contains("point 1 (sites[0].gpus.count=2048)", result.Out, StringComparison.Ordinal);
        }

        [Fact]
        public void Reports_an_unknown_hash_and_exits_2()
        {
            var store = Swept();

            var result = Compare("--sweep-store", store, "0", "ffffffff0000");

            Assert.Equal((2, ""), (result.ExitCode, result.Out));
            Assert.Equal($"error: RUN_B: expected the hash of a run in {store}, found no run whose hash starts with ffffffff0000\n", result.Error);
        }

        [Fact]
        public void Reports_a_hash_prefix_that_starts_several_runs_and_exits_2()
        {
            var store = Swept();
            using (var connection = new SqliteConnection($"Data Source={store};Pooling=False"))
            {
                connection.Open();
                using var insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO sweep_members VALUES ('x', 0, 7, 0, 'abcdef0011112222333344445555aaaa', 'k=1'), ('x', 1, 8, 0, 'abcdef0099998888777766665555bbbb', 'k=2')";
                insert.ExecuteNonQuery();
            }

            var result = Compare("--sweep-store", store, "ABCDEF00", "0");

            Assert.Equal((2, ""), (result.ExitCode, result.Out));
            Assert.Equal($"error: RUN_A: abcdef00 starts the hashes of 2 runs in {store} (abcdef001111, abcdef009999); give more digits\n", result.Error);
        }

        [Fact]
        public void Reports_a_point_number_that_names_a_run_in_two_sweeps_and_exits_2()
        {
            var store = Swept();
            Swept("sites[0].gpus.count=4096,8192");

            var result = Compare("--sweep-store", store, "0", "1");

            Assert.Equal((2, ""), (result.ExitCode, result.Out));
            var hashes = new[] { HashOf(0), HashOf(0, "sites[0].gpus.count=4096,8192") }.Order(StringComparer.Ordinal).Select(h => h[..12]);
            var message = $"point 0 names 2 runs in {store} (several sweeps or seeds); name one by its hash: {string.Join(", ", hashes)}";
            Assert.StartsWith($"error: RUN_A: {message}\nerror: RUN_B: point 1 names 2 runs in {store}", result.Error, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("2", "expected a point of a sweep in {0} (0 to 1), found point 2")]
        [InlineData("point-1", "expected a point number (as colossim sweep's table shows it) or a run's hash (8 to 32 hex digits), found 'point-1'")]
        [InlineData("1234567z", "expected a point number (as colossim sweep's table shows it) or a run's hash (8 to 32 hex digits), found '1234567z'")]
        public void Reports_a_name_that_is_no_run_of_the_store_and_exits_2(string name, string message)
        {
            var store = Swept();

            var result = Compare("--sweep-store", store, "0", name);

            Assert.Equal((2, ""), (result.ExitCode, result.Out));
            Assert.Equal($"error: RUN_B: {string.Format(CultureInfo.InvariantCulture, message, store)}\n", result.Error);
        }

        [Fact]
        public void Reports_a_point_that_failed_and_exits_2()
        {
            var result = CliRunner.Run("sweep", SweepFixtures.Training, "--vary", "workloads.training[0].parallelism.tp=1,2", "--store", Store, "--format", "json");
            Assert.True(result.ExitCode == 0, result.Error);

            var compared = Compare("--sweep-store", Store, "0", "1");

            Assert.Equal((2, ""), (compared.ExitCode, compared.Out));
            Assert.StartsWith($"error: RUN_B: point 1 (", compared.Error, StringComparison.Ordinal);
            Assert.Contains(") failed, so it has no summary to compare: ", compared.Error, StringComparison.Ordinal);
            Assert.Single(compared.Error.TrimEnd().Split('\n'));
        }

        [Fact]
        public void Reports_a_store_that_is_not_a_sweep_store_and_exits_2()
        {
            var text = Path.Combine(_temp.Path, "notes.db");
            File.WriteAllText(text, "not a database");
            var other = Path.Combine(_temp.Path, "other.db");
            using (var connection = new SqliteConnection($"Data Source={other};Pooling=False"))
            {
                connection.Open();
                using var create = connection.CreateCommand();
                create.CommandText = "CREATE TABLE t (x INTEGER)";
                create.ExecuteNonQuery();
            }

            Assert.Equal($"error: --sweep-store: expected a sweep store (colossim sweep --store FILE), found '{text}', which is not a SQLite database\n", Compare("--sweep-store", text, "0", "1").Error);
            Assert.Equal($"error: --sweep-store: expected a sweep store (colossim sweep --store FILE), found '{other}', a database that holds no sweep\n", Compare("--sweep-store", other, "0", "1").Error);
            Assert.Equal(2, Compare("--sweep-store", other, "0", "1").ExitCode);
        }

        [Theory]
        [InlineData("folder", "expected a sweep store (colossim sweep --store FILE), found the folder '{0}'")]
        [InlineData("/dev/zero", "expected a sweep store (colossim sweep --store FILE), found a device '/dev/zero'")]
        [InlineData("missing.db", "expected a sweep store (colossim sweep --store FILE), found nothing at '{0}'")]
        [InlineData("", "expected a sweep store (colossim sweep --store FILE), found an empty name")]
        public void Reports_a_store_that_is_no_file_and_exits_2(string store, string message)
        {
            var path = store switch
            {
                "folder" => _temp.Path,
                "missing.db" => Path.Combine(_temp.Path, store),
                _ => store,
            };

            var result = Compare("--sweep-store", path, "0", "1");

            Assert.Equal((2, ""), (result.ExitCode, result.Out));
            Assert.Equal($"error: --sweep-store: {string.Format(CultureInfo.InvariantCulture, message, path)}\n", result.Error);
            Assert.False(File.Exists(Path.Combine(_temp.Path, "missing.db"))); // nothing is created
        }
    }
}
