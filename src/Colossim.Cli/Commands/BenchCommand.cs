using System.CommandLine;
using System.Globalization;
using Colossim.Documents;
using Colossim.Simulation;
using Colossim.Units;
using Spectre.Console;

namespace Colossim.Cli.Commands;

/// <summary>
/// <c>colossim bench engine [--events N] [--pending P] [--seed S] [--baseline]</c>: measures the discrete-event engine
/// on the classic hold model and prints its own throughput; with <c>--baseline</c>, also the same workload on .NET's
/// <c>PriorityQueue&lt;int, long&gt;</c> in the same run, and the ratio. JSON is <c>{"events", "wall_s",
/// "events_per_s", "allocated_bytes_per_event", "debug_build"}</c>, plus <c>"baseline_wall_s",
/// "baseline_events_per_s", "speedup"</c> with <c>--baseline</c>; progress and warnings go to stderr.
/// </summary>
internal static class BenchCommand
{
    /// <summary>The share of the memory available to the process that a benchmark may fill: 3/4.</summary>
    internal const double MemoryShare = 0.75;

    internal const string DebugWarning =
        "warning: this is a Debug build (JIT optimisation off), so its figures mean nothing; measure a Release build: "
        + "dotnet run -c Release --project src/Colossim.Cli -- bench engine";

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
            Description = "Events kept pending in the queue: 100000, 100k (at most 268,435,456, and what fits in 3/4 of the available memory)",
            HelpName = "P",
            DefaultValueFactory = _ => "100000",
        };

        var seedOption = new Option<long>("--seed")
        {
            Description = "Seed of the random delays (0 to 2^53)",
            HelpName = "S",
            DefaultValueFactory = _ => 42,
        };
        seedOption.CustomParser = CliContext.ParseSeed;
        var baselineOption = new Option<bool>("--baseline")
        {
            Description = "Also run the same workload on .NET's PriorityQueue<int, long> in the same run and print the ratio",
        };
        var command = new Command("engine", """
            Measure the discrete-event engine with the hold model: P events stay pending; each processed event
            schedules one more at an exponentially distributed delay. Prints events per second and the bytes
            allocated per event (0 when the event loop allocates nothing). With --baseline, the same loop on .NET's
            PriorityQueue<int, long> (same delays, same number of events) runs beside it, alternating in rounds, and
            the ratio of the two rates is printed: quote the ratio, not the rate. Run it from a Release build.

            Examples:
              colossim bench engine
              colossim bench engine --pending 100k --events 10M --baseline --format json
            """);
        command.Options.Add(eventsOption);
        command.Options.Add(pendingOption);
        command.Options.Add(seedOption);
        command.Options.Add(baselineOption);
        command.SetAction(parse =>
        {
            var problems = new Problems();
            var baseline = parse.GetValue(baselineOption);
            var events = ReadCount(problems, "--events", parse.GetValue(eventsOption)!, long.MaxValue);
            var pending = ReadCount(problems, "--pending", parse.GetValue(pendingOption)!, HoldModel.MaxPending);
            if (!problems.HasErrors)
            {
                CheckMemory(problems, pending, baseline, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
            }

            if (problems.HasErrors)
            {
                return context.Report(problems);
            }

            if (!HoldModel.IsOptimizedBuild)
            {
                context.Error.WriteLine(DebugWarning);
            }

            var seed = (ulong)parse.GetValue(seedOption);
            context.Error.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"hold model: warming up, then timing {events:N0} events with {pending:N0} pending (seed {seed}){(baseline ? ", engine and PriorityQueue<int, long> in alternating rounds" : "")}"));
            HoldModelResult result;
            HoldModelComparison? comparison = null;
            if (baseline)
            {
                comparison = HoldModel.Compare(events, (int)pending, seed, HoldModel.DefaultWarmup);
                result = comparison.Engine;
            }
            else
            {
                result = HoldModel.Run(events, (int)pending, seed);
            }

            if (CliContext.Format(parse) == OutputFormat.Json)
            {
                context.WriteJson(Json(result, comparison, HoldModel.IsOptimizedBuild));
            }
            else
            {
                WriteText(context.Console, result, comparison);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// Refuses a pending count whose queues would not fit in <see cref="MemoryShare"/> of
    /// <paramref name="availableBytes"/> (the GC's <c>TotalAvailableMemoryBytes</c>: physical memory or the
    /// container's limit), from the bytes each pending event takes in the engine (and in the peer with --baseline).
    /// </summary>
    internal static void CheckMemory(Problems problems, long pending, bool baseline, long availableBytes)
    {
        var perEvent = HoldModel.EngineBytesPerPendingEvent + (baseline ? HoldModel.BaselineBytesPerPendingEvent : 0);
        var budget = (long)(availableBytes * MemoryShare);
        var fits = budget / perEvent;
        if (pending > fits)
        {
            problems.Error("--pending", string.Create(
                CultureInfo.InvariantCulture,
                $"expected at most {fits:N0} pending events (3/4 of the {availableBytes / 1e9:#,0.#} GB of memory available, at {perEvent} B per pending event{(baseline ? " for the engine and the baseline" : "")}), found {pending:N0}, which would need {(double)pending * perEvent / 1e9:#,0.#} GB"));
        }
    }

    /// <summary>
    /// The JSON contract: these five keys in this order, then with a baseline <c>baseline_wall_s</c>,
    /// <c>baseline_events_per_s</c> and <c>speedup</c> (engine events/s ÷ baseline events/s).
    /// </summary>
    internal static Dictionary<string, object> Json(HoldModelResult result, HoldModelComparison? comparison, bool optimized)
    {
        var json = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["events"] = result.Events,
            ["wall_s"] = Math.Round(result.WallSeconds, 6),
            ["events_per_s"] = Math.Round(result.EventsPerSecond),
            ["allocated_bytes_per_event"] = Math.Round(result.AllocatedBytesPerEvent, 6),
            ["debug_build"] = !optimized,
        };
        if (comparison is not null)
        {
            json["baseline_wall_s"] = Math.Round(comparison.Baseline.WallSeconds, 6);
            json["baseline_events_per_s"] = Math.Round(comparison.Baseline.EventsPerSecond);
            json["speedup"] = Math.Round(comparison.Speedup, 3);
        }

        return json;
    }

    private static void WriteText(IAnsiConsole console, HoldModelResult result, HoldModelComparison? comparison)
    {
        var table = new Table().AddColumns("hold model", comparison is null ? "value" : "engine");
        if (comparison is not null)
        {
            table.AddColumn("PriorityQueue<int, long>");
        }

        var peer = comparison?.Baseline;
        void Row(string name, Func<HoldModelResult, string> value)
        {
            table.AddRow(peer is null ? [name, value(result)] : [name, value(result), value(peer)]);
        }

        Row("events timed", r => r.Events.ToString("N0", CultureInfo.InvariantCulture));
        Row("events pending", r => r.Pending.ToString("N0", CultureInfo.InvariantCulture));
        Row("warm-up events", r => r.WarmupEvents.ToString("N0", CultureInfo.InvariantCulture));
        Row("wall time", r => Duration.FromSeconds(r.WallSeconds).ToDisplayString());
        Row("events per second", r => (r.EventsPerSecond / 1e6).ToString("0.00", CultureInfo.InvariantCulture) + " M");
        Row("allocated per event", r => r.AllocatedBytesPerEvent.ToString("0.###", CultureInfo.InvariantCulture) + " B");
        if (comparison is not null)
        {
            table.AddRow("speedup (engine ÷ PriorityQueue)", comparison.Speedup.ToString("0.00", CultureInfo.InvariantCulture) + "×", "");
        }

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
