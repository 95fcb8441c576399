using Colossim.Documents;
using Colossim.Facility;
using Colossim.Reports;
using Colossim.Simulation;
using Colossim.Units;

namespace Colossim.Scenarios;

/// <summary>
/// Runs a scenario end to end and gathers the results in a <see cref="ScenarioReport"/>: the single place where a
/// scenario becomes a report. The run is a fixed sequence of stages (<see cref="Stages"/>): the pillars that produce
/// work first (training, then serving), then sharing (who gets which GPUs), then build and power, so the power of
/// each site can take its loads from what the pillars computed. Each stage contributes one section of the report.
/// Training runs the Train pillar for each workload on its site's plan; serving simulates each workload's replicas over
/// a minute of its traffic (<see cref="ScenarioServing"/>); sharing runs each site's workloads as jobs shared by the tenants (<see cref="ScenarioSharing"/>), and build and power plans each site with <see cref="SiteBuild.Plan"/> (the model
/// behind <c>colossim plan</c>) with a day of its power from <see cref="PowerTimeline"/> (as <c>colossim power</c>).
/// Deterministic: no clock, and every random draw comes from the run's <see cref="RandomStreams"/>, derived from the
/// seed. Cancellable between stages and sites; progress is reported per stage.
/// </summary>
public static class ScenarioRunner
{
    /// <summary>The stages of a run, in the order they run.</summary>
    public static IReadOnlyList<string> Stages { get; } = ["training", "serving", "sharing", "build and power"];

    /// <summary>
    /// Runs <paramref name="scenario"/>; <paramref name="options"/> may replace its seed. Reports progress to
    /// <paramref name="progress"/> at the start and end of every stage (and per site while building); throws
    /// <see cref="OperationCanceledException"/> when <paramref name="cancel"/> is signalled.
    /// </summary>
    public static ScenarioReport Run(Scenario scenario, ScenarioRunOptions? options = null, IProgress<RunProgress>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        options ??= ScenarioRunOptions.Default;
        if (options.Seed is { } seed)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(seed);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(seed, Scenario.MaxSeed);
        }

        var run = new RunState(scenario, options.Seed ?? scenario.Seed, progress) { Options = options };
        Action<RunState, CancellationToken>[] stages = [Training, Serving, Sharing, BuildAndPower];
        for (var i = 0; i < stages.Length; i++)
        {
            cancel.ThrowIfCancellationRequested();
            run.Enter(i);
            stages[i](run, cancel);
            run.Report(1);
        }

        return new ScenarioReport
        {
            Scenario = scenario.Name,
            Description = scenario.Description,
            SourcePath = scenario.SourcePath,
            Seed = run.Seed,
            Platform = run.Platform!,
            Build = run.Build!,
            Tenants = run.Tenants,
            Training = run.Training,
            Serving = run.Serving,
            Sharing = run.Sharing,
            Problems = [.. run.Problems],
        };
    }

    // Train: each training workload through the Train pillar on its site's plan (SiteBuild.Train): step time, MFU,
    // memory, and the run's days, cost, energy and goodput. A site that cannot be planned leaves its workloads described
    // only (the build stage reports why); a workload that cannot be simulated is a problem at its path.
    private static void Training(RunState run, CancellationToken cancel)
    {
        var scenario = run.Scenario;
        var plans = new Dictionary<string, ClusterPlan?>(StringComparer.OrdinalIgnoreCase);
        var reports = new List<TrainingReport>();
        foreach (var w in scenario.Workloads.Training)
        {
            cancel.ThrowIfCancellationRequested();
            run.Report(reports.Count / (double)scenario.Workloads.Training.Count, w.Name);
            if (!plans.TryGetValue(w.Site, out var plan))
            {
                var site = scenario.Sites.FirstOrDefault(s => string.Equals(s.Name, w.Site, StringComparison.OrdinalIgnoreCase));
                plan = site is null ? null : SiteBuild.Plan(scenario, site, new Problems());
                plans[w.Site] = plan;
            }

            reports.Add(new TrainingReport
            {
                Name = w.Name,
                Tenant = w.Tenant,
                Site = w.Site,
                Model = w.Model.Name,
                Parameters = w.Model.Parameters,
                ActiveParameters = w.Model.ActiveParameters,
                Gpus = w.Gpus,
                Tokens = w.Tokens,
                Parallelism = w.Parallelism,
                Simulated = plan is null ? null : SiteBuild.Train(scenario, w, plan, run.Problems, cancel),
            });
        }

        run.Training = reports;
    }

    // Serve: each serving workload as the scenario gives it, simulated as `colossim serve` would (ScenarioServing) for a
    // bounded simulated time; progress per workload; a workload that cannot run is a problem at its path.
    private static void Serving(RunState run, CancellationToken cancel)
    {
        var workloads = run.Scenario.Workloads.Serving;
        var reports = new List<ServingReport>(workloads.Count);
        for (var i = 0; i < workloads.Count; i++)
        {
            cancel.ThrowIfCancellationRequested();
            var w = workloads[i];
            run.Report(i / (double)workloads.Count, w.Name);
            ServingSimulationReport? simulation = null;
            if (run.Scenario.FindSite(w.Site) is { } site)
            {
                var gpus = SiteBuild.ServingGpus(run.Scenario, site)[w];
                if (gpus < 1)
                {
                    run.Problems.Warning($"workloads.serving[{i}].gpus", $"{site.Name} has no GPUs left for {w.Name} after its other workloads; it is not simulated");
                }
                else
                {
                    var at = i;
                    var searching = w.Search is null ? null : new SearchProgress(f => run.Report((at + f) / workloads.Count, w.Name + " (deployment search)"));
                    simulation = ScenarioServing.Simulate(run.Scenario, w, i, site, gpus, run.Seed, run.Problems, searching, cancel);
                    if (simulation is not null && run.Options.ServingLoadLadder)
                    {
                        simulation = simulation with { LoadLadder = ScenarioServingLoad.Ladder(simulation, cancel) };
                    }
                }
            }

            reports.Add(new ServingReport
            {
                Name = w.Name,
                Tenant = w.Tenant,
                Site = w.Site,
                Model = w.Model.Name,
                Parameters = w.Model.Parameters,
                ActiveParameters = w.Model.ActiveParameters,
                Gpus = w.Gpus,
                Traffic = w.Traffic,
                Slo = w.Slo,
                Simulation = simulation,
            });
        }

        run.Serving = reports;
    }

    // Share: each tenant's GPUs at its share of the platform, then each site's workloads as jobs through the Share
    // pillar (ScenarioSharing), with the training times the training stage computed.
    private static void Sharing(RunState run, CancellationToken cancel)
    {
        ScenarioChecks.Shares(run.Scenario, run.Problems);
        var gpus = run.Scenario.TotalGpus;
        run.Tenants = [.. run.Scenario.Tenants.Select(t => new TenantReport { Name = t.Name, Share = t.Share, Gpus = t.Share * gpus })];
        var runtimes = run.Training.ToDictionary(w => w.Name, w => w.Simulated?.Run, StringComparer.Ordinal);
        var sharing = new List<SiteSharingReport>();
        var sites = run.Scenario.Sites;
        for (var i = 0; i < sites.Count; i++)
        {
            cancel.ThrowIfCancellationRequested();
            if (ScenarioSharing.Simulate(run.Scenario, sites[i], runtimes, run.Seed, run.Problems, cancel) is { } result)
            {
                sharing.Add(new SiteSharingReport { Site = sites[i].Name, Result = result });
            }
        }

        run.Sharing = sharing;
    }

    // Build and power: each site planned, with a day of its power; then the platform section from the plans.
    private static void BuildAndPower(RunState run, CancellationToken cancel)
    {
        var builds = Build(run, cancel);
        run.Platform = Platform(run.Scenario, builds);
        List<SiteBuildReport> planned = [.. builds.OfType<SiteBuildReport>()];
        run.Build = new BuildReport { Sites = planned, Total = Totals(planned) };
    }

    // A search's share done, reported as it comes (on the search's threads; the run's progress handles that).
    private sealed class SearchProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }

    // What the stages hand on to each other, and the run's seed, random streams, problems and progress.
    private sealed class RunState(Scenario scenario, long seed, IProgress<RunProgress>? progress)
    {
        private int _stage;

        public Scenario Scenario { get; } = scenario;

        public long Seed { get; } = seed;

        public ScenarioRunOptions Options { get; init; } = ScenarioRunOptions.Default;

        // Every stage draws from its own named streams of this family, so adding draws to one never moves another's.
        public RandomStreams Streams { get; } = new((ulong)seed);

        public Problems Problems { get; } = new(scenario.SourcePath);

        public IReadOnlyList<TrainingReport> Training { get; set; } = [];

        public IReadOnlyList<ServingReport> Serving { get; set; } = [];

        public IReadOnlyList<TenantReport> Tenants { get; set; } = [];

        public IReadOnlyList<SiteSharingReport> Sharing { get; set; } = [];

        public PlatformReport? Platform { get; set; }

        public BuildReport? Build { get; set; }

        public void Enter(int stage)
        {
            _stage = stage;
            Report(0);
        }

        public void Report(double fraction, string? detail = null) =>
            progress?.Report(new RunProgress(Stages[_stage], _stage, Stages.Count, fraction, detail));
    }

    // The platform section, per site and in total; nodes, IT and facility power come from each site's plan.
    private static PlatformReport Platform(Scenario scenario, List<SiteBuildReport?> builds)
    {
        var sites = scenario.Sites.Select((s, i) => SitePlatformOf(s, builds[i]?.Plan)).ToList();
        var withFp8 = sites.Where(s => s.DenseFp8 is not null).ToList();
        return new PlatformReport
        {
            Sites = sites,
            Total = new PlatformTotals
            {
                Sites = sites.Count,
                Gpus = sites.Sum(s => s.Gpus),
                DenseBf16 = new FlopRate(sites.Sum(s => s.DenseBf16.FlopsPerSecond)),
                DenseFp8 = withFp8.Count == 0 ? null : new FlopRate(withFp8.Sum(s => s.DenseFp8!.Value.FlopsPerSecond)),
                HbmCapacity = new Bytes(sites.Sum(s => s.HbmCapacity.Value)),
                HbmBandwidth = new Bandwidth(sites.Sum(s => s.HbmBandwidth.BytesPerSecond)),
                GpuPower = new Watts(sites.Sum(s => s.GpuPower.Value)),
                ItPower = sites.All(s => s.ItPower is not null) ? new Watts(sites.Sum(s => s.ItPower!.Value.Value)) : null,
                FacilityPower = sites.All(s => s.FacilityPower is not null) ? new Watts(sites.Sum(s => s.FacilityPower!.Value.Value)) : null,
                Grid = sites.All(s => s.Power.Grid is not null) ? new Watts(sites.Sum(s => s.Power.Grid!.Value.Value)) : null,
                Battery = new Energy(sites.Sum(s => s.Power.Battery.Joules)),
            },
        };
    }

    // One entry per site, null where the site could not be planned (its problems say why).
    private static List<SiteBuildReport?> Build(RunState run, CancellationToken cancel)
    {
        var (scenario, problems) = (run.Scenario, run.Problems);
        var builds = new List<SiteBuildReport?>(scenario.Sites.Count);
        foreach (var site in scenario.Sites)
        {
            cancel.ThrowIfCancellationRequested();
            run.Report(builds.Count / (double)scenario.Sites.Count, site.Name);
            if (SiteBuild.PlanChecked(scenario, site, problems) is not { } plan)
            {
                builds.Add(null);
                continue;
            }

            builds.Add(new SiteBuildReport { Site = site.Name, Plan = plan, Power = PowerDayOf(scenario, site, plan, problems, run.Options.PowerBuffers) });
        }

        return builds;
    }

    // The site's day as `colossim power` computes it with its defaults. Workloads that do not fit the site's GPUs at once
    // make the timeline impossible but not the scenario (the Share pillar will queue them): a warning, and no timeline.
    private static PowerDay? PowerDayOf(Scenario scenario, Site site, ClusterPlan plan, Problems problems, PowerTimelineBuffers? buffers)
    {
        var power = SiteBuild.Power(scenario, site, plan, SiteBuild.TimelineLength, SiteBuild.TimelineStep, BatteryPolicy.Smooth);
        var found = new Problems();
        if (PowerTimeline.Simulate(power, found, buffers) is not { } timeline)
        {
            var path = SiteBuild.PathOf(scenario, site);
            foreach (var p in found)
            {
                problems.Warning(path, $"power over a day not computed: {p.Message} (the timeline runs every workload of the site at once)");
            }

            return null;
        }

        return new PowerDay
        {
            Length = power.Length,
            Step = power.Step,
            Policy = power.Battery?.Policy ?? BatteryPolicy.None,
            PeakWithoutBatteries = timeline.PeakFacility,
            PeakGrid = timeline.PeakGrid,
            GridEnergy = timeline.GridEnergy,
            EnergyCost = timeline.EnergyCost,
            TonnesCo2 = timeline.TonnesCo2,
            Timeline = timeline,
        };
    }

    private static BuildTotals Totals(IEnumerable<SiteBuildReport> builds)
    {
        var plans = builds.Select(b => b.Plan).ToList();
        Usd Sum(Func<ClusterPlan, Usd> amount) => new(plans.Sum(p => amount(p).Dollars));
        var usedHours = plans.Sum(p => p.Gpus * ClusterPlanner.HoursPerYear * p.Utilization);
        return new BuildTotals
        {
            Gpus = plans.Sum(p => p.Gpus),
            Nodes = plans.Sum(p => p.Nodes),
            Racks = plans.Sum(p => p.Racks),
            Switches = plans.Sum(p => p.Network.Switches),
            Transceivers = plans.Sum(p => p.Network.Transceivers),
            ItPower = new Watts(plans.Sum(p => p.Power.It.Value)),
            FacilityPower = new Watts(plans.Sum(p => p.Power.Facility.Value)),
            Capex = new CapexBreakdown
            {
                Gpus = Sum(p => p.Capex.Gpus),
                Servers = Sum(p => p.Capex.Servers),
                Network = Sum(p => p.Capex.Network),
                Storage = Sum(p => p.Capex.Storage),
                Facility = Sum(p => p.Capex.Facility),
                Batteries = Sum(p => p.Capex.Batteries),
                Generation = Sum(p => p.Capex.Generation),
            },
            OpexPerYear = Sum(p => p.Opex.Total),
            Tco = Sum(p => p.Tco),
            UsdPerGpuHour = usedHours > 0 ? Sum(p => p.CostPerYear) / usedHours : null,
        };
    }

    private static SitePlatform SitePlatformOf(Site site, ClusterPlan? plan)
    {
        var gpu = site.Gpus.Type;
        double n = site.Gpus.Count;
        return new SitePlatform
        {
            Name = site.Name,
            GpuId = gpu.Id,
            GpuName = gpu.Name,
            Gpus = site.Gpus.Count,
            SystemId = plan?.System.Id,
            Nodes = plan?.Nodes,
            DenseBf16 = gpu.DenseBf16 * n,
            DenseFp8 = gpu.DenseFp8 * n,
            HbmCapacity = gpu.HbmCapacity * n,
            HbmBandwidth = gpu.HbmBandwidth * n,
            GpuPower = gpu.Tdp * n,
            ItPower = plan?.Power.It,
            FacilityPower = plan?.Power.Facility,
            Power = site.Power,
            Fabric = site.Fabric,
        };
    }
}
