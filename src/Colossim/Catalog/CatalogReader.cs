using Colossim.Documents;

namespace Colossim.Catalog;

/// <summary>Binds catalog entries (the snake_case schema of the files in <c>data/catalog/</c>) to records, collecting problems.</summary>
public static class CatalogReader
{
    /// <summary>Reads one GPU entry.</summary>
    public static GpuSpec? ReadGpu(MapReader r)
    {
        var id = r.Text("id", required: true);
        var spec = new GpuSpec
        {
            Id = id ?? "",
            Name = r.Text("name") ?? id ?? "",
            Vendor = r.Text("vendor") ?? "unknown",
            DenseBf16 = r.FlopRate("dense_bf16", required: true) ?? default,
            DenseFp8 = r.FlopRate("dense_fp8"),
            DenseFp4 = r.FlopRate("dense_fp4"),
            DenseTf32 = r.FlopRate("dense_tf32"),
            HbmCapacity = r.Bytes("hbm_capacity", required: true) ?? default,
            HbmBandwidth = r.Bandwidth("hbm_bandwidth", required: true) ?? default,
            ScaleUpBandwidth = r.Bandwidth("scale_up_bandwidth", required: true) ?? default,
            ScaleUpDomain = r.Count("scale_up_domain", required: true, min: 1, max: 1_000_000) ?? 1,
            Tdp = r.Watts("tdp", required: true) ?? default,
            IdlePower = r.Watts("idle_power"),
            ComputeUnits = r.Count("compute_units", min: 1),
            Price = r.Usd("price", required: true) ?? default,
            Sources = ReadSources(r),
        };
        Positive(r, "dense_bf16", spec.DenseBf16.FlopsPerSecond);
        Positive(r, "hbm_capacity", spec.HbmCapacity.Value);
        Positive(r, "hbm_bandwidth", spec.HbmBandwidth.BytesPerSecond);
        Positive(r, "tdp", spec.Tdp.Value);
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
            r.Problems.Error(r.PathOf("gpus_per_rack"), $"expected a multiple of gpus_per_node ({spec.GpusPerNode}), found {spec.GpusPerRack}", r.Map.Line);
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
    public static ModelSpec? ReadModel(MapReader r)
    {
        var name = r.Text("name", required: true);
        var hidden = r.Count("hidden_size", required: true, min: 1, max: 1 << 20);
        var heads = r.Count("attention_heads", required: true, min: 1, max: 1 << 14);
        var experts = r.Count("experts", min: 0, max: 1 << 14) ?? 0;
        var spec = new ModelSpec
        {
            Name = name ?? "",
            Layers = r.Count("layers", required: true, min: 1, max: 100_000) ?? 1,
            HiddenSize = hidden ?? 1,
            AttentionHeads = heads ?? 1,
            KvHeads = r.Count("kv_heads", min: 1, max: 1 << 14) ?? heads ?? 1,
            HeadDim = r.Count("head_dim", min: 1, max: 1 << 16) ?? (hidden is { } h && heads is { } n && n > 0 ? h / n : 1),
            FfnHiddenSize = r.Count("ffn_hidden_size", required: experts == 0, min: 1, max: 1 << 24) ?? 0,
            Mlp = r.Choice("mlp", ["swiglu", "gelu"]) is "gelu" ? MlpKind.Gelu : MlpKind.SwiGlu,
            VocabSize = r.Count("vocab_size", required: true, min: 1, max: 1 << 26) ?? 1,
            TiedEmbeddings = r.Bool("tied_embeddings") ?? false,
            Experts = experts,
            ActiveExperts = r.Count("active_experts", required: experts > 0, min: 1, max: 1 << 14) ?? 0,
            SharedExperts = r.Count("shared_experts", min: 0, max: 1 << 14) ?? 0,
            ExpertFfnHiddenSize = r.Count("expert_ffn_hidden_size", required: experts > 0, min: 1, max: 1 << 24) ?? 0,
            DenseLayers = r.Count("dense_layers", min: 0, max: 100_000) ?? 0,
            KvLoraRank = r.Count("kv_lora_rank", min: 0, max: 1 << 16) ?? 0,
            QLoraRank = r.Count("q_lora_rank", min: 0, max: 1 << 16) ?? 0,
            QkRopeHeadDim = r.Count("qk_rope_head_dim", min: 0, max: 1 << 16) ?? 0,
            Source = r.Text("source"),
        };
        if (spec.AttentionHeads % spec.KvHeads != 0)
        {
            r.Problems.Error(r.PathOf("kv_heads"), $"expected a divisor of attention_heads ({spec.AttentionHeads}), found {spec.KvHeads}", r.Map.Line);
        }

        if (spec.Experts > 0 && spec.ActiveExperts > spec.Experts)
        {
            r.Problems.Error(r.PathOf("active_experts"), $"expected at most experts ({spec.Experts}), found {spec.ActiveExperts}", r.Map.Line);
        }

        if (spec.DenseLayers > spec.Layers)
        {
            r.Problems.Error(r.PathOf("dense_layers"), $"expected at most layers ({spec.Layers}), found {spec.DenseLayers}", r.Map.Line);
        }

        if (spec.Experts == 0 && (spec.ActiveExperts > 0 || spec.SharedExperts > 0 || spec.ExpertFfnHiddenSize > 0))
        {
            r.Problems.Error(r.PathOf("experts"), "is required when active_experts, shared_experts or expert_ffn_hidden_size is given", r.Map.Line);
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

    private static void Positive(MapReader r, string key, double value)
    {
        if (value <= 0 && r.Has(key))
        {
            r.Problems.Error(r.PathOf(key), "expected a value above zero, found 0", r.Map.Line);
        }
    }
}
