using System.Text;

namespace Colossim.Cli;

/// <summary>
/// Stderr as the tool writes to it: progress, warnings and errors, for people. When it cannot be written (closed with
/// <c>2&gt;&amp;-</c>, a full device, a reader gone), writing stops and the command goes on, its results on stdout and
/// its exit code unchanged: there is no one left to tell, and a sweep should not die of its own progress line.
/// </summary>
internal sealed class DiagnosticsWriter : TextWriter
{
    private readonly TextWriter _inner;
    private volatile bool _lost;

    /// <summary>Writes to <paramref name="inner"/>, with its line ending, until a write fails.</summary>
    public DiagnosticsWriter(TextWriter inner)
    {
        _inner = inner;
        CoreNewLine = inner.NewLine.ToCharArray();
    }

    /// <inheritdoc/>
    public override Encoding Encoding => _inner.Encoding;

    /// <inheritdoc/>
    public override IFormatProvider FormatProvider => _inner.FormatProvider;

    /// <inheritdoc/>
    public override void Write(char value) => Try(() => _inner.Write(value));

    /// <inheritdoc/>
    public override void Write(char[] buffer, int index, int count) => Try(() => _inner.Write(buffer, index, count));

    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<char> buffer)
    {
        if (_lost)
        {
            return;
        }

        try
        {
            _inner.Write(buffer);
        }
        catch (Exception e) when (WatchedWriter.IsLost(e))
        {
            _lost = true;
        }
    }

    /// <inheritdoc/>
    public override void Write(string? value) => Try(() => _inner.Write(value));

    /// <inheritdoc/>
    public override void WriteLine(string? value) => Try(() => _inner.WriteLine(value));

    /// <inheritdoc/>
    public override void Flush() => Try(_inner.Flush);

    private void Try(Action write)
    {
        if (_lost)
        {
            return;
        }

        try
        {
            write();
        }
        catch (Exception e) when (WatchedWriter.IsLost(e))
        {
            _lost = true;
        }
    }
}
