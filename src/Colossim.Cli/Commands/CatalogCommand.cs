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
                context.WriteJson(new
                {
                    gpus = catalog.Gpus.Values.Select(GpuJson),
                    systems = catalog.Systems.Values.Select(SystemJson),
                    fabrics = catalog.Fabrics.Values.Select(FabricJson),
                    models = catalog.Models.Values.Select(ModelJson),
                });
                return ExitCodes.Ok;
            }

            WriteSection(context, "GPUs", catalog.Gpus.Count, GpuTable(catalog.Gpus.Values));
            context.Console.WriteLine();
            WriteSection(context, "Systems", catalog.Systems.Count, SystemTable(catalog.Systems.Values));
            context.Console.WriteLine();
            WriteSection(context, "Fabrics", catalog.Fabrics.Count, FabricTable(catalog.Fabrics.Values));
            context.Console.WriteLine();
            WriteSection(context, "Models", catalog.Models.Count, ModelTable(catalog.Models.Values));
            return ExitCodes.Ok;
        });

        command.Subcommands.Add(Section(context, "gpus", "List GPUs: peak dense compute, memory, scale-up link, power, price",
            c => c.Gpus.Values.Select(GpuJson), c => GpuTable(c.Gpus.Values)));
        command.Subcommands.Add(Section(context, "systems", "List systems: GPUs per node and rack, network cards, node power and price",
            c => c.Systems.Values.Select(SystemJson), c => SystemTable(c.Systems.Values)));
        command.Subcommands.Add(Section(context, "fabrics", "List fabrics (switch families): radix, port speed, power, prices of switches and optics",
            c => c.Fabrics.Values.Select(FabricJson), c => FabricTable(c.Fabrics.Values)));
        command.Subcommands.Add(Section(context, "models", "List model architectures: shape, experts, parameters (total and active per token)",
            c => c.Models.Values.Select(ModelJson), c => ModelTable(c.Models.Values)));
        return command;
    }

    private static Command Section(CliContext context, string name, string description, Func<ColossimCatalog, IEnumerable<object>> json, Func<ColossimCatalog, Table> table)
    {
        var command = new Command(name, $"""
            {description}

            Examples:
              colossim catalog {name}
              colossim catalog {name} --format json
              colossim catalog {name} --catalog ./my-catalog.yaml
            """);
        command.SetAction(parse =>
        {
            var catalog = CliContext.Catalog(parse);
            if (CliContext.Format(parse) == OutputFormat.Json)
            {
                context.WriteJson(json(catalog));
            }
            else if (json(catalog).Any())
            {
                context.Console.Write(table(catalog));
            }
            else
            {
                context.Console.WriteLine($"No {name} in the catalog (add some with --catalog FILE)");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static void WriteSection(CliContext context, string title, int count, Table table)
    {
        if (count == 0)
        {
            context.Console.WriteLine($"{title}: none (add some with --catalog FILE)");
            return;
        }

        context.Console.WriteLine($"{title} ({count})");
        context.Console.Write(table);
    }

    private static Table GpuTable(IEnumerable<GpuSpec> gpus)
    {
        var table = new Table().AddColumns("id", "name", "BF16", "FP8", "FP4", "HBM", "HBM BW", "scale-up", "domain", "TDP", "price");
        foreach (var g in gpus)
        {
            table.AddRow(Cells(g.Id, g.Name, g.DenseBf16.ToDisplayString(), g.DenseFp8?.ToDisplayString() ?? "-", g.DenseFp4?.ToDisplayString() ?? "-",
                g.HbmCapacity.ToDisplayString(), g.HbmBandwidth.ToDisplayString(), g.ScaleUpBandwidth.ToDisplayString(),
                Whole(g.ScaleUpDomain), g.Tdp.ToDisplayString(), g.Price.ToDisplayString()));
        }

        return table;
    }

    private static Table SystemTable(IEnumerable<SystemSpec> systems)
    {
        var table = new Table().AddColumns("id", "name", "GPU", "GPUs/node", "GPUs/rack", "node power", "NICs/GPU", "NIC", "domain", "node price");
        foreach (var s in systems)
        {
            table.AddRow(Cells(s.Id, s.Name, s.Gpu, Whole(s.GpusPerNode), Whole(s.GpusPerRack), s.NodePower.ToDisplayString(),
                s.NicsPerGpu.ToString("0.##", CultureInfo.InvariantCulture), Gigabits(s.NicBandwidth), Whole(s.ScaleUpDomain), s.NodePrice.ToDisplayString()));
        }

        return table;
    }

    private static Table FabricTable(IEnumerable<FabricSpec> fabrics)
    {
        var table = new Table().AddColumns("id", "name", "kind", "radix", "port", "switch power", "switch price", "optic price", "optic power");
        foreach (var f in fabrics)
        {
            table.AddRow(Cells(f.Id, f.Name, f.Kind, Whole(f.Radix), Gigabits(f.PortBandwidth), f.SwitchPower.ToDisplayString(),
                f.SwitchPrice.ToDisplayString(), f.TransceiverPrice.ToDisplayString(), f.TransceiverPower.ToDisplayString()));
        }

        return table;
    }

    private static Table ModelTable(IEnumerable<ModelSpec> models)
    {
        var table = new Table().AddColumns("name", "layers", "hidden", "heads q/kv", "head dim", "FFN", "MLP", "experts", "vocab", "parameters", "active");
        foreach (var m in models)
        {
            var heads = m.IsLatentAttention ? $"{Whole(m.AttentionHeads)} MLA" : $"{Whole(m.AttentionHeads)}/{Whole(m.KvHeads)}";
            var experts = !m.IsMixtureOfExperts ? "-"
                : $"{Whole(m.Experts)} top-{Whole(m.ActiveExperts)}{(m.SharedExperts > 0 ? $" +{Whole(m.SharedExperts)} shared" : "")} x {Whole(m.ExpertFfnHiddenSize)}";
            table.AddRow(Cells(m.Name, Whole(m.Layers), Whole(m.HiddenSize), heads, Whole(m.HeadDim), m.FfnHiddenSize > 0 ? Whole(m.FfnHiddenSize) : "-",
                MlpName(m.Mlp), experts, Whole(m.VocabSize), Parameters(m.Parameters), Parameters(m.ActiveParameters)));
        }

        return table;
    }

    // Plain text cells: names such as "[1]" are not Spectre markup.
    private static Text[] Cells(params string[] values) => [.. values.Select(v => new Text(v))];

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
}
