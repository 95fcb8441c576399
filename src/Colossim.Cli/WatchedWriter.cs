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
        catch (Exception e) when (e is not OutputLostException && IsLost(e))
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

    /// <summary>
    /// Whether <paramref name="e"/> says a stream cannot be written: an I/O error (a full disk, a reader gone), or a
    /// descriptor closed before the process started (<c>2&gt;&amp;-</c>), which .NET's console reports as access denied.
    /// </summary>
    internal static bool IsLost(Exception e) => e is IOException or UnauthorizedAccessException;

    private static void Pass(Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is not OutputLostException && IsLost(e))
        {
            throw new OutputLostException(e);
        }
    }
}

/// <summary>
/// Stdout could not be written: the results are lost, which is the environment's doing, not a bug. The message is the
/// system's (<c>No space left on device</c>, <c>Bad file descriptor</c>).
/// </summary>
internal sealed class OutputLostException(Exception cause) : IOException((cause.InnerException as IOException ?? cause).Message, cause);
