using System.Collections.Concurrent;
using System.Threading.Channels;
using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Reports;
using Colossim.Scenarios;

namespace Colossim.Runs;

/// <summary>Limits of a <see cref="RunService"/>.</summary>
public sealed record RunServiceOptions
{
    /// <summary>Runs at once (1 to 64); default 1, since a run uses a core.</summary>
    public int Workers { get; init; } = 1;

    /// <summary>Runs accepted beyond those running, waiting for a worker (0 to 10,000); default 16. Beyond it, submissions are refused (HTTP 429).</summary>
    public int Capacity { get; init; } = 16;

    /// <summary>The longest a run may take (more than zero); a run still going then is cancelled and marked failed. Default 5 minutes.</summary>
    public TimeSpan RunTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>What a refused client is told to wait before trying again (at least 1 s); default 5 s.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The folder under which each run's report folder (named by its id) is written.</summary>
    public required string ReportsFolder { get; init; }

    /// <summary>The source recorded for the runs (<see cref="RunRecord.Source"/>); default <c>web</c>.</summary>
    public string Source { get; init; } = "web";

    /// <summary>Problems with the limits, at the given option names (<c>--workers</c>, <c>--queue</c>, <c>--run-timeout</c>).</summary>
    public void Validate(Problems problems, string workers = "workers", string capacity = "capacity", string timeout = "run timeout")
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (Workers is < 1 or > 64)
        {
            problems.Error(workers, $"expected 1 to 64 runs at once, found {Workers}");
        }

        if (Capacity is < 0 or > 10_000)
        {
            problems.Error(capacity, $"expected 0 to 10000 waiting runs, found {Capacity}");
        }

        if (RunTimeout <= TimeSpan.Zero || RunTimeout > TimeSpan.FromDays(1))
        {
            problems.Error(timeout, $"expected a run time limit above 0 and at most 1 day, found {RunTimeout}");
        }

        if (RetryAfter < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(problems), RetryAfter, "RetryAfter is at least 1 s");
        }
    }
}

/// <summary>How a submission to a <see cref="RunService"/> went.</summary>
public enum SubmitOutcome
{
    /// <summary>Checked, recorded and queued: <see cref="Submission.Run"/> is the new run.</summary>
    Accepted,

    /// <summary>The scenario has errors (<see cref="Submission.Problems"/>); nothing was recorded.</summary>
    Invalid,

    /// <summary>Every worker is busy and the queue is full; nothing was recorded; try again after <see cref="Submission.RetryAfter"/>.</summary>
    Full,

    /// <summary>The queue is stopping; nothing was recorded.</summary>
    Stopping,
}

/// <summary>The answer to <see cref="RunService.Submit"/>.</summary>
public sealed record Submission
{
    /// <summary>How it went.</summary>
    public required SubmitOutcome Outcome { get; init; }

    /// <summary>The queued run when accepted.</summary>
    public RunRecord? Run { get; init; }

    /// <summary>The scenario's problems (warnings when accepted; errors when invalid).</summary>
    public IReadOnlyList<Problem> Problems { get; init; } = [];

    /// <summary>How long to wait before submitting again when the queue was full.</summary>
    public TimeSpan RetryAfter { get; init; }
}

/// <summary>
/// Runs submitted scenarios in the background with bounded resources: a fixed number of workers, a bounded number of
/// waiting runs (beyond which <see cref="Submit"/> refuses, so a client backs off instead of the server running out of
/// memory), and a run time limit (a run past it is cancelled and marked failed). Every accepted run is recorded in the
/// <see cref="RunStore"/> at once (queued), then running, then succeeded with its summary and report folder (written by
/// <see cref="ReportFolder.Write"/> in every format it knows) or failed with the reason. Progress of running runs is
/// kept in memory (<see cref="Progress"/>). Disposing stops the workers: running runs are cancelled and every
/// unfinished run is marked failed, never left queued.
/// </summary>
public sealed class RunService : IAsyncDisposable
{
    private readonly RunStore _store;
    private readonly RunServiceOptions _options;
    private readonly ColossimCatalog? _catalog;
    private readonly Channel<Job> _jobs = Channel.CreateUnbounded<Job>(new UnboundedChannelOptions { SingleWriter = false, SingleReader = false });
    private readonly ConcurrentDictionary<string, Job> _active = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task[] _workers;
    private int _admitted;
    private int _peak;
    private int _unrecorded;
    private int _disposed;

    /// <summary>Starts <see cref="RunServiceOptions.Workers"/> workers over <paramref name="store"/>; names resolve in <paramref name="catalog"/> (default the built-in one).</summary>
    public RunService(RunStore store, RunServiceOptions options, ColossimCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        var problems = new Problems();
        options.Validate(problems);
        if (problems.HasErrors)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }

        _store = store;
        _options = options;
        _catalog = catalog;
        _workers = [.. Enumerable.Range(0, options.Workers).Select(_ => Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap())];
    }

    /// <summary>The store the runs are recorded in.</summary>
    public RunStore Store => _store;

    /// <summary>The queue's limits.</summary>
    public RunServiceOptions Options => _options;

    /// <summary>Runs accepted and not finished (waiting or running).</summary>
    public int Pending => Volatile.Read(ref _admitted);

    /// <summary>How many runs ended without their end being written to the store (it failed); they show as interrupted once this process has stopped.</summary>
    public int Unrecorded => Volatile.Read(ref _unrecorded);

    /// <summary>The most runs accepted and not finished at any one time since the service started (at most workers + capacity).</summary>
    public int PeakPending => Volatile.Read(ref _peak);

    /// <summary>
    /// Checks <paramref name="scenario"/> (<see cref="ScenarioSubmission.Check"/>) and queues it: accepted (recorded as
    /// queued), invalid (its problems), full (retry later) or stopping. Never throws for bad input.
    /// </summary>
    public Submission Submit(string scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (_stopping.IsCancellationRequested)
        {
            return new Submission { Outcome = SubmitOutcome.Stopping };
        }

        var checkedScenario = ScenarioSubmission.Check(scenario, _catalog);
        if (checkedScenario.Scenario is not { } loaded)
        {
            return new Submission { Outcome = SubmitOutcome.Invalid, Problems = checkedScenario.Problems };
        }

        var admitted = Interlocked.Increment(ref _admitted);
        if (admitted > _options.Workers + _options.Capacity)
        {
            Interlocked.Decrement(ref _admitted);
            return new Submission { Outcome = SubmitOutcome.Full, RetryAfter = _options.RetryAfter, Problems = checkedScenario.Problems };
        }

        int peak;
        while (admitted > (peak = Volatile.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, admitted, peak) != peak)
        {
            // Another submission raised the peak meanwhile: read it again.
        }

        RunRecord record;
        try
        {
            record = _store.Add(loaded.Name, _options.Source, scenario);
        }
        catch
        {
            Interlocked.Decrement(ref _admitted);
            throw;
        }

        var job = new Job(record.Id, loaded, CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token));
        _active[record.Id] = job;
        if (!_jobs.Writer.TryWrite(job))
        {
            Finish(job);
            _store.Fail(record.Id, "cancelled: the server stopped before it ran");
            return new Submission { Outcome = SubmitOutcome.Stopping };
        }

        return new Submission { Outcome = SubmitOutcome.Accepted, Run = record, Problems = checkedScenario.Problems };
    }

    /// <summary>Where a running run stands (stage and fraction); <see langword="null"/> when it is not running in this queue.</summary>
    public RunProgress? Progress(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _active.TryGetValue(id, out var job) ? job.Progress : null;
    }

    /// <summary>Asks a queued or running run of this queue to stop; it is then marked failed (<c>cancelled</c>). False when the run is not waiting or running here.</summary>
    public bool Cancel(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!_active.TryGetValue(id, out var job))
        {
            return false;
        }

        job.CancelledByUser = true;
        try
        {
            job.Cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // It finished in the meantime.
        }

        return true;
    }

    /// <summary>Stops the workers: running runs are cancelled, waiting ones are marked failed; returns when every worker has stopped.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _jobs.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_workers).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task Work()
    {
        await foreach (var job in _jobs.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            // The run's end is written after it leaves the active set, so a client that sees it finished sees it gone
            // from Pending too.
            Func<bool> record = () => _store.Fail(job.Id, "internal error: the run ended without a result");
            try
            {
                record = Run(job);
            }
            finally
            {
                Finish(job);
                try
                {
                    record();
                }
#pragma warning disable CA1031 // The store failed (disk full, say): the worker goes on; the run is marked interrupted when a store next opens after this process.
                catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
                {
                    Interlocked.Increment(ref _unrecorded);
                }
            }
        }
    }

    // Runs one job; returns how to record its end in the store, whatever happened.
    private Func<bool> Run(Job job)
    {
        if (job.Cancel.IsCancellationRequested)
        {
            var why = Stopped(job);
            return () => _store.Fail(job.Id, why);
        }

        _store.MarkRunning(job.Id);
        job.Cancel.CancelAfter(_options.RunTimeout);
        try
        {
            var progress = new ProgressSink(job, _options.RunTimeout);
            var report = ScenarioRunner.Run(job.Scenario, new ScenarioRunOptions { ServingLoadLadder = true }, progress, job.Cancel.Token);
            var errors = report.Problems.Where(p => p.Severity == Severity.Error).ToList();
            if (errors.Count > 0)
            {
                return () => _store.Fail(job.Id, string.Join("\n", errors));
            }

            var folder = Path.Combine(_options.ReportsFolder, job.Id);
            var problems = new Problems();
            ReportFolder.Write(report, folder, Enum.GetValues<ReportFormat>(), problems, "report folder");
            var summary = ScenarioReportJson.ToJson(report);
            return problems.HasErrors
                ? () => _store.Fail(job.Id, string.Join("\n", problems))
                : () => _store.Succeed(job.Id, summary, folder);
        }
        catch (OperationCanceledException)
        {
            var why = Stopped(job);
            return () => _store.Fail(job.Id, why);
        }
#pragma warning disable CA1031 // A worker must outlive any run: the failure is recorded as the run's, then the next run starts.
        catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            var why = $"internal error ({e.GetType().Name}): {e.Message}";
            return () => _store.Fail(job.Id, why);
        }
    }

    private string Stopped(Job job) =>
        job.CancelledByUser ? "cancelled: stopped at the user's request"
        : _stopping.IsCancellationRequested ? "cancelled: the server stopped before the run finished"
        : $"stopped: the run took longer than the limit of {Limit(_options.RunTimeout)}";

    private static string Limit(TimeSpan t) => t.TotalSeconds < 120 ? $"{t.TotalSeconds:0.###} s" : $"{t.TotalMinutes:0.###} min";

    private void Finish(Job job)
    {
        if (_active.TryRemove(job.Id, out _))
        {
            Interlocked.Decrement(ref _admitted);
        }

        job.Cancel.Dispose();
    }

    private sealed class Job(string id, Scenario scenario, CancellationTokenSource cancel)
    {
        public string Id { get; } = id;

        public Scenario Scenario { get; } = scenario;

        public CancellationTokenSource Cancel { get; } = cancel;

        public volatile RunProgress? Progress;

        public volatile bool CancelledByUser;
    }

    // Records progress on the job synchronously (Progress<T> would post to a thread pool and lag behind), and enforces
    // the time limit there too: the limit's timer runs on the thread pool, which a busy machine may starve.
    private sealed class ProgressSink(Job job, TimeSpan limit) : IProgress<RunProgress>
    {
        private readonly long _start = System.Diagnostics.Stopwatch.GetTimestamp();

        public void Report(RunProgress value)
        {
            job.Progress = value;
            if (System.Diagnostics.Stopwatch.GetElapsedTime(_start) > limit)
            {
                try
                {
                    job.Cancel.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // Finished meanwhile.
                }
            }
        }
    }
}
