namespace Colossim.Documents;

/// <summary>
/// A fast path for the commonest line of a JSON Lines file: one flat object as Python's <c>json.dumps</c> writes it,
/// <c>{"key": value, "key": value}</c>, whose values are numbers, <c>true</c>, <c>false</c>, <c>null</c> or strings
/// without escapes. Such a line gives exactly the <see cref="DocMap"/> that <see cref="DocReader.Parse(string, Problems, DocLimits?)"/>
/// gives (same keys, values, paths, lines and quoting) without the YAML parser, which costs about 50 times as much per
/// line. Anything else (nesting, escapes, other spacing, a repeated key, a line that is not valid JSON) is left to
/// <see cref="DocReader"/>, so that its problems are reported exactly as before.
/// </summary>
internal static class FlatJsonLine
{
    // Beyond these the YAML reader's own limits (implicit keys of 1,024 characters, the node count) could apply.
    private const int MaxKeyLength = 1000;
    private const int MaxEntries = 4096;

    /// <summary>
    /// The object on <paramref name="line"/> (already trimmed), as <see cref="DocReader"/> would read it, or
    /// <see langword="null"/> when the line is not of the simple form this reads (the caller then uses <see cref="DocReader"/>).
    /// </summary>
    public static DocMap? TryParse(string line)
    {
        if (line.Length < 2 || line.Length > DocLimits.Default.MaxBytes || line[0] != '{' || line[^1] != '}')
        {
            return null;
        }

        var entries = new List<KeyValuePair<string, DocNode>>();
        var i = 1;
        while (true)
        {
            if (!TryString(line, ref i, out var key) || key.Length > MaxKeyLength || key == "<<" || !Expect(line, ref i, ": "))
            {
                return null;
            }

            DocScalar value;
            if (TryString(line, ref i, out var text))
            {
                value = new DocScalar(key, 1, text, IsPlain: false);
            }
            else if (TryPlain(line, ref i, out var plain))
            {
                value = new DocScalar(key, 1, plain, IsPlain: true);
            }
            else
            {
                return null;
            }

            foreach (var entry in entries)
            {
                if (entry.Key == key)
                {
                    return null;
                }
            }

            entries.Add(new(key, value));
            if (entries.Count > MaxEntries)
            {
                return null;
            }

            if (i == line.Length - 1)
            {
                return new DocMap("", 1, entries);
            }

            if (!Expect(line, ref i, ", "))
            {
                return null;
            }
        }
    }

    private static bool Expect(string line, ref int i, string separator)
    {
        if (string.CompareOrdinal(line, i, separator, 0, separator.Length) != 0)
        {
            return false;
        }

        i += separator.Length;
        return true;
    }

    // A double-quoted string without escapes or control characters.
    private static bool TryString(string line, ref int i, out string value)
    {
        value = "";
        if (i >= line.Length || line[i] != '"')
        {
            return false;
        }

        var start = i + 1;
        for (var j = start; j < line.Length; j++)
        {
            var c = line[j];
            if (c == '"')
            {
                value = line[start..j];
                i = j + 1;
                return true;
            }

            if (c == '\\' || c < ' ')
            {
                return false;
            }
        }

        return false;
    }

    // A JSON number (-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?), true, false or null, followed by ',' or the closing '}'.
    private static bool TryPlain(string line, ref int i, out string value)
    {
        value = "";
        var end = i;
        while (end < line.Length && line[end] is not (',' or '}' or ' '))
        {
            end++;
        }

        if (end == i || end >= line.Length || line[end] == ' ')
        {
            return false;
        }

        var token = line.AsSpan(i, end - i);
        if (!(token is "true" or "false" or "null" || IsNumber(token)))
        {
            return false;
        }

        value = token.ToString();
        i = end;
        return true;
    }

    private static bool IsNumber(ReadOnlySpan<char> s)
    {
        var k = 0;
        if (k < s.Length && s[k] == '-')
        {
            k++;
        }

        if (k >= s.Length || !char.IsAsciiDigit(s[k]))
        {
            return false;
        }

        if (s[k] == '0')
        {
            k++;
        }
        else
        {
            k = Digits(s, k);
        }

        if (k < s.Length && s[k] == '.')
        {
            var after = Digits(s, k + 1);
            if (after == k + 1)
            {
                return false;
            }

            k = after;
        }

        if (k < s.Length && s[k] is 'e' or 'E')
        {
            k++;
            if (k < s.Length && s[k] is '+' or '-')
            {
                k++;
            }

            var after = Digits(s, k);
            if (after == k)
            {
                return false;
            }

            k = after;
        }

        return k == s.Length;
    }

    private static int Digits(ReadOnlySpan<char> s, int k)
    {
        while (k < s.Length && char.IsAsciiDigit(s[k]))
        {
            k++;
        }

        return k;
    }
}
