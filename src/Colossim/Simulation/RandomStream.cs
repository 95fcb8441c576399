using System.Diagnostics.CodeAnalysis;
using Colossim.Units;

namespace Colossim.Simulation;

/// <summary>
/// One named stream of pseudo-random numbers: the xoshiro256** generator of Blackman and Vigna (2018), seeded by
/// <see cref="RandomStreams"/> from the scenario seed and the stream's name. The stream is a mutable object: every
/// draw advances it. It is not thread-safe; give each component (and each thread) its own named stream.
/// </summary>
/// <remarks>
/// The period is 2^256 - 1. Draws depend only on the 256-bit state, so the same seed and name replay the same
/// sequence on every machine and in every process. No draw allocates.
/// </remarks>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "A random number stream, the simulation term of art; not a System.IO.Stream.")]
public sealed class RandomStream
{
    private const double TwoToMinus53 = 1.0 / (1UL << 53);

    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;
    private double _spareNormal;
    private bool _hasSpareNormal;

    /// <summary>Creates a stream whose state is filled from <paramref name="seed"/> by SplitMix64.</summary>
    /// <param name="name">The stream's name, for diagnostics.</param>
    /// <param name="seed">Any 64-bit value; distinct seeds give unrelated streams.</param>
    internal RandomStream(string name, ulong seed)
    {
        Name = name;
        var sm = seed;
        _s0 = SplitMix64.Next(ref sm);
        _s1 = SplitMix64.Next(ref sm);
        _s2 = SplitMix64.Next(ref sm);
        _s3 = SplitMix64.Next(ref sm);
    }

    /// <summary>Creates a stream from a raw xoshiro256** state (not all zero); used to check reference vectors.</summary>
    internal RandomStream(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        if ((s0 | s1 | s2 | s3) == 0)
        {
            throw new ArgumentException("The xoshiro256** state must not be all zero.", nameof(s0));
        }

        Name = "raw";
        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
    }

    /// <summary>The name this stream was derived from.</summary>
    public string Name { get; }

    /// <summary>The next 64 uniformly distributed bits.</summary>
    public ulong NextUInt64()
    {
        unchecked
        {
            var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
            var t = _s1 << 17;
            _s2 ^= _s0;
            _s3 ^= _s1;
            _s1 ^= _s2;
            _s0 ^= _s3;
            _s2 ^= t;
            _s3 = ulong.RotateLeft(_s3, 45);
            return result;
        }
    }

    /// <summary>A uniform double in [0, 1), a multiple of 2^-53.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * TwoToMinus53;

    /// <summary>A uniform double in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    /// <param name="min">The lower bound, inclusive; finite.</param>
    /// <param name="max">The upper bound, exclusive; finite and at least <paramref name="min"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A bound is not finite or <paramref name="max"/> &lt; <paramref name="min"/>.</exception>
    public double Uniform(double min, double max)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || max < min)
        {
            ThrowRange(nameof(max), max, $"Uniform needs finite bounds with min <= max; found min={min}, max={max}.");
        }

        return min + ((max - min) * NextDouble());
    }

    /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>), without modulo bias (Lemire's method).</summary>
    /// <param name="maxExclusive">The exclusive upper bound; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxExclusive"/> is less than 1.</exception>
    public int Next(int maxExclusive)
    {
        if (maxExclusive < 1)
        {
            ThrowRange(nameof(maxExclusive), maxExclusive, $"The upper bound must be at least 1; found {maxExclusive}.");
        }

        return (int)NextBounded((ulong)maxExclusive);
    }

    /// <summary>A uniform integer in [<paramref name="min"/>, <paramref name="maxExclusive"/>).</summary>
    /// <param name="min">The lower bound, inclusive.</param>
    /// <param name="maxExclusive">The upper bound, exclusive; greater than <paramref name="min"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The range is empty.</exception>
    public int Next(int min, int maxExclusive)
    {
        if (maxExclusive <= min)
        {
            ThrowRange(nameof(maxExclusive), maxExclusive, $"The range [min, maxExclusive) must not be empty; found min={min}, maxExclusive={maxExclusive}.");
        }

        return (int)((long)min + (long)NextBounded((ulong)((long)maxExclusive - min)));
    }

    /// <summary>A uniform 64-bit integer in [0, <paramref name="maxExclusive"/>), without modulo bias.</summary>
    /// <param name="maxExclusive">The exclusive upper bound; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxExclusive"/> is less than 1.</exception>
    public long NextInt64(long maxExclusive)
    {
        if (maxExclusive < 1)
        {
            ThrowRange(nameof(maxExclusive), maxExclusive, $"The upper bound must be at least 1; found {maxExclusive}.");
        }

        return (long)NextBounded((ulong)maxExclusive);
    }

    /// <summary>True with probability <paramref name="p"/>.</summary>
    /// <param name="p">The probability of true, in [0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1] or NaN.</exception>
    public bool Bernoulli(double p)
    {
        if (!(p >= 0 && p <= 1))
        {
            ThrowRange(nameof(p), p, $"A probability must be in [0, 1]; found {p}.");
        }

        return NextDouble() < p;
    }

    /// <summary>An exponentially distributed value with the given rate (mean 1/<paramref name="rate"/>), by inversion.</summary>
    /// <param name="rate">Events per unit of the result (for example per second); finite and greater than 0.</param>
    /// <returns>A value in [0, about 37/<paramref name="rate"/>], in units of 1/<paramref name="rate"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rate"/> is not finite and positive.</exception>
    public double Exponential(double rate)
    {
        if (!(rate > 0) || double.IsPositiveInfinity(rate))
        {
            ThrowRange(nameof(rate), rate, $"An exponential rate must be finite and greater than 0; found {rate}.");
        }

        return -Math.Log(1.0 - NextDouble()) / rate;
    }

    /// <summary>An exponentially distributed value with the given mean, by inversion.</summary>
    /// <param name="mean">The mean, in any unit (the result has the same unit); finite and greater than 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mean"/> is not finite and positive.</exception>
    public double ExponentialMean(double mean)
    {
        if (!(mean > 0) || double.IsPositiveInfinity(mean))
        {
            ThrowRange(nameof(mean), mean, $"An exponential mean must be finite and greater than 0; found {mean}.");
        }

        return -Math.Log(1.0 - NextDouble()) * mean;
    }

    /// <summary>An exponentially distributed duration with the given mean, rounded to the nearest nanosecond.</summary>
    /// <param name="mean">The mean duration; greater than zero.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mean"/> is not positive.</exception>
    public Duration Exponential(Duration mean)
    {
        if (mean.Nanoseconds <= 0)
        {
            ThrowRange(nameof(mean), mean, $"An exponential mean duration must be greater than 0; found {mean}.");
        }

        // -ln(1 - u) is at most about 36.7 for u < 1, so the product fits in a long for any mean below ~250 years.
        return Duration.FromNanoseconds(-Math.Log(1.0 - NextDouble()) * mean.Nanoseconds);
    }

    /// <summary>A normally distributed value (Box-Muller; the second variate of each pair is kept for the next call).</summary>
    /// <param name="mean">The mean; finite.</param>
    /// <param name="standardDeviation">The standard deviation; finite and at least 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not finite or the standard deviation is negative.</exception>
    public double Normal(double mean, double standardDeviation)
    {
        if (!double.IsFinite(mean) || !(standardDeviation >= 0) || double.IsPositiveInfinity(standardDeviation))
        {
            ThrowRange(nameof(standardDeviation), standardDeviation, $"Normal needs a finite mean and a finite, non-negative standard deviation; found mean={mean}, sd={standardDeviation}.");
        }

        return mean + (standardDeviation * StandardNormal());
    }

    /// <summary>A log-normally distributed value: exp of a normal with the given parameters.</summary>
    /// <param name="mu">The mean of the underlying normal (the log of the median); finite.</param>
    /// <param name="sigma">The standard deviation of the underlying normal; finite and at least 0.</param>
    /// <returns>A value greater than 0 with median e^mu and mean e^(mu + sigma^2/2).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not finite or <paramref name="sigma"/> is negative.</exception>
    public double LogNormal(double mu, double sigma) => Math.Exp(Normal(mu, sigma));

    private double StandardNormal()
    {
        if (_hasSpareNormal)
        {
            _hasSpareNormal = false;
            return _spareNormal;
        }

        // u1 in (0, 1] so the logarithm is finite.
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        var r = Math.Sqrt(-2.0 * Math.Log(u1));
        var (sin, cos) = Math.SinCos(2.0 * Math.PI * u2);
        _spareNormal = r * sin;
        _hasSpareNormal = true;
        return r * cos;
    }

    private ulong NextBounded(ulong bound)
    {
        // Lemire (2019), "Fast random integer generation in an interval": multiply, reject the few biased lows.
        unchecked
        {
            var high = Math.BigMul(NextUInt64(), bound, out var low);
            if (low < bound)
            {
                var threshold = (0 - bound) % bound;
                while (low < threshold)
                {
                    high = Math.BigMul(NextUInt64(), bound, out low);
                }
            }

            return high;
        }
    }

    private static void ThrowRange<T>(string name, T value, string message) =>
        throw new ArgumentOutOfRangeException(name, value, message);
}
