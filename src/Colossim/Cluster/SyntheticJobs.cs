using Colossim.Simulation;
using Colossim.Units;

namespace Colossim.Cluster;

/// <summary>
/// A synthetic workload: arrivals (Poisson, or Gamma gaps with a given coefficient of variation), power-of-two sizes
/// (2^k GPUs with probability proportional to <see cref="SizeDecay"/>^k, up to <see cref="MaxGpus"/>), log-normal run
/// times, tenants drawn by their shares. Jobs up to one node are batch jobs (one node; some of the one-GPU ones use a
/// fraction of a GPU), larger ones gang-scheduled training jobs; a share of the jobs is spot. Every draw comes from
/// named streams of the given <see cref="RandomStreams"/>, so a seed replays it. Immutable.
/// </summary>
public sealed record SyntheticJobs
{
    /// <summary>Jobs to generate, at least 1.</summary>
    public required int Jobs { get; init; }

    /// <summary>Mean arrivals per hour, above zero.</summary>
    public required double ArrivalsPerHour { get; init; }

    /// <summary>Coefficient of variation of the gaps between arrivals: 1 is Poisson, above is burstier (Gamma gaps); above zero.</summary>
    public double Burstiness { get; init; } = 1;

    /// <summary>The largest job, GPUs, at least 1 (rounded down to a power of two).</summary>
    public int MaxGpus { get; init; } = 64;

    /// <summary>How fast larger sizes get rarer: P(2^(k+1)) / P(2^k), in (0, 1]; default 0.5.</summary>
    public double SizeDecay { get; init; } = 0.5;

    /// <summary>Median run time, above zero.</summary>
    public Duration MedianRuntime { get; init; } = Duration.FromHours(1);

    /// <summary>Standard deviation of the log of run times, 0 or more (0: all equal to the median); default 1.5 (traces' run times span hours to weeks).</summary>
    public double RuntimeSigma { get; init; } = 1.5;

    /// <summary>Share of jobs that are spot (preemptible), in [0, 1]; default 0.2.</summary>
    public double SpotShare { get; init; } = 0.2;

    /// <summary>Share of one-GPU jobs that use half or a quarter of a GPU, in [0, 1]; default 0.2.</summary>
    public double FractionalShare { get; init; } = 0.2;

    /// <summary>The longest run time generated: 60 days.</summary>
    public static Duration MaxRuntime { get; } = Duration.FromHours(60 * 24);

    /// <summary>Generates the jobs, in submission order, for <paramref name="tenants"/> (one tenant, <c>default</c>, when empty).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of its range.</exception>
    public IReadOnlyList<JobSpec> Generate(IReadOnlyList<TenantSpec> tenants, RandomStreams streams)
    {
        ArgumentNullException.ThrowIfNull(tenants);
        ArgumentNullException.ThrowIfNull(streams);
        ArgumentOutOfRangeException.ThrowIfLessThan(Jobs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxGpus, 1);
        if (!(ArrivalsPerHour > 0) || !double.IsFinite(ArrivalsPerHour) || !(Burstiness > 0) || !double.IsFinite(Burstiness)
            || !(SizeDecay > 0 && SizeDecay <= 1) || MedianRuntime <= Duration.Zero || !(RuntimeSigma >= 0 && RuntimeSigma <= 10)
            || !(SpotShare is >= 0 and <= 1) || !(FractionalShare is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(tenants), this, "a synthetic workload setting is out of range");
        }

        var names = tenants.Count == 0 ? ["default"] : tenants.Select(t => t.Name).ToArray();
        var weights = tenants.Count == 0 || tenants.All(t => t.Share <= 0) ? names.Select(_ => 1.0).ToArray() : tenants.Select(t => t.Share).ToArray();
        var cumulative = new double[weights.Length];
        var sum = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += weights[i];
            cumulative[i] = sum;
        }

        var sizes = (int)Math.Floor(Math.Log2(MaxGpus)) + 1;
        var sizeCumulative = new double[sizes];
        var sizeSum = 0.0;
        for (var k = 0; k < sizes; k++)
        {
            sizeSum += Math.Pow(SizeDecay, k);
            sizeCumulative[k] = sizeSum;
        }

        var arrivals = streams.Get("cluster.synthetic.arrivals");
        var pick = streams.Get("cluster.synthetic.jobs");
        var runtimes = streams.Get("cluster.synthetic.runtimes");
        var meanGapHours = 1 / ArrivalsPerHour;
        var shape = 1 / (Burstiness * Burstiness);
        var jobs = new JobSpec[Jobs];
        var time = 0.0;
        for (var i = 0; i < Jobs; i++)
        {
            if (i > 0)
            {
                time += Burstiness == 1 ? arrivals.ExponentialMean(meanGapHours) : arrivals.Gamma(shape) * meanGapHours / shape;
            }

            var tenant = names[Index(cumulative, pick.NextDouble() * sum)];
            var gpus = 1 << Index(sizeCumulative, pick.NextDouble() * sizeSum);
            var spot = pick.NextDouble() < SpotShare;
            var fractional = pick.NextDouble();
            var hours = Math.Min(MaxRuntime.TotalHours, MedianRuntime.TotalHours * runtimes.LogNormal(0, RuntimeSigma));
            jobs[i] = new JobSpec
            {
                Id = "job-" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Tenant = tenant,
                Submit = Duration.FromHours(time),
                Gpus = gpus,
                GpuFraction = gpus == 1 && fractional < FractionalShare ? (fractional < FractionalShare / 2 ? 0.25 : 0.5) : 1,
                Runtime = Duration.Max(Duration.FromSeconds(1), Duration.FromHours(hours)),
                Kind = gpus > 8 ? JobKind.Training : JobKind.Batch,
                Priority = spot ? PriorityClass.Spot : PriorityClass.Guaranteed,
            };
        }

        return jobs;
    }

    private static int Index(double[] cumulative, double u)
    {
        for (var i = 0; i < cumulative.Length - 1; i++)
        {
            if (u < cumulative[i])
            {
                return i;
            }
        }

        return cumulative.Length - 1;
    }
}
