using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Colossim.Units;

namespace Colossim.Scenarios;

/// <summary>
/// The JSON form of a <see cref="ScenarioReport"/> (what <c>colossim run --format json</c> prints and
/// <c>summary.json</c> holds): snake_case keys, quantities as plain numbers in SI base units named in the key
/// (<c>dense_bf16_flops</c> in FLOP/s, <c>hbm_capacity_bytes</c>, <c>gpu_power_w</c>, <c>battery_j</c>,
/// <c>ttft_p99_s</c>), absent values as <c>null</c>. Every front end writes it through here, so the bytes are the same.
/// </summary>
public static class ScenarioReportJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The report as indented JSON text (no trailing newline).</summary>
    public static string ToJson(ScenarioReport report) => ToJsonObject(report).ToJsonString(Options);

    /// <summary>The report as a JSON object, for front ends that embed it in a larger document.</summary>
    public static JsonObject ToJsonObject(ScenarioReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new JsonObject
        {
            ["scenario"] = report.Scenario,
            ["description"] = report.Description,
            ["file"] = report.SourcePath,
            ["seed"] = report.Seed,
            ["platform"] = new JsonObject
            {
                ["sites"] = new JsonArray([.. report.Platform.Sites.Select(Site)]),
                ["total"] = Total(report.Platform.Total),
            },
            ["tenants"] = new JsonArray([.. report.Tenants.Select(t => new JsonObject { ["name"] = t.Name, ["share"] = t.Share, ["gpus"] = t.Gpus })]),
            ["workloads"] = new JsonObject
            {
                ["training"] = new JsonArray([.. report.Training.Select(Training)]),
                ["serving"] = new JsonArray([.. report.Serving.Select(Serving)]),
            },
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
        ["it_power_basis"] = s.ItPowerBasis,
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
            ["kind"] = ScenarioNames.Of(s.Fabric.Kind),
            ["topology"] = ScenarioNames.Of(s.Fabric.Topology),
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

    private static JsonObject Training(TrainingReport w) => new()
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
            ? new JsonObject { ["tp"] = p.Tensor, ["pp"] = p.Pipeline, ["cp"] = p.Context, ["dp"] = p.Data, ["ep"] = p.Expert }
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
            ["arrival"] = w.Traffic.Rate is null ? null : ScenarioNames.Of(w.Traffic.Arrival),
            ["scale"] = w.Traffic.Scale,
        },
        ["slo"] = w.Slo is { } slo
            ? new JsonObject { ["ttft_p99_s"] = Seconds(slo.TtftP99), ["tpot_p99_s"] = Seconds(slo.TpotP99) }
            : null,
    };

    private static double? Seconds(Duration? d) => d?.TotalSeconds;
}

/// <summary>The names scenario documents use for the scenario enums (<c>ethernet-rdma</c>, <c>rail-optimized-fat-tree</c>).</summary>
public static class ScenarioNames
{
    /// <summary><c>infiniband</c>, <c>ethernet-rdma</c> or <c>ethernet</c>.</summary>
    public static string Of(FabricKind kind) => kind switch
    {
        FabricKind.Infiniband => "infiniband",
        FabricKind.EthernetRdma => "ethernet-rdma",
        FabricKind.Ethernet => "ethernet",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary><c>fat-tree</c>, <c>rail-optimized-fat-tree</c> or <c>rail-only</c>.</summary>
    public static string Of(FabricTopology topology) => topology switch
    {
        FabricTopology.FatTree => "fat-tree",
        FabricTopology.RailOptimizedFatTree => "rail-optimized-fat-tree",
        FabricTopology.RailOnly => "rail-only",
        _ => throw new ArgumentOutOfRangeException(nameof(topology), topology, null),
    };

    /// <summary><c>poisson</c> or <c>constant</c>.</summary>
    public static string Of(ArrivalProcess arrival) => arrival switch
    {
        ArrivalProcess.Poisson => "poisson",
        ArrivalProcess.Constant => "constant",
        _ => throw new ArgumentOutOfRangeException(nameof(arrival), arrival, null),
    };

    /// <summary><c>text</c>, <c>html</c> or <c>json</c>.</summary>
    public static string Of(ReportFormat format) => format switch
    {
        ReportFormat.Text => "text",
        ReportFormat.Html => "html",
        ReportFormat.Json => "json",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };
}
