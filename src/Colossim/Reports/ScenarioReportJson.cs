using System.Text.Json.Nodes;
using Colossim.Documents;
using Colossim.Facility;
using Colossim.Units;

namespace Colossim.Reports;

/// <summary>
/// The JSON form of a <see cref="ScenarioReport"/> (what <c>colossim run --format json</c> prints and
/// <c>summary.json</c> holds): snake_case keys, quantities as plain numbers in SI base units named in the key
/// (<c>dense_bf16_flops</c> in FLOP/s, <c>hbm_capacity_bytes</c>, <c>gpu_power_w</c>, <c>battery_j</c>,
/// <c>ttft_p99_s</c>, network bandwidth in bits: <c>scale_out_bits_per_s_per_gpu</c>), absent values as <c>null</c>.
/// Each site of the Build section is <see cref="PlanReport.Json"/> of its plan (the one writer of that contract) with
/// the site's name and its power over a day. Every front end writes it through here, so the bytes are the same.
/// </summary>
public static class ScenarioReportJson
{
    /// <summary>
    /// The version of this contract, written first as <c>summary_version</c>: it changes when a key is renamed or its
    /// meaning changes, so readers (<see cref="RunComparison"/>) can refuse a summary they would misread.
    /// </summary>
    public const int Version = 1;

    /// <summary>The report as indented JSON text (no trailing newline).</summary>
    public static string ToJson(ScenarioReport report) => ReportJson.Serialize(ToJsonObject(report));

    /// <summary>The report as a JSON object, for front ends that embed it in a larger document.</summary>
    public static JsonObject ToJsonObject(ScenarioReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new JsonObject
        {
            ["summary_version"] = Version,
            ["scenario"] = report.Scenario,
            ["description"] = report.Description,
            ["file"] = report.SourcePath,
            ["seed"] = report.Seed,
            ["platform"] = new JsonObject
            {
                ["sites"] = new JsonArray([.. report.Platform.Sites.Select(Site)]),
                ["total"] = Total(report.Platform.Total),
            },
            ["build"] = new JsonObject
            {
                ["sites"] = new JsonArray([.. report.Build.Sites.Select(SiteBuild)]),
                ["total"] = BuildTotal(report.Build.Total),
            },
            ["tenants"] = new JsonArray([.. report.Tenants.Select(t => new JsonObject { ["name"] = t.Name, ["share"] = t.Share, ["gpus"] = t.Gpus })]),
            ["workloads"] = new JsonObject
            {
                ["training"] = new JsonArray([.. report.Training.Select(Training)]),
                ["serving"] = new JsonArray([.. report.Serving.Select(Serving)]),
            },
            ["sharing"] = new JsonArray([.. report.Sharing.Select(s => (JsonNode)ScheduleReport.Json(s.Result, s.Site, wallClock: false))]),
            ["problems"] = ProblemsJson.ToNode(report.Problems),
        };
    }

    private static JsonObject Site(SitePlatform s) => new()
    {
        ["name"] = s.Name,
        ["gpu"] = s.GpuId,
        ["gpu_name"] = s.GpuName,
        ["gpus"] = s.Gpus,
        ["system"] = s.SystemId,
        ["nodes"] = s.Nodes,
        ["dense_bf16_flops"] = s.DenseBf16.FlopsPerSecond,
        ["dense_fp8_flops"] = s.DenseFp8?.FlopsPerSecond,
        ["hbm_capacity_bytes"] = s.HbmCapacity.Value,
        ["hbm_bandwidth_bytes_per_s"] = s.HbmBandwidth.BytesPerSecond,
        ["gpu_power_w"] = s.GpuPower.Value,
        ["it_power_w"] = s.ItPower?.Value,
        ["facility_power_w"] = s.FacilityPower?.Value,
        ["power"] = new JsonObject
        {
            ["grid_w"] = s.Power.Grid?.Value,
            ["battery_j"] = s.Power.Battery.Joules,
            ["pue"] = s.Power.Pue,
            ["usd_per_kwh"] = s.Power.PricePerKwh.Dollars,
        },
        ["fabric"] = new JsonObject
        {
            ["kind"] = EnumNames.Of(s.Fabric.Kind),
            ["topology"] = EnumNames.Of(s.Fabric.Topology),
            ["oversubscription"] = s.Fabric.Oversubscription,
            ["switch"] = s.Fabric.Switch?.Id,
        },
    };

    private static JsonObject Total(PlatformTotals t) => new()
    {
        ["sites"] = t.Sites,
        ["gpus"] = t.Gpus,
        ["dense_bf16_flops"] = t.DenseBf16.FlopsPerSecond,
        ["dense_fp8_flops"] = t.DenseFp8?.FlopsPerSecond,
        ["hbm_capacity_bytes"] = t.HbmCapacity.Value,
        ["hbm_bandwidth_bytes_per_s"] = t.HbmBandwidth.BytesPerSecond,
        ["gpu_power_w"] = t.GpuPower.Value,
        ["it_power_w"] = t.ItPower?.Value,
        ["facility_power_w"] = t.FacilityPower?.Value,
        ["grid_w"] = t.Grid?.Value,
        ["battery_j"] = t.Battery.Joules,
    };

    // The plan as `colossim plan --format json` writes it, in SI units (W, J, bit/s) where plan scales them (MW, MWh, Gb/s).
    // A site's build is exactly what `colossim plan --format json` writes for its plan (one writer for the contract),
    // with the site's name first and its power over a day last.
    private static JsonObject SiteBuild(SiteBuildReport b)
    {
        var site = new JsonObject { ["site"] = b.Site };
        foreach (var (key, value) in PlanReport.Json(b.Plan))
        {
            site[key] = ReportJson.ToNode(value);
        }

        site["power_day"] = b.Power is { } d
            ? new JsonObject
            {
                ["duration_s"] = d.Length.TotalSeconds,
                ["step_s"] = d.Step.TotalSeconds,
                ["policy"] = Policy(d.Policy),
                ["peak_without_batteries_w"] = d.PeakWithoutBatteries.Value,
                ["peak_grid_w"] = d.PeakGrid.Value,
                ["grid_energy_j"] = d.GridEnergy.Joules,
                ["energy_cost_usd"] = d.EnergyCost.Dollars,
                ["co2_tonnes"] = d.TonnesCo2,
            }
            : null;
        return site;
    }

    private static JsonObject BuildTotal(BuildTotals t) => new()
    {
        ["gpus"] = t.Gpus,
        ["nodes"] = t.Nodes,
        ["racks"] = t.Racks,
        ["switches_total"] = t.Switches,
        ["transceivers"] = t.Transceivers,
        ["it_w"] = t.ItPower.Value,
        ["facility_w"] = t.FacilityPower.Value,
        ["capex_usd"] = Breakdown(t.Capex.Categories, t.Capex.Total),
        ["opex_usd_per_year"] = t.OpexPerYear.Dollars,
        ["tco_usd"] = t.Tco.Dollars,
        ["usd_per_gpu_hour"] = t.UsdPerGpuHour?.Dollars,
    };

    // Capex or opex: each category in dollars, then the total.
    private static JsonObject Breakdown(IReadOnlyList<KeyValuePair<string, Usd>> categories, Usd total)
    {
        var json = new JsonObject();
        foreach (var (name, amount) in categories)
        {
            json[name] = amount.Dollars;
        }

        json["total"] = total.Dollars;
        return json;
    }

    // The names `colossim power --policy` takes.
    private static string Policy(BatteryPolicy policy) => policy switch
    {
        BatteryPolicy.Smooth => "smooth",
        BatteryPolicy.PeakShave => "peak-shave",
        _ => "none",
    };

    // The keys `colossim train` gives for the same question, with its values (TrainReport.Json), added to the workload's.
    private static readonly string[] TrainKeys =
    [
        "seq_len", "global_batch_tokens", "step_time_s", "tokens_per_s", "tflops_per_gpu", "mfu", "memory_per_gpu_gib", "fits", "layout",
        "steps", "days", "gpu_hours", "usd_per_gpu_hour", "cost_usd", "energy_mwh", "power_per_gpu_w", "board_power_per_gpu_w", "power_source", "goodput",
    ];

    private static JsonObject Training(TrainingReport w)
    {
        var json = Described(w);
        if (w.Simulated is { } result)
        {
            var train = TrainReport.Json(result);
            foreach (var key in TrainKeys)
            {
                if (train[key] is { } value)
                {
                    json[key] = value.DeepClone();
                }
            }
        }

        return json;
    }

    private static JsonObject Described(TrainingReport w) => new()
    {
        ["name"] = w.Name,
        ["tenant"] = w.Tenant,
        ["site"] = w.Site,
        ["model"] = w.Model,
        ["parameters"] = w.Parameters,
        ["active_parameters"] = w.ActiveParameters,
        ["gpus"] = w.Gpus,
        ["tokens"] = w.Tokens,
        ["parallelism"] = w.Parallelism is { } p
            ? new JsonObject { ["tp"] = p.Tp, ["pp"] = p.Pp, ["cp"] = p.Cp, ["dp"] = p.Dp, ["ep"] = p.Ep }
            : null,
    };

    private static JsonObject Serving(ServingReport w) => new()
    {
        ["name"] = w.Name,
        ["tenant"] = w.Tenant,
        ["site"] = w.Site,
        ["model"] = w.Model,
        ["parameters"] = w.Parameters,
        ["active_parameters"] = w.ActiveParameters,
        ["gpus"] = w.Gpus,
        ["traffic"] = new JsonObject
        {
            ["trace"] = w.Traffic.Trace,
            ["rate_per_s"] = w.Traffic.Rate,
            ["lengths"] = w.Traffic.Lengths is { } l ? new JsonObject { ["input"] = l.Input, ["output"] = l.Output } : null,
            ["arrival"] = w.Traffic.Rate is null ? null : EnumNames.Of(w.Traffic.Arrival),
            ["scale"] = w.Traffic.Scale,
        },
        ["slo"] = w.Slo is { } slo
            ? new JsonObject { ["ttft_p99_s"] = Seconds(slo.TtftP99), ["tpot_p99_s"] = Seconds(slo.TpotP99) }
            : null,
        ["simulation"] = w.Simulation is { } sim ? ServingSimulation(sim) : null,
    };

    // The serving workload's run, with `colossim serve`'s keys and units.
    private static JsonObject ServingSimulation(ServingSimulationReport sim)
    {
        var r = sim.Result;
        static JsonObject Percentiles(Colossim.Serving.LatencySummary l) => new() { ["p50"] = l.P50.TotalMilliseconds, ["p99"] = l.P99.TotalMilliseconds };
        var json = new JsonObject
        {
            ["gpus"] = sim.Gpus,
            ["tp"] = sim.Tp,
            ["pp"] = sim.Pp,
            ["replicas"] = r.Setup.Replicas,
            ["traffic_s"] = sim.SimulatedTime.TotalSeconds,
            ["simulated_s"] = r.Makespan.TotalSeconds,
            ["requests"] = new JsonObject { ["arrived"] = r.Arrived, ["completed"] = r.Completed, ["rejected"] = r.Rejected },
            ["ttft_ms"] = Percentiles(r.Ttft),
            ["tpot_ms"] = Percentiles(r.Tpot),
            ["output_tokens_per_s"] = r.SustainedOutputTokensPerSecond,
            ["output_tokens_per_s_with_drain"] = r.OutputTokensPerSecond,
            ["slo_attainment"] = r.SloAttainment,
            ["cost_per_million_output_tokens_usd"] = r.SustainedCostPerMillionOutputTokens.Dollars,
            ["energy_j_per_output_token"] = r.EnergyPerOutputToken.Joules,
            ["gpu_board_energy_j_per_output_token"] = r.BoardEnergyPerOutputToken.Joules,
        };
        if (sim.Ep > 1)
        {
            // Only an expert-parallel deployment has this key, so that other documents stay as they were.
            json.Insert(3, "ep", sim.Ep);
        }

        if (sim.Search is { } search)
        {
            // Only a searched workload has these keys (serve --search's, without its wall time), so that other documents stay as they were.
            json.Insert(json.IndexOf("replicas") + 1, "scheduler", EnumNames.Of(sim.Scheduler));
            DeploymentSearchReport.AddChoice(json, search);
            json["search"] = DeploymentSearchReport.Summary(search, wallSeconds: null);
        }

        return json;
    }

    private static double? Seconds(Duration? d) => d?.TotalSeconds;

    // Networks are quoted in bits per second.
    private static double Bits(Bandwidth b) => b.BytesPerSecond * 8;
}
