using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Colossim.Units;

/// <summary>
/// A span of simulated time: an integer number of nanoseconds (about ±292 years). Durations add, subtract, scale and
/// divide; a <see cref="SimTime"/> plus a duration is a later time.
/// </summary>
/// <param name="Nanoseconds">The length in nanoseconds; may be negative as the result of a subtraction.</param>
public readonly record struct Duration(long Nanoseconds) : IComparable<Duration>
{
    private static readonly Dictionary<string, double> Units = new(StringComparer.Ordinal)
    {
        ["ns"] = 1,
        ["us"] = 1e3,
        ["µs"] = 1e3,
        ["μs"] = 1e3,
        ["ms"] = 1e6,
        ["s"] = 1e9,
        ["sec"] = 1e9,
        ["min"] = 60e9,
        ["h"] = 3600e9,
        ["hr"] = 3600e9,
        ["d"] = 86400e9,
        ["day"] = 86400e9,
        ["days"] = 86400e9,
        ["w"] = 604800e9,
        ["y"] = 365 * 86400e9,
        ["yr"] = 365 * 86400e9,
        ["years"] = 365 * 86400e9,
    };

    /// <summary>The empty duration.</summary>
    public static Duration Zero => default;

    /// <summary>The longest representable duration.</summary>
    public static Duration MaxValue => new(long.MaxValue);

    /// <summary>One nanosecond, the resolution of simulated time.</summary>
    public static Duration Epsilon => new(1);

    /// <summary>The length in seconds.</summary>
    public double TotalSeconds => Nanoseconds / 1e9;

    /// <summary>The length in milliseconds.</summary>
    public double TotalMilliseconds => Nanoseconds / 1e6;

    /// <summary>The length in microseconds.</summary>
    public double TotalMicroseconds => Nanoseconds / 1e3;

    /// <summary>The length in hours.</summary>
    public double TotalHours => Nanoseconds / 3600e9;

    /// <summary>A duration of <paramref name="seconds"/> seconds, rounded to the nearest nanosecond.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite or does not fit in 64-bit nanoseconds.</exception>
    public static Duration FromSeconds(double seconds) => FromNanoseconds(seconds * 1e9);

    /// <summary>A duration of <paramref name="milliseconds"/> milliseconds, rounded to the nearest nanosecond.</summary>
    public static Duration FromMilliseconds(double milliseconds) => FromNanoseconds(milliseconds * 1e6);

    /// <summary>A duration of <paramref name="microseconds"/> microseconds, rounded to the nearest nanosecond.</summary>
    public static Duration FromMicroseconds(double microseconds) => FromNanoseconds(microseconds * 1e3);

    /// <summary>A duration of <paramref name="hours"/> hours, rounded to the nearest nanosecond.</summary>
    public static Duration FromHours(double hours) => FromNanoseconds(hours * 3600e9);

    /// <summary>A duration of <paramref name="nanoseconds"/> (fractional) nanoseconds, rounded to the nearest one.</summary>
    public static Duration FromNanoseconds(double nanoseconds)
    {
        if (!double.IsFinite(nanoseconds) || Math.Abs(nanoseconds) >= 9.2e18)
        {
            throw new ArgumentOutOfRangeException(nameof(nanoseconds), nanoseconds, "A duration must be finite and within ±292 years.");
        }

        return new Duration((long)Math.Round(nanoseconds));
    }

    /// <summary>Parses a human form such as <c>2s</c>, <c>150ms</c>, <c>1.5us</c>, <c>30min</c>, <c>2h</c>, <c>90d</c>.</summary>
    /// <exception cref="FormatException">The text is not a duration; the message says what was expected.</exception>
    public static Duration Parse(string text) => TryParse(text, out var value, out var error) ? value : throw new FormatException(error);

    /// <summary>Parses a human form; on failure <paramref name="error"/> says what was expected and what was found.</summary>
    /// <remarks>The arithmetic is decimal, so every whole number of nanoseconds up to <see cref="MaxValue"/> reads back exactly.</remarks>
    public static bool TryParse(string? text, out Duration value, [NotNullWhen(false)] out string? error)
    {
        value = default;
        const string Expected = "a duration like 2s, 150ms or 1.5h";
        if (!QuantityParser.TryParse(text, Expected, Units, allowBare: false, out _, out var exact, out error))
        {
            return false;
        }

        var rounded = exact is { } e ? Math.Round(e, MidpointRounding.ToEven) : (decimal?)null;
        if (rounded is not { } whole || whole > long.MaxValue)
        {
            error = $"expected {Expected}, found '{QuantityParser.Quote(text!)}', which is longer than 292 years";
            return false;
        }

        value = new Duration((long)whole);
        return true;
    }

    /// <inheritdoc />
    public int CompareTo(Duration other) => Nanoseconds.CompareTo(other.Nanoseconds);

    /// <summary>
    /// A human form that <see cref="Parse"/> reads back to the same nanosecond count (for durations of zero or more;
    /// <see cref="Parse"/> rejects negative input): the largest unit in which the length is a whole number or a decimal
    /// of at most nine places (<c>1.5ms</c>, <c>90min</c>, <c>1.5min</c>, <c>100s</c>).
    /// </summary>
    public override string ToString()
    {
        ReadOnlySpan<(long Scale, string Suffix)> ladder = [(1, "ns"), (1_000, "us"), (1_000_000, "ms"), (1_000_000_000, "s"), (60_000_000_000, "min"), (3_600_000_000_000, "h"), (86_400_000_000_000, "d")];
        var magnitude = Nanoseconds == long.MinValue ? (Int128)long.MaxValue + 1 : (Int128)Math.Abs(Nanoseconds);
        var chosen = ladder[0];
        foreach (var step in ladder)
        {
            // At most nine decimal places: the length times 10^9 is a whole multiple of the unit.
            if (magnitude >= step.Scale && magnitude * 1_000_000_000 % step.Scale == 0)
            {
                chosen = step;
            }
        }

        var quotient = (decimal)Nanoseconds / chosen.Scale;
        return quotient.ToString("0.#########", CultureInfo.InvariantCulture) + chosen.Suffix;
    }

    /// <summary>A rounded form for people (<c>1.235ms</c>); not guaranteed to round-trip.</summary>
    public string ToDisplayString()
    {
        ReadOnlySpan<(double, string)> ladder = [(1, "ns"), (1e3, "us"), (1e6, "ms"), (1e9, "s"), (60e9, "min"), (3600e9, "h"), (86400e9, "d")];
        return QuantityParser.Format(Nanoseconds, ladder);
    }

    /// <summary>The sum of two durations.</summary>
    public static Duration operator +(Duration a, Duration b) => new(a.Nanoseconds + b.Nanoseconds);

    /// <summary>The difference of two durations.</summary>
    public static Duration operator -(Duration a, Duration b) => new(a.Nanoseconds - b.Nanoseconds);

    /// <summary>The negated duration.</summary>
    public static Duration operator -(Duration a) => new(-a.Nanoseconds);

    /// <summary>A duration scaled by a factor, rounded to the nearest nanosecond.</summary>
    public static Duration operator *(Duration a, double factor) => FromNanoseconds(a.Nanoseconds * factor);

    /// <summary>A duration scaled by a factor, rounded to the nearest nanosecond.</summary>
    public static Duration operator *(double factor, Duration a) => FromNanoseconds(a.Nanoseconds * factor);

    /// <summary>A duration divided by a factor, rounded to the nearest nanosecond.</summary>
    public static Duration operator /(Duration a, double divisor) => FromNanoseconds(a.Nanoseconds / divisor);

    /// <summary>The ratio of two durations.</summary>
    public static double operator /(Duration a, Duration b) => (double)a.Nanoseconds / b.Nanoseconds;

    /// <summary>Whether <paramref name="a"/> is shorter than <paramref name="b"/>.</summary>
    public static bool operator <(Duration a, Duration b) => a.Nanoseconds < b.Nanoseconds;

    /// <summary>Whether <paramref name="a"/> is longer than <paramref name="b"/>.</summary>
    public static bool operator >(Duration a, Duration b) => a.Nanoseconds > b.Nanoseconds;

    /// <summary>Whether <paramref name="a"/> is at most <paramref name="b"/>.</summary>
    public static bool operator <=(Duration a, Duration b) => a.Nanoseconds <= b.Nanoseconds;

    /// <summary>Whether <paramref name="a"/> is at least <paramref name="b"/>.</summary>
    public static bool operator >=(Duration a, Duration b) => a.Nanoseconds >= b.Nanoseconds;

    /// <summary>The longer of two durations.</summary>
    public static Duration Max(Duration a, Duration b) => a.Nanoseconds >= b.Nanoseconds ? a : b;

    /// <summary>The shorter of two durations.</summary>
    public static Duration Min(Duration a, Duration b) => a.Nanoseconds <= b.Nanoseconds ? a : b;

}
