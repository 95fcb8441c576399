using Colossim.Documents;

namespace Colossim.Serving;

/// <summary>The prefix-caching and routing options of <c>colossim serve</c>.</summary>
public sealed partial record ServeRequest
{
    /// <summary>
    /// Prefix caching: <c>auto</c> (the default: on when every request carries block hashes, as a Mooncake trace's
    /// <c>hash_ids</c>, since vLLM V1 caches prefixes by default; off for Azure traces and generated traffic, which carry
    /// none), <c>on</c> (an error without hashes) or <c>off</c>.
    /// </summary>
    public string PrefixCaching { get; init; } = "auto";

    /// <summary>
    /// A day's shape for generated open-loop traffic (<see cref="DiurnalShape"/>): the peak-to-trough ratio of the
    /// request rate over 24 hours, 1 to 1,000, the mean rate staying <see cref="Rate"/>; <see langword="null"/> (the
    /// default) for a constant rate.
    /// </summary>
    public double? Diurnal { get; init; }

    /// <summary>The log-normal spread (coefficient of variation, 0 to 10) of generated prompt lengths when it differs from the output's (a known trace's stand-in); <see langword="null"/> for <see cref="LengthSpread"/>.</summary>
    internal double? InputLengthSpread { get; init; }

    /// <summary>The log-normal spread of generated output lengths when it differs from the prompt's; <see langword="null"/> for <see cref="LengthSpread"/>.</summary>
    internal double? OutputLengthSpread { get; init; }

    private void CheckDiurnal(Problems problems, bool offline)
    {
        if (Diurnal is not { } ratio)
        {
            return;
        }

        if (!(ratio >= 1 && ratio <= DiurnalShape.MaxPeakToTrough))
        {
            problems.Error("--diurnal", $"expected a peak-to-trough ratio from 1 to 1,000, found {Number(ratio)}");
        }
        else if (Rate is null || Trace is not null || Concurrency is not null || offline || Search)
        {
            var other = Trace is not null ? "--trace" : Concurrency is not null ? "--concurrency" : offline ? "--mode offline" : Search ? "--search" : "no --rate";
            problems.Error("--diurnal", $"shapes requests generated at a --rate over the day; give it with --rate, not {other}");
        }
    }

    private enum PrefixMode
    {
        Auto,
        On,
        Off,
    }

    private PrefixMode ReadPrefixCaching(Problems problems)
    {
        switch (PrefixCaching)
        {
            case "auto":
                return PrefixMode.Auto;
            case "on":
                return PrefixMode.On;
            case "off":
                return PrefixMode.Off;
            default:
                problems.Error("--prefix-caching", $"expected auto, on or off, found '{PrefixCaching}'");
                return PrefixMode.Off;
        }
    }

    /// <summary>The setup's <see cref="ServingSetup.PrefixBlockTokens"/>: the trace's hash-block size when prefix caching is on, else 0.</summary>
    private int PrefixTokens(Problems problems, PrefixMode mode, IReadOnlyList<TraceRequest> requests, SchedulerKind scheduler, RouterKind router)
    {
        var hashed = requests.Count > 0;
        foreach (var r in requests)
        {
            if (r.HashIds is null)
            {
                hashed = false;
                break;
            }
        }

        var block = ServingTraces.MooncakeBlockTokens;
        var fits = BlockSize is >= 1 and <= 1024 && block % BlockSize == 0;
        var on = mode switch
        {
            PrefixMode.On => true,
            PrefixMode.Auto => hashed && scheduler != SchedulerKind.Static && fits,
            _ => false,
        };
        if (mode == PrefixMode.On)
        {
            if (!hashed)
            {
                problems.Error("--prefix-caching", "on needs requests with block hashes (a Mooncake trace's hash_ids); this traffic has none");
            }

            if (scheduler == SchedulerKind.Static)
            {
                problems.Error("--prefix-caching", "works with the continuous and prefill-first schedulers, not static");
            }

            if (!fits)
            {
                problems.Error("--prefix-caching", $"expected a --block-size dividing {block} (the trace's hash block), found {Whole(BlockSize)}");
            }
        }

        if (router == RouterKind.Affinity && !on)
        {
            problems.Error("--router", "affinity routes by cached prefixes and needs prefix caching: a Mooncake trace with hash_ids and --prefix-caching auto or on");
        }

        return on ? block : 0;
    }
}
