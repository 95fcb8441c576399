using System.CommandLine;
using System.Globalization;
using Colossim.Documents;
using Colossim.Reports;
using Colossim.Simulation;
using Colossim.Units;

namespace Colossim.Cli.Commands;

/// <summary>
/// <c>colossim bench engine [--events N] [--pending P] [--seed S] [--baseline]</c>: measures the discrete-event engine
/// on the classic hold model (<see cref="HoldModel"/>; the run sized first by <see cref="HoldModelMemory"/>) and prints
/// its own throughput; with <c>--baseline</c>, also the same workload on .NET's <c>PriorityQueue&lt;int, long&gt;</c> in
/// the same run, and the ratio. Text and JSON are <see cref="BenchReport"/>'s; progress and warnings go to stderr.
/// </summary>
internal static class BenchCommand
{
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
            if (!problems.HasErrors && HoldModelMemory.Refusal(pending, baseline, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes) is { } refusal)
            {
                problems.Error("--pending", refusal);
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
            context.Error.WriteLine(BenchReport.StartLine(events, pending, seed, baseline));
            var comparison = baseline ? HoldModel.Compare(events, (int)pending, seed, HoldModel.DefaultWarmup) : null;
            var result = comparison?.Engine ?? HoldModel.Run(events, (int)pending, seed);
            if (CliContext.Format(parse) == OutputFormat.Json)
            {
                context.Out.WriteLine(BenchReport.ToJson(result, comparison, HoldModel.IsOptimizedBuild));
            }
            else
            {
                ReportRenderer.Write(context.Console, BenchReport.Blocks(result, comparison));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    // A count given on the command line (10000000, 10M, 1e7): a whole number from 1 to max, else a problem and 0.
    private static long ReadCount(Problems problems, string option, string text, long max)
    {
        if (!Count.TryParse(text, out var value, out var error))
        {
            problems.Error(option, error);
            return 0;
        }

        if (value < 1 || !double.IsInteger(value) || value > max)
        {
            problems.Error(option, string.Create(CultureInfo.InvariantCulture, $"expected a whole number from 1 to {max:N0}, found '{text}'"));
            return 0;
        }

        return (long)value;
    }
}
