using Colossim.Performance;
using Colossim.Units;

namespace Colossim.Network;

/// <summary>
/// A first-order alpha-beta model of collectives over a <see cref="Topology"/>: ring algorithms, every step paying the
/// latency of the farthest hop the group crosses (alpha) and the bytes moving at the group's bottleneck bandwidth per
/// GPU (beta), with NCCL's bus-bandwidth factors. For <c>n</c> ranks and a buffer of <c>S</c> bytes per rank:
/// all-reduce <c>2(n-1)·α + 2(n-1)/n · S/B</c>; reduce-scatter, all-gather and all-to-all <c>(n-1)·α + (n-1)/n · S/B</c>;
/// broadcast (pipelined chain) <c>(n-1)·α + S/B</c>; send/recv <c>α + S/B</c>. No contention with other traffic, no
/// tree or NVLS algorithms, no hierarchical rings: the Network issue fills those in.
/// </summary>
public sealed class AlphaBetaCommunication : ICommunication
{
    /// <summary>Collectives over <paramref name="topology"/>.</summary>
    public AlphaBetaCommunication(Topology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        Topology = topology;
    }

    /// <summary>The network the ranks are on.</summary>
    public Topology Topology { get; }

    /// <inheritdoc/>
    public Duration Time(Collective collective, Bytes perRank, CommGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentOutOfRangeException.ThrowIfLessThan(perRank.Value, 0.0, nameof(perRank));
        var n = group.Ranks;
        if (n <= 1)
        {
            return Duration.Zero;
        }

        var alpha = Topology.StepLatency(group);
        var transfer = perRank / Topology.Bottleneck(group);
        var share = (n - 1) / (double)n;
        return collective switch
        {
            Collective.AllReduce => (2 * (n - 1) * alpha) + (2 * share * transfer),
            Collective.ReduceScatter or Collective.AllGather or Collective.AllToAll => ((n - 1) * alpha) + (share * transfer),
            Collective.Broadcast => ((n - 1) * alpha) + transfer,
            Collective.SendRecv => alpha + transfer,
            _ => throw new ArgumentOutOfRangeException(nameof(collective), collective, "unknown collective"),
        };
    }
}
