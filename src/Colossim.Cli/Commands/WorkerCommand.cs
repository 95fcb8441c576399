using System.CommandLine;
using System.Net;
using System.Text.Json.Nodes;
using Colossim.Documents;
using Colossim.Grid;
using Colossim.Reports;
using Microsoft.Extensions.Logging;

namespace Colossim.Cli.Commands;

/// <summary>
/// <c>colossim worker --cluster CONNECTION</c>: starts an Orleans silo of the sweep grid on this machine, which makes the
/// runs <c>colossim sweep --cluster</c> sends until Ctrl-C; <c>--init</c> creates the membership tables once.
/// </summary>
internal static class WorkerCommand
{
    private const string Cluster = GridDatabase.Option;
    private const string Jobs = "--jobs";
    private const string Port = "--port";
    private const string GatewayPort = "--gateway-port";
    private const string Advertise = "--advertise";

    public static Command Create(CliContext context)
    {
        var cluster = new Option<string>(Cluster) { Description = "The PostgreSQL database the grid's silos meet in: an Npgsql connection string (Host=db;Username=colossim;Password=...;Database=colossim), or env:VAR naming a variable that holds one", HelpName = "CONNECTION", Required = true };
        var jobs = new Option<int?>(Jobs) { Description = $"Runs this worker makes at once (1 to {SweepCommand.MaxJobs}); default: one per core", HelpName = "N" };
        var port = new Option<int?>(Port) { Description = $"The port silos talk to each other on (1 to 65535; default {GridHosting.DefaultSiloPort})", HelpName = "P" };
        var gatewayPort = new Option<int?>(GatewayPort) { Description = $"The port coordinators (colossim sweep --cluster) connect to (1 to 65535; default {GridHosting.DefaultGatewayPort})", HelpName = "G" };
        var advertise = new Option<string?>(Advertise) { Description = "The IP address other machines reach this one at; default: the host name's first IPv4 address", HelpName = "IP" };
        var init = new Option<bool>("--init") { Description = "Create the grid's membership tables in the database (once, before the first worker; harmless again) and exit" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check the options, print what would start, and exit without connecting" };
        var command = new Command("worker", """
            Start a worker of the sweep grid on this machine: an Orleans silo that makes the runs 'colossim sweep
            --cluster' sends, --jobs at a time, until Ctrl-C. Workers and coordinators find each other in a PostgreSQL
            database (create its tables once with --init); see docs/scale-out.md for the steps. A worker that stops
            loses nothing: the coordinator sends its runs again to the others.

            Examples:
              colossim worker --cluster 'Host=db;Username=colossim;Password=secret;Database=colossim' --init
              colossim worker --cluster env:COLOSSIM_CLUSTER --jobs 16
              colossim worker --cluster env:COLOSSIM_CLUSTER --port 11112 --gateway-port 30001 --advertise 10.0.0.7
            """);
        command.Options.Add(cluster);
        command.Options.Add(jobs);
        command.Options.Add(port);
        command.Options.Add(gatewayPort);
        command.Options.Add(advertise);
        command.Options.Add(init);
        command.Options.Add(dryRun);
        command.SetAction(async (parse, cancel) =>
        {
            var problems = new Problems();
            var connection = GridDatabase.Parse(parse.GetValue(cluster), problems, Environment.GetEnvironmentVariable);
            if (!parse.GetValue(init))
            {
                NativeBuild.RequireGrid(problems);
            }

            var runs = parse.GetValue(jobs) ?? Environment.ProcessorCount;
            if (runs is < 1 or > SweepCommand.MaxJobs)
            {
                problems.Error(Jobs, $"expected a whole number of runs at once from 1 to {SweepCommand.MaxJobs}, found {runs}");
            }

            var siloPort = CheckPort(parse.GetValue(port), GridHosting.DefaultSiloPort, Port, problems);
            var clientPort = CheckPort(parse.GetValue(gatewayPort), GridHosting.DefaultGatewayPort, GatewayPort, problems);
            if (siloPort == clientPort)
            {
                problems.Error(GatewayPort, $"expected a gateway port other than the silo port, found {clientPort} for both");
            }

            IPAddress? address = null;
            if (parse.GetValue(advertise) is { } text && (!IPAddress.TryParse(text, out address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)))
            {
                problems.Error(Advertise, $"expected the IP address other machines reach this one at (such as 10.0.0.7), found '{(text.Length > 80 ? text[..80] + "..." : text)}'");
            }

            if (problems.HasErrors || connection is null)
            {
                return context.Report(problems);
            }

            var where = GridDatabase.Describe(connection);
            if (parse.GetValue(dryRun))
            {
                if (CliContext.Format(parse) == OutputFormat.Json)
                {
                    context.Out.WriteLine(ReportJson.Serialize(new JsonObject
                    {
                        ["cluster"] = where,
                        ["jobs"] = runs,
                        ["silo_port"] = siloPort,
                        ["gateway_port"] = clientPort,
                        ["advertise"] = address?.ToString(),
                        ["init"] = parse.GetValue(init),
                    }));
                }
                else
                {
                    context.Out.WriteLine(parse.GetValue(init)
                        ? $"would create the grid's tables in {where}"
                        : $"would start a worker of the grid in {where}: {runs} run(s) at once, silo port {siloPort}, gateway port {clientPort}, advertising {address?.ToString() ?? "the host name's first IPv4 address"}");
                }

                return ExitCodes.Ok;
            }

            if (!await GridDatabase.CheckAsync(connection, parse.GetValue(init), problems, cancel))
            {
                return context.Report(problems);
            }

            if (parse.GetValue(init))
            {
                context.Out.WriteLine($"the grid's tables are ready in {where}");
                return ExitCodes.Ok;
            }

            var settings = new GridWorkerSettings { ConnectionString = connection, Jobs = runs, Catalog = CliContext.Catalog(parse), SiloPort = siloPort, GatewayPort = clientPort, Advertise = address };
            using var log = new ErrorLog(context.Error);
            using var host = GridHosting.Worker(settings, log);
            try
            {
                using var startup = CancellationTokenSource.CreateLinkedTokenSource(cancel);
                startup.CancelAfter(TimeSpan.FromSeconds(60));
                await host.StartAsync(startup.Token);
            }
            catch (Exception e) when (!cancel.IsCancellationRequested && e is not OutOfMemoryException)
            {
                problems.Error(Cluster, $"could not start a worker in {where} on ports {siloPort} and {clientPort}: {GridDatabase.FirstLine(e is OperationCanceledException ? "it did not join the cluster within 60 s" : e.Message)}");
                return context.Report(problems);
            }

            context.Error.WriteLine($"worker started in {where}: {runs} run(s) at once, silo port {siloPort}, gateway port {clientPort}; Ctrl-C stops it");
            try
            {
                await Task.Delay(Timeout.Infinite, cancel);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C: leave the cluster; runs in progress here are sent again to the other workers.
            }

            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(1.5));
            try
            {
                await host.StopAsync(stopping.Token);
            }
            catch (OperationCanceledException)
            {
                // Out of time: the others will find this silo dead.
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static int CheckPort(int? value, int fallback, string option, Problems problems)
    {
        var port = value ?? fallback;
        if (port is < 1 or > 65535)
        {
            problems.Error(option, $"expected a port from 1 to 65535, found {port}");
        }

        return port;
    }

    /// <summary>Orleans' warnings and errors, one line each on stderr.</summary>
    private sealed class ErrorLog(TextWriter error) : ILoggerProvider, ILogger
    {
        private readonly Lock _lock = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);

            // Orleans' notes on GC settings are advice for servers, not news for this worker's user.
            if (!IsEnabled(logLevel) || message.StartsWith("Note: ", StringComparison.Ordinal))
            {
                return;
            }

            lock (_lock)
            {
                error.WriteLine($"worker: {logLevel.ToString().ToLowerInvariant()}: {GridDatabase.FirstLine(message)}");
            }
        }

        public void Dispose()
        {
        }
    }
}
