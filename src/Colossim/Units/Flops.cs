using System.Diagnostics.CodeAnalysis;

namespace Colossim.Units;

/// <summary>A count of floating-point operations (the work of a kernel, a step or a training run).</summary>
/// <param name="Value">The amount in floating-point operations.</param>
public readonly record struct Flops(double Value) : IComparable<Flops>
{
    private static readonly Dictionary<string, double> Units = new(StringComparer.Ordinal)
    {
        ["FLOP"] = 1,
        ["FLOPs"] = 1,
        ["KFLOP"] = 1e3,
        ["MFLOP"] = 1e6,
        ["GFLOP"] = 1e9,
        ["TFLOP"] = 1e12,
        ["PFLOP"] = 1e15,
        ["EFLOP"] = 1e18,
        ["ZFLOP"] = 1e21,
    };

    /// <summary>Nothing.</summary>
    public static Flops Zero => default;

    /// <summary>Parses a human form such as 1.5e13, 6e23FLOP, 3.8e25 FLOPs, 2PFLOP.</summary>
    /// <exception cref="FormatException">The text is not a valid amount; the message says what was expected.</exception>
    public static Flops Parse(string text) => TryParse(text, out var value, out var error) ? value : throw new FormatException(error);

    /// <summary>Parses a human form such as 1.5e13, 6e23FLOP, 3.8e25 FLOPs, 2PFLOP; on failure <paramref name="error"/> says what was expected.</summary>
    public static bool TryParse(string? text, out Flops value, [NotNullWhen(false)] out string? error)
    {
        var ok = QuantityParser.TryParse(text, "a FLOP count like 6e23 or 2PFLOP", Units, allowBare: true, out var parsed, out error);
        value = new Flops(parsed);
        return ok;
    }

    /// <summary>A human form that <see cref="Parse"/> reads back to the same value.</summary>
    public override string ToString() => QuantityParser.FormatExact(Value, [(1, "FLOP"), (1e3, "KFLOP"), (1e6, "MFLOP"), (1e9, "GFLOP"), (1e12, "TFLOP"), (1e15, "PFLOP"), (1e18, "EFLOP"), (1e21, "ZFLOP")]);

    /// <summary>A rounded form for people; not guaranteed to round-trip.</summary>
    public string ToDisplayString() => QuantityParser.Format(Value, [(1, "FLOP"), (1e3, "KFLOP"), (1e6, "MFLOP"), (1e9, "GFLOP"), (1e12, "TFLOP"), (1e15, "PFLOP"), (1e18, "EFLOP"), (1e21, "ZFLOP")]);

    /// <inheritdoc />
    public int CompareTo(Flops other) => Value.CompareTo(other.Value);

    /// <summary>The time to do <paramref name="work"/> at <paramref name="rate"/>.</summary>
    public static Duration operator /(Flops work, FlopRate rate) => Duration.FromSeconds(work.Value / rate.FlopsPerSecond);

    /// <summary>The rate that does <paramref name="work"/> in <paramref name="time"/>.</summary>
    public static FlopRate operator /(Flops work, Duration time) => new(work.Value / time.TotalSeconds);

    /// <summary>The sum of two amounts.</summary>
    public static Flops operator +(Flops a, Flops b) => new(a.Value + b.Value);

    /// <summary>The difference of two amounts.</summary>
    public static Flops operator -(Flops a, Flops b) => new(a.Value - b.Value);

    /// <summary>An amount scaled by a factor.</summary>
    public static Flops operator *(Flops a, double factor) => new(a.Value * factor);

    /// <summary>An amount scaled by a factor.</summary>
    public static Flops operator *(double factor, Flops a) => new(a.Value * factor);

    /// <summary>An amount divided by a factor.</summary>
    public static Flops operator /(Flops a, double divisor) => new(a.Value / divisor);

    /// <summary>The ratio of two amounts.</summary>
    public static double operator /(Flops a, Flops b) => a.Value / b.Value;

    /// <summary>Whether <paramref name="a"/> is less than <paramref name="b"/>.</summary>
    public static bool operator <(Flops a, Flops b) => a.Value < b.Value;

    /// <summary>Whether <paramref name="a"/> is more than <paramref name="b"/>.</summary>
    public static bool operator >(Flops a, Flops b) => a.Value > b.Value;

    /// <summary>Whether <paramref name="a"/> is at most <paramref name="b"/>.</summary>
    public static bool operator <=(Flops a, Flops b) => a.Value <= b.Value;

    /// <summary>Whether <paramref name="a"/> is at least <paramref name="b"/>.</summary>
    public static bool operator >=(Flops a, Flops b) => a.Value >= b.Value;
}
