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
        seed.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<long?>() is { } n && n is < 0 or > 1L << 53)
            {
                result.AddError($"--seed: expected a whole number between 0 and {1L << 53:N0}, found {n}");
            }
        });
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

        if (report.Tenants.Count > 0)
        {
            console.WriteLine();
            var tenants = new Table { Title = new TableTitle("Tenants") }.AddColumns("tenant", "share", "GPUs at share");
            foreach (var t in report.Tenants)
            {
                tenants.AddRow(Markup.Escape(t.Name), Percent(t.Share), Whole(t.Gpus));
            }

            console.Write(tenants);
        }

        if (report.Training.Count > 0)
        {
            console.WriteLine();
            var training = new Table { Title = new TableTitle("Training") }.AddColumns("workload", "tenant", "site", "model", "parameters", "GPUs", "tokens", "layout");
            foreach (var w in report.Training)
            {
                training.AddRow(Markup.Escape(w.Name), Markup.Escape(w.Tenant ?? "-"), Markup.Escape(w.Site), Markup.Escape(w.Model), Parameters(w.Parameters, w.ActiveParameters),
                    Whole(w.Gpus), Big(w.Tokens), w.Parallelism is { } p ? $"tp {p.Tensor} · pp {p.Pipeline} · cp {p.Context} · dp {p.Data} · ep {p.Expert}" : "to be searched");
            }

            console.Write(training);
        }

        if (report.Serving.Count > 0)
        {
            console.WriteLine();
            var serving = new Table { Title = new TableTitle("Serving") }.AddColumns("workload", "tenant", "site", "model", "parameters", "GPUs", "traffic", "SLO");
            foreach (var w in report.Serving)
            {
                serving.AddRow(Markup.Escape(w.Name), Markup.Escape(w.Tenant ?? "-"), Markup.Escape(w.Site), Markup.Escape(w.Model), Parameters(w.Parameters, w.ActiveParameters),
                    w.Gpus is { } g ? Whole(g) : "to be sized", Markup.Escape(Traffic(w.Traffic)), Slo(w.Slo));
            }

            console.Write(serving);
        }

        console.WriteLine();
        console.WriteLine(NotYet);
    }

    private static Table PlatformTable(PlatformReport platform)
    {
        var table = new Table { Title = new TableTitle("Platform") };
        table.AddColumn("");
        foreach (var site in platform.Sites)
        {
            table.AddColumn(new TableColumn(Markup.Escape(site.Name)).RightAligned());
        }

        var sites = platform.Sites;
        var total = sites.Count > 1 ? platform.Total : null;
        if (total is not null)
        {
            table.AddColumn(new TableColumn("total").RightAligned());
        }

        void Row(string label, Func<SitePlatform, string> cell, string? totalCell = null)
        {
            List<string> cells = [label, .. sites.Select(cell)];
            if (total is not null)
            {
                cells.Add(totalCell ?? "");
            }

            table.AddRow([.. cells.Select(c => new Markup(c))]);
        }

        Row("GPUs", s => $"{Whole(s.Gpus)} × {Markup.Escape(s.GpuId)}", total is null ? null : Whole(total.Gpus));
        Row("peak dense BF16", s => Show(s.DenseBf16), total is null ? null : Show(total.DenseBf16));
        Row("peak dense FP8", s => s.DenseFp8 is { } f ? Show(f) : "-", total?.DenseFp8 is { } tf ? Show(tf) : "-");
        Row("HBM capacity", s => Show(s.HbmCapacity), total is null ? null : Show(total.HbmCapacity));
        Row("HBM bandwidth", s => Show(s.HbmBandwidth), total is null ? null : Show(total.HbmBandwidth));
        Row("GPU power at TDP", s => Show(s.GpuPower), total is null ? null : Show(total.GpuPower));
        Row("IT power", s => s.ItPower is { } p ? Show(p) : "-", total?.ItPower is { } tp ? Show(tp) : "-");
        Row("facility power", s => s.FacilityPower is { } p ? $"{Show(p)} at PUE {Number(s.Power.Pue)}" : "-", total?.FacilityPower is { } tfp ? Show(tfp) : "-");
        Row("grid", s => s.Power.Grid is { } g ? Show(g) : "not limited", total?.Grid is { } tg ? Show(tg) : "-");
        Row("batteries", s => Show(s.Power.Battery), total is null ? null : Show(total.Battery));
        Row("electricity", s => $"{s.Power.PricePerKwh.ToDisplayString()}/kWh");
        Row("fabric", s => Markup.Escape($"{ScenarioNames.Of(s.Fabric.Kind)}{(s.Fabric.Switch is { } sw ? $" ({sw.Id})" : "")}"));
        Row("topology", s => Markup.Escape($"{ScenarioNames.Of(s.Fabric.Topology)}, {Number(s.Fabric.Oversubscription)}:1"));
        return table;
    }

    // Each site as `colossim plan` builds it, a total column when there are several.
    private static Table BuildTable(BuildReport build)
    {
        var table = new Table { Title = new TableTitle("Build") };
        table.AddColumn("");
        foreach (var site in build.Sites)
        {
            table.AddColumn(new TableColumn(Markup.Escape(site.Site)).RightAligned());
        }

        var sites = build.Sites;
        var total = sites.Count > 1 ? build.Total : null;
        if (total is not null)
        {
            table.AddColumn(new TableColumn("total").RightAligned());
        }

        void Row(string label, Func<ClusterPlan, string> cell, string? totalCell = null)
        {
            List<string> cells = [label, .. sites.Select(s => cell(s.Plan))];
            if (total is not null)
            {
                cells.Add(totalCell ?? "");
            }

            table.AddRow([.. cells.Select(c => new Markup(c))]);
        }

        Row("nodes", p => $"{Whole(p.Nodes)} × {Markup.Escape(p.System.Id)}", total is null ? null : Whole(total.Nodes));
        Row("racks", p => $"{Whole(p.Racks)} × {Show(p.RackPower)}, {(p.Cooling == Cooling.Liquid ? "liquid" : "air")}", total is null ? null : Whole(total.Racks));
        Row("scalable units", p => Whole(p.ScalableUnits));
        Row("network", p => Markup.Escape($"{p.Network.Fabric.Id}, {p.Network.Tiers} tier{(p.Network.Tiers == 1 ? "" : "s")} of radix {p.Network.Radix}"));
        Row("switches", p => $"{Whole(p.Network.Switches)} ({string.Join(" · ", p.Network.Levels.Select(l => $"{Markup.Escape(l.Name)} {Whole(l.Switches)}"))})", total is null ? null : Whole(total.Switches));
        Row("transceivers", p => $"{Whole(p.Network.Transceivers)} ({Number(Math.Round(p.Network.Transceivers / (double)p.Gpus, 2))} per GPU)", total is null ? null : Whole(total.Transceivers));
        Row("scale-out per GPU", p => Gbps(p.Network.ScaleOutPerGpu));
        Row("IT power", p => Show(p.Power.It), total is null ? null : Show(total.ItPower));
        Row("  servers", p => Show(p.Power.Compute));
        Row("  network", p => Show(p.Power.Network));
        Row("  storage", p => Show(p.Power.Storage));
        Row("facility power", p => $"{Show(p.Power.Facility)} at PUE {Number(p.Power.Pue)}", total is null ? null : Show(total.FacilityPower));
        Row("capex", p => Show(p.Capex.Total), total is null ? null : Show(total.Capex.Total));
        var categories = total?.Capex.Categories;
        for (var i = 0; i < sites[0].Plan.Capex.Categories.Count; i++)
        {
            var k = i;
            Row($"  {sites[0].Plan.Capex.Categories[k].Key}", p => Show(p.Capex.Categories[k].Value), categories is null ? null : Show(categories[k].Value));
        }

        Row("opex per year", p => Show(p.Opex.Total), total is null ? null : Show(total.OpexPerYear));
        Row("TCO", p => $"{Show(p.Tco)} over {Number(p.Years)} years", total is null ? null : Show(total.Tco));
        Row("cost per GPU-hour", p => $"${p.UsdPerGpuHour.Dollars.ToString("0.000", CultureInfo.InvariantCulture)} at {Percent(p.Utilization)} used", total?.UsdPerGpuHour is { } h ? $"${h.Dollars.ToString("0.000", CultureInfo.InvariantCulture)}" : null);
        return table;
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
}
