using System.Diagnostics;

namespace Colossim.Tests.Scenarios;

/// <summary>Runs one of the repository's bash scripts (tools/...) as a user would, and gives its exit code, stdout and stderr.</summary>
public static class RepoScript
{
    /// <summary>
    /// Runs <c>/bin/bash</c> on <paramref name="script"/> (a path under the repository root) with <paramref name="args"/>;
    /// fails the test when it has not stopped within <paramref name="seconds"/>.
    /// </summary>
    public static (int Exit, string Output, string Error) Run(string script, int seconds, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(ScenarioFiles.RepoRoot, script));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(seconds * 1000), $"the script did not stop within {seconds} s");
        return (process.ExitCode, output, error.Result);
    }
}
