using Colossim.Units;

namespace Colossim.Serving;

/// <summary>
/// A latency's distribution as its value at every whole percentile, 0 to 100 (101 values, nearest rank; the 0th is the
/// smallest sample), so reports can draw its cumulative distribution without keeping every sample. Empty when the
/// summary has no samples or was not built from them. Equal when the values are.
/// </summary>
public sealed class LatencyPercentiles : IEquatable<LatencyPercentiles>
{
    private readonly Duration[] _values;

    private LatencyPercentiles(Duration[] values) => _values = values;

    /// <summary>No distribution.</summary>
    public static LatencyPercentiles None { get; } = new([]);

    /// <summary>The latency at percentile 0, 1, ..., 100 (empty for <see cref="None"/>).</summary>
    public IReadOnlyList<Duration> Values => _values;

    /// <summary>The percentiles of the first <paramref name="count"/> of <paramref name="sorted"/> (nanoseconds, ascending).</summary>
    internal static LatencyPercentiles OfSorted(long[] sorted, int count)
    {
        if (count == 0)
        {
            return None;
        }

        var values = new Duration[101];
        values[0] = new Duration(sorted[0]);
        for (var p = 1; p <= 100; p++)
        {
            values[p] = new Duration(sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * count) - 1, 0, count - 1)]);
        }

        return new LatencyPercentiles(values);
    }

    /// <inheritdoc/>
    public bool Equals(LatencyPercentiles? other) => other is not null && _values.AsSpan().SequenceEqual(other._values);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as LatencyPercentiles);

    /// <inheritdoc/>
    public override int GetHashCode() => _values.Length == 0 ? 0 : HashCode.Combine(_values.Length, _values[0], _values[^1]);
}
