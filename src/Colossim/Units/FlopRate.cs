using System.Diagnostics.CodeAnalysis;

namespace Colossim.Units;

/// <summary>A compute rate in floating-point operations per second.</summary>
/// <param name="FlopsPerSecond">The amount in floating-point operations per second.</param>
public readonly record struct FlopRate(double FlopsPerSecond) : IComparable<FlopRate>
{
    private static readonly Dictionary<string, double> Units = new(StringComparer.Ordinal)
    {
        ["FLOPS"] = 1,
        ["FLOP/s"] = 1,
        ["KFLOPS"] = 1e3,
        ["MFLOPS"] = 1e6,
        ["GFLOPS"] = 1e9,
        ["GFLOP/s"] = 1e9,
        ["TFLOPS"] = 1e12,
        ["TFLOP/s"] = 1e12,
        ["PFLOPS"] = 1e15,
        ["PFLOP/s"] = 1e15,
        ["EFLOPS"] = 1e18,
        ["EFLOP/s"] = 1e18,
    };

    /// <summary>Nothing.</summary>
    public static FlopRate Zero => default;

    /// <summary>Parses a human form such as 989TFLOPS, 1.979PFLOPS, 989 TFLOP/s.</summary>
    /// <exception cref="FormatException">The text is not a valid amount; the message says what was expected.</exception>
    public static FlopRate Parse(string text) => TryParse(text, out var value, out var error) ? value : throw new FormatException(error);

    /// <summary>Parses a human form such as 989TFLOPS, 1.979PFLOPS, 989 TFLOP/s; on failure <paramref name="error"/> says what was expected.</summary>
    public static bool TryParse(string? text, out FlopRate value, [NotNullWhen(false)] out string? error)
    {
        var ok = QuantityParser.TryParse(text, "a compute rate like 989TFLOPS", Units, allowBare: false, out var parsed, out error);
        value = new FlopRate(parsed);
        return ok;
    }

    /// <summary>A human form that <see cref="Parse"/> reads back to the same value.</summary>
    public override string ToString() => QuantityParser.FormatExact(FlopsPerSecond, [(1, "FLOPS"), (1e3, "KFLOPS"), (1e6, "MFLOPS"), (1e9, "GFLOPS"), (1e12, "TFLOPS"), (1e15, "PFLOPS"), (1e18, "EFLOPS")]);

    /// <summary>A rounded form for people; not guaranteed to round-trip.</summary>
    public string ToDisplayString() => QuantityParser.Format(FlopsPerSecond, [(1, "FLOPS"), (1e3, "KFLOPS"), (1e6, "MFLOPS"), (1e9, "GFLOPS"), (1e12, "TFLOPS"), (1e15, "PFLOPS"), (1e18, "EFLOPS")]);

    /// <inheritdoc />
    public int CompareTo(FlopRate other) => FlopsPerSecond.CompareTo(other.FlopsPerSecond);

    /// <summary>The rate in teraFLOP/s.</summary>
    public double TeraFlopsPerSecond => FlopsPerSecond / 1e12;

    /// <summary>A rate of <paramref name="tflops"/> teraFLOP/s.</summary>
    public static FlopRate FromTeraFlops(double tflops) => new(tflops * 1e12);

    /// <summary>The work done at <paramref name="rate"/> during <paramref name="time"/>.</summary>
    public static Flops operator *(FlopRate rate, Duration time) => new(rate.FlopsPerSecond * time.TotalSeconds);

    /// <summary>The work done at <paramref name="rate"/> during <paramref name="time"/>.</summary>
    public static Flops operator *(Duration time, FlopRate rate) => new(rate.FlopsPerSecond * time.TotalSeconds);

    /// <summary>The sum of two amounts.</summary>
    public static FlopRate operator +(FlopRate a, FlopRate b) => new(a.FlopsPerSecond + b.FlopsPerSecond);

    /// <summary>The difference of two amounts.</summary>
    public static FlopRate operator -(FlopRate a, FlopRate b) => new(a.FlopsPerSecond - b.FlopsPerSecond);

    /// <summary>An amount scaled by a factor.</summary>
    public static FlopRate operator *(FlopRate a, double factor) => new(a.FlopsPerSecond * factor);

    /// <summary>An amount scaled by a factor.</summary>
    public static FlopRate operator *(double factor, FlopRate a) => new(a.FlopsPerSecond * factor);

    /// <summary>An amount divided by a factor.</summary>
    public static FlopRate operator /(FlopRate a, double divisor) => new(a.FlopsPerSecond / divisor);

    /// <summary>The ratio of two amounts.</summary>
    public static double operator /(FlopRate a, FlopRate b) => a.FlopsPerSecond / b.FlopsPerSecond;

    /// <summary>Whether <paramref name="a"/> is less than <paramref name="b"/>.</summary>
    public static bool operator <(FlopRate a, FlopRate b) => a.FlopsPerSecond < b.FlopsPerSecond;

    /// <summary>Whether <paramref name="a"/> is more than <paramref name="b"/>.</summary>
    public static bool operator >(FlopRate a, FlopRate b) => a.FlopsPerSecond > b.FlopsPerSecond;

    /// <summary>Whether <paramref name="a"/> is at most <paramref name="b"/>.</summary>
    public static bool operator <=(FlopRate a, FlopRate b) => a.FlopsPerSecond <= b.FlopsPerSecond;

    /// <summary>Whether <paramref name="a"/> is at least <paramref name="b"/>.</summary>
    public static bool operator >=(FlopRate a, FlopRate b) => a.FlopsPerSecond >= b.FlopsPerSecond;
}
