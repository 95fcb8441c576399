namespace Colossim.Network;

/// <summary>How a collective moves its data (NCCL's algorithms, plus an explicit two-level one).</summary>
public enum CollectiveAlgorithm
{
    /// <summary>Let the model choose: the algorithm and protocol with the least predicted time (as NCCL's tuner does).</summary>
    Auto,

    /// <summary>A pipelined ring through every rank: the bandwidth-optimal algorithm, latency growing with the ranks.</summary>
    Ring,

    /// <summary>NCCL's double binary tree (all-reduce): a chain inside each scale-up domain, binary trees across them; latency grows with the logarithm of the domains.</summary>
    Tree,

    /// <summary>NVLink SHARP (all-reduce inside one scale-up domain): the NVSwitch reduces and multicasts.</summary>
    Nvls,

    /// <summary>Two levels, one after the other: reduce-scatter inside each scale-up domain, the collective across domains on 1/r of the bytes, all-gather inside.</summary>
    Hierarchical,
}

/// <summary>NCCL's protocols: how data and its ready flags travel.</summary>
public enum CollectiveProtocol
{
    /// <summary>LL: 8-byte stores with inline flags; the lowest latency, half the bandwidth.</summary>
    Ll,

    /// <summary>LL128: 128-byte lines with inline flags; low latency, most of the bandwidth.</summary>
    Ll128,

    /// <summary>Simple: bulk copies with separate synchronisation; full bandwidth, the highest latency.</summary>
    Simple,
}

/// <summary>The class of link that bounds a collective's bandwidth.</summary>
public enum LinkClass
{
    /// <summary>The GPU's scale-up (NVLink) port.</summary>
    ScaleUp,

    /// <summary>The GPU's NIC into the scale-out fabric.</summary>
    ScaleOut,

    /// <summary>The oversubscribed tier above a pod (traffic between pods shares the core).</summary>
    Core,
}

/// <summary>How the ranks of a group are laid on the GPUs.</summary>
public enum Placement
{
    /// <summary>Consecutive GPUs: fill a scale-up domain, then the next.</summary>
    Packed,

    /// <summary>One rank per scale-up domain (the same local GPU of each, rail-aligned), so every step crosses the scale-out network.</summary>
    Spread,
}
