using System.CommandLine;
using System.Globalization;
using Colossim.Facility;
using Colossim.Scenarios;
using Colossim.Units;
using Spectre.Console;

namespace Colossim.Cli.Commands;

/// <summary><c>colossim run SCENARIO [--out DIR] [--seed N]</c>: runs a scenario and prints its report.</summary>
internal static class RunCommand
{
    /// <summary>The line that says what the report does not answer yet.</summary>
    internal const string NotYet =
        "Not simulated yet: training time, serving latency and cost, and sharing; later versions of colossim add them to this report.";

    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("scenario") { Description = "The scenario file (YAML, or JSON)" };
        var outDir = new Option<string?>("--out") { Description = "A folder to write the report to (summary.json); created if missing", HelpName = "DIR" };
        var seed = new Option<long?>("--seed") { Description = "Use this seed (0 to 2^53) instead of the scenario's", HelpName = "N" };
        seed.Validators.Add(result => CliContext.CheckSeed(result, result.GetValueOrDefault<long?>()));
        var command = new Command("run", """
            Run a scenario: everything it asks for, printed as a report (and written to --out). Today the report
            describes the platform (GPUs, peak compute, memory, power), builds each site as 'colossim plan' would
            (nodes, racks, network tiers, switches, optics, IT and facility power, capex, opex, TCO, $/GPU-hour) with a
            day of its power as 'colossim power' computes it, and lists the tenants and workloads.

            Examples:
              colossim run scenarios/colossus.yaml
              colossim run scenarios/colossus.yaml --format json
              colossim run scenarios/colossus.yaml --out out/colossus --seed 7
            """);
        command.Arguments.Add(file);
        command.Options.Add(outDir);
        command.Options.Add(seed);
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var result = ScenarioLoader.LoadFile(path, CliContext.Catalog(parse));
            if (result.Scenario is not { } scenario)
            {
                return context.Report(result.Problems);
            }

            context.Report(result.Problems);
            var report = ScenarioRunner.Run(scenario, new ScenarioRunOptions { Seed = parse.GetValue(seed) });
            if (context.Report(report.Problems) != ExitCodes.Ok)
            {
                return ExitCodes.BadInput;
            }

            var json = ScenarioReportJson.ToJson(report);
            if (parse.GetValue(outDir) is { } dir)
            {
                var target = Path.Combine(dir, "summary.json");
                try
                {
                    Directory.CreateDirectory(dir);
                    File.WriteAllText(target, json + "\n");
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    context.Error.WriteLine($"error: --out: cannot write {target}: {e.Message}");
                    return ExitCodes.BadInput;
                }

                context.Error.WriteLine($"wrote {target}");
            }

            if (CliContext.Format(parse) == OutputFormat.Json)
            {
                context.Out.WriteLine(json);
            }
            else
            {
                Render(context.Console, report);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Writes the report as tables for people.</summary>
    internal static void Render(IAnsiConsole console, ScenarioReport report)
    {
        var header = $"[bold]{Markup.Escape(report.Scenario)}[/] (seed {report.Seed}{(report.SourcePath is { } f ? $", {Markup.Escape(f)}" : "")})";
        console.MarkupLine(header);
        if (report.Description is { } d)
        {
            console.WriteLine(d.Trim());
        }

        console.WriteLine();
        console.Write(PlatformTable(report.Platform));
        if (report.Build.Sites.Count > 0)
        {
            console.WriteLine();
            console.Write(BuildTable(report.Build));
            foreach (var site in report.Build.Sites)
            {
                if (site.Power is { } day)
                {
                    console.WriteLine(PowerLine(site.Site, day));
                }
            }

            foreach (var site in report.Build.Sites)
            {
                foreach (var note in site.Plan.Notes)
                {
                    console.WriteLine($"note: {site.Site}: {note}");
                }
            }
        }

        WriteTable(console, "Tenants", report.Tenants, ["tenant", "share", "GPUs at share"], t => [Markup.Escape(t.Name), Percent(t.Share), Whole(t.Gpus)]);
        WriteTable(console, "Training", report.Training, ["workload", "tenant", "site", "model", "parameters", "GPUs", "tokens", "layout"], w =>
            [Markup.Escape(w.Name), Markup.Escape(w.Tenant ?? "-"), Markup.Escape(w.Site), Markup.Escape(w.Model), Parameters(w.Parameters, w.ActiveParameters),
                Whole(w.Gpus), Big(w.Tokens), w.Parallelism is { } p ? $"tp {p.Tp} · pp {p.Pp} · cp {p.Cp} · dp {p.Dp} · ep {p.Ep}" : "to be searched"]);
        WriteTable(console, "Serving", report.Serving, ["workload", "tenant", "site", "model", "parameters", "GPUs", "traffic", "SLO"], w =>
            [Markup.Escape(w.Name), Markup.Escape(w.Tenant ?? "-"), Markup.Escape(w.Site), Markup.Escape(w.Model), Parameters(w.Parameters, w.ActiveParameters),
                w.Gpus is { } g ? Whole(g) : "to be sized", Markup.Escape(Traffic(w.Traffic)), Slo(w.Slo)]);
        console.WriteLine();
        console.WriteLine(NotYet);
    }

    // After a blank line, a titled table of markup rows, one per item; nothing when there are no items.
    private static void WriteTable<T>(IAnsiConsole console, string title, IReadOnlyList<T> items, string[] columns, Func<T, string[]> row)
    {
        if (items.Count == 0)
        {
            return;
        }

        console.WriteLine();
        var table = new Table { Title = new TableTitle(title) }.AddColumns(columns);
        foreach (var item in items)
        {
            table.AddRow(row(item));
        }

        console.Write(table);
    }

    private static Table PlatformTable(PlatformReport platform)
    {
        var table = new SiteTable<SitePlatform>("Platform", [.. platform.Sites.Select(s => s.Name)], platform.Sites);
        var total = table.HasTotal ? platform.Total : null;
        table.Row("GPUs", s => $"{Whole(s.Gpus)} × {Markup.Escape(s.GpuId)}", total is null ? null : Whole(total.Gpus));
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
        table.Row("fabric", s => Markup.Escape($"{ScenarioNames.Of(s.Fabric.Kind)}{(s.Fabric.Switch is { } sw ? $" ({sw.Id})" : "")}"));
        table.Row("topology", s => Markup.Escape($"{ScenarioNames.Of(s.Fabric.Topology)}, {Number(s.Fabric.Oversubscription)}:1"));
        return table.Table;
    }

    // Each site as `colossim plan` builds it, a total column when there are several.
    private static Table BuildTable(BuildReport build)
    {
        var table = new SiteTable<ClusterPlan>("Build", [.. build.Sites.Select(s => s.Site)], [.. build.Sites.Select(s => s.Plan)]);
        var total = table.HasTotal ? build.Total : null;
        table.Row("nodes", p => $"{Whole(p.Nodes)} × {Markup.Escape(p.System.Id)}", total is null ? null : Whole(total.Nodes));
        table.Row("racks", p => $"{Whole(p.Racks)} × {Show(p.RackPower)}, {p.Cooling.Name()}", total is null ? null : Whole(total.Racks));
        table.Row("scalable units", p => Whole(p.ScalableUnits));
        table.Row("network", p => Markup.Escape($"{p.Network.Fabric.Id}, {p.Network.Tiers} tier{(p.Network.Tiers == 1 ? "" : "s")} of radix {p.Network.Radix}"));
        table.Row("switches", p => $"{Whole(p.Network.Switches)} ({string.Join(" · ", p.Network.Levels.Select(l => $"{Markup.Escape(l.Name)} {Whole(l.Switches)}"))})", total is null ? null : Whole(total.Switches));
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
        table.Row("cost per GPU-hour", p => $"${p.UsdPerGpuHour.Dollars.ToString("0.000", CultureInfo.InvariantCulture)} at {Percent(p.Utilization)} used", total?.UsdPerGpuHour is { } h ? $"${h.Dollars.ToString("0.000", CultureInfo.InvariantCulture)}" : null);
        return table.Table;
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
            : $"{Number(t.Rate ?? 0)}/s{(t.Arrival == ArrivalProcess.Poisson ? "" : $" {ScenarioNames.Of(t.Arrival)}")}, {Whole(t.Lengths?.Input ?? 0)} → {Whole(t.Lengths?.Output ?? 0)} tokens{scale}";
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

    // Four significant digits are plenty for a summary: 276.5EFLOPS, not 276.48EFLOPS.
    private static string Show(FlopRate x) => new FlopRate(Significant(x.FlopsPerSecond)).ToDisplayString();

    private static string Show(Bytes x) => new Bytes(Significant(x.Value)).ToDisplayString();

    private static string Show(Bandwidth x) => new Bandwidth(Significant(x.BytesPerSecond)).ToDisplayString();

    private static string Show(Watts x) => new Watts(Significant(x.Value)).ToDisplayString();

    private static string Show(Energy x) => x.Joules == 0 ? "none" : new Energy(Significant(x.Joules)).ToDisplayString();

    private static string Show(Usd x) => x.Dollars == 0 ? "-" : new Usd(Significant(x.Dollars)).ToDisplayString();

    private static string Gbps(Bandwidth x) => Number(Significant(x.GigabitsPerSecond)) + "Gb/s";

    private static double Significant(double x)
    {
        if (x == 0 || !double.IsFinite(x))
        {
            return x;
        }

        var scale = Math.Pow(10, 3 - Math.Floor(Math.Log10(Math.Abs(x))));
        return Math.Round(x * scale) / scale;
    }

    private static string Whole(double x) => Math.Round(x).ToString("N0", CultureInfo.InvariantCulture);

    private static string Number(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Percent(double x) => (x * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    // 1.5e13 -> 15T, 3.16e11 -> 316B.
    private static string Big(double x) => x switch
    {
        >= 1e12 => Number(Math.Round(x / 1e12, 1)) + "T",
        >= 1e9 => Number(Math.Round(x / 1e9, 1)) + "B",
        >= 1e6 => Number(Math.Round(x / 1e6, 1)) + "M",
        >= 1e3 => Number(Math.Round(x / 1e3, 1)) + "k",
        _ => Number(x),
    };

    // A table of rows with a label, one right-aligned column per site and, when there are several sites, a total column.
    private sealed class SiteTable<T>
    {
        private readonly IReadOnlyList<T> _sites;

        public SiteTable(string title, IReadOnlyList<string> names, IReadOnlyList<T> sites)
        {
            _sites = sites;
            Table = new Table { Title = new TableTitle(title) };
            Table.AddColumn("");
            foreach (var name in names)
            {
                Table.AddColumn(new TableColumn(Markup.Escape(name)).RightAligned());
            }

            if (HasTotal)
            {
                Table.AddColumn(new TableColumn("total").RightAligned());
            }
        }

        public Table Table { get; }

        public bool HasTotal => _sites.Count > 1;

        // A row of markup: the label, each site's cell, and the total's (empty when not given).
        public void Row(string label, Func<T, string> cell, string? totalCell = null)
        {
            List<string> cells = [label, .. _sites.Select(cell)];
            if (HasTotal)
            {
                cells.Add(totalCell ?? "");
            }

            Table.AddRow([.. cells.Select(c => new Markup(c))]);
        }
    }
}
