using System.Globalization;
using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Units;

namespace Colossim.Facility;

/// <summary>What a plan is sized by: a budget, a facility power envelope, or a GPU count.</summary>
public abstract record PlanTarget
{
    private PlanTarget()
    {
    }

    /// <summary>As many GPUs as <paramref name="Amount"/> of capex buys.</summary>
    public sealed record Budget(Usd Amount) : PlanTarget;

    /// <summary>As many GPUs as fit in <paramref name="Facility"/> of facility power at nameplate (IT × PUE).</summary>
    public sealed record Power(Watts Facility) : PlanTarget;

    /// <summary>At least <paramref name="Count"/> GPUs (rounded up to whole nodes or racks).</summary>
    public sealed record GpuCount(long Count) : PlanTarget;
}

/// <summary>What a plan is built from besides its target: hardware, money and power choices.</summary>
public sealed record PlanOptions
{
    /// <summary>The GPU.</summary>
    public required GpuSpec Gpu { get; init; }

    /// <summary>The system holding it (see <see cref="ClusterPlanner.ResolveSystem"/>).</summary>
    public required SystemSpec System { get; init; }

    /// <summary>The scale-out switch family (see <see cref="ClusterPlanner.ResolveFabric"/>).</summary>
    public required FabricSpec Fabric { get; init; }

    /// <summary>Assumptions: PUE, electricity price, utilisation, oversubscription, site cap, prices, lives.</summary>
    public FacilityDefaults Defaults { get; init; } = FacilityDefaults.BuiltIn;

    /// <summary>Years of ownership the TCO covers (&gt; 0).</summary>
    public double Years { get; init; } = 5;

    /// <summary>Battery capacity on site (zero for none).</summary>
    public Energy BatteryCapacity { get; init; }

    /// <summary>Battery power; <see langword="null"/> for the default ratio to capacity.</summary>
    public Watts? BatteryPower { get; init; }

    /// <summary>On-site generation (gas turbines).</summary>
    public Watts OnsiteGeneration { get; init; }

    /// <summary>How the scale-out NICs are wired (default rail-optimised, as a DGX SuperPOD).</summary>
    public FabricTopology Topology { get; init; } = FabricTopology.RailOptimizedFatTree;

    /// <summary>
    /// What a busy GPU draws, for the average power (energy, opex, $/GPU-hour): a representative step of the workload;
    /// <see langword="null"/> for the documented default, a training step of the defaults' model (<see cref="GpuWorkPower.DefaultTraining"/>).
    /// </summary>
    public GpuWorkPower? Work { get; init; }
}

/// <summary>
/// Sizes a cluster from a budget, a power envelope or a GPU count (<see cref="Plan"/>), or for an exact GPU count
/// (<see cref="Build"/>): units, racks, network, power, capex, opex, TCO and cost per GPU-hour.
/// </summary>
public static class ClusterPlanner
{
    /// <summary>Hours in a year (365.25 days), as Epoch counts them.</summary>
    public const double HoursPerYear = 8766;

    private const long MaxUnits = 100_000_000;

    /// <summary>
    /// The plan for <paramref name="target"/>: the largest cluster within a budget or power envelope, or the smallest
    /// holding a GPU count. Records a problem at <paramref name="path"/> (default: the target's name, such as
    /// <c>budget_usd</c>) and returns <see langword="null"/> when not even one unit fits.
    /// </summary>
    public static ClusterPlan? Plan(PlanTarget target, PlanOptions options, Problems problems, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        var unit = GpusPerUnit(options.System);
        switch (target)
        {
            case PlanTarget.GpuCount g:
                {
                    var units = FatTree.CeilDiv(Math.Max(1, g.Count), unit);
                    if (units > MaxUnits)
                    {
                        problems.Error(path ?? "gpus", $"expected at most {(MaxUnits * unit).ToString("N0", CultureInfo.InvariantCulture)} GPUs, found {g.Count.ToString("N0", CultureInfo.InvariantCulture)}");
                        return null;
                    }

                    var plan = BuildUnits(units, options);
                    return plan.Gpus == g.Count ? plan : plan with
                    {
                        Notes = [.. plan.Notes, $"{g.Count.ToString("N0", CultureInfo.InvariantCulture)} GPUs rounded up to {plan.Gpus.ToString("N0", CultureInfo.InvariantCulture)}: whole {options.System.Id} units of {unit} GPUs"],
                    };
                }

            case PlanTarget.Budget b:
                return Largest(options, p => p.Capex.Total <= b.Amount, problems, path ?? "budget_usd",
                    p => $"{b.Amount.ToDisplayString()} does not buy one {options.System.Id} unit of {unit} GPUs with its share of network and facility ({p.Capex.Total.ToDisplayString()})");

            case PlanTarget.Power w:
                return Largest(options, p => p.Power.Facility <= w.Facility, problems, path ?? "power_mw",
                    p => $"{w.Facility.ToDisplayString()} does not power one {options.System.Id} unit of {unit} GPUs ({p.Power.Facility.ToDisplayString()} at PUE {options.Defaults.Pue.ToString("0.###", CultureInfo.InvariantCulture)})");

            default:
                throw new ArgumentOutOfRangeException(nameof(target), target, "unknown plan target");
        }
    }

    /// <summary>The plan for <paramref name="gpus"/> GPUs, rounded up to whole purchase units.</summary>
    public static ClusterPlan Build(long gpus, PlanOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(gpus);
        return BuildUnits(FatTree.CeilDiv(gpus, GpusPerUnit(options.System)), options);
    }

    /// <summary>
    /// The capital recovery factor: the share of an investment to pay each year, for <paramref name="years"/> (&gt; 0),
    /// so that the payments repay it with interest at <paramref name="rate"/> (≥ 0, per year):
    /// r(1+r)^n / ((1+r)^n − 1), and 1/n at a zero rate (straight-line).
    /// </summary>
    public static double CapitalRecoveryFactor(double rate, double years)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(years);
        ArgumentOutOfRangeException.ThrowIfNegative(rate);
        if (rate < 1e-12)
        {
            return 1 / years;
        }

        var growth = Math.Pow(1 + rate, years);
        return rate * growth / (growth - 1);
    }

    /// <summary>GPUs in one purchase unit: the node, or the whole scale-up domain when it spans several nodes (an NVL72 rack).</summary>
    public static int GpusPerUnit(SystemSpec system) =>
        system.ScaleUpDomain > system.GpusPerNode && system.ScaleUpDomain % system.GpusPerNode == 0 ? system.ScaleUpDomain : system.GpusPerNode;

    /// <summary>
    /// The system for <paramref name="gpu"/>: the one named (a catalog id or a YAML file), which must hold that GPU; or,
    /// when none is named, the first catalog system (by id) holding it; or a generic server built with Epoch's ratios,
    /// with a warning at <paramref name="path"/> saying so.
    /// </summary>
    public static SystemSpec? ResolveSystem(ColossimCatalog catalog, GpuSpec gpu, string? systemIdOrPath, FacilityDefaults defaults, Problems problems, string path = "system")
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(gpu);
        ArgumentNullException.ThrowIfNull(defaults);
        ArgumentNullException.ThrowIfNull(problems);
        var holding = catalog.Systems.Values.Where(s => string.Equals(s.Gpu, gpu.Id, StringComparison.OrdinalIgnoreCase)).ToList();
        if (systemIdOrPath is null)
        {
            if (holding.Count > 0)
            {
                return holding[0];
            }

            var generic = GenericSystem(gpu, defaults);
            problems.Warning(path, string.Create(
                CultureInfo.InvariantCulture,
                $"no catalog system holds {gpu.Id}: using a generic {generic.GpusPerNode}-GPU server (power {defaults.GenericChipToServerPower:0.##} x TDP, price {defaults.GenericServerCostOverhead:0.##} x GPU price, Epoch's ratios)"));
            return generic;
        }

        if (catalog.ResolveSystem(systemIdOrPath, problems, path) is not { } system)
        {
            return null;
        }

        if (!string.Equals(system.Gpu, gpu.Id, StringComparison.OrdinalIgnoreCase))
        {
            var others = holding.Count == 0 ? "no catalog system holds it; leave out --system for a generic server" : $"systems that hold it: {string.Join(", ", holding.Select(s => s.Id))}";
            problems.Error(path, $"{system.Id} holds {system.Gpu} GPUs, not {gpu.Id} ({others})");
            return null;
        }

        return system;
    }

    /// <summary>A generic server for <paramref name="gpu"/>: power and price as multiples of the GPU's (Epoch's ratios), one 400G NIC per GPU.</summary>
    public static SystemSpec GenericSystem(GpuSpec gpu, FacilityDefaults defaults)
    {
        var perNode = Math.Min(defaults.GenericGpusPerNode, gpu.ScaleUpDomain);
        var perRack = gpu.ScaleUpDomain > perNode ? gpu.ScaleUpDomain : perNode * 4;
        perRack = (int)FatTree.CeilDiv(perRack, perNode) * perNode;
        return new SystemSpec
        {
            Id = $"generic-{gpu.Id}",
            Name = $"Generic {perNode}-GPU {gpu.Name} server",
            Gpu = gpu.Id,
            GpusPerNode = perNode,
            GpusPerRack = perRack,
            NodePower = gpu.Tdp * (perNode * defaults.GenericChipToServerPower),
            NicsPerGpu = 1,
            NicBandwidth = Bandwidth.FromGigabitsPerSecond(400),
            ScaleUpDomain = gpu.ScaleUpDomain,
            NodePrice = gpu.Price * (perNode * defaults.GenericServerCostOverhead),
            Sources = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["node_power"] = defaults.Sources.GetValueOrDefault("generic_server.chip_to_server_power", "Epoch chip_to_server_power"),
                ["node_price"] = defaults.Sources.GetValueOrDefault("generic_server.server_cost_overhead", "Epoch server_cost_overhead"),
            },
        };
    }

    /// <summary>
    /// The fabric named by <paramref name="kindOrIdOrPath"/>: <c>infiniband</c> or <c>ethernet</c> picks the switch
    /// family of that kind whose ports best match the system's NICs; otherwise a catalog id or a YAML file.
    /// </summary>
    public static FabricSpec? ResolveFabric(ColossimCatalog catalog, SystemSpec system, string kindOrIdOrPath, Problems problems, string path = "fabric")
    {
        if (kindOrIdOrPath is "infiniband" or "ethernet")
        {
            var candidates = catalog.Fabrics.Values.Where(f => f.Kind == kindOrIdOrPath).ToList();
            if (candidates.Count == 0)
            {
                problems.Error(path, $"the catalog has no {kindOrIdOrPath} fabric");
                return null;
            }

            var nic = system.NicBandwidth.BytesPerSecond;
            return candidates
                .OrderBy(f => Math.Abs(f.PortBandwidth.BytesPerSecond - nic) < 1 ? 0 : f.PortBandwidth.BytesPerSecond > nic ? 1 : 2)
                .ThenBy(f => Math.Abs(Math.Log(f.PortBandwidth.BytesPerSecond / nic)))
                .ThenBy(f => f.Id, StringComparer.Ordinal)
                .First();
        }

        return catalog.ResolveFabric(kindOrIdOrPath, problems, path);
    }

    private static ClusterPlan? Largest(PlanOptions options, Func<ClusterPlan, bool> fits, Problems problems, string path, Func<ClusterPlan, string> tooSmall)
    {
        var one = BuildUnits(1, options);
        if (!fits(one))
        {
            problems.Error(path, tooSmall(one));
            return null;
        }

        // Capex and power never fall as units are added (see the property tests), so the largest fitting count is found
        // by doubling then bisecting; `best` is always the plan of `lo` units, the largest known to fit.
        long lo = 1, hi = 2;
        var best = one;
        while (hi <= MaxUnits && BuildUnits(hi, options) is var doubled && fits(doubled))
        {
            (lo, best) = (hi, doubled);
            hi *= 2;
        }

        if (hi > MaxUnits)
        {
            var most = BuildUnits(MaxUnits, options);
            if (fits(most))
            {
                problems.Error(path, $"{options.System.Id} units beyond the planner's limit of {(MaxUnits * most.GpusPerUnit).ToString("N0", CultureInfo.InvariantCulture)} GPUs ({MaxUnits.ToString("N0", CultureInfo.InvariantCulture)} units) still fit: expected a target the planner can reach (ask for --gpus instead)");
                return null;
            }
        }

        hi = Math.Min(hi, MaxUnits + 1);
        while (hi - lo > 1)
        {
            var mid = lo + ((hi - lo) / 2);
            var candidate = BuildUnits(mid, options);
            if (fits(candidate))
            {
                (lo, best) = (mid, candidate);
            }
            else
            {
                hi = mid;
            }
        }

        return best;
    }

    private static ClusterPlan BuildUnits(long units, PlanOptions options)
    {
        var d = options.Defaults;
        var system = options.System;
        var gpu = options.Gpu;
        var perUnit = GpusPerUnit(system);
        var gpus = checked(units * perUnit);
        var nodes = gpus / system.GpusPerNode;
        var nodesPerRack = Math.Max(1, system.GpusPerRack / system.GpusPerNode);
        var racks = FatTree.CeilDiv(nodes, nodesPerRack);
        var rackPower = system.NodePower * nodesPerRack;
        var cooling = system.Cooling switch
        {
            "liquid" => Cooling.Liquid,
            "air" => Cooling.Air,
            _ => rackPower > d.AirMaxRackPower ? Cooling.Liquid : Cooling.Air,
        };

        var network = FatTree.Design(gpus, system, options.Fabric, d.Oversubscription, options.Topology);
        var work = options.Work ?? GpuWorkPower.DefaultTraining(gpu, d);
        var node = NodePowerModel.For(system, gpu, d, work);
        var compute = system.NodePower * nodes;
        var averageCompute = ((node.Node(GpuActivity.Compute) * d.Utilization) + (node.Node(GpuActivity.Idle) * (1 - d.Utilization))) * nodes;
        var batteryPower = options.BatteryPower ?? Watts.FromMegawatts(options.BatteryCapacity.MegawattHours * d.BatteryMegawattsPerMegawattHour);
        var power = new PowerPlan
        {
            Compute = compute,
            Network = network.Power,
            Storage = compute * d.StorageFraction,
            Pue = d.Pue,
            AverageIt = averageCompute + network.Power + (averageCompute * d.StorageFraction),
            OnsiteGeneration = options.OnsiteGeneration,
            BatteryPower = batteryPower,
            BatteryCapacity = options.BatteryCapacity,
        };

        var nodeCost = system.NodePrice * nodes;
        var gpuCost = gpu.Price * gpus;
        if (gpuCost > nodeCost)
        {
            gpuCost = nodeCost;
        }

        var capex = new CapexBreakdown
        {
            Gpus = gpuCost,
            Servers = nodeCost - gpuCost,
            Network = network.Cost,
            Storage = nodeCost * d.StorageFraction,
            Facility = d.FacilityUsdPerMegawatt * power.It.Megawatts,
            Batteries = new Usd(options.BatteryCapacity.KilowattHours * d.BatteryUsdPerKilowattHour),
            Generation = d.GenerationUsdPerMegawatt * options.OnsiteGeneration.Megawatts,
        };

        var energy = power.AverageFacility * Duration.FromHours(HoursPerYear);
        // On-site generation runs first (it is paid for) up to the average facility draw; the grid supplies the rest.
        var generated = Energy.FromKilowattHours(Math.Min(options.OnsiteGeneration.Value, power.AverageFacility.Value) / 1e3 * HoursPerYear);
        var opex = new OpexBreakdown
        {
            Energy = new Usd((energy - generated).KilowattHours * d.UsdPerKilowattHour),
            Fuel = new Usd(generated.KilowattHours * d.GenerationFuelUsdPerKilowattHour),
            Maintenance = capex.ItHardware * d.MaintenanceFraction,
            FacilityOperations = capex.Facility * d.FacilityOperationsFraction,
            Batteries = capex.Batteries * d.BatteryMaintenanceFraction,
        };

        var depreciation = Usd.Zero;
        var annualized = new List<AnnualizedCapex>();
        foreach (var (category, amount) in capex.Categories)
        {
            var life = d.LifeOf(category);
            depreciation += amount / life;
            annualized.Add(new AnnualizedCapex(category, amount, life, amount * CapitalRecoveryFactor(d.Wacc, life)));
        }

        var tonnes = (((energy - generated).KilowattHours * d.GridGramsCo2PerKilowattHour) + (generated.KilowattHours * d.GenerationGramsCo2PerKilowattHour)) / 1e6;
        var notes = new List<string>();
        var sites = Math.Max(1, (long)Math.Ceiling((power.Facility / d.SiteMaxPower) - 1e-9));

        // Every site has its own buildings: each holds its share of the facility power in buildings of at most the cap.
        var buildingsPerSite = Math.Max(1, (long)Math.Ceiling((power.Facility / sites / d.BuildingMaxPower) - 1e-9));
        if (sites > 1)
        {
            notes.Add($"{power.Facility.ToDisplayString()} of facility power exceeds one site's {d.SiteMaxPower.ToDisplayString()}: split over {sites} sites; the fabric's top tiers span them");
        }

        var suGpus = system.ScalableUnitGpus ?? (system.GpusPerNode * 32);
        var racksPerRow = Math.Max(1, (long)Math.Floor((d.RowMaxPower / rackPower) + 1e-9));
        return new ClusterPlan
        {
            Gpu = gpu,
            System = system,
            Gpus = gpus,
            GpusPerUnit = perUnit,
            Nodes = nodes,
            Racks = racks,
            RackPower = rackPower,
            Cooling = cooling,
            ScalableUnits = FatTree.CeilDiv(gpus, suGpus),
            Rows = FatTree.CeilDiv(racks, racksPerRow),
            Buildings = sites * buildingsPerSite,
            Sites = sites,
            Network = network,
            Power = power,
            Capex = capex,
            Opex = opex,
            DepreciationPerYear = depreciation,
            Wacc = d.Wacc,
            AnnualizedCapex = annualized,
            Years = options.Years,
            Utilization = d.Utilization,
            UsdPerKilowattHour = d.UsdPerKilowattHour,
            EnergyPerYear = energy,
            TonnesCo2PerYear = tonnes,
            Notes = notes,
            Work = work,
        };
    }
}
