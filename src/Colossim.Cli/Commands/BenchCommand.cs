using System.CommandLine;
using System.Globalization;
using Colossim.Documents;
using Colossim.Simulation;
using Colossim.Units;
using Spectre.Console;

namespace Colossim.Cli.Commands;

/// <summary>
/// <c>colossim bench engine [--events N] [--pending P] [--seed S]</c>: measures the discrete-event engine on the
/// classic hold model and prints its own throughput. JSON is <c>{"events", "wall_s", "events_per_s",
/// "allocated_bytes_per_event"}</c>; progress goes to stderr.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("bench", "Measure colossim's own speed; each subcommand prints its throughput.");
        command.Subcommands.Add(Engine(context));
        return command;
    }

    private static Command Engine(CliContext context)
    {
        var eventsOption = new Option<string>("--events")
        {
            Description = "Events to time, after a warm-up: 10000000, 10M, 1e7",
            HelpName = "N",
            DefaultValueFactory = _ => "10000000",
        };

        var pendingOption = new Option<string>("--pending")
        {
            Description = "Events kept pending in the queue: 100000, 100k (at most 268,435,456)",
            HelpName = "P",
            DefaultValueFactory = _ => "100000",
        };

        var seedOption = new Option<long>("--seed")
        {
            Description = "Seed of the random delays (0 to 2^53)",
            HelpName = "S",
            DefaultValueFactory = _ => 42,
        };
        seedOption.Validators.Add(result => CliContext.CheckSeed(result, result.GetValueOrDefault<long>()));
        var command = new Command("engine", """
            Measure the discrete-event engine with the hold model: P events stay pending; each processed event
            schedules one more at an exponentially distributed delay. Prints events per second and the bytes
            allocated per event (0 when the event loop allocates nothing). Run it from a Release build.

            Examples:
              colossim bench engine
              colossim bench engine --pending 100k --events 10M --format json
            """);
        command.Options.Add(eventsOption);
        command.Options.Add(pendingOption);
        command.Options.Add(seedOption);
        command.SetAction(parse =>
        {
            var problems = new Problems();
            var events = ReadCount(problems, "--events", parse.GetValue(eventsOption)!, long.MaxValue);
            var pending = ReadCount(problems, "--pending", parse.GetValue(pendingOption)!, 1 << 28);
            if (problems.HasErrors)
            {
                return context.Report(problems);
            }

            context.Error.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"hold model: warming up, then timing {events:N0} events with {pending:N0} pending (seed {parse.GetValue(seedOption)})"));
            var result = HoldModel.Run(events, (int)pending, (ulong)parse.GetValue(seedOption));
            if (CliContext.Format(parse) == OutputFormat.Json)
            {
                context.WriteJson(Json(result));
            }
            else
            {
                WriteText(context.Console, result);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The JSON contract: exactly these four keys, in this order.</summary>
    internal static Dictionary<string, object> Json(HoldModelResult result) => new(StringComparer.Ordinal)
    {
        ["events"] = result.Events,
        ["wall_s"] = Math.Round(result.WallSeconds, 6),
        ["events_per_s"] = Math.Round(result.EventsPerSecond),
        ["allocated_bytes_per_event"] = Math.Round(result.AllocatedBytesPerEvent, 6),
    };

    private static void WriteText(IAnsiConsole console, HoldModelResult result)
    {
        var table = new Table().AddColumns("hold model", "value");
        table.AddRow("events timed", result.Events.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("events pending", result.Pending.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("warm-up events", result.WarmupEvents.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("wall time", Duration.FromSeconds(result.WallSeconds).ToDisplayString());
        table.AddRow("events per second", (result.EventsPerSecond / 1e6).ToString("0.00", CultureInfo.InvariantCulture) + " M");
        table.AddRow("allocated per event", result.AllocatedBytesPerEvent.ToString("0.###", CultureInfo.InvariantCulture) + " B");
        console.Write(table);
    }

    private static long ReadCount(Problems problems, string option, string text, long max)
    {
        if (!Count.TryParse(text, out var value, out var error))
        {
            problems.Error(option, error);
            return 0;
        }

        if (value < 1 || value != Math.Floor(value) || value > max)
        {
            problems.Error(option, string.Create(CultureInfo.InvariantCulture, $"expected a whole number from 1 to {max:N0}, found '{text}'"));
            return 0;
        }

        return (long)value;
    }
}
