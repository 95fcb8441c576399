using System.Globalization;
using Colossim.Units;

namespace Colossim.Documents;

/// <summary>
/// Binds the entries of one mapping to typed values, recording a problem (with path and line) for every missing,
/// mistyped or out-of-range value instead of stopping at the first. <see cref="Finish"/> warns about keys nobody read,
/// with a "did you mean". Used by the catalog and scenario loaders alike.
/// </summary>
public sealed class MapReader
{
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    /// <summary>Wraps <paramref name="map"/>; problems go to <paramref name="problems"/>.</summary>
    public MapReader(DocMap map, Problems problems)
    {
        Map = map;
        Problems = problems;
    }

    /// <summary>The mapping being read.</summary>
    public DocMap Map { get; }

    /// <summary>Where problems are recorded.</summary>
    public Problems Problems { get; }

    /// <summary>Wraps <paramref name="node"/> if it is a mapping, else records "expected a mapping" and returns <see langword="null"/>.</summary>
    public static MapReader? From(DocNode? node, Problems problems, string what = "a mapping")
    {
        if (node is DocMap map)
        {
            return new MapReader(map, problems);
        }

        if (node is not null)
        {
            problems.Error(node.Path, $"expected {what}, found {node.Describe()}", node.Line);
        }

        return null;
    }

    /// <summary>Whether the key is present (and not null). Marks it as known.</summary>
    public bool Has(string key)
    {
        _known.Add(key);
        return Map[key] is { } node && node is not DocScalar { IsNull: true };
    }

    /// <summary>Whether <paramref name="value"/>, read from <paramref name="key"/>, is usable: read, or the key not given at all.</summary>
    internal bool ReadOrAbsent(string key, object? value) => value is not null || !Has(key);

    /// <summary>The raw node at <paramref name="key"/> (marks the key as known), or <see langword="null"/>; records an error when required and absent.</summary>
    public DocNode? Node(string key, bool required = false)
    {
        _known.Add(key);
        var node = Map[key];
        if (node is DocScalar { IsNull: true })
        {
            node = null;
        }

        if (node is null && required)
        {
            Problems.Error(PathOf(key), "is required", Map.Line);
        }

        return node;
    }

    /// <summary>A string value.</summary>
    public string? Text(string key, bool required = false)
    {
        var node = Node(key, required);
        if (node is null)
        {
            return null;
        }

        if (node is DocScalar s)
        {
            return s.Value;
        }

        Problems.Error(node.Path, $"expected text, found {node.Describe()}", node.Line);
        return null;
    }

    /// <summary>One of <paramref name="allowed"/> (case-insensitive); records the allowed values otherwise.</summary>
    public string? Choice(string key, IReadOnlyCollection<string> allowed, bool required = false)
    {
        var text = Text(key, required);
        if (text is null)
        {
            return null;
        }

        foreach (var a in allowed)
        {
            if (string.Equals(a, text, StringComparison.OrdinalIgnoreCase))
            {
                return a;
            }
        }

        Error(key, $"expected one of {string.Join(", ", allowed)}, found '{text}'{Suggestions.DidYouMean(text, allowed)}");
        return null;
    }

    /// <summary>A boolean (<c>true</c>/<c>false</c>).</summary>
    public bool? Bool(string key, bool required = false)
    {
        var node = Node(key, required);
        if (node is null)
        {
            return null;
        }

        if (node is DocScalar { IsPlain: true } s && bool.TryParse(s.Value, out var value))
        {
            return value;
        }

        Problems.Error(node.Path, $"expected true or false, found {node.Describe()}", node.Line);
        return null;
    }

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>]; accepts <c>65536</c>, <c>64k</c>, <c>1e5</c> when whole.</summary>
    public long? Whole(string key, bool required = false, long min = 0, long max = long.MaxValue)
    {
        var value = Number(key, required, min, max, "a whole number");
        if (value is null)
        {
            return null;
        }

        if (value != Math.Floor(value.Value))
        {
            Error(key, $"expected a whole number, found {Map[key]!.Describe()}");
            return null;
        }

        // (double)long.MaxValue rounds up to 2^63, which does not fit a long: refuse it rather than overflow.
        if (value.Value >= 9.2233720368547758e18 || value.Value < -9.2233720368547758e18)
        {
            Error(key, $"expected a whole number, found {Map[key]!.Describe()}, which is too large");
            return null;
        }

        return (long)value.Value;
    }

    /// <summary>An <see cref="int"/> in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int? Count(string key, bool required = false, int min = 0, int max = int.MaxValue)
        => Whole(key, required, min, max) is { } v ? (int)v : null;

    /// <summary>A finite number in [<paramref name="min"/>, <paramref name="max"/>]; accepts counts like <c>1.5e13</c> or <c>100k</c>.</summary>
    public double? Number(string key, bool required = false, double min = 0, double max = double.MaxValue, string expected = "a number")
    {
        var node = Node(key, required);
        if (node is null)
        {
            return null;
        }

        if (node is not DocScalar s)
        {
            Problems.Error(node.Path, $"expected {expected}, found {node.Describe()}", node.Line);
            return null;
        }

        var text = s.Value.Trim();
        double value;
        if (text.StartsWith('-') && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var negative) && double.IsFinite(negative))
        {
            value = negative;
        }
        else if (!Units.Count.TryParse(text, out value, out var error))
        {
            var tooLarge = error.EndsWith("which is too large", StringComparison.Ordinal) ? ", which is too large" : "";
            Problems.Error(node.Path, $"expected {expected}, found {node.Describe()}{tooLarge}", node.Line);
            return null;
        }

        if (value < min || value > max)
        {
            var range = max >= double.MaxValue ? $"at least {Format(min)}" : $"between {Format(min)} and {Format(max)}";
            Problems.Error(node.Path, $"expected {expected} {range}, found {node.Describe()}", node.Line);
            return null;
        }

        return value;
    }

    /// <summary>A duration (<c>2s</c>, <c>150ms</c>).</summary>
    public Duration? Duration(string key, bool required = false) => Quantity<Duration>(key, required, Units.Duration.TryParse);

    /// <summary>A size (<c>80GiB</c>, <c>141GB</c>).</summary>
    public Bytes? Bytes(string key, bool required = false) => Quantity<Bytes>(key, required, Units.Bytes.TryParse);

    /// <summary>A bandwidth (<c>900GB/s</c>, <c>400Gb/s</c>).</summary>
    public Bandwidth? Bandwidth(string key, bool required = false) => Quantity<Bandwidth>(key, required, Units.Bandwidth.TryParse);

    /// <summary>A compute rate (<c>989TFLOPS</c>).</summary>
    public FlopRate? FlopRate(string key, bool required = false) => Quantity<FlopRate>(key, required, Units.FlopRate.TryParse);

    /// <summary>A FLOP count (<c>6e23</c>).</summary>
    public Flops? Flops(string key, bool required = false) => Quantity<Flops>(key, required, Units.Flops.TryParse);

    /// <summary>A power (<c>700W</c>, <c>150MW</c>).</summary>
    public Watts? Watts(string key, bool required = false) => Quantity<Watts>(key, required, Units.Watts.TryParse);

    /// <summary>An energy (<c>150MWh</c>).</summary>
    public Energy? Energy(string key, bool required = false) => Quantity<Energy>(key, required, Units.Energy.TryParse);

    /// <summary>An amount of money (<c>$30B</c>).</summary>
    public Usd? Usd(string key, bool required = false) => Quantity<Usd>(key, required, Units.Usd.TryParse);

    /// <summary>A nested mapping.</summary>
    public MapReader? Child(string key, bool required = false)
    {
        var node = Node(key, required);
        return node is null ? null : From(node, Problems);
    }

    /// <summary>The items of a list (empty when absent); records an error when the value is not a list.</summary>
    public IReadOnlyList<DocNode> List(string key, bool required = false)
    {
        var node = Node(key, required);
        switch (node)
        {
            case null:
                return [];
            case DocSeq seq:
                return seq.Items;
            default:
                Problems.Error(node.Path, $"expected a list, found {node.Describe()}", node.Line);
                return [];
        }
    }

    /// <summary>Warns about every key that was never asked for, suggesting the closest known key.</summary>
    public void Finish()
    {
        Problems.KeysRead?.Invoke(Map.Path, _known);
        foreach (var (key, node) in Map.Entries)
        {
            if (!_known.Contains(key))
            {
                Problems.Warning(node.Path, $"unknown key '{key}' is ignored{Suggestions.DidYouMean(key, _known)}", node.Line);
            }
        }
    }

    /// <summary>The path of <paramref name="key"/> in this mapping.</summary>
    public string PathOf(string key) => DocReader.ChildPath(Map.Path, key);

    /// <summary>Records an error at <paramref name="key"/>: at its value's line, or at the mapping's when the key is absent.</summary>
    internal void Error(string key, string message)
    {
        var node = Map[key];
        Problems.Error(node?.Path ?? PathOf(key), message, node?.Line ?? Map.Line);
    }

    private T? Quantity<T>(string key, bool required, TryParseFn<T> parse)
        where T : struct
    {
        var node = Node(key, required);
        if (node is null)
        {
            return null;
        }

        string? error;
        if (node is not DocScalar s)
        {
            error = $"expected a value, found {node.Describe()}";
        }
        else if (parse(s.Value, out var value, out error))
        {
            return value;
        }

        Problems.Error(node.Path, error!, node.Line);
        return null;
    }

    // Bounds read as people write them: 1,000,000 (not 1E+06), 1e18, 0.001.
    private static string Format(double x) =>
        x == Math.Floor(x) && Math.Abs(x) <= 9007199254740992 ? ((long)x).ToString("N0", CultureInfo.InvariantCulture)
        : Math.Abs(x) >= 1e15 ? x.ToString("0.#####e0", CultureInfo.InvariantCulture)
        : x.ToString("G6", CultureInfo.InvariantCulture);
}

/// <summary>The shape of the units' <c>TryParse</c> methods (<see cref="Units.Watts.TryParse"/>): the value, or why the text is not one.</summary>
internal delegate bool TryParseFn<T>(string? text, out T value, out string? error);
