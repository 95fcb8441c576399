using Colossim.Performance;
using Colossim.Units;

namespace Colossim.Network;

/// <summary>
/// A predicted collective: its time, the algorithm and protocol that give it, the link class that bounds its bandwidth,
/// and nccl-tests' algorithm and bus bandwidths.
/// </summary>
public sealed record CollectivePrediction
{
    /// <summary>The operation.</summary>
    public required Collective Collective { get; init; }

    /// <summary>Bytes per rank (the buffer nccl-tests calls its size), at least 0.</summary>
    public required Bytes Bytes { get; init; }

    /// <summary>Ranks in the group, at least 1.</summary>
    public required int Ranks { get; init; }

    /// <summary>Predicted wall time; zero for one rank or no bytes.</summary>
    public required Duration Time { get; init; }

    /// <summary>The algorithm (never <see cref="CollectiveAlgorithm.Auto"/>).</summary>
    public required CollectiveAlgorithm Algorithm { get; init; }

    /// <summary>The protocol.</summary>
    public required CollectiveProtocol Protocol { get; init; }

    /// <summary>The link class whose bytes take the longest.</summary>
    public required LinkClass Bottleneck { get; init; }

    /// <summary>nccl-tests' algorithm bandwidth: bytes over time (zero when the time is zero).</summary>
    public Bandwidth AlgorithmBandwidth => Time > Duration.Zero ? Bytes / Time : Bandwidth.Zero;

    /// <summary>nccl-tests' bus bandwidth: the algorithm bandwidth times <see cref="BusFactor"/>.</summary>
    public Bandwidth BusBandwidth => AlgorithmBandwidth * BusFactor(Collective, Ranks);

    /// <summary>
    /// nccl-tests' bus-bandwidth factor for <paramref name="ranks"/> ranks: <c>2(n-1)/n</c> for all-reduce, <c>(n-1)/n</c>
    /// for reduce-scatter, all-gather and all-to-all, 1 for broadcast and send/recv.
    /// </summary>
    public static double BusFactor(Collective collective, int ranks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ranks, 1);
        var share = (ranks - 1) / (double)ranks;
        return collective switch
        {
            Collective.AllReduce => 2 * share,
            Collective.ReduceScatter or Collective.AllGather or Collective.AllToAll => share,
            Collective.Broadcast or Collective.SendRecv => 1.0,
            _ => throw new ArgumentOutOfRangeException(nameof(collective), collective, "unknown collective"),
        };
    }
}
