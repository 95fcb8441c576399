using System.Runtime.Versioning;
using Colossim.Tests.Scenarios;

namespace Colossim.Tests.Cli;

/// <summary>
/// tools/native/compare.sh, the check that the native build prints what the .NET build prints (docs/performance.md, "The
/// native build"): run here with stand-ins for the two builds, since a native build takes minutes to make (CI makes one
/// and runs the script on it).
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class NativeCompareScriptTests
{
    // A stand-in colossim: prints its arguments and a wall time that differs on every call, writes a file into --out,
    // and, as the native build does, refuses --cluster when NATIVE is set; EXTRA is printed after the output of the
    // command line it names.
    private const string StandIn = """
        #!/bin/sh
        case " $* " in *" --cluster "*) if [ -n "$NATIVE" ]; then echo "error: --cluster: expected the .NET build of colossim to join the sweep grid, found the native build (stand-in)" >&2; exit 2; fi ;; esac
        echo "$*"
        echo "\"wall_s\": 0.$$"
        if [ -n "$EXTRA" ] && [ "$*" = "$EXTRA" ]; then echo extra; fi
        prev=
        for a in "$@"; do
          if [ "$prev" = --out ]; then mkdir -p "$a"; echo "$*" >"$a/report.txt"; fi
          prev=$a
        done
        """;

    [SkippableFact]
    public void Finds_every_command_the_same_when_the_builds_print_the_same()
    {
        var (exit, output, error) = WithStandIns(extra: null, (dotnet, native) => Script(native, dotnet));

        Assert.True(exit == 0, output + error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length > 40, output);
        Assert.All(lines, line => Assert.StartsWith("same  colossim ", line, StringComparison.Ordinal));
        Assert.Contains("same  colossim worker --cluster Host=db;Database=grid (refused by the native build, as it should be)", lines);
    }

    [SkippableFact]
    public void Names_the_command_whose_output_differs_and_exits_1()
    {
        var (exit, output, _) = WithStandIns(extra: "catalog --format json", (dotnet, native) => Script(native, dotnet));

        Assert.Equal(1, exit);
        Assert.Contains("DIFF  colossim catalog --format json\n", output, StringComparison.Ordinal);
        Assert.Contains("> extra", output, StringComparison.Ordinal);
        Assert.Single(output.Split('\n'), line => line.StartsWith("DIFF", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Says_when_the_native_build_does_not_refuse_the_grid()
    {
        // The .NET stand-in as "native": it does not refuse --cluster.
        var (exit, output, _) = WithStandIns(extra: null, (dotnet, _) => Script(dotnet, dotnet));

        Assert.Equal(1, exit);
        Assert.Contains("DIFF  colossim worker --cluster Host=db;Database=grid: expected the native build to refuse it with exit code 2", output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Refuses_bad_arguments_in_one_line()
    {
        Assert.Equal((2, "compare.sh: usage: tools/native/compare.sh NATIVE [DOTNET]"), Trim(Script()));
        Assert.Equal((2, "compare.sh: expected an executable colossim, found '/tmp'"), Trim(Script("/tmp")));
        Assert.Equal((2, "compare.sh: expected an executable colossim, found '/dev/zero'"), Trim(Script("/bin/sh", "/dev/zero")));
        Assert.Equal((2, "compare.sh: usage: tools/native/compare.sh NATIVE [DOTNET]"), Trim(Script("/bin/sh", "/bin/sh", "/bin/sh")));
    }

    private static (int Exit, string Output, string Error) WithStandIns(string? extra, Func<string, string, (int, string, string)> run)
    {
        var folder = Directory.CreateTempSubdirectory("colossim-native-test").FullName;
        try
        {
            var dotnet = Path.Combine(folder, "dotnet-colossim");
            File.WriteAllText(dotnet, StandIn);
            var native = Path.Combine(folder, "native-colossim");
            File.WriteAllText(native, $"#!/bin/sh\nNATIVE=1 EXTRA='{extra}' exec '{dotnet}' \"$@\"\n");
            foreach (var file in new[] { dotnet, native })
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            return run(dotnet, native);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static (int, string) Trim((int Exit, string Output, string Error) result) => (result.Exit, result.Error.Trim());

    private static (int Exit, string Output, string Error) Script(params string[] args)
    {
        Skip.IfNot(OperatingSystem.IsLinux() && File.Exists("/bin/bash"), "the script is a bash script");
        return RepoScript.Run("tools/native/compare.sh", 60, args);
    }
}
