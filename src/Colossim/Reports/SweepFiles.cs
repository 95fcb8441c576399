using System.Globalization;
using System.Text;
using Colossim.Documents;
using Parquet;
using Parquet.Schema;

namespace Colossim.Reports;

/// <summary>
/// Writes a sweep's table and charts into one folder: <c>sweep.csv</c> and <c>sweep.parquet</c> (one row per point:
/// every varied key, run counts, the objective and each headline metric, with <c>_ci95_low</c>/<c>_ci95_high</c>
/// columns when points ran over several seeds), and with an objective <c>objective-vs-KEY.svg</c>/<c>.png</c> per varied
/// key and <c>pareto.svg</c>/<c>.png</c> (cost against the objective, the front drawn as a line).
/// </summary>
public static class SweepFiles
{
    /// <summary>
    /// Whether <paramref name="folder"/> can hold the files (a folder, or a name not yet taken); an empty name, a file or
    /// a device is an error at <paramref name="path"/>. A sweep checks this before it runs its points.
    /// </summary>
    public static bool CheckFolder(string folder, Problems problems, string path = "--out")
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(problems);
        if (string.IsNullOrWhiteSpace(folder))
        {
            problems.Error(path, "expected a folder, found an empty name");
            return false;
        }

        if (File.Exists(folder) || SpecialFiles.DescribeOutput(folder) is not null)
        {
            problems.Error(path, $"expected a folder, found the file '{folder}'");
            return false;
        }

        return true;
    }

    /// <summary>
    /// Writes the files under <paramref name="folder"/> (created if missing); a folder or file that cannot be written is an
    /// error at <paramref name="path"/> and <see langword="null"/> is returned. Gives the paths written.
    /// </summary>
    public static async Task<IReadOnlyList<string>?> WriteAsync(SweepReport report, string folder, Problems problems, string path = "--out", CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(problems);
        if (!CheckFolder(folder, problems, path))
        {
            return null;
        }

        var target = folder;
        var written = new List<string>();
        try
        {
            Directory.CreateDirectory(folder);
            target = Path.Combine(folder, "sweep.csv");
            if (!AtomicFile.TryWrite(target, Csv(report), out var error))
            {
                problems.Error(path, $"cannot write {target}: {error}");
                return null;
            }

            written.Add(target);
            target = Path.Combine(folder, "sweep.parquet");
            var temporary = target + ".tmp";
            await using (var stream = File.Create(temporary))
            {
                await WriteParquetAsync(report, stream, cancel).ConfigureAwait(false);
            }

            File.Move(temporary, target, overwrite: true);
            written.Add(target);
            foreach (var chart in SweepCharts.Write(report, folder))
            {
                written.Add(chart);
            }

            return written;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            problems.Error(path, $"cannot write {target}: {e.Message}");
            return null;
        }
    }

    /// <summary>The table's column names, in order.</summary>
    public static IReadOnlyList<string> Columns(SweepReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var columns = new List<string> { "point" };
        columns.AddRange(report.Keys);
        columns.AddRange(["runs", "failed", "error"]);
        foreach (var name in Numbers(report))
        {
            columns.Add(name);
            if (report.Seeds > 1)
            {
                columns.Add(name + "_ci95_low");
                columns.Add(name + "_ci95_high");
            }
        }

        return columns;
    }

    /// <summary>The table as CSV (RFC 4180, invariant numbers, empty cells where a value is absent).</summary>
    public static string Csv(SweepReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.AppendJoin(',', Columns(report).Select(Quote)).Append('\n');
        foreach (var row in report.Rows)
        {
            var cells = new List<string> { row.Point.ToString(CultureInfo.InvariantCulture) };
            cells.AddRange(row.Values.Select(Quote));
            cells.Add(row.Runs.ToString(CultureInfo.InvariantCulture));
            cells.Add(row.Failed.ToString(CultureInfo.InvariantCulture));
            cells.Add(Quote(row.Error ?? ""));
            foreach (var stat in Stats(report, row))
            {
                cells.Add(Number(stat?.Mean));
                if (report.Seeds > 1)
                {
                    cells.Add(Number(stat?.Low));
                    cells.Add(Number(stat?.High));
                }
            }

            text.AppendJoin(',', cells).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Writes the table as Parquet (one row group; keys and error as strings, numbers as nullable doubles).</summary>
    public static async Task WriteParquetAsync(SweepReport report, Stream stream, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(stream);
        var columns = Columns(report);
        var point = new DataField<int>("point");
        var keys = report.Keys.Select(k => new DataField<string>(k, false)).ToList();
        var runs = new DataField<int>("runs");
        var failed = new DataField<int>("failed");
        var error = new DataField<string>("error", true);
        var numbers = columns.Skip(4 + keys.Count).Select(c => new DataField<double?>(c)).ToList();
        var schema = new ParquetSchema([point, .. keys, runs, failed, error, .. numbers]);
        await using var writer = await ParquetWriter.CreateAsync(schema, stream, cancellationToken: cancel).ConfigureAwait(false);
        using var group = writer.CreateRowGroup();
        await group.WriteAsync(point, new ReadOnlyMemory<int>([.. report.Rows.Select(r => r.Point)]), cancellationToken: cancel).ConfigureAwait(false);
        for (var k = 0; k < keys.Count; k++)
        {
            await group.WriteAsync(keys[k], [.. report.Rows.Select(r => r.Values[k])]).ConfigureAwait(false);
        }

        await group.WriteAsync(runs, new ReadOnlyMemory<int>([.. report.Rows.Select(r => r.Runs)]), cancellationToken: cancel).ConfigureAwait(false);
        await group.WriteAsync(failed, new ReadOnlyMemory<int>([.. report.Rows.Select(r => r.Failed)]), cancellationToken: cancel).ConfigureAwait(false);
        await group.WriteAsync(error, [.. report.Rows.Select(r => r.Error!)]).ConfigureAwait(false);
        var table = report.Rows.Select(r => Stats(report, r).SelectMany(s => report.Seeds > 1 ? new[] { s?.Mean, s?.Low, s?.High } : [s?.Mean]).ToArray()).ToList();
        for (var c = 0; c < numbers.Count; c++)
        {
            await group.WriteAsync(numbers[c], new ReadOnlyMemory<double?>([.. table.Select(t => t[c])]), cancellationToken: cancel).ConfigureAwait(false);
        }
    }

    private static IEnumerable<string> Numbers(SweepReport report) => report.Objective is { } o ? [$"objective:{o}", .. report.Metrics] : report.Metrics;

    private static IEnumerable<SweepStat?> Stats(SweepReport report, SweepRow row) => report.Objective is null ? row.Metrics : [row.Objective, .. row.Metrics];

    private static string Number(double? x) => x is { } v && double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    private static string Quote(string cell) => cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell;
}
