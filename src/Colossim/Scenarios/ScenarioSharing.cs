using System.Globalization;
using Colossim.Catalog;
using Colossim.Cluster;
using Colossim.Documents;
using Colossim.Facility;
using Colossim.Simulation;
using Colossim.Training;
using Colossim.Units;

namespace Colossim.Scenarios;

/// <summary>
/// The Share pillar for a scenario: a site's tenants and workloads as jobs on its cluster. Training workloads are
/// gang-scheduled jobs of their GPUs that run for their productive training time (the Train pillar's step time times
/// steps, through an <see cref="IJobRuntime"/>; failures and restarts are the scheduler's to add, with the Train
/// pillar's checkpoint interval, the shortest of the site's runs, and restart time, the longest); serving workloads
/// are elastic deployments of their GPUs (a quarter of them at least) that run until the training ends. Every job is
/// submitted at time zero. The cluster is the site's nodes grouped by its system's NVLink domain, leaves of 256 GPUs
/// (a DGX SuperPOD scalable unit) and pods of 16 leaves.
/// </summary>
public static class ScenarioSharing
{
    /// <summary>How long a site with only serving workloads is simulated: one day.</summary>
    public static Duration ServingOnlyHorizon { get; } = Duration.FromHours(24);

    /// <summary>
    /// The workload of <paramref name="site"/>: its cluster, the scenario's tenants, its jobs and their run times
    /// (<paramref name="trainingRuns"/> where the training stage already computed them, else the Train pillar).
    /// <see langword="null"/> with problems recorded when the site cannot be planned.
    /// </summary>
    public static ScheduleRequest.ScheduleWorkload? Workload(Scenario scenario, Site site, IReadOnlyDictionary<string, TrainingRun?>? trainingRuns, Problems problems, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(problems);
        if (SiteBuild.Plan(scenario, site, problems) is not { } plan)
        {
            return null;
        }

        var here = (string s) => string.Equals(s, site.Name, StringComparison.OrdinalIgnoreCase);
        var tenant = (string? t) => t ?? "default";
        var jobs = new List<JobSpec>();
        var runtimes = new Dictionary<string, Duration?>(StringComparer.Ordinal);
        Duration? checkpoint = null;
        Duration? restart = null;
        for (var i = 0; i < scenario.Workloads.Training.Count; i++)
        {
            cancel.ThrowIfCancellationRequested();
            var w = scenario.Workloads.Training[i];
            if (!here(w.Site))
            {
                continue;
            }

            var run = trainingRuns is not null && trainingRuns.TryGetValue(w.Name, out var known)
                ? known
                : SiteBuild.Train(scenario, w, plan, new Problems(), cancel)?.Run;
            var runtime = run?.Productive;
            if (run is not null)
            {
                checkpoint = Duration.Min(checkpoint ?? run.CheckpointInterval, run.CheckpointInterval);
                restart = Duration.Max(restart ?? run.Restart, run.Restart);
            }

            if (runtime is null)
            {
                problems.Warning(string.Create(CultureInfo.InvariantCulture, $"workloads.training[{i}]"), $"{w.Name} has no simulated training time; it is left out of sharing");
                continue;
            }

            var id = "training:" + w.Name;
            runtimes[id] = runtime;
            jobs.Add(new JobSpec { Id = id, Tenant = tenant(w.Tenant), Submit = Duration.Zero, Gpus = w.Gpus, Kind = JobKind.Training, Runtime = runtime });
        }

        var serving = SiteBuild.ServingGpus(scenario, site);
        foreach (var w in scenario.Workloads.Serving.Where(w => here(w.Site)))
        {
            var gpus = (int)Math.Min(int.MaxValue, serving[w]);
            if (gpus < 1)
            {
                continue;
            }

            var id = "serving:" + w.Name;
            runtimes[id] = null;
            jobs.Add(new JobSpec { Id = id, Tenant = tenant(w.Tenant), Submit = Duration.Zero, Gpus = gpus, MinGpus = Math.Max(1, gpus / 4), Kind = JobKind.Inference });
        }

        IReadOnlyList<TenantSpec> tenants = [.. scenario.Tenants.Select(t => t.ToSpec())];
        if (!scenario.Jobs.IsEmpty && string.Equals(site.Name, scenario.Sites[0].Name, StringComparison.OrdinalIgnoreCase))
        {
            // The jobs section shares the first site with its workloads, its streams drawn from the scenario's seed.
            if (scenario.Jobs.ToJobTrace(new RandomStreams(unchecked((ulong)scenario.Seed)), scenario.Tenants, problems) is not { } trace)
            {
                return null;
            }

            jobs.AddRange(trace.Jobs.Select(j => j with { Id = $"jobs/{j.Id}" }));
            tenants = trace.Tenants;
        }

        return new ScheduleRequest.ScheduleWorkload(ShapeOf(site, plan.System), tenants, jobs, new KnownRuntimes(runtimes)) { CheckpointInterval = checkpoint, RestartOverhead = restart };
    }

    /// <summary>
    /// Simulates the sharing of <paramref name="site"/> as <see cref="Workload"/> builds it, with the FIFO policy and
    /// the Llama 3 failure rates; <see langword="null"/> when the site cannot be planned or runs no workload.
    /// </summary>
    public static ScheduleResult? Simulate(Scenario scenario, Site site, IReadOnlyDictionary<string, TrainingRun?>? trainingRuns, long seed, Problems problems, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(site);
        if (!HasWork(scenario, site))
        {
            return null; // nothing to share: no need to plan the site or lay out its nodes (a sweep's plan-sized runs)
        }

        if (Workload(scenario, site, trainingRuns, new Problems(), cancel) is not { } workload || workload.Jobs.Count == 0)
        {
            return null;
        }

        var options = new ClusterOptions
        {
            Policy = "fifo",
            Seed = seed,
            Failures = ClusterFailures.Llama3,
            CheckpointInterval = workload.CheckpointInterval ?? new ClusterOptions().CheckpointInterval,
            RestartOverhead = workload.RestartOverhead ?? new ClusterOptions().RestartOverhead,
            Horizon = workload.Jobs.Any(j => j.Kind != JobKind.Inference) ? null : ServingOnlyHorizon,
        };
        return ClusterSimulation.Run(workload.Shape, workload.Tenants, workload.Jobs, options, workload.Runtime, cancel);
    }

    // Whether any workload or the jobs section (which shares the first site) could put a job on the site.
    private static bool HasWork(Scenario scenario, Site site)
    {
        bool Here(string s) => string.Equals(s, site.Name, StringComparison.OrdinalIgnoreCase);
        return scenario.Workloads.Training.Any(w => Here(w.Site))
            || scenario.Workloads.Serving.Any(w => Here(w.Site))
            || (!scenario.Jobs.IsEmpty && Here(scenario.Sites[0].Name));
    }

    /// <summary>The cluster of a site: its GPUs in nodes of its system, NVLink domains of the system's scale-up domain, leaves of 256 GPUs, pods of 16 leaves.</summary>
    public static ClusterShape ShapeOf(Site site, SystemSpec system)
    {
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(system);
        var perNode = Math.Clamp(system.GpusPerNode, 1, ClusterShape.MaxGpusPerNode);
        var nodesPerDomain = Math.Max(1, system.ScaleUpDomain / perNode);
        var domainsPerLeaf = Math.Max(1, 256 / (nodesPerDomain * perNode));
        return ClusterShape.Uniform(Math.Max(1, site.Gpus.Count), perNode, nodesPerDomain, domainsPerLeaf, 16);
    }

    private sealed class KnownRuntimes(IReadOnlyDictionary<string, Duration?> runtimes) : IJobRuntime
    {
        public Duration? RuntimeOf(JobSpec job, int gpus) => runtimes.TryGetValue(job.Id, out var d) ? d : job.Runtime;
    }
}
