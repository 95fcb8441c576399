using Colossim.Documents;
using Colossim.Sweeps;

namespace Colossim.Grid;

/// <summary>
/// The coordinator of a sweep on a grid: sends each run the store does not hold to an <see cref="ISweepRunGrain"/>
/// (keyed by the run's hash), a bounded number at once, sends again a call that failed (its silo died, the call timed
/// out) and records each result in the <see cref="SweepStore"/>, the only writer, through
/// <see cref="SweepRunner.RunAsync(SweepPlan, SweepStore, int, Func{SweepRun, CancellationToken, ValueTask{ValueTuple{SweepRunResult, string}?}}, IProgress{SweepProgress}?, CancellationToken)"/>:
/// at-least-once delivery, stored exactly once by hash.
/// </summary>
public static class GridSweep
{
    /// <summary>How many times a run is sent before it is left for the next session: 6.</summary>
    public const int MaxAttempts = 6;

    /// <summary>
    /// Runs what is left of <paramref name="plan"/> on the grid behind <paramref name="grains"/>, with at most
    /// <paramref name="inFlight"/> (1 or more) calls at once; <paramref name="scenarioText"/> is the scenario file's text,
    /// sent with every run so silos need not share its folder. <paramref name="losses"/> (the client's, see
    /// <see cref="GridHosting.Client"/>) makes every call in flight be sent again when a gateway is lost. Problems in the outcome: a silo that runs another code
    /// version (nothing more is sent), runs that could not be delivered in <see cref="MaxAttempts"/> tries (left unrecorded).
    /// </summary>
    public static async Task<SweepOutcome> RunAsync(SweepPlan plan, SweepStore store, IGrainFactory grains, string scenarioText, int inFlight, IProgress<SweepProgress>? progress = null, GridLossSignal? losses = null, TimeSpan? retryDelay = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(scenarioText);
        ArgumentOutOfRangeException.ThrowIfLessThan(inFlight, 1);
        var delay = retryDelay ?? TimeSpan.FromSeconds(1);
        string? mismatch = null;
        string? lastFailure = null;
        var undelivered = 0;

        async ValueTask<(SweepRunResult Result, string? Worker)?> Make(SweepRun run, CancellationToken token)
        {
            var order = GridRunOrder.From(SweepRunOrder.For(plan, run, scenarioText));
            for (var attempt = 1; attempt <= MaxAttempts && Volatile.Read(ref mismatch) is null; attempt++)
            {
                var lost = losses?.Current ?? CancellationToken.None;
                try
                {
                    using var either = CancellationTokenSource.CreateLinkedTokenSource(token, lost);
                    var reply = await grains.GetGrain<ISweepRunGrain>(run.Hash).Run(order).WaitAsync(either.Token).ConfigureAwait(false);
                    if (reply.ToResult() is { } result)
                    {
                        return (result, reply.Worker);
                    }

                    Interlocked.CompareExchange(ref mismatch, $"worker {reply.Worker}: {reply.Mismatch}", null);
                    return null;
                }
                catch (OperationCanceledException) when (!token.IsCancellationRequested && lost.IsCancellationRequested)
                {
                    // A gateway was lost and this call may have been on it: send it again (see GridLossSignal).
                    Volatile.Write(ref lastFailure, "a worker left the cluster");
                }
                catch (Exception e) when (!token.IsCancellationRequested && e is not OperationCanceledException)
                {
                    // The silo died mid-call, the gateway went away, or the call timed out: send it again, to a live silo.
                    Volatile.Write(ref lastFailure, GridDatabase.FirstLine(e.Message));
                    await Task.Delay(delay * attempt, token).ConfigureAwait(false);
                }
            }

            if (Volatile.Read(ref mismatch) is null)
            {
                Interlocked.Increment(ref undelivered);
            }

            return null;
        }

        var outcome = await SweepRunner.RunAsync(plan, store, inFlight, Make, progress, cancel).ConfigureAwait(false);
        var problems = new List<Problem>(outcome.Problems);
        if (mismatch is not null)
        {
            problems.Add(new Problem(GridDatabase.Option, mismatch));
        }

        if (undelivered > 0)
        {
            problems.Add(new Problem(GridDatabase.Option, $"{undelivered} runs could not be made: every one of {MaxAttempts} tries to send each failed (last: {lastFailure}); they are not recorded, so running the same command again makes them"));
        }

        return outcome with { Problems = problems };
    }

    /// <summary>The silos now active in the cluster behind <paramref name="grains"/> (0 when none answers).</summary>
    public static async Task<int> ActiveSilosAsync(IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).ConfigureAwait(false);
        return hosts.Count;
    }
}
