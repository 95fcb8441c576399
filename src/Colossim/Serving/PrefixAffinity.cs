namespace Colossim.Serving;

/// <summary>
/// The prefix-affinity router (<see cref="RouterKind.Affinity"/>), after SGLang's cache-aware router: a request goes
/// to the replica whose prefix cache holds the longest leading run of its prompt's hash blocks (ties to the one with
/// fewer outstanding tokens, then the lowest index), so that a conversation's next turn finds its earlier turns' KV;
/// but when that replica is overloaded against the least loaded one, or no replica holds any of the prompt, it goes to
/// the replica with the fewest outstanding tokens (as <see cref="RouterKind.LeastOutstandingTokens"/>).
/// </summary>
/// <remarks>
/// Overloaded: its outstanding tokens (prompt tokens not yet processed plus output tokens not yet generated) exceed
/// twice the least loaded replica's plus one iteration's token budget. The rule keeps one hot prefix (a shared system
/// prompt) from piling every request onto one replica, while a replica at most about twice as loaded as the least
/// keeps its affinity. No trace format the project reads carries a session id (Azure: time and lengths; Mooncake:
/// time, lengths and block hashes), so session affinity is what the hashes give: a turn's prompt holds the earlier
/// turns' blocks.
/// </remarks>
public static class PrefixAffinity
{
    /// <summary>The replica for request <paramref name="i"/> at time <paramref name="now"/> (nanoseconds), given the engine's token budget.</summary>
    internal static int Route(IReadOnlyList<Replica> replicas, int i, long now, int tokenBudget)
    {
        var least = 0;
        var leastLoad = long.MaxValue;
        var best = -1;
        var bestTokens = 0;
        var bestLoad = long.MaxValue;
        for (var r = 0; r < replicas.Count; r++)
        {
            var load = replicas[r].OutstandingAt(now);
            if (load < leastLoad)
            {
                least = r;
                leastLoad = load;
            }

            var cached = replicas[r].CachedPrefixTokens(i);
            if (cached > 0 && (cached > bestTokens || (cached == bestTokens && load < bestLoad)))
            {
                best = r;
                bestTokens = cached;
                bestLoad = load;
            }
        }

        return best < 0 || Overloaded(bestLoad, leastLoad, tokenBudget) ? least : best;
    }

    /// <summary>Whether a replica with <paramref name="load"/> outstanding tokens is overloaded against the least loaded one's <paramref name="least"/>: above twice it plus <paramref name="tokenBudget"/>.</summary>
    public static bool Overloaded(long load, long least, int tokenBudget) => load > (2 * least) + tokenBudget;
}
