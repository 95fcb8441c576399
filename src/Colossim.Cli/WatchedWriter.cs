using System.Text;

namespace Colossim.Cli;

/// <summary>
/// A writer that passes everything to another and remembers whether anything was written (see
/// <see cref="CliContext.Finish"/>); a write that fails (a full disk, a reader gone) throws
/// <see cref="OutputLostException"/>, which the command line reports as one line instead of an internal error.
/// </summary>
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
        Pass(() => _inner.Write(value));
    }

    /// <inheritdoc/>
    public override void Write(char[] buffer, int index, int count)
    {
        Written |= count > 0;
        Pass(() => _inner.Write(buffer, index, count));
    }

    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<char> buffer)
    {
        Written |= buffer.Length > 0;
        try
        {
            _inner.Write(buffer);
        }
        catch (IOException e) when (e is not OutputLostException)
        {
            throw new OutputLostException(e);
        }
    }

    /// <inheritdoc/>
    public override void Write(string? value)
    {
        Written |= !string.IsNullOrEmpty(value);
        Pass(() => _inner.Write(value));
    }

    /// <inheritdoc/>
    public override void WriteLine(string? value)
    {
        Written = true;
        Pass(() => _inner.WriteLine(value));
    }

    /// <inheritdoc/>
    public override void Flush() => Pass(_inner.Flush);

    private static void Pass(Action write)
    {
        try
        {
            write();
        }
        catch (IOException e) when (e is not OutputLostException)
        {
            throw new OutputLostException(e);
        }
    }
}

/// <summary>Stdout could not be written: the results are lost, which is the environment's doing, not a bug.</summary>
internal sealed class OutputLostException(IOException cause) : IOException(cause.Message, cause);
