namespace Colossim.Tests.Catalog;

/// <summary>Paths of the test data files and of the repository's shipped files.</summary>
internal static class TestFiles
{
    /// <summary>A file under <c>TestData/catalog/</c> (copied next to the test assembly).</summary>
    public static string Catalog(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "catalog", name);

    /// <summary>A file of the repository (found by walking up to <c>Colossim.slnx</c>), such as <c>scenarios/models/gpt3-175b.yaml</c>.</summary>
    public static string Repository(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Colossim.slnx")))
            {
                return Path.Combine(dir.FullName, relative);
            }
        }

        throw new InvalidOperationException("Colossim.slnx not found above " + AppContext.BaseDirectory);
    }
}
