using System.CommandLine;
using Colossim.Documents;
using Colossim.Facility;
using Colossim.Reports;
using Colossim.Scenarios;

namespace Colossim.Cli.Commands;

/// <summary><c>colossim power SCENARIO</c>: what each site draws from the grid over time (Power).</summary>
internal static class PowerCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("scenario") { Description = "The scenario file (YAML, or JSON)" };
        var site = new Option<string>(PowerRequest.Names.Site) { Description = "Only this site (default: every site)", HelpName = "NAME" };
        var length = new Option<string>(PowerRequest.Names.Duration) { Description = "How long the timeline runs (default 24h)", HelpName = "DURATION", DefaultValueFactory = _ => "24h" };
        var step = new Option<string>(PowerRequest.Names.Step) { Description = "Time between samples (default 1s; training steps take seconds); a last shorter sample covers what a step that does not divide the duration leaves", HelpName = "DURATION", DefaultValueFactory = _ => "1s" };
        var policy = new Option<string>(PowerRequest.Names.Policy) { Description = "Battery dispatch: smooth (grid follows a 15-minute moving average), peak-shave (grid held at the site's grid_mw), none", HelpName = string.Join('|', BatteryPolicyNames.All), DefaultValueFactory = _ => "smooth" };
        var output = new Option<string>("--out") { Description = $"Folder for the CSV and SVG chart of each site, created if missing (default: {PowerFiles.DefaultFolder}/)", HelpName = "DIR", DefaultValueFactory = _ => PowerFiles.DefaultFolder };
        var command = new Command("power", """
            Power: what each site of a scenario draws over time. Training jobs swing between compute and communication
            every step (all GPUs at once, tens of MW); serving follows a daily cycle; idle GPUs, network and storage add
            a floor; PUE scales it to the facility. A battery (power.battery_mwh) smooths the grid draw. Prints peaks,
            swings and ramps, energy, cost and CO2, with a coarse timeline, and writes SITE-power.csv and SITE-power.svg
            under --out (colossim-out/ by default).

            Examples:
              colossim power scenarios/colossus.yaml
              colossim power scenarios/colossus.yaml --duration 1h --step 100ms --policy peak-shave --out out/
              colossim power scenarios/colossus.yaml --format json
            """);
        command.Arguments.Add(file);
        command.Options.Add(site);
        command.Options.Add(length);
        command.Options.Add(step);
        command.Options.Add(policy);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            var problems = new Problems();
            var request = new PowerRequest
            {
                Scenario = parse.GetValue(file)!,
                Duration = parse.GetValue(length)!,
                Step = parse.GetValue(step)!,
                Policy = parse.GetValue(policy)!,
                Site = parse.GetValue(site),
            };
            var study = SiteBuild.Study(request, CliContext.Catalog(parse), problems);
            var files = study is null ? null : PowerFiles.Write(study, parse.GetValue(output)!, problems);
            if (context.Report(problems) != ExitCodes.Ok || study is null || files is null)
            {
                return ExitCodes.BadInput;
            }

            if (CliContext.Format(parse) == OutputFormat.Json)
            {
                context.WriteJson(PowerReport.Json(study, files));
            }
            else
            {
                ReportRenderer.Write(context.Console, PowerReport.Blocks(study, files));
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
