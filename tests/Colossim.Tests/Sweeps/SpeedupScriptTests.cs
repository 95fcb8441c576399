using System.Diagnostics;
using Colossim.Tests.Scenarios;

namespace Colossim.Tests.Sweeps;

/// <summary>
/// tools/sweeps/speedup.sh, the measurement of the sweep's speed-up on two cores (docs/performance.md): its arguments are
/// checked before any sweep is run, each refusal one line and exit 2. (The measurement itself takes a minute and more;
/// it is not run here.)
/// </summary>
public sealed class SpeedupScriptTests
{
    [SkippableTheory]
    [InlineData("0", "expected ROUNDS from 1 to 1000, found '0'")]
    [InlineData("-1", "expected ROUNDS from 1 to 1000, found '-1'")]
    [InlineData("1e308", "expected ROUNDS from 1 to 1000, found '1e308'")]
    [InlineData("1001", "expected ROUNDS from 1 to 1000, found '1001'")]
    public void Refuses_a_bad_number_of_rounds(string rounds, string message)
    {
        // Any executable passes the command's check, which comes first.
        Assert.Equal((2, $"speedup.sh: {message}"), Trim(Script("/bin/sh", rounds)));
    }

    [SkippableFact]
    public void Refuses_a_folder_as_the_command_and_a_file_as_the_store_folder()
    {
        Assert.Equal((2, "speedup.sh: expected an executable colossim, found '/tmp' (build it: dotnet build src/Colossim.Cli -c Release)"), Trim(Script("/tmp", "2")));
        Assert.Equal((2, "speedup.sh: expected an executable colossim, found '/dev/zero' (build it: dotnet build src/Colossim.Cli -c Release)"), Trim(Script("/dev/zero", "2")));
        var file = Path.GetTempFileName();
        try
        {
            Assert.Equal((2, $"speedup.sh: expected a writable folder for the stores, found '{file}'"), Trim(Script("/bin/sh", "2", file)));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static (int, string) Trim((int Exit, string Error) result) => (result.Exit, result.Error.Trim());

    private static (int Exit, string Error) Script(params string[] args)
    {
        Skip.IfNot(File.Exists("/bin/bash") && File.Exists("/bin/sh"), "the script is a bash script");
        var start = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(ScenarioFiles.RepoRoot, "tools", "sweeps", "speedup.sh"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(30_000), "the script did not stop within 30 s");
        return (process.ExitCode, error.Result);
    }
}
