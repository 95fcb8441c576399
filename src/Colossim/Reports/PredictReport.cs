using System.Globalization;
using System.Text.Json.Nodes;
using Colossim.Performance;
using Colossim.Units;

namespace Colossim.Reports;

/// <summary>
/// What <c>colossim predict</c> shows: the JSON contract (keys defined here only; times in milliseconds, whole
/// nanoseconds) and the text rows (times with three decimals of a millisecond).
/// </summary>
public static class PredictReport
{
    /// <summary>The JSON document of a forecast.</summary>
    public static JsonObject Json(StepForecast forecast)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        var p = forecast.Prediction;
        var m = forecast.Memory;
        var s = forecast.Step;
        return new JsonObject
        {
            ["model"] = s.Model.Name,
            ["gpu"] = s.Gpu.Id,
            ["phase"] = StepQuery.PhaseName(s.Request.Phase),
            ["tp"] = s.Sharding.Tp,
            ["ep"] = s.Sharding.Ep,
            ["batch"] = s.Request.Batch,
            ["path"] = forecast.KernelPath == KernelPath.Calibrated ? "calibrated" : "roofline",
            ["path_description"] = forecast.KernelPathDescription,
            ["uncertainty_pct"] = forecast.UncertaintyPct,
            ["time_ms"] = p.Time.TotalMilliseconds,
            ["gpu_ms"] = p.GpuTime.TotalMilliseconds,
            ["host_ms"] = p.HostTime.TotalMilliseconds,
            ["breakdown_ms"] = new JsonObject
            {
                ["gemm"] = p.GemmTime.TotalMilliseconds,
                ["attention"] = p.AttentionTime.TotalMilliseconds,
                ["other"] = p.OtherTime.TotalMilliseconds,
                ["launch"] = p.LaunchTime.TotalMilliseconds,
                ["communication"] = p.CommunicationTime.TotalMilliseconds,
            },
            ["kernels"] = p.Kernels,
            ["tflops"] = p.AchievedFlopRate.TeraFlopsPerSecond,
            ["gbps"] = p.AchievedBandwidth.GigabytesPerSecond,
            ["bound"] = p.LaunchTime > Duration.Zero ? "host" : p.ComputeBound ? "compute" : "memory",
            ["power_w"] = Math.Round(p.Power.Value, 1),
            ["energy_j"] = Math.Round(p.Energy.Joules, 6),
            ["power_model"] = forecast.PowerSource,
            ["memory_gb"] = new JsonObject
            {
                ["weights"] = m.Weights.Gigabytes,
                ["kv_cache"] = m.KvCache.Gigabytes,
                ["kv_cache_per_token_mb"] = m.KvCachePerToken.Value / 1e6,
                ["activations"] = m.Activations.Gigabytes,
                ["optimizer_states"] = m.OptimizerStates.Gigabytes,
                ["total"] = m.Total.Gigabytes,
                ["capacity"] = forecast.Capacity.Gigabytes,
            },
            ["fits"] = forecast.Fits,
        };
    }

    /// <summary>The text report: a headline, the kernel path, a table of kernel classes, throughput, memory, and a line when the step does not fit.</summary>
    public static IReadOnlyList<ReportBlock> Text(StepForecast forecast)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        var p = forecast.Prediction;
        var m = forecast.Memory;
        var s = forecast.Step;
        var bound = p.LaunchTime > Duration.Zero ? "host-bound (eager launches)" : p.ComputeBound ? "compute-bound" : "memory-bound";
        var ep = s.Sharding.Ep > 1 ? I($", EP {s.Sharding.Ep}") : "";
        var table = new ReportTableBuilder().Columns("class", "ms", "share");
        void Row(string name, Duration part) => table.Row(name, Ms(part), (part / p.Time).ToString("0.0%", CultureInfo.InvariantCulture));
        Row("GEMM", p.GemmTime);
        Row("attention", p.AttentionTime);
        Row("other", p.OtherTime);
        Row("launch", p.LaunchTime);
        Row("communication", p.CommunicationTime);
        List<ReportBlock> blocks =
        [
            new ReportText(I($"{s.Model.Name}, one {StepQuery.PhaseName(s.Request.Phase)} step on {Gpus(s)} × {s.Gpu.Id}, TP {s.Sharding.Tp}{ep}: {Ms(p.Time)} ms, {bound}")),
            new ReportText($"kernel times: {forecast.KernelPathDescription}"),
            table.Build(),
            new ReportText(I($"{p.Kernels} kernels; {p.AchievedFlopRate.TeraFlopsPerSecond:0.0} TFLOP/s; {p.AchievedBandwidth.GigabytesPerSecond:0} GB/s")),
            new ReportText(I($"power: {p.Power.Value:0} W mean board power (limit {s.Gpu.Tdp.Value:0} W), {p.Energy.Joules:0.###} J per step; power model {forecast.PowerSource}")),
            new ReportText(I($"memory per GPU: weights {m.Weights.ToDisplayString()}, KV cache {m.KvCache.ToDisplayString()} ({m.KvCachePerToken.Value / 1e6:0.###} MB/token), activations {m.Activations.ToDisplayString()}, optimizer states {m.OptimizerStates.ToDisplayString()}, total {m.Total.ToDisplayString()} of {forecast.Capacity.ToDisplayString()}")),
        ];
        if (forecast.UncertaintyPct is { } u)
        {
            blocks.Insert(2, new ReportText(I($"no calibration for {s.Gpu.Id}: uncertainty ±{u:0.#}% ({forecast.UncertaintyBasis})")));
        }

        if (s.Communication is not null && s.Sharding.Tp * s.Sharding.Ep > 1)
        {
            blocks.Add(new ReportText("communication: tensor-parallel all-reduces (two per layer) and expert-parallel all-to-alls over the system's network (colossim comm), not overlapped with compute"));
        }

        if (!forecast.Fits)
        {
            blocks.Add(new ReportText($"does not fit: {m.Total.ToDisplayString()} per GPU is more than the {forecast.Capacity.ToDisplayString()} of {s.Gpu.Id}"));
        }

        return blocks;
    }

    private static int Gpus(ResolvedStep s) => s.Sharding.Tp * s.Sharding.Ep;

    private static string Ms(Duration d) => d.TotalMilliseconds.ToString("0.000", CultureInfo.InvariantCulture);

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
