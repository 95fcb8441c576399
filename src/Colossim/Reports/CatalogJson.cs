using System.Globalization;
using Colossim.Catalog;

namespace Colossim.Reports;

/// <summary>
/// The JSON contract of <c>colossim catalog --format json</c>: an array per section (an object of the four arrays,
/// keyed <c>gpus</c>, <c>systems</c>, <c>fabrics</c>, <c>models</c>, for the full catalog). Keys are the catalog's
/// snake_case keys; quantities carry their unit in the key (<c>hbm_capacity_gb</c>, <c>tdp_w</c>); bandwidths are GB/s
/// for memory and scale-up links and Gb/s for network ports; quantities are rounded to 12 significant digits.
/// </summary>
public static class CatalogJson
{
    /// <summary>The full catalog: one object of the four section arrays, indented, without a trailing newline.</summary>
    public static string ToJson(ColossimCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return ReportJson.Serialize(CatalogReport.Sections.ToDictionary(CatalogReport.Name, s => Entries(catalog, s), StringComparer.Ordinal));
    }

    /// <summary>One section of the catalog as an array, indented, without a trailing newline.</summary>
    public static string ToJson(ColossimCatalog catalog, CatalogSection section)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return ReportJson.Serialize(Entries(catalog, section));
    }

    private static IEnumerable<object> Entries(ColossimCatalog catalog, CatalogSection section) => section switch
    {
        CatalogSection.Gpus => catalog.Gpus.Values.Select(GpuEntry),
        CatalogSection.Systems => catalog.Systems.Values.Select(SystemEntry),
        CatalogSection.Fabrics => catalog.Fabrics.Values.Select(FabricEntry),
        CatalogSection.Models => catalog.Models.Values.Select(ModelEntry),
        _ => throw new ArgumentOutOfRangeException(nameof(section), section, "unknown catalog section"),
    };

    /// <summary>
    /// <paramref name="value"/> to 12 significant digits: unit conversions such as 1307.4e12 / 1e12 can leave
    /// floating-point noise (1307.4000000000001).
    /// </summary>
    internal static double Clean(double value) => double.Parse(value.ToString("G12", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static double? Clean(double? value) => value is { } v ? Clean(v) : null;

    private static object GpuEntry(GpuSpec g) => new
    {
        id = g.Id,
        name = g.Name,
        vendor = g.Vendor,
        dense_bf16_tflops = Clean(g.DenseBf16.TeraFlopsPerSecond),
        dense_fp8_tflops = Clean(g.DenseFp8?.TeraFlopsPerSecond),
        dense_fp4_tflops = Clean(g.DenseFp4?.TeraFlopsPerSecond),
        dense_tf32_tflops = Clean(g.DenseTf32?.TeraFlopsPerSecond),
        hbm_capacity_gb = Clean(g.HbmCapacity.Gigabytes),
        hbm_bandwidth_gb_per_s = Clean(g.HbmBandwidth.GigabytesPerSecond),
        scale_up_bandwidth_gb_per_s = Clean(g.ScaleUpBandwidth.GigabytesPerSecond),
        scale_up_domain = g.ScaleUpDomain,
        tdp_w = Clean(g.Tdp.Value),
        idle_power_w = Clean(g.IdlePower?.Value),
        compute_units = g.ComputeUnits,
        price_usd = Clean(g.Price.Dollars),
        sources = g.Sources,
    };

    private static object SystemEntry(SystemSpec s) => new
    {
        id = s.Id,
        name = s.Name,
        gpu = s.Gpu,
        gpus_per_node = s.GpusPerNode,
        gpus_per_rack = s.GpusPerRack,
        node_power_w = Clean(s.NodePower.Value),
        nics_per_gpu = s.NicsPerGpu,
        nic_bandwidth_gbit_per_s = Clean(s.NicBandwidth.GigabitsPerSecond),
        scale_up_domain = s.ScaleUpDomain,
        node_price_usd = Clean(s.NodePrice.Dollars),
        scalable_unit_gpus = s.ScalableUnitGpus,
        cooling = s.Cooling,
        sources = s.Sources,
    };

    private static object FabricEntry(FabricSpec f) => new
    {
        id = f.Id,
        name = f.Name,
        kind = f.Kind,
        radix = f.Radix,
        port_bandwidth_gbit_per_s = Clean(f.PortBandwidth.GigabitsPerSecond),
        switch_power_w = Clean(f.SwitchPower.Value),
        switch_price_usd = Clean(f.SwitchPrice.Dollars),
        transceiver_price_usd = Clean(f.TransceiverPrice.Dollars),
        transceiver_power_w = Clean(f.TransceiverPower.Value),
        max_breakout = f.MaxBreakout,
        ports_per_transceiver = f.PortsPerTransceiver,
        sources = f.Sources,
    };

    private static object ModelEntry(ModelSpec m) => new
    {
        name = m.Name,
        layers = m.Layers,
        hidden_size = m.HiddenSize,
        attention_heads = m.AttentionHeads,
        kv_heads = m.KvHeads,
        head_dim = m.HeadDim,
        ffn_hidden_size = m.FfnHiddenSize,
        mlp = CatalogReport.MlpName(m.Mlp),
        vocab_size = m.VocabSize,
        tied_embeddings = m.TiedEmbeddings,
        experts = m.Experts,
        active_experts = m.ActiveExperts,
        shared_experts = m.SharedExperts,
        expert_ffn_hidden_size = m.ExpertFfnHiddenSize,
        dense_layers = m.DenseLayers,
        kv_lora_rank = m.KvLoraRank,
        q_lora_rank = m.QLoraRank,
        qk_rope_head_dim = m.QkRopeHeadDim,
        source = m.Source,
        parameters = m.Parameters,
        active_parameters = m.ActiveParameters,
    };
}
