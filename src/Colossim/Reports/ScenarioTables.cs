using Colossim.Serving;

namespace Colossim.Reports;

/// <summary>
/// A run's results as tables for programs (<c>colossim run --out</c> writes each as CSV and Parquet): <c>sites</c>,
/// <c>costs</c> (capex and opex by site and category), <c>training</c>, <c>serving</c>, <c>serving_latency</c> (each
/// latency at every whole percentile), <c>serving_load</c> (each workload's load ladder, when the run has one) and <c>power</c> (every sample of each site's timeline). Values in SI base
/// units named in the column (<c>_s</c>, <c>_w</c>, <c>_j</c>, <c>_bytes</c>, <c>_flops</c>, <c>_usd</c>), as in
/// <c>summary.json</c>. Tables without rows are left out.
/// </summary>
public static class ScenarioTables
{
    /// <summary>The tables of <paramref name="report"/>, in the order above.</summary>
    public static IReadOnlyList<ResultTable> Of(ScenarioReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        List<ResultTable> tables = [Sites(report)];
        if (report.Build.Sites.Count > 0)
        {
            tables.Add(Costs(report));
        }

        if (report.Training.Count > 0)
        {
            tables.Add(Training(report));
        }

        if (report.Serving.Count > 0)
        {
            tables.Add(Serving(report));
            if (Latency(report) is { RowCount: > 0 } latency)
            {
                tables.Add(latency);
            }

            if (Load(report) is { RowCount: > 0 } load)
            {
                tables.Add(load);
            }
        }

        if (Power(report) is { RowCount: > 0 } power)
        {
            tables.Add(power);
        }

        return tables;
    }

    private static ResultTable Sites(ScenarioReport report)
    {
        var s = report.Platform.Sites;
        var builds = report.Build.Sites.ToDictionary(b => b.Site, StringComparer.Ordinal);
        return new ResultTable("sites",
        [
            ResultColumn.Text("site", [.. s.Select(x => x.Name)]),
            ResultColumn.Text("gpu", [.. s.Select(x => x.GpuId)]),
            ResultColumn.Whole("gpus", [.. s.Select(x => x.Gpus)]),
            ResultColumn.Text("system", [.. s.Select(x => x.SystemId)]),
            ResultColumn.Real("nodes", [.. s.Select(x => (double?)x.Nodes)]),
            ResultColumn.Real("dense_bf16_flops", [.. s.Select(x => (double?)x.DenseBf16.FlopsPerSecond)]),
            ResultColumn.Real("hbm_capacity_bytes", [.. s.Select(x => (double?)x.HbmCapacity.Value)]),
            ResultColumn.Real("it_power_w", [.. s.Select(x => x.ItPower?.Value)]),
            ResultColumn.Real("facility_power_w", [.. s.Select(x => x.FacilityPower?.Value)]),
            ResultColumn.Real("grid_w", [.. s.Select(x => x.Power.Grid?.Value)]),
            ResultColumn.Real("battery_j", [.. s.Select(x => (double?)x.Power.Battery.Joules)]),
            ResultColumn.Real("pue", [.. s.Select(x => (double?)x.Power.Pue)]),
            ResultColumn.Real("usd_per_kwh", [.. s.Select(x => (double?)x.Power.PricePerKwh.Dollars)]),
            ResultColumn.Real("capex_usd", [.. s.Select(x => builds.TryGetValue(x.Name, out var b) ? b.Plan.Capex.Total.Dollars : (double?)null)]),
            ResultColumn.Real("opex_usd_per_year", [.. s.Select(x => builds.TryGetValue(x.Name, out var b) ? b.Plan.Opex.Total.Dollars : (double?)null)]),
            ResultColumn.Real("usd_per_gpu_hour", [.. s.Select(x => builds.TryGetValue(x.Name, out var b) ? b.Plan.UsdPerGpuHour.Dollars : (double?)null)]),
            ResultColumn.Real("peak_without_batteries_w", [.. s.Select(x => builds.TryGetValue(x.Name, out var b) ? b.Power?.PeakWithoutBatteries.Value : null)]),
            ResultColumn.Real("peak_grid_w", [.. s.Select(x => builds.TryGetValue(x.Name, out var b) ? b.Power?.PeakGrid.Value : null)]),
        ]);
    }

    private static ResultTable Costs(ScenarioReport report)
    {
        List<(string Site, string Kind, string Category, double Usd)> rows = [];
        foreach (var b in report.Build.Sites)
        {
            rows.AddRange(b.Plan.Capex.Categories.Select(c => (b.Site, "capex", c.Key, c.Value.Dollars)));
            rows.AddRange(b.Plan.Opex.Categories.Select(c => (b.Site, "opex_per_year", c.Key, c.Value.Dollars)));
        }

        return new ResultTable("costs",
        [
            ResultColumn.Text("site", [.. rows.Select(r => r.Site)]),
            ResultColumn.Text("kind", [.. rows.Select(r => r.Kind)]),
            ResultColumn.Text("category", [.. rows.Select(r => r.Category)]),
            ResultColumn.Real("usd", [.. rows.Select(r => (double?)r.Usd)]),
        ]);
    }

    private static ResultTable Training(ScenarioReport report)
    {
        var w = report.Training;
        double? Step(TrainingReport t, Func<Training.TrainingStep, double> value) => t.Simulated is { } r ? value(r.Step) : null;
        double? Run(TrainingReport t, Func<Training.TrainingRun, double> value) => t.Simulated?.Run is { } r ? value(r) : null;
        return new ResultTable("training",
        [
            ResultColumn.Text("workload", [.. w.Select(x => x.Name)]),
            ResultColumn.Text("tenant", [.. w.Select(x => x.Tenant)]),
            ResultColumn.Text("site", [.. w.Select(x => x.Site)]),
            ResultColumn.Text("model", [.. w.Select(x => x.Model)]),
            ResultColumn.Whole("gpus", [.. w.Select(x => (long)x.Gpus)]),
            ResultColumn.Real("tokens", [.. w.Select(x => (double?)x.Tokens)]),
            ResultColumn.Real("tp", [.. w.Select(x => Step(x, s => s.Layout.Tp))]),
            ResultColumn.Real("pp", [.. w.Select(x => Step(x, s => s.Layout.Pp))]),
            ResultColumn.Real("cp", [.. w.Select(x => Step(x, s => s.Layout.Cp))]),
            ResultColumn.Real("dp", [.. w.Select(x => Step(x, s => s.Layout.Dp))]),
            ResultColumn.Real("ep", [.. w.Select(x => Step(x, s => s.Layout.Ep))]),
            ResultColumn.Real("step_time_s", [.. w.Select(x => Step(x, s => s.Time.TotalSeconds))]),
            ResultColumn.Real("tokens_per_s", [.. w.Select(x => Step(x, s => s.TokensPerSecond))]),
            ResultColumn.Real("mfu", [.. w.Select(x => Step(x, s => s.Mfu))]),
            ResultColumn.Real("memory_per_gpu_bytes", [.. w.Select(x => Step(x, s => s.Memory.Total.Value))]),
            ResultColumn.Real("wall_s", [.. w.Select(x => Run(x, r => r.Wall.TotalSeconds))]),
            ResultColumn.Real("gpu_hours", [.. w.Select(x => Run(x, r => r.GpuHours))]),
            ResultColumn.Real("cost_usd", [.. w.Select(x => Run(x, r => r.Cost.Dollars))]),
            ResultColumn.Real("energy_j", [.. w.Select(x => Run(x, r => r.Energy.Joules))]),
            ResultColumn.Real("goodput", [.. w.Select(x => Run(x, r => r.Goodput))]),
        ]);
    }

    private static ResultTable Serving(ScenarioReport report)
    {
        var w = report.Serving;
        double? Sim(ServingReport s, Func<ServingSimulationReport, double> value) => s.Simulation is { } sim ? value(sim) : null;
        return new ResultTable("serving",
        [
            ResultColumn.Text("workload", [.. w.Select(x => x.Name)]),
            ResultColumn.Text("tenant", [.. w.Select(x => x.Tenant)]),
            ResultColumn.Text("site", [.. w.Select(x => x.Site)]),
            ResultColumn.Text("model", [.. w.Select(x => x.Model)]),
            ResultColumn.Real("gpus", [.. w.Select(x => Sim(x, s => s.Gpus))]),
            ResultColumn.Real("replicas", [.. w.Select(x => Sim(x, s => s.Result.Setup.Replicas))]),
            ResultColumn.Real("tp", [.. w.Select(x => Sim(x, s => s.Tp))]),
            ResultColumn.Real("pp", [.. w.Select(x => Sim(x, s => s.Pp))]),
            ResultColumn.Real("requests_arrived", [.. w.Select(x => Sim(x, s => s.Result.Arrived))]),
            ResultColumn.Real("requests_completed", [.. w.Select(x => Sim(x, s => s.Result.Completed))]),
            ResultColumn.Real("ttft_p50_s", [.. w.Select(x => Sim(x, s => s.Result.Ttft.P50.TotalSeconds))]),
            ResultColumn.Real("ttft_p99_s", [.. w.Select(x => Sim(x, s => s.Result.Ttft.P99.TotalSeconds))]),
            ResultColumn.Real("tpot_p50_s", [.. w.Select(x => Sim(x, s => s.Result.Tpot.P50.TotalSeconds))]),
            ResultColumn.Real("tpot_p99_s", [.. w.Select(x => Sim(x, s => s.Result.Tpot.P99.TotalSeconds))]),
            ResultColumn.Real("e2e_p50_s", [.. w.Select(x => Sim(x, s => s.Result.E2e.P50.TotalSeconds))]),
            ResultColumn.Real("e2e_p99_s", [.. w.Select(x => Sim(x, s => s.Result.E2e.P99.TotalSeconds))]),
            ResultColumn.Real("output_tokens_per_s", [.. w.Select(x => Sim(x, s => s.Result.SustainedOutputTokensPerSecond))]),
            ResultColumn.Real("output_tokens_per_s_with_drain", [.. w.Select(x => Sim(x, s => s.Result.OutputTokensPerSecond))]),
            ResultColumn.Real("slo_attainment", [.. w.Select(x => Sim(x, s => s.Result.SloAttainment))]),
            ResultColumn.Real("usd_per_million_output_tokens", [.. w.Select(x => Sim(x, s => s.Result.SustainedCostPerMillionOutputTokens.Dollars))]),
            ResultColumn.Real("energy_j_per_output_token", [.. w.Select(x => Sim(x, s => s.Result.EnergyPerOutputToken.Joules))]),
        ]);
    }

    private static ResultTable Latency(ScenarioReport report)
    {
        List<(string Workload, string Metric, long Percentile, double Seconds)> rows = [];
        foreach (var w in report.Serving)
        {
            if (w.Simulation?.Result is not { } r)
            {
                continue;
            }

            foreach (var (metric, summary) in new (string, LatencySummary)[] { ("ttft", r.Ttft), ("tpot", r.Tpot), ("e2e", r.E2e) })
            {
                var values = summary.Percentiles.Values;
                for (var p = 0; p < values.Count; p++)
                {
                    rows.Add((w.Name, metric, p, values[p].TotalSeconds));
                }
            }
        }

        return new ResultTable("serving_latency",
        [
            ResultColumn.Text("workload", [.. rows.Select(r => r.Workload)]),
            ResultColumn.Text("metric", [.. rows.Select(r => r.Metric)]),
            ResultColumn.Whole("percentile", [.. rows.Select(r => r.Percentile)]),
            ResultColumn.Real("latency_s", [.. rows.Select(r => (double?)r.Seconds)]),
        ]);
    }

    private static ResultTable Load(ScenarioReport report)
    {
        List<(string Workload, ServingLoadPoint Point)> rows = [.. report.Serving.Where(w => w.Simulation is not null).SelectMany(w => w.Simulation!.LoadLadder.Select(p => (w.Name, p)))];
        return new ResultTable("serving_load",
        [
            ResultColumn.Text("workload", [.. rows.Select(r => r.Workload)]),
            ResultColumn.Real("load_fraction", [.. rows.Select(r => (double?)r.Point.Fraction)]),
            ResultColumn.Real("offered_requests_per_s", [.. rows.Select(r => (double?)r.Point.OfferedRequestsPerSecond)]),
            ResultColumn.Whole("simulated_replicas", [.. rows.Select(r => (long)r.Point.Result.SimulatedReplicas)]),
            ResultColumn.Real("requests_completed", [.. rows.Select(r => (double?)r.Point.Result.Completed)]),
            ResultColumn.Real("output_tokens_per_s", [.. rows.Select(r => (double?)r.Point.Result.SustainedOutputTokensPerSecond)]),
            ResultColumn.Real("ttft_p50_s", [.. rows.Select(r => (double?)r.Point.Result.Ttft.P50.TotalSeconds)]),
            ResultColumn.Real("ttft_p99_s", [.. rows.Select(r => (double?)r.Point.Result.Ttft.P99.TotalSeconds)]),
            ResultColumn.Real("tpot_p50_s", [.. rows.Select(r => (double?)r.Point.Result.Tpot.P50.TotalSeconds)]),
            ResultColumn.Real("tpot_p99_s", [.. rows.Select(r => (double?)r.Point.Result.Tpot.P99.TotalSeconds)]),
            ResultColumn.Real("slo_attainment", [.. rows.Select(r => (double?)r.Point.Result.SloAttainment)]),
            ResultColumn.Real("gpu_busy", [.. rows.Select(r => (double?)r.Point.Result.GpuBusy)]),
        ]);
    }

    private static ResultTable Power(ScenarioReport report)
    {
        var sites = report.Build.Sites.Where(s => s.Power?.Timeline is not null).ToList();
        var n = sites.Sum(s => s.Power!.Timeline!.Count);
        var site = new string?[n];
        var time = new double?[n];
        var facility = new double?[n];
        var grid = new double?[n];
        var battery = new double?[n];
        var charge = new double?[n];
        var row = 0;
        foreach (var s in sites)
        {
            var t = s.Power!.Timeline!;
            var dt = t.Step.TotalSeconds;
            for (var i = 0; i < t.Count; i++, row++)
            {
                site[row] = s.Site;
                time[row] = i * dt;
                facility[row] = t.Facility[i].Value;
                grid[row] = t.Grid[i].Value;
                battery[row] = t.Battery[i].Value;
                charge[row] = t.StateOfCharge[i].Joules;
            }
        }

        return new ResultTable("power",
        [
            ResultColumn.Text("site", site),
            ResultColumn.Real("time_s", time),
            ResultColumn.Real("facility_w", facility),
            ResultColumn.Real("grid_w", grid),
            ResultColumn.Real("battery_w", battery),
            ResultColumn.Real("battery_charge_j", charge),
        ]);
    }
}
