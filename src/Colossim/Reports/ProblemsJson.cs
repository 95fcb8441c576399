using System.Text.Json.Nodes;
using Colossim.Documents;

namespace Colossim.Reports;

/// <summary>
/// The one JSON shape of a list of problems, for every command and front end that reports them as JSON: an array of
/// objects <c>{"file", "path", "line", "severity", "message"}</c> in the order found, where <c>file</c> and <c>line</c>
/// are <see langword="null"/> when unknown and <c>severity</c> is <c>"error"</c> or <c>"warning"</c>.
/// </summary>
public static class ProblemsJson
{
    /// <summary>The problems as a JSON array (empty when there are none).</summary>
    public static JsonArray ToNode(IEnumerable<Problem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        // Built directly, as the serializer would write ProblemEntry (its first use costs a process ~40 ms).
        return new JsonArray([.. Entries(problems).Select(e => new JsonObject
        {
            ["file"] = e.File,
            ["path"] = e.Path,
            ["line"] = e.Line,
            ["severity"] = e.Severity == Severity.Error ? "error" : "warning",
            ["message"] = e.Message,
        })]);
    }

    /// <summary>
    /// The error document, <c>{"exit_code": N, "problems": [...]}</c>, indented, without a trailing newline: what a
    /// command that fails writes on stdout with <c>--format json</c> when its own document does not describe the failure.
    /// </summary>
    public static string ToJson(int exitCode, IEnumerable<Problem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return ReportJson.Serialize(new JsonObject { ["exit_code"] = exitCode, ["problems"] = ToNode(problems) });
    }

    /// <summary>The entries as records, for contracts that embed the list (<see cref="CheckReport"/>).</summary>
    internal static IReadOnlyList<ProblemEntry> Entries(IEnumerable<Problem> problems) =>
        [.. problems.Select(p => new ProblemEntry(p.File, p.Path, p.Line, p.Severity, p.Message))];

    /// <summary>One problem as JSON writes it; property order is key order.</summary>
    internal sealed record ProblemEntry(string? File, string Path, int? Line, Severity Severity, string Message);
}
