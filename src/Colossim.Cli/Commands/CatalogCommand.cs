using System.CommandLine;
using Colossim.Reports;

namespace Colossim.Cli.Commands;

/// <summary>
/// <c>colossim catalog [gpus|systems|fabrics|models]</c>: lists the catalog (built-in entries plus <c>--catalog</c> files).
/// Text is one table per section (<see cref="CatalogReport"/>); <c>--format json</c> is an array per section, an object of
/// the four arrays for a bare <c>colossim catalog</c> (<see cref="CatalogJson"/>).
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
                context.Out.WriteLine(CatalogJson.ToJson(catalog));
            }
            else
            {
                ReportRenderer.Write(context.Console, CatalogReport.Blocks(catalog));
            }

            return ExitCodes.Ok;
        });

        foreach (var section in CatalogReport.Sections)
        {
            command.Subcommands.Add(Subcommand(context, section));
        }

        return command;
    }

    private static Command Subcommand(CliContext context, CatalogSection section)
    {
        var name = CatalogReport.Name(section);
        var command = new Command(name, $"""
            {Description(section)}

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
                context.Out.WriteLine(CatalogJson.ToJson(catalog, section));
            }
            else
            {
                ReportRenderer.Write(context.Console, CatalogReport.Blocks(catalog, section));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    // The subcommand's help: what its table shows.
    private static string Description(CatalogSection section) => section switch
    {
        CatalogSection.Gpus => "List GPUs: peak dense compute, memory, scale-up link, power, price",
        CatalogSection.Systems => "List systems: GPUs per node and rack, network cards, node power and price",
        CatalogSection.Fabrics => "List fabrics (switch families): radix, port speed, power, prices of switches and optics",
        CatalogSection.Models => "List model architectures: shape, experts, parameters (total and active per token)",
        _ => throw new ArgumentOutOfRangeException(nameof(section), section, "unknown catalog section"),
    };
}
