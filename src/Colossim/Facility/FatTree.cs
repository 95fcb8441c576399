using Colossim.Catalog;
using Colossim.Units;

namespace Colossim.Facility;

/// <summary>How the topology of a network is written in the text report.</summary>
public static class FabricTopologyWords
{
    /// <summary><c>rail-optimised fat tree</c>, <c>fat tree</c> or <c>rail-only fat trees</c>: the words of the text report.</summary>
    public static string Words(this FabricTopology topology) => topology switch
    {
        FabricTopology.FatTree => "fat tree",
        FabricTopology.RailOnly => "rail-only fat trees",
        _ => "rail-optimised fat tree",
    };
}

/// <summary>One tier of switches in a fat tree.</summary>
/// <param name="Name"><c>leaf</c>, <c>spine</c>, <c>core</c>, <c>super-core</c>, then <c>tier-5</c> and up.</param>
/// <param name="Switches">Switches in the tier.</param>
/// <param name="DownPorts">Ports of each switch facing the tier below (or the NICs).</param>
/// <param name="UpPorts">Ports of each switch facing the tier above; 0 in the top tier.</param>
/// <param name="LinksDown">Links (cables) between this tier and the one below (or the NICs).</param>
public sealed record SwitchTier(string Name, long Switches, int DownPorts, int UpPorts, long LinksDown);

/// <summary>
/// The scale-out network of a cluster: a rail-optimised fat tree (leaf i of a scalable unit takes NIC i of every node)
/// of one switch family, with its switches per tier, cables, optics, power, cost and the bandwidth it gives each GPU.
/// </summary>
public sealed record NetworkPlan
{
    /// <summary>The switch family.</summary>
    public required FabricSpec Fabric { get; init; }

    /// <summary>How the NICs are wired (<see cref="FabricTopology.RailOptimizedFatTree"/> unless asked).</summary>
    public FabricTopology Topology { get; init; } = FabricTopology.RailOptimizedFatTree;

    /// <summary>Separate trees: the rails of a <see cref="FabricTopology.RailOnly"/> network, else 1. <see cref="Levels"/> count all of them.</summary>
    public long Trees { get; init; } = 1;

    /// <summary>Tiers of switches (1 for one switch; 2 up to k²/2 endpoints; 3 up to k³/4 when non-blocking; …).</summary>
    public int Tiers => Levels.Count;

    /// <summary>The tiers from the leaves up.</summary>
    public required IReadOnlyList<SwitchTier> Levels { get; init; }

    /// <summary>Ports per switch as used, after splitting native ports to the NICs' speed.</summary>
    public required int Radix { get; init; }

    /// <summary>How many logical ports each native switch port is split into (1 = not split).</summary>
    public required int Breakout { get; init; }

    /// <summary>Speed of one link.</summary>
    public required Bandwidth LinkBandwidth { get; init; }

    /// <summary>NIC ports attached to the fabric (GPUs × NICs per GPU × links per NIC).</summary>
    public required long Endpoints { get; init; }

    /// <summary>Scale-out NICs (each with one optical module).</summary>
    public required long Nics { get; init; }

    /// <summary>Oversubscription above a pod (1 = non-blocking).</summary>
    public required double Oversubscription { get; init; }

    /// <summary>Pods: groups of leaves sharing a set of spines (1 per tree when a tree has fewer than 3 tiers).</summary>
    public required long Pods { get; init; }

    /// <summary>Endpoints a full pod holds (the whole tree when it has fewer than 3 tiers).</summary>
    public required long EndpointsPerPod { get; init; }

    /// <summary>Switches in all tiers.</summary>
    public long Switches => Levels.Sum(l => l.Switches);

    /// <summary>Cables in all tiers (NIC-leaf included).</summary>
    public long Cables => Levels.Sum(l => l.LinksDown);

    /// <summary>Switch-side optical modules.</summary>
    public required long SwitchTransceivers { get; init; }

    /// <summary>All optical modules: one per NIC plus the switch side. Every link is taken to be optical.</summary>
    public long Transceivers => Nics + SwitchTransceivers;

    /// <summary>Scale-out bandwidth of one GPU into the fabric, one direction.</summary>
    public required Bandwidth ScaleOutPerGpu { get; init; }

    /// <summary>Bandwidth per GPU that crosses the top of a pod when all GPUs talk across pods (scale-out / oversubscription).</summary>
    public Bandwidth BisectionPerGpu => Tiers >= 3 ? ScaleOutPerGpu / Oversubscription : ScaleOutPerGpu;

    /// <summary>Power of the switches and all optics.</summary>
    public required Watts Power { get; init; }

    /// <summary>Price of the switches and all optics (fibre included).</summary>
    public required Usd Cost { get; init; }
}

/// <summary>Designs rail-optimised fat trees: the fewest tiers that hold the endpoints, then switches tier by tier.</summary>
public static class FatTree
{
    /// <summary>The most tiers considered (a radix-64 tree of 6 tiers holds 2·32⁶ ≈ 2 billion endpoints).</summary>
    public const int MaxTiers = 6;

    /// <summary>
    /// The fat tree joining <paramref name="gpus"/> GPUs of <paramref name="system"/> with switches of
    /// <paramref name="fabric"/>; <paramref name="oversubscription"/> (≥ 1) applies above a pod, as Meta's 7:1.
    /// <paramref name="topology"/> decides the wiring: rail-optimised (leaves filled port by port), plain fat tree
    /// (leaves take whole nodes) or rail-only (one tree per rail, a rail being NIC i of every scale-up domain).
    /// </summary>
    public static NetworkPlan Design(long gpus, SystemSpec system, FabricSpec fabric, double oversubscription = 1, FabricTopology topology = FabricTopology.RailOptimizedFatTree)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(gpus);
        ArgumentOutOfRangeException.ThrowIfLessThan(oversubscription, 1);
        var nic = system.NicBandwidth;
        var port = fabric.PortBandwidth;

        // Split fast native ports to the NICs' speed (an 800G port as 2 x 400G); a NIC faster than a port uses several.
        var breakout = 1;
        var linksPerNic = 1;
        if (port.BytesPerSecond > nic.BytesPerSecond * 1.0001)
        {
            breakout = (int)Math.Clamp(Math.Floor((port.BytesPerSecond / nic.BytesPerSecond) + 1e-9), 1, fabric.MaxBreakout);
        }
        else if (nic.BytesPerSecond > port.BytesPerSecond * 1.0001)
        {
            linksPerNic = (int)Math.Ceiling((nic.BytesPerSecond / port.BytesPerSecond) - 1e-9);
        }

        var link = port / breakout;
        var k = checked(fabric.Radix * breakout);
        var nics = (long)Math.Ceiling(gpus * system.NicsPerGpu);
        var endpoints = checked(nics * linksPerNic);
        var perNic = nic.BytesPerSecond < link.BytesPerSecond * linksPerNic ? nic : link * linksPerNic;
        var scaleOut = perNic * system.NicsPerGpu;

        // Rail-only: one tree per rail (NIC i of every scale-up domain), none across them.
        var endpointsPerDomain = (long)Math.Max(1, Math.Round(system.ScaleUpDomain * system.NicsPerGpu * linksPerNic));
        var trees = topology == FabricTopology.RailOnly ? Math.Max(1, Math.Min(endpointsPerDomain, endpoints)) : 1;
        var treeEndpoints = CeilDiv(endpoints, trees);
        var tiers = TiersFor(treeEndpoints, k, oversubscription);
        var (down, up) = PortSplit(tiers, k, oversubscription);
        var levels = new List<SwitchTier>(tiers);
        var links = treeEndpoints;
        var ports = 0L;
        var endpointsPerNode = (long)Math.Max(1, Math.Round(system.GpusPerNode * system.NicsPerGpu * linksPerNic));
        for (var i = 0; i < tiers; i++)
        {
            var switches = treeEndpoints == 0 ? 0 : CeilDiv(links, down[i]);
            if (i == 0 && topology == FabricTopology.FatTree && tiers > 1 && endpointsPerNode <= down[0] && treeEndpoints > 0)
            {
                // Top-of-rack leaves hold whole nodes: the ports a whole node cannot fill stay empty.
                switches = CeilDiv(CeilDiv(treeEndpoints, endpointsPerNode), down[0] / endpointsPerNode);
            }

            levels.Add(new SwitchTier(TierName(i), switches * trees, down[i], up[i], links * trees));
            ports += links;
            if (i + 1 < tiers)
            {
                var upLinks = (long)Math.Ceiling((links * (double)up[i] / down[i]) - 1e-9);
                ports += upLinks;
                links = upLinks;
            }
        }

        ports *= trees;
        var nativePorts = CeilDiv(ports, breakout);
        var switchModules = CeilDiv(nativePorts, fabric.PortsPerTransceiver);
        var moduleBandwidth = port * fabric.PortsPerTransceiver;
        var nicModuleShare = nic / moduleBandwidth;
        var switchCount = levels.Sum(l => l.Switches);
        var power = (fabric.SwitchPower * switchCount) + (fabric.TransceiverPower * switchModules) + (fabric.TransceiverPower * (nicModuleShare * nics));
        var cost = (fabric.SwitchPrice * switchCount) + (fabric.TransceiverPrice * switchModules) + (fabric.TransceiverPrice * (nicModuleShare * nics));
        var perPod = tiers >= 3 ? (long)down[0] * down[1] : Math.Max(treeEndpoints, 1);
        return new NetworkPlan
        {
            Fabric = fabric,
            Topology = topology,
            Trees = trees,
            Levels = levels,
            Radix = k,
            Breakout = breakout,
            LinkBandwidth = link,
            Endpoints = endpoints,
            Nics = nics,
            Oversubscription = oversubscription,
            Pods = (tiers >= 3 ? CeilDiv(treeEndpoints, perPod) : 1) * trees,
            EndpointsPerPod = perPod,
            SwitchTransceivers = switchModules,
            ScaleOutPerGpu = scaleOut,
            Power = power,
            Cost = cost,
        };
    }

    /// <summary>The most endpoints a tree of <paramref name="tiers"/> tiers of radix-<paramref name="radix"/> switches holds.</summary>
    public static double Capacity(int tiers, int radix, double oversubscription = 1)
    {
        var (down, _) = PortSplit(tiers, radix, oversubscription);
        var capacity = (double)radix;
        for (var i = 0; i < tiers - 1; i++)
        {
            capacity *= down[i];
        }

        return tiers == 1 ? radix : capacity;
    }

    private static int TiersFor(long endpoints, int k, double oversubscription)
    {
        for (var t = 1; t < MaxTiers; t++)
        {
            if (endpoints <= Capacity(t, k, oversubscription))
            {
                return t;
            }
        }

        return MaxTiers;
    }

    // Down and up ports per switch by tier. Leaves and tiers above the pods split their ports evenly; the spine
    // (top of a pod) gives up/(down+up) = 1/(1+oversubscription) of its ports to the tier above; the top tier faces down only.
    private static (int[] Down, int[] Up) PortSplit(int tiers, int k, double oversubscription)
    {
        var down = new int[tiers];
        var up = new int[tiers];
        for (var i = 0; i < tiers; i++)
        {
            if (i == tiers - 1)
            {
                down[i] = k;
                up[i] = 0;
            }
            else if (i == 1)
            {
                up[i] = Math.Max(1, (int)Math.Round(k / (1 + oversubscription)));
                down[i] = k - up[i];
            }
            else
            {
                up[i] = k / 2;
                down[i] = k - up[i];
            }
        }

        return (down, up);
    }

    private static string TierName(int index) => index switch
    {
        0 => "leaf",
        1 => "spine",
        2 => "core",
        3 => "super-core",
        _ => $"tier-{index + 1}",
    };

    // a / b rounded up, for a >= 0 and b > 0 (also used by ClusterPlanner).
    internal static long CeilDiv(long a, long b) => (a + b - 1) / b;
}
