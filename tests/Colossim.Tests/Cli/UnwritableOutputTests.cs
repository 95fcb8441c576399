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
