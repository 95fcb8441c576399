using System.CommandLine;
using System.Globalization;
using System.Text;
using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Performance;
using Spectre.Console;

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
              colossim validate --measurements ../shared/calibration/h200/e2e-dev.jsonl --gpu h200-sxm
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
            var isCsv = path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
            IReadOnlyList<MeasurementRecord> records = isCsv ? [] : MeasurementReader.ReadFile(path, problems);
            if (!File.Exists(path) && problems.Count == 0)
            {
                problems.Error("", "the file does not exist");
            }

            if (problems.HasErrors && records.Count == 0)
            {
                throw new InvalidInputException(problems);
            }

            var gpuSpec = ResolveGpu(records, parse.GetValue(gpu), catalog, problems);
            if (gpuSpec is null)
            {
                throw new InvalidInputException(problems);
            }

            var kernels = KernelModel.For(gpuSpec, catalog, CalibrateCommand.UserCalibration(parse, calibration, gpuSpec.Id, problems));
            ValidationReport report;
            if (isCsv)
            {
                var rows = VidurCsv.ReadFile(path, problems);
                report = VidurCsv.Validate(rows, kernels);
            }
            else
            {
                report = Validator.Run(records, kernels, catalog, problems);
            }

            if (CliContext.Format(parse) == OutputFormat.Json)
            {
                context.WriteJson(Json(report));
            }
            else if (parse.GetValue(markdown))
            {
                context.Out.Write(Markdown(report));
            }
            else
            {
                WriteTables(context, report);
            }

            return context.Report(problems);
        });
        return command;
    }

    private static GpuSpec? ResolveGpu(IReadOnlyList<MeasurementRecord> records, string? gpuOption, ColossimCatalog catalog, Problems problems)
    {
        foreach (var record in records)
        {
            if (record.Kind == "device" && record.Fields["name"] is DocScalar { IsNull: false } name && FromDeviceName(name.Value, catalog) is { } fromDevice)
            {
                return fromDevice;
            }
        }

        if (gpuOption is not null)
        {
            return catalog.ResolveGpu(gpuOption, problems, "--gpu");
        }

        var device = records.FirstOrDefault(r => r.Kind == "device");
        problems.Error("--gpu", device is null
            ? "the file has no device record; name the GPU with --gpu (for example --gpu h200-sxm)"
            : $"the device record (line {device.Line}) names a GPU the catalog does not know; name it with --gpu");
        return null;
    }

    // "NVIDIA H200" -> h200-sxm: the catalog entry whose name starts with the device name, or whose id starts with its model.
    private static GpuSpec? FromDeviceName(string deviceName, ColossimCatalog catalog)
    {
        var matches = catalog.Gpus.Values.Where(g => g.Name.StartsWith(deviceName, StringComparison.OrdinalIgnoreCase)).ToList();
        if (matches.Count == 0)
        {
            var token = deviceName.Replace("NVIDIA", "", StringComparison.OrdinalIgnoreCase).Trim().Split(' ')[0].ToLowerInvariant();
            matches = [.. catalog.Gpus.Values.Where(g => token.Length > 0 && g.Id.StartsWith(token + "-", StringComparison.OrdinalIgnoreCase))];
        }

        return matches.Count == 1 ? matches[0] : null;
    }

    private static Dictionary<string, object> Json(ValidationReport report) => new()
    {
        ["gpu"] = report.Gpu,
        ["path"] = report.Path,
        ["cases"] = report.Cases.Select(c => new Dictionary<string, object?>
        {
            ["line"] = c.Line,
            ["kind"] = c.Kind,
            ["model"] = c.Model,
            ["shape"] = c.Shape,
            ["measured_ms"] = Round(c.MeasuredMs),
            ["predicted_ms"] = Round(c.PredictedMs),
            ["error_pct"] = Math.Round(c.ErrorPct, 2),
        }).ToList(),
        ["skipped"] = report.Skipped.Select(s => new Dictionary<string, object> { ["line"] = s.Line, ["kind"] = s.Kind, ["reason"] = s.Reason }).ToList(),
        ["summary"] = report.Summary.ToDictionary(kv => kv.Key, kv => (object)new Dictionary<string, object>
        {
            ["count"] = kv.Value.Count,
            ["median_abs_error_pct"] = Math.Round(kv.Value.MedianAbsErrorPct, 2),
            ["p90_abs_error_pct"] = Math.Round(kv.Value.P90AbsErrorPct, 2),
            ["max_abs_error_pct"] = Math.Round(kv.Value.MaxAbsErrorPct, 2),
        }),
    };

    private static double Round(double ms) => Math.Round(ms, 6);

    private static void WriteTables(CliContext context, ValidationReport report)
    {
        context.Out.WriteLine($"GPU {report.Gpu}: {report.Path}");
        var table = new Table().AddColumns("line", "kind", "model", "shape", "measured ms", "predicted ms", "error");
        foreach (var c in report.Cases)
        {
            table.AddRow(I(c.Line), c.Kind, Markup.Escape(c.Model ?? "-"), Markup.Escape(c.Shape), Ms(c.MeasuredMs), Ms(c.PredictedMs), Pct(c.ErrorPct));
        }

        context.Console.Write(table);
        var summary = new Table().AddColumns("kind", "cases", "median |error|", "p90 |error|", "max |error|");
        foreach (var (kind, s) in report.Summary)
        {
            summary.AddRow(kind, I(s.Count), Percent(s.MedianAbsErrorPct), Percent(s.P90AbsErrorPct), Percent(s.MaxAbsErrorPct));
        }

        context.Console.Write(summary);
        foreach (var s in report.Skipped)
        {
            context.Out.WriteLine($"skipped line {s.Line} ({s.Kind}): {s.Reason}");
        }
    }

    private static string Markdown(ValidationReport report)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"GPU `{report.Gpu}`: {report.Path}.\n\n");
        sb.Append("| line | kind | model | shape | measured ms | predicted ms | error |\n| ---: | --- | --- | --- | ---: | ---: | ---: |\n");
        foreach (var c in report.Cases)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| {c.Line} | {c.Kind} | {c.Model ?? "-"} | {c.Shape} | {Ms(c.MeasuredMs)} | {Ms(c.PredictedMs)} | {Pct(c.ErrorPct)} |\n");
        }

        sb.Append("\n| kind | cases | median abs error | p90 abs error | max abs error |\n| --- | ---: | ---: | ---: | ---: |\n");
        foreach (var (kind, s) in report.Summary)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| {kind} | {s.Count} | {Percent(s.MedianAbsErrorPct)} | {Percent(s.P90AbsErrorPct)} | {Percent(s.MaxAbsErrorPct)} |\n");
        }

        if (report.Skipped.Count > 0)
        {
            sb.Append('\n');
            foreach (var s in report.Skipped)
            {
                sb.Append(CultureInfo.InvariantCulture, $"- skipped line {s.Line} ({s.Kind}): {s.Reason}\n");
            }
        }

        return sb.ToString();
    }

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static string Ms(double ms) => ms.ToString(ms < 1 ? "0.0000" : "0.000", CultureInfo.InvariantCulture);

    private static string Pct(double pct) => pct.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>An absolute error in percent as the error tables print it (<c>3.1%</c>).</summary>
    internal static string Percent(double pct) => pct.ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
