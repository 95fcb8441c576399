using System.Globalization;
using Colossim.Performance;

namespace Colossim.Reports;

/// <summary>
/// The outputs of <c>colossim calibrate</c>: what an import stored, which path the kernel model takes for a GPU and
/// with what measurements (<c>show</c>), and the leave-one-out check of the GEMM interpolation (<c>loo</c>); each as a
/// JSON contract and as text.
/// </summary>
public static class CalibrationReport
{
    /// <summary>The JSON of an import: gpu, file stored, counts of samples, HBM bandwidth (GB/s) and host costs (us).</summary>
    public static string ImportJson(CalibrationImport import)
    {
        ArgumentNullException.ThrowIfNull(import);
        var (set, model) = (import.Set, import.Model);
        return ReportJson.Serialize(new ImportContract(
            import.Gpu.Id,
            import.StoredFile,
            set.Gemms.Length,
            set.AttentionPrefill.Length,
            set.AttentionDecode.Length,
            set.Elementwise.Length,
            model.Bandwidth / 1e9,
            model.Host.EagerSecondsPerKernel * 1e6,
            model.Host.GraphSecondsPerKernel * 1e6));
    }

    /// <summary>The text of an import: what was imported, and where it was stored.</summary>
    public static IReadOnlyList<ReportBlock> ImportBlocks(CalibrationImport import)
    {
        ArgumentNullException.ThrowIfNull(import);
        var set = import.Set;
        var id = import.Gpu.Id;
        return
        [
            new ReportText($"imported {set.Gemms.Length} GEMMs, {set.AttentionPrefill.Length} prefill and {set.AttentionDecode.Length} decode attentions, {set.Elementwise.Length} memory-bound kernels for {id}"),
            new ReportText($"stored in {import.StoredFile}; colossim predict and validate use it for {id}"),
        ];
    }

    /// <summary>The JSON of <c>calibrate show</c>: the model's path and description, sample counts, bandwidth (GB/s), host costs (us) and their source.</summary>
    public static string ShowJson(KernelModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var set = model.Calibration;
        return ReportJson.Serialize(new ShowContract(
            model.Gpu.Id,
            model.Path,
            model.PathDescription,
            set?.Gemms.Length ?? 0,
            set?.AttentionPrefill.Length ?? 0,
            set?.AttentionDecode.Length ?? 0,
            set?.Elementwise.Length ?? 0,
            model.Bandwidth / 1e9,
            model.Host.EagerSecondsPerKernel * 1e6,
            model.Host.GraphSecondsPerKernel * 1e6,
            model.Host.Source));
    }

    /// <summary>The text of <c>calibrate show</c>: the path, the sample counts, bandwidth and host costs.</summary>
    public static IReadOnlyList<ReportBlock> ShowBlocks(KernelModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var set = model.Calibration;
        return
        [
            new ReportText($"{model.Gpu.Id}: {model.PathDescription}"),
            new ReportText(string.Create(CultureInfo.InvariantCulture, $"  GEMMs {set?.Gemms.Length ?? 0}, prefill attention {set?.AttentionPrefill.Length ?? 0}, decode attention {set?.AttentionDecode.Length ?? 0}, memory-bound {set?.Elementwise.Length ?? 0}")),
            new ReportText(string.Create(CultureInfo.InvariantCulture, $"  HBM bandwidth {model.Bandwidth / 1e12:0.00} TB/s; eager dispatch {model.Host.EagerSecondsPerKernel * 1e6:0.0} us per kernel ({model.Host.Source}); CUDA-graph kernel {model.Host.GraphSecondsPerKernel * 1e6:0.00} us")),
        ];
    }

    /// <summary>The JSON of <c>calibrate loo</c>: one entry per group of GEMMs left out, errors in percent rounded to 2 decimals.</summary>
    public static string LeaveOneOutJson(IReadOnlyList<KeyValuePair<string, ErrorSummary>> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return ReportJson.Serialize(result.Select(kv => new LeaveOneOutContract(kv.Key, kv.Value.Count, Math.Round(kv.Value.MedianAbsErrorPct, 2), Math.Round(kv.Value.P90AbsErrorPct, 2), Math.Round(kv.Value.MaxAbsErrorPct, 2))).ToList());
    }

    /// <summary>The table of <c>calibrate loo</c>: one row per group of GEMMs left out.</summary>
    public static IReadOnlyList<ReportBlock> LeaveOneOutBlocks(IReadOnlyList<KeyValuePair<string, ErrorSummary>> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return [ValidateReport.SummaryTable(result, "GEMMs left out", "count", "median |error|", "p90 |error|", "max |error|")];
    }

    /// <summary>The same as a Markdown table, ending with a newline.</summary>
    public static string LeaveOneOutMarkdown(IReadOnlyList<KeyValuePair<string, ErrorSummary>> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return ValidateReport.SummaryMarkdown(result, "GEMMs left out", "count");
    }

    private sealed record ImportContract(string Gpu, string File, int Gemms, int AttentionPrefill, int AttentionDecode, int Elementwise, double BandwidthGbps, double HostUsPerEagerKernel, double GraphUsPerKernel);

    private sealed record ShowContract(string Gpu, KernelPath Path, string Description, int Gemms, int AttentionPrefill, int AttentionDecode, int Elementwise, double BandwidthGbps, double HostUsPerEagerKernel, double GraphUsPerKernel, string HostSource);

    private sealed record LeaveOneOutContract(string Group, int Count, double MedianAbsErrorPct, double P90AbsErrorPct, double MaxAbsErrorPct);
}
