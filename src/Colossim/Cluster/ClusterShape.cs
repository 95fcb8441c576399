namespace Colossim.Cluster;

/// <summary>A level of the cluster's topology that placement can keep a job inside.</summary>
public enum TopologyLevel
{
    /// <summary>One server.</summary>
    Node,

    /// <summary>One NVLink (scale-up) domain: one HGX server, or one NVL72 rack of 18 trays.</summary>
    Domain,

    /// <summary>One leaf (rail) switch group: the nodes of a scalable unit.</summary>
    Leaf,

    /// <summary>One pod: the leaves under one spine block.</summary>
    Pod,

    /// <summary>The whole cluster (no locality).</summary>
    Cluster,
}

/// <summary>
/// The shape of a cluster as the scheduler sees it: nodes with their GPUs, grouped into NVLink (scale-up) domains of
/// <see cref="NodesPerDomain"/> nodes, leaves of <see cref="DomainsPerLeaf"/> domains and pods of
/// <see cref="LeavesPerPod"/> leaves, in node order (the last group of each level may be partial). Immutable.
/// </summary>
public sealed record ClusterShape
{
    /// <summary>
    /// GPUs on each node, in node order; each 0 to <see cref="MaxGpusPerNode"/> (a node without GPUs holds only CPU-only
    /// jobs, and is kept only when the <see cref="Inventory"/> gives its CPU).
    /// </summary>
    public required IReadOnlyList<int> NodeGpus { get; init; }

    /// <summary>
    /// The nodes as an inventory gave them (GPU model, CPU, memory), in the order of <see cref="NodeGpus"/> and with the
    /// same GPUs each; <see langword="null"/>: not known (then jobs' GPU models, CPU and memory are not constraints).
    /// </summary>
    public IReadOnlyList<NodeSpec>? Inventory { get; init; }

    /// <summary>Nodes in one NVLink domain, at least 1 (1 for HGX servers, 18 for an NVL72 rack of 4-GPU trays).</summary>
    public int NodesPerDomain { get; init; } = 1;

    /// <summary>Domains under one leaf switch, at least 1 (DGX SuperPOD: 32 nodes per scalable unit).</summary>
    public int DomainsPerLeaf { get; init; } = 32;

    /// <summary>Leaves in one pod, at least 1.</summary>
    public int LeavesPerPod { get; init; } = 16;

    /// <summary>The most GPUs one node may have: 64.</summary>
    public const int MaxGpusPerNode = 64;

    /// <summary>The most nodes a shape may have: 4,000,000.</summary>
    public const int MaxNodes = 4_000_000;

    /// <summary>All GPUs.</summary>
    public int Gpus
    {
        get
        {
            var sum = 0;
            foreach (var g in NodeGpus)
            {
                sum += g;
            }

            return sum;
        }
    }

    /// <summary>Nodes in one leaf.</summary>
    public int NodesPerLeaf => NodesPerDomain * DomainsPerLeaf;

    /// <summary>Nodes in one pod.</summary>
    public int NodesPerPod => NodesPerLeaf * LeavesPerPod;

    /// <summary>
    /// <paramref name="gpus"/> GPUs laid out as nodes of <paramref name="gpusPerNode"/> (the last node holds the rest),
    /// grouped into domains, leaves and pods.
    /// </summary>
    /// <param name="gpus">GPUs, at least 1.</param>
    /// <param name="gpusPerNode">GPUs per node, 1 to <see cref="MaxGpusPerNode"/>.</param>
    /// <param name="nodesPerDomain">Nodes per NVLink domain, at least 1.</param>
    /// <param name="domainsPerLeaf">Domains per leaf, at least 1.</param>
    /// <param name="leavesPerPod">Leaves per pod, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is out of range.</exception>
    public static ClusterShape Uniform(int gpus, int gpusPerNode = 8, int nodesPerDomain = 1, int domainsPerLeaf = 32, int leavesPerPod = 16)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gpus, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(gpusPerNode, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(gpusPerNode, MaxGpusPerNode);
        var nodes = (gpus + gpusPerNode - 1) / gpusPerNode;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nodes, MaxNodes, nameof(gpus));
        var list = new int[nodes];
        Array.Fill(list, gpusPerNode);
        list[^1] = gpus - ((nodes - 1) * gpusPerNode);
        return Check(new ClusterShape { NodeGpus = list, NodesPerDomain = nodesPerDomain, DomainsPerLeaf = domainsPerLeaf, LeavesPerPod = leavesPerPod });
    }

    /// <summary>
    /// A shape from a node inventory (a trace's node list), kept as <see cref="Inventory"/> so that placement honours
    /// GPU models, CPU and memory; nodes without GPUs are left out unless they have CPU (CPU-only jobs run there).
    /// </summary>
    /// <param name="nodes">The nodes, in the order they are grouped; at least one with GPUs, each at most <see cref="MaxGpusPerNode"/>.</param>
    /// <param name="nodesPerDomain">Nodes per NVLink domain, at least 1.</param>
    /// <param name="domainsPerLeaf">Domains per leaf, at least 1.</param>
    /// <param name="leavesPerPod">Leaves per pod, at least 1.</param>
    /// <exception cref="ArgumentException">No node has GPUs, or a node has more than <see cref="MaxGpusPerNode"/>.</exception>
    public static ClusterShape FromNodes(IReadOnlyList<NodeSpec> nodes, int nodesPerDomain = 1, int domainsPerLeaf = 32, int leavesPerPod = 16)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var list = new List<int>(nodes.Count);
        var kept = new List<NodeSpec>(nodes.Count);
        var gpus = 0;
        foreach (var n in nodes)
        {
            if (n.Gpus > MaxGpusPerNode || n.Gpus < 0 || n.CpuMilli < 0 || n.MemoryMib < 0)
            {
                throw new ArgumentException($"node {n.Id} has {n.Gpus} GPUs, {n.CpuMilli} milli-CPUs, {n.MemoryMib} MiB; expected 0 to {MaxGpusPerNode} GPUs and no negative CPU or memory", nameof(nodes));
            }

            if (n.Gpus > 0 || n.CpuMilli > 0)
            {
                list.Add(n.Gpus);
                kept.Add(n);
                gpus += n.Gpus;
            }
        }

        if (gpus == 0)
        {
            throw new ArgumentException("no node has GPUs", nameof(nodes));
        }

        return Check(new ClusterShape { NodeGpus = list, Inventory = kept, NodesPerDomain = nodesPerDomain, DomainsPerLeaf = domainsPerLeaf, LeavesPerPod = leavesPerPod });
    }

    private static ClusterShape Check(ClusterShape shape)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shape.NodesPerDomain, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(shape.DomainsPerLeaf, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(shape.LeavesPerPod, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)shape.NodesPerDomain * shape.DomainsPerLeaf * shape.LeavesPerPod, MaxNodes * 4L, nameof(shape));
        return shape;
    }

    /// <summary>Throws when <see cref="Inventory"/> does not match <see cref="NodeGpus"/> node by node (a bug in the caller).</summary>
    internal void CheckInventory()
    {
        if (Inventory is not { } inventory)
        {
            return;
        }

        if (inventory.Count != NodeGpus.Count)
        {
            throw new ArgumentException($"the inventory lists {inventory.Count} nodes but the shape has {NodeGpus.Count}", nameof(Inventory));
        }

        for (var n = 0; n < inventory.Count; n++)
        {
            if (inventory[n].Gpus != NodeGpus[n] || inventory[n].CpuMilli < 0 || inventory[n].MemoryMib < 0)
            {
                throw new ArgumentException($"inventory node {inventory[n].Id} has {inventory[n].Gpus} GPUs, {inventory[n].CpuMilli} milli-CPUs and {inventory[n].MemoryMib} MiB but the shape gives it {NodeGpus[n]} GPUs", nameof(Inventory));
            }
        }
    }
}
