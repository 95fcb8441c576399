namespace Colossim.Serving;

/// <summary>
/// A day's shape for generated traffic: the request rate follows a sinusoid over 24 hours, lowest at the start (time
/// zero is the trough, the small hours) and highest 12 hours later, with a given peak-to-trough ratio P and the same
/// mean over a whole day as the rate asked for: λ(t) = r × (1 − a × cos(2πt / 24 h)), a = (P − 1) / (P + 1).
/// </summary>
/// <remarks>
/// No hourly profile with a citable source is in the project's reference notes (the Azure 2024 week-long traces show
/// a diurnal pattern but are not shipped), hence the sinusoid. Arrivals keep their process (Poisson, gamma, constant):
/// they are drawn at the constant rate r and moved in time by the inverse of the cumulative rate Λ(t) = r × (t − a × T
/// / 2π × sin(2πt / T)) (the time-rescaling theorem), so a Poisson stream becomes an inhomogeneous Poisson stream of
/// rate λ(t). A run shorter than a day sees only the part of the day it spans.
/// </remarks>
public static class DiurnalShape
{
    /// <summary>The day: 86,400 seconds.</summary>
    public const double PeriodSeconds = 86_400;

    /// <summary>The largest peak-to-trough ratio: 1,000.</summary>
    public const double MaxPeakToTrough = 1000;

    /// <summary>The rate at <paramref name="seconds"/> from the start as a multiple of the mean rate (1 − a × cos(2πt / day)), given the peak-to-trough ratio (1 to <see cref="MaxPeakToTrough"/>).</summary>
    public static double RelativeRate(double seconds, double peakToTrough)
    {
        var a = Amplitude(peakToTrough);
        return 1 - (a * Math.Cos(2 * Math.PI * seconds / PeriodSeconds));
    }

    /// <summary>
    /// The time (seconds) at which an arrival drawn at <paramref name="uniformSeconds"/> in the constant-rate stream
    /// arrives in the shaped one: the t ≥ 0 with Λ(t) / r = <paramref name="uniformSeconds"/>, to within a nanosecond.
    /// </summary>
    public static double Map(double uniformSeconds, double peakToTrough)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(uniformSeconds);
        var a = Amplitude(peakToTrough);
        if (a == 0)
        {
            return uniformSeconds;
        }

        var w = 2 * Math.PI / PeriodSeconds;
        var c = a / w;

        // f(t) = t − c sin(wt) − s rises (f' = 1 − a cos(wt) ≥ 1 − a > 0), and its root lies within c of s: Newton's
        // steps, kept inside that bracket and bisected when they leave it.
        double lo = Math.Max(0, uniformSeconds - c), hi = uniformSeconds + c, t = uniformSeconds;
        for (var k = 0; k < 100; k++)
        {
            var f = t - (c * Math.Sin(w * t)) - uniformSeconds;
            if (f > 0)
            {
                hi = t;
            }
            else
            {
                lo = t;
            }

            var next = t - (f / (1 - (a * Math.Cos(w * t))));
            if (!(next > lo && next < hi))
            {
                next = (lo + hi) / 2;
            }

            if (Math.Abs(next - t) < 1e-10)
            {
                return next;
            }

            t = next;
        }

        return t;
    }

    private static double Amplitude(double peakToTrough)
    {
        if (!(peakToTrough >= 1 && peakToTrough <= MaxPeakToTrough))
        {
            throw new ArgumentOutOfRangeException(nameof(peakToTrough), peakToTrough, "expected a ratio from 1 to 1,000");
        }

        return (peakToTrough - 1) / (peakToTrough + 1);
    }
}
