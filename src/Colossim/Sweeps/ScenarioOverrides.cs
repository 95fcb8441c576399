using System.Globalization;
using System.Text;
using Colossim.Documents;

namespace Colossim.Sweeps;

/// <summary>
/// Sets values of a parsed scenario document by path (<c>sites[0].gpus.count</c>,
/// <c>workloads.training[0].parallelism.pp</c>): the document is copied with the value at that path replaced (or, when
/// the last key is missing from an existing mapping, added), keeping every other node's path and line, so that the
/// scenario loader reports a bad value exactly as <c>colossim check</c> would for the same document.
/// </summary>
public static class ScenarioOverrides
{
    /// <summary>
    /// Splits <paramref name="path"/> into keys and list indices; <see langword="false"/> with what was expected when it
    /// is not a path such as <c>sites[0].gpus.count</c>.
    /// </summary>
    public static bool TryParsePath(string path, out IReadOnlyList<object> segments, out string error)
    {
        ArgumentNullException.ThrowIfNull(path);
        var list = new List<object>();
        segments = list;
        error = "";
        var i = 0;
        var expectKey = true;
        while (i < path.Length)
        {
            if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                if (end < 0 || !int.TryParse(path.AsSpan(i + 1, end - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index) || list.Count == 0)
                {
                    error = "expected a scenario path such as sites[0].gpus.count (keys joined by dots, list items as [N])";
                    return false;
                }

                list.Add(index);
                i = end + 1;
                expectKey = false;
                continue;
            }

            if (!expectKey)
            {
                if (path[i] != '.')
                {
                    error = "expected a scenario path such as sites[0].gpus.count (keys joined by dots, list items as [N])";
                    return false;
                }

                i++;
            }

            var start = i;
            while (i < path.Length && (char.IsAsciiLetterOrDigit(path[i]) || path[i] is '_' or '-' or '$'))
            {
                i++;
            }

            if (i == start)
            {
                error = "expected a scenario path such as sites[0].gpus.count (keys joined by dots, list items as [N])";
                return false;
            }

            list.Add(path[start..i]);
            expectKey = false;
        }

        if (list.Count == 0)
        {
            error = "expected a scenario path such as sites[0].gpus.count (keys joined by dots, list items as [N])";
            return false;
        }

        return true;
    }

    /// <summary>
    /// A copy of <paramref name="root"/> with the scalar at <paramref name="path"/> set to <paramref name="value"/> (as an
    /// unquoted scalar, so that numbers, sizes and durations bind as they would if typed in the file). Gives
    /// <see langword="null"/> and says why in <paramref name="error"/> when the path leads nowhere (a missing list item, a
    /// key under a value) or to a mapping or list.
    /// </summary>
    public static DocNode? Apply(DocNode root, string path, string value, out string error)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(value);
        if (!TryParsePath(path, out var segments, out error))
        {
            return null;
        }

        return Set(root, segments, 0, value, out error);
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "Gives mappings and lists as well as scalars.")]
    private static DocNode? Set(DocNode node, IReadOnlyList<object> segments, int at, string value, out string error)
    {
        error = "";
        if (at == segments.Count)
        {
            return Replace(node, value, out error);
        }

        switch (segments[at], node)
        {
            case (string key, DocMap map):
                {
                    var entries = map.Entries.ToList();
                    var i = entries.FindIndex(e => e.Key == key);
                    if (i < 0)
                    {
                        if (at != segments.Count - 1)
                        {
                            var path = Child(map.Path, key);
                            error = $"the scenario has no '{path}' to set a value under (keys of {(map.Path.Length == 0 ? "the scenario" : $"'{map.Path}'")}: {string.Join(", ", map.Entries.Select(e => e.Key))})";
                            return null;
                        }

                        entries.Add(new(key, new DocScalar(Child(map.Path, key), map.Line, value, IsPlain: true)));
                        return map with { Entries = entries };
                    }

                    if (Set(entries[i].Value, segments, at + 1, value, out error) is not { } changed)
                    {
                        return null;
                    }

                    entries[i] = new(key, changed);
                    return map with { Entries = entries };
                }

            case (int index, DocSeq seq):
                {
                    if (index >= seq.Items.Count)
                    {
                        error = $"the scenario's '{seq.Path}' has {seq.Items.Count} item{(seq.Items.Count == 1 ? "" : "s")}, so there is no [{index}]";
                        return null;
                    }

                    if (Set(seq.Items[index], segments, at + 1, value, out error) is not { } changed)
                    {
                        return null;
                    }

                    var items = seq.Items.ToList();
                    items[index] = changed;
                    return seq with { Items = items };
                }

            default:
                error = segments[at] is int
                    ? $"expected a list at '{(node.Path.Length == 0 ? "the top" : node.Path)}', found {node.Describe()}"
                    : $"expected a mapping at '{(node.Path.Length == 0 ? "the top" : node.Path)}', found {node.Describe()}";
                return null;
        }
    }

    private static DocScalar? Replace(DocNode node, string value, out string error)
    {
        error = "";
        if (node is not DocScalar)
        {
            error = $"expected the path of a single value, found {node.Describe()} at '{node.Path}'";
            return null;
        }

        return new DocScalar(node.Path, node.Line, value, IsPlain: true);
    }

    private static string Child(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    /// <summary>
    /// A canonical text of the document (keys in document order, scalars with whether they were quoted), the same for
    /// the same content whatever its comments, layout or line numbers: what a sweep point's content hash is taken over.
    /// </summary>
    public static string Canonical(DocNode root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var text = new StringBuilder();
        Write(root, text);
        return text.ToString();
    }

    private static void Write(DocNode node, StringBuilder text)
    {
        switch (node)
        {
            case DocScalar s:
                text.Append(s.IsPlain ? 'p' : 'q');
                Quote(s.Value, text);
                break;
            case DocMap m:
                text.Append('{');
                foreach (var (key, value) in m.Entries)
                {
                    Quote(key, text);
                    text.Append(':');
                    Write(value, text);
                    text.Append(',');
                }

                text.Append('}');
                break;
            case DocSeq q:
                text.Append('[');
                foreach (var item in q.Items)
                {
                    Write(item, text);
                    text.Append(',');
                }

                text.Append(']');
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(node), node.GetType().Name, "unknown document node");
        }
    }

    private static void Quote(string value, StringBuilder text)
    {
        text.Append('"');
        foreach (var c in value)
        {
            _ = c is '"' or '\\' ? text.Append('\\').Append(c) : text.Append(c);
        }

        text.Append('"');
    }
}
