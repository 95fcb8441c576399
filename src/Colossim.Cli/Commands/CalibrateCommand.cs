using System.CommandLine;
using Colossim.Documents;
using Colossim.Performance;
using Colossim.Reports;

namespace Colossim.Cli.Commands;

/// <summary><c>colossim calibrate import|show|loo</c>: bring a GPU's measurements into the performance model and check them.</summary>
internal static class CalibrateCommand
{
    /// <summary>The folder user calibration sets live in: <c>$COLOSSIM_CALIBRATION_DIR</c>, else <c>~/.colossim/calibration</c>.</summary>
    public static string DefaultDirectory => CalibrationStore.DefaultDirectory(
        Environment.GetEnvironmentVariable(CalibrationStore.EnvironmentVariable),
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <summary><c>--calibration DIR|FILE</c>: imported calibration sets (a folder with one sub-folder per GPU, or one JSON Lines file).</summary>
    public static Option<string?> CalibrationOption() => new("--calibration")
    {
        Description = "Imported calibration: a folder with one sub-folder per GPU (default $COLOSSIM_CALIBRATION_DIR or ~/.colossim/calibration) or one .jsonl file",
        HelpName = "DIR|FILE",
    };

    /// <summary>Where the user's calibration sets are read from: <c>--calibration</c> when given, else the default folder.</summary>
    public static CalibrationSource Source(ParseResult parse, Option<string?> option) =>
        parse.GetValue(option) is { } given ? new CalibrationSource(given, Named: true) : new CalibrationSource(DefaultDirectory, Named: false);

    public static Command Create(CliContext context)
    {
        var command = new Command("calibrate", """
            Calibrate the performance model with measurements of a GPU: import the output of tools/gpu-probe (or a Vidur
            per-layer CSV), show what the model uses, and check the GEMM interpolation by leave-one-out.

            Examples:
              python3 tools/gpu-probe/gpu_probe.py --out probe_out && colossim calibrate import probe_out/gpu_probe.jsonl --gpu h100-sxm
              colossim calibrate import vidur/h100/meta-llama/Llama-2-70b-hf/mlp.csv --gpu h100-sxm
              colossim calibrate show --gpu h200-sxm
              colossim calibrate loo --gpu h200-sxm --markdown
            """);
        command.Subcommands.Add(Import(context));
        command.Subcommands.Add(Show(context));
        command.Subcommands.Add(LeaveOneOut(context));
        return command;
    }

    private static Command Import(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "gpu_probe.jsonl (JSON Lines in the calibration format) or a Vidur mlp.csv" };
        var gpu = new Option<string>("--gpu") { Description = "The GPU measured (catalog id)", Required = true, HelpName = "NAME" };
        var output = new Option<string?>("--out") { Description = "Folder of calibration sets (default $COLOSSIM_CALIBRATION_DIR or ~/.colossim/calibration)", HelpName = "DIR" };
        var force = new Option<bool>("--force") { Description = "Import even when the checks refuse the file (synthetic records, another GPU's device record, timings faster than the datasheet), with a warning" };
        var command = new Command("import", """
            Check a measurement file and store it as a calibration set that predict and validate use for that GPU.
            Refused (nothing stored) when a record is malformed, a timing is faster than the GPU's datasheet allows,
            records are synthetic (gpu_probe.py --dry-run) or the device record names another GPU; --force imports
            such a file anyway, with a warning per reason.

            Examples:
              colossim calibrate import gpu_probe.jsonl --gpu h100-sxm
              colossim calibrate import vidur/h100/mlp.csv --gpu h100-sxm --out ./calibration
            """) { file, gpu, output, force };
        command.SetAction(parse =>
        {
            var catalog = CliContext.Catalog(parse);
            var path = parse.GetValue(file)!;
            var problems = new Problems();
            var spec = catalog.ResolveGpu(parse.GetValue(gpu)!, problems, "--gpu") ?? throw new InvalidInputException(problems);
            if (parse.GetValue(output) is "")
            {
                problems.Error("--out", "expected a folder, found an empty name");
                throw new InvalidInputException(problems);
            }

            var store = new CalibrationStore(parse.GetValue(output) ?? DefaultDirectory);
            var imported = store.Import(path, spec, catalog, parse.GetValue(force), problems);
            if (imported is null)
            {
                return context.Report(problems);
            }

            if (CliContext.Format(parse) == OutputFormat.Json)
            {
                context.Out.WriteLine(CalibrationReport.ImportJson(imported));
            }
            else
            {
                ReportRenderer.Write(context.Console, CalibrationReport.ImportBlocks(imported));
            }

            return context.Report(problems);
        });
        return command;
    }

    private static Command Show(CliContext context)
    {
        var gpu = new Option<string>("--gpu") { Description = "The GPU (catalog id or YAML file)", Required = true, HelpName = "NAME" };
        var calibration = CalibrationOption();
        var command = new Command("show", """
            Show which path the kernel model takes for a GPU and what it was calibrated with

            Examples:
              colossim calibrate show --gpu h200-sxm
              colossim calibrate show --gpu b200 --format json
            """) { gpu, calibration };
        command.SetAction(parse =>
        {
            var problems = new Problems();
            if (CalibrationStore.KernelModelFor(CliContext.Catalog(parse), parse.GetValue(gpu)!, Source(parse, calibration), problems) is not { } model)
            {
                throw new InvalidInputException(problems);
            }

            if (CliContext.Format(parse) == OutputFormat.Json)
            {
                context.Out.WriteLine(CalibrationReport.ShowJson(model));
            }
            else
            {
                ReportRenderer.Write(context.Console, CalibrationReport.ShowBlocks(model));
            }

            return context.Report(problems);
        });
        return command;
    }

    private static Command LeaveOneOut(CliContext context)
    {
        var gpu = new Option<string>("--gpu") { Description = "A GPU with a calibration set", Required = true, HelpName = "NAME" };
        var markdown = new Option<bool>("--markdown") { Description = "Print a Markdown table" };
        var calibration = CalibrationOption();
        var command = new Command("loo", """
            Leave-one-out check of the GEMM interpolation: predict each measured GEMM from all the others

            Examples:
              colossim calibrate loo --gpu h200-sxm
              colossim calibrate loo --gpu h200-sxm --markdown
            """) { gpu, markdown, calibration };
        command.SetAction(parse =>
        {
            var problems = new Problems();
            if (CalibrationStore.LeaveOneOut(CliContext.Catalog(parse), parse.GetValue(gpu)!, Source(parse, calibration), problems) is not { } result)
            {
                throw new InvalidInputException(problems);
            }

            if (CliContext.Format(parse) == OutputFormat.Json)
            {
                context.Out.WriteLine(CalibrationReport.LeaveOneOutJson(result));
            }
            else if (parse.GetValue(markdown))
            {
                context.Out.Write(CalibrationReport.LeaveOneOutMarkdown(result));
            }
            else
            {
                ReportRenderer.Write(context.Console, CalibrationReport.LeaveOneOutBlocks(result));
            }

            return context.Report(problems);
        });
        return command;
    }
}
