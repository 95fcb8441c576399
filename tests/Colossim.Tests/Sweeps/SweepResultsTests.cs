using Colossim.Documents;
using Colossim.Reports;
using Colossim.Sweeps;
using Colossim.Tests.Cli;

namespace Colossim.Tests.Sweeps;

public sealed class SweepResultsTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Gives_each_point_its_values_objective_and_headline_metrics()
    {
        var plan = SweepFixtures.Plan(new SweepRequest { Scenario = SweepFixtures.PlanSized, Vary = ["sites[0].gpus.count=1024,2048"], Objective = "build.total.gpus", Maximize = true });
        using var store = SweepStore.Open(Path.Combine(_temp.Path, "db"), new Problems(), TimeProvider.System)!;
        var outcome = await SweepRunner.RunAsync(plan, store, 2);

        var report = SweepResults.Report(plan, store, outcome, jobs: 2);

        Assert.Equal(["build.total.gpus", "build.total.capex_usd.total", "build.total.tco_usd", "build.total.usd_per_gpu_hour", "build.total.facility_w"], report.Metrics);
        Assert.Equal([1024.0, 2048.0], report.Rows.Select(r => r.Objective!.Mean));
        Assert.Equal([1, 0], report.Ranked.Select(r => r.Point));
        Assert.All(report.Rows, r => Assert.Null(r.Objective!.Low));
        Assert.True(report.Rows[1].Metrics[2]!.Mean > report.Rows[0].Metrics[2]!.Mean, "twice the GPUs cost more");
    }

    [Fact]
    public async Task Gives_a_confidence_interval_over_seeds_that_holds_the_mean()
    {
        var plan = SweepFixtures.Plan(new SweepRequest { Scenario = SweepFixtures.Scenario("single-node-h200.yaml"), Vary = ["workloads.serving[0].traffic.rate=2/s"], Seeds = 4, Objective = "workloads.serving[0].simulation.ttft_ms.p99" });
        using var store = SweepStore.Open(Path.Combine(_temp.Path, "db"), new Problems(), TimeProvider.System)!;
        var outcome = await SweepRunner.RunAsync(plan, store, 2);

        var stat = SweepResults.Report(plan, store, outcome, 2).Rows.Single().Objective!;

        Assert.Equal(4, stat.Count);
        Assert.True(stat.Low < stat.Mean && stat.Mean < stat.High, $"{stat.Low} < {stat.Mean} < {stat.High}: four seeds' arrivals differ");
    }

    [Fact]
    public void Reports_a_sweep_read_over_several_batches_as_one()
    {
        var count = SweepStore.ReadBatch + 100;
        var plan = SweepFixtures.Plan(new SweepRequest { Scenario = SweepFixtures.PlanSized, Vary = [$"sites[0].gpus.count=1:{count}:1"], Objective = "build.total.gpus" });
        using var store = SweepStore.Open(Path.Combine(_temp.Path, "db"), new Problems(), TimeProvider.System)!;
        foreach (var run in plan.Runs)
        {
            var gpus = run.Point + 1;
            store.Record(gpus % 10 == 3
                ? new SweepRunResult(run.Hash, SweepRunStatus.Failed, null, $"no room for {gpus}", 0.1)
                : new SweepRunResult(run.Hash, SweepRunStatus.Done, $"{{\"build\": {{\"total\": {{\"gpus\": {gpus}, \"tco_usd\": {gpus * 2.5}}}}}}}", null, 0.1));
        }

        var report = SweepResults.Report(plan, store, new SweepOutcome(0, plan.Runs.Count, 0, TimeSpan.Zero, []), jobs: 2);

        Assert.Equal(["build.total.gpus", "build.total.tco_usd"], report.Metrics);
        Assert.Equal(Enumerable.Range(0, count), report.Rows.Select(r => r.Point));
        Assert.All(report.Rows, r =>
        {
            var gpus = r.Point + 1;
            Assert.Equal(1, r.Runs);
            if (gpus % 10 == 3)
            {
                Assert.Equal((1, $"no room for {gpus}"), (r.Failed, r.Error));
                Assert.Null(r.Objective);
                Assert.All(r.Metrics, Assert.Null);
            }
            else
            {
                Assert.Equal((0, (string?)null), (r.Failed, r.Error));
                Assert.Equal(gpus, r.Objective!.Mean);
                Assert.Equal([gpus, gpus * 2.5], r.Metrics.Select(m => m!.Mean));
            }
        });
        Assert.Equal(count / 10, report.Failed);
    }

    [Fact]
    public async Task Reports_the_same_from_the_runs_taken_as_they_finish_as_from_the_store()
    {
        // An earlier session made two of the four points; this one makes the other two and takes them as it records them.
        using var store = SweepStore.Open(Path.Combine(_temp.Path, "db"), new Problems(), TimeProvider.System)!;
        var earlier = SweepFixtures.Plan(new SweepRequest { Scenario = SweepFixtures.PlanSized, Vary = ["sites[0].gpus.count=1024,3072"] });
        await SweepRunner.RunAsync(earlier, store, 2);
        var plan = SweepFixtures.Plan(new SweepRequest { Scenario = SweepFixtures.PlanSized, Vary = ["sites[0].gpus.count=1024,2048,3072,4096"], Objective = "build.total.tco_usd" });
        var recorded = new SweepReportCache(plan);

        var outcome = await SweepRunner.RunAsync(plan, store, 2, report: recorded);
        var fromCache = SweepResults.Report(plan, store, outcome, 2, recorded);
        var fromStore = SweepResults.Report(plan, store, outcome, 2);

        Assert.Equal((2, 2, 2), (outcome.Ran, outcome.Reused, recorded.Count));
        Assert.Equal(fromStore.Metrics, fromCache.Metrics);
        Assert.Equal(Table(fromStore), Table(fromCache));
        Assert.Equal(4, fromCache.Rows.Count(r => r.Objective is not null));
    }

    [Fact]
    public void Takes_the_runs_it_was_given_over_the_store_and_refuses_another_plans()
    {
        var plan = SweepFixtures.Plan(new SweepRequest { Scenario = SweepFixtures.PlanSized, Vary = ["sites[0].gpus.count=1,2,3"], Objective = "build.total.gpus" });
        using var store = SweepStore.Open(Path.Combine(_temp.Path, "db"), new Problems(), TimeProvider.System)!;
        var runs = plan.Runs.Select(r => new SweepRunResult(r.Hash, SweepRunStatus.Done, $"{{\"build\": {{\"total\": {{\"gpus\": {r.Point + 1}}}}}}}", null, 0.1)).ToList();
        store.Record(runs[0]);
        store.Record(runs[1] with { Summary = "{\"build\": {\"total\": {\"gpus\": 99}}}" });
        var recorded = new SweepReportCache(plan);
        recorded.Add([runs[1], new SweepRunResult(runs[2].Hash, SweepRunStatus.Failed, null, "no room", 0.1)]);

        var report = SweepResults.Report(plan, store, new SweepOutcome(2, 1, 1, TimeSpan.Zero, []), 2, recorded);

        Assert.Equal([1.0, 2.0], report.Rows.Take(2).Select(r => r.Objective!.Mean));
        Assert.Equal((1, "no room"), (report.Rows[2].Failed, report.Rows[2].Error));
        var other = SweepFixtures.Plan(new SweepRequest { Scenario = SweepFixtures.PlanSized, Vary = ["sites[0].gpus.count=1,2"] });
        Assert.Throws<ArgumentException>(() => SweepResults.Report(other, store, new SweepOutcome(0, 0, 0, TimeSpan.Zero, []), 2, recorded));
    }

    [Fact]
    public void Takes_runs_from_many_threads_at_once()
    {
        var plan = SweepFixtures.Plan(new SweepRequest { Scenario = SweepFixtures.PlanSized, Vary = ["sites[0].gpus.count=1:2000:1"], Objective = "build.total.gpus" });
        using var store = SweepStore.Open(Path.Combine(_temp.Path, "db"), new Problems(), TimeProvider.System)!;
        var recorded = new SweepReportCache(plan);

        Parallel.ForEach(plan.Runs, new ParallelOptions { MaxDegreeOfParallelism = 8 }, run =>
            recorded.Add([new SweepRunResult(run.Hash, SweepRunStatus.Done, $"{{\"build\": {{\"total\": {{\"gpus\": {run.Point + 1}, \"tco_usd\": 2}}}}}}", null, 0.1)]));
        var report = SweepResults.Report(plan, store, new SweepOutcome(plan.Runs.Count, 0, 0, TimeSpan.Zero, []), 8, recorded);

        Assert.Equal(2_000, recorded.Count);
        Assert.Equal(["build.total.gpus", "build.total.tco_usd"], report.Metrics);
        Assert.Equal(Enumerable.Range(1, 2_000).Select(i => (double)i), report.Rows.Select(r => r.Objective!.Mean));
    }

    private static List<string> Table(SweepReport report) =>
        [.. report.Rows.Select(r => $"{r.Point} {string.Join(",", r.Values)} {r.Runs} {r.Failed} {r.Error} {r.Objective?.Mean} {string.Join(",", r.Metrics.Select(m => m?.Mean))}")];
}
