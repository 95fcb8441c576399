using System.CommandLine;
using Colossim.Documents;
using Colossim.Network;
using Colossim.Reports;

namespace Colossim.Cli.Commands;

/// <summary><c>colossim comm</c>: a collective's time and bandwidth over a planned site, as nccl-tests prints them.</summary>
internal static class CommCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("comm", """
            Predict a collective as nccl-tests measures it: per size, the time, the algorithm and bus bandwidths (busbw =
            algbw x 2(n-1)/n for all-reduce, x (n-1)/n for reduce-scatter, all-gather and all-to-all), the algorithm and
            protocol NCCL's tuner would pick (or the one forced with --algo) and the link class that bounds it. The
            ranks sit on a site planned as `colossim plan --gpus N` plans it; constants and their sources are in
            data/network/defaults.yaml, and docs/validation.md compares the model with measurements.

            Examples:
              colossim comm --op all-reduce --gpu h100-sxm --gpus 8 --sizes 1KiB:8GiB
              colossim comm --op all-reduce --gpu h200-sxm --gpus 8 --algo ring --size 1GiB
              colossim comm --op all-to-all --gpu gb200 --gpus 576 --size 64MiB --format json
              colossim comm --op all-reduce --gpu h100-sxm --gpus 16 --placement spread --size 256MiB
            """);
        Option[] options =
        [
            new Option<string>(CommRequest.Names.Op) { Description = "The collective: " + string.Join(", ", CommRequest.OpNames), HelpName = "OP", Required = true },
            new Option<string>(CommRequest.Names.Gpu) { Description = "GPU: a catalog id (h100-sxm, gb200) or a YAML file", HelpName = "GPU", Required = true },
            new Option<string>(CommRequest.Names.Gpus) { Description = "Ranks in the group, 1 to 10,000,000 (8, 100k)", HelpName = "N", Required = true },
            new Option<string>(CommRequest.Names.System) { Description = "System holding the GPUs: a catalog id or a YAML file; default: the first catalog system holding the GPU", HelpName = "SYSTEM" },
            new Option<string>(CommRequest.Names.Fabric) { Description = "Scale-out fabric: infiniband, ethernet, a catalog id or a YAML file", HelpName = "infiniband|ethernet", DefaultValueFactory = _ => "infiniband" },
            new Option<string>(CommRequest.Names.Placement) { Description = "packed (fill each scale-up domain; default) or spread (one rank per scale-up domain)", HelpName = "packed|spread" },
            new Option<string>(CommRequest.Names.Algo) { Description = "auto (default: the least predicted time), ring, tree, nvls or hierarchical", HelpName = "ALGO" },
            new Option<string>(CommRequest.Names.Size) { Description = "Bytes per rank: 64MiB, 1GB", HelpName = "SIZE" },
            new Option<string>(CommRequest.Names.Sizes) { Description = "A sweep FROM:TO doubling (1KiB:8GiB)", HelpName = "FROM:TO" },
        ];
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var problems = new Problems();
            var request = new CommRequest
            {
                Op = parse.GetValue<string>(CommRequest.Names.Op),
                Gpu = parse.GetValue<string>(CommRequest.Names.Gpu),
                Gpus = parse.GetValue<string>(CommRequest.Names.Gpus),
                System = parse.GetValue<string>(CommRequest.Names.System),
                Fabric = parse.GetValue<string>(CommRequest.Names.Fabric) ?? "infiniband",
                Placement = parse.GetValue<string>(CommRequest.Names.Placement),
                Algo = parse.GetValue<string>(CommRequest.Names.Algo),
                Size = parse.GetValue<string>(CommRequest.Names.Size),
                Sizes = parse.GetValue<string>(CommRequest.Names.Sizes),
            };
            var result = request.Run(CliContext.Catalog(parse), problems);
            if (context.Report(problems) != ExitCodes.Ok || result is null)
            {
                return ExitCodes.BadInput;
            }

            if (CliContext.Format(parse) == OutputFormat.Json)
            {
                context.WriteJson(CommReport.Json(result));
            }
            else
            {
                ReportRenderer.Write(context.Console, CommReport.Text(result));
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
