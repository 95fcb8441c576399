using System.Globalization;
using Colossim.Catalog;
using Colossim.Units;

namespace Colossim.Reports;

/// <summary>
/// What <c>colossim catalog</c> shows people: one table per section (GPUs, systems, fabrics, models), with a title and
/// count in a full listing and a hint when a section is empty. The JSON contract is <see cref="CatalogJson"/>.
/// </summary>
public static class CatalogReport
{
    /// <summary>The four sections, in the order a full listing prints them.</summary>
    public static IReadOnlyList<CatalogSection> Sections { get; } = [CatalogSection.Gpus, CatalogSection.Systems, CatalogSection.Fabrics, CatalogSection.Models];

    /// <summary>The section's command name and JSON key: <c>gpus</c>, <c>systems</c>, <c>fabrics</c>, <c>models</c>.</summary>
    public static string Name(CatalogSection section) => section switch
    {
        CatalogSection.Gpus => "gpus",
        CatalogSection.Systems => "systems",
        CatalogSection.Fabrics => "fabrics",
        CatalogSection.Models => "models",
        _ => throw new ArgumentOutOfRangeException(nameof(section), section, "unknown catalog section"),
    };

    /// <summary>The section's title in a full listing: <c>GPUs</c>, <c>Systems</c>, <c>Fabrics</c>, <c>Models</c>.</summary>
    public static string Title(CatalogSection section) => section switch
    {
        CatalogSection.Gpus => "GPUs",
        CatalogSection.Systems => "Systems",
        CatalogSection.Fabrics => "Fabrics",
        CatalogSection.Models => "Models",
        _ => throw new ArgumentOutOfRangeException(nameof(section), section, "unknown catalog section"),
    };

    /// <summary>The number of entries in a section of <paramref name="catalog"/> (0 or more).</summary>
    public static int Count(ColossimCatalog catalog, CatalogSection section)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return section switch
        {
            CatalogSection.Gpus => catalog.Gpus.Count,
            CatalogSection.Systems => catalog.Systems.Count,
            CatalogSection.Fabrics => catalog.Fabrics.Count,
            CatalogSection.Models => catalog.Models.Count,
            _ => throw new ArgumentOutOfRangeException(nameof(section), section, "unknown catalog section"),
        };
    }

    /// <summary>The table of one section of <paramref name="catalog"/>, one row per entry in id (or name) order.</summary>
    public static ReportTable Table(ColossimCatalog catalog, CatalogSection section)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return section switch
        {
            CatalogSection.Gpus => GpuTable(catalog.Gpus.Values),
            CatalogSection.Systems => SystemTable(catalog.Systems.Values),
            CatalogSection.Fabrics => FabricTable(catalog.Fabrics.Values),
            CatalogSection.Models => ModelTable(catalog.Models.Values),
            _ => throw new ArgumentOutOfRangeException(nameof(section), section, "unknown catalog section"),
        };
    }

    /// <summary>
    /// The full listing: for each section a line <c>GPUs (12)</c> and its table (or <c>GPUs: none (add some with
    /// --catalog FILE)</c> when empty), sections separated by a blank line.
    /// </summary>
    public static IReadOnlyList<ReportBlock> Blocks(ColossimCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var blocks = new List<ReportBlock>();
        foreach (var section in Sections)
        {
            if (blocks.Count > 0)
            {
                blocks.Add(ReportText.Blank);
            }

            var count = Count(catalog, section);
            if (count == 0)
            {
                blocks.Add(new ReportText($"{Title(section)}: none (add some with --catalog FILE)"));
                continue;
            }

            blocks.Add(new ReportText(string.Create(CultureInfo.InvariantCulture, $"{Title(section)} ({count})")));
            blocks.Add(Table(catalog, section));
        }

        return blocks;
    }

    /// <summary>One section: its table, or <c>No gpus in the catalog (add some with --catalog FILE)</c> when empty.</summary>
    public static IReadOnlyList<ReportBlock> Blocks(ColossimCatalog catalog, CatalogSection section) =>
        Count(catalog, section) > 0
            ? [Table(catalog, section)]
            : [new ReportText($"No {Name(section)} in the catalog (add some with --catalog FILE)")];

    /// <summary>GPUs: dense BF16/FP8/FP4 compute, HBM capacity and bandwidth, scale-up link and domain, TDP, price.</summary>
    public static ReportTable GpuTable(IEnumerable<GpuSpec> gpus)
    {
        ArgumentNullException.ThrowIfNull(gpus);
        var table = new ReportTableBuilder().Columns("id", "name", "BF16", "FP8", "FP4", "HBM", "HBM BW", "scale-up", "domain", "TDP", "price");
        foreach (var g in gpus)
        {
            table.Row(g.Id, g.Name, g.DenseBf16.ToDisplayString(), g.DenseFp8?.ToDisplayString() ?? "-", g.DenseFp4?.ToDisplayString() ?? "-",
                g.HbmCapacity.ToDisplayString(), g.HbmBandwidth.ToDisplayString(), g.ScaleUpBandwidth.ToDisplayString(),
                Whole(g.ScaleUpDomain), g.Tdp.ToDisplayString(), g.Price.ToDisplayString());
        }

        return table.Build();
    }

    /// <summary>Systems: GPU, GPUs per node and rack, node power, network cards per GPU and their speed (Gb/s), scale-up domain, node price.</summary>
    public static ReportTable SystemTable(IEnumerable<SystemSpec> systems)
    {
        ArgumentNullException.ThrowIfNull(systems);
        var table = new ReportTableBuilder().Columns("id", "name", "GPU", "GPUs/node", "GPUs/rack", "node power", "NICs/GPU", "NIC", "domain", "node price");
        foreach (var s in systems)
        {
            table.Row(s.Id, s.Name, s.Gpu, Whole(s.GpusPerNode), Whole(s.GpusPerRack), s.NodePower.ToDisplayString(),
                s.NicsPerGpu.ToString("0.##", CultureInfo.InvariantCulture), Gigabits(s.NicBandwidth), Whole(s.ScaleUpDomain), s.NodePrice.ToDisplayString());
        }

        return table.Build();
    }

    /// <summary>Fabrics: kind, radix, port speed (Gb/s), switch power and price, optic price and power.</summary>
    public static ReportTable FabricTable(IEnumerable<FabricSpec> fabrics)
    {
        ArgumentNullException.ThrowIfNull(fabrics);
        var table = new ReportTableBuilder().Columns("id", "name", "kind", "radix", "port", "switch power", "switch price", "optic price", "optic power");
        foreach (var f in fabrics)
        {
            table.Row(f.Id, f.Name, f.Kind, Whole(f.Radix), Gigabits(f.PortBandwidth), f.SwitchPower.ToDisplayString(),
                f.SwitchPrice.ToDisplayString(), f.TransceiverPrice.ToDisplayString(), f.TransceiverPower.ToDisplayString());
        }

        return table.Build();
    }

    /// <summary>Models: layers, hidden size, query/key-value heads (or MLA), head size, FFN, MLP kind, experts, vocabulary, parameters (total and active).</summary>
    public static ReportTable ModelTable(IEnumerable<ModelSpec> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        var table = new ReportTableBuilder().Columns("name", "layers", "hidden", "heads q/kv", "head dim", "FFN", "MLP", "experts", "vocab", "parameters", "active");
        foreach (var m in models)
        {
            var heads = m.IsLatentAttention ? $"{Whole(m.AttentionHeads)} MLA" : $"{Whole(m.AttentionHeads)}/{Whole(m.KvHeads)}";
            var experts = !m.IsMixtureOfExperts ? "-"
                : $"{Whole(m.Experts)} top-{Whole(m.ActiveExperts)}{(m.SharedExperts > 0 ? $" +{Whole(m.SharedExperts)} shared" : "")} x {Whole(m.ExpertFfnHiddenSize)}";
            table.Row(m.Name, Whole(m.Layers), Whole(m.HiddenSize), heads, Whole(m.HeadDim), m.FfnHiddenSize > 0 ? Whole(m.FfnHiddenSize) : "-",
                MlpName(m.Mlp), experts, Whole(m.VocabSize), Parameters(m.Parameters), Parameters(m.ActiveParameters));
        }

        return table.Build();
    }

    /// <summary>A parameter count (0 or more) for people, to at most two decimals: <c>8.03B</c>, <c>1.24B</c>, <c>671B</c>, <c>125M</c>, <c>1.2T</c>.</summary>
    public static string Parameters(double count) => count switch
    {
        >= 1e12 => (count / 1e12).ToString("0.##", CultureInfo.InvariantCulture) + "T",
        >= 1e9 => (count / 1e9).ToString("0.##", CultureInfo.InvariantCulture) + "B",
        >= 1e6 => (count / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + "M",
        _ => count.ToString("0", CultureInfo.InvariantCulture),
    };

    /// <summary>The MLP kind as the catalog spells it: <c>gelu</c> or <c>swiglu</c>.</summary>
    internal static string MlpName(MlpKind mlp) => mlp == MlpKind.Gelu ? "gelu" : "swiglu";

    private static string Whole(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Gigabits(Bandwidth b) => CatalogJson.Clean(b.GigabitsPerSecond).ToString(CultureInfo.InvariantCulture) + " Gb/s";
}
