using System.Runtime.CompilerServices;

namespace Colossim.Facility;

/// <summary>
/// The figures of a power series gathered as its samples are made, so that no pass over the stored series is needed
/// afterwards (a day is 86,400 samples, 691 KB a series: more than a core's L2, so each later pass reads it back from
/// memory, and two sweep workers reading theirs contend for the same memory bus). <see cref="Add"/> each sample in
/// order; the figures are exactly those of a pass over the finished series: the sum of all samples but the last in
/// the same order (so the same rounding as <see cref="PowerTimelineResult.Integral"/>), and the smallest and largest
/// sample as one pass of <see cref="Enumerable.Min(IEnumerable{double})"/> and <see cref="Enumerable.Max(IEnumerable{double})"/>
/// gives them (the smallest NaN once any sample is; the largest ignoring NaN unless every sample is).
/// </summary>
internal struct PowerSeriesFigures
{
    private double _sumBeforeLast;
    private bool _sawNaN;

    /// <summary>Samples added (0 or more).</summary>
    public int Count { get; private set; }

    /// <summary>The last sample added (0 before the first).</summary>
    public double Last { get; private set; }

    /// <summary>The smallest sample (0 for none; NaN once a sample is NaN).</summary>
    public double Min { get; private set; }

    /// <summary>The largest sample (0 for none; NaN only when every sample is).</summary>
    public double Max { get; private set; }

    /// <summary>Whether any sample was NaN.</summary>
    public readonly bool SawNaN => _sawNaN;

    /// <summary>Adds the next sample of the series.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(double x)
    {
        if (Count == 0)
        {
            Min = x;
            Max = x;
        }
        else
        {
            _sumBeforeLast += Last;
        }

        if (x < Min || double.IsNaN(x))
        {
            Min = double.IsNaN(Min) ? Min : x;
        }

        if (x > Max || double.IsNaN(Max))
        {
            Max = x;
        }

        _sawNaN |= double.IsNaN(x);
        Last = x;
        Count++;
    }

    /// <summary>
    /// Σ samples × the time each covers: every sample but the last <paramref name="step"/>, the last
    /// <paramref name="last"/>; the same arithmetic, in the same order, as <see cref="PowerTimelineResult.Integral"/>.
    /// </summary>
    public readonly Units.Energy Integral(Units.Duration step, Units.Duration last) =>
        new((_sumBeforeLast * step.TotalSeconds) + (Count == 0 ? 0 : Last * last.TotalSeconds));
}
