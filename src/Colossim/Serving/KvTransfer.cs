using Colossim.Network;
using Colossim.Performance;
using Colossim.Units;

namespace Colossim.Serving;

/// <summary>
/// How long a request's KV cache takes to move from a prefill replica to a decode replica. Every GPU of the prefill
/// replica sends its shard (its tensor-parallel heads of its pipeline stage's layers) to the GPU of the same rank in
/// the decode replica, all ranks at once, so the time is one GPU's shard over one GPU's link.
/// </summary>
public interface IKvTransferCost
{
    /// <summary>The time to move <paramref name="perGpu"/> bytes from each GPU of prefill replica <paramref name="prefill"/> to its peer in decode replica <paramref name="decode"/>.</summary>
    /// <param name="prefill">The prefill replica, 0 to the prefill pool's size − 1.</param>
    /// <param name="decode">The decode replica, 0 to the decode pool's size − 1.</param>
    /// <param name="perGpu">Bytes each GPU sends, at least 0.</param>
    Duration Time(int prefill, int decode, Bytes perGpu);
}

/// <summary>A transfer at a fixed latency and bandwidth between every pair of replicas (for tests and hand checks).</summary>
/// <param name="Latency">The time of an empty transfer, at least 0.</param>
/// <param name="Bandwidth">Bytes per second of each GPU's link, above 0.</param>
public sealed record FixedKvTransfer(Duration Latency, Bandwidth Bandwidth) : IKvTransferCost
{
    /// <inheritdoc/>
    public Duration Time(int prefill, int decode, Bytes perGpu) => Latency + (perGpu / Bandwidth);
}

/// <summary>
/// The transfer priced by the Network layer's send/recv over the planned site: replicas are laid out on consecutive
/// GPUs, the prefill pool first, then the decode pool; two peers in one scale-up (NVLink) domain send over NVLink,
/// others over their scale-out NICs (through a leaf, a spine or the core as their positions require).
/// </summary>
public sealed class FabricKvTransfer : IKvTransferCost
{
    private readonly CollectiveModel _network;
    private readonly Topology _topology;
    private readonly int _prefillReplicas;
    private readonly int _gpusPerReplica;

    /// <summary>A transfer over <paramref name="network"/>'s topology for pools of replicas of <paramref name="gpusPerReplica"/> GPUs.</summary>
    /// <param name="network">The site's collective model.</param>
    /// <param name="prefillReplicas">Replicas of the prefill pool, at least 1; they take the first GPUs.</param>
    /// <param name="gpusPerReplica">GPUs per replica (tp × pp), at least 1.</param>
    public FabricKvTransfer(CollectiveModel network, int prefillReplicas, int gpusPerReplica)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentOutOfRangeException.ThrowIfLessThan(prefillReplicas, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(gpusPerReplica, 1);
        _network = network;
        _topology = network.Topology;
        _prefillReplicas = prefillReplicas;
        _gpusPerReplica = gpusPerReplica;
    }

    /// <inheritdoc/>
    public Duration Time(int prefill, int decode, Bytes perGpu) => _network.Time(Collective.SendRecv, perGpu, Pair(prefill, decode));

    /// <summary>Where the first GPUs of prefill replica <paramref name="prefill"/> and decode replica <paramref name="decode"/> are, as a group of two ranks.</summary>
    public CommGroup Pair(int prefill, int decode)
    {
        var a = (long)prefill * _gpusPerReplica;
        var b = ((long)_prefillReplicas + decode) * _gpusPerReplica;
        var t = _topology;
        var domain = a / t.GpusPerScaleUpDomain == b / t.GpusPerScaleUpDomain;
        if (domain)
        {
            return CommGroup.InOneScaleUpDomain(2);
        }

        return new CommGroup
        {
            Ranks = 2,
            RanksPerScaleUpDomain = 1,
            ScaleUpDomains = 2,
            Nodes = 2,
            Leaves = a / t.GpusPerLeaf == b / t.GpusPerLeaf ? 1 : 2,
            Pods = a / t.GpusPerPod == b / t.GpusPerPod ? 1 : 2,
        };
    }
}

/// <summary>When a request's KV cache leaves its prefill replica.</summary>
public enum KvTransferMode
{
    /// <summary>
    /// The whole cache after the prefill has ended, in one transfer (DistServe: the decode instance migrates a
    /// request's blocks once its prefill is done).
    /// </summary>
    AfterPrefill,

    /// <summary>
    /// Layer by layer (Splitwise): each layer's cache is sent as soon as the request's last prefill iteration has
    /// computed that layer, overlapping the later layers' computation; only what is not hidden delays the first decode.
    /// </summary>
    Layerwise,
}

/// <summary>A deployment split into a prefill pool and a decode pool (Splitwise, DistServe), with the KV transfer between them.</summary>
public sealed record Disaggregation
{
    /// <summary>Replicas that only run prefills, at least 1.</summary>
    public required int PrefillReplicas { get; init; }

    /// <summary>Replicas that only run decodes, at least 1.</summary>
    public required int DecodeReplicas { get; init; }

    /// <summary>KV-cache bytes per token held by one GPU (its tensor-parallel shard of its stage's layers): what each GPU sends per prompt token.</summary>
    public required Bytes KvBytesPerTokenPerGpu { get; init; }

    /// <summary>How long a transfer takes between two replicas.</summary>
    public required IKvTransferCost Transfer { get; init; }

    /// <summary>When the KV cache leaves the prefill replica: after the prefill (the default) or layer by layer.</summary>
    public KvTransferMode Mode { get; init; }

    /// <summary>Layers whose KV cache each GPU holds (the model's layers ÷ pipeline stages, rounded up), at least 1: the pieces of a layer-wise transfer.</summary>
    public int LayersPerGpu { get; init; } = 1;
}

/// <summary>What the disaggregated pools did: the KV transfers and each pool's busy share.</summary>
public sealed record DisaggregationResult
{
    /// <summary>Replicas of the prefill pool.</summary>
    public required int PrefillReplicas { get; init; }

    /// <summary>Replicas of the decode pool.</summary>
    public required int DecodeReplicas { get; init; }

    /// <summary>Time on the wire of each transfer, from its start (under a layer-wise transfer, its first layer's, during the prefill) to the KV's arrival on the decode replica.</summary>
    public required LatencySummary KvTransfer { get; init; }

    /// <summary>Time from the end of a request's prefill to the start of its transfer (0 when it started during the prefill): waiting for the decode replica's KV cache, batch slots or links.</summary>
    public required LatencySummary TransferWait { get; init; }

    /// <summary>Mean bytes one request's KV moves over the fabric (all GPUs of the replica together), 0 without transfers.</summary>
    public required Bytes KvBytesPerRequest { get; init; }

    /// <summary>Transfers completed.</summary>
    public required long Transfers { get; init; }

    /// <summary>Share (0-1) of prefill-replica time spent running iterations.</summary>
    public required double PrefillBusy { get; init; }

    /// <summary>Share (0-1) of decode-replica time spent running iterations.</summary>
    public required double DecodeBusy { get; init; }
}
