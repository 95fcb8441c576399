using System.Globalization;
using Colossim.Catalog;
using Colossim.Units;

namespace Colossim.Scenarios;

/// <summary>
/// Runs a scenario end to end and gathers the results in a <see cref="ScenarioReport"/>. Each pillar contributes one
/// section; today that is the platform summary (peak compute, memory and power of what the sites hold), computed
/// exactly from the catalog figures. Deterministic: no clock, no randomness outside the seed.
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

        var platform = Platform(scenario);
        return new ScenarioReport
        {
            Scenario = scenario.Name,
            Description = scenario.Description,
            SourcePath = scenario.SourcePath,
            Seed = options.Seed ?? scenario.Seed,
            Platform = platform,
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
        };
    }

    /// <summary>The platform section: per site and in total.</summary>
    public static PlatformReport Platform(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var sites = scenario.Sites.Select(s => SitePlatformOf(s, scenario.Catalog)).ToList();
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

    private static SitePlatform SitePlatformOf(Site site, ColossimCatalog catalog)
    {
        var gpu = site.Gpus.Type;
        double n = site.Gpus.Count;

        // The site's system if named; else the catalog's first system (by id) that holds this GPU.
        var system = site.System;
        var assumed = false;
        if (system is null)
        {
            system = catalog.Systems.Values.FirstOrDefault(s => string.Equals(s.Gpu, gpu.Id, StringComparison.OrdinalIgnoreCase));
            assumed = system is not null;
        }

        long? nodes = null;
        Watts? itPower = null;
        string basis;
        if (system is null)
        {
            basis = $"not estimated: no system in the catalog holds {gpu.Id} (name one with sites[].system)";
        }
        else
        {
            nodes = (site.Gpus.Count + system.GpusPerNode - 1) / system.GpusPerNode;
            itPower = system.NodePower * nodes.Value;
            basis = string.Create(
                CultureInfo.InvariantCulture,
                $"{nodes:N0} {system.Id} nodes × {system.NodePower.ToDisplayString()} node power{(assumed ? $" ({system.Id} assumed: the catalog's first system holding {gpu.Id})" : "")}; network switches and storage not added");
        }

        return new SitePlatform
        {
            Name = site.Name,
            GpuId = gpu.Id,
            GpuName = gpu.Name,
            Gpus = site.Gpus.Count,
            SystemId = system?.Id,
            Nodes = nodes,
            DenseBf16 = gpu.DenseBf16 * n,
            DenseFp8 = gpu.DenseFp8 * n,
            HbmCapacity = gpu.HbmCapacity * n,
            HbmBandwidth = gpu.HbmBandwidth * n,
            GpuPower = gpu.Tdp * n,
            ItPower = itPower,
            ItPowerBasis = basis,
            FacilityPower = itPower * site.Power.Pue,
            Power = site.Power,
            Fabric = site.Fabric,
        };
    }
}
