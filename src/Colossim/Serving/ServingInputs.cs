using Colossim.Units;

namespace Colossim.Serving;

/// <summary>How requests arrive when they are generated at a rate rather than replayed from a trace.</summary>
public enum ArrivalProcess
{
    /// <summary>Exponential gaps between requests (the default).</summary>
    Poisson,

    /// <summary>Evenly spaced requests.</summary>
    Constant,

    /// <summary>Gamma-distributed gaps (bursty when <see cref="Traffic.Burstiness"/> exceeds 1): the mean gap is 1 / rate, the coefficient of variation the burstiness.</summary>
    Gamma,
}

/// <summary>How the lengths of generated requests spread around their means.</summary>
public enum LengthDistribution
{
    /// <summary>Every request has the mean length (rounded to a whole token).</summary>
    Fixed,

    /// <summary>Uniform in [mean × (1 − spread), mean × (1 + spread)], at least 1 token.</summary>
    Uniform,

    /// <summary>Log-normal with the given mean and a coefficient of variation equal to the spread, at least 1 token.</summary>
    LogNormal,
}

/// <summary>The file format of a replayed trace.</summary>
public enum TraceFormat
{
    /// <summary>The Azure LLM inference trace: CSV with a header, <c>TIMESTAMP,ContextTokens,GeneratedTokens</c> (timestamps as dates with times).</summary>
    Azure,

    /// <summary>The Mooncake trace: JSON lines with <c>timestamp</c> (milliseconds), <c>input_length</c>, <c>output_length</c> and <c>hash_ids</c>, the hashes of its 512-token prompt blocks, for prefix caching.</summary>
    Mooncake,
}

/// <summary>The requests a service receives: a replayed trace, or a rate with request lengths; either scaled.</summary>
public sealed record Traffic
{
    /// <summary>
    /// A known trace id (see <see cref="KnownTraces"/>) or the full path of a trace file (CSV or JSON lines);
    /// <see langword="null"/> when requests are generated from <see cref="Rate"/>.
    /// </summary>
    public string? Trace { get; init; }

    /// <summary>Requests per second, above 0, when requests are generated; <see langword="null"/> with a trace.</summary>
    public double? Rate { get; init; }

    /// <summary>Request lengths, given exactly when <see cref="Rate"/> is.</summary>
    public RequestLengths? Lengths { get; init; }

    /// <summary>How generated requests are spaced (default Poisson).</summary>
    public ArrivalProcess Arrival { get; init; } = ArrivalProcess.Poisson;

    /// <summary>
    /// The coefficient of variation of the gaps between generated requests with <see cref="ArrivalProcess.Gamma"/>,
    /// above 0 and at most 100 (1: as Poisson; above 1: bursty); default 1.
    /// </summary>
    public double Burstiness { get; init; } = 1;

    /// <summary>
    /// A day's shape for generated traffic (and a known trace's generated stand-in): the peak-to-trough ratio of the
    /// rate over 24 hours, 1 to 1,000 (<see cref="DiurnalShape"/>); <see langword="null"/> for a constant rate.
    /// </summary>
    public double? Diurnal { get; init; }

    /// <summary>The format of <see cref="Trace"/>; default Azure's CSV.</summary>
    public TraceFormat TraceFormat { get; init; } = TraceFormat.Azure;

    /// <summary>A factor on the request rate, above 0 and at most 1,000,000 (default 1): 50 replays a trace 50 times as fast.</summary>
    public double Scale { get; init; } = 1;

    /// <summary>Trace ids the scenario format knows; the Serve pillar finds their files.</summary>
    public static IReadOnlyList<string> KnownTraces { get; } =
        ["azure-code-2023", "azure-conv-2023", "mooncake-conversation", "mooncake-synthetic"];
}

/// <summary>The mean lengths of generated requests, in tokens.</summary>
public sealed record RequestLengths
{
    /// <summary>Prompt tokens per request, at least 1.</summary>
    public required double Input { get; init; }

    /// <summary>Generated tokens per request, at least 1.</summary>
    public required double Output { get; init; }

    /// <summary>How lengths spread around the means (default fixed).</summary>
    public LengthDistribution Distribution { get; init; } = LengthDistribution.Fixed;

    /// <summary>The spread, 0 to 10: the half-width over the mean for uniform (at most 1), the coefficient of variation for log-normal; default 0.5.</summary>
    public double Spread { get; init; } = 0.5;
}

/// <summary>Latency targets of a service; at least one is set.</summary>
public sealed record Slo
{
    /// <summary>99th percentile of the time to the first token.</summary>
    public Duration? TtftP99 { get; init; }

    /// <summary>99th percentile of the time per output token after the first.</summary>
    public Duration? TpotP99 { get; init; }
}
