using Colossim.Cli;

namespace Colossim.Tests.Cli;

/// <summary>
/// Stdout and stderr that cannot be written (a full disk, <c>2&gt;&amp;-</c>, a reader gone): stderr is for people, so a
/// command goes on without it; stdout holds the results, so losing it is one error line and exit 1, not a crash or an
/// "internal error".
/// </summary>
public sealed class UnwritableOutputTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_command_goes_on_without_stderr_and_keeps_its_exit_code()
    {
        using var stdout = new StringWriter();

        var bad = ColossimCli.Run(["check", Path.Combine(_temp.Path, "missing.yaml")], stdout, new FullWriter());
        var sweep = ColossimCli.Run(["sweep", Sweeps.SweepFixtures.PlanSized, "--vary", "sites[0].gpus.count=1024:20480:1024", "--store", Path.Combine(_temp.Path, "s.db")], stdout, new FullWriter());

        Assert.Equal(2, bad);
        Assert.Equal(0, sweep);
        Assert.Contains("20 points", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Losing_stdout_is_one_error_line_and_exit_1()
    {
        using var stderr = new StringWriter();

        var exit = ColossimCli.Run(["catalog", "gpus", "--format", "json"], new FullWriter(), stderr);

        Assert.Equal(1, exit);
        Assert.Equal("error: cannot write the results to stdout (No space left on device)", stderr.ToString().Trim());
    }

    [Fact]
    public void A_closed_descriptor_is_lost_output_too()
    {
        // What .NET's console throws for a descriptor the shell closed (2>&-, >&-).
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var sweep = ColossimCli.Run(["sweep", Sweeps.SweepFixtures.PlanSized, "--vary", "sites[0].gpus.count=1024,2048", "--store", Path.Combine(_temp.Path, "s.db")], stdout, new ClosedWriter());
        var lost = ColossimCli.Run(["catalog", "gpus"], new ClosedWriter(), stderr);

        Assert.Equal((0, 1), (sweep, lost));
        Assert.Contains("2 points", stdout.ToString(), StringComparison.Ordinal);
        Assert.Equal("error: cannot write the results to stdout (Bad file descriptor)", stderr.ToString().Trim());
    }

    [SkippableFact]
    public void A_sweep_started_with_stderr_closed_finishes_and_prints_its_table()
    {
        Skip.IfNot(File.Exists("/bin/sh"), "needs a POSIX shell to close a descriptor");
        var start = new System.Diagnostics.ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$0\" \"$1\" sweep \"$2\" --vary 'sites[0].gpus.count=1024,2048' --store \"$3\" 2>&-");
        start.ArgumentList.Add(CliRunner.Host);
        start.ArgumentList.Add(CliRunner.Command);
        start.ArgumentList.Add(Sweeps.SweepFixtures.PlanSized);
        start.ArgumentList.Add(Path.Combine(_temp.Path, "closed.db"));
        start.Environment["COLOSSIM_TIMINGS"] = "1";
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), "colossim did not exit within a minute");

        Assert.Equal(0, process.ExitCode);
        Assert.Contains("2 points", output, StringComparison.Ordinal);
    }

    // A writer whose descriptor was closed: every write fails as .NET's console fails on EBADF.
    private sealed class ClosedWriter : StringWriter
    {
        private static UnauthorizedAccessException Closed() => new("Access to the path is denied.", new IOException("Bad file descriptor"));

        public override void Write(char value) => throw Closed();

        public override void Write(char[] buffer, int index, int count) => throw Closed();

        public override void Write(ReadOnlySpan<char> buffer) => throw Closed();

        public override void Write(string? value) => throw Closed();

        public override void WriteLine(string? value) => throw Closed();
    }

    // A writer on a full device: every write fails.
    private sealed class FullWriter : StringWriter
    {
        public override void Write(char value) => throw new IOException("No space left on device");

        public override void Write(char[] buffer, int index, int count) => throw new IOException("No space left on device");

        public override void Write(ReadOnlySpan<char> buffer) => throw new IOException("No space left on device");

        public override void Write(string? value) => throw new IOException("No space left on device");

        public override void WriteLine(string? value) => throw new IOException("No space left on device");
    }
}
