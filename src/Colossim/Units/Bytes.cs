using System.Diagnostics.CodeAnalysis;

namespace Colossim.Units;

/// <summary>An amount of data in bytes (fractional amounts arise from per-token averages).</summary>
/// <param name="Value">The amount in bytes.</param>
public readonly record struct Bytes(double Value) : IComparable<Bytes>
{
    private static readonly Dictionary<string, double> Units = new(StringComparer.Ordinal)
    {
        ["B"] = 1,
        ["KB"] = 1e3,
        ["MB"] = 1e6,
        ["GB"] = 1e9,
        ["TB"] = 1e12,
        ["PB"] = 1e15,
        ["EB"] = 1e18,
        ["KiB"] = 1024d,
        ["MiB"] = 1024d * 1024,
        ["GiB"] = 1024d * 1024 * 1024,
        ["TiB"] = 1024d * 1024 * 1024 * 1024,
        ["PiB"] = 1024d * 1024 * 1024 * 1024 * 1024,
    };

    /// <summary>Nothing.</summary>
    public static Bytes Zero => default;

    /// <summary>Parses a human form such as 80GiB, 141GB, 512MiB, 4KB.</summary>
    /// <exception cref="FormatException">The text is not a valid amount; the message says what was expected.</exception>
    public static Bytes Parse(string text) => TryParse(text, out var value, out var error) ? value : throw new FormatException(error);

    /// <summary>Parses a human form such as 80GiB, 141GB, 512MiB, 4KB; on failure <paramref name="error"/> says what was expected.</summary>
    public static bool TryParse(string? text, out Bytes value, [NotNullWhen(false)] out string? error)
    {
        var ok = QuantityParser.TryParse(text, "a size like 80GiB or 141GB", Units, allowBare: true, out var parsed, out error);
        value = new Bytes(parsed);
        return ok;
    }

    /// <summary>A human form that <see cref="Parse"/> reads back to the same value.</summary>
    public override string ToString() => QuantityParser.FormatExact(Value, [(1, "B"), (1e3, "KB"), (1e6, "MB"), (1e9, "GB"), (1e12, "TB"), (1e15, "PB")]);

    /// <summary>A rounded form for people; not guaranteed to round-trip.</summary>
    public string ToDisplayString() => QuantityParser.Format(Value, [(1, "B"), (1e3, "KB"), (1e6, "MB"), (1e9, "GB"), (1e12, "TB"), (1e15, "PB")]);

    /// <inheritdoc />
    public int CompareTo(Bytes other) => Value.CompareTo(other.Value);

    /// <summary>The size in gigabytes (10^9 bytes).</summary>
    public double Gigabytes => Value / 1e9;

    /// <summary>The size in gibibytes (2^30 bytes).</summary>
    public double Gibibytes => Value / (1024d * 1024 * 1024);

    /// <summary>The time to move <paramref name="size"/> at <paramref name="rate"/>.</summary>
    public static Duration operator /(Bytes size, Bandwidth rate) => Duration.FromSeconds(size.Value / rate.BytesPerSecond);

    /// <summary>The rate that moves <paramref name="size"/> in <paramref name="time"/>.</summary>
    public static Bandwidth operator /(Bytes size, Duration time) => new(size.Value / time.TotalSeconds);

    /// <summary>The sum of two amounts.</summary>
    public static Bytes operator +(Bytes a, Bytes b) => new(a.Value + b.Value);

    /// <summary>The difference of two amounts.</summary>
    public static Bytes operator -(Bytes a, Bytes b) => new(a.Value - b.Value);

    /// <summary>An amount scaled by a factor.</summary>
    public static Bytes operator *(Bytes a, double factor) => new(a.Value * factor);

    /// <summary>An amount scaled by a factor.</summary>
    public static Bytes operator *(double factor, Bytes a) => new(a.Value * factor);

    /// <summary>An amount divided by a factor.</summary>
    public static Bytes operator /(Bytes a, double divisor) => new(a.Value / divisor);

    /// <summary>The ratio of two amounts.</summary>
    public static double operator /(Bytes a, Bytes b) => a.Value / b.Value;

    /// <summary>Whether <paramref name="a"/> is less than <paramref name="b"/>.</summary>
    public static bool operator <(Bytes a, Bytes b) => a.Value < b.Value;

    /// <summary>Whether <paramref name="a"/> is more than <paramref name="b"/>.</summary>
    public static bool operator >(Bytes a, Bytes b) => a.Value > b.Value;

    /// <summary>Whether <paramref name="a"/> is at most <paramref name="b"/>.</summary>
    public static bool operator <=(Bytes a, Bytes b) => a.Value <= b.Value;

    /// <summary>Whether <paramref name="a"/> is at least <paramref name="b"/>.</summary>
    public static bool operator >=(Bytes a, Bytes b) => a.Value >= b.Value;
}
