using System.Globalization;
using System.Text;
using Colossim.Performance;

namespace Colossim.Reports;

/// <summary>
/// The outputs of <c>colossim validate</c>: its JSON contract, its tables (measured against predicted, then the error
/// summary per kind, then the records skipped) and the Markdown of <c>docs/validation.md</c>.
/// </summary>
public static class ValidateReport
{
    /// <summary>The JSON document: gpu, path, cases (ms rounded to 6 decimals, error to 2), skipped, summary by kind.</summary>
    public static string ToJson(ValidationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return ReportJson.Serialize(new ValidationJson(
            report.Gpu,
            report.Path,
            [.. report.Cases.Select(c => new CaseJson(c.Line, c.Kind, c.Model, c.Shape, Math.Round(c.MeasuredMs, 6), Math.Round(c.PredictedMs, 6), Math.Round(c.ErrorPct, 2), c.HostSensitive))],
            [.. report.Skipped.Select(s => new SkippedJson(s.Line, s.Kind, s.Reason))],
            report.Summary.ToDictionary(kv => kv.Key, kv => ErrorSummaryJson.Of(kv.Value))));
    }

    /// <summary>The text report: a heading line, the table of cases, the summary table, one line per skipped record.</summary>
    public static IReadOnlyList<ReportBlock> Blocks(ValidationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var blocks = new List<ReportBlock> { new ReportText($"GPU {report.Gpu}: {report.Path}") };
        var cases = new ReportTableBuilder().Columns("line", "kind", "model", "shape", "measured ms", "predicted ms", "error");
        foreach (var c in report.Cases)
        {
            cases.Row(Whole(c.Line), c.Kind, c.Model ?? "-", ShapeText(c), Ms(c.MeasuredMs), Ms(c.PredictedMs), Signed(c.ErrorPct));
        }

        blocks.Add(cases.Build());
        blocks.Add(SummaryTable(report.Summary, "kind", "cases", "median |error|", "p90 |error|", "max |error|"));
        blocks.AddRange(report.Skipped.Select(s => new ReportText($"skipped line {s.Line} ({s.Kind}): {s.Reason}")));
        return blocks;
    }

    // The shape, marked when the predicted step is bound by host dispatch (its error is the host's, see the summary rows).
    private static string ShapeText(ValidationCase c) => c.HostSensitive ? c.Shape + " (host-sensitive)" : c.Shape;

    /// <summary>The report as Markdown (the tables of <c>docs/validation.md</c>), ending with a newline.</summary>
    public static string Markdown(ValidationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"GPU `{report.Gpu}`: {report.Path}.\n\n");
        sb.Append("| line | kind | model | shape | measured ms | predicted ms | error |\n| ---: | --- | --- | --- | ---: | ---: | ---: |\n");
        foreach (var c in report.Cases)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| {c.Line} | {c.Kind} | {c.Model ?? "-"} | {ShapeText(c)} | {Ms(c.MeasuredMs)} | {Ms(c.PredictedMs)} | {Signed(c.ErrorPct)} |\n");
        }

        sb.Append('\n').Append(SummaryMarkdown(report.Summary, "kind", "cases", timeWeighted: true));
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

    /// <summary>A table of error summaries: one row per group, its count and median, p90 and max absolute errors.</summary>
    internal static ReportTable SummaryTable(IEnumerable<KeyValuePair<string, ErrorSummary>> summary, params string[] headers)
    {
        var table = new ReportTableBuilder().Columns(headers);
        foreach (var (group, s) in summary)
        {
            table.Row(group, Whole(s.Count), Percent(s.MedianAbsErrorPct), Percent(s.P90AbsErrorPct), Percent(s.MaxAbsErrorPct));
        }

        return table.Build();
    }

    /// <summary>The same as Markdown (right-aligned numbers), ending with a newline.</summary>
    internal static string SummaryMarkdown(IEnumerable<KeyValuePair<string, ErrorSummary>> summary, string group, string count, bool timeWeighted = false)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"| {group} | {count} | median abs error | p90 abs error | max abs error |{(timeWeighted ? " time-weighted abs error |" : "")}\n| --- | ---: | ---: | ---: | ---: |{(timeWeighted ? " ---: |" : "")}\n");
        foreach (var (name, s) in summary)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| {name} | {s.Count} | {Percent(s.MedianAbsErrorPct)} | {Percent(s.P90AbsErrorPct)} | {Percent(s.MaxAbsErrorPct)} |{(timeWeighted ? $" {Percent(s.TimeWeightedAbsErrorPct)} |" : "")}\n");
        }

        return sb.ToString();
    }

    /// <summary>An absolute error in percent as the error tables print it (<c>3.1%</c>).</summary>
    internal static string Percent(double pct) => pct.ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Whole(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static string Ms(double ms) => ms.ToString(ms < 1 ? "0.0000" : "0.000", CultureInfo.InvariantCulture);

    private static string Signed(double pct) => pct.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + "%";

    private sealed record ValidationJson(string Gpu, string Path, IReadOnlyList<CaseJson> Cases, IReadOnlyList<SkippedJson> Skipped, IReadOnlyDictionary<string, ErrorSummaryJson> Summary);

    private sealed record CaseJson(int Line, string Kind, string? Model, string Shape, double MeasuredMs, double PredictedMs, double ErrorPct, bool HostSensitive);

    private sealed record SkippedJson(int Line, string Kind, string Reason);
}

/// <summary>An <see cref="ErrorSummary"/> as JSON contracts write it: a count and absolute errors in percent rounded to 2 decimals.</summary>
internal sealed record ErrorSummaryJson(int Count, double MedianAbsErrorPct, double P90AbsErrorPct, double MaxAbsErrorPct, double TimeWeightedAbsErrorPct)
{
    public static ErrorSummaryJson Of(ErrorSummary s) => new(s.Count, Math.Round(s.MedianAbsErrorPct, 2), Math.Round(s.P90AbsErrorPct, 2), Math.Round(s.MaxAbsErrorPct, 2), Math.Round(s.TimeWeightedAbsErrorPct, 2));
}
