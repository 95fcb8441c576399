using Colossim.Documents;
using Colossim.Simulation;
using Colossim.Units;

namespace Colossim.Cluster.Traces;

/// <summary>How the gaps between a synthetic job stream's submissions are drawn.</summary>
public enum JobArrival
{
    /// <summary>Exponential gaps (a Poisson process): the mean gap is 1 / rate.</summary>
    Poisson,

    /// <summary>Gamma gaps with mean 1 / rate and coefficient of variation <see cref="JobStreamSpec.Cv"/> (bursty above 1).</summary>
    Gamma,
}

/// <summary>One size of job a synthetic stream draws, with its relative weight.</summary>
/// <param name="Gpus">Whole GPUs, at least 1.</param>
/// <param name="Weight">Relative weight, above 0 (weights need not add up to 1).</param>
public sealed record GpuSize(int Gpus, double Weight);

/// <summary>A job run time: fixed (<see cref="Sigma"/> 0) or log-normal around a median.</summary>
/// <param name="Median">The median run time, above 0.</param>
/// <param name="Sigma">The log-normal's sigma (the standard deviation of the run time's logarithm), in [0, <see cref="MaxSigma"/>]; 0 for a fixed run time.</param>
public sealed record RuntimeDistribution(Duration Median, double Sigma = 0)
{
    /// <summary>The largest sigma accepted: 4 (the 99.99th percentile is then about 2 million times the median).</summary>
    public const double MaxSigma = 4;

    /// <summary>The longest run time drawn: 10 years; longer draws are cut there.</summary>
    public static Duration MaxRuntime { get; } = Duration.FromHours(10 * 8766);
}

/// <summary>
/// A synthetic stream of jobs of one tenant: <see cref="Count"/> jobs, or jobs at <see cref="Rate"/> during
/// <see cref="Window"/>, with Poisson or gamma gaps, sizes drawn from weighted <see cref="Sizes"/>, fixed or log-normal
/// run times, one priority class and kind. <see cref="Generate"/> draws them from streams named after the stream, so
/// the same seed gives the same jobs and another stream's draws never change them.
/// </summary>
public sealed record JobStreamSpec
{
    /// <summary>The most jobs one stream may generate: 10,000,000.</summary>
    public const int MaxJobs = 10_000_000;

    /// <summary>The stream's name, unique in a workload; job ids are <c>{Name}-{index}</c> and random streams <c>jobs/{Name}/...</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The tenant whose jobs these are.</summary>
    public required string Tenant { get; init; }

    /// <summary>How many jobs, in [1, <see cref="MaxJobs"/>]; <see langword="null"/> when <see cref="Rate"/> and <see cref="Window"/> say.</summary>
    public int? Count { get; init; }

    /// <summary>Submissions per second, above 0; <see langword="null"/> for all jobs submitted at time zero (a batch).</summary>
    public double? Rate { get; init; }

    /// <summary>With <see cref="Rate"/> and no <see cref="Count"/>: jobs are submitted until this time (at most <see cref="MaxJobs"/> of them).</summary>
    public Duration? Window { get; init; }

    /// <summary>The arrival process of submissions.</summary>
    public JobArrival Arrival { get; init; } = JobArrival.Poisson;

    /// <summary>The coefficient of variation of gamma gaps, above 0 (1 is Poisson-like).</summary>
    public double Cv { get; init; } = 1;

    /// <summary>The job sizes and their weights, at least one.</summary>
    public required IReadOnlyList<GpuSize> Sizes { get; init; }

    /// <summary>The run time of each job.</summary>
    public required RuntimeDistribution Runtime { get; init; }

    /// <summary>The jobs' priority class.</summary>
    public PriorityClass Priority { get; init; } = PriorityClass.Guaranteed;

    /// <summary>The jobs' kind (gang training, elastic inference, batch).</summary>
    public JobKind Kind { get; init; } = JobKind.Training;

    /// <summary>Draws the stream's jobs, in submission order, from <paramref name="streams"/>.</summary>
    public IReadOnlyList<JobSpec> Generate(RandomStreams streams)
    {
        ArgumentNullException.ThrowIfNull(streams);
        if (Sizes.Count == 0 || (Count is null && (Rate is null || Window is null)))
        {
            throw new InvalidOperationException($"the job stream '{Name}' needs sizes and a count, or a rate and a window");
        }

        var arrivals = streams.Get($"jobs/{Name}/arrivals");
        var sizes = streams.Get($"jobs/{Name}/sizes");
        var runtimes = streams.Get($"jobs/{Name}/runtimes");
        var totalWeight = 0.0;
        foreach (var s in Sizes)
        {
            totalWeight += s.Weight;
        }

        var jobs = new List<JobSpec>(Count ?? 1024);
        var meanGap = Rate is { } rate ? 1 / rate : 0;
        var end = Window?.TotalSeconds ?? double.PositiveInfinity;
        var t = 0.0;
        for (var i = 0; Count is { } n ? i < n : i < MaxJobs; i++)
        {
            if (Rate is not null)
            {
                t += Arrival == JobArrival.Gamma ? arrivals.Gamma(1 / (Cv * Cv)) * meanGap * Cv * Cv : arrivals.Exponential(1.0) * meanGap;
                if (t > end)
                {
                    break;
                }
            }

            var pick = sizes.NextDouble() * totalWeight;
            var size = Sizes[^1].Gpus;
            foreach (var s in Sizes)
            {
                if (pick < s.Weight)
                {
                    size = s.Gpus;
                    break;
                }

                pick -= s.Weight;
            }

            var seconds = Runtime.Sigma > 0
                ? runtimes.LogNormal(Math.Log(Runtime.Median.TotalSeconds), Runtime.Sigma)
                : Runtime.Median.TotalSeconds;
            jobs.Add(new JobSpec
            {
                Id = $"{Name}-{i.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
                Tenant = Tenant,
                Submit = Duration.FromSeconds(Math.Min(t, TraceBuilder.MaxSeconds)),
                Gpus = size,
                Runtime = Duration.FromSeconds(Math.Clamp(seconds, 1e-9, RuntimeDistribution.MaxRuntime.TotalSeconds)),
                Kind = Kind,
                Priority = Priority,
            });
        }

        return jobs;
    }
}

/// <summary>
/// A recorded job trace to replay: its file, format and (where the format has them) node list and task table, and
/// optionally one tenant all its jobs are given to (otherwise each keeps the tenant its trace names).
/// </summary>
public sealed record TraceReplay
{
    /// <summary>The job file (paths in a scenario are relative to the scenario file).</summary>
    public required string Path { get; init; }

    /// <summary>The file's format.</summary>
    public required JobTraceFormat Format { get; init; }

    /// <summary>The node list, when given.</summary>
    public string? NodesPath { get; init; }

    /// <summary>The task table (Alibaba 2020 only), when not next to the job table.</summary>
    public string? TasksPath { get; init; }

    /// <summary>The tenant every job of the trace is given to; <see langword="null"/> to keep the trace's own tenants.</summary>
    public string? Tenant { get; init; }

    /// <summary>Reads the trace (see <see cref="JobTraces.Read"/>); <see langword="null"/> when it cannot be used.</summary>
    public JobTrace? Read(Problems problems)
    {
        var trace = JobTraces.Read(Path, Format, problems, NodesPath, TasksPath);
        if (trace is null || Tenant is null)
        {
            return trace;
        }

        return new JobTrace([.. trace.Jobs.Select(j => j with { Tenant = Tenant })], [new TenantSpec { Name = Tenant, Share = 1 }], trace.Nodes);
    }
}
