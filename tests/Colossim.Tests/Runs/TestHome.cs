using System.Runtime.CompilerServices;
using Colossim.Runs;

namespace Colossim.Tests.Runs;

/// <summary>
/// Points <c>COLOSSIM_HOME</c> at a temporary folder for the whole test run, before any test starts, so that no test
/// (the CLI's <c>run</c> records itself in the history) ever writes the user's own run store.
/// </summary>
internal static class TestHome
{
    public static string Path { get; private set; } = "";

    [ModuleInitializer]
    internal static void Initialize()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"colossim-home-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
        Environment.SetEnvironmentVariable(RunStoreLocation.HomeVariable, Path);
        Environment.SetEnvironmentVariable(RunStoreLocation.NoHistoryVariable, null);
    }
}
