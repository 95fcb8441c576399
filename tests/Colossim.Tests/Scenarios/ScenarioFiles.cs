using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Scenarios;

namespace Colossim.Tests.Scenarios;

/// <summary>Where the repository's scenarios and the scenario test data are, and catalogs to load them with.</summary>
public static class ScenarioFiles
{
    private static readonly Lazy<ColossimCatalog> TestCatalogValue = new(() => Load(ColossimCatalog.Empty, TestData("test-catalog.yaml")));

    /// <summary>The repository's root (the folder holding Colossim.slnx).</summary>
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>A small fixed catalog (TestData/Scenarios/test-catalog.yaml), so messages do not change as the built-in one grows.</summary>
    public static ColossimCatalog TestCatalog => TestCatalogValue.Value;

    /// <summary>The path of a scenario of the repository's <c>scenarios/</c> folder.</summary>
    public static string Scenario(string name) => Path.Combine(RepoRoot, "scenarios", name);

    /// <summary>The path of a file of <c>TestData/Scenarios</c>.</summary>
    public static string TestData(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "Scenarios", name);

    /// <summary>Loads scenario text with the test catalog.</summary>
    public static ScenarioLoadResult Parse(string yaml, string? baseDirectory = null) => ScenarioLoader.Parse(yaml, TestCatalog, baseDirectory);

    /// <summary>The problems as <c>line N: path: message</c> (warnings marked), in order.</summary>
    public static string[] Messages(ScenarioLoadResult result) => [.. result.Problems.Select(p => p.ToString())];

    private static ColossimCatalog Load(ColossimCatalog into, string file)
    {
        var problems = new Problems();
        var catalog = into.WithFile(file, problems);
        return problems.Count == 0 ? catalog : throw new InvalidOperationException(string.Join("; ", problems));
    }

    private static string FindRoot()
    {
        for (var directory = AppContext.BaseDirectory; directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (File.Exists(Path.Combine(directory, "Colossim.slnx")))
            {
                return directory;
            }
        }

        throw new InvalidOperationException("Colossim.slnx not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A folder under the system's temporary folder, deleted with everything in it when disposed.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "colossim-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Writes <paramref name="text"/> (UTF-8, no byte-order mark) to <paramref name="name"/> and returns its path.</summary>
    public string Write(string name, string text)
    {
        var path = System.IO.Path.Combine(Path, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="name"/> and returns its path.</summary>
    public string Write(string name, byte[] bytes)
    {
        var path = System.IO.Path.Combine(Path, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temporary folder is harmless.
        }
    }
}
