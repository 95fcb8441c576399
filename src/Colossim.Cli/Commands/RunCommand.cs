using System.CommandLine;
using Colossim.Documents;
using Colossim.Reports;
using Colossim.Runs;
using Colossim.Scenarios;
using Spectre.Console;

namespace Colossim.Cli.Commands;

/// <summary><c>colossim run SCENARIO [--out DIR] [--seed N]</c>: runs a scenario and prints its report.</summary>
internal static class RunCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("scenario") { Description = "The scenario file (YAML, or JSON)" };
        var outDir = new Option<string?>("--out") { Description = "A folder to write the report to, created if missing: summary.json, report.txt and report.html as the scenario's report.formats ask (text and html by default), tables/*.csv and *.parquet, charts/*.svg and trace.json", HelpName = "DIR" };
        var seed = new Option<long?>("--seed") { Description = "Use this seed (0 to 2^53) instead of the scenario's", HelpName = "N" };
        seed.CustomParser = result => CliContext.ParseSeed(result);
        var noLoadLadder = new Option<bool>("--no-load-ladder") { Description = "With --out: skip the serving load ladder (each serving workload simulated again at 20 % to 120 % of its load for the throughput-versus-load charts and tables/serving_load)" };
        var noHistory = new Option<bool>("--no-history") { Description = $"Do not record this run in the run history ('colossim runs'); {RunStoreLocation.NoHistoryVariable}=1 does the same" };
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
        command.Options.Add(noLoadLadder);
        command.Options.Add(noHistory);
        command.SetAction((parse, cancel) =>
        {
            var path = parse.GetValue(file)!;
            var result = ScenarioLoader.LoadFile(path, CliContext.Catalog(parse));
            if (result.Scenario is not { } scenario)
            {
                return Task.FromResult(context.Report(result.Problems));
            }

            context.Report(result.Problems);
            var history = CliRunHistory.Start(context, path, scenario.Name, parse.GetValue(noHistory));
            try
            {
                return Task.FromResult(Run(context, parse, scenario, history, cancel));
            }
            catch (OperationCanceledException)
            {
                history?.Fail("cancelled");
                throw;
            }
            catch
            {
                history?.Fail("failed: internal error");
                throw;
            }
        });
        return command;

        int Run(CliContext context, ParseResult parse, Scenario scenario, CliRunHistory? history, CancellationToken cancel)
        {
            // The load ladder only feeds the report folder's charts and tables, so a run without --out skips it.
            var options = new ScenarioRunOptions { Seed = parse.GetValue(seed), ServingLoadLadder = parse.GetValue(outDir) is not null && !parse.GetValue(noLoadLadder) };
            var report = ProgressDisplay.Run(context, scenario.Name, progress => ScenarioRunner.Run(scenario, options, progress, cancel));
            if (context.Report(report.Problems) != ExitCodes.Ok)
            {
                history?.Fail(string.Join("\n", report.Problems.Where(p => p.Severity == Severity.Error)));
                return ExitCodes.BadInput;
            }

            if (parse.GetValue(outDir) is { } dir)
            {
                var problems = new Problems();
                var written = ReportFolder.Write(report, dir, scenario.Report.Formats, problems);
                if (context.Report(problems) != ExitCodes.Ok)
                {
                    history?.Fail(string.Join("\n", problems.Where(p => p.Severity == Severity.Error)));
                    return ExitCodes.BadInput;
                }

                context.Error.WriteLine(ReportFolder.Describe(dir, written));
            }

            var json = ScenarioReportJson.ToJson(report);
            history?.Succeed(json, parse.GetValue(outDir));
            if (CliContext.Format(parse) == OutputFormat.Json)
            {
                context.Out.WriteLine(json);
            }
            else
            {
                Render(context.Console, report);
            }

            return ExitCodes.Ok;
        }
    }

    /// <summary>Writes the report as tables for people.</summary>
    internal static void Render(IAnsiConsole console, ScenarioReport report) => ReportRenderer.Write(console, ScenarioReportText.Blocks(report));
}
