using System.Globalization;
using Colossim.Documents;
using Colossim.Network;

namespace Colossim.Serving;

/// <summary>The pools a deployment is split into, as <c>--disaggregate</c> gives them: a prefill:decode ratio, or <c>auto</c> to search it.</summary>
/// <param name="Prefill">Prefill replicas of the ratio, at least 1 (0 for <c>auto</c>).</param>
/// <param name="Decode">Decode replicas of the ratio, at least 1 (0 for <c>auto</c>).</param>
public readonly record struct PoolRatio(long Prefill, long Decode)
{
    /// <summary>Whether the ratio is to be searched (<c>auto</c>).</summary>
    public bool IsAuto => Prefill == 0 && Decode == 0;

    /// <summary>
    /// Reads <c>P:D</c> (whole numbers of at least 1) or <c>auto</c>; reports a mistake at <paramref name="path"/> and
    /// returns <see langword="null"/>.
    /// </summary>
    public static PoolRatio? Parse(string text, Problems problems, string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(problems);
        var trimmed = text.Trim();
        if (trimmed.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return new PoolRatio(0, 0);
        }

        var parts = trimmed.Split(':');
        if (parts.Length == 2 && Whole(parts[0]) is { } p && Whole(parts[1]) is { } d)
        {
            if (p < 1 || d < 1)
            {
                problems.Error(path, $"expected at least 1 prefill and 1 decode replica, found '{text}'");
                return null;
            }

            return new PoolRatio(p, d);
        }

        problems.Error(path, $"expected P:D, the prefill and decode replicas as whole numbers (such as 1:3), or auto with --search, found '{text}'");
        return null;
    }

    private static long? Whole(string text) =>
        text.Length is > 0 and <= 9 && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}

/// <summary>Checks <c>--disaggregate</c> against the rest of <c>colossim serve</c>'s options and splits a resolved setup into pools.</summary>
internal static class DisaggregationOptions
{
    /// <summary>
    /// Checks the ratio against the fleet's <paramref name="replicas"/> (0 when unknown): P + D must divide them (the
    /// ratio is scaled to fill the fleet); <c>auto</c> needs <c>--search</c> and at least 2 replicas.
    /// </summary>
    public static PoolRatio? Check(ServeRequest request, long replicas, Problems problems)
    {
        if (request.KvTransfer is { } mode)
        {
            if (EnumNames.Parse<KvTransferMode>(mode) is null)
            {
                problems.Error("--kv-transfer", $"expected after-prefill or layerwise, found '{mode}'");
            }
            else if (request.Disaggregate is null)
            {
                problems.Error("--kv-transfer", "moves the KV cache between a prefill and a decode pool; give it with --disaggregate");
            }
        }

        if (request.Disaggregate is not { } text)
        {
            return null;
        }

        const string path = "--disaggregate";
        var ratio = PoolRatio.Parse(text, problems, path);
        if (request.SampleReplicas is not null)
        {
            problems.Error("--sample-replicas", "samples colocated replicas; give it without --disaggregate");
        }

        if (!string.Equals(request.Scheduler, "continuous", StringComparison.OrdinalIgnoreCase))
        {
            problems.Error("--scheduler", $"a disaggregated deployment batches prompts on its prefill replicas and decodes on its decode replicas; give --disaggregate without --scheduler {request.Scheduler}");
        }

        if (ratio is not { } r)
        {
            return null;
        }

        if (r.IsAuto)
        {
            if (!request.Search)
            {
                problems.Error(path, "auto searches the prefill:decode ratio; give it with --search (or give a ratio such as 1:3)");
            }
            else if (replicas == 1)
            {
                problems.Error(path, "needs at least 2 replicas to split into a prefill and a decode pool, found 1 (--gpus ÷ (--tp × --pp))");
            }

            return r;
        }

        if (replicas >= 1 && replicas % (r.Prefill + r.Decode) != 0)
        {
            problems.Error(path, string.Create(CultureInfo.InvariantCulture, $"expected P + D to divide the fleet's {replicas:N0} replicas (--gpus ÷ (--tp × --pp)), found {r.Prefill}:{r.Decode} (P + D = {r.Prefill + r.Decode:N0})"));
        }

        return r;
    }

    /// <summary>The KV transfer <c>--kv-transfer</c> names (checked by <see cref="Check"/>); after-prefill when absent.</summary>
    public static KvTransferMode Mode(string? text) => EnumNames.Parse<KvTransferMode>(text) ?? KvTransferMode.AfterPrefill;

    /// <summary>The setup split as <paramref name="ratio"/> says, scaled to its replicas (unchanged for <c>auto</c>, which the search splits).</summary>
    public static ServingSetup Attach(ServingSetup setup, PoolRatio ratio, KvTransferMode mode = KvTransferMode.AfterPrefill)
    {
        if (ratio.IsAuto)
        {
            return setup;
        }

        var k = setup.Replicas / (ratio.Prefill + ratio.Decode);
        return Split(setup, (int)(k * ratio.Prefill), (int)(k * ratio.Decode), mode);
    }

    /// <summary>
    /// <paramref name="setup"/> (colocated, built by <see cref="ServeRequest.Resolve"/>) as <paramref name="prefill"/>
    /// prefill and <paramref name="decode"/> decode replicas, the transfer priced over its planned site's network and
    /// made as <paramref name="mode"/> says.
    /// </summary>
    public static ServingSetup Split(ServingSetup setup, int prefill, int decode, KvTransferMode mode = KvTransferMode.AfterPrefill)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(prefill, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(decode, 1);
        var network = setup.StepModel?.Communication switch
        {
            CollectiveModel nccl => nccl,
            InGraphAllReduce inGraph => inGraph.Nccl, // point-to-point KV transfers go through NCCL's send/recv
            _ => null,
        };
        if (network is null || setup.Deployment is not { } deployment)
        {
            throw new ArgumentException("the setup was not built from a planned site", nameof(setup));
        }

        return setup with
        {
            Replicas = prefill + decode,
            Engine = setup.Engine with { Admission = KvAdmission.Reserve },
            Disaggregation = new Disaggregation
            {
                PrefillReplicas = prefill,
                DecodeReplicas = decode,
                KvBytesPerTokenPerGpu = deployment.KvBytesPerToken,
                Transfer = new FabricKvTransfer(network, prefill, setup.GpusPerReplica),
                Mode = mode,
                LayersPerGpu = Math.Max(1, (setup.StepModel!.Model.Layers + deployment.Pp - 1) / deployment.Pp),
            },
        };
    }
}

/// <summary>One prefill:decode split a ratio search tried, and the highest rate it sustained within the SLOs.</summary>
/// <param name="Prefill">Prefill replicas, at least 1.</param>
/// <param name="Decode">Decode replicas, at least 1.</param>
/// <param name="MaxRate">The highest rate found meeting every SLO (requests per second); 0 when none did.</param>
public readonly record struct PoolRate(int Prefill, int Decode, double MaxRate);

/// <summary>The prefill:decode split of a fleet that sustains the highest request rate within its SLOs (DistServe's goodput search, on the simulated timeline).</summary>
public static class DisaggregatedSearch
{
    /// <summary>The most splits one search tries: 15, spread evenly over 1 to replicas − 1 prefill replicas.</summary>
    public const int MaxSplits = 15;

    /// <summary>
    /// Searches the rate (<see cref="ServingSearch.MaxRate"/>) of each split of <paramref name="setup"/>'s replicas into
    /// P prefill and R − P decode replicas (every P from 1 to R − 1, or <see cref="MaxSplits"/> of them spread evenly),
    /// and returns the best split's search with every split tried in <see cref="RateSearchResult.Ratios"/>.
    /// </summary>
    /// <param name="setup">A colocated deployment built by <see cref="ServeRequest.Resolve"/> (at least 2 replicas), its SLOs and its requests at 1 per second.</param>
    /// <param name="iterations">Bisection steps of each rate search, 1 to 40.</param>
    /// <param name="kvTransfer">When each split's KV cache leaves its prefill replicas.</param>
    /// <param name="cancel">Stops between runs.</param>
    public static RateSearchResult BestSplit(ServingSetup setup, int iterations = 10, KvTransferMode kvTransfer = KvTransferMode.AfterPrefill, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentOutOfRangeException.ThrowIfLessThan(setup.Replicas, 2);
        var replicas = setup.Replicas;
        var count = Math.Min(MaxSplits, replicas - 1);
        var tried = new List<PoolRate>(count);
        RateSearchResult? best = null;
        var runs = 0;
        var previous = 0;
        for (var k = 0; k < count; k++)
        {
            var prefill = count == replicas - 1 ? k + 1 : 1 + (int)Math.Round(k * (replicas - 2) / (double)(count - 1));
            if (prefill == previous)
            {
                continue;
            }

            previous = prefill;
            var found = ServingSearch.MaxRate(DisaggregationOptions.Split(setup, prefill, replicas - prefill, kvTransfer), iterations, cancel);
            runs += found.RatesEvaluated;
            tried.Add(new PoolRate(prefill, replicas - prefill, found.MaxRate));
            if (best is null || found.MaxRate > best.MaxRate)
            {
                best = found;
            }
        }

        return best! with { RatesEvaluated = runs, DeploymentsEvaluated = tried.Count, Ratios = tried };
    }
}
