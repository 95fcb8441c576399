using Colossim.Catalog;
using Colossim.Units;

namespace Colossim.Facility;

/// <summary>Air or liquid cooling.</summary>
public enum Cooling
{
    /// <summary>Air (with containment or rear-door heat exchangers).</summary>
    Air,

    /// <summary>Direct liquid cooling.</summary>
    Liquid,
}

/// <summary>Names of <see cref="Cooling"/> as catalog files, reports and JSON write them.</summary>
public static class CoolingNames
{
    /// <summary><c>air</c> or <c>liquid</c>.</summary>
    public static string Name(this Cooling cooling) => cooling == Cooling.Liquid ? "liquid" : "air";
}

/// <summary>Power of a cluster: at nameplate (what the facility and grid connection are sized for) and on average at a utilisation.</summary>
public sealed record PowerPlan
{
    /// <summary>Nodes at nameplate power (GPUs, CPUs, memory, fans, NICs).</summary>
    public required Watts Compute { get; init; }

    /// <summary>Switches and optics.</summary>
    public required Watts Network { get; init; }

    /// <summary>Storage.</summary>
    public required Watts Storage { get; init; }

    /// <summary>All IT equipment at nameplate.</summary>
    public Watts It => Compute + Network + Storage;

    /// <summary>Power usage effectiveness (≥ 1).</summary>
    public required double Pue { get; init; }

    /// <summary>The facility at nameplate IT load: IT × PUE.</summary>
    public Watts Facility => It * Pue;

    /// <summary>IT power averaged over a year at the plan's utilisation (busy nodes at their measured draw, the rest idle).</summary>
    public required Watts AverageIt { get; init; }

    /// <summary>Facility power averaged over a year: average IT × PUE.</summary>
    public Watts AverageFacility => AverageIt * Pue;

    /// <summary>On-site generation (gas turbines), part of what feeds the facility.</summary>
    public required Watts OnsiteGeneration { get; init; }

    /// <summary>Battery power (discharge rate).</summary>
    public required Watts BatteryPower { get; init; }

    /// <summary>Battery capacity.</summary>
    public required Energy BatteryCapacity { get; init; }

    /// <summary>The grid connection: facility at nameplate less on-site generation (never below zero).</summary>
    public Watts Grid => Facility - OnsiteGeneration is var grid && grid < Watts.Zero ? Watts.Zero : grid;
}

/// <summary>Capital expenditure by category; every dollar is in exactly one category.</summary>
public sealed record CapexBreakdown
{
    /// <summary>The GPUs (at the GPU's catalog price, at most the node price).</summary>
    public required Usd Gpus { get; init; }

    /// <summary>The rest of the servers (node price less its GPUs).</summary>
    public required Usd Servers { get; init; }

    /// <summary>Switches and optics.</summary>
    public required Usd Network { get; init; }

    /// <summary>Storage.</summary>
    public required Usd Storage { get; init; }

    /// <summary>Shell, power and cooling plant, per MW of IT load.</summary>
    public required Usd Facility { get; init; }

    /// <summary>Batteries.</summary>
    public required Usd Batteries { get; init; }

    /// <summary>On-site generation.</summary>
    public required Usd Generation { get; init; }

    /// <summary>Everything.</summary>
    public Usd Total => Gpus + Servers + Network + Storage + Facility + Batteries + Generation;

    /// <summary>The IT hardware (GPUs, servers, network, storage).</summary>
    public Usd ItHardware => Gpus + Servers + Network + Storage;

    /// <summary>The categories by name (<c>gpus</c>, <c>servers</c>, …), in report order.</summary>
    public IReadOnlyList<KeyValuePair<string, Usd>> Categories =>
    [
        new("gpus", Gpus), new("servers", Servers), new("network", Network), new("storage", Storage),
        new("facility", Facility), new("batteries", Batteries), new("generation", Generation),
    ];
}

/// <summary>Operating expenditure per year, by category.</summary>
public sealed record OpexBreakdown
{
    /// <summary>Electricity bought from the grid for the average facility draw (less what on-site generation supplies).</summary>
    public required Usd Energy { get; init; }

    /// <summary>IT hardware support and spares.</summary>
    public required Usd Maintenance { get; init; }

    /// <summary>Facility operations and maintenance.</summary>
    public required Usd FacilityOperations { get; init; }

    /// <summary>Battery maintenance.</summary>
    public required Usd Batteries { get; init; }

    /// <summary>Fuel for the energy generated on site (gas turbines); zero without on-site generation.</summary>
    public Usd Fuel { get; init; }

    /// <summary>Everything, per year.</summary>
    public Usd Total => Energy + Maintenance + FacilityOperations + Batteries + Fuel;

    /// <summary>The categories by name, in report order.</summary>
    public IReadOnlyList<KeyValuePair<string, Usd>> Categories =>
    [
        new("energy", Energy), new("fuel", Fuel), new("maintenance", Maintenance), new("facility_operations", FacilityOperations), new("batteries", Batteries),
    ];
}

/// <summary>One capex category paid off over its life at the cost of capital.</summary>
/// <param name="Category">The category (<c>gpus</c>, <c>facility</c>, …).</param>
/// <param name="Capex">What it costs up front.</param>
/// <param name="LifeYears">Its life (depreciation years), years.</param>
/// <param name="PerYear">Capex × the capital recovery factor at the plan's WACC over its life, per year.</param>
public sealed record AnnualizedCapex(string Category, Usd Capex, double LifeYears, Usd PerYear);

/// <summary>
/// What a budget, a power envelope or a GPU count buys: GPUs, nodes, racks and their cooling, scalable units, rows,
/// buildings and sites; the scale-out network; power; capex, opex, TCO and the cost per GPU-hour.
/// </summary>
public sealed record ClusterPlan
{
    /// <summary>The GPU.</summary>
    public required GpuSpec Gpu { get; init; }

    /// <summary>The system the GPUs are bought in.</summary>
    public required SystemSpec System { get; init; }

    /// <summary>GPUs, a whole number of purchase units (nodes, or racks for rack-scale systems).</summary>
    public required long Gpus { get; init; }

    /// <summary>GPUs in one purchase unit (8 for a DGX; 72 for an NVL72 rack).</summary>
    public required int GpusPerUnit { get; init; }

    /// <summary>Nodes (servers or compute trays).</summary>
    public required long Nodes { get; init; }

    /// <summary>Compute racks.</summary>
    public required long Racks { get; init; }

    /// <summary>Nameplate power of one full rack.</summary>
    public required Watts RackPower { get; init; }

    /// <summary>How the racks are cooled.</summary>
    public required Cooling Cooling { get; init; }

    /// <summary>Scalable units (the vendor's building block).</summary>
    public required long ScalableUnits { get; init; }

    /// <summary>Rows of racks.</summary>
    public required long Rows { get; init; }

    /// <summary>Buildings (data halls), by facility power.</summary>
    public required long Buildings { get; init; }

    /// <summary>Sites (campuses), by facility power; more than one when a site's power cap is exceeded.</summary>
    public required long Sites { get; init; }

    /// <summary>The scale-out network.</summary>
    public required NetworkPlan Network { get; init; }

    /// <summary>Power.</summary>
    public required PowerPlan Power { get; init; }

    /// <summary>Capital expenditure.</summary>
    public required CapexBreakdown Capex { get; init; }

    /// <summary>Operating expenditure per year.</summary>
    public required OpexBreakdown Opex { get; init; }

    /// <summary>Straight-line depreciation per year over each category's life (the accounting figure; no cost of capital).</summary>
    public required Usd DepreciationPerYear { get; init; }

    /// <summary>Years of ownership the TCO covers.</summary>
    public required double Years { get; init; }

    /// <summary>Share (0-1] of GPU-hours sold or used.</summary>
    public required double Utilization { get; init; }

    /// <summary>Electricity price, US dollars per kWh.</summary>
    public required double UsdPerKilowattHour { get; init; }

    /// <summary>Energy drawn from the grid and generation per year (average facility power × 8,766 h).</summary>
    public required Energy EnergyPerYear { get; init; }

    /// <summary>CO2 emitted per year, tonnes (grid energy at the grid's intensity, on-site generation at gas's).</summary>
    public required double TonnesCo2PerYear { get; init; }

    /// <summary>Notes on how the request was met (rounding to whole units, a site cap exceeded, …).</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>What a busy GPU draws in the average power (energy, opex, $/GPU-hour), and the step it comes from; <see langword="null"/> only for plans built by hand.</summary>
    public GpuWorkPower? Work { get; init; }

    /// <summary>Cost of capital, per year (0-1): the rate at which capex is annualised.</summary>
    public required double Wacc { get; init; }

    /// <summary>Each capex category annualised over its own life at <see cref="Wacc"/>, in <see cref="CapexBreakdown.Categories"/> order.</summary>
    public required IReadOnlyList<AnnualizedCapex> AnnualizedCapex { get; init; }

    /// <summary>All capex annualised: Σ <see cref="AnnualizedCapex"/>.</summary>
    public Usd AnnualizedCapexTotal => AnnualizedCapex.Aggregate(Usd.Zero, (sum, c) => sum + c.PerYear);

    /// <summary>What owning and running the cluster costs per year: annualised capex + opex.</summary>
    public Usd CostPerYear => AnnualizedCapexTotal + Opex.Total;

    /// <summary>GPU-hours used per year: GPUs × 8,766 h × utilisation.</summary>
    public double GpuHoursPerYear => Gpus * ClusterPlanner.HoursPerYear * Utilization;

    /// <summary>
    /// Cash spent over <see cref="Years"/>: capex + years × opex, undiscounted. It counts the facility's whole price
    /// although the facility outlives the years; <see cref="UsdPerGpuHour"/> is the figure to quote for the cost of compute.
    /// </summary>
    public Usd Tco => Capex.Total + (Opex.Total * Years);

    /// <summary>
    /// Cost of one used GPU-hour: <see cref="CostPerYear"/> / <see cref="GpuHoursPerYear"/>, capex annualised over each
    /// category's life at <see cref="Wacc"/>. The number the training and serving models use for cost.
    /// </summary>
    public Usd UsdPerGpuHour => CostPerYear / GpuHoursPerYear;

    /// <summary>IT power per GPU at nameplate, all in (server share, network, storage).</summary>
    public Watts ItPerGpu => Power.It / Gpus;
}
