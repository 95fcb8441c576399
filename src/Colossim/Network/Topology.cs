using Colossim.Facility;
using Colossim.Performance;
using Colossim.Units;

namespace Colossim.Network;

/// <summary>
/// A view of a planned site's network as collectives see it: GPUs in nodes, nodes in scale-up (NVLink) domains, domains
/// under leaf switches, leaves in pods (sharing spines), pods joined by the core. Built from a
/// <see cref="ClusterPlan"/> and its <see cref="NetworkPlan"/>, so the plan and the collectives never disagree.
/// Ranks are numbered as the GPUs are: consecutive ranks fill a node, then a scale-up domain, then a leaf, then a pod.
/// </summary>
public sealed record Topology
{
    /// <summary>GPUs in the site, at least 1.</summary>
    public required long Gpus { get; init; }

    /// <summary>GPUs per node (server), at least 1.</summary>
    public required int GpusPerNode { get; init; }

    /// <summary>GPUs per scale-up (NVLink) domain, at least 1 (8 for HGX; 72 for an NVL72 rack).</summary>
    public required int GpusPerScaleUpDomain { get; init; }

    /// <summary>GPUs whose NICs attach to one leaf switch, at least 1.</summary>
    public required long GpusPerLeaf { get; init; }

    /// <summary>GPUs in one pod (leaves sharing a set of spines); the whole site when the fabric has fewer than 3 tiers.</summary>
    public required long GpusPerPod { get; init; }

    /// <summary>Scale-up bandwidth of one GPU, one direction (half the vendor's bidirectional figure).</summary>
    public required Bandwidth ScaleUpPerGpu { get; init; }

    /// <summary>Scale-out bandwidth of one GPU into the fabric, one direction.</summary>
    public required Bandwidth ScaleOutPerGpu { get; init; }

    /// <summary>Oversubscription above a pod, at least 1 (1 = non-blocking): traffic between pods gets <see cref="ScaleOutPerGpu"/> / this.</summary>
    public required double Oversubscription { get; init; }

    /// <summary>Latency of one step between two GPUs of a scale-up domain (through the NVLink switch).</summary>
    public Duration ScaleUpLatency { get; init; } = DefaultScaleUpLatency;

    /// <summary>Latency of one step between GPUs under one leaf: NIC to leaf to NIC, software included.</summary>
    public Duration ScaleOutLatency { get; init; } = DefaultScaleOutLatency;

    /// <summary>Latency each further switch hop adds (two more through a spine, four more through the core).</summary>
    public Duration SwitchHopLatency { get; init; } = DefaultSwitchHopLatency;

    /// <summary>
    /// The scale-up generation of the site's GPUs (NVLink constants and whether NVLink SHARP exists), from
    /// <see cref="NetworkDefaults"/>; <see langword="null"/> for the default generation.
    /// </summary>
    public ScaleUpGeneration? Generation { get; init; }

    /// <summary>Default <see cref="ScaleUpLatency"/>: 1 µs, the order of NCCL's per-step latency over NVLink (a first-order figure, not measured here).</summary>
    public static Duration DefaultScaleUpLatency { get; } = Duration.FromMicroseconds(1);

    /// <summary>Default <see cref="ScaleOutLatency"/>: 3 µs, the order of an InfiniBand or RoCE RDMA message through one switch with NCCL's overhead (first-order).</summary>
    public static Duration DefaultScaleOutLatency { get; } = Duration.FromMicroseconds(3);

    /// <summary>Default <see cref="SwitchHopLatency"/>: 0.5 µs per extra switch traversal (first-order).</summary>
    public static Duration DefaultSwitchHopLatency { get; } = Duration.FromNanoseconds(500);

    /// <summary>The topology of a planned site.</summary>
    public static Topology FromPlan(ClusterPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var network = plan.Network;
        var endpointsPerGpu = Math.Max(1e-9, (double)network.Endpoints / Math.Max(1, plan.Gpus));
        var leafDown = network.Levels.Count > 0 ? network.Levels[0].DownPorts : (int)Math.Min(int.MaxValue, network.Endpoints);
        var perLeaf = Math.Max(1, (long)Math.Floor(leafDown / endpointsPerGpu));
        var perPod = network.Tiers >= 3 ? Math.Max(1, (long)Math.Floor(network.EndpointsPerPod / endpointsPerGpu)) : plan.Gpus;
        return new Topology
        {
            Gpus = plan.Gpus,
            GpusPerNode = plan.System.GpusPerNode,
            GpusPerScaleUpDomain = Math.Max(plan.System.ScaleUpDomain, 1),
            GpusPerLeaf = perLeaf,
            GpusPerPod = Math.Max(perPod, 1),
            ScaleUpPerGpu = plan.Gpu.ScaleUpBandwidth / 2,
            ScaleOutPerGpu = network.ScaleOutPerGpu,
            Oversubscription = Math.Max(1, network.Oversubscription),
            Generation = NetworkDefaults.BuiltIn.GenerationOf(plan.Gpu.Id),
        };
    }

    /// <summary>
    /// Where <paramref name="ranks"/> consecutive GPUs are (from the first GPU of a pod): the scale-up domains, nodes,
    /// leaves and pods they span. A group that fills no whole domain sits in one.
    /// </summary>
    public CommGroup Group(int ranks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ranks, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ranks, Gpus);
        static int Span(long ranks, long per) => (int)Math.Min(int.MaxValue, (ranks + per - 1) / per);
        var domains = Span(ranks, GpusPerScaleUpDomain);
        return new CommGroup
        {
            Ranks = ranks,
            RanksPerScaleUpDomain = Math.Min(ranks, GpusPerScaleUpDomain),
            ScaleUpDomains = domains,
            Nodes = Span(ranks, GpusPerNode),
            Leaves = domains == 1 ? 1 : Span(ranks, GpusPerLeaf),
            Pods = domains == 1 ? 1 : Span(ranks, GpusPerPod),
        };
    }

    /// <summary>
    /// Where <paramref name="ranks"/> GPUs are when laid out by <paramref name="placement"/>: packed as
    /// <see cref="Group(int)"/>; spread one rank per scale-up domain (ranks beyond the domains double up evenly), so
    /// the group spans as many domains, leaves and pods as it can.
    /// </summary>
    public CommGroup Group(int ranks, Placement placement)
    {
        if (placement == Placement.Packed)
        {
            return Group(ranks);
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(ranks, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ranks, Gpus);
        static int Span(long count, long per) => (int)Math.Min(int.MaxValue, (count + per - 1) / per);
        var available = Math.Max(1, Gpus / GpusPerScaleUpDomain);
        var domains = (int)Math.Min(ranks, available);
        var perDomain = Span(ranks, domains);
        var gpusSpanned = (long)domains * GpusPerScaleUpDomain;
        return new CommGroup
        {
            Ranks = ranks,
            RanksPerScaleUpDomain = perDomain,
            ScaleUpDomains = domains,
            Nodes = Math.Max(domains, Span(ranks, GpusPerNode)),
            Leaves = domains == 1 ? 1 : Span(gpusSpanned, GpusPerLeaf),
            Pods = domains == 1 ? 1 : Span(gpusSpanned, GpusPerPod),
        };
    }

    /// <summary>
    /// Where <paramref name="ranks"/> GPUs are when they are every <paramref name="stride"/>-th GPU of a block of
    /// <paramref name="span"/> consecutive GPUs (at least the ranks' own extent): the expert-parallel ranks of a
    /// tensor-parallel × expert-parallel block (stride tp), the pipeline neighbours of a training layout. The ranks share
    /// a scale-up domain (and a node) as far as the stride lets them; leaves and pods are those of the block.
    /// </summary>
    /// <param name="ranks">GPUs in the group, at least 1.</param>
    /// <param name="stride">GPUs between consecutive ranks, at least 1.</param>
    /// <param name="span">GPUs of the block the group lies in, at least 1 (clamped to the site's GPUs).</param>
    public CommGroup Group(int ranks, long stride, long span)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ranks, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        var extent = Math.Clamp(Math.Max(span, ((ranks - 1) * stride) + 1), 1, Gpus);
        var around = Group((int)Math.Min(int.MaxValue, extent));
        var perDomain = stride >= GpusPerScaleUpDomain ? 1 : (int)Math.Max(1, Math.Min(ranks, GpusPerScaleUpDomain / stride));
        var perNode = stride >= GpusPerNode ? 1 : (int)Math.Max(1, Math.Min(ranks, GpusPerNode / stride));
        var domains = (ranks + perDomain - 1) / perDomain;
        return new CommGroup
        {
            Ranks = ranks,
            RanksPerScaleUpDomain = perDomain,
            ScaleUpDomains = domains,
            Nodes = Math.Max(domains, (ranks + perNode - 1) / perNode),
            Leaves = domains == 1 ? 1 : Math.Max(1, around.Leaves),
            Pods = domains == 1 ? 1 : Math.Max(1, around.Pods),
        };
    }

    /// <summary>
    /// The slowest link a group's traffic crosses, per GPU and one direction: scale-up inside one domain; the GPU's
    /// scale-out share across domains; that share over the oversubscription across pods.
    /// </summary>
    public Bandwidth Bottleneck(CommGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return !group.CrossesScaleOut ? ScaleUpPerGpu
            : group.Pods > 1 ? ScaleOutPerGpu / Oversubscription
            : ScaleOutPerGpu;
    }

    /// <summary>The latency of one step between the farthest ranks of a group: scale-up; one leaf; up to a spine and back (+2 hops); through the core (+4 hops).</summary>
    public Duration StepLatency(CommGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return !group.CrossesScaleOut ? ScaleUpLatency
            : group.Pods > 1 ? ScaleOutLatency + (4 * SwitchHopLatency)
            : group.Leaves > 1 ? ScaleOutLatency + (2 * SwitchHopLatency)
            : ScaleOutLatency;
    }
}
