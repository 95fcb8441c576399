using Colossim.Facility;
using Colossim.Units;

using static Colossim.Reports.Figures;

namespace Colossim.Reports;

/// <summary>
/// <c>colossim power</c>'s result as programs and people see it: the JSON contract (<see cref="Json"/>, SI base units
/// with the unit in the key: <c>peak_w</c>, <c>energy_j</c>, <c>max_ramp_w_per_s</c>) and the text report
/// (<see cref="Blocks"/>, MW and MWh for people).
/// </summary>
public static class PowerReport
{
    /// <summary>The study as its JSON document; <paramref name="files"/> are the files written for each site, in the same order.</summary>
    public static Dictionary<string, object?> Json(PowerStudy study, IReadOnlyList<SitePowerFiles> files)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(files);
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["scenario"] = study.Scenario,
            ["duration_s"] = study.Length.TotalSeconds,
            ["step_s"] = study.Step.TotalSeconds,
            ["policy"] = BatteryPolicyNames.Name(study.Policy),
            ["sites"] = study.Sites.Select((r, i) => Site(r, files[i])).ToList(),
        };
    }

    /// <summary>The study for people: per site, its loads, a summary of facility and grid power, the battery, cost and a coarse timeline.</summary>
    public static IReadOnlyList<ReportBlock> Blocks(PowerStudy study, IReadOnlyList<SitePowerFiles> files)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(files);
        var blocks = new List<ReportBlock>();
        for (var i = 0; i < study.Sites.Count; i++)
        {
            Site(blocks, study.Sites[i], files[i]);
        }

        return blocks;
    }

    private static Dictionary<string, object?> Site(SitePowerRun r, SitePowerFiles files)
    {
        var t = r.Timeline;
        var battery = r.Scenario.Battery;
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["site"] = r.Site,
            ["gpus"] = r.Plan.Gpus,
            ["system"] = r.Plan.System.Id,
            ["loads"] = r.Scenario.Loads.Select(l => new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["name"] = l.Name,
                ["kind"] = Kind(l),
                ["gpus"] = l.Gpus,
                ["busy_gpu_w"] = Busy(l) is { } w ? Math.Round(w.Busy.Value, 1) : null,
                ["busy_gpu_activity"] = Busy(l)?.Activity,
            }).ToList(),
            ["samples"] = t.Count,
            ["last_step_s"] = t.LastStep.TotalSeconds,
            ["facility"] = Series(t.PeakFacility, t.MinFacility, t.MeanFacility, t.FacilitySwing, t.FacilityEnergy),
            ["grid"] = Series(t.PeakGrid, t.MinGrid, t.MeanGrid, t.GridSwing, t.GridEnergy),
            ["grid_capacity_w"] = r.Grid is { } g ? Math.Round(g.Value, 0) : null,
            ["grid_exceeded"] = r.GridExceeded,
            ["battery"] = battery is null ? null : new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["capacity_j"] = Math.Round(battery.Capacity.Joules, 0),
                ["power_w"] = Math.Round(battery.Power.Value, 0),
                ["policy"] = BatteryPolicyNames.Name(battery.Policy),
                ["min_charge_j"] = Math.Round(t.MinCharge.Joules, 0),
                ["max_charge_j"] = Math.Round(t.MaxCharge.Joules, 0),
            },
            ["peak_reduction"] = Math.Round(t.PeakReduction, 6),
            ["swing_reduction"] = Math.Round(t.SwingReduction, 6),
            ["ramp_reduction"] = Math.Round(RampReduction(t), 6),
            ["energy_cost_usd"] = Math.Round(t.EnergyCost.Dollars, 2),
            ["co2_tonnes"] = Math.Round(t.TonnesCo2, 3),
            ["csv"] = files.Csv,
            ["chart"] = files.Svg,
        };
    }

    private static Dictionary<string, object?> Series(Watts peak, Watts min, Watts mean, PowerSwing swing, Energy energy) => new(StringComparer.Ordinal)
    {
        ["peak_w"] = Math.Round(peak.Value, 0),
        ["min_w"] = Math.Round(min.Value, 0),
        ["mean_w"] = Math.Round(mean.Value, 0),
        ["max_swing_w"] = Math.Round(swing.Size.Value, 0),
        ["max_swing_s"] = swing.Time.TotalSeconds,
        ["max_swing_rise_s"] = Math.Round(swing.RiseTime.TotalSeconds, 6),
        ["max_ramp_w_per_s"] = Math.Round(swing.WattsPerSecond, 1),
        ["energy_j"] = Math.Round(energy.Joules, 0),
    };

    private static void Site(List<ReportBlock> blocks, SitePowerRun r, SitePowerFiles files)
    {
        var t = r.Timeline;
        var loads = string.Join(", ", r.Scenario.Loads.Select(l => $"{l.Name} ({Kind(l)}, {PlanReport.Count(l.Gpus, "GPU")}{(Busy(l) is { } w ? $" at {w.Busy.Value.ToString("0", System.Globalization.CultureInfo.InvariantCulture)} W busy" : "")})"));
        blocks.Add(new ReportText($"{r.Site}: {Whole(r.Plan.Gpus)} x {r.Plan.Gpu.Id} on {r.Plan.System.Id}, PUE {Fixed(r.Plan.Power.Pue, "0.00")}; {(loads.Length == 0 ? "no workloads (idle)" : loads)}"));
        blocks.Add(new ReportTableBuilder().Columns("", "peak MW", "min MW", "mean MW", "largest swing MW", "rise 10-90%", "max ramp MW/s", "energy MWh")
            .Row("facility", Fixed(t.PeakFacility.Megawatts, "#,0.00"), Fixed(t.MinFacility.Megawatts, "#,0.00"), Fixed(t.MeanFacility.Megawatts, "#,0.00"), Fixed(t.FacilitySwing.Size.Megawatts, "#,0.00"), Seconds(t.FacilitySwing.RiseTime), Fixed(t.MaxFacilityRamp / 1e6, "#,0.000"), Fixed(t.FacilityEnergy.MegawattHours, "#,0.0"))
            .Row("grid", Fixed(t.PeakGrid.Megawatts, "#,0.00"), Fixed(t.MinGrid.Megawatts, "#,0.00"), Fixed(t.MeanGrid.Megawatts, "#,0.00"), Fixed(t.GridSwing.Size.Megawatts, "#,0.00"), Seconds(t.GridSwing.RiseTime), Fixed(t.MaxGridRamp / 1e6, "#,0.000"), Fixed(t.GridEnergy.MegawattHours, "#,0.0"))
            .Build());
        if (r.Scenario.Battery is { } b)
        {
            blocks.Add(new ReportText($"battery {Fixed(b.Capacity.MegawattHours, "#,0.#")} MWh / {Fixed(b.Power.Megawatts, "#,0.#")} MW ({BatteryPolicyNames.Words(b.Policy)}): grid peak {Fixed(t.PeakReduction * 100, "0.0")}% lower, largest swing {Fixed(t.SwingReduction * 100, "0.0")}% smaller, largest ramp {Fixed(RampReduction(t) * 100, "0.0")}% lower; charge {Fixed(t.MinCharge.MegawattHours, "#,0.0")}-{Fixed(t.MaxCharge.MegawattHours, "#,0.0")} MWh"));
        }
        else
        {
            blocks.Add(new ReportText("no battery: the grid takes the load as it is"));
        }

        if (r.GridExceeded)
        {
            blocks.Add(new ReportText($"warning: the grid draw peaks at {Fixed(t.PeakGrid.Megawatts, "#,0.0")} MW, above the site's {Fixed(r.Grid!.Value.Megawatts, "#,0.0")} MW connection"));
        }

        blocks.Add(new ReportText($"energy cost {t.EnergyCost.ToDisplayString()} at ${Fixed(r.Plan.UsdPerKilowattHour, "0.000")}/kWh; {Fixed(t.TonnesCo2, "#,0.0")} t CO2"));
        var timeline = new ReportTableBuilder("timeline").Columns("from", "facility MW (min-max)", "grid MW (min-max)", "battery charge MWh");
        var buckets = Math.Min(24, t.Count);
        for (var k = 0; k < buckets; k++)
        {
            var start = (int)((long)k * t.Count / buckets);
            var end = (int)((long)(k + 1) * t.Count / buckets);
            timeline.Row(
                start == 0 ? "0s" : t.TimeOf(start).ToDisplayString(),
                Range(t, t.Facility, start, end),
                Range(t, t.Grid, start, end),
                Fixed(t.StateOfCharge[end - 1].MegawattHours, "#,0.0"));
        }

        blocks.Add(timeline.Build());
        blocks.Add(new ReportText($"wrote {files.Csv} and {files.Svg}"));
    }

    // Mean (weighted by the time each sample covers), min and max of samples [start, end), in MW.
    private static string Range(PowerTimelineResult t, ReadOnlySpan<Watts> values, int start, int end)
    {
        double sum = 0, time = 0, min = double.MaxValue, max = double.MinValue;
        for (var i = start; i < end; i++)
        {
            var dt = t.StepAt(i).TotalSeconds;
            sum += values[i].Value * dt;
            time += dt;
            min = Math.Min(min, values[i].Value);
            max = Math.Max(max, values[i].Value);
        }

        return $"{Fixed(sum / time / 1e6, "#,0.0")} ({Fixed(min / 1e6, "#,0.0")}-{Fixed(max / 1e6, "#,0.0")})";
    }

    // "1.375 s", "40.747 s": a number, a space, the unit.
    private static string Seconds(Duration time) => $"{Fixed(time.TotalSeconds, "#,0.###")} s";

    private static string Kind(FacilityLoad load) => load is TrainingLoad ? "training" : "serving";

    // What a busy GPU of the load draws (a step of its model under the GPU power model), when the load says.
    private static GpuWorkPower? Busy(FacilityLoad load) => load switch
    {
        TrainingLoad t => t.Power,
        ServingLoad s => s.Power,
        _ => null,
    };

    // How much lower the grid's largest ramp is than the facility's (0-1; 0 when the facility never ramps).
    private static double RampReduction(PowerTimelineResult t) => t.MaxFacilityRamp > 0 ? 1 - (t.MaxGridRamp / t.MaxFacilityRamp) : 0;

}
