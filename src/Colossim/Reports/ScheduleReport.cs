using System.Globalization;
using System.Text.Json.Nodes;
using Colossim.Cluster;
using Colossim.Units;

namespace Colossim.Reports;

/// <summary>
/// What <c>colossim schedule</c> shows, and the sharing section of a scenario's report: the JSON contract (keys
/// defined here only; times in seconds, shares from 0 to 1) and the text rows.
/// </summary>
public static class ScheduleReport
{
    /// <summary>The JSON document of a schedule: <c>jobs</c>, <c>jct_s</c>, <c>queue_s</c>, <c>utilization</c>, <c>tenants</c>, <c>lost_gpu_hours</c>, <c>sim</c> and more.</summary>
    public static JsonObject Json(ScheduleResult result) => Json(result, null, wallClock: true);

    /// <summary>
    /// The JSON document of a schedule, headed by <c>site</c> when <paramref name="site"/> is given; without
    /// <c>sim.wall_s</c> when <paramref name="wallClock"/> is false (a scenario's report is the same bytes on every run).
    /// </summary>
    public static JsonObject Json(ScheduleResult result, string? site, bool wallClock)
    {
        ArgumentNullException.ThrowIfNull(result);
        var failures = new JsonObject();
        foreach (var f in result.Failures)
        {
            failures[f.Kind] = f.Count;
        }

        var series = new JsonObject();
        for (var t = 0; t < result.ShareOverTime.Tenants.Count; t++)
        {
            series[result.ShareOverTime.Tenants[t]] = new JsonArray([.. result.ShareOverTime.Shares[t].Select(s => (JsonNode)Math.Round(s, 6))]);
        }

        var json = new JsonObject
        {
            ["policy"] = result.Policy,
            ["gpus"] = result.Gpus,
            ["nodes"] = result.Nodes,
            ["jobs"] = new JsonObject
            {
                ["submitted"] = result.Jobs.Submitted,
                ["completed"] = result.Jobs.Completed,
                ["failed"] = result.Jobs.Failed,
                ["preempted"] = result.Jobs.Preempted,
                ["interrupted"] = result.Jobs.Interrupted,
                ["running"] = result.Jobs.Running,
                ["queued"] = result.Jobs.Queued,
                ["never_started"] = result.Jobs.NeverStarted,
                ["withdrawn"] = result.Jobs.Withdrawn,
                ["cpu_only"] = result.Jobs.CpuOnly,
            },
            ["jct_s"] = Stats(result.Jct),
            ["queue_s"] = Stats(result.Queue),
            ["makespan_s"] = Seconds(result.Makespan),
            ["utilization"] = new JsonObject
            {
                ["allocated"] = Math.Round(result.AllocatedUtilization, 6),
                ["busy"] = Math.Round(result.BusyUtilization, 6),
                ["while_arriving"] = result.ArrivalWindowUtilization is { } w ? Math.Round(w, 6) : null,
            },
            ["tenants"] = new JsonArray([.. result.Tenants.Select(Tenant)]),
            ["by_size"] = new JsonArray([.. result.BySize.Select(s => (JsonNode)new JsonObject
            {
                ["gpus"] = s.Label,
                ["jobs"] = s.Jobs,
                ["jct_s"] = Stats(s.Jct),
                ["queue_s"] = Stats(s.Queue),
            })]),
            ["preemptions"] = result.Preemptions,
            ["failures"] = failures,
            ["lost_gpu_hours"] = Math.Round(result.LostGpuHours, 3),
            ["fragmented_gpu_hours"] = Math.Round(result.FragmentedGpuHours, 3),
            ["repair_gpu_hours"] = Math.Round(result.RepairGpuHours, 3),
            ["share_over_time"] = new JsonObject
            {
                ["bucket_s"] = Seconds(result.ShareOverTime.Bucket),
                ["tenants"] = series,
            },
            ["sim"] = new JsonObject
            {
                ["events"] = result.Events,
            },
        };
        if (wallClock)
        {
            json["sim"]!["wall_s"] = Math.Round(result.WallSeconds, 3);
        }

        if (site is not null)
        {
            json.Insert(0, "site", site);
        }

        return json;
    }

    /// <summary>The text report: a headline, the jobs, the tenants, the size classes and a line on GPUs lost.</summary>
    public static IReadOnlyList<ReportBlock> Blocks(ScheduleResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var j = result.Jobs;
        var blocks = new List<ReportBlock>
        {
            new ReportText(I($"{result.Policy} on {result.Gpus:N0} GPUs ({result.Nodes:N0} nodes): {j.Submitted:N0} jobs over {Span(result.Makespan)}"), Strong: true),
            new ReportText(I($"jobs: {j.Completed:N0} completed, {j.Failed:N0} failed (can never fit), {j.Running:N0} running and {j.Queued:N0} queued at the end ({j.NeverStarted:N0} never started), {j.Withdrawn:N0} withdrawn before starting; {j.Preempted:N0} preempted ({result.Preemptions:N0} preemptions), {j.Interrupted:N0} interrupted by failures")),
            new ReportText(I($"JCT: mean {Span(result.Jct.Mean)}, p50 {Span(result.Jct.P50)}, p99 {Span(result.Jct.P99)}; queueing: mean {Span(result.Queue.Mean)}, p50 {Span(result.Queue.P50)}, p99 {Span(result.Queue.P99)}")),
            new ReportText(I($"GPUs: {result.AllocatedUtilization:P1} allocated, {result.BusyUtilization:P1} busy on work kept{(result.ArrivalWindowUtilization is { } w ? I($" ({w:P1} allocated while jobs arrive)") : "")}; lost {result.LostGpuHours:N0} GPU-hours to failures and preemptions, {result.FragmentedGpuHours:N0} idle to fragmentation, {result.RepairGpuHours:N0} in repair")),
        };
        if (result.Failures.Count > 0)
        {
            blocks.Add(new ReportText("failures: " + string.Join(", ", result.Failures.Select(f => I($"{f.Count:N0} {f.Kind}")))));
        }

        var tenants = new ReportTableBuilder("Tenants").Columns("tenant").Column("entitled", ColumnAlignment.Right).Column("received", ColumnAlignment.Right)
            .Column("with demand", ColumnAlignment.Right).Column("jobs", ColumnAlignment.Right).Column("JCT mean", ColumnAlignment.Right).Column("JCT p99", ColumnAlignment.Right)
            .Column("queue mean", ColumnAlignment.Right).Column("queue p99", ColumnAlignment.Right).Column("FTF", ColumnAlignment.Right);
        foreach (var t in result.Tenants)
        {
            tenants.Row(t.Name, I($"{t.EntitledShare:P1}"), I($"{t.ReceivedShare:P1}"), t.ReceivedShareWhileDemand is { } d ? I($"{d:P1}") : "-", I($"{t.Jobs:N0}"), Span(t.Jct.Mean), Span(t.Jct.P99), Span(t.Queue.Mean), Span(t.Queue.P99),
                t.FinishTimeFairness is { } f ? I($"{f:0.00}") : "-");
        }

        blocks.Add(tenants.Build());
        var sizes = new ReportTableBuilder("By size").Columns("GPUs").Column("jobs", ColumnAlignment.Right).Column("JCT mean", ColumnAlignment.Right)
            .Column("JCT p99", ColumnAlignment.Right).Column("queue mean", ColumnAlignment.Right).Column("queue p99", ColumnAlignment.Right);
        foreach (var s in result.BySize)
        {
            sizes.Row(s.Label, I($"{s.Jobs:N0}"), Span(s.Jct.Mean), Span(s.Jct.P99), Span(s.Queue.Mean), Span(s.Queue.P99));
        }

        blocks.Add(sizes.Build());
        blocks.Add(new ReportText("received: share of the GPU-time over the whole run; with demand: over the time the tenant had a GPU job queued or running"));
        blocks.Add(new ReportText("FTF: finish-time fairness, the tenant's job completion times over those on a private cluster of its share (1 or less: sharing did not slow it)"));
        return blocks;
    }

    private static JsonObject Stats(DurationStats s) => new()
    {
        ["mean"] = Seconds(s.Mean),
        ["p50"] = Seconds(s.P50),
        ["p99"] = Seconds(s.P99),
    };

    private static JsonObject Tenant(TenantResult t) => new()
    {
        ["name"] = t.Name,
        ["entitled_share"] = t.EntitledShare,
        ["received_share"] = Math.Round(t.ReceivedShare, 6),
        ["received_share_while_demand"] = t.ReceivedShareWhileDemand is { } d ? Math.Round(d, 6) : null,
        ["jobs"] = t.Jobs,
        ["completed"] = t.Completed,
        ["jct_s"] = Stats(t.Jct),
        ["queue_s"] = Stats(t.Queue),
        ["finish_time_fairness"] = t.FinishTimeFairness is { } f ? Math.Round(f, 4) : null,
        ["gpu_hours"] = Math.Round(t.GpuHours, 3),
    };

    private static double Seconds(Duration d) => Math.Round(d.TotalSeconds, 3);

    /// <summary>A duration for people: seconds below two minutes, then minutes, hours or days with one decimal.</summary>
    internal static string Span(Duration d)
    {
        var s = d.TotalSeconds;
        return s < 120 ? I($"{s:0} s") : s < 7200 ? I($"{s / 60:0.0} min") : s < 172_800 ? I($"{s / 3600:0.0} h") : I($"{s / 86_400:0.0} d");
    }

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
