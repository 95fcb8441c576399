using System.Globalization;
using Colossim.Documents;
using Colossim.Facility;

namespace Colossim.Reports;

/// <summary>
/// A power timeline as CSV for pandas and DuckDB: one row per sample, <c>time_s,facility_mw,grid_mw,battery_mw,battery_charge_mwh</c>
/// (time at the start of the sample; each power the mean over the sample; the charge at its end). The last sample of a
/// timeline whose step does not divide its length covers only what is left (<see cref="PowerTimelineResult.LastStep"/>).
/// </summary>
public static class PowerCsv
{
    /// <summary>The header row.</summary>
    public const string Header = "time_s,facility_mw,grid_mw,battery_mw,battery_charge_mwh";

    /// <summary>Writes <paramref name="timeline"/> to <paramref name="writer"/>, header first, lines ending in <c>\n</c>.</summary>
    public static void Write(TextWriter writer, PowerTimelineResult timeline)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(timeline);
        writer.Write(Header);
        writer.Write('\n');
        var facility = timeline.Facility;
        var grid = timeline.Grid;
        var battery = timeline.Battery;
        var charge = timeline.StateOfCharge;
        var dt = timeline.Step.TotalSeconds;
        Span<char> buffer = stackalloc char[160];
        for (var i = 0; i < timeline.Count; i++)
        {
            var ok = buffer.TryWrite(
                CultureInfo.InvariantCulture,
                $"{i * dt:0.###},{facility[i].Megawatts:0.######},{grid[i].Megawatts:0.######},{battery[i].Megawatts:0.######},{charge[i].MegawattHours:0.######}\n",
                out var written);
            if (!ok)
            {
                throw new InvalidOperationException("a CSV row did not fit its buffer");
            }

            writer.Write(buffer[..written]);
        }
    }
}

/// <summary>The chart of a site's power timeline: facility and grid power over time, as an SVG that opens offline.</summary>
public static class PowerChart
{
    /// <summary>The SVG of <paramref name="run"/>'s timeline, titled with <paramref name="scenario"/>'s name; hours on the x axis from 3 h up, else seconds.</summary>
    public static string Svg(string scenario, SitePowerRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var t = run.Timeline;
        var hours = t.Count * t.Step.TotalSeconds >= 3 * 3600;
        var scale = hours ? 1 / 3600.0 : 1;
        return SvgLineChart.Render(
            $"{scenario} / {run.Site}: facility and grid power",
            hours ? "time (hours)" : "time (seconds)",
            "MW",
            t.Step.TotalSeconds * scale,
            [
                new ChartSeries("facility", "#d62728", Megawatts(t.Facility)),
                new ChartSeries("grid", "#1f77b4", Megawatts(t.Grid)),
            ]);
    }

    private static double[] Megawatts(ReadOnlySpan<Units.Watts> values)
    {
        var result = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = values[i].Megawatts;
        }

        return result;
    }
}

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
