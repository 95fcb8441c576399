using Colossim.Cli;

namespace Colossim.Tests.Cli;

/// <summary>What one in-process run of the command line printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error);

/// <summary>Runs the <c>colossim</c> command line in process, capturing stdout and stderr.</summary>
public static class CliRunner
{
    public static CliResult Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = ColossimCli.Run(args, stdout, stderr);
        return new CliResult(exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The .NET host that runs the built command in a process of its own: the one running the tests when known.</summary>
    public static string Host => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    /// <summary>The built command's assembly, next to the tests.</summary>
    public static string Command => typeof(ColossimCli).Assembly.Location;

    /// <summary>The built command with <paramref name="args"/> in a process of its own, stdout and stderr redirected.</summary>
    public static System.Diagnostics.ProcessStartInfo StartInfo(params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo(Host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Command);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }
}
