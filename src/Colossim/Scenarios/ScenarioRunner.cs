using Colossim.Documents;
using Colossim.Facility;
using Colossim.Units;

namespace Colossim.Scenarios;

/// <summary>
/// Runs a scenario end to end and gathers the results in a <see cref="ScenarioReport"/>: the single place where a
/// scenario becomes a report. Each pillar contributes one section; today the platform summary (peak compute, memory of
/// what the sites hold, computed exactly from the catalog figures) and the Build section (each site planned by
/// <see cref="SiteBuild.Plan"/>, the model behind <c>colossim plan</c>, with a day of its power from
/// <see cref="PowerTimeline"/> as <c>colossim power</c> computes it). Deterministic: no clock, no randomness outside
/// the seed.
/// </summary>
public static class ScenarioRunner
{
    /// <summary>Runs <paramref name="scenario"/>; <paramref name="options"/> may replace its seed.</summary>
    public static ScenarioReport Run(Scenario scenario, ScenarioRunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        options ??= ScenarioRunOptions.Default;
        if (options.Seed is { } seed)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(seed);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(seed, 1L << 53);
        }

        var problems = new Problems(scenario.SourcePath);
        var builds = Build(scenario, problems);
        var platform = Platform(scenario, builds);
        List<SiteBuildReport> planned = [.. builds.OfType<SiteBuildReport>()];
        return new ScenarioReport
        {
            Scenario = scenario.Name,
            Description = scenario.Description,
            SourcePath = scenario.SourcePath,
            Seed = options.Seed ?? scenario.Seed,
            Platform = platform,
            Build = new BuildReport { Sites = planned, Total = Totals(planned) },
            Tenants = [.. scenario.Tenants.Select(t => new TenantReport { Name = t.Name, Share = t.Share, Gpus = t.Share * platform.Total.Gpus })],
            Training =
            [
                .. scenario.Workloads.Training.Select(w => new TrainingReport
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
                }),
            ],
            Serving =
            [
                .. scenario.Workloads.Serving.Select(w => new ServingReport
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
                }),
            ],
            Problems = [.. problems],
        };
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
    private static List<SiteBuildReport?> Build(Scenario scenario, Problems problems)
    {
        var builds = new List<SiteBuildReport?>(scenario.Sites.Count);
        foreach (var site in scenario.Sites)
        {
            if (SiteBuild.Plan(scenario, site, problems) is not { } plan)
            {
                builds.Add(null);
                continue;
            }

            builds.Add(new SiteBuildReport { Site = site.Name, Plan = plan, Power = PowerDayOf(scenario, site, plan, problems) });
        }

        return builds;
    }

    // The site's day as `colossim power` computes it with its defaults. Workloads that do not fit the site's GPUs at once
    // make the timeline impossible but not the scenario (the Share pillar will queue them): a warning, and no timeline.
    private static PowerDay? PowerDayOf(Scenario scenario, Site site, ClusterPlan plan, Problems problems)
    {
        var power = SiteBuild.Power(scenario, site, plan, SiteBuild.TimelineLength, SiteBuild.TimelineStep, BatteryPolicy.Smooth);
        var found = new Problems();
        if (PowerTimeline.Simulate(power, found) is not { } timeline)
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
