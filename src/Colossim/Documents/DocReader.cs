using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Colossim.Documents;

/// <summary>Limits that keep hostile documents (huge files, deep nesting, alias bombs) from exhausting the machine.</summary>
public sealed record DocLimits
{
    /// <summary>Largest file accepted, in bytes (default 10 MiB).</summary>
    public long MaxBytes { get; init; } = 10L * 1024 * 1024;

    /// <summary>Deepest nesting of mappings and lists (default 64).</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Most nodes after expanding aliases (default 1,000,000).</summary>
    public int MaxNodes { get; init; } = 1_000_000;

    /// <summary>The defaults.</summary>
    public static DocLimits Default { get; } = new();
}

/// <summary>
/// Reads one YAML (or JSON) document into a <see cref="DocNode"/> tree, reporting instead of throwing: not UTF-8 text,
/// too large, empty, invalid syntax, several documents, duplicate keys, nesting too deep, aliases that expand too far.
/// </summary>
public static class DocReader
{
    /// <summary>Reads and parses the file at <paramref name="path"/>; <see langword="null"/> when it cannot be used.</summary>
    public static DocNode? ReadFile(string path, Problems problems, DocLimits? limits = null)
    {
        limits ??= DocLimits.Default;
        return ReadBytes(path, problems, limits.MaxBytes) is { } bytes ? Parse(bytes, problems, limits) : null;
    }

    /// <summary>
    /// Reads at most <paramref name="maxBytes"/> bytes of the file at <paramref name="path"/>, recording a problem (and
    /// returning <see langword="null"/>) when it is missing, a directory, unreadable or larger. A regular file that is too
    /// large is refused from its length without reading it; a device (<c>/dev/zero</c>) or a growing file is read no
    /// further than one byte past the limit. Every input file goes through here.
    /// </summary>
    public static byte[]? ReadBytes(string path, Problems problems, long maxBytes)
    {
        problems.File ??= path;
        try
        {
            if (Directory.Exists(path))
            {
                problems.Error("", "expected a file, found a directory");
                return null;
            }

            if (!File.Exists(path))
            {
                problems.Error("", "the file does not exist");
                return null;
            }

            if (SpecialFiles.Describe(path) is { } special)
            {
                problems.Error("", $"expected a file, found {special}");
                return null;
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan);
            if (stream.CanSeek && stream.Length > maxBytes)
            {
                problems.Error("", $"the file is {FormatSize(stream.Length)}, larger than the {FormatSize(maxBytes)} accepted");
                return null;
            }

            var bytes = ReadAtMost(stream, maxBytes + 1);
            if (bytes.Length > maxBytes)
            {
                problems.Error("", $"the file is larger than the {FormatSize(maxBytes)} accepted");
                return null;
            }

            return bytes;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            problems.Error("", $"the file cannot be read: {e.Message}");
            return null;
        }
    }

    /// <summary>
    /// Reads a UTF-8 text file (JSON Lines, CSV) through <see cref="ReadBytes"/>, refusing binary data (a NUL byte) and
    /// bytes that are not UTF-8; a byte-order mark is dropped.
    /// </summary>
    public static string? ReadText(string path, Problems problems, long maxBytes)
    {
        if (ReadBytes(path, problems, maxBytes) is not { } bytes)
        {
            return null;
        }

        if (Array.IndexOf(bytes, (byte)0) >= 0)
        {
            problems.Error("", "expected text, found binary data (a NUL byte)");
            return null;
        }

        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            problems.Error("", "expected text, found bytes that are not UTF-8 (binary data?)");
            return null;
        }
    }

    /// <summary>Parses UTF-8 bytes (a byte-order mark is allowed).</summary>
    public static DocNode? Parse(ReadOnlySpan<byte> utf8, Problems problems, DocLimits? limits = null)
    {
        limits ??= DocLimits.Default;
        if (utf8.Length > limits.MaxBytes)
        {
            problems.Error("", $"the document is {FormatSize(utf8.Length)}, larger than the {FormatSize(limits.MaxBytes)} accepted");
            return null;
        }

        if (utf8.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || utf8.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            problems.Error("", "expected UTF-8 text, found UTF-16 (save the file as UTF-8)");
            return null;
        }

        if (utf8.IndexOf((byte)0) >= 0)
        {
            problems.Error("", "expected YAML or JSON text, found binary data (a NUL byte)");
            return null;
        }

        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(utf8);
        }
        catch (DecoderFallbackException)
        {
            problems.Error("", "expected YAML or JSON text, found bytes that are not UTF-8 (binary data?)");
            return null;
        }

        return Parse(text.TrimStart('\uFEFF'), problems, limits);
    }

    /// <summary>Parses a document held in a string.</summary>
    public static DocNode? Parse(string text, Problems problems, DocLimits? limits = null)
    {
        limits ??= DocLimits.Default;
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Error("", "the document is empty");
            return null;
        }

        if (text.Length > limits.MaxBytes)
        {
            problems.Error("", $"the document is {FormatSize(text.Length)}, larger than the {FormatSize(limits.MaxBytes)} accepted");
            return null;
        }

        var parser = new TrackingParser(new Parser(new StringReader(text)));
        var builder = new Builder(parser, limits);
        try
        {
            var root = builder.ReadStream();
            if (root is null or DocScalar { IsNull: true })
            {
                problems.Error("", "the document is empty");
                return null;
            }

            return root;
        }
        catch (DocumentException e)
        {
            problems.Error(e.Path, e.Message, e.Line);
        }
        catch (YamlException e)
        {
            var message = e.InnerException?.Message ?? e.Message;
            var at = message.IndexOf("): ", StringComparison.Ordinal);
            problems.Error("", $"invalid YAML: {(at >= 0 ? message[(at + 3)..] : message)}", (int)e.Start.Line);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way on some malformed flow collections instead of raising a YamlException.
            problems.Error("", "invalid YAML: the text cannot be scanned here (an unclosed '[', '{' or quote?)", parser.LastLine);
        }
        catch (ArgumentException e)
        {
            // YamlDotNet raises this for malformed tags such as '!!['.
            var message = e.Message;
            var parameter = message.IndexOf(" (Parameter", StringComparison.Ordinal);
            problems.Error("", $"invalid YAML: {(parameter >= 0 ? message[..parameter] : message)}", parser.LastLine);
        }

        return null;
    }

    /// <summary>The path of the value at <paramref name="key"/> in the mapping at <paramref name="path"/>: <c>sites[0].gpus</c>.</summary>
    internal static string ChildPath(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static byte[] ReadAtMost(Stream stream, long max)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        while (buffer.Length < max)
        {
            var read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, max - buffer.Length));
            if (read == 0)
            {
                break;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static string FormatSize(long bytes) => bytes >= 1024 * 1024
        ? $"{bytes / (1024.0 * 1024):0.#} MiB"
        : $"{bytes / 1024.0:0.#} KiB";

    // Remembers the line of the last event read, for failures that YamlDotNet reports without a position.
    private sealed class TrackingParser(IParser inner) : IParser
    {
        public int LastLine { get; private set; } = 1;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            var moved = inner.MoveNext();
            if (inner.Current is { } current)
            {
                LastLine = Math.Max(1, (int)current.Start.Line);
            }

            return moved;
        }
    }

    private sealed class DocumentException(string path, string message, int line) : Exception(message)
    {
        public string Path { get; } = path;

        public int Line { get; } = line;
    }

    private sealed class Builder(IParser parser, DocLimits limits)
    {
        private readonly Dictionary<string, DocNode> _anchors = new(StringComparer.Ordinal);
        private long _nodes;
        private bool _aliases;

        public DocNode? ReadStream()
        {
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _))
            {
                return null;
            }

            parser.Consume<DocumentStart>();
            var root = ReadNode("", 0);
            parser.Consume<DocumentEnd>();
            if (!parser.Accept<StreamEnd>(out _))
            {
                var line = parser.Current is { } next ? (int)next.Start.Line : 0;
                throw new DocumentException("", "expected one document, found several (a second '---')", line);
            }

            return root;
        }

        private DocNode ReadNode(string path, int depth)
        {
            var current = parser.Current ?? throw new DocumentException(path, "the document ends too early", 0);
            var line = (int)current.Start.Line;
            if (depth > limits.MaxDepth)
            {
                // The path of so deep a node is noise; the line says where.
                throw new DocumentException("", $"the document nests deeper than {limits.MaxDepth} levels", line);
            }

            Count(1, path, line);
            DocNode node;
            string? anchor = null;
            switch (current)
            {
                case AnchorAlias alias:
                    parser.MoveNext();
                    if (!_anchors.TryGetValue(alias.Value.Value, out var target))
                    {
                        throw new DocumentException(path, $"the alias *{alias.Value.Value} refers to no anchor", line);
                    }

                    _aliases = true;
                    return Copy(target, path, line);
                case Scalar scalar:
                    parser.MoveNext();
                    anchor = scalar.Anchor.IsEmpty ? null : scalar.Anchor.Value;
                    node = new DocScalar(path, line, scalar.Value, scalar.Style is ScalarStyle.Plain or ScalarStyle.Any);
                    break;
                case SequenceStart start:
                    parser.MoveNext();
                    anchor = start.Anchor.IsEmpty ? null : start.Anchor.Value;
                    var items = new List<DocNode>();
                    while (!parser.TryConsume<SequenceEnd>(out _))
                    {
                        items.Add(ReadNode($"{path}[{items.Count}]", depth + 1));
                    }

                    node = new DocSeq(path, line, items);
                    break;
                case MappingStart start:
                    parser.MoveNext();
                    anchor = start.Anchor.IsEmpty ? null : start.Anchor.Value;
                    node = ReadMapping(path, line, depth);
                    break;
                default:
                    throw new DocumentException(path, $"unexpected {current.GetType().Name}", line);
            }

            if (anchor is not null)
            {
                _anchors[anchor] = node;
            }

            return node;
        }

        private DocMap ReadMapping(string path, int line, int depth)
        {
            var entries = new List<KeyValuePair<string, DocNode>>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var keyEvent = parser.Current!;
                if (keyEvent is not Scalar key)
                {
                    throw new DocumentException(path, "expected a plain key, found a mapping or list used as a key", (int)keyEvent.Start.Line);
                }

                parser.MoveNext();
                if (key.Value == "<<")
                {
                    throw new DocumentException(path, "merge keys ('<<') are not supported; repeat the fields or use an alias for the whole value", (int)key.Start.Line);
                }

                var childPath = ChildPath(path, key.Value);
                if (!seen.Add(key.Value))
                {
                    throw new DocumentException(childPath, "the key appears twice", (int)key.Start.Line);
                }

                entries.Add(new(key.Value, ReadNode(childPath, depth + 1)));
            }

            return new DocMap(path, line, entries);
        }

        // An alias is expanded as a copy with its own paths, so every problem in it is reported where the alias is;
        // the node budget makes "billion laughs" stop after MaxNodes instead of exhausting memory.
        private DocNode Copy(DocNode source, string path, int line)
        {
            switch (source)
            {
                case DocScalar s:
                    return s with { Path = path, Line = line };
                case DocSeq seq:
                    Count(seq.Items.Count, path, line);
                    var items = new List<DocNode>(seq.Items.Count);
                    for (var i = 0; i < seq.Items.Count; i++)
                    {
                        items.Add(Copy(seq.Items[i], $"{path}[{i}]", line));
                    }

                    return new DocSeq(path, line, items);
                case DocMap map:
                    Count(map.Entries.Count, path, line);
                    var entries = new List<KeyValuePair<string, DocNode>>(map.Entries.Count);
                    foreach (var (key, value) in map.Entries)
                    {
                        entries.Add(new(key, Copy(value, ChildPath(path, key), line)));
                    }

                    return new DocMap(path, line, entries);
                default:
                    throw new InvalidOperationException("unknown node kind");
            }
        }

        private void Count(long nodes, string path, int line)
        {
            _nodes += nodes;
            if (_nodes > limits.MaxNodes)
            {
                throw new DocumentException(path, _aliases
                    ? $"the document expands to more than {limits.MaxNodes:N0} nodes (aliases nested too deeply?)"
                    : $"the document has more than {limits.MaxNodes:N0} nodes", line);
            }
        }
    }
}
