using System.CommandLine;
using System.Text.Json.Nodes;
using Colossim.Documents;
using Colossim.Reports;
using Colossim.Runs;
using Colossim.Units;
using Colossim.Web;

namespace Colossim.Cli.Commands;

/// <summary><c>colossim web [--urls URL]</c>: the dashboard and its HTTP API, on loopback unless told otherwise.</summary>
internal static class WebCommand
{
    public static Command Create(CliContext context)
    {
        var urls = new Option<string>("--urls") { Description = $"Where to listen: http://HOST:PORT, several separated by ';' (default {DashboardOptions.DefaultUrls}; port 0 picks a free one)", HelpName = "URLS", DefaultValueFactory = _ => DashboardOptions.DefaultUrls };
        var allowRemote = new Option<bool>("--allow-remote") { Description = "Allow an address other machines can reach (the dashboard runs any scenario it is sent; put it behind your own authentication)" };
        var workers = new Option<int>("--workers") { Description = "Runs at once (1 to 64; default 1)", HelpName = "N", DefaultValueFactory = _ => 1 };
        var queue = new Option<int>("--queue") { Description = "Runs that may wait for a worker (0 to 10000; default 16); more are refused with HTTP 429 and Retry-After", HelpName = "N", DefaultValueFactory = _ => 16 };
        var timeout = new Option<string>("--run-timeout") { Description = "The longest a run may take before it is cancelled and marked failed (default 5min)", HelpName = "DURATION", DefaultValueFactory = _ => "5min" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check the options and open the run store, print where the dashboard would listen, and exit" };
        var command = new Command("web", $"""
            Start the dashboard: edit a scenario with live validation, run it with progress, see its report, compare
            runs and browse the catalog, in a browser at the address printed. The page uses the HTTP API described in
            docs/web.md (POST /api/runs, GET /api/runs/ID, GET /api/catalog...). Runs are recorded in the same history
            as 'colossim run' (see 'colossim runs'). Listens on loopback only unless --allow-remote; Ctrl-C stops it.

            Examples:
              colossim web
              colossim web --urls http://127.0.0.1:8080 --workers 2
            """);
        command.Options.Add(urls);
        command.Options.Add(allowRemote);
        command.Options.Add(workers);
        command.Options.Add(queue);
        command.Options.Add(timeout);
        command.Options.Add(dryRun);
        command.SetAction(async (parse, cancel) =>
        {
            var problems = new Problems();
            var limit = TimeSpan.Zero;
            if (!Duration.TryParse(parse.GetValue(timeout), out var runTimeout, out var error))
            {
                problems.Error("--run-timeout", error);
            }
            else if (runTimeout.TotalSeconds is <= 0 or > 86_400)
            {
                problems.Error("--run-timeout", $"expected a run time limit above 0 and at most 1 day, found '{parse.GetValue(timeout)}'");
            }
            else
            {
                limit = TimeSpan.FromSeconds(runTimeout.TotalSeconds);
            }

            var options = new DashboardOptions
            {
                Urls = parse.GetValue(urls)!,
                AllowRemote = parse.GetValue(allowRemote),
                DatabasePath = RunStoreLocation.DatabasePath(),
                Workers = parse.GetValue(workers),
                Queue = parse.GetValue(queue),
                RunTimeout = limit > TimeSpan.Zero ? limit : TimeSpan.FromMinutes(5),
            };
            options.Validate(problems);
            if (problems.HasErrors)
            {
                return context.Report(problems);
            }

            if (RunStore.Open(options.DatabasePath, problems) is not { } store)
            {
                return context.Report(problems);
            }

            if (store.Recovered > 0)
            {
                context.Error.WriteLine($"marked {store.Recovered} run(s) failed (interrupted): their process stopped before they finished");
            }

            if (parse.GetValue(dryRun))
            {
                Describe(context, parse, options, options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                return ExitCodes.Ok;
            }

            await using var dashboard = Dashboard.Create(options, store);
            try
            {
                await dashboard.StartAsync(cancel);
            }
            catch (IOException e)
            {
                problems.Error("--urls", $"cannot listen on {options.Urls}: {e.Message}");
                return context.Report(problems);
            }

            Describe(context, parse, options, dashboard.Addresses);
            context.Error.WriteLine("Ctrl-C stops it; runs still going are then marked failed.");
            try
            {
                await Task.Delay(Timeout.Infinite, cancel);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C: stop.
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Describe(CliContext context, ParseResult parse, DashboardOptions options, IReadOnlyList<string> addresses)
    {
        if (CliContext.Format(parse) == OutputFormat.Json)
        {
            context.Out.WriteLine(ReportJson.Serialize(new JsonObject
            {
                ["urls"] = new JsonArray([.. addresses.Select(a => (JsonNode)a)]),
                ["database"] = options.DatabasePath,
                ["reports"] = options.ReportsRoot,
                ["workers"] = options.Workers,
                ["queue"] = options.Queue,
                ["run_timeout_seconds"] = options.RunTimeout.TotalSeconds,
            }));
            return;
        }

        context.Out.WriteLine($"Colossim dashboard on {string.Join(", ", addresses)}");
        context.Out.WriteLine($"run store {options.DatabasePath}; reports in {options.ReportsRoot}; {options.Workers} run(s) at once, {options.Queue} waiting, {options.RunTimeout.TotalSeconds:0.###} s per run at most");
    }
}
