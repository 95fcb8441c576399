using Colossim.Documents;

namespace Colossim.Network;

/// <summary>The latency and bandwidth share of one NCCL protocol (from NCCL's tuner tables).</summary>
/// <param name="BaseMicroseconds">Latency paid once per collective, µs, at least 0.</param>
/// <param name="ScaleUpHopMicroseconds">Latency per step over a scale-up (NVLink) link, µs, at least 0 (scaled per generation).</param>
/// <param name="ScaleOutHopMicroseconds">Latency per step over the scale-out network, µs, at least 0.</param>
/// <param name="BandwidthFraction">Share of a link's payload bandwidth the protocol carries, 0 to 1.</param>
public sealed record ProtocolConstants(double BaseMicroseconds, double ScaleUpHopMicroseconds, double ScaleOutHopMicroseconds, double BandwidthFraction);

/// <summary>Constants of one scale-up (NVLink) generation, fitted once to measured collectives.</summary>
/// <param name="Name">The generation's name (<c>nvlink4</c>).</param>
/// <param name="OverheadMicroseconds">Launch and synchronisation overhead added to every collective, µs, at least 0.</param>
/// <param name="HopScale">Multiplier on the protocols' scale-up hop latency, at least 0.</param>
/// <param name="Efficiency">Share of the scale-up line rate (one direction) the Simple protocol achieves, 0 to 1.</param>
/// <param name="Nvls">Whether the NVSwitch reduces in the switch (NVLink SHARP), so the NVLS algorithm exists.</param>
public sealed record ScaleUpGeneration(string Name, double OverheadMicroseconds, double HopScale, double Efficiency, bool Nvls);

/// <summary>
/// The constants of <see cref="CollectiveModel"/>, with their sources: <c>data/network/defaults.yaml</c>, embedded in
/// the library. Immutable; <see cref="BuiltIn"/> is the shipped file.
/// </summary>
public sealed record NetworkDefaults
{
    private static readonly Lazy<NetworkDefaults> Shipped = new(LoadBuiltIn);

    /// <summary>The shipped constants (<c>data/network/defaults.yaml</c>).</summary>
    public static NetworkDefaults BuiltIn => Shipped.Value;

    /// <summary>LL: low latency, half the bandwidth.</summary>
    public required ProtocolConstants Ll { get; init; }

    /// <summary>LL128: low latency on 128-byte lines.</summary>
    public required ProtocolConstants Ll128 { get; init; }

    /// <summary>Simple: full bandwidth, the highest latency.</summary>
    public required ProtocolConstants Simple { get; init; }

    /// <summary>NVLS (NVLink SHARP) latency paid once, µs.</summary>
    public required double NvlsBaseMicroseconds { get; init; }

    /// <summary>NVLS algorithm bandwidth (bytes reduced per second) as a share of the scale-up line rate, 0 to 1.</summary>
    public required double NvlsAlgorithmBandwidthFraction { get; init; }

    /// <summary>Share of a NIC's line rate the Simple protocol achieves, 0 to 1.</summary>
    public required double ScaleOutEfficiency { get; init; }

    /// <summary>Latency each further switch traversal adds to a scale-out step, µs (two through a spine, four through the core).</summary>
    public required double SwitchHopMicroseconds { get; init; }

    /// <summary>The scale-up generations, each with the GPU ids it covers.</summary>
    public required IReadOnlyList<(ScaleUpGeneration Generation, IReadOnlyList<string> Gpus)> Generations { get; init; }

    /// <summary>Where each constant comes from, by key.</summary>
    public IReadOnlyDictionary<string, string> Sources { get; init; } = new Dictionary<string, string>();

    /// <summary>The constants of a protocol.</summary>
    public ProtocolConstants Protocol(CollectiveProtocol protocol) => protocol switch
    {
        CollectiveProtocol.Ll => Ll,
        CollectiveProtocol.Ll128 => Ll128,
        CollectiveProtocol.Simple => Simple,
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "unknown protocol"),
    };

    /// <summary>
    /// The scale-up generation of a GPU (catalog id); a GPU the file does not list gets the NVLink 4 constants without
    /// NVLink SHARP (a conservative default for other vendors' switches).
    /// </summary>
    public ScaleUpGeneration GenerationOf(string gpuId)
    {
        ArgumentNullException.ThrowIfNull(gpuId);
        ScaleUpGeneration? fallback = null;
        foreach (var (generation, gpus) in Generations)
        {
            foreach (var id in gpus)
            {
                if (string.Equals(id, gpuId, StringComparison.OrdinalIgnoreCase))
                {
                    return generation;
                }
            }

            if (generation.Name == "nvlink4")
            {
                fallback = generation;
            }
        }

        var basis = fallback ?? Generations[0].Generation;
        return basis with { Name = basis.Name + "-without-nvls", Nvls = false };
    }

    /// <summary>Reads constants in the shape of <c>data/network/defaults.yaml</c>; problems are recorded and <see langword="null"/> returned on an error.</summary>
    public static NetworkDefaults? Read(DocNode root, Problems problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (MapReader.From(root, problems, "a mapping with protocols, nvls, scale_out, generations") is not { } r)
        {
            return null;
        }

        var protocols = r.Child("protocols", required: true);
        var ll = protocols is null ? null : ReadProtocol(protocols, "ll");
        var ll128 = protocols is null ? null : ReadProtocol(protocols, "ll128");
        var simple = protocols is null ? null : ReadProtocol(protocols, "simple");
        protocols?.Finish();
        var nvls = r.Child("nvls", required: true);
        var nvlsBase = nvls?.Number("base_us", required: true, max: 1e6);
        var nvlsFraction = nvls?.Number("algorithm_bandwidth_fraction", required: true, min: 1e-3, max: 1, expected: "a fraction");
        nvls?.Finish();
        var scaleOut = r.Child("scale_out", required: true);
        var outEfficiency = scaleOut?.Number("efficiency", required: true, min: 1e-3, max: 1, expected: "a fraction");
        var switchHop = scaleOut?.Number("switch_hop_us", required: true, max: 1e6);
        scaleOut?.Finish();
        var generations = new List<(ScaleUpGeneration, IReadOnlyList<string>)>();
        foreach (var node in r.List("generations", required: true))
        {
            if (MapReader.From(node, problems) is not { } g)
            {
                continue;
            }

            var name = g.Text("name", required: true);
            var gpus = g.List("gpus", required: true).OfType<DocScalar>().Select(s => s.Value).ToList();
            var overhead = g.Number("overhead_us", required: true, max: 1e6);
            var hopScale = g.Number("hop_scale", required: true, max: 1e3);
            var efficiency = g.Number("efficiency", required: true, min: 1e-3, max: 1, expected: "a fraction");
            var hasNvls = g.Bool("nvls", required: true);
            g.Finish();
            if (name is not null && overhead is { } o && hopScale is { } h && efficiency is { } e && hasNvls is { } v)
            {
                generations.Add((new ScaleUpGeneration(name, o, h, e, v), gpus));
            }
        }

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
        if (problems.HasErrors || ll is null || ll128 is null || simple is null || nvlsBase is null || nvlsFraction is null
            || outEfficiency is null || switchHop is null || generations.Count == 0)
        {
            return null;
        }

        return new NetworkDefaults
        {
            Ll = ll,
            Ll128 = ll128,
            Simple = simple,
            NvlsBaseMicroseconds = nvlsBase.Value,
            NvlsAlgorithmBandwidthFraction = nvlsFraction.Value,
            ScaleOutEfficiency = outEfficiency.Value,
            SwitchHopMicroseconds = switchHop.Value,
            Generations = generations,
            Sources = sources,
        };
    }

    private static ProtocolConstants? ReadProtocol(MapReader protocols, string key)
    {
        if (protocols.Child(key, required: true) is not { } p)
        {
            return null;
        }

        var b = p.Number("base_us", required: true, max: 1e6);
        var up = p.Number("scale_up_hop_us", required: true, max: 1e6);
        var outHop = p.Number("scale_out_hop_us", required: true, max: 1e6);
        var fraction = p.Number("bandwidth_fraction", required: true, min: 1e-3, max: 1, expected: "a fraction");
        p.Finish();
        return b is { } bb && up is { } uu && outHop is { } oo && fraction is { } ff ? new ProtocolConstants(bb, uu, oo, ff) : null;
    }

    private static NetworkDefaults LoadBuiltIn()
    {
        var problems = new Problems("data/network/defaults.yaml");
        var bytes = ShippedData.Files("network").Where(f => f.Name == "network/defaults.yaml").Select(f => f.Bytes).FirstOrDefault()
            ?? throw new InvalidOperationException("The built-in network defaults are missing from the assembly.");
        var root = DocReader.Parse(bytes, problems);
        var defaults = root is null ? null : Read(root, problems);

        // The shipped constants are part of the program: a problem in them is a bug, caught by the network tests.
        return defaults is null || problems.Count > 0
            ? throw new InvalidOperationException("The built-in network defaults are invalid: " + string.Join("; ", problems))
            : defaults;
    }
}
