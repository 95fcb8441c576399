namespace Colossim.Network;

/// <summary>
/// Flow-level max-min fair sharing on a link graph (progressive filling): every flow's rate rises together until a link
/// it crosses is full; flows on a full link freeze at its fair share, and the others keep rising. No packets, queues or
/// congestion control: the steady state TCP-like or credit-based fabrics tend to, as ASTRA-sim's congestion-aware
/// analytical backend and SimAI's flow models assume. A fast path answers at once when no link carries two flows.
/// </summary>
public static class FlowSharing
{
    /// <summary>
    /// The rate of each flow, in the capacities' unit: flow <c>i</c> crosses the links <c>flows[i]</c> (indices into
    /// <paramref name="capacities"/>, each at least 0). A flow crossing no link gets positive infinity.
    /// O(links × flows) in the worst case.
    /// </summary>
    public static double[] MaxMinRates(IReadOnlyList<double> capacities, IReadOnlyList<IReadOnlyList<int>> flows)
    {
        ArgumentNullException.ThrowIfNull(capacities);
        ArgumentNullException.ThrowIfNull(flows);
        var users = new int[capacities.Count];
        foreach (var flow in flows)
        {
            foreach (var link in flow)
            {
                ArgumentOutOfRangeException.ThrowIfNegative(capacities[link]);
                users[link]++;
            }
        }

        var rates = new double[flows.Count];
        var shared = false;
        for (var l = 0; l < users.Length && !shared; l++)
        {
            shared = users[l] > 1;
        }

        if (!shared)
        {
            // Fast path: no link is shared, so each flow runs at its slowest link.
            for (var f = 0; f < flows.Count; f++)
            {
                var rate = double.PositiveInfinity;
                foreach (var link in flows[f])
                {
                    rate = Math.Min(rate, capacities[link]);
                }

                rates[f] = rate;
            }

            return rates;
        }

        var remaining = capacities.ToArray();
        var frozen = new bool[flows.Count];
        var active = flows.Count;
        Array.Fill(rates, double.PositiveInfinity);
        while (active > 0)
        {
            // The link whose remaining capacity split among its unfrozen flows is smallest.
            var best = -1;
            var share = double.PositiveInfinity;
            for (var l = 0; l < remaining.Length; l++)
            {
                if (users[l] > 0 && remaining[l] / users[l] < share)
                {
                    share = remaining[l] / users[l];
                    best = l;
                }
            }

            if (best < 0)
            {
                break; // the unfrozen flows cross no link
            }

            for (var f = 0; f < flows.Count; f++)
            {
                if (frozen[f] || !Contains(flows[f], best))
                {
                    continue;
                }

                frozen[f] = true;
                active--;
                rates[f] = share;
                foreach (var link in flows[f])
                {
                    remaining[link] = Math.Max(0, remaining[link] - share);
                    users[link]--;
                }
            }
        }

        return rates;
    }

    private static bool Contains(IReadOnlyList<int> links, int link)
    {
        foreach (var l in links)
        {
            if (l == link)
            {
                return true;
            }
        }

        return false;
    }
}
