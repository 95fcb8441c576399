using Colossim.Documents;
using Colossim.Units;

namespace Colossim.Facility;

/// <summary>
/// Every number the Build and Power planner assumes when the user does not say otherwise, each with its source. The
/// built-in values come from <c>data/facility/defaults.yaml</c> (embedded in the library); a file of the same shape
/// replaces the values it gives (<see cref="WithDocument"/>). Immutable.
/// </summary>
public sealed record FacilityDefaults
{
    private static readonly Lazy<FacilityDefaults> BuiltInDefaults = new(LoadBuiltIn);

    /// <summary>The defaults shipped with Colossim.</summary>
    public static FacilityDefaults BuiltIn => BuiltInDefaults.Value;

    /// <summary>Power usage effectiveness: facility power / IT power, at least 1.</summary>
    public double Pue { get; init; } = 1.2;

    /// <summary>
    /// Catalog id of the model whose steps set a busy GPU's power when no workload names one (<c>colossim plan</c>, and
    /// the facility's default training and serving activity): <c>llama3-70b</c>. See <see cref="GpuWorkPower"/>.
    /// </summary>
    public string PowerModel { get; init; } = "llama3-70b";

    /// <summary>Tokens of the representative training step's micro-batch (1 to 1,048,576; 4096).</summary>
    public int PowerTrainingTokens { get; init; } = 4096;

    /// <summary>Sequences of the representative serving decode step (1 to 65,536; 64).</summary>
    public int PowerServingBatch { get; init; } = 64;

    /// <summary>Cached tokens per sequence of the representative serving decode step (0 to 1,048,576; 2048).</summary>
    public int PowerServingContext { get; init; } = 2048;

    /// <summary>GPU idle power as a fraction of TDP (0-1), used when the GPU entry has no idle power.</summary>
    public double GpuIdleFraction { get; init; } = 0.115;

    /// <summary>Share (0-1) of a node's non-GPU nameplate power (CPUs, memory, fans, NICs, PSU losses) drawn when busy.</summary>
    public double ServerRestBusyFraction { get; init; } = 0.458;

    /// <summary>Share (0-1) of a node's non-GPU nameplate power drawn when idle.</summary>
    public double ServerRestIdleFraction { get; init; } = 0.3;

    /// <summary>Storage power and capex as a fraction (0-1) of compute power and compute hardware.</summary>
    public double StorageFraction { get; init; } = 0.03;

    /// <summary>GPUs per node of the generic server used when no catalog system holds the GPU.</summary>
    public int GenericGpusPerNode { get; init; } = 8;

    /// <summary>Generic server nameplate power per GPU as a multiple of the GPU's TDP (Epoch: 1.8).</summary>
    public double GenericChipToServerPower { get; init; } = 1.8;

    /// <summary>Generic server price per GPU as a multiple of the GPU's price (Epoch: 1.64).</summary>
    public double GenericServerCostOverhead { get; init; } = 1.64;

    /// <summary>Racks drawing more than this are liquid-cooled.</summary>
    public Watts AirMaxRackPower { get; init; } = new(60e3);

    /// <summary>The IT power of one row of racks, at most.</summary>
    public Watts RowMaxPower { get; init; } = Watts.FromMegawatts(1.36);

    /// <summary>The facility power of one building, at most.</summary>
    public Watts BuildingMaxPower { get; init; } = Watts.FromMegawatts(150);

    /// <summary>The facility power of one site (campus), at most; more sites are planned above it.</summary>
    public Watts SiteMaxPower { get; init; } = Watts.FromMegawatts(1200);

    /// <summary>Oversubscription above a pod (1 = non-blocking; Meta uses 7).</summary>
    public double Oversubscription { get; init; } = 1;

    /// <summary>Electricity price in US dollars per kWh.</summary>
    public double UsdPerKilowattHour { get; init; } = 0.08;

    /// <summary>Facility capex (shell, power, cooling) per MW of IT load.</summary>
    public Usd FacilityUsdPerMegawatt { get; init; } = new(10.7e6);

    /// <summary>Battery capex per kWh of capacity, installed.</summary>
    public double BatteryUsdPerKilowattHour { get; init; } = 534;

    /// <summary>Battery power per unit of capacity, MW per MWh (a 2-hour battery: 0.5).</summary>
    public double BatteryMegawattsPerMegawattHour { get; init; } = 0.487;

    /// <summary>Battery round-trip efficiency (0-1].</summary>
    public double BatteryRoundTripEfficiency { get; init; } = 0.9;

    /// <summary>On-site generation capex per MW.</summary>
    public Usd GenerationUsdPerMegawatt { get; init; } = new(2e6);

    /// <summary>IT maintenance per year as a fraction of IT capex.</summary>
    public double MaintenanceFraction { get; init; } = 0.03;

    /// <summary>Facility operations per year as a fraction of facility capex.</summary>
    public double FacilityOperationsFraction { get; init; } = 0.02;

    /// <summary>Battery maintenance per year as a fraction of battery capex.</summary>
    public double BatteryMaintenanceFraction { get; init; } = 0.0042;

    /// <summary>Share (0-1] of GPU-hours that are sold or used, for the cost per GPU-hour.</summary>
    public double Utilization { get; init; } = 0.8;

    /// <summary>Cost of capital (WACC), per year (0-0.5): the rate capex is annualised at for the cost per GPU-hour.</summary>
    public double Wacc { get; init; } = 0.08;

    /// <summary>Fuel for on-site generation, US dollars per kWh generated (gas turbines).</summary>
    public double GenerationFuelUsdPerKilowattHour { get; init; } = 0.04;

    /// <summary>Straight-line depreciation life in years of each capex category (<c>gpus</c>, <c>servers</c>, …).</summary>
    public IReadOnlyDictionary<string, double> DepreciationYears { get; init; } = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["gpus"] = 5,
        ["servers"] = 5,
        ["network"] = 5,
        ["storage"] = 5,
        ["facility"] = 20,
        ["batteries"] = 15,
        ["generation"] = 20,
    };

    /// <summary>Grid carbon intensity, grams of CO2 per kWh.</summary>
    public double GridGramsCo2PerKilowattHour { get; init; } = 366;

    /// <summary>On-site generation (gas) carbon intensity, grams of CO2 per kWh.</summary>
    public double GenerationGramsCo2PerKilowattHour { get; init; } = 437;

    /// <summary>Duration of one synchronous training step when the workload does not say.</summary>
    public Duration TrainingStep { get; init; } = Duration.FromSeconds(6);

    /// <summary>Share (0-1) of a training step spent in the communication-heavy phase.</summary>
    public double TrainingCommunicationFraction { get; init; } = 0.2;

    /// <summary>Serving GPUs' utilisation (0-1) at the daily peak.</summary>
    public double ServingPeakUtilization { get; init; } = 0.9;

    /// <summary>Serving GPUs' utilisation (0-1) at the nightly trough.</summary>
    public double ServingTroughUtilization { get; init; } = 0.35;

    /// <summary>Local hour (0-24) of the serving peak.</summary>
    public double ServingPeakHour { get; init; } = 14;

    /// <summary>Where each figure comes from, keyed by <c>section.key</c> (<c>power.pue</c>).</summary>
    public IReadOnlyDictionary<string, string> Sources { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The capex categories with a depreciation life, in report order.</summary>
    public static IReadOnlyList<string> CapexCategories { get; } = ["gpus", "servers", "network", "storage", "facility", "batteries", "generation"];

    /// <summary>
    /// These defaults with the values given in <paramref name="root"/> (the shape of <c>data/facility/defaults.yaml</c>)
    /// put in their place. Problems (wrong types, out-of-range values, unknown keys) are recorded.
    /// </summary>
    public FacilityDefaults WithDocument(DocNode root, Problems problems)
    {
        if (MapReader.From(root, problems, "a mapping with sections power, generic_server, cooling, layout, network, money, depreciation_years, carbon, training, serving") is not { } r)
        {
            return this;
        }

        var d = this;
        var sources = new Dictionary<string, string>(Sources, StringComparer.Ordinal);
        if (Section(r, "power", sources) is { } p)
        {
            d = d with
            {
                Pue = p.Number("pue", min: FacilityLimits.Pue.Min, max: FacilityLimits.Pue.Max, expected: FacilityLimits.Pue.Expected) ?? d.Pue,
                PowerModel = StepModelName(p) ?? d.PowerModel,
                PowerTrainingTokens = p.Count("step_training_tokens", min: 1, max: 1 << 20) ?? d.PowerTrainingTokens,
                PowerServingBatch = p.Count("step_serving_batch", min: 1, max: 1 << 16) ?? d.PowerServingBatch,
                PowerServingContext = p.Count("step_serving_context", min: 0, max: 1 << 20) ?? d.PowerServingContext,
                GpuIdleFraction = Fraction(p, "gpu_idle_fraction") ?? d.GpuIdleFraction,
                ServerRestBusyFraction = Fraction(p, "server_rest_busy_fraction") ?? d.ServerRestBusyFraction,
                ServerRestIdleFraction = Fraction(p, "server_rest_idle_fraction") ?? d.ServerRestIdleFraction,
                StorageFraction = Fraction(p, "storage_fraction") ?? d.StorageFraction,
            };
            p.Finish();
        }

        if (Section(r, "generic_server", sources) is { } g)
        {
            d = d with
            {
                GenericGpusPerNode = g.Count("gpus_per_node", min: 1, max: 1024) ?? d.GenericGpusPerNode,
                GenericChipToServerPower = g.Number("chip_to_server_power", min: 1, max: 10, expected: "a ratio") ?? d.GenericChipToServerPower,
                GenericServerCostOverhead = g.Number("server_cost_overhead", min: 1, max: 10, expected: "a ratio") ?? d.GenericServerCostOverhead,
            };
            g.Finish();
        }

        if (Section(r, "cooling", sources) is { } c)
        {
            d = d with { AirMaxRackPower = c.Number("air_max_rack_kw", min: 0, max: 10_000, expected: "a rack power in kW") is { } kw ? new Watts(kw * 1e3) : d.AirMaxRackPower };
            c.Finish();
        }

        if (Section(r, "layout", sources) is { } l)
        {
            d = d with
            {
                RowMaxPower = Megawatts(l, "row_max_mw") ?? d.RowMaxPower,
                BuildingMaxPower = Megawatts(l, "building_max_mw") ?? d.BuildingMaxPower,
                SiteMaxPower = Megawatts(l, "site_max_mw") ?? d.SiteMaxPower,
            };
            l.Finish();
        }

        if (Section(r, "network", sources) is { } n)
        {
            d = d with { Oversubscription = n.Number("oversubscription", min: 1, max: 64, expected: "an oversubscription ratio") ?? d.Oversubscription };
            n.Finish();
        }

        if (Section(r, "money", sources) is { } m)
        {
            d = d with
            {
                UsdPerKilowattHour = m.Number("usd_per_kwh", min: 0, max: 10, expected: "a price per kWh") ?? d.UsdPerKilowattHour,
                FacilityUsdPerMegawatt = m.Usd("facility_usd_per_mw") ?? d.FacilityUsdPerMegawatt,
                BatteryUsdPerKilowattHour = m.Number("battery_usd_per_kwh", min: 0, max: 1e5, expected: "a price per kWh") ?? d.BatteryUsdPerKilowattHour,
                BatteryMegawattsPerMegawattHour = m.Number("battery_mw_per_mwh", min: 0.01, max: 100, expected: "a ratio") ?? d.BatteryMegawattsPerMegawattHour,
                BatteryRoundTripEfficiency = m.Number("battery_round_trip_efficiency", min: 0.01, max: 1, expected: "an efficiency") ?? d.BatteryRoundTripEfficiency,
                GenerationUsdPerMegawatt = m.Usd("generation_usd_per_mw") ?? d.GenerationUsdPerMegawatt,
                MaintenanceFraction = Fraction(m, "maintenance_fraction") ?? d.MaintenanceFraction,
                FacilityOperationsFraction = Fraction(m, "facility_operations_fraction") ?? d.FacilityOperationsFraction,
                BatteryMaintenanceFraction = Fraction(m, "battery_maintenance_fraction") ?? d.BatteryMaintenanceFraction,
                Utilization = m.Number("utilization", min: 0.01, max: 1, expected: "a utilization") ?? d.Utilization,
                Wacc = m.Number("wacc", min: 0, max: 0.5, expected: "a cost of capital per year") ?? d.Wacc,
                GenerationFuelUsdPerKilowattHour = m.Number("generation_fuel_usd_per_kwh", min: 0, max: 10, expected: "a fuel cost per kWh") ?? d.GenerationFuelUsdPerKilowattHour,
            };
            m.Finish();
        }

        if (Section(r, "depreciation_years", sources) is { } y)
        {
            var years = new Dictionary<string, double>(d.DepreciationYears, StringComparer.Ordinal);
            foreach (var category in CapexCategories)
            {
                if (y.Number(category, min: 0.5, max: 100, expected: "a number of years") is { } value)
                {
                    years[category] = value;
                }
            }

            y.Finish();
            d = d with { DepreciationYears = years };
        }

        if (Section(r, "carbon", sources) is { } co2)
        {
            d = d with
            {
                GridGramsCo2PerKilowattHour = co2.Number("grid_g_per_kwh", min: 0, max: 2000, expected: "grams of CO2 per kWh") ?? d.GridGramsCo2PerKilowattHour,
                GenerationGramsCo2PerKilowattHour = co2.Number("generation_g_per_kwh", min: 0, max: 2000, expected: "grams of CO2 per kWh") ?? d.GenerationGramsCo2PerKilowattHour,
            };
            co2.Finish();
        }

        if (Section(r, "training", sources) is { } t)
        {
            d = d with
            {
                TrainingStep = t.Number("step_seconds", min: 0.001, max: 86_400, expected: "seconds") is { } s ? Duration.FromSeconds(s) : d.TrainingStep,
                TrainingCommunicationFraction = Fraction(t, "communication_fraction") ?? d.TrainingCommunicationFraction,
            };
            t.Finish();
        }

        if (Section(r, "serving", sources) is { } sv)
        {
            d = d with
            {
                ServingPeakUtilization = Fraction(sv, "peak_utilization") ?? d.ServingPeakUtilization,
                ServingTroughUtilization = Fraction(sv, "trough_utilization") ?? d.ServingTroughUtilization,
                ServingPeakHour = sv.Number("peak_hour", min: 0, max: 24, expected: "an hour of the day") ?? d.ServingPeakHour,
            };
            sv.Finish();
        }

        r.Finish();
        return d with { Sources = sources };
    }

    /// <summary>These defaults with the values of the file at <paramref name="path"/> put in their place.</summary>
    public FacilityDefaults WithFile(string path, Problems problems)
    {
        var fileProblems = new Problems(path);
        var root = DocReader.ReadFile(path, fileProblems);
        var result = root is null ? this : WithDocument(root, fileProblems);
        problems.AddRange(fileProblems);
        return result;
    }

    /// <summary>The depreciation life of <paramref name="category"/> in years (5 when unknown).</summary>
    public double LifeOf(string category) => DepreciationYears.TryGetValue(category, out var years) ? years : 5;

    private static MapReader? Section(MapReader r, string key, Dictionary<string, string> sources)
    {
        if (r.Child(key) is not { } section)
        {
            return null;
        }

        if (section.Child("sources") is { } s)
        {
            foreach (var (name, _) in s.Map.Entries)
            {
                if (s.Text(name) is { } text)
                {
                    sources[$"{key}.{name}"] = text;
                }
            }
        }

        return section;
    }

    // The model of the representative steps: a catalog id (the built-in catalog's, as the facility resolves it).
    private static string? StepModelName(MapReader r)
    {
        if (r.Text("step_model") is not { } name)
        {
            return null;
        }

        if (Catalog.ColossimCatalog.BuiltIn.Models.ContainsKey(name))
        {
            return name;
        }

        r.Problems.Error(r.PathOf("step_model"), $"expected a model of the built-in catalog ({string.Join(", ", Catalog.ColossimCatalog.BuiltIn.Models.Keys.Order(StringComparer.Ordinal))}), found '{name}'");
        return null;
    }

    private static double? Fraction(MapReader r, string key) => r.Number(key, min: 0, max: 1, expected: "a fraction");

    private static Watts? Megawatts(MapReader r, string key) =>
        r.Number(key, min: 0.001, max: 1e6, expected: "a power in MW") is { } mw ? Watts.FromMegawatts(mw) : null;

    private static FacilityDefaults LoadBuiltIn()
    {
        var problems = new Problems("data/facility/defaults.yaml");
        var bytes = ShippedData.Files("facility").Where(f => f.Name == "facility/defaults.yaml").Select(f => f.Bytes).FirstOrDefault()
            ?? throw new InvalidOperationException("The built-in facility defaults are missing from the assembly.");
        var root = DocReader.Parse(bytes, problems);
        var defaults = root is null ? new FacilityDefaults() : new FacilityDefaults().WithDocument(root, problems);

        // The shipped defaults are part of the program: a problem in them is a bug, caught by the facility tests.
        return problems.Count > 0
            ? throw new InvalidOperationException("The built-in facility defaults are invalid: " + string.Join("; ", problems))
            : defaults;
    }
}
