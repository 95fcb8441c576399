using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Colossim.Units;

/// <summary>An amount of money in US dollars.</summary>
/// <param name="Dollars">The amount in US dollars.</param>
public readonly record struct Usd(double Dollars) : IComparable<Usd>
{
    private const string Expected = "an amount like $30B, $2.5M or 0.08";

    private static readonly Dictionary<string, double> Multipliers = new(StringComparer.Ordinal)
    {
        ["k"] = 1e3,
        ["K"] = 1e3,
        ["M"] = 1e6,
        ["B"] = 1e9,
        ["bn"] = 1e9,
        ["T"] = 1e12,
    };

    /// <summary>No money.</summary>
    public static Usd Zero => default;

    /// <summary>Parses <c>$30B</c>, <c>$1.5M</c>, <c>$2.5k</c>, <c>$0.08</c>, <c>30e9</c> or <c>100 USD</c>.</summary>
    /// <exception cref="FormatException">The text is not an amount of money; the message says what was expected.</exception>
    public static Usd Parse(string text) => TryParse(text, out var value, out var error) ? value : throw new FormatException(error);

    /// <summary>Parses an amount of money; on failure <paramref name="error"/> says what was expected.</summary>
    public static bool TryParse(string? text, out Usd value, [NotNullWhen(false)] out string? error)
    {
        value = default;
        if (!QuantityParser.TrySplit(text, Expected, out var number, out var suffix, out error, out _))
        {
            return false;
        }

        if (suffix.EndsWith("USD", StringComparison.OrdinalIgnoreCase))
        {
            suffix = suffix[..^3].TrimEnd();
        }

        var scale = 1.0;
        if (suffix.Length > 0 && !Multipliers.TryGetValue(suffix, out scale))
        {
            error = $"expected {Expected}, found unknown multiplier '{suffix}' in '{text}' (use k, M, B or T)";
            return false;
        }

        value = new Usd(number * scale);
        if (double.IsInfinity(value.Dollars))
        {
            error = $"expected {Expected}, found '{text}', which is too large";
            return false;
        }

        return true;
    }

    /// <summary>A human form (<c>$30B</c>, <c>$2.35</c>) that <see cref="Parse"/> reads back to the same value.</summary>
    public override string ToString()
    {
        var sign = Dollars < 0 ? "-" : "";
        return sign + "$" + QuantityParser.FormatExact(Math.Abs(Dollars), [(1, ""), (1e3, "k"), (1e6, "M"), (1e9, "B"), (1e12, "T")]);
    }

    /// <summary>A rounded form for people (<c>$30.1B</c>); not guaranteed to round-trip.</summary>
    public string ToDisplayString()
    {
        var sign = Dollars < 0 ? "-" : "";
        var magnitude = Math.Abs(Dollars);
        return magnitude < 1000
            ? sign + "$" + magnitude.ToString("0.00", CultureInfo.InvariantCulture)
            : sign + "$" + QuantityParser.Format(magnitude, [(1, ""), (1e3, "k"), (1e6, "M"), (1e9, "B"), (1e12, "T")], "");
    }

    /// <inheritdoc />
    public int CompareTo(Usd other) => Dollars.CompareTo(other.Dollars);

    /// <summary>The sum of two amounts.</summary>
    public static Usd operator +(Usd a, Usd b) => new(a.Dollars + b.Dollars);

    /// <summary>The difference of two amounts.</summary>
    public static Usd operator -(Usd a, Usd b) => new(a.Dollars - b.Dollars);

    /// <summary>An amount scaled by a factor.</summary>
    public static Usd operator *(Usd a, double factor) => new(a.Dollars * factor);

    /// <summary>An amount scaled by a factor.</summary>
    public static Usd operator *(double factor, Usd a) => new(a.Dollars * factor);

    /// <summary>An amount divided by a factor.</summary>
    public static Usd operator /(Usd a, double divisor) => new(a.Dollars / divisor);

    /// <summary>The ratio of two amounts.</summary>
    public static double operator /(Usd a, Usd b) => a.Dollars / b.Dollars;

    /// <summary>Whether <paramref name="a"/> is less than <paramref name="b"/>.</summary>
    public static bool operator <(Usd a, Usd b) => a.Dollars < b.Dollars;

    /// <summary>Whether <paramref name="a"/> is more than <paramref name="b"/>.</summary>
    public static bool operator >(Usd a, Usd b) => a.Dollars > b.Dollars;

    /// <summary>Whether <paramref name="a"/> is at most <paramref name="b"/>.</summary>
    public static bool operator <=(Usd a, Usd b) => a.Dollars <= b.Dollars;

    /// <summary>Whether <paramref name="a"/> is at least <paramref name="b"/>.</summary>
    public static bool operator >=(Usd a, Usd b) => a.Dollars >= b.Dollars;
}
