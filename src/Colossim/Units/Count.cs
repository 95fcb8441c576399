using System.Diagnostics.CodeAnalysis;

namespace Colossim.Units;

/// <summary>Parses plain counts written for people: <c>1.5e13</c> tokens, <c>100k</c> GPUs, <c>1M</c> requests.</summary>
public static class Count
{
    private static readonly Dictionary<string, double> Multipliers = new(StringComparer.Ordinal)
    {
        ["k"] = 1e3,
        ["K"] = 1e3,
        ["M"] = 1e6,
        ["B"] = 1e9,
        ["G"] = 1e9,
        ["T"] = 1e12,
    };

    /// <summary>Parses a non-negative count; on failure <paramref name="error"/> says what was expected.</summary>
    public static bool TryParse(string? text, out double value, [NotNullWhen(false)] out string? error)
        => QuantityParser.TryParse(text, "a count like 65536, 100k or 1.5e13", Multipliers, allowBare: true, out value, out error);

    /// <summary>Parses a non-negative count.</summary>
    /// <exception cref="FormatException">The text is not a count.</exception>
    public static double Parse(string text) => TryParse(text, out var value, out var error) ? value : throw new FormatException(error);
}
