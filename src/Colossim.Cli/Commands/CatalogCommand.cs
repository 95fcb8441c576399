using System.CommandLine;
using Colossim.Catalog;
using Spectre.Console;

namespace Colossim.Cli.Commands;

/// <summary><c>colossim catalog [gpus|systems|fabrics|models]</c>: lists the catalog.</summary>
internal static class CatalogCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("catalog", """
            List the catalog: GPUs, systems, fabrics and model architectures.

            Examples:
              colossim catalog gpus
              colossim catalog models --format json
              colossim catalog gpus --catalog ./my-gpus.yaml
            """);
        var gpus = new Command("gpus", "List GPUs: peak dense compute, memory, scale-up link, power, price");
        gpus.SetAction(parse =>
        {
            var catalog = CliContext.Catalog(parse);
            if (CliContext.Format(parse) == OutputFormat.Json)
            {
                context.WriteJson(catalog.Gpus.Values.Select(GpuJson));
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("id", "name", "BF16", "FP8", "FP4", "HBM", "HBM BW", "scale-up", "domain", "TDP", "price");
            foreach (var g in catalog.Gpus.Values)
            {
                table.AddRow(g.Id, g.Name, g.DenseBf16.ToDisplayString(), g.DenseFp8?.ToDisplayString() ?? "-", g.DenseFp4?.ToDisplayString() ?? "-",
                    g.HbmCapacity.ToDisplayString(), g.HbmBandwidth.ToDisplayString(), g.ScaleUpBandwidth.ToDisplayString(),
                    g.ScaleUpDomain.ToString(System.Globalization.CultureInfo.InvariantCulture), g.Tdp.ToDisplayString(), g.Price.ToDisplayString());
            }

            context.Console.Write(table);
            return ExitCodes.Ok;
        });
        command.Subcommands.Add(gpus);
        return command;
    }

    private static object GpuJson(GpuSpec g) => new
    {
        id = g.Id,
        name = g.Name,
        vendor = g.Vendor,
        dense_bf16_tflops = g.DenseBf16.TeraFlopsPerSecond,
        dense_fp8_tflops = g.DenseFp8?.TeraFlopsPerSecond,
        dense_fp4_tflops = g.DenseFp4?.TeraFlopsPerSecond,
        hbm_capacity_gb = g.HbmCapacity.Gigabytes,
        hbm_bandwidth_gbps = g.HbmBandwidth.GigabytesPerSecond,
        scale_up_bandwidth_gbps = g.ScaleUpBandwidth.GigabytesPerSecond,
        scale_up_domain = g.ScaleUpDomain,
        tdp_w = g.Tdp.Value,
        price_usd = g.Price.Dollars,
        sources = g.Sources,
    };
}
