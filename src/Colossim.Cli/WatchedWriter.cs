using System.Text;

namespace Colossim.Cli;

/// <summary>A writer that passes everything to another and remembers whether anything was written (see <see cref="CliContext.Finish"/>).</summary>
internal sealed class WatchedWriter : TextWriter
{
    private readonly TextWriter _inner;

    /// <summary>Writes to <paramref name="inner"/>, with its line ending.</summary>
    public WatchedWriter(TextWriter inner)
    {
        _inner = inner;
        CoreNewLine = inner.NewLine.ToCharArray();
    }

    /// <summary>Whether any character has been written.</summary>
    public bool Written { get; private set; }

    /// <inheritdoc/>
    public override Encoding Encoding => _inner.Encoding;

    /// <inheritdoc/>
    public override IFormatProvider FormatProvider => _inner.FormatProvider;

    /// <inheritdoc/>
    public override void Write(char value)
    {
        Written = true;
        _inner.Write(value);
    }

    /// <inheritdoc/>
    public override void Write(char[] buffer, int index, int count)
    {
        Written |= count > 0;
        _inner.Write(buffer, index, count);
    }

    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<char> buffer)
    {
        Written |= buffer.Length > 0;
        _inner.Write(buffer);
    }

    /// <inheritdoc/>
    public override void Write(string? value)
    {
        Written |= !string.IsNullOrEmpty(value);
        _inner.Write(value);
    }

    /// <inheritdoc/>
    public override void WriteLine(string? value)
    {
        Written = true;
        _inner.WriteLine(value);
    }

    /// <inheritdoc/>
    public override void Flush() => _inner.Flush();
}
