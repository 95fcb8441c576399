using System.Diagnostics.CodeAnalysis;

namespace Colossim.Units;

/// <summary>An amount of energy in joules; usually written in watt-hours.</summary>
/// <param name="Joules">The amount in joules.</param>
public readonly record struct Energy(double Joules) : IComparable<Energy>
{
    private static readonly Dictionary<string, double> Units = new(StringComparer.Ordinal)
    {
        ["J"] = 1,
        ["kJ"] = 1e3,
        ["MJ"] = 1e6,
        ["GJ"] = 1e9,
        ["Wh"] = 3600,
        ["kWh"] = 3.6e6,
        ["MWh"] = 3.6e9,
        ["GWh"] = 3.6e12,
        ["TWh"] = 3.6e15,
    };

    /// <summary>Nothing.</summary>
    public static Energy Zero => default;

    /// <summary>Parses a human form such as 150MWh, 3.5kWh, 1J.</summary>
    /// <exception cref="FormatException">The text is not a valid amount; the message says what was expected.</exception>
    public static Energy Parse(string text) => TryParse(text, out var value, out var error) ? value : throw new FormatException(error);

    /// <summary>Parses a human form such as 150MWh, 3.5kWh, 1J; on failure <paramref name="error"/> says what was expected.</summary>
    public static bool TryParse(string? text, out Energy value, [NotNullWhen(false)] out string? error)
    {
        var ok = QuantityParser.TryParse(text, "an energy like 150MWh or 3.5kWh", Units, allowBare: false, out var parsed, out error);
        value = new Energy(parsed);
        return ok;
    }

    /// <summary>A human form that <see cref="Parse"/> reads back to the same value.</summary>
    public override string ToString() => QuantityParser.FormatExact(Joules, [(1, "J"), (3600, "Wh"), (3.6e6, "kWh"), (3.6e9, "MWh"), (3.6e12, "GWh"), (3.6e15, "TWh")]);

    /// <summary>A rounded form for people; not guaranteed to round-trip.</summary>
    public string ToDisplayString() => QuantityParser.Format(Joules, [(1, "J"), (3600, "Wh"), (3.6e6, "kWh"), (3.6e9, "MWh"), (3.6e12, "GWh"), (3.6e15, "TWh")]);

    /// <inheritdoc />
    public int CompareTo(Energy other) => Joules.CompareTo(other.Joules);

    /// <summary>The energy in kilowatt-hours.</summary>
    public double KilowattHours => Joules / 3.6e6;

    /// <summary>The energy in megawatt-hours.</summary>
    public double MegawattHours => Joules / 3.6e9;

    /// <summary>An energy of <paramref name="kwh"/> kilowatt-hours.</summary>
    public static Energy FromKilowattHours(double kwh) => new(kwh * 3.6e6);

    /// <summary>The mean power that delivers <paramref name="energy"/> in <paramref name="time"/>.</summary>
    public static Watts operator /(Energy energy, Duration time) => new(energy.Joules / time.TotalSeconds);

    /// <summary>How long <paramref name="energy"/> lasts at <paramref name="power"/>.</summary>
    public static Duration operator /(Energy energy, Watts power) => Duration.FromSeconds(energy.Joules / power.Value);

    /// <summary>The sum of two amounts.</summary>
    public static Energy operator +(Energy a, Energy b) => new(a.Joules + b.Joules);

    /// <summary>The difference of two amounts.</summary>
    public static Energy operator -(Energy a, Energy b) => new(a.Joules - b.Joules);

    /// <summary>An amount scaled by a factor.</summary>
    public static Energy operator *(Energy a, double factor) => new(a.Joules * factor);

    /// <summary>An amount scaled by a factor.</summary>
    public static Energy operator *(double factor, Energy a) => new(a.Joules * factor);

    /// <summary>An amount divided by a factor.</summary>
    public static Energy operator /(Energy a, double divisor) => new(a.Joules / divisor);

    /// <summary>The ratio of two amounts.</summary>
    public static double operator /(Energy a, Energy b) => a.Joules / b.Joules;

    /// <summary>Whether <paramref name="a"/> is less than <paramref name="b"/>.</summary>
    public static bool operator <(Energy a, Energy b) => a.Joules < b.Joules;

    /// <summary>Whether <paramref name="a"/> is more than <paramref name="b"/>.</summary>
    public static bool operator >(Energy a, Energy b) => a.Joules > b.Joules;

    /// <summary>Whether <paramref name="a"/> is at most <paramref name="b"/>.</summary>
    public static bool operator <=(Energy a, Energy b) => a.Joules <= b.Joules;

    /// <summary>Whether <paramref name="a"/> is at least <paramref name="b"/>.</summary>
    public static bool operator >=(Energy a, Energy b) => a.Joules >= b.Joules;
}
