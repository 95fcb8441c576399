using System.Globalization;
using Colossim.Documents;

namespace Colossim.Reports;

/// <summary>
/// Writes a run's report folder: <c>summary.json</c> always (the machine-readable result, the same bytes as
/// <c>colossim run --format json</c>); <c>report.txt</c> for the text format and <c>report.html</c> for html (one
/// self-contained page with interactive charts that opens offline, <see cref="ScenarioHtml"/>); the result tables as
/// <c>tables/NAME.csv</c> and <c>tables/NAME.parquet</c> (<see cref="ScenarioTables"/>); the charts as
/// <c>charts/ID.svg</c> (<see cref="StaticChart"/>); and <c>trace.json</c>, the simulated timelines for Perfetto or
/// chrome://tracing, when the run has any (<see cref="ScenarioTrace"/>). Each file is written to a temporary name in
/// the folder and then moved into place, so a reader never sees half a file.
/// </summary>
public static class ReportFolder
{
    /// <summary>The name of the JSON summary in a report folder.</summary>
    public const string SummaryFile = "summary.json";

    /// <summary>The name of the text report in a report folder.</summary>
    public const string TextFile = "report.txt";

    /// <summary>The name of the HTML report in a report folder.</summary>
    public const string HtmlFile = "report.html";

    /// <summary>The name of the Chrome/Perfetto trace in a report folder.</summary>
    public const string TraceFile = "trace.json";

    /// <summary>The subfolder of the result tables (CSV and Parquet).</summary>
    public const string TablesFolder = "tables";

    /// <summary>The subfolder of the static charts (SVG).</summary>
    public const string ChartsFolder = "charts";

    /// <summary>
    /// Writes <paramref name="report"/> into <paramref name="directory"/> (created if missing) in
    /// <paramref name="formats"/>. A folder that cannot be written is an error at <paramref name="path"/> (the option or
    /// key that named it); nothing is thrown for it. Returns the files written, in order.
    /// </summary>
    public static IReadOnlyList<string> Write(ScenarioReport report, string directory, IReadOnlyList<ReportFormat> formats, Problems problems, string path = "--out")
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(formats);
        ArgumentNullException.ThrowIfNull(problems);
        if (string.IsNullOrWhiteSpace(directory))
        {
            problems.Error(path, "expected a folder, found an empty name");
            return [];
        }

        List<string> written = [];
        if (File.Exists(directory))
        {
            problems.Error(path, $"cannot write {Path.Combine(directory, SummaryFile)}: '{directory}' is a file, not a folder");
            return written;
        }

        var charts = ScenarioCharts.Of(report);
        List<(string Name, Func<byte[]> Content)> files = [(SummaryFile, () => Utf8(ScenarioReportJson.ToJson(report) + "\n"))];
        if (formats.Contains(ReportFormat.Text))
        {
            files.Add((TextFile, () => Utf8(PlainText.Render(ScenarioReportText.Blocks(report)))));
        }

        if (formats.Contains(ReportFormat.Html))
        {
            files.Add((HtmlFile, () => Utf8(ScenarioHtml.Render(report, charts))));
        }

        if (ScenarioTrace.Of(report) is { } trace)
        {
            files.Add((TraceFile, () => Utf8(trace.ToJson())));
        }

        foreach (var table in ScenarioTables.Of(report))
        {
            files.Add((Path.Combine(TablesFolder, table.Name + ".csv"), () => Utf8(ResultFiles.Csv(table))));
            files.Add((Path.Combine(TablesFolder, table.Name + ".parquet"), () => ResultFiles.Parquet(table)));
        }

        foreach (var chart in charts)
        {
            files.Add((Path.Combine(ChartsFolder, chart.Id + ".svg"), () => Utf8(StaticChart.Svg(chart))));
        }

        foreach (var (name, content) in files)
        {
            var target = Path.Combine(directory, name);
            if (!AtomicFile.TryWrite(target, content(), out var error))
            {
                problems.Error(path, $"cannot write {target}: {error}");
                return written;
            }

            written.Add(target);
        }

        return written;
    }

    /// <summary>A short account of <paramref name="written"/> for the terminal: the folder, then the files by kind.</summary>
    public static string Describe(string directory, IReadOnlyList<string> written)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(written);
        var names = written.Select(w => Path.GetRelativePath(directory, w)).ToList();
        var tables = names.Count(n => n.StartsWith(TablesFolder + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        var charts = names.Count(n => n.StartsWith(ChartsFolder + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        var top = names.Where(n => !n.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal));
        return string.Create(CultureInfo.InvariantCulture, $"wrote {directory}: {string.Join(", ", top)}, {tables} table files (CSV and Parquet) in {TablesFolder}/, {charts} charts (SVG) in {ChartsFolder}/");
    }

    private static byte[] Utf8(string text) => new System.Text.UTF8Encoding(false).GetBytes(text);
}
