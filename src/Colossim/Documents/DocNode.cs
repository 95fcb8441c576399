namespace Colossim.Documents;

/// <summary>
/// A node of a parsed YAML or JSON document, with its path (<c>workloads.serving[0].slo</c>) and line, so that every
/// problem found while binding can say where it is. Produced only by <see cref="DocReader"/>, which enforces limits.
/// </summary>
public abstract record DocNode(string Path, int Line)
{
    /// <summary>What the node is, for messages: <c>a mapping</c>, <c>a list</c>, <c>'abc'</c>.</summary>
    public abstract string Describe();
}

/// <summary>A scalar: the text as written; interpretation (number, size, duration…) happens when it is bound.</summary>
/// <param name="Path">Where the node is.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Value">The text of the scalar.</param>
/// <param name="IsPlain">Whether the scalar was unquoted (only plain scalars can be null, booleans or numbers).</param>
public sealed record DocScalar(string Path, int Line, string Value, bool IsPlain) : DocNode(Path, Line)
{
    /// <summary>Whether the scalar is YAML's null (<c>~</c>, <c>null</c> or nothing).</summary>
    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    /// <inheritdoc />
    public override string Describe() => IsNull ? "nothing (null)" : $"'{(Value.Length <= 40 ? Value : string.Concat(Value.AsSpan(0, 37), "..."))}'";
}

/// <summary>A mapping, its keys in document order.</summary>
/// <param name="Path">Where the node is.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Entries">Key and value pairs in document order; keys are unique.</param>
public sealed record DocMap(string Path, int Line, IReadOnlyList<KeyValuePair<string, DocNode>> Entries) : DocNode(Path, Line)
{
    /// <summary>The value at <paramref name="key"/>, or <see langword="null"/>.</summary>
    public DocNode? this[string key]
    {
        get
        {
            foreach (var (k, v) in Entries)
            {
                if (k == key)
                {
                    return v;
                }
            }

            return null;
        }
    }

    /// <inheritdoc />
    public override string Describe() => "a mapping";
}

/// <summary>A sequence.</summary>
/// <param name="Path">Where the node is.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Items">The items in order.</param>
public sealed record DocSeq(string Path, int Line, IReadOnlyList<DocNode> Items) : DocNode(Path, Line)
{
    /// <inheritdoc />
    public override string Describe() => "a list";
}
