namespace Colossim.Tests;

/// <summary>
/// Golden-file checks: compares text with <c>Expectations/NAME.approved.EXT</c> in the source tree. A mismatch writes
/// <c>NAME.received.EXT</c> next to it; setting <c>COLOSSIM_APPROVE=1</c> rewrites the approved file instead.
/// </summary>
public static class Approvals
{
    public static void Verify(string name, string actual, string extension = "txt")
    {
        var directory = Path.Combine(SourceRoot(), "Expectations");
        var approvedPath = Path.Combine(directory, $"{name}.approved.{extension}");
        var receivedPath = Path.Combine(directory, $"{name}.received.{extension}");
        actual = actual.ReplaceLineEndings("\n");
        if (Environment.GetEnvironmentVariable("COLOSSIM_APPROVE") == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(approvedPath, actual);
            File.Delete(receivedPath);
            return;
        }

        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings("\n") : null;
        if (approved == actual)
        {
            File.Delete(receivedPath);
            return;
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(receivedPath, actual);
        Assert.Fail(approved is null
            ? $"No approved file {approvedPath}; wrote {receivedPath}. Review it and rerun with COLOSSIM_APPROVE=1 to accept."
            : $"Output differs from {approvedPath}; wrote {receivedPath}. Diff them, and rerun with COLOSSIM_APPROVE=1 if the change is intended.");
    }

    // The test project's folder in the source tree, found from the test binaries (bin/<config>/<tfm>/ below it).
    // Not [CallerFilePath]: CI builds map source paths to /_/ (ContinuousIntegrationBuild), so those do not exist on disk.
    private static string SourceRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Colossim.Tests.csproj")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Colossim.Tests.csproj not found above " + AppContext.BaseDirectory);
    }
}
