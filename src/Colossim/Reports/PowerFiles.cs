using Colossim.Documents;
using Colossim.Facility;

namespace Colossim.Reports;

/// <summary>The files <see cref="PowerFiles.Write"/> wrote for one site.</summary>
/// <param name="Site">The site's name.</param>
/// <param name="Csv">Path of its CSV.</param>
/// <param name="Svg">Path of its chart.</param>
public sealed record SitePowerFiles(string Site, string Csv, string Svg);

/// <summary>Writes a power study's files: <c>SITE-power.csv</c> and <c>SITE-power.svg</c> per site, in one folder.</summary>
public static class PowerFiles
{
    /// <summary>The folder <c>colossim power</c> writes to unless told otherwise, relative to the current folder.</summary>
    public const string DefaultFolder = "colossim-out";

    /// <summary>
    /// Writes every site's CSV and chart under <paramref name="folder"/> (created if missing). A folder or file that
    /// cannot be written is an error at <paramref name="path"/>, <c>cannot write PATH: REASON</c>, and
    /// <see langword="null"/> is returned.
    /// </summary>
    public static IReadOnlyList<SitePowerFiles>? Write(PowerStudy study, string folder, Problems problems, string path = "--out")
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(problems);
        if (string.IsNullOrWhiteSpace(folder))
        {
            problems.Error(path, "expected a folder, found an empty name");
            return null;
        }

        var target = folder;
        try
        {
            Directory.CreateDirectory(folder);
            var files = new List<SitePowerFiles>();
            foreach (var run in study.Sites)
            {
                var stem = Path.Combine(folder, $"{FileName(run.Site)}-power");
                target = stem + ".csv";
                using (var writer = new StreamWriter(target, append: false, new System.Text.UTF8Encoding(false)))
                {
                    PowerCsv.Write(writer, run.Timeline);
                }

                target = stem + ".svg";
                File.WriteAllText(target, PowerChart.Svg(study.Scenario, run));
                files.Add(new SitePowerFiles(run.Site, stem + ".csv", stem + ".svg"));
            }

            return files;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            problems.Error(path, $"cannot write {target}: {e.Message}");
            return null;
        }
    }

    private static string FileName(string name) => string.Concat(name.Select(ch => char.IsLetterOrDigit(ch) || ch is '-' or '_' ? ch : '_'));
}
