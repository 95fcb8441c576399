using System.Collections.Concurrent;
using Colossim.Performance;
using Colossim.Units;

namespace Colossim.Network;

/// <summary>
/// Collectives over a <see cref="Topology"/> as NCCL runs them: algorithms ring, double binary tree, NVLS and
/// hierarchical, protocols LL, LL128 and Simple, and NCCL's tuner rule (the least predicted time) or a forced algorithm.
/// <para>
/// For a protocol <c>p</c>, a collective costs its overhead (the generation's launch and synchronisation overhead plus
/// the protocol's base latency), a latency per step over the slowest link a step crosses (scale-up hops scaled per
/// generation; scale-out hops plus 0.5 µs per further switch), and the bytes on its busiest link class over that
/// class's bandwidth: the GPU's NVLink line rate times the generation's efficiency, or its NIC's times the scale-out
/// efficiency, times the protocol's bandwidth share; bytes between pods share the pods' (oversubscribed) uplinks max-min
/// fairly with the group's other ranks and any concurrent groups. Link classes
/// work in parallel (the algorithms pipeline), so the busiest one bounds the time. For <c>n</c> ranks, <c>r</c> per
/// scale-up domain and <c>d</c> domains, a ring all-reduce of <c>S</c> bytes moves <c>2(n-1)/n·S</c> through each
/// GPU's NVLink port and <c>2(n-1)/n·S/r</c> through each NIC (the domain's <c>r</c> rails carry <c>r</c> rings).
/// </para>
/// Constants: <see cref="NetworkDefaults"/> (<c>data/network/defaults.yaml</c>). Predictions are cached by group shape,
/// collective, size and algorithm, so a repeated question costs a dictionary lookup. Thread-safe.
/// </summary>
public sealed class CollectiveModel : ICommunication
{
    private const int CacheLimit = 1 << 16;
    private static readonly CollectiveProtocol[] Protocols = [CollectiveProtocol.Ll, CollectiveProtocol.Ll128, CollectiveProtocol.Simple];
    private static readonly CollectiveAlgorithm[] Algorithms = [CollectiveAlgorithm.Ring, CollectiveAlgorithm.Tree, CollectiveAlgorithm.Nvls, CollectiveAlgorithm.Hierarchical];
    private readonly ConcurrentDictionary<Key, CollectivePrediction> _cache = new();
    private int _cached; // entries added since the last clear (ConcurrentDictionary.Count takes every lock)

    /// <summary>Collectives over <paramref name="topology"/> with <paramref name="defaults"/> (the shipped constants when null).</summary>
    public CollectiveModel(Topology topology, NetworkDefaults? defaults = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        Topology = topology;
        Defaults = defaults ?? NetworkDefaults.BuiltIn;
        Generation = topology.Generation ?? Defaults.GenerationOf("");
    }

    /// <summary>The network the ranks are on.</summary>
    public Topology Topology { get; }

    /// <summary>The constants.</summary>
    public NetworkDefaults Defaults { get; }

    /// <summary>The scale-up generation of the topology's GPUs.</summary>
    public ScaleUpGeneration Generation { get; }

    /// <inheritdoc/>
    public Duration Time(Collective collective, Bytes perRank, CommGroup group) => Predict(collective, perRank, group).Time;

    /// <summary>
    /// Whether <paramref name="algorithm"/> can run <paramref name="collective"/> on <paramref name="group"/>; when not,
    /// <paramref name="reason"/> says why in words for a person. Auto and ring always can.
    /// </summary>
    public bool CanRun(Collective collective, CommGroup group, CollectiveAlgorithm algorithm, out string reason)
    {
        ArgumentNullException.ThrowIfNull(group);
        reason = "";
        switch (algorithm)
        {
            case CollectiveAlgorithm.Tree when collective != Collective.AllReduce:
                reason = "the tree algorithm runs all-reduce only";
                return false;
            case CollectiveAlgorithm.Nvls when collective != Collective.AllReduce:
                reason = "NVLS runs all-reduce only";
                return false;
            case CollectiveAlgorithm.Nvls when !Generation.Nvls:
                reason = $"NVLS needs NVLink SHARP (NVSwitch of the Hopper generation or later); this system's scale-up ({Generation.Name}) has none";
                return false;
            case CollectiveAlgorithm.Nvls when group.CrossesScaleOut:
                reason = $"NVLS reduces inside one scale-up domain of {Topology.GpusPerScaleUpDomain} GPUs; the group spans {group.ScaleUpDomains}";
                return false;
            case CollectiveAlgorithm.Hierarchical when collective is not (Collective.AllReduce or Collective.ReduceScatter or Collective.AllGather):
                reason = "the hierarchical algorithm runs all-reduce, reduce-scatter and all-gather";
                return false;
            case CollectiveAlgorithm.Hierarchical when !group.CrossesScaleOut || group.RanksPerScaleUpDomain < 2:
                reason = "the hierarchical algorithm needs at least 2 ranks in each of at least 2 scale-up domains";
                return false;
            default:
                return true;
        }
    }

    /// <summary>
    /// The predicted collective: with <see cref="CollectiveAlgorithm.Auto"/>, the algorithm and protocol with the least
    /// time; otherwise the forced algorithm with its fastest protocol. Throws when a forced algorithm cannot run (ask
    /// <see cref="CanRun"/> first).
    /// </summary>
    /// <param name="collective">The operation.</param>
    /// <param name="perRank">Bytes per rank, at least 0.</param>
    /// <param name="group">Where the ranks are.</param>
    /// <param name="algorithm">Auto or a forced algorithm.</param>
    /// <param name="concurrentGroups">
    /// Groups of this shape running the same collective at the same time on other GPUs (the data-parallel groups of the
    /// other tensor and pipeline ranks), at least 1: their traffic between pods shares each pod's uplinks, max-min fairly.
    /// </param>
    public CollectivePrediction Predict(Collective collective, Bytes perRank, CommGroup group, CollectiveAlgorithm algorithm = CollectiveAlgorithm.Auto, int concurrentGroups = 1)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrentGroups, 1);
        if (!(perRank.Value >= 0) || double.IsInfinity(perRank.Value))
        {
            throw new ArgumentOutOfRangeException(nameof(perRank), perRank, "expected a finite size of at least 0 bytes");
        }

        var key = new Key(collective, perRank.Value, group.Ranks, group.RanksPerScaleUpDomain, group.ScaleUpDomains, group.Leaves, group.Pods, algorithm, concurrentGroups);
        if (_cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        if (!CanRun(collective, group, algorithm, out var reason))
        {
            throw new ArgumentException(reason, nameof(algorithm));
        }

        var prediction = Compute(collective, perRank, group, algorithm, concurrentGroups);
        if (Interlocked.Increment(ref _cached) > CacheLimit)
        {
            _cache.Clear();
            Interlocked.Exchange(ref _cached, 1);
        }

        _cache[key] = prediction;
        return prediction;
    }

    private CollectivePrediction Compute(Collective collective, Bytes perRank, CommGroup group, CollectiveAlgorithm algorithm, int concurrentGroups)
    {
        if (group.Ranks <= 1 || perRank.Value == 0)
        {
            return new CollectivePrediction
            {
                Collective = collective,
                Bytes = perRank,
                Ranks = group.Ranks,
                Time = Duration.Zero,
                Algorithm = algorithm == CollectiveAlgorithm.Auto ? CollectiveAlgorithm.Ring : algorithm,
                Protocol = CollectiveProtocol.Simple,
                Bottleneck = LinkClass.ScaleUp,
            };
        }

        var best = new Cost(double.PositiveInfinity, 0, LinkClass.ScaleUp);
        var bestAlgorithm = CollectiveAlgorithm.Ring;
        var bestProtocol = CollectiveProtocol.Simple;
        foreach (var a in Algorithms)
        {
            if ((algorithm != CollectiveAlgorithm.Auto && a != algorithm) || !CanRun(collective, group, a, out _))
            {
                continue;
            }

            foreach (var p in Protocols)
            {
                var cost = Evaluate(collective, perRank.Value, group, a, p, concurrentGroups);
                if (cost.Total < best.Total)
                {
                    (best, bestAlgorithm, bestProtocol) = (cost, a, p);
                }
            }
        }

        return new CollectivePrediction
        {
            Collective = collective,
            Bytes = perRank,
            Ranks = group.Ranks,
            Time = Duration.FromSeconds(best.Total),
            Algorithm = bestAlgorithm,
            Protocol = bestProtocol,
            Bottleneck = best.Bottleneck,
        };
    }

    /// <summary>Seconds of latency and of bytes, and the busiest link class; infinite when the pair cannot run.</summary>
    private Cost Evaluate(Collective collective, double bytes, CommGroup group, CollectiveAlgorithm algorithm, CollectiveProtocol protocol, int concurrent)
    {
        switch (algorithm)
        {
            case CollectiveAlgorithm.Nvls:
                if (protocol != CollectiveProtocol.Simple)
                {
                    return Cost.Impossible;
                }

                var nvlsBandwidth = Topology.ScaleUpPerGpu.BytesPerSecond * Defaults.NvlsAlgorithmBandwidthFraction;
                return new Cost((Generation.OverheadMicroseconds + Defaults.NvlsBaseMicroseconds) * 1e-6, bytes / nvlsBandwidth, LinkClass.ScaleUp);
            case CollectiveAlgorithm.Hierarchical:
                return Hierarchical(collective, bytes, group, protocol, concurrent);
            default:
                return Flat(collective, bytes, group, algorithm, protocol, concurrent);
        }
    }

    private Cost Hierarchical(Collective collective, double bytes, CommGroup group, CollectiveProtocol protocol, int concurrent)
    {
        var r = group.RanksPerScaleUpDomain;
        var inside = CommGroup.InOneScaleUpDomain(r);
        var across = group with { Ranks = group.ScaleUpDomains, RanksPerScaleUpDomain = 1 };
        var slice = bytes / r;
        var overhead = Overhead(protocol);
        Cost acrossCost;
        if (collective == Collective.AllReduce)
        {
            var ring = Flat(Collective.AllReduce, slice, across, CollectiveAlgorithm.Ring, protocol, r * concurrent);
            var tree = Flat(Collective.AllReduce, slice, across, CollectiveAlgorithm.Tree, protocol, r * concurrent);
            acrossCost = tree.Total < ring.Total ? tree : ring;
            var scatter = Flat(Collective.ReduceScatter, bytes, inside, CollectiveAlgorithm.Ring, protocol, 1);
            var gather = Flat(Collective.AllGather, bytes, inside, CollectiveAlgorithm.Ring, protocol, 1);
            return Sum(scatter, acrossCost, gather, overhead);
        }

        acrossCost = Flat(collective, slice, across, CollectiveAlgorithm.Ring, protocol, r * concurrent);
        var local = Flat(collective, bytes, inside, CollectiveAlgorithm.Ring, protocol, 1);
        return Sum(local, acrossCost, new Cost(overhead, 0, LinkClass.ScaleUp), overhead);
    }

    /// <summary>Phases run one after the other; each phase's overhead is paid once in total, not per phase.</summary>
    private static Cost Sum(Cost a, Cost b, Cost c, double overhead)
    {
        var latency = a.Latency + b.Latency + c.Latency - (2 * overhead);
        var upBytes = (a.Bottleneck == LinkClass.ScaleUp ? a.Bandwidth : 0) + (b.Bottleneck == LinkClass.ScaleUp ? b.Bandwidth : 0) + (c.Bottleneck == LinkClass.ScaleUp ? c.Bandwidth : 0);
        var outBytes = a.Bandwidth + b.Bandwidth + c.Bandwidth - upBytes;
        var bottleneck = upBytes >= outBytes ? LinkClass.ScaleUp : (a.Bottleneck == LinkClass.Core || b.Bottleneck == LinkClass.Core || c.Bottleneck == LinkClass.Core ? LinkClass.Core : LinkClass.ScaleOut);
        return new Cost(latency, a.Bandwidth + b.Bandwidth + c.Bandwidth, bottleneck);
    }

    private double Overhead(CollectiveProtocol protocol) => (Generation.OverheadMicroseconds + Defaults.Protocol(protocol).BaseMicroseconds) * 1e-6;

    private Cost Flat(Collective collective, double bytes, CommGroup group, CollectiveAlgorithm algorithm, CollectiveProtocol protocol, int concurrent)
    {
        var p = Defaults.Protocol(protocol);
        int n = group.Ranks, r = group.RanksPerScaleUpDomain, d = group.ScaleUpDomains;
        var crossesPods = group.Pods > 1;
        var upHop = Generation.HopScale * p.ScaleUpHopMicroseconds;
        var switchHops = crossesPods ? 4 : group.Leaves > 1 ? 2 : 0;
        var outHop = p.ScaleOutHopMicroseconds + (switchHops * Defaults.SwitchHopMicroseconds);
        var upRate = Topology.ScaleUpPerGpu.BytesPerSecond * Generation.Efficiency * p.BandwidthFraction;
        var outRate = Topology.ScaleOutPerGpu.BytesPerSecond * Defaults.ScaleOutEfficiency * p.BandwidthFraction;
        var core = crossesPods ? CoreShare(collective, group, outRate, concurrent) : default;
        var share = (n - 1) / (double)n;
        double steps, hop, upBytes, outBytes;
        if (algorithm == CollectiveAlgorithm.Tree)
        {
            if (collective != Collective.AllReduce)
            {
                return Cost.Impossible;
            }

            // A chain inside each domain, up then down; binary trees across domains, up then down.
            var depth = d > 1 ? Math.Ceiling(Math.Log2(d)) : 0;
            var latencyTree = Overhead(protocol) + (2 * (((r - 1) * upHop) + (depth * outHop)) * 1e-6);
            upBytes = r > 1 ? 2 * bytes : 0;
            outBytes = d > 1 ? 2 * bytes / r : 0;
            return Bound(latencyTree, upBytes, upRate, outBytes, outRate, core);
        }

        hop = d > 1 ? outHop : upHop;
        switch (collective)
        {
            case Collective.AllReduce:
                steps = 2 * (n - 1);
                upBytes = 2 * share * bytes;
                outBytes = upBytes / r;
                break;
            case Collective.ReduceScatter or Collective.AllGather:
                steps = n - 1;
                upBytes = share * bytes;
                outBytes = upBytes / r;
                break;
            case Collective.Broadcast:
                steps = n - 1;
                upBytes = bytes;
                outBytes = bytes / r;
                break;
            case Collective.SendRecv:
                steps = 1;
                upBytes = bytes;
                outBytes = bytes;
                break;
            case Collective.AllToAll:
                // Every rank sends 1/n of its buffer to each other rank: to its domain over NVLink, to the rest over its NIC.
                steps = n - 1;
                upBytes = (r - 1) / (double)n * bytes;
                outBytes = (n - r) / (double)n * bytes;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(collective), collective, "unknown collective");
        }

        if (d <= 1)
        {
            outBytes = 0;
        }
        else if (r <= 1 && collective != Collective.AllToAll)
        {
            upBytes = 0;
        }

        var latency = Overhead(protocol) + (steps * hop * 1e-6);
        return Bound(latency, upBytes, upRate, outBytes, outRate, core);
    }

    /// <summary>
    /// The share of a pod's uplinks one GPU's traffic between pods gets, and the fraction of its NIC bytes that leave
    /// the pod. Each pod's uplinks carry <c>GPUs per pod × NIC ÷ oversubscription</c>; the group's ranks in the pod,
    /// times the concurrent groups, each send one flow through its own NIC and those uplinks. Identical flows, so the
    /// max-min fair rate (<see cref="FlowSharing.MaxMinRates"/>) is the uplinks over the flows, at most the NIC: no
    /// solver runs on this path. All-to-all sends (pods − 1)/pods of its bytes out of the pod; a ring or tree ordered by
    /// pod crosses between pods only at the pods' boundaries, pods/domains of its hops.
    /// </summary>
    private CoreLimit CoreShare(Collective collective, CommGroup group, double nicRate, int concurrent)
    {
        var pods = group.Pods;
        var flows = (double)((group.Ranks + pods - 1) / pods) * concurrent;
        var uplinks = Topology.GpusPerPod * nicRate / Topology.Oversubscription;
        var rate = Math.Min(nicRate, uplinks / flows);
        var fraction = collective == Collective.AllToAll ? (pods - 1) / (double)pods : Math.Min(1.0, pods / (double)group.ScaleUpDomains);
        return new CoreLimit(rate, fraction);
    }

    private static Cost Bound(double latency, double upBytes, double upRate, double outBytes, double outRate, CoreLimit core)
    {
        var up = upBytes > 0 ? upBytes / upRate : 0;
        var across = outBytes > 0 ? (outRate > 0 ? outBytes / outRate : double.PositiveInfinity) : 0;
        var through = outBytes > 0 && core.Fraction > 0 ? (core.Rate > 0 ? outBytes * core.Fraction / core.Rate : double.PositiveInfinity) : 0;
        return through > across && through > up ? new Cost(latency, through, LinkClass.Core)
            : across > up ? new Cost(latency, across, LinkClass.ScaleOut)
            : new Cost(latency, up, LinkClass.ScaleUp);
    }

    private readonly record struct CoreLimit(double Rate, double Fraction);

    private readonly record struct Cost(double Latency, double Bandwidth, LinkClass Bottleneck)
    {
        public static Cost Impossible => new(double.PositiveInfinity, 0, LinkClass.ScaleUp);

        public double Total => Latency + Bandwidth;
    }

    private readonly record struct Key(Collective Collective, double Bytes, int Ranks, int PerDomain, int Domains, int Leaves, int Pods, CollectiveAlgorithm Algorithm, int Concurrent);
}
