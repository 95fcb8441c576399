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

    public MonotoneCurve(IEnumerable<(double X, double Y)> points)
        : this(points.Select(p => (p.X, p.Y, false)))
    {
    }

    /// <summary>A curve whose points say whether they are exact (kept as measured) or upper bounds (lowered to later points).</summary>
    public MonotoneCurve(IEnumerable<(double X, double Y, bool Exact)> points)
    {
        // Equal x: keep the geometric mean of the samples (two runs of the same case); exact if any sample is.
        var merged = points.Where(p => p.X > 0 && p.Y > 0)
            .GroupBy(p => p.X)
            .Select(g => (X: g.Key, Y: Math.Exp(g.Average(p => Math.Log(p.Y))), Exact: g.Any(p => p.Exact)))
            .OrderBy(p => p.X)
            .ToArray();
        if (merged.Length == 0)
        {
            throw new ArgumentException("a curve needs at least one point", nameof(points));
        }

        _lx = new double[merged.Length];
        _ly = new double[merged.Length];
        var run = double.PositiveInfinity;
        for (var i = merged.Length - 1; i >= 0; i--)
        {
            var y = merged[i].Exact ? merged[i].Y : Math.Min(run, merged[i].Y);
            run = Math.Min(run, y);
            _lx[i] = Math.Log(merged[i].X);
            _ly[i] = Math.Log(y);
        }

        _points = [.. _lx.Select((lx, i) => (Math.Exp(lx), Math.Exp(_ly[i])))];
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
