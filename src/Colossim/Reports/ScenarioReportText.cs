using System.Globalization;
using Colossim.Documents;
using Colossim.Facility;
using Colossim.Serving;
using Colossim.Units;

using static Colossim.Reports.Figures;

namespace Colossim.Reports;

/// <summary>
/// A <see cref="ScenarioReport"/> as people read it: the header, the Platform and Build tables (one column per site and
/// a total), a line per site on its power over a day, the plans' notes, then the tenants and workloads. The terminal
/// and the report folder's <c>report.txt</c> render these same blocks.
/// </summary>
public static class ScenarioReportText
{
    /// <summary>The line that says what the report does not answer yet.</summary>
    public const string NotYet =
        "Serving is simulated over a minute of its traffic, then drained. Sharing runs each site's workloads once from time zero, with the scenario's jobs section on its first site (FIFO, Llama 3 failure rates; colossim schedule for policies and synthetic workloads).";

    /// <summary>The report as blocks, in reading order.</summary>
    public static IReadOnlyList<ReportBlock> Blocks(ScenarioReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        List<ReportBlock> blocks = [new ReportText($"{report.Scenario} (seed {report.Seed}{(report.SourcePath is { } f ? $", {f}" : "")})", Strong: true)];
        if (report.Description is { } d)
        {
            blocks.Add(new ReportText(d.Trim()));
        }

        if (Answers(report) is { } answers)
        {
            blocks.Add(ReportText.Blank);
            blocks.Add(answers);
        }

        blocks.Add(ReportText.Blank);
        blocks.Add(PlatformTable(report.Platform));
        if (report.Build.Sites.Count > 0)
        {
            blocks.Add(ReportText.Blank);
            blocks.Add(BuildTable(report.Build));
            foreach (var site in report.Build.Sites)
            {
                if (site.Power is { } day)
                {
                    blocks.Add(new ReportText(PowerLine(site.Site, day)));
                }
            }

            foreach (var site in report.Build.Sites)
            {
                foreach (var note in site.Plan.Notes)
                {
                    blocks.Add(new ReportText($"note: {site.Site}: {note}"));
                }
            }
        }

        AddTable(blocks, "Tenants", report.Tenants, ["tenant", "share", "GPUs at share"], t => [t.Name, Percent(t.Share), Whole(t.Gpus)]);
        AddTable(blocks, "Training", report.Training, ["workload", "tenant", "site", "model", "parameters", "GPUs", "tokens", "layout"], w =>
            [w.Name, w.Tenant ?? "-", w.Site, w.Model, Parameters(w.Parameters, w.ActiveParameters),
                Whole(w.Gpus), Big(w.Tokens), w.Parallelism is { } p ? $"tp {p.Tp} · pp {p.Pp} · cp {p.Cp} · dp {p.Dp} · ep {p.Ep}" : "to be searched"]);
        List<TrainingReport> simulated = [.. report.Training.Where(w => w.Simulated is not null)];
        AddTable(blocks, "Training simulated (Train pillar on the site's plan)", simulated, ["workload", "layout", "step s", "tokens/s", "TFLOP/s/GPU", "MFU", "GiB/GPU", "days", "GPU-hours", "cost", "energy", "goodput"], w =>
        {
            var r = w.Simulated!;
            var s = r.Step;
            var l = s.Layout;
            var run = r.Run;
            return
            [
                w.Name, Invariant($"tp {l.Tp} · pp {l.Pp} · cp {l.Cp} · dp {l.Dp} · ep {l.Ep}{(l.Vpp > 1 ? $" · vpp {l.Vpp}" : "")}{(r.Search is null ? "" : " (searched)")}"),
                Invariant($"{s.Time.TotalSeconds:0.000}"), Invariant($"{s.TokensPerSecond:N0}"), Invariant($"{s.ModelFlopRatePerGpu.TeraFlopsPerSecond:0.0}"), Invariant($"{s.Mfu:0.0%}"),
                Invariant($"{s.Memory.Total.Gibibytes:0.0}{(s.Memory.Fits ? "" : " (does not fit)")}"),
                run is null ? "-" : Invariant($"{run.Days:0.0}"), run is null ? "-" : Invariant($"{run.GpuHours:N0}"), run is null ? "-" : run.Cost.ToDisplayString(),
                run is null ? "-" : (run.Energy.MegawattHours >= 10 ? Invariant($"{run.Energy.MegawattHours:N0} MWh") : Invariant($"{run.Energy.MegawattHours:0.###} MWh")), run is null ? "-" : Invariant($"{run.Goodput:0.0%}"),
            ];
        });
        if (simulated.FirstOrDefault(w => w.Simulated!.Run is not null) is { } powered)
        {
            blocks.Add(new ReportText(Invariant($"training energy: each step's board power ({powered.Name}: {powered.Simulated!.Run!.BoardPowerPerGpu.Value:0} W per GPU), the server's rest and the site's PUE; {powered.Simulated.Run.PowerSource}")));
        }

        AddTable(blocks, "Serving", report.Serving, ["workload", "tenant", "site", "model", "parameters", "GPUs", "traffic", "SLO"], w =>
            [w.Name, w.Tenant ?? "-", w.Site, w.Model, Parameters(w.Parameters, w.ActiveParameters),
                w.Gpus is { } g ? Whole(g) : "to be sized", Traffic(w.Traffic), Slo(w.Slo)]);
        AddTable(blocks, "Serving simulated", [.. report.Serving.Where(w => w.Simulation is not null)],
            ["workload", "deployment", "requests done", "TTFT p50/p99 ms", "TPOT p50/p99 ms", "out tok/s", "SLO met", "$/M out tok", "J/out tok (boards)"], w =>
            {
                var s = w.Simulation!;
                var r = s.Result;
                return [w.Name, $"{Whole(r.Setup.Replicas)} × tp {s.Tp}{(s.Ep > 1 ? $" · ep {s.Ep}" : "")} · pp {s.Pp}{(s.Search is null ? "" : $" · {EnumNames.Of(s.Scheduler)}")} ({Whole(s.Gpus)} GPUs)", $"{Whole(r.Completed)} of {Whole(r.Arrived)}",
                    $"{Ms(r.Ttft.P50)}/{Ms(r.Ttft.P99)}", $"{Ms(r.Tpot.P50)}/{Ms(r.Tpot.P99)}", Whole((long)Math.Round(r.SustainedOutputTokensPerSecond)),
                    w.Slo is null ? "no SLO" : Percent(r.SloAttainment), Three(r.SustainedCostPerMillionOutputTokens.Dollars),
                    $"{Three(r.EnergyPerOutputToken.Joules)} ({Three(r.BoardEnergyPerOutputToken.Joules)})"];
            });
        foreach (var w in report.Serving)
        {
            if (w.Simulation?.Search is { } search)
            {
                // The search's own blocks (serve --search's), without its wall time: the report depends only on the scenario.
                blocks.Add(ReportText.Blank);
                blocks.Add(new ReportText($"Deployment search of {w.Name} (search: {EnumNames.Of(search.Objective)})"));
                blocks.AddRange(DeploymentSearchReport.Blocks(search, wallSeconds: null));
            }
        }

        AddTable(blocks, "Sharing simulated (Share pillar)", report.Sharing, ["site", "jobs done", "days", "GPUs allocated", "busy", "lost GPU-hours", "failures", "preemptions"], s =>
        {
            var r = s.Result;
            return [s.Site, Invariant($"{r.Jobs.Completed} of {r.Jobs.Submitted}"), Invariant($"{r.Makespan.TotalHours / 24:0.0}"), Percent(r.AllocatedUtilization), Percent(r.BusyUtilization),
                Invariant($"{r.LostGpuHours:N0}"), Invariant($"{r.Failures.Sum(f => f.Count):N0}"), Invariant($"{r.Preemptions:N0}")];
        });
        AddTable(blocks, "Tenants' shares received", [.. report.Sharing.SelectMany(s => s.Result.Tenants.Select(t => (s.Site, Tenant: t)))], ["site", "tenant", "entitled", "received", "GPU-hours", "finish-time fairness"], x =>
            [x.Site, x.Tenant.Name, Percent(x.Tenant.EntitledShare), Percent(x.Tenant.ReceivedShare), Invariant($"{x.Tenant.GpuHours:N0}"), x.Tenant.FinishTimeFairness is { } f ? Invariant($"{f:0.00}") : "-"]);
        blocks.Add(ReportText.Blank);
        blocks.Add(new ReportText(NotYet));
        return blocks;
    }

    /// <summary>The title of the table of headline answers, which comes first.</summary>
    public const string AnswersTitle = "Answers";

    /// <summary>
    /// The headline answers, one row each: what the build costs (capex, TCO, cost per GPU-hour), the time and cost to
    /// train each training workload, each serving workload's throughput, latency and cost, and each site's peak power;
    /// <see langword="null"/> when the run has none of them.
    /// </summary>
    public static ReportTable? Answers(ScenarioReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var table = new ReportTableBuilder(AnswersTitle).Columns("question", "answer");
        var rows = 0;
        void Row(string question, string answer)
        {
            table.Row(question, answer);
            rows++;
        }

        if (report.Build.Sites.Count > 0)
        {
            var total = report.Build.Total;
            Row("what it costs", $"{Show(total.Capex.Total)} capex, {Show(total.OpexPerYear)} a year to run; TCO {Show(total.Tco)}"
                + (total.UsdPerGpuHour is { } h ? $", ${Fixed(h.Dollars, "0.000")} per used GPU-hour" : ""));
        }

        foreach (var w in report.Training)
        {
            if (w.Simulated?.Run is { } run)
            {
                Row($"time to train {w.Name}", Invariant($"{run.Days:0.0} days, {run.Cost.ToDisplayString()}: {Big(w.Tokens)} tokens of {w.Model} on {Whole(w.Gpus)} GPUs, MFU {w.Simulated.Step.Mfu:0.0%}, goodput {run.Goodput:0.0%}"));
            }
        }

        foreach (var w in report.Serving)
        {
            if (w.Simulation is { } sim)
            {
                var r = sim.Result;
                Row($"serving {w.Name}", $"{Whole(Math.Round(r.SustainedOutputTokensPerSecond))} output tokens/s on {Whole(sim.Gpus)} GPUs; p99 TTFT {Ms(r.Ttft.P99)} ms, TPOT {Ms(r.Tpot.P99)} ms"
                    + (w.Slo is null ? "" : $"; SLO met {Percent(r.SloAttainment)}") + $"; ${Fixed(r.SustainedCostPerMillionOutputTokens.Dollars, "#,0.00")}/M output tokens");
            }
        }

        foreach (var site in report.Build.Sites)
        {
            if (site.Power is { } day)
            {
                Row($"peak power at {site.Site}", day.Policy == BatteryPolicy.None
                    ? $"{Show(day.PeakWithoutBatteries)} from the grid (no batteries)"
                    : $"{Show(day.PeakWithoutBatteries)} without batteries, {Show(day.PeakGrid)} from the grid with them");
            }
        }

        return rows == 0 ? null : table.Build();
    }

    // A latency in milliseconds (whole from 100 ms, else two decimals), and a figure to three decimals.
    private static string Ms(Duration d) => d.TotalMilliseconds.ToString(d.TotalMilliseconds >= 100 ? "#,0" : "0.##", System.Globalization.CultureInfo.InvariantCulture);

    private static string Three(double x) => x.ToString("#,0.###", System.Globalization.CultureInfo.InvariantCulture);

    // After a blank line, a titled table with one row per item; nothing when there are no items.
    private static void AddTable<T>(List<ReportBlock> blocks, string title, IReadOnlyList<T> items, string[] columns, Func<T, string[]> row)
    {
        if (items.Count == 0)
        {
            return;
        }

        var table = new ReportTableBuilder(title).Columns(columns);
        foreach (var item in items)
        {
            table.Row(row(item));
        }

        blocks.Add(ReportText.Blank);
        blocks.Add(table.Build());
    }

    private static ReportTable PlatformTable(PlatformReport platform)
    {
        var table = new SiteTable<SitePlatform>("Platform", [.. platform.Sites.Select(s => s.Name)], platform.Sites);
        var total = table.HasTotal ? platform.Total : null;
        table.Row("GPUs", s => $"{Whole(s.Gpus)} × {s.GpuId}", total is null ? null : Whole(total.Gpus));
        table.Row("peak dense BF16", s => Show(s.DenseBf16), total is null ? null : Show(total.DenseBf16));
        table.Row("peak dense FP8", s => s.DenseFp8 is { } f ? Show(f) : "-", total?.DenseFp8 is { } tf ? Show(tf) : "-");
        table.Row("HBM capacity", s => Show(s.HbmCapacity), total is null ? null : Show(total.HbmCapacity));
        table.Row("HBM bandwidth", s => Show(s.HbmBandwidth), total is null ? null : Show(total.HbmBandwidth));
        table.Row("GPU power at TDP", s => Show(s.GpuPower), total is null ? null : Show(total.GpuPower));
        table.Row("IT power", s => s.ItPower is { } p ? Show(p) : "-", total?.ItPower is { } tp ? Show(tp) : "-");
        table.Row("facility power", s => s.FacilityPower is { } p ? $"{Show(p)} at PUE {Number(s.Power.Pue)}" : "-", total?.FacilityPower is { } tfp ? Show(tfp) : "-");
        table.Row("grid", s => s.Power.Grid is { } g ? Show(g) : "not limited", total?.Grid is { } tg ? Show(tg) : "-");
        table.Row("batteries", s => Show(s.Power.Battery), total is null ? null : Show(total.Battery));
        table.Row("electricity", s => $"{s.Power.PricePerKwh.ToDisplayString()}/kWh");
        table.Row("fabric", s => $"{EnumNames.Of(s.Fabric.Kind)}{(s.Fabric.Switch is { } sw ? $" ({sw.Id})" : "")}");
        table.Row("topology", s => $"{EnumNames.Of(s.Fabric.Topology)}, {Number(s.Fabric.Oversubscription)}:1");
        return table.Build();
    }

    // Each site as `colossim plan` builds it, a total column when there are several.
    private static ReportTable BuildTable(BuildReport build)
    {
        var table = new SiteTable<ClusterPlan>("Build", [.. build.Sites.Select(s => s.Site)], [.. build.Sites.Select(s => s.Plan)]);
        var total = table.HasTotal ? build.Total : null;
        table.Row("nodes", p => $"{Whole(p.Nodes)} × {p.System.Id}", total is null ? null : Whole(total.Nodes));
        table.Row("racks", p => $"{Whole(p.Racks)} × {Show(p.RackPower)}, {p.Cooling.Name()}", total is null ? null : Whole(total.Racks));
        table.Row("scalable units", p => Whole(p.ScalableUnits));
        table.Row("network", p => $"{p.Network.Fabric.Id}, {p.Network.Tiers} tier{(p.Network.Tiers == 1 ? "" : "s")} of radix {p.Network.Radix}");
        table.Row("switches", p => $"{Whole(p.Network.Switches)} ({string.Join(" · ", p.Network.Levels.Select(l => $"{l.Name} {Whole(l.Switches)}"))})", total is null ? null : Whole(total.Switches));
        table.Row("transceivers", p => $"{Whole(p.Network.Transceivers)} ({Number(Math.Round(p.Network.Transceivers / (double)p.Gpus, 2))} per GPU)", total is null ? null : Whole(total.Transceivers));
        table.Row("scale-out per GPU", p => Gbps(p.Network.ScaleOutPerGpu));
        table.Row("IT power", p => Show(p.Power.It), total is null ? null : Show(total.ItPower));
        table.Row("  servers", p => Show(p.Power.Compute));
        table.Row("  network", p => Show(p.Power.Network));
        table.Row("  storage", p => Show(p.Power.Storage));
        table.Row("facility power", p => $"{Show(p.Power.Facility)} at PUE {Number(p.Power.Pue)}", total is null ? null : Show(total.FacilityPower));
        table.Row("capex", p => Show(p.Capex.Total), total is null ? null : Show(total.Capex.Total));
        var categories = total?.Capex.Categories;
        var names = build.Sites[0].Plan.Capex.Categories;
        for (var i = 0; i < names.Count; i++)
        {
            var k = i;
            table.Row($"  {names[k].Key}", p => Show(p.Capex.Categories[k].Value), categories is null ? null : Show(categories[k].Value));
        }

        table.Row("opex per year", p => Show(p.Opex.Total), total is null ? null : Show(total.OpexPerYear));
        table.Row("TCO", p => $"{Show(p.Tco)} over {Number(p.Years)} years", total is null ? null : Show(total.Tco));
        table.Row("cost per GPU-hour", p => $"${Fixed(p.UsdPerGpuHour.Dollars, "0.000")} at {Percent(p.Utilization)} used", total?.UsdPerGpuHour is { } h ? $"${Fixed(h.Dollars, "0.000")}" : null);
        return table.Build();
    }

    // One line per site: what `colossim power` says about the grid over a day (its defaults), in short.
    private static string PowerLine(string site, PowerDay day)
    {
        var length = day.Length == Duration.FromHours(24) ? "a day" : day.Length.ToDisplayString();
        var peaks = day.Policy == BatteryPolicy.None
            ? $"grid peak {Show(day.PeakWithoutBatteries)} (no batteries)"
            : $"grid peak {Show(day.PeakWithoutBatteries)} without batteries, {Show(day.PeakGrid)} with";
        return $"power of {site} over {length}: {peaks}; {Show(day.GridEnergy)} from the grid, {Show(day.EnergyCost)}";
    }

    private static string Traffic(Traffic t)
    {
        var scale = t.Scale == 1 ? "" : $" × {Number(t.Scale)}";
        return t.Trace is { } trace
            ? $"trace {trace}{scale}"
            : $"{Number(t.Rate ?? 0)}/s{(t.Arrival == ArrivalProcess.Poisson ? "" : $" {EnumNames.Of(t.Arrival)}")}, {Whole(t.Lengths?.Input ?? 0)} → {Whole(t.Lengths?.Output ?? 0)} tokens{scale}";
    }

    private static string Slo(Slo? slo)
    {
        if (slo is null)
        {
            return "-";
        }

        List<string> parts = [];
        if (slo.TtftP99 is { } ttft)
        {
            parts.Add($"TTFT p99 {ttft.ToDisplayString()}");
        }

        if (slo.TpotP99 is { } tpot)
        {
            parts.Add($"TPOT p99 {tpot.ToDisplayString()}");
        }

        return string.Join(", ", parts);
    }

    private static string Parameters(double total, double active) =>
        total == active ? Big(total) : $"{Big(total)} ({Big(active)} active)";

    // A table of rows with a label, one right-aligned column per site and, when there are several sites, a total column.
    private sealed class SiteTable<T>
    {
        private readonly IReadOnlyList<T> _sites;
        private readonly ReportTableBuilder _table;

        public SiteTable(string title, IReadOnlyList<string> names, IReadOnlyList<T> sites)
        {
            _sites = sites;
            _table = new ReportTableBuilder(title).Columns("");
            foreach (var name in names)
            {
                _table.Column(name, ColumnAlignment.Right);
            }

            if (HasTotal)
            {
                _table.Column("total", ColumnAlignment.Right);
            }
        }

        public bool HasTotal => _sites.Count > 1;

        // A row: the label, each site's cell, and the total's (empty when not given).
        public void Row(string label, Func<T, string> cell, string? totalCell = null)
        {
            List<string> cells = [label, .. _sites.Select(cell)];
            if (HasTotal)
            {
                cells.Add(totalCell ?? "");
            }

            _table.Row([.. cells]);
        }

        public ReportTable Build() => _table.Build();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
