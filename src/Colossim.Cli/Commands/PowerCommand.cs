using System.CommandLine;
using System.Globalization;
using System.Text;
using Colossim.Documents;
using Colossim.Facility;
using Colossim.Reports;
using Colossim.Scenarios;
using Colossim.Units;
using Spectre.Console;

using static Colossim.Cli.Numbers;

namespace Colossim.Cli.Commands;

/// <summary><c>colossim power SCENARIO</c>: what each site draws from the grid over time (Power).</summary>
internal static class PowerCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("scenario") { Description = "The scenario file (YAML, or JSON)" };
        var site = new Option<string>("--site") { Description = "Only this site (default: every site)", HelpName = "NAME" };
        var length = new Option<string>("--duration") { Description = "How long the timeline runs (default 24h)", HelpName = "DURATION", DefaultValueFactory = _ => "24h" };
        var step = new Option<string>("--step") { Description = "Time between samples (default 1s; training steps take seconds)", HelpName = "DURATION", DefaultValueFactory = _ => "1s" };
        var policy = new Option<string>("--policy") { Description = "Battery dispatch: smooth (grid follows a 15-minute moving average), peak-shave (grid held at the site's grid_mw), none", HelpName = "smooth|peak-shave|none", DefaultValueFactory = _ => "smooth" };
        var output = new Option<string>("--out") { Description = "Folder for the CSV and SVG chart of each site (default: the current folder)", HelpName = "DIR", DefaultValueFactory = _ => "." };
        var command = new Command("power", """
            Power: what each site of a scenario draws over time. Training jobs swing between compute and communication
            every step (all GPUs at once, tens of MW); serving follows a daily cycle; idle GPUs, network and storage add
            a floor; PUE scales it to the facility. A battery (power.battery_mwh) smooths the grid draw. Prints peaks,
            ramps, energy, cost and CO2, with a coarse timeline, and writes SITE-power.csv and SITE-power.svg.

            Examples:
              colossim power scenarios/colossus.yaml
              colossim power scenarios/colossus.yaml --duration 1h --step 100ms --policy peak-shave --out out/
              colossim power scenarios/colossus.yaml --format json
            """);
        command.Arguments.Add(file);
        command.Options.Add(site);
        command.Options.Add(length);
        command.Options.Add(step);
        command.Options.Add(policy);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            var problems = new Problems();
            var lengthText = parse.GetValue(length)!;
            var stepText = parse.GetValue(step)!;
            if (!Duration.TryParse(lengthText, out var duration, out var error) || duration <= Duration.Zero)
            {
                problems.Error("--duration", error ?? $"expected a positive duration like 24h, found '{lengthText}'");
            }

            if (!Duration.TryParse(stepText, out var sample, out error) || sample <= Duration.Zero)
            {
                problems.Error("--step", error ?? $"expected a positive duration like 1s, found '{stepText}'");
            }

            var policyText = parse.GetValue(policy)!;
            BatteryPolicy? dispatch = Policies.TryGetValue(policyText, out var chosen) ? chosen : null;
            if (dispatch is null)
            {
                problems.Error("--policy", $"expected one of {string.Join(", ", Policies.Keys)}, found '{policyText}'{Suggestions.DidYouMean(policyText, Policies.Keys)}");
            }

            var loaded = ScenarioLoader.LoadFile(parse.GetValue(file)!, CliContext.Catalog(parse));
            problems.AddRange(loaded.Problems);
            if (problems.HasErrors || loaded.Scenario is not { } scenario)
            {
                return context.Report(problems);
            }

            var sites = scenario.Sites.ToList();
            if (parse.GetValue(site) is { } only)
            {
                sites = [.. sites.Where(s => string.Equals(s.Name, only, StringComparison.OrdinalIgnoreCase))];
                if (sites.Count == 0)
                {
                    problems.Error("--site", $"expected one of the scenario's sites ({string.Join(", ", scenario.Sites.Select(s => s.Name))}), found '{only}'{Suggestions.DidYouMean(only, scenario.Sites.Select(s => s.Name))}");
                    return context.Report(problems);
                }
            }

            var results = new List<SitePower>();
            foreach (var s in sites)
            {
                if (SiteBuild.Plan(scenario, s, problems) is not { } plan)
                {
                    continue;
                }

                var power = SiteBuild.Power(scenario, s, plan, duration, sample, dispatch!.Value);
                if (PowerTimeline.Simulate(power, problems) is { } timeline)
                {
                    results.Add(new SitePower(s, plan, power, timeline));
                }
            }

            if (problems.HasErrors)
            {
                return context.Report(problems);
            }

            context.Report(problems);
            var folder = parse.GetValue(output)!;
            Directory.CreateDirectory(folder);
            var files = new List<(string Csv, string Svg)>();
            foreach (var r in results)
            {
                var stem = Path.Combine(folder, $"{FileName(r.Site.Name)}-power");
                File.WriteAllText(stem + ".csv", Csv(r.Timeline));
                File.WriteAllText(stem + ".svg", Chart(scenario.Name, r));
                files.Add((stem + ".csv", stem + ".svg"));
            }

            if (CliContext.Format(parse) == OutputFormat.Json)
            {
                context.WriteJson(new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["scenario"] = scenario.Name,
                    ["duration_s"] = duration.TotalSeconds,
                    ["step_s"] = sample.TotalSeconds,
                    ["policy"] = policyText,
                    ["sites"] = results.Select((r, i) => Json(r, files[i])).ToList(),
                });
            }
            else
            {
                foreach (var (r, i) in results.Select((r, i) => (r, i)))
                {
                    WriteText(context, r, files[i]);
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    // The --policy names, in the order the error message lists them.
    private static readonly OrderedDictionary<string, BatteryPolicy> Policies = new(StringComparer.Ordinal)
    {
        ["smooth"] = BatteryPolicy.Smooth,
        ["peak-shave"] = BatteryPolicy.PeakShave,
        ["none"] = BatteryPolicy.None,
    };

    private sealed record SitePower(Site Site, ClusterPlan Plan, PowerScenario Scenario, PowerTimelineResult Timeline);

    private static Dictionary<string, object?> Json(SitePower r, (string Csv, string Svg) files)
    {
        var t = r.Timeline;
        var battery = r.Scenario.Battery;
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["site"] = r.Site.Name,
            ["gpus"] = r.Plan.Gpus,
            ["system"] = r.Plan.System.Id,
            ["loads"] = r.Scenario.Loads.Select(l => new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["name"] = l.Name,
                ["kind"] = Kind(l),
                ["gpus"] = l.Gpus,
            }).ToList(),
            ["samples"] = t.Count,
            ["facility"] = Series(t.Facility, t.FacilityEnergy, t.MaxFacilityRamp),
            ["grid"] = Series(t.Grid, t.GridEnergy, t.MaxGridRamp),
            ["grid_capacity_mw"] = r.Site.Power.Grid is { } g ? Math.Round(g.Megawatts, 4) : null,
            ["battery"] = battery is null ? null : new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["capacity_mwh"] = Math.Round(battery.Capacity.MegawattHours, 4),
                ["power_mw"] = Math.Round(battery.Power.Megawatts, 4),
                ["policy"] = Policies.First(p => p.Value == battery.Policy).Key,
                ["min_charge_mwh"] = Math.Round(Mwh(t.StateOfCharge.Min()), 4),
                ["max_charge_mwh"] = Math.Round(Mwh(t.StateOfCharge.Max()), 4),
            },
            ["peak_reduction"] = Math.Round(PeakReduction(t), 6),
            ["ramp_reduction"] = Math.Round(RampReduction(t), 6),
            ["energy_cost_usd"] = Math.Round(t.EnergyCost.Dollars, 2),
            ["co2_tonnes"] = Math.Round(t.TonnesCo2, 3),
            ["csv"] = files.Csv,
            ["chart"] = files.Svg,
        };
    }

    private static Dictionary<string, object?> Series(double[] values, Energy energy, double ramp) => new(StringComparer.Ordinal)
    {
        ["peak_mw"] = Math.Round(values.Max() / 1e6, 4),
        ["min_mw"] = Math.Round(values.Min() / 1e6, 4),
        ["mean_mw"] = Math.Round(values.Average() / 1e6, 4),
        ["max_ramp_mw_per_s"] = Math.Round(ramp / 1e6, 4),
        ["energy_mwh"] = Math.Round(energy.MegawattHours, 3),
    };

    private static void WriteText(CliContext context, SitePower r, (string Csv, string Svg) files)
    {
        var t = r.Timeline;
        var c = context.Console;
        var loads = string.Join(", ", r.Scenario.Loads.Select(l => $"{l.Name} ({Kind(l)}, {N(l.Gpus)} GPUs)"));
        c.WriteLine($"{r.Site.Name}: {N(r.Plan.Gpus)} x {r.Plan.Gpu.Id} on {r.Plan.System.Id}, PUE {F(r.Plan.Power.Pue, "0.00")}; {(loads.Length == 0 ? "no workloads (idle)" : loads)}");
        var summary = new Table().AddColumns("", "peak MW", "min MW", "mean MW", "max ramp MW/s", "energy MWh");
        summary.AddRow("facility", F(t.PeakFacility.Megawatts, "0.00"), F(t.MinFacility.Megawatts, "0.00"), F(t.Facility.Average() / 1e6, "0.00"), F(t.MaxFacilityRamp / 1e6, "0.000"), F(t.FacilityEnergy.MegawattHours, "0.0"));
        summary.AddRow("grid", F(t.PeakGrid.Megawatts, "0.00"), F(t.MinGrid.Megawatts, "0.00"), F(t.Grid.Average() / 1e6, "0.00"), F(t.MaxGridRamp / 1e6, "0.000"), F(t.GridEnergy.MegawattHours, "0.0"));
        c.Write(summary);
        if (r.Scenario.Battery is { } b)
        {
            c.WriteLine($"battery {F(b.Capacity.MegawattHours, "0.#")} MWh / {F(b.Power.Megawatts, "0.#")} MW ({Policy(b.Policy)}): grid peak {F(PeakReduction(t) * 100, "0.0")}% lower, largest ramp {F(RampReduction(t) * 100, "0.0")}% lower; charge {F(Mwh(t.StateOfCharge.Min()), "0.0")}-{F(Mwh(t.StateOfCharge.Max()), "0.0")} MWh");
        }
        else
        {
            c.WriteLine("no battery: the grid takes the load as it is");
        }

        if (r.Site.Power.Grid is { } grid && t.PeakGrid > grid)
        {
            c.WriteLine($"warning: the grid draw peaks at {F(t.PeakGrid.Megawatts, "0.0")} MW, above the site's {F(grid.Megawatts, "0.0")} MW connection");
        }

        c.WriteLine($"energy cost {t.EnergyCost.ToDisplayString()} at ${F(r.Plan.UsdPerKilowattHour, "0.000")}/kWh; {F(t.TonnesCo2, "0.0")} t CO2");
        var timeline = new Table().Title("timeline").AddColumns("from", "facility MW (min-max)", "grid MW (min-max)", "battery charge MWh");
        var buckets = Math.Min(24, t.Count);
        for (var k = 0; k < buckets; k++)
        {
            var start = (int)((long)k * t.Count / buckets);
            var end = (int)((long)(k + 1) * t.Count / buckets);
            var f = t.Facility[start..end];
            var g = t.Grid[start..end];
            timeline.AddRow(
                start == 0 ? "0s" : (t.Step * start).ToDisplayString(),
                $"{F(f.Average() / 1e6, "0.0")} ({F(f.Min() / 1e6, "0.0")}-{F(f.Max() / 1e6, "0.0")})",
                $"{F(g.Average() / 1e6, "0.0")} ({F(g.Min() / 1e6, "0.0")}-{F(g.Max() / 1e6, "0.0")})",
                F(Mwh(t.StateOfCharge[end - 1]), "0.0"));
        }

        c.Write(timeline);
        c.WriteLine($"wrote {files.Csv} and {files.Svg}");
    }

    private static string Csv(PowerTimelineResult t)
    {
        var csv = new StringBuilder(t.Count * 48);
        csv.Append("time_s,facility_mw,grid_mw,battery_mw,battery_charge_mwh\n");
        var dt = t.Step.TotalSeconds;
        for (var i = 0; i < t.Count; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{i * dt:0.###},{t.Facility[i] / 1e6:0.######},{t.Grid[i] / 1e6:0.######},{t.Battery[i] / 1e6:0.######},{Mwh(t.StateOfCharge[i]):0.######}\n");
        }

        return csv.ToString();
    }

    private static string Chart(string scenario, SitePower r)
    {
        var t = r.Timeline;
        var hours = t.Count * t.Step.TotalSeconds >= 3 * 3600;
        var scale = hours ? 1 / 3600.0 : 1;
        return SvgLineChart.Render(
            $"{scenario} / {r.Site.Name}: facility and grid power",
            hours ? "time (hours)" : "time (seconds)",
            "MW",
            t.Step.TotalSeconds * scale,
            [
                new ChartSeries("facility", "#d62728", [.. t.Facility.Select(w => w / 1e6)]),
                new ChartSeries("grid", "#1f77b4", [.. t.Grid.Select(w => w / 1e6)]),
            ]);
    }

    private static string Policy(BatteryPolicy policy) => policy switch
    {
        BatteryPolicy.PeakShave => "peak shaving",
        BatteryPolicy.Smooth => "smoothing",
        _ => "idle",
    };

    private static string Kind(FacilityLoad load) => load is TrainingLoad ? "training" : "serving";

    // How much lower the grid's peak and largest ramp are than the facility's (0-1; 0 when the facility never ramps).
    private static double PeakReduction(PowerTimelineResult t) => 1 - (t.PeakGrid / t.PeakFacility);

    private static double RampReduction(PowerTimelineResult t) => t.MaxFacilityRamp > 0 ? 1 - (t.MaxGridRamp / t.MaxFacilityRamp) : 0;

    private static double Mwh(double joules) => new Energy(joules).MegawattHours;

    private static string FileName(string name) => string.Concat(name.Select(ch => char.IsLetterOrDigit(ch) || ch is '-' or '_' ? ch : '_'));
}
