using System.CommandLine;
using Colossim.Reports;
using Colossim.Scenarios;

namespace Colossim.Cli.Commands;

/// <summary>
/// <c>colossim check SCENARIO</c>: validates a scenario without running it. The verdict and its JSON are
/// <see cref="CheckReport"/>'s; in text, the problems go to stderr.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("scenario") { Description = "The scenario file (YAML, or JSON)" };
        var command = new Command("check", """
            Validate a scenario without running it: every problem with its file, line and path. Exit code 0 when the
            scenario can be run (warnings allowed), 2 when it cannot.

            Examples:
              colossim check scenarios/colossus.yaml
              colossim check my-scenario.yaml --format json
              colossim check my-scenario.yaml --catalog ./my-gpus.yaml
            """);
        command.Arguments.Add(file);
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var result = ScenarioChecks.CheckFile(path, CliContext.Catalog(parse));
            var summary = result.Scenario is { } s ? new CheckSummary(s.Sites.Count, s.TotalGpus, s.Tenants.Count, s.Workloads.Count) : null;
            if (CliContext.Format(parse) == OutputFormat.Json)
            {
                // The document describes the problems; they also go to stderr as text, as every command's do.
                context.Out.WriteLine(CheckReport.ToJson(path, result.Problems, summary));
                context.Report(result.Problems);
                return result.IsValid ? ExitCodes.Ok : ExitCodes.BadInput;
            }

            var exit = context.Report(result.Problems);
            ReportRenderer.Write(context.Console, CheckReport.Blocks(path, result.Problems, summary));
            return result.IsValid ? exit : ExitCodes.BadInput;
        });
        return command;
    }
}
