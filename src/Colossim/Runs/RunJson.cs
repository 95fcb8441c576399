using System.Globalization;
using System.Text.Json.Nodes;
using Colossim.Documents;
using Colossim.Reports;
using Colossim.Scenarios;

namespace Colossim.Runs;

/// <summary>
/// The JSON contracts of the run history, shared by <c>colossim runs --format json</c> and the dashboard's API:
/// a run as a list entry (<see cref="Entry"/>: <c>id, name, status, source, created, finished, seconds, error</c>) and
/// in full (<see cref="Detail"/>: the entry plus <c>progress</c> and the parsed <c>summary</c>). Times are ISO 8601 UTC;
/// <c>seconds</c> is the run's wall time (<see langword="null"/> until it finishes). Server paths are never included:
/// the report is reached through its id.
/// </summary>
public static class RunJson
{
    /// <summary>One run as the list shows it.</summary>
    public static JsonObject Entry(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new JsonObject
        {
            ["id"] = run.Id,
            ["name"] = run.Name,
            ["status"] = EnumNames.Of(run.Status),
            ["source"] = run.Source,
            ["created"] = Time(run.Created),
            ["finished"] = run.Finished is { } f ? Time(f) : null,
            ["seconds"] = run.Finished is { } end ? Math.Round((end - run.Created).TotalSeconds, 3) : null,
            ["error"] = run.Error,
        };
    }

    /// <summary>The list, newest first, as one indented document: <c>{"runs": [...]}</c>, without a trailing newline.</summary>
    public static string List(IEnumerable<RunRecord> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return ReportJson.Serialize(new JsonObject { ["runs"] = new JsonArray([.. runs.Select(Entry)]) });
    }

    /// <summary>
    /// One run in full: the entry, <c>progress</c> (<c>{"stage", "stage_index", "stages", "fraction"}</c> while running,
    /// else <see langword="null"/>), <c>has_report</c>, and <c>summary</c> (the run's summary.json as JSON once it succeeded).
    /// </summary>
    public static JsonObject Detail(RunRecord run, RunProgress? progress, bool hasReport)
    {
        ArgumentNullException.ThrowIfNull(run);
        var detail = Entry(run);
        detail["progress"] = progress is null ? null : new JsonObject
        {
            ["stage"] = progress.Stage,
            ["stage_index"] = progress.StageIndex,
            ["stages"] = progress.StageCount,
            ["fraction"] = Math.Round(progress.Fraction, 4),
            ["detail"] = progress.Detail,
        };
        detail["has_report"] = hasReport;
        detail["summary"] = run.Summary is { } s ? JsonNode.Parse(s) : null;
        return detail;
    }

    /// <summary>The history as a table for people: id, created, status, name, source, seconds, and the error's first line.</summary>
    public static IReadOnlyList<ReportBlock> Blocks(IReadOnlyList<RunRecord> runs, string databasePath)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(databasePath);
        if (runs.Count == 0)
        {
            return [new ReportText($"no runs recorded in {databasePath}")];
        }

        var table = new ReportTableBuilder($"runs in {databasePath}")
            .Columns("id", "created (UTC)", "status", "name", "source")
            .Column("s", ColumnAlignment.Right)
            .Columns("error");
        foreach (var run in runs)
        {
            table.Row(
                run.Id,
                run.Created.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                EnumNames.Of(run.Status),
                run.Name,
                run.Source,
                run.Finished is { } end ? (end - run.Created).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) : "",
                run.Error?.Split('\n')[0] ?? "");
        }

        return [table.Build()];
    }

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
