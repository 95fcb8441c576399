using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Colossim.Training;

namespace Colossim.Reports;

/// <summary>
/// The training model against published runs (<see cref="TrainingValidation"/>), as the Markdown section of
/// <c>docs/validation.md</c> and as JSON.
/// </summary>
public static class TrainValidationReport
{
    /// <summary>The rows as Markdown tables: TFLOP/s per GPU per row with its error and the median, then the memory checks.</summary>
    public static string Markdown(IReadOnlyList<TrainingValidationRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder();
        text.AppendLine("| run | GPUs | layout (searched knobs chosen by the model) | measured TFLOP/s/GPU | predicted | error | GiB/GPU | fits |");
        text.AppendLine("| --- | ---: | --- | ---: | ---: | ---: | ---: | --- |");
        foreach (var r in rows.Where(r => r.Case.MeasuredTflopsPerGpu is not null))
        {
            text.AppendLine(Row(r));
        }

        var median = TrainingValidation.MedianAbsoluteError(rows);
        text.AppendLine();
        text.AppendLine(I($"Median absolute error on TFLOP/s per GPU: **{median:0.0%}** over {rows.Count(r => r.Error is not null)} rows (target: at most 10%)."));
        text.AppendLine();
        text.AppendLine("Memory checks: the layouts the papers ran must fit; layouts their setups could not have run must not.");
        text.AppendLine();
        text.AppendLine("| run | GPUs | layout | GiB/GPU (weights + gradients + optimizer + activations) | capacity GiB | ran | fits | agrees |");
        text.AppendLine("| --- | ---: | --- | --- | ---: | --- | --- | --- |");
        foreach (var r in rows)
        {
            var m = r.Step?.Memory;
            var parts = m is null ? "–" : I($"{m.Total.Gibibytes:0.0} ({m.Weights.Gibibytes:0.0} + {m.Gradients.Gibibytes:0.0} + {m.OptimizerStates.Gibibytes:0.0} + {m.Activations.Gibibytes:0.0})");
            text.AppendLine(I($"| {r.Case.Name} | {r.Case.Gpus:N0} | {Layout(r)} | {parts} | {(m is null ? "–" : m.Capacity.Gibibytes.ToString("0.0", CultureInfo.InvariantCulture))} | {(r.Case.Ran ? "yes" : "no")} | {(r.Fits ? "yes" : "no")} | {(r.FitAgrees ? "yes" : "**no**")} |"));
        }

        return text.ToString();
    }

    /// <summary>The rows as a JSON document: each row's case, layout, measured and predicted TFLOP/s, error, memory and fit; the median error.</summary>
    public static JsonObject Json(IReadOnlyList<TrainingValidationRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var array = new JsonArray();
        foreach (var r in rows)
        {
            array.Add((JsonNode)new JsonObject
            {
                ["name"] = r.Case.Name,
                ["source"] = r.Case.Source,
                ["model"] = r.Case.Model,
                ["gpu"] = r.Case.Gpu,
                ["gpus"] = r.Case.Gpus,
                ["layout"] = r.Step?.Layout.ToString(),
                ["measured_tflops_per_gpu"] = r.Case.MeasuredTflopsPerGpu,
                ["predicted_tflops_per_gpu"] = Math.Round(r.PredictedTflopsPerGpu, 2),
                ["error"] = r.Error is { } e ? Math.Round(e, 4) : null,
                ["memory_per_gpu_gib"] = r.Step is { } s ? Math.Round(s.Memory.Total.Gibibytes, 2) : null,
                ["fits"] = r.Fits,
                ["ran"] = r.Case.Ran,
                ["fit_agrees"] = r.FitAgrees,
            });
        }

        return new JsonObject { ["rows"] = array, ["median_absolute_error"] = Math.Round(TrainingValidation.MedianAbsoluteError(rows), 4) };
    }

    private static string Row(TrainingValidationRow r)
    {
        var error = r.Error is { } e ? I($"{e:+0.0%;-0.0%}") : "–";
        var gib = r.Step is { } s ? I($"{s.Memory.Total.Gibibytes:0.0}") : "–";
        return I($"| {r.Case.Name} | {r.Case.Gpus:N0} | {Layout(r)} | {r.Case.MeasuredTflopsPerGpu:0} | {r.PredictedTflopsPerGpu:0.0} | {error} | {gib} | {(r.Fits ? "yes" : "no")} |");
    }

    private static string Layout(TrainingValidationRow r) => r.Step?.Layout.ToString() ?? "no layout divides the job";

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
