using System.Globalization;
using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Units;

namespace Colossim.Facility;

/// <summary>
/// A plan as a person asks for it (<c>colossim plan</c>'s options, the web's form): every value as typed, unparsed.
/// <see cref="Plan"/> checks all of it at once (problems carry the option names, <c>--budget-usd</c>, as paths),
/// sizes the cluster and applies the grid check; front ends only render the result.
/// </summary>
public sealed record PlanRequest
{
    /// <summary>The option names, which are the paths of the problems <see cref="Plan"/> records.</summary>
    public static class Names
    {
        /// <summary><c>--budget-usd</c>.</summary>
        public const string Budget = "--budget-usd";

        /// <summary><c>--power-mw</c>.</summary>
        public const string Power = "--power-mw";

        /// <summary><c>--gpus</c>.</summary>
        public const string Gpus = "--gpus";

        /// <summary><c>--gpu</c>.</summary>
        public const string Gpu = "--gpu";

        /// <summary><c>--system</c>.</summary>
        public const string System = "--system";

        /// <summary><c>--fabric</c>.</summary>
        public const string Fabric = "--fabric";

        /// <summary><c>--topology</c>.</summary>
        public const string Topology = "--topology";

        /// <summary><c>--pue</c>.</summary>
        public const string Pue = "--pue";

        /// <summary><c>--usd-per-kwh</c>.</summary>
        public const string Price = "--usd-per-kwh";

        /// <summary><c>--years</c>.</summary>
        public const string Years = "--years";

        /// <summary><c>--utilization</c>.</summary>
        public const string Utilization = "--utilization";

        /// <summary><c>--wacc</c>.</summary>
        public const string Wacc = "--wacc";

        /// <summary><c>--oversubscription</c>.</summary>
        public const string Oversubscription = "--oversubscription";

        /// <summary><c>--battery-mwh</c>.</summary>
        public const string BatteryEnergy = "--battery-mwh";

        /// <summary><c>--battery-mw</c>.</summary>
        public const string BatteryPower = "--battery-mw";

        /// <summary><c>--onsite-mw</c>.</summary>
        public const string Onsite = "--onsite-mw";

        /// <summary><c>--grid-mw</c>.</summary>
        public const string Grid = "--grid-mw";

        /// <summary><c>--site-max-mw</c>.</summary>
        public const string SiteMax = "--site-max-mw";

        /// <summary><c>--defaults</c>.</summary>
        public const string Defaults = "--defaults";
    }

    /// <summary>The topology names <see cref="Topology"/> accepts, in the order messages list them.</summary>
    public static IReadOnlyList<string> TopologyNames { get; } = ["rail-optimized-fat-tree", "fat-tree", "rail-only"];

    /// <summary>Capex to spend: <c>$30B</c>, <c>30e9</c>.</summary>
    public string? BudgetUsd { get; init; }

    /// <summary>Facility power envelope, MW.</summary>
    public string? PowerMw { get; init; }

    /// <summary>GPU count: <c>100000</c>, <c>100k</c>.</summary>
    public string? Gpus { get; init; }

    /// <summary>The GPU: a catalog id or a YAML file.</summary>
    public string? Gpu { get; init; }

    /// <summary>The system: a catalog id or a YAML file; <see langword="null"/> for the first catalog system holding the GPU.</summary>
    public string? System { get; init; }

    /// <summary>The scale-out fabric: <c>infiniband</c>, <c>ethernet</c>, a catalog id or a YAML file.</summary>
    public string Fabric { get; init; } = "infiniband";

    /// <summary>The wiring: one of <see cref="TopologyNames"/>; <see langword="null"/> for rail-optimised.</summary>
    public string? Topology { get; init; }

    /// <summary>PUE (see <see cref="FacilityLimits.Pue"/>).</summary>
    public string? Pue { get; init; }

    /// <summary>Electricity price, USD per kWh (0-10).</summary>
    public string? UsdPerKwh { get; init; }

    /// <summary>Years of ownership for the TCO (0.1-100; default 5).</summary>
    public string? Years { get; init; }

    /// <summary>Share of GPU-hours used (0.01-1).</summary>
    public string? Utilization { get; init; }

    /// <summary>Cost of capital per year (0-0.5).</summary>
    public string? Wacc { get; init; }

    /// <summary>Oversubscription above a pod (1-64).</summary>
    public string? Oversubscription { get; init; }

    /// <summary>Battery capacity, MWh.</summary>
    public string? BatteryMwh { get; init; }

    /// <summary>Battery power, MW (needs <see cref="BatteryMwh"/>).</summary>
    public string? BatteryMw { get; init; }

    /// <summary>On-site generation, MW.</summary>
    public string? OnsiteMw { get; init; }

    /// <summary>The grid connection available, MW; checked against the plan's facility power (<see cref="GridCheck"/>).</summary>
    public string? GridMw { get; init; }

    /// <summary>Facility power of one site at most, MW.</summary>
    public string? SiteMaxMw { get; init; }

    /// <summary>A defaults file replacing built-in assumptions.</summary>
    public string? DefaultsFile { get; init; }

    /// <summary>
    /// The plan asked for, checked against <paramref name="catalog"/>: every bad value is recorded (path: the option
    /// name) and <see langword="null"/> returned; a plan whose facility needs more than <see cref="GridMw"/> carries a
    /// warning (<see cref="GridCheck"/>).
    /// </summary>
    public ClusterPlan? Plan(ColossimCatalog catalog, Problems problems)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(problems);
        if (Validate(catalog, problems) is not { } input)
        {
            return null;
        }

        var plan = ClusterPlanner.Plan(input.Target, input.Options, problems, input.TargetPath);
        if (plan is not null)
        {
            GridCheck.Check(plan, input.Grid, problems, Names.Grid);
        }

        return plan;
    }

    /// <summary>
    /// The request parsed and checked: its target, options and grid; <see langword="null"/> with every problem
    /// recorded when any value is bad.
    /// </summary>
    public PlanInput? Validate(ColossimCatalog catalog, Problems problems)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(problems);
        var given = new List<string>();
        PlanTarget? target = null;
        if (BudgetUsd is { } budgetText)
        {
            given.Add(Names.Budget);
            if (budgetText.TrimStart().StartsWith('-'))
            {
                problems.Error(Names.Budget, $"expected an amount of money above zero, found '{budgetText}'");
            }
            else if (!Usd.TryParse(budgetText, out var budget, out var error))
            {
                problems.Error(Names.Budget, error);
            }
            else if (budget.Dollars <= 0)
            {
                problems.Error(Names.Budget, $"expected an amount of money above zero, found '{budgetText}'");
            }
            else
            {
                target = new PlanTarget.Budget(budget);
            }
        }

        if (PowerMw is { } powerText)
        {
            given.Add(Names.Power);
            if (Positive(problems, Names.Power, powerText, "a power in MW above zero") is { } mw)
            {
                target = new PlanTarget.Power(Watts.FromMegawatts(mw));
            }
        }

        if (Gpus is { } gpusText)
        {
            given.Add(Names.Gpus);
            if (Positive(problems, Names.Gpus, gpusText, "a GPU count above zero") is { } n)
            {
                if (n != Math.Floor(n) || n > 1e12)
                {
                    problems.Error(Names.Gpus, $"expected a whole GPU count, found '{gpusText}'");
                }
                else
                {
                    target = new PlanTarget.GpuCount((long)n);
                }
            }
        }

        if (given.Count != 1)
        {
            var found = given.Count == 0 ? "none" : given.Count == 2 ? $"{given[0]} and {given[1]}" : $"{given[0]}, {given[1]} and {given[2]}";
            problems.Error("", $"expected exactly one of {Names.Budget}, {Names.Power} or {Names.Gpus}, found {found}");
        }

        var defaults = FacilityDefaults.BuiltIn;
        if (DefaultsFile is { } defaultsFile)
        {
            defaults = defaults.WithFile(defaultsFile, problems);
        }

        if (Number(problems, Names.Pue, Pue, FacilityLimits.Pue) is { } pue)
        {
            defaults = defaults with { Pue = pue };
        }

        if (Number(problems, Names.Price, UsdPerKwh, new(0, 10, "an electricity price in USD per kWh")) is { } price)
        {
            defaults = defaults with { UsdPerKilowattHour = price };
        }

        if (Number(problems, Names.Utilization, Utilization, new(0.01, 1, "a utilization"), "a utilization above 0 and at most 1") is { } utilization)
        {
            defaults = defaults with { Utilization = utilization };
        }

        if (Number(problems, Names.Wacc, Wacc, new(0, 0.5, "a cost of capital per year")) is { } wacc)
        {
            defaults = defaults with { Wacc = wacc };
        }

        if (Number(problems, Names.Oversubscription, Oversubscription, new(1, 64, "an oversubscription ratio")) is { } ratio)
        {
            defaults = defaults with { Oversubscription = ratio };
        }

        if (Number(problems, Names.SiteMax, SiteMaxMw, new(0.001, 1e6, "a site power in MW"), "a site power in MW above zero") is { } siteMax)
        {
            defaults = defaults with { SiteMaxPower = Watts.FromMegawatts(siteMax) };
        }

        var years = Number(problems, Names.Years, Years, new(0.1, 100, "a number of years")) ?? 5;
        var batteryMwh = Number(problems, Names.BatteryEnergy, BatteryMwh, new(0, 1e7, "a battery capacity in MWh"), "a battery capacity in MWh of at least 0") ?? 0;
        var batteryMw = Number(problems, Names.BatteryPower, BatteryMw, new(0, 1e7, "a battery power in MW"), "a battery power in MW of at least 0");
        var onsiteMw = Number(problems, Names.Onsite, OnsiteMw, new(0, 1e7, "an on-site generation in MW"), "an on-site generation in MW of at least 0") ?? 0;
        var gridMw = GridMw is { } gridText ? Positive(problems, Names.Grid, gridText, "a grid connection in MW above zero") : null;
        if (batteryMw is > 0 && batteryMwh <= 0 && BatteryMw is not null)
        {
            problems.Error(Names.BatteryPower, $"expected {Names.BatteryEnergy} with it (a battery's power needs its capacity, which is bought by the MWh), found {(BatteryMwh is null ? "none" : $"'{BatteryMwh}'")}");
        }

        var topology = FabricTopology.RailOptimizedFatTree;
        if (Topology is { } topologyText)
        {
            if (EnumNames.Parse<FabricTopology>(topologyText) is { } named)
            {
                topology = named;
            }
            else
            {
                problems.Error(Names.Topology, $"expected one of {string.Join(", ", TopologyNames)}, found '{topologyText}'{Suggestions.DidYouMean(topologyText, TopologyNames)}");
            }
        }

        GpuSpec? gpu = null;
        SystemSpec? system = null;
        if (Gpu is null && System is null)
        {
            problems.Error(Names.Gpu, "is required (a catalog id such as h100-sxm, or a YAML file); see 'colossim catalog gpus'");
        }
        else if (Gpu is null)
        {
            system = catalog.ResolveSystem(System!, problems, Names.System);
            if (system is not null)
            {
                gpu = catalog.ResolveGpu(system.Gpu, problems, Names.System);
            }
        }
        else
        {
            gpu = catalog.ResolveGpu(Gpu, problems, Names.Gpu);
            if (gpu is not null)
            {
                system = ClusterPlanner.ResolveSystem(catalog, gpu, System, defaults, problems, Names.System);
            }
        }

        FabricSpec? fabric = null;
        if (system is not null)
        {
            fabric = ClusterPlanner.ResolveFabric(catalog, system, Fabric, problems, Names.Fabric);
        }

        if (problems.HasErrors || target is null || gpu is null || system is null || fabric is null)
        {
            return null;
        }

        var path = target switch
        {
            PlanTarget.Budget => Names.Budget,
            PlanTarget.Power => Names.Power,
            _ => Names.Gpus,
        };
        return new PlanInput(target, new PlanOptions
        {
            Gpu = gpu,
            System = system,
            Fabric = fabric,
            Defaults = defaults,
            Years = years,
            BatteryCapacity = Energy.FromKilowattHours(batteryMwh * 1e3),
            BatteryPower = batteryMw is { } bmw ? Watts.FromMegawatts(bmw) : null,
            OnsiteGeneration = Watts.FromMegawatts(onsiteMw),
            Topology = topology,
        }, path, gridMw is { } g ? Watts.FromMegawatts(g) : null);
    }

    private static double? Positive(Problems problems, string name, string text, string expected)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || Count.TryParse(text, out value, out _))
        {
            if (double.IsFinite(value) && value > 0)
            {
                return value;
            }
        }

        problems.Error(name, $"expected {expected}, found '{text}'");
        return null;
    }

    private static double? Number(Problems problems, string name, string? text, NumberLimit limit, string? expectation = null)
    {
        if (text is null)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && limit.Contains(value))
        {
            return value;
        }

        problems.Error(name, $"expected {expectation ?? limit.Expectation}, found '{text}'");
        return null;
    }
}

/// <summary>A checked plan request: what to size by, with what, the path of the target's problems and the grid to check against.</summary>
/// <param name="Target">What the plan is sized by.</param>
/// <param name="Options">Hardware, money and power choices.</param>
/// <param name="TargetPath">The option that gave the target (<c>--budget-usd</c>, …), the path of its problems.</param>
/// <param name="Grid">The grid connection available; <see langword="null"/> when not given.</param>
public sealed record PlanInput(PlanTarget Target, PlanOptions Options, string TargetPath, Watts? Grid);
