using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
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

    /// <summary>The longest mean <see cref="Exponential(Duration)"/> accepts: 2^63 / 45 ns, about 6.5 years.</summary>
    public static Duration MaxExponentialMean { get; } = new(long.MaxValue / 45);

    /// <summary>The name this stream was derived from.</summary>
    public string Name { get; }

    /// <summary>The next 64 uniformly distributed bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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

    /// <summary>An exponentially distributed value with the given rate (mean 1/<paramref name="rate"/>).</summary>
    /// <param name="rate">Events per unit of the result (for example per second); finite and greater than 0.</param>
    /// <returns>A value in [0, 45/<paramref name="rate"/>), in units of 1/<paramref name="rate"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rate"/> is not finite and positive.</exception>
    public double Exponential(double rate)
    {
        if (!(rate > 0) || double.IsPositiveInfinity(rate))
        {
            ThrowRange(nameof(rate), rate, $"An exponential rate must be finite and greater than 0; found {rate}.");
        }

        return StandardExponential() / rate;
    }

    /// <summary>An exponentially distributed value with the given mean.</summary>
    /// <param name="mean">The mean, in any unit (the result has the same unit); finite and greater than 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mean"/> is not finite and positive.</exception>
    public double ExponentialMean(double mean)
    {
        if (!(mean > 0) || double.IsPositiveInfinity(mean))
        {
            ThrowRange(nameof(mean), mean, $"An exponential mean must be finite and greater than 0; found {mean}.");
        }

        return StandardExponential() * mean;
    }

    /// <summary>An exponentially distributed duration with the given mean, rounded to the nearest nanosecond.</summary>
    /// <param name="mean">The mean duration; greater than zero and at most <see cref="MaxExponentialMean"/>.</param>
    /// <returns>A duration of at least zero and below 45 times the mean.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mean"/> is not positive or is longer than <see cref="MaxExponentialMean"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Duration Exponential(Duration mean)
    {
        if (mean.Nanoseconds <= 0 || mean > MaxExponentialMean)
        {
            ThrowBadMeanDuration(mean);
        }

        // A standard exponential draw is below 45 (see StandardExponential), so the product stays below
        // long.MaxValue; round half up.
        return new Duration(unchecked((long)((StandardExponential() * mean.Nanoseconds) + 0.5)));
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

    /// <summary>A gamma-distributed value of shape <paramref name="shape"/> and scale 1 (Marsaglia and Tsang, 2000; shapes below 1 boosted).</summary>
    /// <param name="shape">The shape; finite and above 0. The mean is the shape, the coefficient of variation 1/√shape.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shape"/> is not finite or not above 0.</exception>
    public double Gamma(double shape)
    {
        if (!(shape > 0) || double.IsPositiveInfinity(shape))
        {
            ThrowRange(nameof(shape), shape, $"Gamma needs a finite shape above 0; found {shape}.");
        }

        if (shape < 1)
        {
            var u = NextDouble();
            return Gamma(shape + 1) * Math.Pow(u <= 0 ? double.Epsilon : u, 1 / shape);
        }

        var d = shape - (1.0 / 3);
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Normal(0, 1);
                v = 1 + (c * x);
            }
            while (v <= 0);

            v = v * v * v;
            var w = NextDouble();
            if (w < 1 - (0.0331 * x * x * x * x) || Math.Log(w) < (0.5 * x * x) + (d * (1 - v + Math.Log(v))))
            {
                return d * v;
            }
        }
    }

    /// <summary>
    /// A standard exponential draw (mean 1) by the ziggurat method of Marsaglia and Tsang (2000) with 256 layers:
    /// about 98.9% of draws cost one 64-bit output, a table lookup and a compare; the rest take the wedge or tail
    /// path, which uses a logarithm or an exponential. The index comes from the low 8 bits and the 53-bit
    /// magnitude from the high bits, so the two are independent. Results lie in [0, 44.5).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double StandardExponential()
    {
        var bits = NextUInt64();
        var layer = (int)(bits & 0xFF);
        var magnitude = bits >> 11;
        return magnitude < ExponentialZiggurat.Inner[layer] ? magnitude * ExponentialZiggurat.Width[layer] : StandardExponentialSlow(layer, magnitude);
    }

    /// <summary>The ziggurat's wedge and tail paths (about 1.1% of draws), then retries.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private double StandardExponentialSlow(int layer, ulong magnitude)
    {
        while (true)
        {
            var x = magnitude * ExponentialZiggurat.Width[layer];
            if (magnitude < ExponentialZiggurat.Inner[layer])
            {
                return x;
            }

            if (layer == 0)
            {
                // Beyond the base rectangle: the tail past R is R plus a standard exponential (memorylessness).
                return ExponentialZiggurat.R - Math.Log(1.0 - NextDouble());
            }

            var f = ExponentialZiggurat.Density;
            if (f[layer] + (NextDouble() * (f[layer - 1] - f[layer])) < Math.Exp(-x))
            {
                return x;
            }

            var bits = NextUInt64();
            layer = (int)(bits & 0xFF);
            magnitude = bits >> 11;
        }
    }

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

    [DoesNotReturn]
    private static void ThrowBadMeanDuration(Duration mean) =>
        ThrowRange(nameof(mean), mean, $"An exponential mean duration must be greater than 0 and at most {MaxExponentialMean}; found {mean}.");

    [DoesNotReturn]
    private static void ThrowRange<T>(string name, T value, string message) =>
        throw new ArgumentOutOfRangeException(name, value, message);

    /// <summary>The constant tables of the 256-layer exponential ziggurat (Marsaglia and Tsang 2000), for 53-bit magnitudes.</summary>
    private static class ExponentialZiggurat
    {
        /// <summary>The right edge of the base layer.</summary>
        public const double R = 7.697117470131487;

        /// <summary>The area of each layer.</summary>
        private const double V = 3.949659822581572e-3;

        private const double TwoTo53 = 9007199254740992.0;

        /// <summary>Per layer: magnitudes below this fall inside the layer's inner rectangle (accepted at once).</summary>
        public static readonly ulong[] Inner = new ulong[256];

        /// <summary>Per layer: the layer's width divided by 2^53 (magnitude times width is the candidate x).</summary>
        public static readonly double[] Width = new double[256];

        /// <summary>Per layer edge: exp(-x) at that edge.</summary>
        public static readonly double[] Density = Build();

        private static double[] Build()
        {
            var f = new double[256];
            var de = R;
            var te = de;
            var q = V / Math.Exp(-de);
            Inner[0] = (ulong)(de / q * TwoTo53);
            Inner[1] = 0;
            Width[0] = q / TwoTo53;
            Width[255] = de / TwoTo53;
            f[0] = 1;
            f[255] = Math.Exp(-de);
            for (var i = 254; i >= 1; i--)
            {
                de = -Math.Log((V / de) + Math.Exp(-de));
                Inner[i + 1] = (ulong)(de / te * TwoTo53);
                te = de;
                f[i] = Math.Exp(-de);
                Width[i] = de / TwoTo53;
            }

            return f;
        }
    }
}
