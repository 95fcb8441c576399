using Colossim.Documents;

namespace Colossim.Catalog;

/// <summary>Binds catalog entries (the snake_case schema of the files in <c>data/catalog/</c>) to records, collecting problems.</summary>
public static class CatalogReader
{
    /// <summary>Reads one GPU entry.</summary>
    public static GpuSpec? ReadGpu(MapReader r)
    {
        var id = r.Text("id", required: true);
        var bf16 = r.FlopRate("dense_bf16", required: true);
        var capacity = r.Bytes("hbm_capacity", required: true);
        var bandwidth = r.Bandwidth("hbm_bandwidth", required: true);
        var tdp = r.Watts("tdp", required: true);
        var spec = new GpuSpec
        {
            Id = id ?? "",
            Name = r.Text("name") ?? id ?? "",
            Vendor = r.Text("vendor") ?? "unknown",
            DenseBf16 = bf16 ?? default,
            DenseFp8 = r.FlopRate("dense_fp8"),
            DenseFp4 = r.FlopRate("dense_fp4"),
            DenseTf32 = r.FlopRate("dense_tf32"),
            HbmCapacity = capacity ?? default,
            HbmBandwidth = bandwidth ?? default,
            ScaleUpBandwidth = r.Bandwidth("scale_up_bandwidth", required: true) ?? default,
            ScaleUpDomain = r.Count("scale_up_domain", required: true, min: 1, max: 1_000_000) ?? 1,
            Tdp = tdp ?? default,
            IdlePower = r.Watts("idle_power"),
            ComputeUnits = r.Count("compute_units", min: 1),
            Price = r.Usd("price", required: true) ?? default,
            Sources = ReadSources(r),
        };
        Positive(r, "dense_bf16", bf16?.FlopsPerSecond);
        Positive(r, "hbm_capacity", capacity?.Value);
        Positive(r, "hbm_bandwidth", bandwidth?.BytesPerSecond);
        Positive(r, "tdp", tdp?.Value);
        r.Finish();
        return id is null ? null : spec;
    }

    /// <summary>Reads one system entry.</summary>
    public static SystemSpec? ReadSystem(MapReader r)
    {
        var id = r.Text("id", required: true);
        var spec = new SystemSpec
        {
            Id = id ?? "",
            Name = r.Text("name") ?? id ?? "",
            Gpu = r.Text("gpu", required: true) ?? "",
            GpusPerNode = r.Count("gpus_per_node", required: true, min: 1, max: 1024) ?? 1,
            GpusPerRack = r.Count("gpus_per_rack", required: true, min: 1, max: 4096) ?? 1,
            NodePower = r.Watts("node_power", required: true) ?? default,
            NicsPerGpu = r.Number("nics_per_gpu", required: true, min: 0, max: 64) ?? 1,
            NicBandwidth = r.Bandwidth("nic_bandwidth", required: true) ?? default,
            ScaleUpDomain = r.Count("scale_up_domain", required: true, min: 1, max: 1_000_000) ?? 1,
            NodePrice = r.Usd("node_price", required: true) ?? default,
            ScalableUnitGpus = r.Count("scalable_unit_gpus", min: 1, max: 1_000_000),
            Cooling = r.Choice("cooling", ["air", "liquid"]),
            Sources = ReadSources(r),
        };
        if (spec.GpusPerRack % spec.GpusPerNode != 0)
        {
            r.Error("gpus_per_rack", $"expected a multiple of gpus_per_node ({spec.GpusPerNode}), found {spec.GpusPerRack}");
        }

        r.Finish();
        return id is null ? null : spec;
    }

    /// <summary>Reads one fabric (switch family) entry.</summary>
    public static FabricSpec? ReadFabric(MapReader r)
    {
        var id = r.Text("id", required: true);
        var spec = new FabricSpec
        {
            Id = id ?? "",
            Name = r.Text("name") ?? id ?? "",
            Kind = r.Choice("kind", ["infiniband", "ethernet"], required: true) ?? "",
            Radix = r.Count("radix", required: true, min: 2, max: 4096) ?? 2,
            PortBandwidth = r.Bandwidth("port_bandwidth", required: true) ?? default,
            SwitchPower = r.Watts("switch_power", required: true) ?? default,
            SwitchPrice = r.Usd("switch_price", required: true) ?? default,
            TransceiverPrice = r.Usd("transceiver_price", required: true) ?? default,
            TransceiverPower = r.Watts("transceiver_power", required: true) ?? default,
            MaxBreakout = r.Count("max_breakout", min: 1, max: 16) ?? 1,
            PortsPerTransceiver = r.Count("ports_per_transceiver", min: 1, max: 16) ?? 1,
            Sources = ReadSources(r),
        };
        r.Finish();
        return id is null ? null : spec;
    }

    /// <summary>Reads one model architecture entry, checking that the shape is consistent.</summary>
    /// <remarks>Cross-field checks only compare values that were given and valid, so one mistake is reported once.</remarks>
    public static ModelSpec? ReadModel(MapReader r)
    {
        var name = r.Text("name", required: true);
        var layers = r.Count("layers", required: true, min: 1, max: 100_000);
        var hidden = r.Count("hidden_size", required: true, min: 1, max: 1 << 20);
        var heads = r.Count("attention_heads", required: true, min: 1, max: 1 << 14);
        var kvHeads = r.Count("kv_heads", min: 1, max: 1 << 14);
        var experts = r.Count("experts", min: 0, max: 1 << 14);
        var moe = experts > 0;
        var expertsInvalid = experts is null && r.Has("experts");
        var active = r.Count("active_experts", required: moe, min: 1, max: 1 << 14);
        var shared = r.Count("shared_experts", min: 0, max: 1 << 14);
        var expertFfn = r.Count("expert_ffn_hidden_size", required: moe, min: 1, max: 1 << 24);
        var dense = r.Count("dense_layers", min: 0, max: 100_000);
        var spec = new ModelSpec
        {
            Name = name ?? "",
            Layers = layers ?? 1,
            HiddenSize = hidden ?? 1,
            AttentionHeads = heads ?? 1,
            KvHeads = kvHeads ?? heads ?? 1,
            HeadDim = r.Count("head_dim", min: 1, max: 1 << 16) ?? (hidden is { } h && heads is { } n && n > 0 ? h / n : 1),
            FfnHiddenSize = r.Count("ffn_hidden_size", required: !moe && !expertsInvalid, min: 1, max: 1 << 24) ?? 0,
            Mlp = r.Choice("mlp", ["swiglu", "gelu"]) is "gelu" ? MlpKind.Gelu : MlpKind.SwiGlu,
            VocabSize = r.Count("vocab_size", required: true, min: 1, max: 1 << 26) ?? 1,
            TiedEmbeddings = r.Bool("tied_embeddings") ?? false,
            Experts = experts ?? 0,
            ActiveExperts = active ?? 0,
            SharedExperts = shared ?? 0,
            ExpertFfnHiddenSize = expertFfn ?? 0,
            DenseLayers = dense ?? 0,
            KvLoraRank = r.Count("kv_lora_rank", min: 0, max: 1 << 16) ?? 0,
            QLoraRank = r.Count("q_lora_rank", min: 0, max: 1 << 16) ?? 0,
            QkRopeHeadDim = r.Count("qk_rope_head_dim", min: 0, max: 1 << 16) ?? 0,
            Source = r.Text("source"),
        };
        if (heads is { } q && kvHeads is { } kv && q % kv != 0)
        {
            r.Error("kv_heads", $"expected a divisor of attention_heads ({q}), found {kv}");
        }

        if (experts is { } e && active is { } a && a > e)
        {
            r.Error("active_experts", $"expected at most experts ({e}), found {a}");
        }

        if (layers is { } l && dense is { } d && d > l)
        {
            r.Error("dense_layers", $"expected at most layers ({l}), found {d}");
        }

        // Expert fields on a dense model: experts absent or 0 (an invalid experts value was reported already).
        if ((experts == 0 || !r.Has("experts")) && (active > 0 || shared > 0 || expertFfn > 0))
        {
            r.Error("experts", "is required when active_experts, shared_experts or expert_ffn_hidden_size is given");
        }

        r.Finish();
        return name is null ? null : spec;
    }

    private static Dictionary<string, string> ReadSources(MapReader r)
    {
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

        return sources;
    }

    // A value that parsed but is not above zero (a value that did not parse was reported already).
    private static void Positive(MapReader r, string key, double? value)
    {
        if (value is <= 0 && r.Map[key] is { } node)
        {
            r.Error(key, $"expected a value above zero, found {node.Describe()}");
        }
    }
}
