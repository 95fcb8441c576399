using Colossim.Documents;
using Colossim.Reports;
using Colossim.Runs;
using Colossim.Tests.Cli;
using Microsoft.Data.Sqlite;

namespace Colossim.Tests.Runs;

public sealed class RunServiceTests : IDisposable
{
    private readonly TempFolder _temp = new();

    private RunStore Store()
    {
        var problems = new Problems();
        return RunStore.Open(Path.Combine(_temp.Path, "colossim.db"), problems)!;
    }

    private RunServiceOptions Options => new() { ReportsFolder = Path.Combine(_temp.Path, "runs") };

    // Waits (at most 60 s) until the run is over in the store.
    internal static RunRecord WaitFor(RunStore store, string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (store.Get(id) is { IsFinished: true } run)
            {
                return run;
            }

            Thread.Sleep(20);
        }

        throw new TimeoutException($"run {id} did not finish in 60 s");
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    public sealed class TheSubmitMethod : IDisposable
    {
        private readonly RunServiceTests _t = new();

        [Fact]
        public async Task Runs_an_accepted_scenario_to_a_report_folder_and_its_summary()
        {
            var store = _t.Store();
            await using var service = new RunService(store, _t.Options);

            var submission = service.Submit(ScenarioSubmissionTests.Tiny);
            var run = WaitFor(store, submission.Run!.Id);

            Assert.Equal(SubmitOutcome.Accepted, submission.Outcome);
            Assert.Equal((RunStatus.Succeeded, (string?)null), (run.Status, run.Error));
            Assert.Equal("tiny", System.Text.Json.JsonDocument.Parse(run.Summary!).RootElement.GetProperty("scenario").GetString());
            Assert.Equal(Path.Combine(_t._temp.Path, "runs", run.Id), run.ReportFolder);
            Assert.True(File.Exists(Path.Combine(run.ReportFolder!, ReportFolder.SummaryFile)));
            Assert.True(File.Exists(Path.Combine(run.ReportFolder!, ReportFolder.TextFile)));
            Assert.Equal(0, service.Pending);
        }

        [Fact]
        public async Task Refuses_an_invalid_scenario_without_recording_it()
        {
            var store = _t.Store();
            await using var service = new RunService(store, _t.Options);

            var submission = service.Submit("name: x\nsites: 3\n");

            Assert.Equal(SubmitOutcome.Invalid, submission.Outcome);
            Assert.Contains(submission.Problems, p => p.Severity == Severity.Error);
            Assert.Equal(0, store.Count());
        }

        [Fact]
        public async Task Refuses_beyond_the_workers_and_the_queue_and_says_when_to_retry()
        {
            var store = _t.Store();
            await using var service = new RunService(store, _t.Options with { Workers = 1, Capacity = 1 });
            var scenario = File.ReadAllText(Scenarios.ScenarioFiles.Scenario("single-node-h200.yaml"));

            var outcomes = Enumerable.Range(0, 4).Select(_ => service.Submit(scenario)).ToList();

            Assert.Equal([SubmitOutcome.Accepted, SubmitOutcome.Accepted, SubmitOutcome.Full, SubmitOutcome.Full], outcomes.Select(o => o.Outcome));
            Assert.Equal(TimeSpan.FromSeconds(5), outcomes[3].RetryAfter);
            Assert.Equal(2, store.Count());
        }

        public void Dispose() => _t.Dispose();
    }

    public sealed class TheRunTimeLimit : IDisposable
    {
        private readonly RunServiceTests _t = new();

        [Fact]
        public async Task Fails_a_run_that_takes_longer_and_says_so()
        {
            var store = _t.Store();
            await using var service = new RunService(store, _t.Options with { RunTimeout = TimeSpan.FromMilliseconds(1) });
            var scenario = File.ReadAllText(Scenarios.ScenarioFiles.Scenario("single-node-h200.yaml"));

            var run = WaitFor(store, service.Submit(scenario).Run!.Id);

            Assert.Equal((RunStatus.Failed, "stopped: the run took longer than the limit of 0.001 s"), (run.Status, run.Error));
        }

        public void Dispose() => _t.Dispose();
    }

    public sealed class TheDisposeMethod : IDisposable
    {
        private readonly RunServiceTests _t = new();

        [Fact]
        public async Task Leaves_no_run_queued_or_running()
        {
            var store = _t.Store();
            // Enough runs that some are still waiting when the service stops, however fast a warm process runs them.
            var service = new RunService(store, _t.Options with { Workers = 1, Capacity = 15 });
            var scenario = File.ReadAllText(Scenarios.ScenarioFiles.Scenario("single-node-h200.yaml"));
            var ids = Enumerable.Range(0, 16).Select(_ => service.Submit(scenario).Run!.Id).ToList();

            await service.DisposeAsync();

            Assert.All(ids.Select(store.Get), r => Assert.True(r!.IsFinished, $"{r.Id} is {r.Status}"));
            Assert.Contains(ids.Select(store.Get), r => r!.Error == "cancelled: the server stopped before the run finished");
            Assert.Equal(SubmitOutcome.Stopping, service.Submit(scenario).Outcome);
        }

        public void Dispose() => _t.Dispose();
    }

    public sealed class TheCancelMethod : IDisposable
    {
        private readonly RunServiceTests _t = new();

        [Fact]
        public async Task Stops_a_waiting_run_at_the_users_request()
        {
            var store = _t.Store();
            await using var service = new RunService(store, _t.Options with { Workers = 1, Capacity = 2 });
            var scenario = File.ReadAllText(Scenarios.ScenarioFiles.Scenario("single-node-h200.yaml"));
            service.Submit(scenario);
            var waiting = service.Submit(scenario).Run!.Id;

            Assert.True(service.Cancel(waiting));
            var run = WaitFor(store, waiting);

            Assert.Equal((RunStatus.Failed, "cancelled: stopped at the user's request"), (run.Status, run.Error));
            Assert.False(service.Cancel("0123456789abcdef0123456789abcdef"));
        }

        public void Dispose() => _t.Dispose();
    }
}
