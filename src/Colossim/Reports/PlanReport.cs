using Colossim.Documents;
using Colossim.Facility;
using Colossim.Units;

using static Colossim.Reports.Figures;

namespace Colossim.Reports;

/// <summary>
/// <c>colossim plan</c>'s result as programs and people see it: the JSON contract (<see cref="Json"/>, SI base units
/// with the unit in the key, as <c>run</c>'s: <c>rack_w</c>, <c>link_bits_per_s</c>, <c>energy_j_per_year</c>) and
/// the text report (<see cref="Blocks"/>, MW and kW for people).
/// </summary>
public static class PlanReport
{
    /// <summary>The plan as its JSON document: counts, network, power, capex, opex, the cost per year behind the cost per GPU-hour, TCO.</summary>
    public static Dictionary<string, object?> Json(ClusterPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var net = plan.Network;
        var p = plan.Power;
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["gpu"] = plan.Gpu.Id,
            ["system"] = plan.System.Id,
            ["fabric"] = net.Fabric.Id,
            ["gpus"] = plan.Gpus,
            ["nodes"] = plan.Nodes,
            ["racks"] = plan.Racks,
            ["scalable_units"] = plan.ScalableUnits,
            ["rows"] = plan.Rows,
            ["buildings"] = plan.Buildings,
            ["sites"] = plan.Sites,
            ["rack_w"] = W(plan.RackPower),
            ["cooling"] = plan.Cooling.Name(),
            ["network"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["fabric"] = net.Fabric.Id,
                ["topology"] = EnumNames.Of(net.Topology),
                ["trees"] = net.Trees,
                ["tiers"] = net.Tiers,
                ["switches"] = net.Levels.ToDictionary(l => l.Name, l => l.Switches, StringComparer.Ordinal),
                ["switches_total"] = net.Switches,
                ["radix"] = net.Radix,
                ["link_bits_per_s"] = Bits(net.LinkBandwidth),
                ["cables"] = net.Cables,
                ["transceivers"] = net.Transceivers,
                ["transceivers_per_gpu"] = Math.Round(net.Transceivers / (double)plan.Gpus, 4),
                ["scale_out_bits_per_s_per_gpu"] = Bits(net.ScaleOutPerGpu),
                ["bisection_bits_per_s_per_gpu"] = Bits(net.BisectionPerGpu),
                ["oversubscription"] = net.Oversubscription,
                ["pods"] = net.Pods,
                ["power_w"] = W(net.Power),
                ["cost_usd"] = Dollars(net.Cost),
            },
            ["power"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["it_w"] = W(p.It),
                ["facility_w"] = W(p.Facility),
                ["per_gpu_w"] = Math.Round(plan.ItPerGpu.Value, 1),
                ["facility_per_gpu_w"] = Math.Round(p.Facility.Value / plan.Gpus, 1),
                ["compute_w"] = W(p.Compute),
                ["network_w"] = W(p.Network),
                ["storage_w"] = W(p.Storage),
                ["pue"] = p.Pue,
                ["average_it_w"] = W(p.AverageIt),
                ["average_facility_w"] = W(p.AverageFacility),
                ["busy_gpu_w"] = plan.Work is { } work ? Math.Round(work.Busy.Value, 1) : null,
                ["busy_gpu_activity"] = plan.Work?.Activity,
                ["grid_w"] = W(p.Grid),
                ["onsite_generation_w"] = W(p.OnsiteGeneration),
                ["battery_w"] = W(p.BatteryPower),
                ["battery_j"] = Math.Round(p.BatteryCapacity.Joules, 0),
            },
            ["capex_usd"] = Categories(plan.Capex.Categories, plan.Capex.Total),
            ["opex_usd_per_year"] = Dollars(plan.Opex.Total),
            ["opex_by_category_usd_per_year"] = Categories(plan.Opex.Categories, plan.Opex.Total),
            ["depreciation_usd_per_year"] = Dollars(plan.DepreciationPerYear),
            ["cost_per_year"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["wacc"] = plan.Wacc,
                ["life_years"] = plan.AnnualizedCapex.ToDictionary(c => c.Category, c => c.LifeYears, StringComparer.Ordinal),
                ["capex_annualized_usd_per_year"] = Categories(plan.AnnualizedCapex.Select(c => new KeyValuePair<string, Usd>(c.Category, c.PerYear)), plan.AnnualizedCapexTotal),
                ["opex_usd_per_year"] = Dollars(plan.Opex.Total),
                ["total_usd_per_year"] = Dollars(plan.CostPerYear),
                ["gpu_hours_per_year"] = Math.Round(plan.GpuHoursPerYear, 0),
                ["usd_per_gpu_hour"] = Math.Round(plan.UsdPerGpuHour.Dollars, 4),
            },
            ["tco_usd"] = Dollars(plan.Tco),
            ["years"] = plan.Years,
            ["utilization"] = plan.Utilization,
            ["usd_per_kwh"] = plan.UsdPerKilowattHour,
            ["wacc"] = plan.Wacc,
            ["usd_per_gpu_hour"] = Math.Round(plan.UsdPerGpuHour.Dollars, 4),
            ["energy_j_per_year"] = Math.Round(plan.EnergyPerYear.Joules, 0),
            ["co2_tonnes_per_year"] = Math.Round(plan.TonnesCo2PerYear, 1),
            ["notes"] = plan.Notes,
        };
    }

    /// <summary>The plan for people: layout, network, power, money, the cost per year behind the cost per GPU-hour, and notes.</summary>
    public static IReadOnlyList<ReportBlock> Blocks(ClusterPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var net = plan.Network;
        var p = plan.Power;
        var blocks = new List<ReportBlock>
        {
            new ReportText($"{Whole(plan.Gpus)} x {plan.Gpu.Id} in {Count(plan.Nodes, "node")} of {plan.System.Id} ({plan.System.Name}), bought in units of {Count(plan.GpusPerUnit, "GPU")}"),
            new ReportTableBuilder("Layout").Columns("racks", "rack kW", "cooling", "scalable units", "rows", "buildings", "sites")
                .Row(Whole(plan.Racks), Fixed(plan.RackPower.Value / 1e3, "0.0"), plan.Cooling.Name(), Whole(plan.ScalableUnits), Whole(plan.Rows), Whole(plan.Buildings), Whole(plan.Sites))
                .Build(),
        };

        var shape = net.Topology == FabricTopology.RailOnly
            ? $"{Whole(net.Trees)} rails of {net.Tiers}-tier fat trees (rail-only)"
            : $"{net.Tiers}-tier {net.Topology.Words()}";
        var network = new ReportTableBuilder($"Network: {net.Fabric.Name}, {shape}, radix {net.Radix} x {Fixed(net.LinkBandwidth.GigabitsPerSecond, "0")} Gb/s")
            .Columns("tier", "switches", "down ports", "up ports", "links below");
        foreach (var level in net.Levels)
        {
            network.Row(level.Name, Whole(level.Switches), Whole(level.DownPorts), Whole(level.UpPorts), Whole(level.LinksDown));
        }

        network.Row("total", Whole(net.Switches), "", "", Whole(net.Cables));
        blocks.Add(network.Build());
        blocks.Add(new ReportText($"transceivers {Whole(net.Transceivers)} ({Fixed(net.Transceivers / (double)plan.Gpus, "0.00")} per GPU); scale-out {Fixed(net.ScaleOutPerGpu.GigabitsPerSecond, "0")} Gb/s per GPU, {Fixed(net.BisectionPerGpu.GigabitsPerSecond, "0")} Gb/s across pods (oversubscription {Fixed(net.Oversubscription, "0.##")}:1, {Count(net.Pods, "pod")})"));

        blocks.Add(new ReportTableBuilder($"Power (PUE {Fixed(p.Pue, "0.00")})").Columns("", "nameplate MW", "average MW")
            .Row("compute", Fixed(p.Compute.Megawatts, "#,0.000"), "")
            .Row("network", Fixed(p.Network.Megawatts, "#,0.000"), "")
            .Row("storage", Fixed(p.Storage.Megawatts, "#,0.000"), "")
            .Row("IT", Fixed(p.It.Megawatts, "#,0.000"), Fixed(p.AverageIt.Megawatts, "#,0.000"))
            .Row("facility", Fixed(p.Facility.Megawatts, "#,0.000"), Fixed(p.AverageFacility.Megawatts, "#,0.000"))
            .Row("grid connection", Fixed(p.Grid.Megawatts, "#,0.000"), "")
            .Build());
        blocks.Add(new ReportText($"per GPU: {Fixed(plan.ItPerGpu.Value / 1e3, "0.000")} kW IT, {Fixed(p.Facility.Value / 1e3 / plan.Gpus, "0.000")} kW facility; average at {Fixed(plan.Utilization * 100, "0")}% utilization"));
        if (plan.Work is { } busy)
        {
            blocks.Add(new ReportText($"busy GPUs: {busy.Describe()}"));
        }


        var money = new ReportTableBuilder("Money").Columns("capex", "USD", "share");
        foreach (var (name, amount) in plan.Capex.Categories)
        {
            money.Row(name, amount.ToDisplayString(), Fixed(amount / plan.Capex.Total * 100, "0.0") + "%");
        }

        money.Row("total", plan.Capex.Total.ToDisplayString(), "100%");
        blocks.Add(money.Build());
        var opex = new ReportTableBuilder("Opex per year").Columns("category", "USD/yr");
        foreach (var (name, amount) in plan.Opex.Categories)
        {
            opex.Row(name, amount.ToDisplayString());
        }

        opex.Row("total", plan.Opex.Total.ToDisplayString());
        blocks.Add(opex.Build());

        var perYear = new ReportTableBuilder($"Cost per year (capex over each life at {Fixed(plan.Wacc * 100, "0.##")}% WACC, plus opex)")
            .Columns("", "capex", "life (years)", "USD/yr");
        foreach (var c in plan.AnnualizedCapex)
        {
            perYear.Row(c.Category, c.Capex.ToDisplayString(), Fixed(c.LifeYears, "0.#"), c.PerYear.ToDisplayString());
        }

        perYear.Row("capex, annualised", plan.Capex.Total.ToDisplayString(), "", plan.AnnualizedCapexTotal.ToDisplayString());
        perYear.Row("opex", "", "", plan.Opex.Total.ToDisplayString());
        perYear.Row("total", "", "", plan.CostPerYear.ToDisplayString());
        blocks.Add(perYear.Build());
        blocks.Add(new ReportText($"cost per GPU-hour {plan.CostPerYear.ToDisplayString()}/yr / {Whole((long)Math.Round(plan.GpuHoursPerYear))} GPU-hours/yr ({Whole(plan.Gpus)} GPUs x {Whole((long)ClusterPlanner.HoursPerYear)} h x {Fixed(plan.Utilization * 100, "0")}% utilization) = ${Fixed(plan.UsdPerGpuHour.Dollars, "0.000")}"));
        blocks.Add(new ReportText($"TCO over {Fixed(plan.Years, "0.#")} years {plan.Tco.ToDisplayString()} (capex + {Fixed(plan.Years, "0.#")} x opex, cash, undiscounted; depreciation {plan.DepreciationPerYear.ToDisplayString()}/yr straight-line)"));
        blocks.Add(new ReportText($"quote the cost per GPU-hour for the price of compute (each asset over its life, with the cost of capital); the TCO is the cash spent in {Fixed(plan.Years, "0.#")} years"));
        blocks.Add(new ReportText($"energy {Fixed(plan.EnergyPerYear.MegawattHours / 1e3, "#,0.0")} GWh/yr at ${Fixed(plan.UsdPerKilowattHour, "0.000")}/kWh; {Fixed(plan.TonnesCo2PerYear / 1e3, "#,0.0")} kt CO2/yr"));
        foreach (var note in plan.Notes)
        {
            blocks.Add(new ReportText($"note: {note}"));
        }

        return blocks;
    }

    // "1 node", "512 nodes".
    internal static string Count(long n, string noun) => $"{Whole(n)} {noun}{(n == 1 ? "" : "s")}";

    private static Dictionary<string, double> Categories(IEnumerable<KeyValuePair<string, Usd>> categories, Usd total)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, amount) in categories)
        {
            result[name] = Dollars(amount);
        }

        result["total"] = Dollars(total);
        return result;
    }

    private static double W(Watts power) => Math.Round(power.Value, 0);

    private static double Bits(Bandwidth bandwidth) => Math.Round(bandwidth.BytesPerSecond * 8, 0);

    private static double Dollars(Usd amount) => Math.Round(amount.Dollars, 0);

}
