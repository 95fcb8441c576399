using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Colossim.Units;

/// <summary>
/// Splits human forms such as <c>80GiB</c>, <c>4.8 TB/s</c>, <c>$30B</c> or <c>1.5e13</c> into a number and a unit
/// suffix, and reports what was expected when the text is not a quantity. Shared by every unit type's parser.
/// </summary>
internal static class QuantityParser
{
    /// <summary>Splits <paramref name="text"/> into a finite, non-negative number and its (trimmed) suffix.</summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="expected">What the caller expected, used in the error message, e.g. <c>a size like 80GiB</c>.</param>
    /// <param name="number">The number, finite and at least zero.</param>
    /// <param name="suffix">What followed the number, without surrounding white space (may be empty).</param>
    /// <param name="error">Why the text is not a quantity; <see langword="null"/> on success.</param>
    /// <param name="dollar">Whether the number was preceded by a dollar sign.</param>
    public static bool TrySplit(string? text, string expected, out double number, out string suffix, [NotNullWhen(false)] out string? error, out bool dollar)
        => TrySplit(text, expected, out number, out _, out suffix, out error, out dollar);

    /// <summary>As the other overload, also giving the digits of the number (without <c>_</c> separators) for exact decimal arithmetic.</summary>
    public static bool TrySplit(string? text, string expected, out double number, out string numberText, out string suffix, [NotNullWhen(false)] out string? error, out bool dollar)
    {
        number = 0;
        numberText = "";
        suffix = "";
        dollar = false;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = $"expected {expected}, found an empty value";
            return false;
        }

        var span = text.AsSpan().Trim();
        if (span.Length > 64)
        {
            error = $"expected {expected}, found a value of {span.Length} characters";
            return false;
        }

        if (span[0] == '$')
        {
            dollar = true;
            span = span[1..].TrimStart();
        }

        var end = 0;
        if (end < span.Length && (span[end] == '+' || span[end] == '-'))
        {
            end++;
        }

        var digits = 0;
        while (end < span.Length && (char.IsAsciiDigit(span[end]) || span[end] == '.' || span[end] == '_'))
        {
            digits += char.IsAsciiDigit(span[end]) ? 1 : 0;
            end++;
        }

        // An exponent: e or E, optional sign, at least one digit. "1.5e13" is a number; "2EB" is not an exponent.
        if (digits > 0 && end < span.Length && (span[end] == 'e' || span[end] == 'E'))
        {
            var probe = end + 1;
            if (probe < span.Length && (span[probe] == '+' || span[probe] == '-'))
            {
                probe++;
            }

            if (probe < span.Length && char.IsAsciiDigit(span[probe]))
            {
                while (probe < span.Length && char.IsAsciiDigit(span[probe]))
                {
                    probe++;
                }

                end = probe;
            }
        }

        numberText = span[..end].ToString().Replace("_", "", StringComparison.Ordinal);
        if (digits == 0 || !double.TryParse(numberText, NumberStyles.Float, CultureInfo.InvariantCulture, out number))
        {
            error = $"expected {expected}, found '{Quote(text)}'";
            return false;
        }

        if (double.IsInfinity(number) || double.IsNaN(number))
        {
            error = $"expected {expected}, found '{Quote(text)}', which is too large";
            return false;
        }

        if (number < 0)
        {
            error = $"expected {expected}, found the negative value '{Quote(text)}'";
            return false;
        }

        suffix = span[end..].Trim().ToString();
        error = null;
        return true;
    }

    /// <summary>
    /// Looks <paramref name="suffix"/> up in a unit table: an exact (case-sensitive) match first, then a case-insensitive one,
    /// but only when every case-insensitive match means the same scale (<c>gb/s</c> could be GB/s or Gb/s: not accepted).
    /// </summary>
    public static bool TryScale(string suffix, IReadOnlyDictionary<string, double> units, out double scale)
        => TryScale(suffix, units, out scale, out _);

    private static bool TryScale(string suffix, IReadOnlyDictionary<string, double> units, out double scale, out List<string> ambiguous)
    {
        ambiguous = [];
        if (units.TryGetValue(suffix, out scale))
        {
            return true;
        }

        double? found = null;
        var conflict = false;
        foreach (var (key, value) in units)
        {
            if (string.Equals(key, suffix, StringComparison.OrdinalIgnoreCase))
            {
                ambiguous.Add(key);
                conflict |= found is { } f && f != value;
                found ??= value;
            }
        }

        if (found is { } only && !conflict)
        {
            ambiguous.Clear();
            scale = only;
            return true;
        }

        if (!conflict)
        {
            ambiguous.Clear();
        }

        scale = 0;
        return false;
    }

    /// <summary>Parses with a unit table and returns the value in the base unit, or an error naming the accepted units.</summary>
    public static bool TryParse(string? text, string expected, IReadOnlyDictionary<string, double> units, bool allowBare, out double value, [NotNullWhen(false)] out string? error)
        => TryParse(text, expected, units, allowBare, out value, out _, out error);

    /// <summary>
    /// As the other overload, also giving the value computed in decimal arithmetic (<paramref name="exact"/>), which is exact
    /// for every number with at most 28 significant digits; <see langword="null"/> when it does not fit a decimal.
    /// </summary>
    public static bool TryParse(string? text, string expected, IReadOnlyDictionary<string, double> units, bool allowBare, out double value, out decimal? exact, [NotNullWhen(false)] out string? error)
    {
        value = 0;
        exact = null;
        if (!TrySplit(text, expected, out var number, out var numberText, out var suffix, out error, out var dollar))
        {
            return false;
        }

        if (dollar)
        {
            error = $"expected {expected}, found '{Quote(text!)}' (a dollar amount)";
            return false;
        }

        if (suffix.Length == 0 && !allowBare)
        {
            error = $"expected {expected}, found '{Quote(text!)}' without a unit";
            return false;
        }

        var scale = 1.0;
        if (suffix.Length > 0 && !TryScale(suffix, units, out scale, out var ambiguous))
        {
            error = ambiguous.Count > 1
                ? $"expected {expected}, found the ambiguous unit '{Quote(suffix)}' in '{Quote(text!)}' (write {string.Join(" or ", ambiguous)}: the case matters)"
                : $"expected {expected}, found unknown unit '{Quote(suffix)}' in '{Quote(text!)}' (units: {string.Join(", ", units.Keys)})";
            return false;
        }

        value = number * scale;
        if (double.IsInfinity(value))
        {
            error = $"expected {expected}, found '{Quote(text!)}', which is too large";
            return false;
        }

        if (Math.Abs(value) < 7e28 && decimal.TryParse(numberText, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            try
            {
                var exactScale = (decimal)scale;
                exact = (double)exactScale == scale ? d * exactScale : null;
            }
            catch (OverflowException)
            {
                exact = null;
            }
        }

        return true;
    }

    /// <summary>
    /// Formats <paramref name="value"/> (in the base unit) with the largest unit of <paramref name="ladder"/> it reaches,
    /// at most three decimals, thousands separated, a space before the unit (<c>1,979 EFLOPS</c>, <c>80 GB</c>).
    /// </summary>
    public static string Format(double value, ReadOnlySpan<(double Scale, string Suffix)> ladder) => Format(value, ladder, " ");

    /// <summary>As <see cref="Format(double, ReadOnlySpan{ValueTuple{double, string}})"/>, with <paramref name="separator"/> between the number and its unit.</summary>
    public static string Format(double value, ReadOnlySpan<(double Scale, string Suffix)> ladder, string separator)
    {
        var magnitude = Math.Abs(value);
        var chosen = ladder[0];
        foreach (var step in ladder)
        {
            if (magnitude >= step.Scale)
            {
                chosen = step;
            }
        }

        var scaled = value / chosen.Scale;
        var number = scaled.ToString("#,0.###", CultureInfo.InvariantCulture);
        return chosen.Suffix.Length == 0 ? number : number + separator + chosen.Suffix;
    }

    /// <summary>Formats a number exactly (round-trip) with its suffix.</summary>
    public static string FormatExact(double value, ReadOnlySpan<(double Scale, string Suffix)> ladder)
    {
        var magnitude = Math.Abs(value);
        var chosen = ladder[0];
        foreach (var step in ladder)
        {
            if (magnitude >= step.Scale && IsExactMultiple(value, step.Scale))
            {
                chosen = step;
            }
        }

        return (value / chosen.Scale).ToString("R", CultureInfo.InvariantCulture) + chosen.Suffix;
    }

    private static bool IsExactMultiple(double value, double scale) => (value / scale) * scale == value;

    /// <summary>The text as quoted in messages: at most 40 characters.</summary>
    internal static string Quote(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 37), "...");
}
