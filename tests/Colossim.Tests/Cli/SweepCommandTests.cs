using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Colossim.Documents;
using Colossim.Sweeps;
using Colossim.Tests.Sweeps;

namespace Colossim.Tests.Cli;

public sealed class SweepCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Db => Path.Combine(_temp.Path, "colossim.db");

    [Fact]
    public void Prints_the_best_points_and_writes_the_table_and_charts()
    {
        var result = CliRunner.Run("sweep", SweepFixtures.PlanSized, "--vary", "sites[0].gpus.count=1024,2048", "--vary", "sites[0].power.pue=1.1,1.3", "--objective", "build.total.usd_per_gpu_hour", "--store", Db, "--out", Path.Combine(_temp.Path, "out"), "--jobs", "2");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("sweep of plan-sized: 4 points over sites[0].gpus.count, sites[0].power.pue", result.Out, StringComparison.Ordinal);
        Assert.Contains("best points by build.total.usd_per_gpu_hour (smallest first)", result.Out, StringComparison.Ordinal);
        Assert.Contains("out/sweep.parquet", result.Out, StringComparison.Ordinal);
        Assert.Contains("out/pareto.svg", result.Out, StringComparison.Ordinal);
        Assert.Equal(5, File.ReadAllLines(Path.Combine(_temp.Path, "out", "sweep.csv")).Length);
    }

    [Fact]
    public void Shows_the_rate_and_time_left_only_once_the_first_runs_in_flight_are_done()
    {
        // Two at once: the first two runs compile as they go and finish together, so the rate starts after them and is
        // shown once two more have finished; runs recorded in one commit are reported together.
        var result = CliRunner.Run("sweep", SweepFixtures.PlanSized, "--vary", "sites[0].gpus.count=1024:20480:1024", "--store", Db, "--jobs", "2");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Error.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^sweep: \d+/20 runs$", lines[0]);
        Assert.All(lines[..^1], l => Assert.Matches(@"^sweep: \d+/20 runs(, \d+(\.\d)?/s, 0:\d\d left)?$", l));
        Assert.Matches(@"^sweep: 20/20 runs(, \d+(\.\d)?/s)?$", lines[^1]);
        var done = lines.Select(l => int.Parse(l.Split(' ', '/')[1], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(done.Order(), done);
        Assert.Equal(done.Count, done.Distinct().Count());
    }

    [Fact]
    public void Prints_one_json_document_and_reuses_stored_runs_the_second_time()
    {
        string[] args = ["sweep", SweepFixtures.PlanSized, "--vary", "sites[0].gpus.count=1024,2048,4096", "--objective", "build.total.gpus", "--maximize", "--store", Db, "--format", "json"];

        var first = JsonNode.Parse(CliRunner.Run(args).Out)!;
        var second = JsonNode.Parse(CliRunner.Run(args).Out)!;

        Assert.Equal((3, 0), ((int)first["ran"]!, (int)first["reused"]!));
        Assert.Equal((0, 3), ((int)second["ran"]!, (int)second["reused"]!));
        Assert.Equal(4096, (double)second["best"]!["objective"]!["mean"]!);
        Assert.Equal("4096", (string)second["best"]!["values"]!["sites[0].gpus.count"]!);
    }

    [Theory]
    [InlineData(new[] { "--vary", "sites[0].gpus.count=8", "--jobs", "0" }, "error: --jobs: expected a whole number of parallel runs from 1 to 1024, found 0")]
    [InlineData(new[] { "--vary", "sites[0].gpus.count=8", "--minimize", "--maximize" }, "error: --maximize: expected --minimize or --maximize, not both")]
    [InlineData(new[] { "--vary", "sites[0].gpus.count=1:1e9:1" }, "error: --vary: sites[0].gpus.count: the range 1:1e9:1 has 1,000,000,000 values; a sweep has at most 100,000 points")]
    public void Answers_bad_input_with_one_line_and_exit_2(string[] options, string message)
    {
        var result = CliRunner.Run(["sweep", SweepFixtures.PlanSized, "--store", Db, .. options]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Equal(message, result.Error.TrimEnd());
    }

    [SkippableFact]
    public void Writes_its_table_under_dev_shm_and_refuses_a_device_for_out()
    {
        Skip.IfNot(Directory.Exists("/dev/shm"), "no /dev/shm on this machine");
        var folder = Path.Combine("/dev/shm", "colossim-sweep-" + Guid.NewGuid().ToString("N"));
        try
        {
            var result = CliRunner.Run("sweep", SweepFixtures.PlanSized, "--vary", "sites[0].gpus.count=1024", "--store", Db, "--out", folder);

            Assert.True(result.ExitCode == 0, result.Error);
            Assert.True(File.Exists(Path.Combine(folder, "sweep.csv")));
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        var device = CliRunner.Run("sweep", SweepFixtures.PlanSized, "--vary", "sites[0].gpus.count=1024", "--store", Db, "--out", "/dev/null");
        Assert.Equal(2, device.ExitCode);
        Assert.Equal("error: --out: expected a folder, found the file '/dev/null'", device.Error.TrimEnd());
    }

    [Fact]
    public void Refuses_a_folder_for_the_store()
    {
        var result = CliRunner.Run("sweep", SweepFixtures.PlanSized, "--vary", "sites[0].gpus.count=1024", "--store", _temp.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: --store: expected a database file, found the folder '{_temp.Path}'", result.Error.TrimEnd());
    }

    /// <summary>
    /// Kills a sweep (a child process, as a user's Ctrl-C or power loss would stop it) after some runs are stored, runs
    /// it again and checks that every run is done exactly once: the second session reuses exactly what the first
    /// stored and runs exactly the rest. Takes 2-10 s: two processes that each compile their code as they go and 2,000
    /// plan-sized runs (about 1 ms each once compiled; runs that finish together are committed together, and a run counts
    /// as done once committed to disk). The kill comes once 50 are stored, so that the runs still to make (at least a
    /// second) leave the test ample time to kill the sweep before it ends.
    /// </summary>
    [Fact]
    public async Task Resumes_a_killed_sweep_without_redoing_or_losing_a_run()
    {
        const string vary = "sites[0].gpus.count=1024:2048000:1024";
        var plan = SweepFixtures.Plan(new SweepRequest { Scenario = SweepFixtures.PlanSized, Vary = [vary] });
        var home = Path.Combine(_temp.Path, "home");

        using (var child = Start(home, "sweep", SweepFixtures.PlanSized, "--vary", vary, "--jobs", "1"))
        {
            // Without a terminal the sweep prints a line after its first commit and at each tenth: kill it once it
            // says 50 or more runs are stored (runs committed together are counted together).
            string? line;
            do
            {
                line = await child.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            }
            while (line is not null && !(line.StartsWith("sweep: ", StringComparison.Ordinal) && int.Parse(line.Split(' ', '/')[1], CultureInfo.InvariantCulture) >= 50));

            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
            Assert.NotNull(line);
            Assert.NotEqual(0, child.ExitCode);
        }

        var before = Stored(home, plan);
        Assert.InRange(before, 50, 1_999);
        using var rerun = Start(home, "sweep", SweepFixtures.PlanSized, "--vary", vary, "--jobs", "2", "--format", "json");
        var output = await rerun.StandardOutput.ReadToEndAsync();
        await rerun.WaitForExitAsync();

        Assert.True(rerun.ExitCode == 0, await rerun.StandardError.ReadToEndAsync());
        var json = JsonNode.Parse(output)!;
        Assert.Equal((2_000 - before, before, 0), ((int)json["ran"]!, (int)json["reused"]!, (int)json["failed"]!));
        Assert.Equal(2_000, Stored(home, plan));
    }

    [Fact]
    public async Task Writes_its_timeline_on_stderr_with_COLOSSIM_TIMINGS_and_nothing_more_without_it()
    {
        var home = _temp.Path;
        string[] args = ["sweep", SweepFixtures.PlanSized, "--vary", "sites[0].gpus.count=1024,2048,3072", "--jobs", "2"];
        using (var timed = Start(home, ("COLOSSIM_TIMINGS", "1"), args))
        {
            var stdout = timed.StandardOutput.ReadToEndAsync();
            var stderr = await timed.StandardError.ReadToEndAsync();
            await timed.WaitForExitAsync();

            Assert.True(timed.ExitCode == 0, stderr);
            var steps = stderr.ReplaceLineEndings("\n").Split('\n').Where(l => l.StartsWith("timings: ", StringComparison.Ordinal)).ToList();
            Assert.Equal(
                ["command line parsed", "catalog loaded", "plan made", "store opened", "first run recorded", "runs done", "report made", "results written", "command finished"],
                steps.Select(l => l[(l.LastIndexOf(": ", StringComparison.Ordinal) + 2)..]));
            var walls = steps.Select(l => int.Parse(System.Text.RegularExpressions.Regex.Match(l, @"^timings: (\d+) ms wall, \d+ ms cpu, [\d,]+ methods compiled in \d+ ms, [\d,]+ garbage collections? \(\d+ ms paused\): ").Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(walls.Order(), walls);
            Assert.DoesNotContain("timings:", await stdout, StringComparison.Ordinal);
        }

        // Again over the finished store: no run is made, so none is marked; and without the variable, no timeline.
        using var again = Start(home, ("COLOSSIM_TIMINGS", "1"), args);
        var rerun = await again.StandardError.ReadToEndAsync();
        await again.WaitForExitAsync();
        Assert.Contains("timings: ", rerun, StringComparison.Ordinal);
        Assert.DoesNotContain("first run recorded", rerun, StringComparison.Ordinal);
        using var plain = Start(home, ("COLOSSIM_TIMINGS", "0"), args);
        var quiet = await plain.StandardError.ReadToEndAsync();
        await plain.WaitForExitAsync();
        Assert.Equal(0, plain.ExitCode);
        Assert.DoesNotContain("timings:", quiet, StringComparison.Ordinal);
    }

    private static int Stored(string home, SweepPlan plan)
    {
        var path = Path.Combine(home, "colossim.db");
        if (!File.Exists(path))
        {
            return 0;
        }

        using var store = SweepStore.Open(path, new Problems(), TimeProvider.System)!;
        return store.Results(plan.Runs.Select(r => r.Hash)).Values.Count(r => r.Status == SweepRunStatus.Done);
    }

    private static Process Start(string home, params string[] args) => Start(home, ("COLOSSIM_TIMINGS", null), args);

    private static Process Start(string home, (string Name, string? Value) variable, params string[] args)
    {
        var start = CliRunner.StartInfo(args);
        start.Environment["COLOSSIM_HOME"] = home;
        if (variable.Value is null)
        {
            start.Environment.Remove(variable.Name);
        }
        else
        {
            start.Environment[variable.Name] = variable.Value;
        }

        return Process.Start(start)!;
    }
}
