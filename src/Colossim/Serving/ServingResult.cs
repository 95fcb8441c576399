using Colossim.Units;

namespace Colossim.Serving;

/// <summary>Mean and percentiles of one latency over requests (or tokens), in durations; all zero when there is no sample.</summary>
public sealed record LatencySummary
{
    /// <summary>Samples the summary is over, at least 0.</summary>
    public required long Count { get; init; }

    /// <summary>Arithmetic mean.</summary>
    public required Duration Mean { get; init; }

    /// <summary>Median (nearest rank).</summary>
    public required Duration P50 { get; init; }

    /// <summary>90th percentile (nearest rank).</summary>
    public required Duration P90 { get; init; }

    /// <summary>99th percentile (nearest rank).</summary>
    public required Duration P99 { get; init; }

    /// <summary>The value at every whole percentile, for a cumulative distribution; <see cref="LatencyPercentiles.None"/> when not kept.</summary>
    public LatencyPercentiles Percentiles { get; init; } = LatencyPercentiles.None;

    /// <summary>No sample.</summary>
    public static LatencySummary Empty { get; } = new() { Count = 0, Mean = Duration.Zero, P50 = Duration.Zero, P90 = Duration.Zero, P99 = Duration.Zero };

    /// <summary>The summary of <paramref name="samples"/> (nanoseconds), which is sorted in place.</summary>
    internal static LatencySummary Of(long[] samples, int count)
    {
        if (count == 0)
        {
            return Empty;
        }

        Array.Sort(samples, 0, count);
        double sum = 0;
        for (var i = 0; i < count; i++)
        {
            sum += samples[i];
        }

        long Rank(double q) => samples[Math.Clamp((int)Math.Ceiling(q * count) - 1, 0, count - 1)];
        return new LatencySummary
        {
            Count = count,
            Mean = new Duration((long)Math.Round(sum / count)),
            P50 = new Duration(Rank(0.50)),
            P90 = new Duration(Rank(0.90)),
            P99 = new Duration(Rank(0.99)),
            Percentiles = LatencyPercentiles.OfSorted(samples, count),
        };
    }
}

/// <summary>One iteration of one replica, as a timeline shows it.</summary>
/// <param name="Replica">The replica's index, from 0.</param>
/// <param name="StartNanoseconds">When the iteration started, from time zero (nanoseconds).</param>
/// <param name="DurationNanoseconds">How long it ran (nanoseconds, at least 1).</param>
/// <param name="PromptTokens">Prompt tokens it processed (prefill chunks), 0 or more.</param>
/// <param name="Decodes">Sequences it generated a decode token for, 0 or more.</param>
public readonly record struct ServeIteration(int Replica, long StartNanoseconds, long DurationNanoseconds, int PromptTokens, int Decodes);

/// <summary>What a serving simulation measured on its timeline (definitions in <c>docs/metrics.md</c>).</summary>
public sealed record ServingResult
{
    /// <summary>The setup that was simulated.</summary>
    public required ServingSetup Setup { get; init; }

    /// <summary>Requests that arrived (were routed to a replica or rejected).</summary>
    public required long Arrived { get; init; }

    /// <summary>Requests whose last token was generated.</summary>
    public required long Completed { get; init; }

    /// <summary>Requests refused at arrival: their prompt and output can never fit the replica's KV cache.</summary>
    public required long Rejected { get; init; }

    /// <summary>Requests arrived but neither completed nor rejected when the run ended (0 unless it was cut short).</summary>
    public required long Running { get; init; }

    /// <summary>Times a running request was preempted (its KV cache dropped, to be recomputed).</summary>
    public required long Preemptions { get; init; }

    /// <summary>From time zero to the last completion (or the last event).</summary>
    public required Duration Makespan { get; init; }

    /// <summary>Prompt tokens of completed requests.</summary>
    public required long InputTokens { get; init; }

    /// <summary>Output tokens generated (of every request, completed or not).</summary>
    public required long OutputTokens { get; init; }

    /// <summary>Time to first token: arrival to the end of the iteration that produced the first token.</summary>
    public required LatencySummary Ttft { get; init; }

    /// <summary>Time per output token after the first: (last token − first token) / (output − 1), per request with at least 2 output tokens.</summary>
    public required LatencySummary Tpot { get; init; }

    /// <summary>Inter-token latency: each gap between consecutive tokens of a request, over all tokens (percentiles from a histogram with 1 % buckets).</summary>
    public required LatencySummary Itl { get; init; }

    /// <summary>End-to-end latency: arrival to the last token.</summary>
    public required LatencySummary E2e { get; init; }

    /// <summary>Scheduling delay: arrival to the first iteration that processes any of the request's tokens.</summary>
    public required LatencySummary SchedulingDelay { get; init; }

    /// <summary>Share (0-1) of arrived requests that completed and met every SLO (TTFT and TPOT, per request).</summary>
    public required double SloAttainment { get; init; }

    /// <summary>Time-weighted mean share (0-1) of the KV-cache blocks in use, over replicas and the makespan.</summary>
    public required double KvCacheUse { get; init; }

    /// <summary>The largest share (0-1) of one replica's KV-cache blocks in use at any iteration.</summary>
    public required double KvCachePeak { get; init; }

    /// <summary>What the replicas' prefix caches did (summed over the simulated replicas); <see langword="null"/> without prefix caching.</summary>
    public PrefixCacheStats? PrefixCache { get; init; }

    /// <summary>Share (0-1) of replica time spent running iterations.</summary>
    public required double GpuBusy { get; init; }

    /// <summary>Iterations run, over all replicas.</summary>
    public required long Iterations { get; init; }

    /// <summary>
    /// Facility energy over the makespan: the GPU boards (<see cref="BoardEnergy"/>), their share of the rest of their
    /// servers (busy while iterations run, idle otherwise), times the PUE (<see cref="ServingSetup.Pue"/>).
    /// </summary>
    public required Energy Energy { get; init; }

    /// <summary>GPU board energy over the makespan: each iteration at its mean board power, idle time at the idle power.</summary>
    public Energy BoardEnergy { get; init; }

    /// <summary>Events the simulator processed (over every shard).</summary>
    public required long Events { get; init; }

    /// <summary>
    /// Replicas simulated: <see cref="ServingSetup.Replicas"/>, or fewer in a sampled run (<see cref="ServingSetup.SampledReplicas"/>),
    /// whose counts, tokens, iterations and energy are the simulated replicas' times replicas over replicas simulated,
    /// and whose latencies, shares and per-token figures are the simulated replicas' own.
    /// </summary>
    public int SimulatedReplicas { get; init; }

    /// <summary>The iterations of the first <see cref="ServingSetup.TimelineReplicas"/> replicas, by replica then time (each replica's first <see cref="ServingSetup.MaxTimelineIterations"/> ÷ <see cref="ServingSetup.TimelineReplicas"/>); empty unless asked for.</summary>
    public IReadOnlyList<ServeIteration> Timeline { get; init; } = [];

    /// <summary>The KV transfers and each pool's busy share of a disaggregated run; <see langword="null"/> for colocated replicas.</summary>
    public DisaggregationResult? Disaggregation { get; init; }

    /// <summary>Output tokens per second of makespan.</summary>
    public double OutputTokensPerSecond => Makespan > Duration.Zero ? OutputTokens / Makespan.TotalSeconds : 0;

    /// <summary>From the first request's arrival to the last's; zero when all arrive at once (offline) or none has.</summary>
    public Duration ArrivalWindow { get; init; }

    /// <summary>
    /// Output tokens generated within <see cref="ArrivalWindow"/>: each request's first token where it fell and its
    /// later tokens spread evenly from its first token to its last (scaled up like <see cref="OutputTokens"/> in a
    /// sampled run).
    /// </summary>
    public double OutputTokensInArrivalWindow { get; init; }

    /// <summary>
    /// Output tokens per second while traffic arrives (<see cref="OutputTokensInArrivalWindow"/> over
    /// <see cref="ArrivalWindow"/>): the rate a fleet that keeps receiving this traffic sustains, without the drain after
    /// the last arrival that <see cref="OutputTokensPerSecond"/> includes (long answers make a short run's drain long).
    /// Equal to <see cref="OutputTokensPerSecond"/> when there is no window (all requests at once).
    /// </summary>
    public double SustainedOutputTokensPerSecond => ArrivalWindow > Duration.Zero
        ? OutputTokensInArrivalWindow / ArrivalWindow.TotalSeconds
        : OutputTokensPerSecond;

    /// <summary>
    /// What a million output tokens cost to a fleet that keeps serving this traffic: the GPU-hours of the arrival window
    /// at the GPU-hour price over <see cref="OutputTokensInArrivalWindow"/>; <see cref="CostPerMillionOutputTokens"/>
    /// when there is no window.
    /// </summary>
    public Usd SustainedCostPerMillionOutputTokens => ArrivalWindow > Duration.Zero && OutputTokensInArrivalWindow > 0
        ? new Usd(Setup.UsdPerGpuHour.Dollars * Gpus * ArrivalWindow.TotalSeconds / 3600 / (OutputTokensInArrivalWindow / 1e6))
        : CostPerMillionOutputTokens;

    /// <summary>Prompt tokens of completed requests per second of makespan.</summary>
    public double InputTokensPerSecond => Makespan > Duration.Zero ? InputTokens / Makespan.TotalSeconds : 0;

    /// <summary>Completed requests per second of makespan.</summary>
    public double RequestsPerSecond => Makespan > Duration.Zero ? Completed / Makespan.TotalSeconds : 0;

    /// <summary>GPUs of all replicas.</summary>
    public long Gpus => (long)Setup.Replicas * Setup.GpusPerReplica;

    /// <summary>What a million output tokens cost: GPU-hours of the makespan at the GPU-hour price, over output tokens.</summary>
    public Usd CostPerMillionOutputTokens => OutputTokens > 0
        ? new Usd(Setup.UsdPerGpuHour.Dollars * Gpus * Makespan.TotalSeconds / 3600 / (OutputTokens / 1e6))
        : Usd.Zero;

    /// <summary>Facility energy per output token (<see cref="Energy"/> over output tokens).</summary>
    public Energy EnergyPerOutputToken => OutputTokens > 0 ? Energy / OutputTokens : Energy.Zero;

    /// <summary>GPU board energy per output token (<see cref="BoardEnergy"/> over output tokens).</summary>
    public Energy BoardEnergyPerOutputToken => OutputTokens > 0 ? BoardEnergy / OutputTokens : Energy.Zero;
}
