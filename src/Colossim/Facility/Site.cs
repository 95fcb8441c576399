using Colossim.Catalog;
using Colossim.Units;

namespace Colossim.Facility;

/// <summary>One datacenter campus (or building): its GPUs, the network joining them and its power.</summary>
public sealed record Site
{
    /// <summary>Unique name within the scenario (<c>memphis</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The GPUs installed.</summary>
    public required SiteGpus Gpus { get; init; }

    /// <summary>The server or rack-scale system the GPUs come in (<c>hgx-h100</c>), when the document names one.</summary>
    public SystemSpec? System { get; init; }

    /// <summary>The scale-out network.</summary>
    public SiteFabric Fabric { get; init; } = SiteFabric.Default;

    /// <summary>Grid connection, batteries, cooling overhead and electricity price.</summary>
    public SitePower Power { get; init; } = SitePower.Default;
}

/// <summary>The GPUs of a site: one type, a count.</summary>
public sealed record SiteGpus
{
    /// <summary>The GPU, as the catalog describes it.</summary>
    public required GpuSpec Type { get; init; }

    /// <summary>How many, in [1, 10,000,000]; a multiple of the system's GPUs per node when a system is named.</summary>
    public required int Count { get; init; }
}

/// <summary>The physical kind of a scale-out network.</summary>
public enum FabricKind
{
    /// <summary>InfiniBand (NVIDIA Quantum): credit-based, lossless.</summary>
    Infiniband,

    /// <summary>Ethernet with RDMA (RoCE), such as NVIDIA Spectrum-X: the Colossus fabric.</summary>
    EthernetRdma,

    /// <summary>Ordinary Ethernet (TCP), for storage or loosely coupled serving.</summary>
    Ethernet,
}

/// <summary>How the scale-out NICs are wired into switches (the planner's switch counts follow it).</summary>
public enum FabricTopology
{
    /// <summary>
    /// Plain fat tree with top-of-rack leaves: a leaf takes whole nodes (all their NICs), so leaf ports a whole node does
    /// not fill stay empty; above the leaves as <see cref="RailOptimizedFatTree"/>.
    /// </summary>
    FatTree,

    /// <summary>
    /// Rail-optimised fat tree (NVIDIA DGX SuperPOD): leaf i of a scalable unit takes NIC i of every node, so the
    /// leaves fill port by port across nodes; one tree joins every NIC.
    /// </summary>
    RailOptimizedFatTree,

    /// <summary>
    /// Rail-only (Wang et al., "Rail-only: a low-cost high-performance network for training LLMs with trillion
    /// parameters", arXiv 2307.12169): NIC i of every scale-up domain joins rail i, and each rail is its own fat tree;
    /// there is no tier across rails (traffic between rails goes over the scale-up domain, NVLink), so each tree holds
    /// only its rail's endpoints and often needs a tier fewer.
    /// </summary>
    RailOnly,
}

/// <summary>A site's scale-out network as the scenario describes it; the Build pillar turns it into switches and optics.</summary>
public sealed record SiteFabric
{
    /// <summary>InfiniBand unless told otherwise, on a rail-optimised fat tree without oversubscription.</summary>
    public static SiteFabric Default { get; } = new();

    /// <summary>The physical kind (default InfiniBand).</summary>
    public FabricKind Kind { get; init; } = FabricKind.Infiniband;

    /// <summary>The arrangement of switches (default rail-optimised fat tree).</summary>
    public FabricTopology Topology { get; init; } = FabricTopology.RailOptimizedFatTree;

    /// <summary>Downlink to uplink bandwidth ratio at the leaves, in [1, 64]; 1 means non-blocking (the default).</summary>
    public double Oversubscription { get; init; } = 1;

    /// <summary>The switch family (<c>spectrum-x</c>), when the document names one; its kind matches <see cref="Kind"/>.</summary>
    public FabricSpec? Switch { get; init; }
}

/// <summary>A site's power supply and what electricity costs there.</summary>
public sealed record SitePower
{
    /// <summary>No grid limit given, no batteries, PUE 1.2, $0.08 per kWh.</summary>
    public static SitePower Default { get; } = new();

    /// <summary>The grid connection's capacity; <see langword="null"/> when the document does not limit it.</summary>
    public Watts? Grid { get; init; }

    /// <summary>Battery storage on site (default none).</summary>
    public Energy Battery { get; init; }

    /// <summary>Power usage effectiveness, facility power over IT power, in [1, 3] (default 1.2, a liquid-cooled AI hall).</summary>
    public double Pue { get; init; } = 1.2;

    /// <summary>The price of one kilowatt-hour (default $0.08, a US industrial rate).</summary>
    public Usd PricePerKwh { get; init; } = new(0.08);
}
