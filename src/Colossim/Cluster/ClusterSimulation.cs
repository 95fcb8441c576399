using System.Diagnostics;
using Colossim.Simulation;
using Colossim.Units;

namespace Colossim.Cluster;

/// <summary>
/// The Share pillar: simulates tenants sharing a cluster, on the project's discrete-event engine. Jobs arrive at their
/// submission times, wait in one queue ordered by the policy, start when their tenant's quota allows and the
/// topology-aware placement finds them room (gang jobs all at once or not at all; elastic deployments between their
/// minimum and their request; fractional jobs packed onto shared GPUs), end after their run time (from an
/// <see cref="IJobRuntime"/>), restart from their last checkpoint after a failure or preemption. Deterministic: the same
/// inputs and seed give the same result (but for <see cref="ScheduleResult.WallSeconds"/>).
/// </summary>
public static class ClusterSimulation
{
    /// <summary>Simulates <paramref name="jobs"/> on <paramref name="shape"/> shared by <paramref name="tenants"/>.</summary>
    /// <param name="shape">The cluster.</param>
    /// <param name="tenants">The tenants; their shares add up to at most 1. Empty: one tenant, <c>default</c>, owns it all. A job's tenant missing from the list gets a share of 0 (it only borrows).</param>
    /// <param name="jobs">The jobs, in any order (sorted by submission, stably).</param>
    /// <param name="options">The policy and its settings; the policy must be one of <see cref="SchedulingPolicies.Names"/>.</param>
    /// <param name="runtime">Run times; default: each job's own <see cref="JobSpec.Runtime"/>.</param>
    /// <param name="cancel">Stops the run (throws <see cref="OperationCanceledException"/>).</param>
    /// <exception cref="ArgumentException">A job is invalid (negative GPUs, a fraction outside (0, 1] or below 1 on more than one GPU, a minimum above its request), or the policy is unknown.</exception>
    public static ScheduleResult Run(ClusterShape shape, IReadOnlyList<TenantSpec> tenants, IReadOnlyList<JobSpec> jobs, ClusterOptions options, IJobRuntime? runtime = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(tenants);
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(options);
        if (!SchedulingPolicies.IsKnown(options.Policy))
        {
            throw new ArgumentException($"unknown policy '{options.Policy}'; expected one of {string.Join(", ", SchedulingPolicies.Names)}", nameof(options));
        }

        var started = Stopwatch.GetTimestamp();
        var sim = new Simulator(4096);
        var engine = new ClusterEngine(sim, shape, tenants, jobs, options, runtime ?? SpecRuntime.Instance);
        engine.Start();
        var chunk = StopCondition.AfterEvents(1 << 16);
        while (sim.Run(chunk) == StopReason.EventLimitReached)
        {
            cancel.ThrowIfCancellationRequested();
        }

        return engine.Result(sim.EventsProcessed, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>As <see cref="Run"/>, one event at a time, calling <paramref name="afterEvent"/> after each (for tests).</summary>
    internal static ScheduleResult RunObserved(ClusterShape shape, IReadOnlyList<TenantSpec> tenants, IReadOnlyList<JobSpec> jobs, ClusterOptions options, Action<ClusterEngine, SimTime> afterEvent)
    {
        var sim = new Simulator(4096);
        var engine = new ClusterEngine(sim, shape, tenants, jobs, options, SpecRuntime.Instance);
        engine.Start();
        var one = StopCondition.AfterEvents(1);
        while (sim.Run(one) == StopReason.EventLimitReached)
        {
            afterEvent(engine, sim.Now);
        }

        afterEvent(engine, sim.Now);
        return engine.Result(sim.EventsProcessed, 0);
    }
}
