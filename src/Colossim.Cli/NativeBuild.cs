using System.Runtime.CompilerServices;
using Colossim.Documents;
using Colossim.Grid;

namespace Colossim.Cli;

/// <summary>
/// What the native build of colossim (compiled ahead of time, <c>dotnet publish src/Colossim.Cli -c Release -r linux-x64
/// -p:Native=true</c>: docs/performance.md, "The native build") cannot do: join the sweep grid. Its silos and clients
/// are Orleans, which loads assemblies and makes code at run time; everything else prints what the .NET build prints
/// (tools/native/compare.sh).
/// </summary>
internal static class NativeBuild
{
    /// <summary>Whether this process is the native build: no JIT, no code made at run time.</summary>
    public static bool IsNative => !RuntimeFeature.IsDynamicCodeSupported;

    /// <summary>Adds an error on <c>--cluster</c> when this process is the native build.</summary>
    public static void RequireGrid(Problems problems) => RequireGrid(problems, IsNative);

    /// <summary>Adds an error on <c>--cluster</c> when <paramref name="native"/>.</summary>
    internal static void RequireGrid(Problems problems, bool native)
    {
        if (native)
        {
            problems.Error(GridDatabase.Option, "expected the .NET build of colossim to join the sweep grid, found the native build (Orleans needs the .NET runtime): use 'dotnet run -c Release --project src/Colossim.Cli -- ...' or the build of 'dotnet build src/Colossim.Cli -c Release'");
        }
    }
}
