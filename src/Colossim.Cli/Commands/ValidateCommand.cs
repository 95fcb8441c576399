using System.CommandLine;
using Colossim.Documents;
using Colossim.Performance;
using Colossim.Reports;

namespace Colossim.Cli.Commands;

/// <summary><c>colossim validate --measurements FILE</c>: predicted against measured for every record, with error tables.</summary>
internal static class ValidateCommand
{
    public static Command Create(CliContext context)
    {
        var measurements = new Option<string>("--measurements")
        {
            Description = "Measurements in the calibration format (JSON Lines: gemm, attn_prefill, attn_decode, membw, prefill_e2e, decode_e2e, mixed_e2e, train_fwd_bwd, ...) or a Vidur per-layer CSV (mlp.csv)",
            Required = true,
            HelpName = "FILE",
        };
        var gpu = new Option<string?>("--gpu") { Description = "The GPU (catalog id or YAML file) when the file has no device record", HelpName = "NAME" };
        var markdown = new Option<bool>("--markdown") { Description = "Print Markdown tables (for docs/validation.md) instead of terminal tables" };
        var calibration = CalibrateCommand.CalibrationOption();
        var command = new Command("validate", """
            Predict every record of a measurement file and compare with what was measured: a table of measured vs
            predicted with the signed error, then the median, 90th percentile and maximum absolute error per kind.
            Records that cannot be predicted are listed with the reason; malformed lines, unknown kinds and unknown
            models are reported with their line numbers and the rest is still validated (exit code 2 when any was found).

            Examples:
              colossim validate --measurements tools/validation/h200-selfcheck-2026-11-28.jsonl --gpu h200-sxm
              colossim validate --measurements probe_out/gpu_probe.jsonl --format json
              colossim validate --measurements mlp.csv --gpu h100-sxm --markdown
            """)
        {
            measurements, gpu, markdown, calibration,
        };
        command.SetAction(parse =>
        {
            var catalog = CliContext.Catalog(parse);
            var path = parse.GetValue(measurements)!;
            var problems = new Problems(path);
            var request = new CalibrationValidationRequest
            {
                Measurements = path,
                Gpu = parse.GetValue(gpu),
                Calibration = parse.GetValue(calibration),
                CalibrationDirectory = CalibrateCommand.DefaultDirectory,
            };
            if (CalibrationValidation.Run(request, catalog, problems) is not { } report)
            {
                return context.Report(problems);
            }

            if (CliContext.Format(parse) == OutputFormat.Json)
            {
                context.Out.WriteLine(ValidateReport.ToJson(report));
            }
            else if (parse.GetValue(markdown))
            {
                context.Out.Write(ValidateReport.Markdown(report));
            }
            else
            {
                ReportRenderer.Write(context.Console, ValidateReport.Blocks(report));
            }

            return context.Report(problems);
        });
        return command;
    }
}
