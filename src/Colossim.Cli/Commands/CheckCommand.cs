using System.CommandLine;
using System.Globalization;
using Colossim.Documents;
using Colossim.Scenarios;

namespace Colossim.Cli.Commands;

/// <summary><c>colossim check SCENARIO</c>: validates a scenario without running it.</summary>
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
            if (CliContext.Format(parse) == OutputFormat.Json)
            {
                context.WriteJson(new CheckJson(
                    path,
                    result.IsValid,
                    [.. result.Problems.Select(p => new ProblemJson(p.File, p.Path, p.Line, p.Severity, p.Message))],
                    result.Scenario is { } s ? new SummaryJson(s.Sites.Count, s.TotalGpus, s.Tenants.Count, s.Workloads.Count) : null));
                return result.IsValid ? ExitCodes.Ok : ExitCodes.BadInput;
            }

            var exit = context.Report(result.Problems);
            if (result.Scenario is { } scenario)
            {
                context.Out.WriteLine($"{path}: OK ({Summary(scenario)})");
                return exit;
            }

            var errors = result.Problems.Count(p => p.Severity == Severity.Error);
            var warnings = result.Problems.Count - errors;
            context.Out.WriteLine($"{path}: invalid ({Plural(errors, "error")}{(warnings > 0 ? $", {Plural(warnings, "warning")}" : "")})");
            return ExitCodes.BadInput;
        });
        return command;
    }

    /// <summary><c>1 site, 100,000 GPUs, 2 tenants, 2 workloads</c>.</summary>
    internal static string Summary(Scenario s) =>
        $"{Plural(s.Sites.Count, "site")}, {Plural(s.TotalGpus, "GPU")}, {Plural(s.Tenants.Count, "tenant")}, {Plural(s.Workloads.Count, "workload")}";

    internal static string Plural(long n, string noun) =>
        $"{n.ToString("N0", CultureInfo.InvariantCulture)} {noun}{(n == 1 ? "" : "s")}";

    private sealed record CheckJson(string File, bool Valid, IReadOnlyList<ProblemJson> Problems, SummaryJson? Summary);

    private sealed record ProblemJson(string? File, string Path, int? Line, Severity Severity, string Message);

    private sealed record SummaryJson(int Sites, long Gpus, int Tenants, int Workloads);
}
