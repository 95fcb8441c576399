using Colossim.Units;

namespace Colossim.Cluster;

/// <summary>
/// How long a job runs on its allocation: the seam through which the Train and Serve pillars give the scheduler run
/// times without the Cluster pillar depending on them (Scenarios implements it with the Training step time).
/// </summary>
public interface IJobRuntime
{
    /// <summary>
    /// The run time of <paramref name="job"/> on <paramref name="gpus"/> GPUs without interruptions; <see langword="null"/>
    /// for a service that runs until the end. Called once per job, before the simulation starts.
    /// </summary>
    /// <param name="job">The job.</param>
    /// <param name="gpus">The GPUs it runs on (its request).</param>
    Duration? RuntimeOf(JobSpec job, int gpus);
}

/// <summary>The default <see cref="IJobRuntime"/>: the job's own <see cref="JobSpec.Runtime"/>.</summary>
public sealed class SpecRuntime : IJobRuntime
{
    /// <summary>The one instance.</summary>
    public static SpecRuntime Instance { get; } = new();

    private SpecRuntime()
    {
    }

    /// <inheritdoc/>
    public Duration? RuntimeOf(JobSpec job, int gpus)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.Runtime;
    }
}
