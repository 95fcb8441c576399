using Colossim.Documents;

namespace Colossim.Reports;

/// <summary>
/// Writes a run's report folder: <c>summary.json</c> always (the machine-readable result, the same bytes as
/// <c>colossim run --format json</c>), and one file per requested format: <c>report.txt</c> for text. HTML is
/// accepted in scenarios but not written yet (the loader warns, see <see cref="HtmlNotYet"/>). Each file is written to a temporary name in the
/// folder and then moved into place, so a reader never sees half a file and a failed run leaves no partial file.
/// </summary>
public static class ReportFolder
{
    /// <summary>The name of the JSON summary in a report folder.</summary>
    public const string SummaryFile = "summary.json";

    /// <summary>The name of the text report in a report folder.</summary>
    public const string TextFile = "report.txt";

    /// <summary>The warning for a scenario that asks for HTML (the loader gives it, so check and run agree).</summary>
    public const string HtmlNotYet = "html is not written yet (the HTML report arrives with a later version of colossim); summary.json and report.txt hold the same results";

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

        List<(string Name, Func<string> Content)> files = [(SummaryFile, () => ScenarioReportJson.ToJson(report) + "\n")];
        if (formats.Contains(ReportFormat.Text))
        {
            files.Add((TextFile, () => PlainText.Render(ScenarioReportText.Blocks(report))));
        }

        List<string> written = [];
        if (File.Exists(directory))
        {
            problems.Error(path, $"cannot write {Path.Combine(directory, SummaryFile)}: '{directory}' is a file, not a folder");
            return written;
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
}
