using Colossim.Documents;
using Colossim.Performance;
using Colossim.Units;

namespace Colossim.Network;

/// <summary>Which kernels a serving engine's tensor-parallel all-reduces run.</summary>
public enum TensorParallelAllReduce
{
    /// <summary>
    /// The engine's own one-shot/two-shot kernels inside its CUDA graph (TensorRT-LLM's custom all-reduce, vLLM's and
    /// SGLang's), NCCL where that is quicker or the buffer is too large: <see cref="InGraphAllReduce"/>.
    /// </summary>
    InGraph,

    /// <summary>NCCL only, through its launch path (<see cref="CollectiveModel"/>): engines before custom all-reduce kernels (vLLM before December 2023).</summary>
    Nccl,
}

/// <summary>
/// The constants of <see cref="InGraphAllReduce"/>, with their sources: <c>data/network/in-graph.yaml</c>, embedded in
/// the library. Immutable; <see cref="BuiltIn"/> is the shipped file.
/// </summary>
public sealed record InGraphAllReduceConstants
{
    private static readonly Lazy<InGraphAllReduceConstants> Shipped = new(LoadBuiltIn);

    /// <summary>The shipped constants (<c>data/network/in-graph.yaml</c>).</summary>
    public static InGraphAllReduceConstants BuiltIn => Shipped.Value;

    /// <summary>Latency of a one-shot all-reduce of no bytes among 2 ranks (launch inside the graph, one barrier), µs, at least 0.</summary>
    public required double OneShotBaseMicroseconds { get; init; }

    /// <summary>Latency each rank beyond 2 adds to a barrier, µs, at least 0.</summary>
    public required double PerRankMicroseconds { get; init; }

    /// <summary>Share of the scale-up line rate (one direction) the kernels' peer reads achieve, 0 to 1.</summary>
    public required double LinkEfficiency { get; init; }

    /// <summary>Barriers of a two-shot all-reduce, each costing the one-shot latency, at least 1.</summary>
    public required int TwoShotBarriers { get; init; }

    /// <summary>The largest buffer per rank the custom kernels take; larger ones go to NCCL.</summary>
    public required Bytes MaxBytes { get; init; }

    /// <summary>The most ranks the custom kernels take (all in one NVLink domain), at least 2.</summary>
    public required int MaxRanks { get; init; }

    /// <summary>Where each constant comes from, by key.</summary>
    public IReadOnlyDictionary<string, string> Sources { get; init; } = new Dictionary<string, string>();

    /// <summary>Reads constants in the shape of <c>data/network/in-graph.yaml</c>; problems are recorded and <see langword="null"/> returned on an error.</summary>
    public static InGraphAllReduceConstants? Read(DocNode root, Problems problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (MapReader.From(root, problems, "a mapping with one_shot_base_us, per_rank_us, link_efficiency, two_shot_barriers, max_bytes, max_ranks") is not { } r)
        {
            return null;
        }

        var baseUs = r.Number("one_shot_base_us", required: true, max: 1e6);
        var perRank = r.Number("per_rank_us", required: true, max: 1e6);
        var efficiency = r.Number("link_efficiency", required: true, min: 1e-3, max: 1, expected: "a fraction");
        var barriers = r.Count("two_shot_barriers", required: true, min: 1, max: 16);
        var maxBytes = r.Whole("max_bytes", required: true, min: 1, max: 1L << 40);
        var maxRanks = r.Count("max_ranks", required: true, min: 2, max: 1024);
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        if (r.Child("sources") is { } s)
        {
            foreach (var (key, _) in s.Map.Entries)
            {
                if (s.Text(key) is { } text)
                {
                    sources[key] = text;
                }
            }
        }

        r.Finish();
        if (problems.HasErrors || baseUs is null || perRank is null || efficiency is null || barriers is null || maxBytes is null || maxRanks is null)
        {
            return null;
        }

        return new InGraphAllReduceConstants
        {
            OneShotBaseMicroseconds = baseUs.Value,
            PerRankMicroseconds = perRank.Value,
            LinkEfficiency = efficiency.Value,
            TwoShotBarriers = barriers.Value,
            MaxBytes = new Bytes(maxBytes.Value),
            MaxRanks = maxRanks.Value,
            Sources = sources,
        };
    }

    private static InGraphAllReduceConstants LoadBuiltIn()
    {
        var problems = new Problems("data/network/in-graph.yaml");
        var bytes = ShippedData.Files("network").Where(f => f.Name == "network/in-graph.yaml").Select(f => f.Bytes).FirstOrDefault()
            ?? throw new InvalidOperationException("The built-in in-graph all-reduce constants are missing from the assembly.");
        var root = DocReader.Parse(bytes, problems);
        var constants = root is null ? null : Read(root, problems);

        // The shipped constants are part of the program: a problem in them is a bug, caught by the network tests.
        return constants is null || problems.Count > 0
            ? throw new InvalidOperationException("The built-in in-graph all-reduce constants are invalid: " + string.Join("; ", problems))
            : constants;
    }
}

/// <summary>
/// Tensor-parallel all-reduces as serving engines run them inside their CUDA graphs (TensorRT-LLM's custom all-reduce,
/// vLLM's and SGLang's): for <c>n</c> ranks of one NVLink domain and <c>S</c> bytes per rank, a one-shot kernel costs
/// <c>α(n) + (n−1)·S / (B·e)</c> (every rank reads every peer's buffer through its NVLink port of <c>B</c> bytes/s one
/// way, at efficiency <c>e</c>), a two-shot kernel <c>k·α(n) + 2(n−1)/n·S / (B·e)</c> (reduce-scatter then
/// all-gather, <c>k</c> barriers), with <c>α(n) = α₂ + (n−2)·δ</c>. The engine takes the least of the two and NCCL's
/// time (<see cref="CollectiveModel"/>); a buffer above the kernels' limit, more ranks than they take, a group that
/// leaves its NVLink domain, and every other collective go to NCCL. Constants: <see cref="InGraphAllReduceConstants"/>.
/// Thread-safe (the NCCL model caches; this adds arithmetic).
/// </summary>
public sealed class InGraphAllReduce : ICommunication
{
    /// <summary>In-graph all-reduces over <paramref name="nccl"/>'s topology, NCCL's times from it; <paramref name="constants"/> the shipped ones when null.</summary>
    public InGraphAllReduce(CollectiveModel nccl, InGraphAllReduceConstants? constants = null)
    {
        ArgumentNullException.ThrowIfNull(nccl);
        Nccl = nccl;
        Constants = constants ?? InGraphAllReduceConstants.BuiltIn;
    }

    /// <summary>NCCL's collectives over the same topology: the fallback and the third choice.</summary>
    public CollectiveModel Nccl { get; }

    /// <summary>The kernels' constants.</summary>
    public InGraphAllReduceConstants Constants { get; }

    /// <inheritdoc/>
    public Duration Time(Collective collective, Bytes perRank, CommGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var nccl = Nccl.Time(collective, perRank, group);
        return Kernel(collective, perRank, group) is { } custom && custom < nccl ? custom : nccl;
    }

    /// <summary>
    /// The quicker of the one-shot and two-shot kernels for this all-reduce, or <see langword="null"/> where the
    /// engine cannot run them (not an all-reduce, one rank, more than <see cref="InGraphAllReduceConstants.MaxRanks"/>,
    /// across NVLink domains, a buffer above <see cref="InGraphAllReduceConstants.MaxBytes"/>).
    /// </summary>
    public Duration? Kernel(Collective collective, Bytes perRank, CommGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentOutOfRangeException.ThrowIfLessThan(perRank.Value, 0.0, nameof(perRank));
        var n = group.Ranks;
        if (collective != Collective.AllReduce || n < 2 || n > Constants.MaxRanks || group.CrossesScaleOut || perRank > Constants.MaxBytes)
        {
            return null;
        }

        var rate = Nccl.Topology.ScaleUpPerGpu.BytesPerSecond * Constants.LinkEfficiency;
        var alpha = Constants.OneShotBaseMicroseconds + ((n - 2) * Constants.PerRankMicroseconds);
        var oneShot = alpha + ((n - 1) * perRank.Value / rate * 1e6);
        var twoShot = (Constants.TwoShotBarriers * alpha) + (2.0 * (n - 1) / n * perRank.Value / rate * 1e6);
        return Duration.FromMicroseconds(Math.Min(oneShot, twoShot));
    }
}
