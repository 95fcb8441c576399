using System.CommandLine;
using System.Globalization;
using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Facility;
using Colossim.Units;
using Spectre.Console;

using static Colossim.Cli.Numbers;

namespace Colossim.Cli.Commands;

/// <summary><c>colossim plan</c>: what a budget, a power envelope or a GPU count buys (Build).</summary>
internal static class PlanCommand
{
    // The options, by name (see Create).
    private const string BudgetFlag = "--budget-usd";
    private const string PowerFlag = "--power-mw";
    private const string GpusFlag = "--gpus";
    private const string GpuFlag = "--gpu";
    private const string SystemFlag = "--system";
    private const string FabricFlag = "--fabric";
    private const string PueFlag = "--pue";
    private const string PriceFlag = "--usd-per-kwh";
    private const string YearsFlag = "--years";
    private const string UtilizationFlag = "--utilization";
    private const string OversubscriptionFlag = "--oversubscription";
    private const string BatteryFlag = "--battery-mwh";
    private const string BatteryPowerFlag = "--battery-mw";
    private const string OnsiteFlag = "--onsite-mw";
    private const string SiteMaxFlag = "--site-max-mw";
    private const string DefaultsFlag = "--defaults";

    public static Command Create(CliContext context)
    {
        var command = new Command("plan", """
            Build: what a budget, a power envelope or a GPU count buys. Sizes the cluster (GPUs, nodes or NVL72 racks,
            scalable units, rows, buildings, sites), its rail-optimised fat tree (tiers, switches, optics, bandwidth per
            GPU), its power (IT and facility, cooling) and its money (capex by category, opex per year, TCO, $/GPU-hour).
            Every assumption and its source is in data/facility/defaults.yaml and the catalog.

            Examples:
              colossim plan --budget-usd 30B --gpu gb200
              colossim plan --gpus 100000 --gpu h100-sxm --system hgx-h100 --fabric ethernet
              colossim plan --power-mw 150 --gpu h200-sxm --pue 1.3 --format json
            """);
        // Created per command tree (a symbol records its parents: sharing one across trees built in parallel would race);
        // read back by name.
        Option[] options =
        [
            new Option<string>(BudgetFlag) { Description = "Capex to spend: $30B, 30e9, $2.5M", HelpName = "USD" },
            new Option<string>(PowerFlag) { Description = "Facility power envelope in MW at nameplate (IT x PUE)", HelpName = "MW" },
            new Option<string>(GpusFlag) { Description = "GPU count: 100000, 100k (rounded up to whole nodes or racks)", HelpName = "N" },
            new Option<string>(GpuFlag) { Description = "GPU: a catalog id (h100-sxm, gb200) or a YAML file", HelpName = "GPU" },
            new Option<string>(SystemFlag) { Description = "System holding the GPUs: a catalog id (dgx-h100, gb200-nvl72) or a YAML file; default: the first catalog system holding the GPU", HelpName = "SYSTEM" },
            new Option<string>(FabricFlag) { Description = "Scale-out fabric: infiniband, ethernet, a catalog id or a YAML file", HelpName = "infiniband|ethernet", DefaultValueFactory = _ => "infiniband" },
            new Option<string>(PueFlag) { Description = "Power usage effectiveness (>= 1); default from data/facility/defaults.yaml (1.2)", HelpName = "PUE" },
            new Option<string>(PriceFlag) { Description = "Electricity price; default 0.08", HelpName = "USD" },
            new Option<string>(YearsFlag) { Description = "Years of ownership for the TCO; default 5", HelpName = "YEARS" },
            new Option<string>(UtilizationFlag) { Description = "Share of GPU-hours used, for the cost per GPU-hour (0-1]; default 0.8", HelpName = "U" },
            new Option<string>(OversubscriptionFlag) { Description = "Oversubscription above a pod (1 = non-blocking; Meta: 7)", HelpName = "R" },
            new Option<string>(BatteryFlag) { Description = "Battery capacity on site, MWh", HelpName = "MWH" },
            new Option<string>(BatteryPowerFlag) { Description = "Battery power, MW; default capacity x 0.487 (a 2-hour Megapack)", HelpName = "MW" },
            new Option<string>(OnsiteFlag) { Description = "On-site generation (gas turbines), MW", HelpName = "MW" },
            new Option<string>(SiteMaxFlag) { Description = "Facility power of one site at most, MW; default 1200", HelpName = "MW" },
            new Option<string>(DefaultsFlag) { Description = "A file in the shape of data/facility/defaults.yaml whose values replace the built-in assumptions", HelpName = "FILE" },
        ];
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var catalog = CliContext.Catalog(parse);
            var problems = new Problems();
            var request = Read(parse, catalog, problems);
            if (problems.HasErrors || request is null)
            {
                return context.Report(problems);
            }

            var path = request.Value.Target switch
            {
                PlanTarget.Budget => "--budget-usd",
                PlanTarget.Power => "--power-mw",
                _ => "--gpus",
            };
            var plan = ClusterPlanner.Plan(request.Value.Target, request.Value.Options, problems, path);
            if (problems.HasErrors || plan is null)
            {
                return context.Report(problems);
            }

            context.Report(problems);
            if (CliContext.Format(parse) == OutputFormat.Json)
            {
                context.WriteJson(Json(plan, request.Value.Options.Fabric));
            }
            else
            {
                WriteText(context, plan);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The plan as the JSON contract of issue 4: counts, network, power, capex, opex, TCO and $/GPU-hour.</summary>
    private static Dictionary<string, object?> Json(ClusterPlan plan, FabricSpec fabric)
    {
        var net = plan.Network;
        var p = plan.Power;
        var capex = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, amount) in plan.Capex.Categories)
        {
            capex[name] = Dollars(amount);
        }

        capex["total"] = Dollars(plan.Capex.Total);
        var opex = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, amount) in plan.Opex.Categories)
        {
            opex[name] = Dollars(amount);
        }

        opex["total"] = Dollars(plan.Opex.Total);
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["gpu"] = plan.Gpu.Id,
            ["system"] = plan.System.Id,
            ["fabric"] = fabric.Id,
            ["gpus"] = plan.Gpus,
            ["nodes"] = plan.Nodes,
            ["racks"] = plan.Racks,
            ["scalable_units"] = plan.ScalableUnits,
            ["rows"] = plan.Rows,
            ["buildings"] = plan.Buildings,
            ["sites"] = plan.Sites,
            ["rack_kw"] = Round(plan.RackPower.Value / 1e3, 3),
            ["cooling"] = plan.Cooling.Name(),
            ["network"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["fabric"] = fabric.Id,
                ["tiers"] = net.Tiers,
                ["switches"] = net.Levels.ToDictionary(l => l.Name, l => l.Switches, StringComparer.Ordinal),
                ["switches_total"] = net.Switches,
                ["radix"] = net.Radix,
                ["link_gbps"] = Round(net.LinkBandwidth.GigabitsPerSecond, 3),
                ["cables"] = net.Cables,
                ["transceivers"] = net.Transceivers,
                ["transceivers_per_gpu"] = Round(net.Transceivers / (double)plan.Gpus, 4),
                ["scale_out_gbps_per_gpu"] = Round(net.ScaleOutPerGpu.GigabitsPerSecond, 3),
                ["bisection_gbps_per_gpu"] = Round(net.BisectionPerGpu.GigabitsPerSecond, 3),
                ["oversubscription"] = net.Oversubscription,
                ["pods"] = net.Pods,
                ["power_mw"] = Round(net.Power.Megawatts, 4),
                ["cost_usd"] = Dollars(net.Cost),
            },
            ["power"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["it_mw"] = Round(p.It.Megawatts, 4),
                ["facility_mw"] = Round(p.Facility.Megawatts, 4),
                ["per_gpu_kw"] = Round(plan.ItPerGpu.Value / 1e3, 4),
                ["facility_per_gpu_kw"] = Round(p.Facility.Value / 1e3 / plan.Gpus, 4),
                ["compute_mw"] = Round(p.Compute.Megawatts, 4),
                ["network_mw"] = Round(p.Network.Megawatts, 4),
                ["storage_mw"] = Round(p.Storage.Megawatts, 4),
                ["pue"] = p.Pue,
                ["average_it_mw"] = Round(p.AverageIt.Megawatts, 4),
                ["average_facility_mw"] = Round(p.AverageFacility.Megawatts, 4),
                ["grid_mw"] = Round(p.Grid.Megawatts, 4),
                ["onsite_generation_mw"] = Round(p.OnsiteGeneration.Megawatts, 4),
                ["battery_mw"] = Round(p.BatteryPower.Megawatts, 4),
                ["battery_mwh"] = Round(p.BatteryCapacity.MegawattHours, 4),
            },
            ["capex_usd"] = capex,
            ["opex_usd_per_year"] = Dollars(plan.Opex.Total),
            ["opex_by_category_usd_per_year"] = opex,
            ["depreciation_usd_per_year"] = Dollars(plan.DepreciationPerYear),
            ["tco_usd"] = Dollars(plan.Tco),
            ["years"] = plan.Years,
            ["utilization"] = plan.Utilization,
            ["usd_per_kwh"] = plan.UsdPerKilowattHour,
            ["usd_per_gpu_hour"] = Round(plan.UsdPerGpuHour.Dollars, 4),
            ["energy_mwh_per_year"] = Round(plan.EnergyPerYear.MegawattHours, 1),
            ["co2_tonnes_per_year"] = Round(plan.TonnesCo2PerYear, 1),
            ["notes"] = plan.Notes,
        };
    }

    private readonly record struct Request(PlanTarget Target, PlanOptions Options);

    private static Request? Read(ParseResult parse, ColossimCatalog catalog, Problems problems)
    {
        var given = new List<string>();
        PlanTarget? target = null;
        if (parse.GetValue<string>(BudgetFlag) is { } budgetText)
        {
            given.Add("--budget-usd");
            if (budgetText.TrimStart().StartsWith('-'))
            {
                problems.Error("--budget-usd", $"expected an amount of money above zero, found '{budgetText}'");
            }
            else if (!Usd.TryParse(budgetText, out var budget, out var error))
            {
                problems.Error("--budget-usd", error);
            }
            else if (budget.Dollars <= 0)
            {
                problems.Error("--budget-usd", $"expected an amount of money above zero, found '{budgetText}'");
            }
            else
            {
                target = new PlanTarget.Budget(budget);
            }
        }

        if (parse.GetValue<string>(PowerFlag) is { } powerText)
        {
            given.Add("--power-mw");
            if (Positive(problems, "--power-mw", powerText, "a power in MW above zero") is { } mw)
            {
                target = new PlanTarget.Power(Watts.FromMegawatts(mw));
            }
        }

        if (parse.GetValue<string>(GpusFlag) is { } gpusText)
        {
            given.Add("--gpus");
            if (Positive(problems, "--gpus", gpusText, "a GPU count above zero") is { } n)
            {
                if (n != Math.Floor(n) || n > 1e12)
                {
                    problems.Error("--gpus", $"expected a whole GPU count, found '{gpusText}'");
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
            problems.Error("", $"expected exactly one of --budget-usd, --power-mw or --gpus, found {found}");
        }

        var defaults = FacilityDefaults.BuiltIn;
        if (parse.GetValue<string>(DefaultsFlag) is { } defaultsFile)
        {
            defaults = defaults.WithFile(defaultsFile, problems);
        }

        if (Optional(parse, PueFlag, problems, 1, 5, "a PUE of at least 1 (facility power / IT power)") is { } pue)
        {
            defaults = defaults with { Pue = pue };
        }

        if (Optional(parse, PriceFlag, problems, 0, 10, "an electricity price in USD per kWh between 0 and 10") is { } price)
        {
            defaults = defaults with { UsdPerKilowattHour = price };
        }

        if (Optional(parse, UtilizationFlag, problems, 0.01, 1, "a utilization above 0 and at most 1") is { } utilization)
        {
            defaults = defaults with { Utilization = utilization };
        }

        if (Optional(parse, OversubscriptionFlag, problems, 1, 64, "an oversubscription ratio between 1 and 64") is { } ratio)
        {
            defaults = defaults with { Oversubscription = ratio };
        }

        if (Optional(parse, SiteMaxFlag, problems, 0.001, 1e6, "a site power in MW above zero") is { } siteMax)
        {
            defaults = defaults with { SiteMaxPower = Watts.FromMegawatts(siteMax) };
        }

        var years = Optional(parse, YearsFlag, problems, 0.1, 100, "a number of years between 0.1 and 100") ?? 5;
        var batteryMwh = Optional(parse, BatteryFlag, problems, 0, 1e7, "a battery capacity in MWh of at least 0") ?? 0;
        var batteryMw = Optional(parse, BatteryPowerFlag, problems, 0, 1e7, "a battery power in MW of at least 0");
        var onsiteMw = Optional(parse, OnsiteFlag, problems, 0, 1e7, "an on-site generation in MW of at least 0") ?? 0;

        var gpuText = parse.GetValue<string>(GpuFlag);
        var systemText = parse.GetValue<string>(SystemFlag);
        GpuSpec? gpu = null;
        SystemSpec? system = null;
        if (gpuText is null && systemText is null)
        {
            problems.Error("--gpu", "is required (a catalog id such as h100-sxm, or a YAML file); see 'colossim catalog gpus'");
        }
        else if (gpuText is null)
        {
            system = catalog.ResolveSystem(systemText!, problems, "--system");
            if (system is not null)
            {
                gpu = catalog.ResolveGpu(system.Gpu, problems, "--system");
            }
        }
        else
        {
            gpu = catalog.ResolveGpu(gpuText, problems, "--gpu");
            if (gpu is not null)
            {
                system = ClusterPlanner.ResolveSystem(catalog, gpu, systemText, defaults, problems, "--system");
            }
        }

        FabricSpec? fabric = null;
        if (system is not null)
        {
            fabric = ClusterPlanner.ResolveFabric(catalog, system, parse.GetValue<string>(FabricFlag) ?? "infiniband", problems, "--fabric");
        }

        if (problems.HasErrors || target is null || gpu is null || system is null || fabric is null)
        {
            return null;
        }

        return new Request(target, new PlanOptions
        {
            Gpu = gpu,
            System = system,
            Fabric = fabric,
            Defaults = defaults,
            Years = years,
            BatteryCapacity = new Energy(batteryMwh * 3.6e9),
            BatteryPower = batteryMw is { } bmw ? Watts.FromMegawatts(bmw) : null,
            OnsiteGeneration = Watts.FromMegawatts(onsiteMw),
        });
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

    private static double? Optional(ParseResult parse, string option, Problems problems, double min, double max, string expected)
    {
        if (parse.GetValue<string>(option) is not { } text)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value >= min && value <= max)
        {
            return value;
        }

        problems.Error(option, $"expected {expected}, found '{text}'");
        return null;
    }

    private static void WriteText(CliContext context, ClusterPlan plan)
    {
        var c = context.Console;
        var net = plan.Network;
        var p = plan.Power;
        c.WriteLine($"{N(plan.Gpus)} x {plan.Gpu.Id} in {N(plan.Nodes)} nodes of {plan.System.Id} ({plan.System.Name}), bought in units of {plan.GpusPerUnit} GPUs");
        var layout = new Table().Title("Layout").AddColumns("racks", "rack kW", "cooling", "scalable units", "rows", "buildings", "sites");
        layout.AddRow(N(plan.Racks), F(plan.RackPower.Value / 1e3, "0.0"), plan.Cooling.Name(), N(plan.ScalableUnits), N(plan.Rows), N(plan.Buildings), N(plan.Sites));
        c.Write(layout);

        var network = new Table().Title($"Network: {net.Fabric.Name}, {net.Tiers}-tier rail-optimised fat tree, radix {net.Radix} x {F(net.LinkBandwidth.GigabitsPerSecond, "0")} Gb/s")
            .AddColumns("tier", "switches", "down ports", "up ports", "links below");
        foreach (var level in net.Levels)
        {
            network.AddRow(level.Name, N(level.Switches), N(level.DownPorts), N(level.UpPorts), N(level.LinksDown));
        }

        network.AddRow("total", N(net.Switches), "", "", N(net.Cables));
        c.Write(network);
        c.WriteLine($"transceivers {N(net.Transceivers)} ({F(net.Transceivers / (double)plan.Gpus, "0.00")} per GPU); scale-out {F(net.ScaleOutPerGpu.GigabitsPerSecond, "0")} Gb/s per GPU, {F(net.BisectionPerGpu.GigabitsPerSecond, "0")} Gb/s across pods (oversubscription {F(net.Oversubscription, "0.##")}:1, {N(net.Pods)} pods)");

        var power = new Table().Title($"Power (PUE {F(p.Pue, "0.00")})").AddColumns("", "nameplate MW", "average MW");
        power.AddRow("compute", F(p.Compute.Megawatts, "0.000"), "");
        power.AddRow("network", F(p.Network.Megawatts, "0.000"), "");
        power.AddRow("storage", F(p.Storage.Megawatts, "0.000"), "");
        power.AddRow("IT", F(p.It.Megawatts, "0.000"), F(p.AverageIt.Megawatts, "0.000"));
        power.AddRow("facility", F(p.Facility.Megawatts, "0.000"), F(p.AverageFacility.Megawatts, "0.000"));
        power.AddRow("grid connection", F(p.Grid.Megawatts, "0.000"), "");
        c.Write(power);
        c.WriteLine($"per GPU: {F(plan.ItPerGpu.Value / 1e3, "0.000")} kW IT, {F(p.Facility.Value / 1e3 / plan.Gpus, "0.000")} kW facility; average at {F(plan.Utilization * 100, "0")}% utilization");

        var money = new Table().Title("Money").AddColumns("capex", "USD", "share");
        foreach (var (name, amount) in plan.Capex.Categories)
        {
            money.AddRow(name, amount.ToDisplayString(), F(amount / plan.Capex.Total * 100, "0.0") + "%");
        }

        money.AddRow("total", plan.Capex.Total.ToDisplayString(), "100%");
        c.Write(money);
        var opex = new Table().Title("Opex per year").AddColumns("category", "USD/yr");
        foreach (var (name, amount) in plan.Opex.Categories)
        {
            opex.AddRow(name, amount.ToDisplayString());
        }

        opex.AddRow("total", plan.Opex.Total.ToDisplayString());
        c.Write(opex);
        c.WriteLine($"depreciation {plan.DepreciationPerYear.ToDisplayString()}/yr; TCO over {F(plan.Years, "0.#")} years {plan.Tco.ToDisplayString()}; cost per GPU-hour ${F(plan.UsdPerGpuHour.Dollars, "0.000")} at {F(plan.Utilization * 100, "0")}% utilization");
        c.WriteLine($"energy {F(plan.EnergyPerYear.MegawattHours / 1e3, "#,0.0")} GWh/yr at ${F(plan.UsdPerKilowattHour, "0.000")}/kWh; {F(plan.TonnesCo2PerYear / 1e3, "#,0.0")} kt CO2/yr");
        foreach (var note in plan.Notes)
        {
            c.WriteLine($"note: {note}");
        }
    }

    private static double Dollars(Usd amount) => Math.Round(amount.Dollars, 0);

    private static double Round(double value, int digits) => Math.Round(value, digits);
}
