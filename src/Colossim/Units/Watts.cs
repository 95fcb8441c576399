using System.Diagnostics.CodeAnalysis;

namespace Colossim.Units;

/// <summary>A power draw in watts.</summary>
/// <param name="Value">The amount in watts.</param>
public readonly record struct Watts(double Value) : IComparable<Watts>
{
    private static readonly Dictionary<string, double> Units = new(StringComparer.Ordinal)
    {
        ["W"] = 1,
        ["kW"] = 1e3,
        ["MW"] = 1e6,
        ["GW"] = 1e9,
    };

    /// <summary>Nothing.</summary>
    public static Watts Zero => default;

    /// <summary>Parses a human form such as 700W, 10.2kW, 150MW, 1.2GW.</summary>
    /// <exception cref="FormatException">The text is not a valid amount; the message says what was expected.</exception>
    public static Watts Parse(string text) => TryParse(text, out var value, out var error) ? value : throw new FormatException(error);

    /// <summary>Parses a human form such as 700W, 10.2kW, 150MW, 1.2GW; on failure <paramref name="error"/> says what was expected.</summary>
    public static bool TryParse(string? text, out Watts value, [NotNullWhen(false)] out string? error)
    {
        var ok = QuantityParser.TryParse(text, "a power like 700W or 150MW", Units, allowBare: false, out var parsed, out error);
        value = new Watts(parsed);
        return ok;
    }

    /// <summary>A human form that <see cref="Parse"/> reads back to the same value.</summary>
    public override string ToString() => QuantityParser.FormatExact(Value, [(1, "W"), (1e3, "kW"), (1e6, "MW"), (1e9, "GW")]);

    /// <summary>A rounded form for people; not guaranteed to round-trip.</summary>
    public string ToDisplayString() => QuantityParser.Format(Value, [(1, "W"), (1e3, "kW"), (1e6, "MW"), (1e9, "GW")]);

    /// <inheritdoc />
    public int CompareTo(Watts other) => Value.CompareTo(other.Value);

    /// <summary>The power in megawatts.</summary>
    public double Megawatts => Value / 1e6;

    /// <summary>A power of <paramref name="megawatts"/> MW.</summary>
    public static Watts FromMegawatts(double megawatts) => new(megawatts * 1e6);

    /// <summary>The energy drawn at <paramref name="power"/> during <paramref name="time"/>.</summary>
    public static Energy operator *(Watts power, Duration time) => new(power.Value * time.TotalSeconds);

    /// <summary>The energy drawn at <paramref name="power"/> during <paramref name="time"/>.</summary>
    public static Energy operator *(Duration time, Watts power) => new(power.Value * time.TotalSeconds);

    /// <summary>The sum of two amounts.</summary>
    public static Watts operator +(Watts a, Watts b) => new(a.Value + b.Value);

    /// <summary>The difference of two amounts.</summary>
    public static Watts operator -(Watts a, Watts b) => new(a.Value - b.Value);

    /// <summary>An amount scaled by a factor.</summary>
    public static Watts operator *(Watts a, double factor) => new(a.Value * factor);

    /// <summary>An amount scaled by a factor.</summary>
    public static Watts operator *(double factor, Watts a) => new(a.Value * factor);

    /// <summary>An amount divided by a factor.</summary>
    public static Watts operator /(Watts a, double divisor) => new(a.Value / divisor);

    /// <summary>The ratio of two amounts.</summary>
    public static double operator /(Watts a, Watts b) => a.Value / b.Value;

    /// <summary>Whether <paramref name="a"/> is less than <paramref name="b"/>.</summary>
    public static bool operator <(Watts a, Watts b) => a.Value < b.Value;

    /// <summary>Whether <paramref name="a"/> is more than <paramref name="b"/>.</summary>
    public static bool operator >(Watts a, Watts b) => a.Value > b.Value;

    /// <summary>Whether <paramref name="a"/> is at most <paramref name="b"/>.</summary>
    public static bool operator <=(Watts a, Watts b) => a.Value <= b.Value;

    /// <summary>Whether <paramref name="a"/> is at least <paramref name="b"/>.</summary>
    public static bool operator >=(Watts a, Watts b) => a.Value >= b.Value;
}
