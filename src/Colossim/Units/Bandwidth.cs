using System.Diagnostics.CodeAnalysis;

namespace Colossim.Units;

/// <summary>A data rate in bytes per second (network port speeds in bits, such as 400Gb/s, are converted).</summary>
/// <param name="BytesPerSecond">The amount in bytes per second.</param>
public readonly record struct Bandwidth(double BytesPerSecond) : IComparable<Bandwidth>
{
    private static readonly Dictionary<string, double> Units = new(StringComparer.Ordinal)
    {
        ["B/s"] = 1,
        ["KB/s"] = 1e3,
        ["MB/s"] = 1e6,
        ["GB/s"] = 1e9,
        ["TB/s"] = 1e12,
        ["PB/s"] = 1e15,
        ["MBps"] = 1e6,
        ["GBps"] = 1e9,
        ["TBps"] = 1e12,
        ["GiB/s"] = 1024d * 1024 * 1024,
        ["TiB/s"] = 1024d * 1024 * 1024 * 1024,
        ["b/s"] = 0.125,
        ["bps"] = 0.125,
        ["Kb/s"] = 125,
        ["Mb/s"] = 125e3,
        ["Mbps"] = 125e3,
        ["Gb/s"] = 125e6,
        ["Gbps"] = 125e6,
        ["Tb/s"] = 125e9,
        ["Tbps"] = 125e9,
    };

    /// <summary>Nothing.</summary>
    public static Bandwidth Zero => default;

    /// <summary>Parses a human form such as 4.8TB/s, 900GB/s, 400Gb/s, 400Gbps.</summary>
    /// <exception cref="FormatException">The text is not a valid amount; the message says what was expected.</exception>
    public static Bandwidth Parse(string text) => TryParse(text, out var value, out var error) ? value : throw new FormatException(error);

    /// <summary>Parses a human form such as 4.8TB/s, 900GB/s, 400Gb/s, 400Gbps; on failure <paramref name="error"/> says what was expected.</summary>
    public static bool TryParse(string? text, out Bandwidth value, [NotNullWhen(false)] out string? error)
    {
        var ok = QuantityParser.TryParse(text, "a bandwidth like 900GB/s or 400Gb/s", Units, allowBare: false, out var parsed, out error);
        value = new Bandwidth(parsed);
        return ok;
    }

    /// <summary>A human form that <see cref="Parse"/> reads back to the same value.</summary>
    public override string ToString() => QuantityParser.FormatExact(BytesPerSecond, [(1, "B/s"), (1e3, "KB/s"), (1e6, "MB/s"), (1e9, "GB/s"), (1e12, "TB/s"), (1e15, "PB/s")]);

    /// <summary>A rounded form for people; not guaranteed to round-trip.</summary>
    public string ToDisplayString() => QuantityParser.Format(BytesPerSecond, [(1, "B/s"), (1e3, "KB/s"), (1e6, "MB/s"), (1e9, "GB/s"), (1e12, "TB/s"), (1e15, "PB/s")]);

    /// <inheritdoc />
    public int CompareTo(Bandwidth other) => BytesPerSecond.CompareTo(other.BytesPerSecond);

    /// <summary>The rate in gigabytes (10^9 bytes) per second.</summary>
    public double GigabytesPerSecond => BytesPerSecond / 1e9;

    /// <summary>The rate in gigabits (10^9 bits) per second, as network ports are rated.</summary>
    public double GigabitsPerSecond => BytesPerSecond * 8 / 1e9;

    /// <summary>A rate of <paramref name="gbps"/> gigabits per second.</summary>
    public static Bandwidth FromGigabitsPerSecond(double gbps) => new(gbps * 1e9 / 8);

    /// <summary>The data moved at <paramref name="rate"/> during <paramref name="time"/>.</summary>
    public static Bytes operator *(Bandwidth rate, Duration time) => new(rate.BytesPerSecond * time.TotalSeconds);

    /// <summary>The data moved at <paramref name="rate"/> during <paramref name="time"/>.</summary>
    public static Bytes operator *(Duration time, Bandwidth rate) => new(rate.BytesPerSecond * time.TotalSeconds);

    /// <summary>The sum of two amounts.</summary>
    public static Bandwidth operator +(Bandwidth a, Bandwidth b) => new(a.BytesPerSecond + b.BytesPerSecond);

    /// <summary>The difference of two amounts.</summary>
    public static Bandwidth operator -(Bandwidth a, Bandwidth b) => new(a.BytesPerSecond - b.BytesPerSecond);

    /// <summary>An amount scaled by a factor.</summary>
    public static Bandwidth operator *(Bandwidth a, double factor) => new(a.BytesPerSecond * factor);

    /// <summary>An amount scaled by a factor.</summary>
    public static Bandwidth operator *(double factor, Bandwidth a) => new(a.BytesPerSecond * factor);

    /// <summary>An amount divided by a factor.</summary>
    public static Bandwidth operator /(Bandwidth a, double divisor) => new(a.BytesPerSecond / divisor);

    /// <summary>The ratio of two amounts.</summary>
    public static double operator /(Bandwidth a, Bandwidth b) => a.BytesPerSecond / b.BytesPerSecond;

    /// <summary>Whether <paramref name="a"/> is less than <paramref name="b"/>.</summary>
    public static bool operator <(Bandwidth a, Bandwidth b) => a.BytesPerSecond < b.BytesPerSecond;

    /// <summary>Whether <paramref name="a"/> is more than <paramref name="b"/>.</summary>
    public static bool operator >(Bandwidth a, Bandwidth b) => a.BytesPerSecond > b.BytesPerSecond;

    /// <summary>Whether <paramref name="a"/> is at most <paramref name="b"/>.</summary>
    public static bool operator <=(Bandwidth a, Bandwidth b) => a.BytesPerSecond <= b.BytesPerSecond;

    /// <summary>Whether <paramref name="a"/> is at least <paramref name="b"/>.</summary>
    public static bool operator >=(Bandwidth a, Bandwidth b) => a.BytesPerSecond >= b.BytesPerSecond;
}
