using Colossim.Simulation;

namespace Colossim.Sweeps;

/// <summary>How a sweep picks its points from the varied keys' values.</summary>
public enum SweepSampling
{
    /// <summary>Every combination (the first key varies slowest).</summary>
    Grid,

    /// <summary>N points, each key's value drawn uniformly and independently.</summary>
    Random,

    /// <summary>
    /// N points of a Latin hypercube: each key's values are cut into N equal strata, each stratum is used once, and the
    /// strata of different keys are paired at random (McKay, Beckman and Conover 1979), over the values' positions.
    /// </summary>
    LatinHypercube,
}

/// <summary>Makes the points of a sweep from its axes: a grid, or a seeded random or Latin-hypercube sample.</summary>
public static class SweepSampler
{
    /// <summary>How many points a grid over <paramref name="axes"/> has, or <see langword="null"/> when over <paramref name="max"/>.</summary>
    public static long? GridSize(IReadOnlyList<SweepAxis> axes, long max)
    {
        ArgumentNullException.ThrowIfNull(axes);
        long size = 1;
        foreach (var axis in axes)
        {
            if (size > max / Math.Max(1, axis.Values.Count))
            {
                return null;
            }

            size *= axis.Values.Count;
        }

        return size;
    }

    /// <summary>
    /// The points: every combination for <see cref="SweepSampling.Grid"/> (<paramref name="count"/> ignored), else
    /// <paramref name="count"/> (1 or more) points drawn with the stream named <c>sweep</c> of <paramref name="seed"/>.
    /// </summary>
    public static IReadOnlyList<SweepPoint> Points(IReadOnlyList<SweepAxis> axes, SweepSampling sampling, int count, long seed)
    {
        ArgumentNullException.ThrowIfNull(axes);
        return sampling switch
        {
            SweepSampling.Grid => Grid(axes),
            SweepSampling.Random => Random(axes, count, seed),
            SweepSampling.LatinHypercube => LatinHypercube(axes, count, seed),
            _ => throw new ArgumentOutOfRangeException(nameof(sampling), sampling, "unknown sampling"),
        };
    }

    private static List<SweepPoint> Grid(IReadOnlyList<SweepAxis> axes)
    {
        var size = (int)(GridSize(axes, int.MaxValue) ?? throw new ArgumentOutOfRangeException(nameof(axes), "grid too large"));
        var points = new List<SweepPoint>(size);
        var index = new int[axes.Count];
        for (var p = 0; p < size; p++)
        {
            var values = new string[axes.Count];
            for (var a = 0; a < axes.Count; a++)
            {
                values[a] = axes[a].Values[index[a]];
            }

            points.Add(new SweepPoint(p, values));
            for (var a = axes.Count - 1; a >= 0; a--)
            {
                if (++index[a] < axes[a].Values.Count)
                {
                    break;
                }

                index[a] = 0;
            }
        }

        return points;
    }

    private static List<SweepPoint> Random(IReadOnlyList<SweepAxis> axes, int count, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var stream = new RandomStreams((ulong)seed).Get("sweep");
        var points = new List<SweepPoint>(count);
        for (var p = 0; p < count; p++)
        {
            points.Add(new SweepPoint(p, [.. axes.Select(a => a.Values[stream.Next(a.Values.Count)])]));
        }

        return points;
    }

    private static List<SweepPoint> LatinHypercube(IReadOnlyList<SweepAxis> axes, int count, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var stream = new RandomStreams((ulong)seed).Get("sweep");
        var columns = new string[axes.Count][];
        for (var a = 0; a < axes.Count; a++)
        {
            var strata = Enumerable.Range(0, count).ToArray();
            for (var i = count - 1; i > 0; i--)
            {
                var j = stream.Next(i + 1);
                (strata[i], strata[j]) = (strata[j], strata[i]);
            }

            var values = axes[a].Values;
            columns[a] = new string[count];
            for (var p = 0; p < count; p++)
            {
                // A uniform position inside the point's stratum of [0, 1), mapped onto the value list.
                var u = (strata[p] + stream.NextDouble()) / count;
                columns[a][p] = values[Math.Min(values.Count - 1, (int)(u * values.Count))];
            }
        }

        var points = new List<SweepPoint>(count);
        for (var p = 0; p < count; p++)
        {
            points.Add(new SweepPoint(p, [.. columns.Select(c => c[p])]));
        }

        return points;
    }
}
