using System.CommandLine;
using System.Globalization;
using Colossim.Catalog;
using Colossim.Units;
using Spectre.Console;

namespace Colossim.Cli.Commands;

/// <summary>
/// <c>colossim catalog [gpus|systems|fabrics|models]</c>: lists the catalog (built-in entries plus <c>--catalog</c> files).
/// Text is one table per section; <c>--format json</c> is an array per section (an object of the four arrays for a bare
/// <c>colossim catalog</c>). JSON keys are the catalog's snake_case keys; quantities carry their unit in the key
/// (<c>hbm_capacity_gb</c>, <c>tdp_w</c>), bandwidths are GB/s for memory and scale-up links and Gb/s for network ports.
/// </summary>
internal static class CatalogCommand
{
    // The four sections, in the order a bare `colossim catalog` prints them.
    private static readonly CatalogSection[] Sections =
    [
        new("gpus", "GPUs", "List GPUs: peak dense compute, memory, scale-up link, power, price",
            c => c.Gpus.Count, c => c.Gpus.Values.Select(GpuJson), c => GpuTable(c.Gpus.Values)),
        new("systems", "Systems", "List systems: GPUs per node and rack, network cards, node power and price",
            c => c.Systems.Count, c => c.Systems.Values.Select(SystemJson), c => SystemTable(c.Systems.Values)),
        new("fabrics", "Fabrics", "List fabrics (switch families): radix, port speed, power, prices of switches and optics",
            c => c.Fabrics.Count, c => c.Fabrics.Values.Select(FabricJson), c => FabricTable(c.Fabrics.Values)),
        new("models", "Models", "List model architectures: shape, experts, parameters (total and active per token)",
            c => c.Models.Count, c => c.Models.Values.Select(ModelJson), c => ModelTable(c.Models.Values)),
    ];

    public static Command Create(CliContext context)
    {
        var command = new Command("catalog", """
            List the catalog: GPUs, systems, fabrics and model architectures (all four when no section is named).

            Examples:
              colossim catalog
              colossim catalog gpus
              colossim catalog models --format json
              colossim catalog gpus --catalog ./my-gpus.yaml
            """);
        command.SetAction(parse =>
        {
            var catalog = CliContext.Catalog(parse);
            if (CliContext.Format(parse) == OutputFormat.Json)
            {
                context.WriteJson(Sections.ToDictionary(s => s.Name, s => s.Json(catalog), StringComparer.Ordinal));
                return ExitCodes.Ok;
            }

            for (var i = 0; i < Sections.Length; i++)
            {
                if (i > 0)
                {
                    context.Console.WriteLine();
                }

                var section = Sections[i];
                var count = section.Count(catalog);
                if (count == 0)
                {
                    context.Console.WriteLine($"{section.Title}: none (add some with --catalog FILE)");
                    continue;
                }

                context.Console.WriteLine($"{section.Title} ({count})");
                context.Console.Write(section.Table(catalog));
            }

            return ExitCodes.Ok;
        });

        foreach (var section in Sections)
        {
            command.Subcommands.Add(Subcommand(context, section));
        }

        return command;
    }

    private static Command Subcommand(CliContext context, CatalogSection section)
    {
        var command = new Command(section.Name, $"""
            {section.Description}

            Examples:
              colossim catalog {section.Name}
              colossim catalog {section.Name} --format json
              colossim catalog {section.Name} --catalog ./my-catalog.yaml
            """);
        command.SetAction(parse =>
        {
            var catalog = CliContext.Catalog(parse);
            if (CliContext.Format(parse) == OutputFormat.Json)
            {
                context.WriteJson(section.Json(catalog));
            }
            else if (section.Count(catalog) > 0)
            {
                context.Console.Write(section.Table(catalog));
            }
            else
            {
                context.Console.WriteLine($"No {section.Name} in the catalog (add some with --catalog FILE)");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Table GpuTable(IEnumerable<GpuSpec> gpus) => TableOf(
        gpus,
        ["id", "name", "BF16", "FP8", "FP4", "HBM", "HBM BW", "scale-up", "domain", "TDP", "price"],
        g => [g.Id, g.Name, g.DenseBf16.ToDisplayString(), g.DenseFp8?.ToDisplayString() ?? "-", g.DenseFp4?.ToDisplayString() ?? "-",
            g.HbmCapacity.ToDisplayString(), g.HbmBandwidth.ToDisplayString(), g.ScaleUpBandwidth.ToDisplayString(),
            Whole(g.ScaleUpDomain), g.Tdp.ToDisplayString(), g.Price.ToDisplayString()]);

    private static Table SystemTable(IEnumerable<SystemSpec> systems) => TableOf(
        systems,
        ["id", "name", "GPU", "GPUs/node", "GPUs/rack", "node power", "NICs/GPU", "NIC", "domain", "node price"],
        s => [s.Id, s.Name, s.Gpu, Whole(s.GpusPerNode), Whole(s.GpusPerRack), s.NodePower.ToDisplayString(),
            s.NicsPerGpu.ToString("0.##", CultureInfo.InvariantCulture), Gigabits(s.NicBandwidth), Whole(s.ScaleUpDomain), s.NodePrice.ToDisplayString()]);

    private static Table FabricTable(IEnumerable<FabricSpec> fabrics) => TableOf(
        fabrics,
        ["id", "name", "kind", "radix", "port", "switch power", "switch price", "optic price", "optic power"],
        f => [f.Id, f.Name, f.Kind, Whole(f.Radix), Gigabits(f.PortBandwidth), f.SwitchPower.ToDisplayString(),
            f.SwitchPrice.ToDisplayString(), f.TransceiverPrice.ToDisplayString(), f.TransceiverPower.ToDisplayString()]);

    private static Table ModelTable(IEnumerable<ModelSpec> models) => TableOf(
        models,
        ["name", "layers", "hidden", "heads q/kv", "head dim", "FFN", "MLP", "experts", "vocab", "parameters", "active"],
        m =>
        {
            var heads = m.IsLatentAttention ? $"{Whole(m.AttentionHeads)} MLA" : $"{Whole(m.AttentionHeads)}/{Whole(m.KvHeads)}";
            var experts = !m.IsMixtureOfExperts ? "-"
                : $"{Whole(m.Experts)} top-{Whole(m.ActiveExperts)}{(m.SharedExperts > 0 ? $" +{Whole(m.SharedExperts)} shared" : "")} x {Whole(m.ExpertFfnHiddenSize)}";
            return [m.Name, Whole(m.Layers), Whole(m.HiddenSize), heads, Whole(m.HeadDim), m.FfnHiddenSize > 0 ? Whole(m.FfnHiddenSize) : "-",
                MlpName(m.Mlp), experts, Whole(m.VocabSize), Parameters(m.Parameters), Parameters(m.ActiveParameters)];
        });

    // One row per entry; cells are plain text (names such as "[1]" are not Spectre markup).
    private static Table TableOf<T>(IEnumerable<T> entries, string[] columns, Func<T, string[]> row)
    {
        var table = new Table().AddColumns(columns);
        foreach (var entry in entries)
        {
            table.AddRow([.. row(entry).Select(v => new Text(v))]);
        }

        return table;
    }

    private static string Whole(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Gigabits(Bandwidth b) => Clean(b.GigabitsPerSecond).ToString(CultureInfo.InvariantCulture) + "Gb/s";

    private static string MlpName(MlpKind mlp) => mlp == MlpKind.Gelu ? "gelu" : "swiglu";

    /// <summary>A parameter count for people: <c>8.03B</c>, <c>1.24B</c>, <c>671B</c>, <c>125M</c>.</summary>
    internal static string Parameters(double count) => count switch
    {
        >= 1e12 => (count / 1e12).ToString("0.##", CultureInfo.InvariantCulture) + "T",
        >= 1e9 => (count / 1e9).ToString("0.##", CultureInfo.InvariantCulture) + "B",
        >= 1e6 => (count / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + "M",
        _ => count.ToString("0", CultureInfo.InvariantCulture),
    };

    // Unit conversions such as 1307.4e12 / 1e12 can leave floating-point noise (1307.4000000000001): 12 significant digits.
    private static double Clean(double value) => double.Parse(value.ToString("G12", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static double? Clean(double? value) => value is { } v ? Clean(v) : null;

    private static object GpuJson(GpuSpec g) => new
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

    private static object SystemJson(SystemSpec s) => new
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

    private static object FabricJson(FabricSpec f) => new
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

    private static object ModelJson(ModelSpec m) => new
    {
        name = m.Name,
        layers = m.Layers,
        hidden_size = m.HiddenSize,
        attention_heads = m.AttentionHeads,
        kv_heads = m.KvHeads,
        head_dim = m.HeadDim,
        ffn_hidden_size = m.FfnHiddenSize,
        mlp = MlpName(m.Mlp),
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

    /// <summary>
    /// One section of the catalog: its subcommand name, its title in the full listing, its subcommand's description, and
    /// how to count, write as JSON and tabulate its entries.
    /// </summary>
    private sealed record CatalogSection(
        string Name,
        string Title,
        string Description,
        Func<ColossimCatalog, int> Count,
        Func<ColossimCatalog, IEnumerable<object>> Json,
        Func<ColossimCatalog, Table> Table);
}
