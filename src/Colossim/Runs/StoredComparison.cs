using Colossim.Documents;
using Colossim.Reports;

namespace Colossim.Runs;

/// <summary>
/// Compares two runs each named by a report folder, its <c>summary.json</c>, or a run id from the run store (as
/// <c>colossim runs</c> lists them), so <c>colossim compare</c> and the dashboard compare the same way.
/// </summary>
public static class StoredComparison
{
    /// <summary>
    /// Resolves <paramref name="a"/> and <paramref name="b"/> (a path that exists is a path; anything else is looked up as
    /// a run id in the store at <paramref name="databasePath"/>) and compares their summaries; <see langword="null"/> with
    /// problems at <c>RUN_A</c>/<c>RUN_B</c> when either cannot be found or read.
    /// </summary>
    public static RunComparison? Load(string a, string b, Problems problems, string? databasePath = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(problems);
        RunStore? store = null;
        var summaryA = Resolve(a, "RUN_A", problems, databasePath, ref store);
        var summaryB = Resolve(b, "RUN_B", problems, databasePath, ref store);
        return summaryA is { } sa && summaryB is { } sb
            ? RunComparison.Compare(a, sa.Text, sa.File, b, sb.Text, sb.File, problems)
            : null;
    }

    private static (string Text, string File)? Resolve(string run, string path, Problems problems, string? databasePath, ref RunStore? store)
    {
        if (string.IsNullOrWhiteSpace(run) || File.Exists(run) || Directory.Exists(run) || run.Contains('/', StringComparison.Ordinal) || run.Contains('\\', StringComparison.Ordinal))
        {
            return RunComparison.Read(run, problems, path);
        }

        var database = databasePath ?? RunStoreLocation.DatabasePath();
        if (!File.Exists(database))
        {
            problems.Error(path, $"expected a report folder (colossim run --out DIR) or a run id (colossim runs), found nothing at {run} and no run history at {database}");
            return null;
        }

        if (store is null)
        {
            var opening = new Problems();
            store = RunStore.Open(database, opening);
            if (store is null)
            {
                foreach (var p in opening)
                {
                    problems.Error(path, p.Message);
                }

                return null;
            }
        }

        if (store.Get(run) is not { } record)
        {
            problems.Error(path, $"expected a report folder (colossim run --out DIR) or a run id (colossim runs), found neither: '{run}'");
            return null;
        }

        if (record.Summary is not { } summary)
        {
            problems.Error(path, $"run {run} has no summary to compare (it is {record.Status.ToString().ToLowerInvariant()}{(record.Error is { } e ? $": {e}" : "")})");
            return null;
        }

        return (summary, $"run {run}");
    }
}
