namespace Colossim.Serving;

/// <summary>
/// The representative-sample mode for fleets too large to simulate whole (10^4 to 10^6 GPUs): a few replicas are
/// simulated with exactly the requests the round-robin router would send them, and the fleet's totals are scaled up
/// from theirs (<see cref="ServingSetup.SampledReplicas"/>). Its error against the full simulation is measured in
/// <c>docs/performance.md</c>.
/// </summary>
public static class ServingSample
{
    /// <summary>
    /// The requests that round-robin routing over <paramref name="replicas"/> replicas sends to the first
    /// <paramref name="sample"/> of them (request i goes to replica i mod replicas), in order. Requests too large for any
    /// replica's cache, which the full run rejects without a turn, are counted as taking one here.
    /// </summary>
    /// <param name="requests">The fleet's requests, in arrival order.</param>
    /// <param name="replicas">Replicas of the fleet, at least 1.</param>
    /// <param name="sample">Replicas simulated, 1 to <paramref name="replicas"/>.</param>
    public static TraceRequest[] RoundRobinShare(IReadOnlyList<TraceRequest> requests, int replicas, int sample)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sample, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sample, replicas);
        var kept = new List<TraceRequest>((int)Math.Min(requests.Count, ((long)requests.Count * sample / replicas) + sample));
        for (var i = 0; i < requests.Count; i++)
        {
            if (Keeps(i, replicas, sample))
            {
                kept.Add(requests[i]);
            }
        }

        return [.. kept];
    }

    /// <summary>Whether request <paramref name="index"/> (0-based, in arrival order) goes to one of the first <paramref name="sample"/> of <paramref name="replicas"/> replicas under round-robin.</summary>
    public static bool Keeps(long index, int replicas, int sample) => index % replicas < sample;
}
