using System.Globalization;
using Colossim.Documents;

namespace Colossim.Reports;

/// <summary>What a valid scenario holds, as <c>colossim check</c> sums it up: counts of sites (1 or more), GPUs, tenants and workloads.</summary>
/// <param name="Sites">The number of sites.</param>
/// <param name="Gpus">The number of GPUs over all sites.</param>
/// <param name="Tenants">The number of tenants.</param>
/// <param name="Workloads">The number of workloads.</param>
public sealed record CheckSummary(int Sites, long Gpus, int Tenants, int Workloads);

/// <summary>
/// What <c>colossim check</c> shows: the verdict on a scenario file, as a line of text (the problems themselves go to
/// stderr) or as its JSON contract <c>{"file", "valid", "problems", "summary"}</c>.
/// </summary>
public static class CheckReport
{
    /// <summary>
    /// The JSON document: <c>file</c>, <c>valid</c>, <c>problems</c> (in the shape of <see cref="ProblemsJson"/>) and
    /// <c>summary</c> (<c>{"sites", "gpus", "tenants", "workloads"}</c>, <see langword="null"/> when invalid); indented,
    /// without a trailing newline.
    /// </summary>
    /// <param name="file">The scenario file as the user named it.</param>
    /// <param name="problems">Every problem found, warnings included.</param>
    /// <param name="summary">The scenario's summary when it is valid, else <see langword="null"/>.</param>
    public static string ToJson(string file, IEnumerable<Problem> problems, CheckSummary? summary)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(problems);
        return ReportJson.Serialize(new CheckJson(file, summary is not null, ProblemsJson.Entries(problems), summary));
    }

    /// <summary>
    /// The verdict line: <c>FILE: OK (1 site, 100,000 GPUs, 2 tenants, 2 workloads)</c> when valid, else
    /// <c>FILE: invalid (2 errors, 1 warning)</c>.
    /// </summary>
    public static IReadOnlyList<ReportBlock> Blocks(string file, IEnumerable<Problem> problems, CheckSummary? summary)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(problems);
        if (summary is not null)
        {
            return [new ReportText($"{file}: OK ({Summary(summary)})")];
        }

        var list = problems.ToList();
        var errors = list.Count(p => p.Severity == Severity.Error);
        var warnings = list.Count - errors;
        return [new ReportText($"{file}: invalid ({Plural(errors, "error")}{(warnings > 0 ? $", {Plural(warnings, "warning")}" : "")})")];
    }

    /// <summary>A summary in words: <c>1 site, 100,000 GPUs, 2 tenants, 2 workloads</c>.</summary>
    public static string Summary(CheckSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return $"{Plural(summary.Sites, "site")}, {Plural(summary.Gpus, "GPU")}, {Plural(summary.Tenants, "tenant")}, {Plural(summary.Workloads, "workload")}";
    }

    /// <summary>A count and its noun, plural unless the count is 1: <c>1 site</c>, <c>100,000 GPUs</c>, <c>0 errors</c>.</summary>
    public static string Plural(long n, string noun) =>
        $"{n.ToString("N0", CultureInfo.InvariantCulture)} {noun}{(n == 1 ? "" : "s")}";

    private sealed record CheckJson(string File, bool Valid, IReadOnlyList<ProblemsJson.ProblemEntry> Problems, CheckSummary? Summary);
}
