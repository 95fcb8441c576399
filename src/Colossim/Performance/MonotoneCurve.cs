namespace Colossim.Performance;

/// <summary>
/// A measured curve <c>y(x)</c> with positive x and y, interpolated piecewise-linearly in log-log space. Points that are
/// upper bounds of the true time (eager timings, which may measure the host) are lowered to any later point they
/// exceed, so that a larger problem never takes less time; exact points (GPU-only timings from a CUDA graph) are kept
/// as measured, because a library may pick a faster kernel for a larger problem. Outside the measured range
/// <see cref="TryEvaluate"/> reports which end is nearest so the caller can extrapolate at constant efficiency.
/// </summary>
internal sealed class MonotoneCurve
{
    private readonly double[] _lx;
    private readonly double[] _ly;
    private readonly (double X, double Y)[] _points;

    /// <summary>A curve whose points say whether they are exact (kept as measured) or upper bounds (lowered to later points).</summary>
    public MonotoneCurve(IEnumerable<(double X, double Y, bool Exact)> points)
        : this(Columns(points))
    {
    }

    /// <summary>
    /// A curve through (<paramref name="x"/>[i], <paramref name="y"/>[i]), exact where <paramref name="exact"/>[i] is
    /// (no array: none is). Points with x or y not above 0 are left out.
    /// </summary>
    public MonotoneCurve(double[] x, double[] y, bool[]? exact)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (y.Length != x.Length || (exact is not null && exact.Length != x.Length))
        {
            throw new ArgumentException("expected as many y values (and exact flags) as x values", nameof(y));
        }

        // The positive points by x, equal x in the order given; equal x are merged into one point, the geometric mean
        // of their y (two runs of the same case), exact if any of them is.
        var order = new List<int>(x.Length);
        for (var i = 0; i < x.Length; i++)
        {
            if (x[i] > 0 && y[i] > 0)
            {
                order.Add(i);
            }
        }

        if (order.Count == 0)
        {
            throw new ArgumentException("a curve needs at least one point", nameof(x));
        }

        order.Sort((a, b) => x[a] != x[b] ? x[a].CompareTo(x[b]) : a.CompareTo(b));
        var mergedX = new List<double>(order.Count);
        var mergedY = new List<double>(order.Count);
        var mergedExact = new List<bool>(order.Count);
        for (var start = 0; start < order.Count;)
        {
            var end = start;
            var sum = Math.Log(y[order[start]]);
            var isExact = exact?[order[start]] ?? false;
            while (end + 1 < order.Count && x[order[end + 1]] == x[order[start]])
            {
                end++;
                sum += Math.Log(y[order[end]]);
                isExact |= exact?[order[end]] ?? false;
            }

            mergedX.Add(x[order[start]]);
            mergedY.Add(Math.Exp(sum / (end - start + 1)));
            mergedExact.Add(isExact);
            start = end + 1;
        }

        var n = mergedX.Count;
        _lx = new double[n];
        _ly = new double[n];
        _points = new (double X, double Y)[n];
        var run = double.PositiveInfinity;
        for (var i = n - 1; i >= 0; i--)
        {
            var v = mergedExact[i] ? mergedY[i] : Math.Min(run, mergedY[i]);
            run = Math.Min(run, v);
            _lx[i] = Math.Log(mergedX[i]);
            _ly[i] = Math.Log(v);
        }

        for (var i = 0; i < n; i++)
        {
            _points[i] = (Math.Exp(_lx[i]), Math.Exp(_ly[i]));
        }
    }

    private MonotoneCurve((double[] X, double[] Y, bool[] Exact) columns)
        : this(columns.X, columns.Y, columns.Exact)
    {
    }

    private static (double[] X, double[] Y, bool[] Exact) Columns(IEnumerable<(double X, double Y, bool Exact)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var list = points.ToList();
        var (x, y, exact) = (new double[list.Count], new double[list.Count], new bool[list.Count]);
        for (var i = 0; i < list.Count; i++)
        {
            (x[i], y[i], exact[i]) = list[i];
        }

        return (x, y, exact);
    }

    /// <summary>The cleaned points (x, y), ascending in x (computed once: GEMM interpolation walks them on every new shape).</summary>
    public ReadOnlySpan<(double X, double Y)> Points => _points;

    /// <summary>Y at the first (<paramref name="last"/> false) or last point.</summary>
    public double EndY(bool last) => last ? _points[^1].Y : _points[0].Y;

    /// <summary>X at the first or last point.</summary>
    public double EndX(bool last) => last ? _points[^1].X : _points[0].X;

    /// <summary>Interpolates inside the measured range; returns false (and the nearest end) outside it.</summary>
    public bool TryEvaluate(double x, out double y, out bool aboveRange)
    {
        var lx = Math.Log(x);
        aboveRange = lx > _lx[^1];
        if (lx < _lx[0] - 1e-12 || lx > _lx[^1] + 1e-12)
        {
            y = double.NaN;
            return false;
        }

        var hi = Array.BinarySearch(_lx, lx);
        if (hi >= 0)
        {
            y = Math.Exp(_ly[hi]);
            return true;
        }

        hi = ~hi;
        if (hi == 0)
        {
            y = Math.Exp(_ly[0]);
            return true;
        }

        if (hi >= _lx.Length)
        {
            y = Math.Exp(_ly[^1]);
            return true;
        }

        var lo = hi - 1;
        var t = (lx - _lx[lo]) / (_lx[hi] - _lx[lo]);
        y = Math.Exp(_ly[lo] + (t * (_ly[hi] - _ly[lo])));
        return true;
    }
}
