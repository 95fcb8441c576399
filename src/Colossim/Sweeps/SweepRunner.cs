using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Text.Json.Nodes;
using Colossim.Documents;
using Colossim.Facility;
using Colossim.Reports;
using Colossim.Scenarios;

namespace Colossim.Sweeps;

/// <summary>Where a sweep stands: runs finished out of the total, and the rate of this session's runs.</summary>
/// <param name="Done">Runs finished (done or failed), those found in the store included, 0 to <paramref name="Total"/>.</param>
/// <param name="Total">Runs in the sweep.</param>
/// <param name="Failed">Runs that failed, of <paramref name="Done"/>.</param>
/// <param name="Reused">Runs found already finished in the store when the sweep started.</param>
/// <param name="Elapsed">Wall time since this session's runs started.</param>
/// <param name="RateFrom">
/// <paramref name="Done"/> when the first runs in flight (as many as run at once) had finished, or -1 before: the rate
/// counts only the runs after them, since those compile the code as they go and finish together.
/// </param>
/// <param name="RateSince"><paramref name="Elapsed"/> at that moment.</param>
public sealed record SweepProgress(int Done, int Total, int Failed, int Reused, TimeSpan Elapsed, int RateFrom, TimeSpan RateSince)
{
    /// <summary>Runs in flight at once (<c>--jobs</c>), 1 or more.</summary>
    public int InFlight { get; init; } = 1;

    /// <summary>
    /// Runs finished per second of wall time since <see cref="RateFrom"/>: 0 until a round of <see cref="InFlight"/>
    /// runs has finished after it, so that the first rate shown spans about a run's time on each worker rather than the
    /// moments between two commits.
    /// </summary>
    public double RunsPerSecond => RateFrom >= 0 && Done - RateFrom >= Math.Max(1, InFlight) && Elapsed > RateSince ? (Done - RateFrom) / (Elapsed - RateSince).TotalSeconds : 0;

    /// <summary>The time left at the current rate, or <see langword="null"/> before there is a rate.</summary>
    public TimeSpan? Remaining => RunsPerSecond > 0 ? TimeSpan.FromSeconds((Total - Done) / RunsPerSecond) : null;
}

/// <summary>What a sweep session did.</summary>
/// <param name="Ran">Runs this session ran.</param>
/// <param name="Reused">Runs found already finished in the store.</param>
/// <param name="Failed">Runs of the whole sweep that failed.</param>
/// <param name="Elapsed">Wall time of this session's runs.</param>
/// <param name="Problems">Problems with the sweep as a whole (an objective summary.json does not have).</param>
public sealed record SweepOutcome(int Ran, int Reused, int Failed, TimeSpan Elapsed, IReadOnlyList<Problem> Problems);

/// <summary>
/// Runs a sweep's runs that the store does not yet hold, <c>jobs</c> at a time on the thread pool, each recorded in the
/// store in one transaction as it finishes; a run that fails is recorded with its error and the others go on.
/// Cancelling stops starting runs and leaves the unfinished ones unrecorded, to be run by the next session.
/// </summary>
public static class SweepRunner
{
    /// <summary>
    /// How long the recording thread gathers finished runs into one commit after the first of them. Committing whatever
    /// had finished (two or three runs of a plan-sized sweep) made 300 to 450 commits in a 1,000-run sweep, each a flush
    /// that cost the recording thread a quarter of a millisecond of CPU and more on a virtual machine's disk; a run is
    /// shown done, and survives a kill, at most this much later.
    /// </summary>
    internal static readonly TimeSpan CommitWindow = TimeSpan.FromMilliseconds(50);

    // The most runs in one commit (their summaries are held until it): a few megabytes.
    private const int MaxBatch = 1_000;

    /// <summary>
    /// Runs what is left of <paramref name="plan"/> with at most <paramref name="jobs"/> (1 or more) runs at once. When
    /// the plan has an objective, the first run is made alone and its summary checked for the objective, so a wrong
    /// path stops the sweep before the rest is run. With <paramref name="report"/>, what the sweep's report needs of each
    /// run is taken as it finishes (see <see cref="SweepReportCache"/>).
    /// </summary>
    public static Task<SweepOutcome> RunAsync(SweepPlan plan, SweepStore store, int jobs, IProgress<SweepProgress>? progress = null, SweepReportCache? report = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(plan);

        // Each run borrows a set of power buffers for its duration and gives it back: at most `jobs` sets exist, and a
        // set serves one run at a time, so runs never share arrays while they run.
        var spare = new ConcurrentBag<PowerTimelineBuffers>();
        return RunCoreAsync(plan, store, jobs, (run, token) =>
        {
            var buffers = spare.TryTake(out var held) ? held : new PowerTimelineBuffers();
            try
            {
                return ValueTask.FromResult<(SweepRunResult, string?)?>((Run(plan, run, buffers, token), null));
            }
            finally
            {
                spare.Add(buffers);
            }
        }, progress, report, cancel);
    }

    /// <summary>
    /// Runs what is left of <paramref name="plan"/> through <paramref name="make"/> (another process, a cluster), at most
    /// <paramref name="jobs"/> (1 or more) at once, and records each result in <paramref name="store"/> as it comes back,
    /// with the worker that made it. <paramref name="make"/> gives <see langword="null"/> for a run it could not have made
    /// (its workers were lost): that run is left unrecorded, for the next session, and not counted as ran. The objective
    /// is checked on the first run as by <see cref="RunAsync(SweepPlan, SweepStore, int, IProgress{SweepProgress}?, SweepReportCache?, CancellationToken)"/>.
    /// </summary>
    public static Task<SweepOutcome> RunAsync(SweepPlan plan, SweepStore store, int jobs, Func<SweepRun, CancellationToken, ValueTask<(SweepRunResult Result, string? Worker)?>> make, IProgress<SweepProgress>? progress = null, CancellationToken cancel = default) =>
        RunCoreAsync(plan, store, jobs, make, progress, null, cancel);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static async Task<SweepOutcome> RunCoreAsync(SweepPlan plan, SweepStore store, int jobs, Func<SweepRun, CancellationToken, ValueTask<(SweepRunResult Result, string? Worker)?>> make, IProgress<SweepProgress>? progress, SweepReportCache? report, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(make);
        ArgumentOutOfRangeException.ThrowIfLessThan(jobs, 1);
        store.Register(plan);
        var finished = store.Statuses(plan.Runs.Select(r => r.Hash));
        var todo = plan.Runs.Where(r => !finished.ContainsKey(r.Hash)).DistinctBy(r => r.Hash).ToList();
        var reused = plan.Runs.Count(r => finished.ContainsKey(r.Hash));
        var done = reused;
        var failed = finished.Values.Count(s => s == SweepRunStatus.Failed);
        var clock = Stopwatch.StartNew();
        var gate = new Lock();
        var copies = plan.Runs.GroupBy(r => r.Hash, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var problems = new List<Problem>();
        var ran = 0;
        var rateFrom = -1;
        var rateSince = TimeSpan.Zero;

        // Counts runs just recorded together, and reports once for them all: a rate measured between two runs of one
        // commit would be a rate of recording, not of running.
        void Finished(IEnumerable<SweepRunResult> results)
        {
            lock (gate)
            {
                foreach (var result in results)
                {
                    done += copies[result.Hash];
                    failed += result.Status == SweepRunStatus.Failed ? 1 : 0;
                }

                var elapsed = clock.Elapsed;
                if (rateFrom < 0 && done - reused >= Math.Max(1, Math.Min(jobs, plan.Runs.Count - reused)))
                {
                    (rateFrom, rateSince) = (done, elapsed);
                }

                progress?.Report(new SweepProgress(Math.Min(done, plan.Runs.Count), plan.Runs.Count, failed, reused, elapsed, rateFrom, rateSince) { InFlight = jobs });
            }
        }

        progress?.Report(new SweepProgress(done, plan.Runs.Count, failed, reused, TimeSpan.Zero, -1, TimeSpan.Zero) { InFlight = jobs });
        var start = 0;
        if (plan.Objective is { } objective && !finished.Values.Any(s => s == SweepRunStatus.Done))
        {
            // Check the objective on the first run that succeeds before running the rest.
            while (start < todo.Count)
            {
                cancel.ThrowIfCancellationRequested();
                if (await make(todo[start++], cancel).ConfigureAwait(false) is not var (result, worker))
                {
                    continue;
                }

                store.Record(result, worker);
                report?.Add([result]);
                Interlocked.Increment(ref ran);
                Finished([result]);
                if (result.Status == SweepRunStatus.Done)
                {
                    if (SummaryValues.Number(JsonNode.Parse(result.Summary!), objective) is null)
                    {
                        problems.Add(new Problem(SweepRequest.Names.Objective, $"expected a path to a number in summary.json (such as build.total.tco_usd or workloads.training[0].mfu), found {SummaryValues.Describe(JsonNode.Parse(result.Summary!), objective)}"));
                        return new SweepOutcome(ran, reused, failed, clock.Elapsed, problems);
                    }

                    break;
                }
            }
        }

        // Group commit: finished runs are queued to one recording thread, which records everything that finishes within
        // CommitWindow of the first in one transaction while the workers go on, so that no worker waits for a commit (on a
        // disk, a flush). A run is counted (and shown) done once its transaction has committed; one still queued when the
        // process is killed is run again next time. When recording fails, the workers stop and the error is thrown here.
        // Each worker also hands the report its run's numbers (parsed on the worker, not on the recording thread, which is
        // the one serial step).
        using var queue = new BlockingCollection<(SweepRunResult Result, string? Worker)>();
        Exception? recordError = null;
        var recorder = new Thread(() =>
        {
            try
            {
                foreach (var first in queue.GetConsumingEnumerable())
                {
                    // Gathers what finishes within the window (or until the sweep's last run), then commits it all.
                    List<(SweepRunResult Result, string? Worker)> batch = [first];
                    var window = Stopwatch.StartNew();
                    while (batch.Count < MaxBatch && queue.TryTake(out var next, Max(TimeSpan.Zero, CommitWindow - window.Elapsed)))
                    {
                        batch.Add(next);
                    }

                    store.Record(batch);
                    Interlocked.Add(ref ran, batch.Count);
                    Finished(batch.Select(b => b.Result));
                }
            }
            catch (Exception e)
            {
                Volatile.Write(ref recordError, e);
            }
        })
        { IsBackground = true, Name = "Colossim sweep recorder" };
        recorder.Start();
        try
        {
            var rest = todo.Skip(start).ToList();
            await Parallel.ForEachAsync(rest, new ParallelOptions { MaxDegreeOfParallelism = jobs, CancellationToken = cancel }, async (run, token) =>
            {
                if (Volatile.Read(ref recordError) is null && await make(run, token).ConfigureAwait(false) is { } finished)
                {
                    report?.Add([finished.Result]);
                    queue.Add(finished, CancellationToken.None);
                }
            }).ConfigureAwait(false);
        }
        finally
        {
            queue.CompleteAdding();
            recorder.Join();
        }

        if (recordError is not null)
        {
            ExceptionDispatchInfo.Throw(recordError);
        }

        return new SweepOutcome(ran, reused, failed, clock.Elapsed, problems);
    }

    /// <summary>
    /// Runs one run of <paramref name="plan"/> and gives its result (not stored): done with its summary, or failed with
    /// the loader's or the run's errors. Only cancellation escapes.
    /// </summary>
    public static SweepRunResult Run(SweepPlan plan, SweepRun run, CancellationToken cancel = default) => Run(plan, run, null, cancel);

    /// <summary>
    /// As <see cref="Run(SweepPlan, SweepRun, CancellationToken)"/>, simulating the power days in
    /// <paramref name="buffers"/> when given (a worker's own, reused from run to run; released once the summary is
    /// taken, so the run leaves nothing in them that a later run could read). The result is the same either way.
    /// </summary>
    public static SweepRunResult Run(SweepPlan plan, SweepRun run, PowerTimelineBuffers? buffers, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(run);
        var clock = Stopwatch.StartNew();
        try
        {
            var loaded = plan.Load(plan.Points[run.Point]);
            if (loaded.Scenario is not { } scenario)
            {
                return new SweepRunResult(run.Hash, SweepRunStatus.Failed, null, Errors(loaded.Problems), clock.Elapsed.TotalSeconds);
            }

            var options = new ScenarioRunOptions { Seed = run.Replica == 0 ? null : Math.Min(Scenario.MaxSeed, scenario.Seed + run.Replica), PowerBuffers = buffers };
            var report = ScenarioRunner.Run(scenario, options, null, cancel);
            if (report.Problems.Any(p => p.Severity == Severity.Error))
            {
                return new SweepRunResult(run.Hash, SweepRunStatus.Failed, null, Errors(report.Problems), clock.Elapsed.TotalSeconds);
            }

            return new SweepRunResult(run.Hash, SweepRunStatus.Done, ScenarioReportJson.ToJson(report), null, clock.Elapsed.TotalSeconds);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception e) when (e is InvalidInputException or ArgumentException or InvalidOperationException or ArithmeticException or IOException or NotSupportedException)
        {
            // A bug in a pillar for these values: recorded on the point, the sweep goes on.
            return new SweepRunResult(run.Hash, SweepRunStatus.Failed, null, $"the run stopped: {e.GetType().Name}: {e.Message}", clock.Elapsed.TotalSeconds);
        }
        finally
        {
            buffers?.Release();
        }
    }

    private static string Errors(IEnumerable<Problem> problems) =>
        string.Join("; ", problems.Where(p => p.Severity == Severity.Error).Select(p => (p with { File = null, Line = null }).ToString()));
}
