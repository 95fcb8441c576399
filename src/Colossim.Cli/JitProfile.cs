using System.Globalization;
using System.Runtime;

namespace Colossim.Cli;

/// <summary>
/// .NET's multicore JIT (<see cref="ProfileOptimization"/>) for the command being run: the first run of a command records
/// which methods it compiled; later runs of the same build compile them ahead on a spare core while the command starts,
/// instead of each one when first called. A sweep's workers all start cold at once, so on two cores this is most of what
/// separates them from twice one core's speed (docs/performance.md). It changes no result, only start-up time.
/// </summary>
/// <remarks>
/// The profiles are a cache: one file per command, build and install folder under <c>$COLOSSIM_HOME/jit</c>, else
/// <c>$XDG_CACHE_HOME/colossim/jit</c>, else <c>~/.cache/colossim/jit</c>; a new build's first run removes those not used for two weeks.
/// <c>COLOSSIM_JIT_PROFILE=off</c> turns it off; a folder that cannot be written turns it off for that run.
/// </remarks>
internal static class JitProfile
{
    /// <summary>The commands that get a profile: the first word of the command line, when it is a command's name.</summary>
    internal static readonly IReadOnlyList<string> Commands = [.. ColossimCli.Commands.Select(c => c.Name)];

    /// <summary>How long a build's profiles stay after their last use (every run rewrites its command's profile).</summary>
    internal static readonly TimeSpan Unused = TimeSpan.FromDays(14);

    /// <summary>
    /// This build: the tool's assembly version and the identities of its two assemblies (changed by any change to their
    /// code). Read from the metadata rather than from <see cref="ColossimCli.Version"/>'s attribute, which would load every
    /// assembly named by the tool's assembly attributes (Orleans' among them) before the command has started.
    /// </summary>
    internal static string Build =>
        $"{typeof(ColossimCli).Assembly.GetName().Version}-{Fnv1a($"{typeof(ColossimCli).Module.ModuleVersionId}{typeof(Scenarios.Scenario).Module.ModuleVersionId}"):x16}";

    /// <summary>Starts recording, and using what an earlier run recorded, for <paramref name="args"/>' command (not in the native build, which has no JIT); never throws.</summary>
    public static void Start(string[] args)
    {
        // The native build compiled everything ahead of time: there is nothing to record.
        if (NativeBuild.IsNative || File(args, Environment.GetEnvironmentVariable, Build, AppContext.BaseDirectory) is not var (folder, name))
        {
            return;
        }

        try
        {
            // A new build's first run clears the cache of builds unused for two weeks; later runs go straight on.
            if (!Directory.Exists(folder))
            {
                Directory.CreateDirectory(folder);
                var stale = DateTime.UtcNow - Unused;
                foreach (var other in Directory.EnumerateDirectories(Path.GetDirectoryName(folder)!))
                {
                    if (!string.Equals(other, folder, StringComparison.Ordinal) && Directory.GetLastWriteTimeUtc(other) < stale)
                    {
                        Directory.Delete(other, recursive: true);
                    }
                }
            }

            ProfileOptimization.SetProfileRoot(folder);
            ProfileOptimization.StartProfile(name);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A cache that cannot be written only costs start-up time.
        }
    }

    /// <summary>
    /// The folder and file name of the profile for <paramref name="args"/>' command in build <paramref name="version"/>
    /// installed in <paramref name="install"/> (a build compiled ahead of time compiles other methods than the same build
    /// compiled as it runs, so each install has its own), or <see langword="null"/> when there is none (turned off, no
    /// command, no home folder).
    /// </summary>
    internal static (string Folder, string Name)? File(string[] args, Func<string, string?> environment, string version, string install)
    {
        if (args.Length == 0 || !Commands.Contains(args[0], StringComparer.Ordinal)
            || string.Equals(environment("COLOSSIM_JIT_PROFILE"), "off", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var root = environment("COLOSSIM_HOME") is { Length: > 0 } home ? Path.Combine(home, "jit")
            : environment("XDG_CACHE_HOME") is { Length: > 0 } cache ? Path.Combine(cache, "colossim", "jit")
            : environment("HOME") is { Length: > 0 } user ? Path.Combine(user, ".cache", "colossim", "jit")
            : null;
        if (root is null)
        {
            return null;
        }

        // "v" first: a folder name of its own, never "." or "..", whatever the version says.
        var where = Fnv1a(install).ToString("x16", CultureInfo.InvariantCulture);
        var build = "v" + new string([.. version.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '-')]) + "-" + where;
        return (Path.Combine(root, build), $"{args[0]}.jitprofile");
    }

    // A stable 64-bit hash of the install folder (FNV-1a over its UTF-16 code units): SHA-256 would load the system's
    // crypto library, a tenth of a short command's start-up.
    private static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = unchecked((hash ^ c) * 1099511628211UL);
        }

        return hash;
    }
}
