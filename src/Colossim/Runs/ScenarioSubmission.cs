using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Scenarios;

namespace Colossim.Runs;

/// <summary>
/// Checks a scenario that arrives as text from another machine's user (the dashboard's HTTP API) before it is run:
/// its size (<see cref="MaxBytes"/>), the document limits of <see cref="DocReader"/>, no file names (<see cref="FileReferences"/>:
/// a scenario sent over HTTP may not make the server read its files), then everything <c>colossim check</c> applies
/// (<see cref="ScenarioLoader.Parse"/> and <see cref="ScenarioChecks.Check"/>), so the problems are the CLI's.
/// </summary>
public static class ScenarioSubmission
{
    /// <summary>The largest scenario accepted: 1 MiB of UTF-8.</summary>
    public const int MaxBytes = 1 << 20;

    /// <summary>The message for a value that names a file.</summary>
    public const string NoFiles = "a scenario sent to the dashboard cannot name a file on the server";

    // Keys whose value is resolved as a catalog id or a file name by the loader (and the Share sections' file keys).
    private static readonly HashSet<string> NamingKeys = new(StringComparer.OrdinalIgnoreCase) { "system", "type", "switch", "model", "trace", "file", "path", "tenants", "jobs", "catalog", "calibration" };

    // Extensions of the files a loader reads.
    private static readonly string[] FileExtensions = [".yaml", ".yml", ".json", ".jsonl", ".csv", ".parquet", ".txt", ".db"];

    /// <summary>
    /// Loads and checks <paramref name="text"/> as <c>colossim check</c> would, after refusing any value that names a
    /// file. Names resolve in <paramref name="catalog"/> (default the built-in one). Returns the scenario, or
    /// <see langword="null"/> with every problem (each with its path and line).
    /// </summary>
    public static ScenarioLoadResult Check(string text, ColossimCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var problems = new Problems();
        if (System.Text.Encoding.UTF8.GetByteCount(text) > MaxBytes)
        {
            problems.Error("", $"expected a scenario of at most {MaxBytes / 1024} KiB, found {System.Text.Encoding.UTF8.GetByteCount(text) / 1024} KiB");
            return new ScenarioLoadResult { Problems = [.. problems] };
        }

        var root = DocReader.Parse(text, problems);
        if (root is null || problems.HasErrors)
        {
            return new ScenarioLoadResult { Problems = [.. problems] };
        }

        var files = FileReferences(root).ToList();
        if (files.Count > 0)
        {
            return new ScenarioLoadResult { Problems = [.. files] };
        }

        // No file can be named, so the base folder is never read; it is a name that cannot exist, to be sure.
        var loaded = ScenarioLoader.Parse(text, catalog, baseDirectory: Path.Combine(Path.GetTempPath(), "colossim-no-files", Guid.NewGuid().ToString("N")));
        return loaded.Scenario is { } scenario ? ScenarioChecks.Check(scenario, loaded) : loaded;
    }

    /// <summary>
    /// Every scalar of the document that names a file, as an error at its path and line: a rooted path (<c>/etc/passwd</c>,
    /// <c>C:\x</c>, <c>~/x</c>), a path climbing with <c>..</c>, a name ending in a data file's extension
    /// (<c>.yaml</c>, <c>.csv</c>, ...), or, under a key the loader resolves as a catalog id or file
    /// (<c>model</c>, <c>system</c>, <c>type</c>, <c>switch</c>, <c>trace</c>...), any name with a slash.
    /// <c>name</c> and <c>description</c> are never read as files and are left alone.
    /// </summary>
    public static IEnumerable<Problem> FileReferences(DocNode root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var pending = new Stack<(DocNode Node, string Key)>();
        pending.Push((root, ""));
        while (pending.Count > 0)
        {
            var (node, key) = pending.Pop();
            switch (node)
            {
                case DocMap map:
                    for (var i = map.Entries.Count - 1; i >= 0; i--)
                    {
                        pending.Push((map.Entries[i].Value, map.Entries[i].Key));
                    }

                    break;
                case DocSeq seq:
                    for (var i = seq.Items.Count - 1; i >= 0; i--)
                    {
                        pending.Push((seq.Items[i], key));
                    }

                    break;
                case DocScalar scalar when NamesFile(key, scalar.Value.Trim()):
                    yield return new Problem(scalar.Path, $"{NoFiles} (found '{Shown(scalar.Value)}'); use a catalog id or a built-in trace, put the entry in the scenario's catalog: section, or run the file with colossim run", Severity.Error, scalar.Line);
                    break;
            }
        }
    }

    private static bool NamesFile(string key, string value)
    {
        if (value.Length == 0 || key is "name" or "description")
        {
            return false;
        }

        if (value[0] is '/' or '\\' or '~' || Path.IsPathRooted(value) || (value.Length >= 2 && char.IsAsciiLetter(value[0]) && value[1] == ':'))
        {
            return true;
        }

        if (value == ".." || value.StartsWith("../", StringComparison.Ordinal) || value.StartsWith("..\\", StringComparison.Ordinal)
            || value.Contains("/../", StringComparison.Ordinal) || value.Contains("\\..\\", StringComparison.Ordinal) || value.StartsWith("./", StringComparison.Ordinal))
        {
            return true;
        }

        if (!value.Contains(' ', StringComparison.Ordinal) && FileExtensions.Any(e => value.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        return NamingKeys.Contains(key) && ColossimCatalog.LooksLikePath(value);
    }

    private static string Shown(string value) => value.Length <= 80 ? value : string.Concat(value.AsSpan(0, 77), "...");
}
