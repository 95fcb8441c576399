using Colossim.Units;

namespace Colossim.Performance;

/// <summary>A collective operation among the ranks of a <see cref="CommGroup"/>.</summary>
public enum Collective
{
    /// <summary>Every rank ends with the sum of every rank's buffer (tensor-parallel activations, data-parallel gradients).</summary>
    AllReduce,

    /// <summary>Every rank ends with its 1/n slice of the sum (ZeRO gradients).</summary>
    ReduceScatter,

    /// <summary>Every rank ends with every rank's slice (ZeRO parameters, sequence-parallel activations).</summary>
    AllGather,

    /// <summary>Every rank sends a distinct 1/n of its buffer to each rank (expert-parallel token dispatch and combine).</summary>
    AllToAll,

    /// <summary>One rank's buffer is copied to every rank.</summary>
    Broadcast,

    /// <summary>Each rank sends its buffer to one peer (pipeline-parallel activations and their gradients).</summary>
    SendRecv,
}

/// <summary>
/// A group of ranks and where they are: how many share a scale-up (NVLink) domain, and how many scale-up domains,
/// nodes, leaf switches and pods the group spans. A collective's time depends on the slowest link it crosses, so the
/// placement matters as much as the rank count.
/// </summary>
public sealed record CommGroup
{
    /// <summary>Ranks (GPUs) in the group, at least 1.</summary>
    public required int Ranks { get; init; }

    /// <summary>Ranks of the group in each scale-up domain it touches, 1 to <see cref="Ranks"/> (the group's ranks are spread evenly).</summary>
    public required int RanksPerScaleUpDomain { get; init; }

    /// <summary>Scale-up (NVLink) domains the group spans, at least 1.</summary>
    public int ScaleUpDomains { get; init; } = 1;

    /// <summary>Nodes (servers) the group spans, at least 1.</summary>
    public int Nodes { get; init; } = 1;

    /// <summary>Leaf switches the group's scale-out traffic crosses, at least 1 (1: all under one leaf).</summary>
    public int Leaves { get; init; } = 1;

    /// <summary>Pods (spine groups) the group spans, at least 1 (more than 1: traffic crosses the core).</summary>
    public int Pods { get; init; } = 1;

    /// <summary>One rank: every collective is free.</summary>
    public static CommGroup OneRank { get; } = new() { Ranks = 1, RanksPerScaleUpDomain = 1 };

    /// <summary>Whether the group needs the scale-out network (it spans more than one scale-up domain).</summary>
    public bool CrossesScaleOut => ScaleUpDomains > 1;

    /// <summary><paramref name="ranks"/> ranks all in one scale-up domain (a tensor-parallel group inside an NVLink domain).</summary>
    public static CommGroup InOneScaleUpDomain(int ranks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ranks, 1);
        return new CommGroup { Ranks = ranks, RanksPerScaleUpDomain = ranks };
    }
}

/// <summary>
/// Times collectives over a placed group of ranks. Implemented by the network layer (over a topology view of a planned
/// site); the performance model only asks. Contention with other traffic is the implementation's business.
/// </summary>
public interface ICommunication
{
    /// <summary>
    /// Wall time of <paramref name="collective"/> among <paramref name="group"/>, each rank contributing
    /// <paramref name="perRank"/> (its whole buffer: for an all-gather, the gathered result; for a send/recv, the message).
    /// Zero for a group of one rank.
    /// </summary>
    Duration Time(Collective collective, Bytes perRank, CommGroup group);
}

/// <summary>No communication: every collective takes no time (one GPU's compute only, as <c>colossim predict</c> reports).</summary>
public sealed class NoCommunication : ICommunication
{
    private NoCommunication()
    {
    }

    /// <summary>The one instance.</summary>
    public static NoCommunication Instance { get; } = new();

    /// <inheritdoc/>
    public Duration Time(Collective collective, Bytes perRank, CommGroup group) => Duration.Zero;
}
