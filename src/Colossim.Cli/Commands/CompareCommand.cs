using System.CommandLine;
using Colossim.Documents;
using Colossim.Reports;
using Colossim.Runs;
using Colossim.Sweeps;

namespace Colossim.Cli.Commands;

/// <summary><c>colossim compare RUN_A RUN_B [--sweep-store FILE] [--out DIR]</c>: what changed between two runs' report folders, or two points of a sweep.</summary>
internal static class CompareCommand
{
    public static Command Create(CliContext context)
    {
        var a = new Argument<string>("RUN_A") { Description = "A report folder written by 'colossim run --out DIR' (or its summary.json), or a run id from 'colossim runs'; with --sweep-store, a point number or a run hash" };
        var b = new Argument<string>("RUN_B") { Description = "Another report folder, summary.json or run id (or, with --sweep-store, point or hash), compared against RUN_A" };
        var sweepStore = new Option<string?>("--sweep-store") { Description = $"A sweep store (colossim sweep --store FILE): RUN_A and RUN_B are then points, by number as the sweep's table shows them, or runs by the first {SweepComparison.MinHashDigits} or more hex digits of their hash", HelpName = "FILE" };
        var output = new Option<string?>("--out") { Description = $"A folder to write {CompareReport.HtmlFile} (the comparison with a chart, offline) and {CompareReport.JsonFile} to; created if missing", HelpName = "DIR" };
        var command = new Command("compare", """
            Compare two runs (or two points of a sweep): the figures that matter (capex, TCO, cost per GPU-hour, peak power, time and cost to
            train, serving throughput, latency and cost) side by side with their change and whether B is better or
            worse, then the inputs that differ (scenario, seed, sites, tenants, workloads) by path.

            Examples:
              colossim run scenarios/colossus.yaml --out out/a
              colossim run scenarios/colossus.yaml --seed 7 --out out/b
              colossim compare out/a out/b
              colossim compare out/a out/b --out out/a-vs-b --format json
              colossim compare --sweep-store sweep.db 0 9
            """);
        command.Arguments.Add(a);
        command.Arguments.Add(b);
        command.Options.Add(sweepStore);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            var problems = new Problems();
            var comparison = parse.GetValue(sweepStore) is { } store
                ? SweepComparison.Load(store, parse.GetValue(a)!, parse.GetValue(b)!, problems)
                : StoredComparison.Load(parse.GetValue(a)!, parse.GetValue(b)!, problems);
            if (context.Report(problems) != ExitCodes.Ok || comparison is null)
            {
                return ExitCodes.BadInput;
            }

            if (parse.GetValue(output) is { } dir)
            {
                var written = CompareReport.Write(comparison, dir, problems);
                if (context.Report(problems) != ExitCodes.Ok)
                {
                    return ExitCodes.BadInput;
                }

                context.Error.WriteLine($"wrote {string.Join(" and ", written)}");
            }

            if (CliContext.Format(parse) == OutputFormat.Json)
            {
                context.WriteJson(CompareReport.Json(comparison));
            }
            else
            {
                ReportRenderer.Write(context.Console, CompareReport.Blocks(comparison));
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
