namespace Colossim.Units;

/// <summary>
/// A point in simulated time: integer nanoseconds since the start of the simulation. Times are compared and
/// subtracted (giving a <see cref="Duration"/>); adding two times is meaningless and not offered.
/// </summary>
/// <param name="Nanoseconds">Nanoseconds since the start of the simulation.</param>
public readonly record struct SimTime(long Nanoseconds) : IComparable<SimTime>
{
    /// <summary>The start of the simulation.</summary>
    public static SimTime Zero => default;

    /// <summary>The end of representable time; used as "never".</summary>
    public static SimTime MaxValue => new(long.MaxValue);

    /// <summary>Seconds since the start of the simulation.</summary>
    public double Seconds => Nanoseconds / 1e9;

    /// <summary>The time <paramref name="seconds"/> after the start.</summary>
    public static SimTime FromSeconds(double seconds) => Zero + Duration.FromSeconds(seconds);

    /// <inheritdoc />
    public int CompareTo(SimTime other) => Nanoseconds.CompareTo(other.Nanoseconds);

    /// <summary>The time as the duration since the start, in human form (<c>t=1.5s</c>).</summary>
    public override string ToString() => "t=" + new Duration(Nanoseconds);

    /// <summary>The time <paramref name="d"/> after <paramref name="t"/>.</summary>
    public static SimTime operator +(SimTime t, Duration d) => new(t.Nanoseconds + d.Nanoseconds);

    /// <summary>The time <paramref name="d"/> before <paramref name="t"/>.</summary>
    public static SimTime operator -(SimTime t, Duration d) => new(t.Nanoseconds - d.Nanoseconds);

    /// <summary>The duration from <paramref name="b"/> to <paramref name="a"/>.</summary>
    public static Duration operator -(SimTime a, SimTime b) => new(a.Nanoseconds - b.Nanoseconds);

    /// <summary>Whether <paramref name="a"/> is earlier than <paramref name="b"/>.</summary>
    public static bool operator <(SimTime a, SimTime b) => a.Nanoseconds < b.Nanoseconds;

    /// <summary>Whether <paramref name="a"/> is later than <paramref name="b"/>.</summary>
    public static bool operator >(SimTime a, SimTime b) => a.Nanoseconds > b.Nanoseconds;

    /// <summary>Whether <paramref name="a"/> is no later than <paramref name="b"/>.</summary>
    public static bool operator <=(SimTime a, SimTime b) => a.Nanoseconds <= b.Nanoseconds;

    /// <summary>Whether <paramref name="a"/> is no earlier than <paramref name="b"/>.</summary>
    public static bool operator >=(SimTime a, SimTime b) => a.Nanoseconds >= b.Nanoseconds;
}
