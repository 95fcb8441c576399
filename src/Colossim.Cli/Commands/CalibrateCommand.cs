using System.CommandLine;
using System.Globalization;
using Colossim.Documents;
using Colossim.Performance;
using Spectre.Console;

namespace Colossim.Cli.Commands;

/// <summary><c>colossim calibrate import|show|loo</c>: bring a GPU's measurements into the performance model and check them.</summary>
internal static class CalibrateCommand
{
    /// <summary>The folder user calibration sets live in: <c>$COLOSSIM_CALIBRATION_DIR</c>, else <c>~/.colossim/calibration</c>.</summary>
    public static string DefaultDirectory =>
        Environment.GetEnvironmentVariable("COLOSSIM_CALIBRATION_DIR") is { Length: > 0 } dir
            ? dir
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".colossim", "calibration");

    /// <summary><c>--calibration DIR|FILE</c>: imported calibration sets (a folder with one sub-folder per GPU, or one JSON Lines file).</summary>
    public static Option<string?> CalibrationOption() => new("--calibration")
    {
        Description = "Imported calibration: a folder with one sub-folder per GPU (default $COLOSSIM_CALIBRATION_DIR or ~/.colossim/calibration) or one .jsonl file",
        HelpName = "DIR|FILE",
    };

    /// <summary>The user's calibration set for <paramref name="gpu"/>, or <see langword="null"/> when there is none.</summary>
    public static CalibrationSet? UserCalibration(ParseResult parse, Option<string?> option, string gpu, Problems problems)
    {
        var given = parse.GetValue(option);
        var path = given ?? DefaultDirectory;
        if (File.Exists(path))
        {
            return CalibrationSet.FromFile(gpu, path, problems);
        }

        var folder = Path.Combine(path, gpu);
        if (Directory.Exists(folder))
        {
            return CalibrationSet.FromDirectory(gpu, folder, problems);
        }

        if (given is not null && !Directory.Exists(path))
        {
            problems.Error("--calibration", $"expected a folder or a .jsonl file, found nothing at '{path}'");
        }

        return null;
    }

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
        var command = new Command("import", """
            Check a measurement file and store it as a calibration set that predict and validate use for that GPU

            Examples:
              colossim calibrate import gpu_probe.jsonl --gpu h100-sxm
              colossim calibrate import vidur/h100/mlp.csv --gpu h100-sxm --out ./calibration
            """) { file, gpu, output };
        command.SetAction(parse =>
        {
            var catalog = CliContext.Catalog(parse);
            var path = parse.GetValue(file)!;
            var problems = new Problems(path);
            var spec = catalog.ResolveGpu(parse.GetValue(gpu)!, problems, "--gpu");
            string jsonl;
            IReadOnlyList<MeasurementRecord>? records = null;
            if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            {
                jsonl = VidurCsv.ToJsonl(VidurCsv.ReadFile(path, problems));
            }
            else
            {
                records = MeasurementReader.ReadFile(path, problems);
                jsonl = File.Exists(path) ? File.ReadAllText(path) : "";
            }

            if (spec is null || problems.HasErrors)
            {
                throw new InvalidInputException(problems);
            }

            // A Vidur CSV becomes records through its JSON Lines; a measurement file's records were read above.
            records ??= MeasurementReader.Parse(jsonl, new Problems());
            var set = CalibrationSet.FromRecords(spec.Id, records, problems, Path.GetFileName(path));
            if (set.IsEmpty)
            {
                problems.Error("", "no kernel measurements (gemm, attn_prefill, attn_decode) in the file");
                throw new InvalidInputException(problems);
            }

            var folder = Path.Combine(parse.GetValue(output) ?? DefaultDirectory, spec.Id);
            Directory.CreateDirectory(folder);
            var target = Path.Combine(folder, Path.GetFileNameWithoutExtension(path) + ".jsonl");
            File.WriteAllText(target, jsonl);
            if (CliContext.Format(parse) == OutputFormat.Json)
            {
                var model = KernelModel.Create(spec, set);
                context.WriteJson(new
                {
                    gpu = spec.Id,
                    file = target,
                    gemms = set.Gemms.Length,
                    attention_prefill = set.AttentionPrefill.Length,
                    attention_decode = set.AttentionDecode.Length,
                    elementwise = set.Elementwise.Length,
                    bandwidth_gbps = model.Bandwidth / 1e9,
                    host_us_per_eager_kernel = model.Host.EagerSecondsPerKernel * 1e6,
                    graph_us_per_kernel = model.Host.GraphSecondsPerKernel * 1e6,
                });
            }
            else
            {
                context.Out.WriteLine($"imported {set.Gemms.Length} GEMMs, {set.AttentionPrefill.Length} prefill and {set.AttentionDecode.Length} decode attentions, {set.Elementwise.Length} memory-bound kernels for {spec.Id}");
                context.Out.WriteLine($"stored in {target}; colossim predict and validate use it for {spec.Id}");
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
            var catalog = CliContext.Catalog(parse);
            var problems = new Problems();
            var spec = catalog.ResolveGpu(parse.GetValue(gpu)!, problems, "--gpu") ?? throw new InvalidInputException(problems);
            var model = KernelModel.For(spec, catalog, UserCalibration(parse, calibration, spec.Id, problems));
            var set = model.Calibration;
            if (CliContext.Format(parse) == OutputFormat.Json)
            {
                context.WriteJson(new
                {
                    gpu = spec.Id,
                    path = model.Path,
                    description = model.PathDescription,
                    gemms = set?.Gemms.Length ?? 0,
                    attention_prefill = set?.AttentionPrefill.Length ?? 0,
                    attention_decode = set?.AttentionDecode.Length ?? 0,
                    elementwise = set?.Elementwise.Length ?? 0,
                    bandwidth_gbps = model.Bandwidth / 1e9,
                    host_us_per_eager_kernel = model.Host.EagerSecondsPerKernel * 1e6,
                    graph_us_per_kernel = model.Host.GraphSecondsPerKernel * 1e6,
                    host_source = model.Host.Source,
                });
                return context.Report(problems);
            }

            context.Out.WriteLine($"{spec.Id}: {model.PathDescription}");
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  GEMMs {set?.Gemms.Length ?? 0}, prefill attention {set?.AttentionPrefill.Length ?? 0}, decode attention {set?.AttentionDecode.Length ?? 0}, memory-bound {set?.Elementwise.Length ?? 0}"));
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  HBM bandwidth {model.Bandwidth / 1e12:0.00} TB/s; eager dispatch {model.Host.EagerSecondsPerKernel * 1e6:0.0} us per kernel ({model.Host.Source}); CUDA-graph kernel {model.Host.GraphSecondsPerKernel * 1e6:0.00} us"));
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
            var catalog = CliContext.Catalog(parse);
            var problems = new Problems();
            var spec = catalog.ResolveGpu(parse.GetValue(gpu)!, problems, "--gpu") ?? throw new InvalidInputException(problems);
            var model = KernelModel.For(spec, catalog, UserCalibration(parse, calibration, spec.Id, problems));
            if (model.Calibration is not { } set)
            {
                problems.Error("--gpu", $"{spec.Id} has no calibration set; import one with colossim calibrate import");
                throw new InvalidInputException(problems);
            }

            var result = GemmLeaveOneOut.Run(spec, set);
            if (CliContext.Format(parse) == OutputFormat.Json)
            {
                context.WriteJson(result.Select(kv => new { group = kv.Key, count = kv.Value.Count, median_abs_error_pct = Math.Round(kv.Value.MedianAbsErrorPct, 2), p90_abs_error_pct = Math.Round(kv.Value.P90AbsErrorPct, 2), max_abs_error_pct = Math.Round(kv.Value.MaxAbsErrorPct, 2) }));
            }
            else if (parse.GetValue(markdown))
            {
                context.Out.WriteLine("| GEMMs left out | count | median abs error | p90 abs error | max abs error |");
                context.Out.WriteLine("| --- | ---: | ---: | ---: | ---: |");
                foreach (var (group, s) in result)
                {
                    context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {group} | {s.Count} | {ValidateCommand.Percent(s.MedianAbsErrorPct)} | {ValidateCommand.Percent(s.P90AbsErrorPct)} | {ValidateCommand.Percent(s.MaxAbsErrorPct)} |"));
                }
            }
            else
            {
                var table = new Table().AddColumns("GEMMs left out", "count", "median |error|", "p90 |error|", "max |error|");
                foreach (var (group, s) in result)
                {
                    table.AddRow(Markup.Escape(group), s.Count.ToString(CultureInfo.InvariantCulture), ValidateCommand.Percent(s.MedianAbsErrorPct), ValidateCommand.Percent(s.P90AbsErrorPct), ValidateCommand.Percent(s.MaxAbsErrorPct));
                }

                context.Console.Write(table);
            }

            return context.Report(problems);
        });
        return command;
    }
}
