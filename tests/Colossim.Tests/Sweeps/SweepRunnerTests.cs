using Colossim.Documents;
using Colossim.Facility;
using Colossim.Sweeps;
using Colossim.Tests.Cli;

namespace Colossim.Tests.Sweeps;

public sealed class SweepRunnerTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private SweepStore Store() => SweepStore.Open(Path.Combine(_temp.Path, "colossim.db"), new Problems(), TimeProvider.System)!;

    public sealed class TheSweepProgressRecord
    {
        [Fact]
        public void Has_a_rate_only_once_a_round_of_runs_has_finished_after_the_first_one()
        {
            var start = new SweepProgress(2, 100, 0, 0, TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(1)) { InFlight = 2 };

            Assert.Equal(0, start.RunsPerSecond);
            Assert.Null(start.Remaining);
            Assert.Equal(0, (start with { Done = 3, Elapsed = TimeSpan.FromSeconds(1.0001) }).RunsPerSecond);
            var later = start with { Done = 12, Elapsed = TimeSpan.FromSeconds(1.5) };
            Assert.Equal(20, later.RunsPerSecond, 9);
            Assert.Equal(4.4, later.Remaining!.Value.TotalSeconds, 6);
            Assert.Equal(0, (later with { RateFrom = -1 }).RunsPerSecond);
        }
    }

    public sealed class TheRunAsyncMethod : IDisposable
    {
        private readonly SweepRunnerTests _fixture = new();

        public void Dispose() => _fixture.Dispose();

        [Fact]
        public async Task Runs_every_point_once_and_reuses_them_all_the_second_time()
        {
            var plan = SweepFixtures.Plan(new SweepRequest { Scenario = SweepFixtures.PlanSized, Vary = ["sites[0].gpus.count=1024:8192:1024"], Objective = "build.total.tco_usd" });
            using var store = _fixture.Store();
            var reports = new List<SweepProgress>();

            var first = await SweepRunner.RunAsync(plan, store, jobs: 3, new SyncProgress(reports.Add));
            var second = await SweepRunner.RunAsync(plan, store, jobs: 3);

            Assert.Equal((8, 0, 0), (first.Ran, first.Reused, first.Failed));
            Assert.Equal((0, 8, 0), (second.Ran, second.Reused, second.Failed));
            Assert.Equal(8, store.Results(plan.Runs.Select(r => r.Hash)).Count);
            var done = reports.Select(r => r.Done).ToList();
            Assert.Equal((0, 8), (done[0], done[^1]));
            Assert.True(done.Zip(done.Skip(1)).All(p => p.First < p.Second), string.Join(", ", done));
            Assert.All(reports, r => Assert.Equal(3, r.InFlight));
        }

        [Fact]
        public async Task Stops_with_the_error_when_recording_fails_and_keeps_what_was_committed()
        {
            var plan = SweepFixtures.Plan(new SweepRequest { Scenario = SweepFixtures.PlanSized, Vary = ["sites[0].gpus.count=1024:204800:1024"] });
            using var store = _fixture.Store();

            // The progress sink is called as runs are committed; one that fails (stderr closed) fails the sweep.
            var error = await Assert.ThrowsAsync<IOException>(() => SweepRunner.RunAsync(plan, store, jobs: 2, new SyncProgress(p =>
            {
                if (p.Done >= 5)
                {
                    throw new IOException("Broken pipe");
                }
            })));

            Assert.Equal("Broken pipe", error.Message);
            var stored = store.Statuses(plan.Runs.Select(r => r.Hash)).Count;
            Assert.InRange(stored, 5, 199);
            var again = await SweepRunner.RunAsync(plan, store, jobs: 2);
            Assert.Equal((200 - stored, stored), (again.Ran, again.Reused));
        }

        [Fact]
        public async Task Records_every_finished_run_when_cancelled_even_those_queued_for_the_next_commit()
        {
            var plan = SweepFixtures.Plan(new SweepRequest { Scenario = SweepFixtures.PlanSized, Vary = ["sites[0].gpus.count=1024:204800:1024"] });
            using var store = _fixture.Store();
            using var cancel = new CancellationTokenSource();
            var made = 0;

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SweepRunner.RunAsync(plan, store, jobs: 3, (run, token) =>
            {
                var result = SweepRunner.Run(plan, run, token);
                Interlocked.Increment(ref made);
                return ValueTask.FromResult<(SweepRunResult, string?)?>((result, "test"));
            }, new SyncProgress(p =>
            {
                if (p.Done >= 20)
                {
                    cancel.Cancel();
                }
            }), cancel.Token));

            Assert.InRange(made, 20, 199);
            Assert.Equal(made, store.Statuses(plan.Runs.Select(r => r.Hash)).Count);
        }

        [Fact]
        public async Task Commits_the_runs_that_finish_within_the_commit_window_together()
        {
            // 120 runs of 2 ms or more on two workers: committing whatever had finished made a commit (a flush) every run
            // or two; gathered over SweepRunner.CommitWindow (50 ms), a handful.
            var plan = SweepFixtures.Plan(new SweepRequest { Scenario = SweepFixtures.PlanSized, Vary = ["sites[0].gpus.count=1024:122880:1024"] });
            var clock = new CountingClock();
            using var store = SweepStore.Open(Path.Combine(_fixture._temp.Path, "colossim.db"), new Problems(), clock)!;
            store.Register(plan);
            var before = clock.Calls;
            var commits = new List<int>();

            var outcome = await SweepRunner.RunAsync(plan, store, jobs: 2, async (run, token) =>
            {
                await Task.Delay(2, token);
                return (new SweepRunResult(run.Hash, SweepRunStatus.Done, "{}", null, 0.002), "test");
            }, new SyncProgress(p => commits.Add(p.Done)));

            Assert.Equal(120, outcome.Ran);
            Assert.Equal(120, store.Statuses(plan.Runs.Select(r => r.Hash)).Count);
            var batches = clock.Calls - before; // the store asks the time once a commit
            Assert.Equal(commits.Count - 1, batches); // progress: once before the runs, then once a commit
            Assert.InRange(batches, 1, 30);
        }

        [Fact]
        public async Task Records_a_failing_point_with_its_error_and_runs_the_others()
        {
            var plan = SweepFixtures.Plan(new SweepRequest { Scenario = SweepFixtures.Training, Vary = ["workloads.training[0].parallelism.tp=1,2"] });
            using var store = _fixture.Store();

            var outcome = await SweepRunner.RunAsync(plan, store, jobs: 2);

            var results = store.Results(plan.Runs.Select(r => r.Hash));
            Assert.Equal(1, outcome.Failed);
            Assert.Equal(SweepRunStatus.Done, results[plan.Runs[0].Hash].Status);
            Assert.Equal(SweepRunStatus.Failed, results[plan.Runs[1].Hash].Status);
            Assert.Equal("workloads.training[0].parallelism: expected tp × pp × cp × dp to equal gpus (8), found 2 × 1 × 1 × 8 = 16", results[plan.Runs[1].Hash].Error);
        }

        [Fact]
        public async Task Stops_after_the_first_run_when_summary_json_has_no_such_objective()
        {
            var plan = SweepFixtures.Plan(new SweepRequest { Scenario = SweepFixtures.PlanSized, Vary = ["sites[0].gpus.count=1024,2048,4096"], Objective = "build.total.tco" });
            using var store = _fixture.Store();

            var outcome = await SweepRunner.RunAsync(plan, store, jobs: 2);

            Assert.Equal(1, outcome.Ran);
            var problem = Assert.Single(outcome.Problems);
            Assert.StartsWith("--objective: expected a path to a number in summary.json (such as build.total.tco_usd or workloads.training[0].mfu), found nothing at 'build.total.tco' (keys of 'build.total': gpus, ", problem.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public async Task Stops_on_cancellation_without_recording_unfinished_runs()
        {
            // 200 runs: enough that the first commits (runs finished together are committed together) cannot hold them all.
            var plan = SweepFixtures.Plan(new SweepRequest { Scenario = SweepFixtures.PlanSized, Vary = ["sites[0].gpus.count=1024:204800:1024"] });
            using var store = _fixture.Store();
            using var cancel = new CancellationTokenSource();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SweepRunner.RunAsync(plan, store, 2, new SyncProgress(p =>
            {
                if (p.Done >= 5)
                {
                    cancel.Cancel();
                }
            }), cancel: cancel.Token));

            var stored = store.Results(plan.Runs.Select(r => r.Hash));
            Assert.InRange(stored.Count, 5, 199);
            Assert.All(stored.Values, r => Assert.Equal(SweepRunStatus.Done, r.Status));
            var resumed = await SweepRunner.RunAsync(plan, store, 2);
            Assert.Equal((200 - stored.Count, stored.Count), (resumed.Ran, resumed.Reused));
        }
    }

    public sealed class TheRunMethod
    {
        [Fact]
        public void Gives_the_same_summaries_with_a_worker_s_reused_power_buffers_as_without()
        {
            // Points of different sizes run one after another in one set of buffers, in an order that changes every
            // series: each summary must be byte for byte the one a run with arrays of its own gives.
            var plan = SweepFixtures.Plan(new SweepRequest { Scenario = SweepFixtures.PlanSized, Vary = ["sites[0].gpus.count=8192,1024,4096,2048"] });
            var buffers = new PowerTimelineBuffers();

            var reused = plan.Runs.Select(r => SweepRunner.Run(plan, r, buffers).Summary).ToList();
            var fresh = plan.Runs.Select(r => SweepRunner.Run(plan, r).Summary).ToList();

            Assert.All(reused, s => Assert.NotNull(s));
            Assert.Equal(fresh, reused);
            Assert.Equal(3, buffers.Count); // facility, battery and charge: without a battery the grid is the facility's series
            Assert.Equal(0, buffers.InUse); // released after each run's summary was taken
        }

        [Fact]
        public async Task Gives_the_same_stored_summaries_on_two_workers_as_run_alone()
        {
            var plan = SweepFixtures.Plan(new SweepRequest { Scenario = SweepFixtures.PlanSized, Vary = ["sites[0].gpus.count=1024:16384:1024"] });
            using var fixture = new SweepRunnerTests();
            using var store = fixture.Store();

            await SweepRunner.RunAsync(plan, store, jobs: 2);

            var stored = store.Results(plan.Runs.Select(r => r.Hash));
            Assert.All(plan.Runs, r => Assert.Equal(SweepRunner.Run(plan, r).Summary, stored[r.Hash].Summary));
        }
    }

    private sealed class SyncProgress(Action<SweepProgress> report) : IProgress<SweepProgress>
    {
        public void Report(SweepProgress value) => report(value);
    }

    // The system clock, counting how often the store asks it the time (once per commit of runs).
    private sealed class CountingClock : TimeProvider
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public override DateTimeOffset GetUtcNow()
        {
            Interlocked.Increment(ref _calls);
            return base.GetUtcNow();
        }
    }
}
