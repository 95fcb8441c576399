namespace Colossim.Serving;

/// <summary>The highest request rate a deployment sustains within its SLOs, and the run at that rate.</summary>
public sealed record RateSearchResult
{
    /// <summary>The highest rate found whose run met every SLO (requests per second); 0 when even the lowest tried missed.</summary>
    public required double MaxRate { get; init; }

    /// <summary>The run at <see cref="MaxRate"/> (or at the lowest rate tried when none met the SLOs).</summary>
    public required ServingResult Run { get; init; }

    /// <summary>Simulations run by the search.</summary>
    public required int RatesEvaluated { get; init; }

    /// <summary>Deployments searched (1: the rate of one deployment).</summary>
    public int DeploymentsEvaluated { get; init; } = 1;

    /// <summary>The prefill:decode splits a disaggregated search tried (<see cref="DisaggregatedSearch.BestSplit"/>), in order; empty otherwise.</summary>
    public IReadOnlyList<PoolRate> Ratios { get; init; } = [];
}

/// <summary>
/// Capacity search (Vidur-Search's binary search on the request rate, on the simulated timeline): the highest Poisson
/// rate at which a deployment still meets its SLOs, a run meeting them when its 99th-percentile TTFT and TPOT are
/// within their targets and no request is rejected. The requests keep their lengths and their arrival pattern at every
/// rate (their times are scaled), so that runs at two rates differ only by the rate.
/// </summary>
public static class ServingSearch
{
    /// <summary>
    /// Searches the rate for <paramref name="setup"/>, whose requests are given at one request per second on average
    /// (they are scaled to each rate tried): first the saturation rate of an offline run (every request at time zero),
    /// then a bisection between zero and it over <paramref name="iterations"/> runs (each halves the interval).
    /// </summary>
    /// <param name="setup">The deployment, its SLOs (at least one) and its requests at a mean rate of 1 per second.</param>
    /// <param name="iterations">Bisection steps, 1 to 40.</param>
    /// <param name="cancel">Stops between runs.</param>
    public static RateSearchResult MaxRate(ServingSetup setup, int iterations = 10, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(iterations, 40);
        if (setup.Slo is not { } slo || (slo.TtftP99 is null && slo.TpotP99 is null))
        {
            throw new ArgumentException("a rate search needs at least one SLO", nameof(setup));
        }

        var baseTimes = setup.Requests;
        var offline = ServingSimulation.Run(setup with { Requests = At(baseTimes, double.PositiveInfinity) }, cancel: cancel);
        var evaluated = 1;
        var saturation = offline.Makespan.TotalSeconds > 0 ? offline.Completed / offline.Makespan.TotalSeconds : 1;
        double lo = 0, hi = saturation * 1.25;
        ServingResult? best = null;
        ServingResult? lowest = null;
        for (var k = 0; k < iterations; k++)
        {
            cancel.ThrowIfCancellationRequested();
            var rate = (lo + hi) / 2;
            var run = ServingSimulation.Run(setup with { Requests = At(baseTimes, rate) }, cancel: cancel);
            evaluated++;
            if (Meets(run, slo))
            {
                lo = rate;
                best = run;
            }
            else
            {
                hi = rate;
                lowest = run;
            }
        }

        return new RateSearchResult { MaxRate = best is null ? 0 : lo, Run = best ?? lowest!, RatesEvaluated = evaluated };
    }

    /// <summary>Whether a run meets <paramref name="slo"/>: its p99 TTFT and TPOT within the targets and nothing rejected or left running.</summary>
    public static bool Meets(ServingResult run, Slo slo)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(slo);
        return run.Rejected == 0 && run.Running == 0
            && (slo.TtftP99 is not { } ttft || run.Ttft.P99 <= ttft)
            && (slo.TpotP99 is not { } tpot || run.Tpot.P99 <= tpot);
    }

    private static TraceRequest[] At(IReadOnlyList<TraceRequest> perSecond, double rate)
    {
        var result = new TraceRequest[perSecond.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var r = perSecond[i];
            result[i] = r with { ArrivalNanoseconds = double.IsPositiveInfinity(rate) ? 0 : (long)Math.Round(r.ArrivalNanoseconds / rate) };
        }

        return result;
    }
}
