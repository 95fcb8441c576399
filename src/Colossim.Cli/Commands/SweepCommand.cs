using System.CommandLine;
using System.Globalization;
using Colossim.Documents;
using Colossim.Grid;
using Colossim.Reports;
using Colossim.Sweeps;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Colossim.Cli.Commands;

/// <summary>
/// <c>colossim sweep SCENARIO --vary KEY=V1,V2 …</c>: runs a scenario over a design space on every core, each run kept
/// in the run store by its content hash so that an interrupted sweep resumes where it stopped.
/// </summary>
internal static class SweepCommand
{
    private const string Vary = SweepRequest.Names.Vary;
    private const string Random = SweepRequest.Names.Random;
    private const string Lhs = SweepRequest.Names.Lhs;
    private const string Seed = SweepRequest.Names.Seed;
    private const string Seeds = SweepRequest.Names.Seeds;
    private const string Objective = SweepRequest.Names.Objective;
    private const string Minimize = "--minimize";
    private const string Maximize = "--maximize";
    private const string Out = "--out";
    private const string Jobs = "--jobs";
    private const string Store = "--store";
    private const string Cluster = GridDatabase.Option;

    /// <summary>Calls in flight per active worker with <c>--cluster</c> and no <c>--jobs</c>.</summary>
    internal const int InFlightPerWorker = 16;

    /// <summary>The largest scenario file sent to a grid's workers with each run: 16 MiB.</summary>
    private const long SweepRunOrderLimit = 16L << 20;

    /// <summary>The most parallel runs <c>--jobs</c> accepts.</summary>
    internal const int MaxJobs = 1024;

    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("scenario") { Description = "The scenario file (YAML, or JSON)" };
        var command = new Command("sweep", """
            Run a scenario over a design space: every combination of the --vary values (or a random or Latin-hypercube
            sample of them), in parallel on every core, with a progress bar on stderr. Each run is stored in the run
            store ($COLOSSIM_HOME/colossim.db) by a hash of its scenario, seed and the code version, as soon as it
            finishes: run the same command again after an interruption and only the missing runs are made. The table
            (every varied key, the objective, the headline metrics of each pillar) goes to stdout and, with --out, to
            sweep.csv and sweep.parquet with charts (objective against each key, Pareto front of TCO against the objective).

            Examples:
              colossim sweep scenarios/single-node-h200.yaml --vary sites[0].gpus.count=8,16,32 --objective build.total.tco_usd
              colossim sweep scenarios/colossus.yaml --vary sites[0].power.pue=1.1:1.5:0.1 --vary sites[0].gpus.type=h100-sxm,h200-sxm --out out/sweep
              colossim sweep scenarios/single-node-h200.yaml --vary workloads.serving[0].traffic.rate=1,2,4 --seeds 10 --objective workloads.serving[0].simulation.ttft_ms.p99
              colossim sweep scenarios/single-node-h200.yaml --vary sites[0].gpus.count=8:512:8 --cluster env:COLOSSIM_CLUSTER
            """);
        command.Arguments.Add(file);
        command.Options.Add(new Option<string[]>(Vary) { Description = "A scenario value to vary: KEY=V1,V2,... or KEY=START:STOP:STEP (KEY a path as check reports it: sites[0].gpus.count); repeat for more keys", HelpName = "KEY=VALUES", AllowMultipleArgumentsPerToken = false });
        command.Options.Add(new Option<int?>(Random) { Description = "Run N random points of the grid instead of all of it", HelpName = "N" });
        command.Options.Add(new Option<int?>(Lhs) { Description = "Run N points of a Latin hypercube over the grid instead of all of it", HelpName = "N" });
        command.Options.Add(new Option<long?>(Seed) { Description = "Seed of the --random or --lhs sample (0 to 2^53; default 0)", HelpName = "S" });
        command.Options.Add(new Option<int?>(Seeds) { Description = "Run each point N times, with the scenario's seed plus 0..N-1 (Monte Carlo); the table has means and 95% confidence intervals", HelpName = "N" });
        command.Options.Add(new Option<string?>(Objective) { Description = "A number in summary.json to rank points by: build.total.tco_usd, workloads.training[0].mfu, ...", HelpName = "PATH" });
        command.Options.Add(new Option<bool>(Minimize) { Description = "Smaller objective is better (the default)" });
        command.Options.Add(new Option<bool>(Maximize) { Description = "Larger objective is better" });
        command.Options.Add(new Option<string?>(Out) { Description = "A folder for sweep.csv, sweep.parquet and the charts; created if missing", HelpName = "DIR" });
        command.Options.Add(new Option<int?>(Jobs) { Description = $"Runs at once (1 to 1024); default: one per core (with --cluster: runs in flight across the grid, default {InFlightPerWorker} per active worker)", HelpName = "N" });
        command.Options.Add(new Option<string?>(Store) { Description = "The run store's database; default $COLOSSIM_HOME/colossim.db (COLOSSIM_HOME defaults to $XDG_DATA_HOME/colossim or ~/.local/share/colossim)", HelpName = "FILE" });
        command.Options.Add(new Option<string?>(Cluster) { Description = "Run the points on the workers of a grid (colossim worker) instead of this machine's cores: the PostgreSQL database they meet in, as an Npgsql connection string or env:VAR (see docs/scale-out.md)", HelpName = "CONNECTION" });
        command.SetAction(async (parse, cancel) =>
        {
            var problems = new Problems();
            var clusterText = parse.GetValue<string?>(Cluster);
            var connection = clusterText is null ? null : ParseCluster(clusterText, problems);
            if (clusterText is not null)
            {
                NativeBuild.RequireGrid(problems);
            }

            if (parse.GetValue<bool>(Minimize) && parse.GetValue<bool>(Maximize))
            {
                problems.Error(Maximize, "expected --minimize or --maximize, not both");
            }

            var jobsGiven = parse.GetValue<int?>(Jobs);
            var jobs = jobsGiven ?? Environment.ProcessorCount;
            if (jobs is < 1 or > MaxJobs)
            {
                problems.Error(Jobs, $"expected a whole number of parallel runs from 1 to {MaxJobs}, found {jobs}");
            }

            var request = new SweepRequest
            {
                Scenario = parse.GetValue(file)!,
                Vary = parse.GetValue<string[]>(Vary) ?? [],
                Random = parse.GetValue<int?>(Random),
                Lhs = parse.GetValue<int?>(Lhs),
                Seed = parse.GetValue<long?>(Seed),
                Seeds = parse.GetValue<int?>(Seeds),
                Objective = parse.GetValue<string?>(Objective),
                Maximize = parse.GetValue<bool>(Maximize),
            };
            var catalog = CliContext.Catalog(parse);
            context.Mark("catalog loaded");
            var plan = request.Plan(catalog, problems);
            if (context.Report(problems) != ExitCodes.Ok || plan is null)
            {
                return ExitCodes.BadInput;
            }

            context.Mark("plan made");
            var outDir = parse.GetValue<string?>(Out);
            if (outDir is not null && !SweepFiles.CheckFolder(outDir, problems, Out))
            {
                return context.Report(problems);
            }

            var storePath = parse.GetValue<string?>(Store) ?? SweepStore.DefaultPath(Environment.GetEnvironmentVariable);
            using var store = SweepStore.Open(storePath, problems, TimeProvider.System, Store);
            if (store is null)
            {
                return context.Report(problems);
            }

            context.Mark("store opened");
            SweepOutcome outcome;
            SweepReportCache? recorded = null;
            var shownWorkers = jobs;
            IReadOnlyList<Problem> gridProblems = [];
            if (connection is null)
            {
                recorded = new SweepReportCache(plan);
                outcome = await Show(context, plan, progress => SweepRunner.RunAsync(plan, store, jobs, progress, recorded, cancel)).ConfigureAwait(false);
            }
            else
            {
                var grid = await RunOnGridAsync(context, plan, store, connection, jobsGiven, cancel).ConfigureAwait(false);
                if (grid.Outcome is null)
                {
                    return grid.Exit;
                }

                (outcome, shownWorkers, gridProblems) = (grid.Outcome, grid.Workers, grid.Problems);
            }

            if (context.Report(outcome.Problems) != ExitCodes.Ok)
            {
                return ExitCodes.BadInput;
            }

            context.Mark("runs done");
            var report = SweepResults.Report(plan, store, outcome, shownWorkers, recorded);
            context.Mark("report made");
            IReadOnlyList<string> files = [];
            if (outDir is not null)
            {
                if (await SweepFiles.WriteAsync(report, outDir, problems, Out, cancel).ConfigureAwait(false) is not { } written)
                {
                    return context.Report(problems);
                }

                files = written;
            }

            if (CliContext.Format(parse) == OutputFormat.Json)
            {
                await context.Out.WriteLineAsync(ReportJson.Serialize(report.ToJson(files))).ConfigureAwait(false);
            }
            else
            {
                ReportRenderer.Write(context.Console, SweepReportText.Blocks(report, files));
            }

            context.Mark("results written");
            // Runs the grid could not make are not recorded: say so after the table, and exit 1 so scripts run it again.
            if (context.Report(gridProblems) != ExitCodes.Ok)
            {
                return ExitCodes.Failed;
            }

            return report.Rows.All(r => r.Runs > 0 && r.Failed == r.Runs) ? ExitCodes.Failed : ExitCodes.Ok;
        });
        return command;
    }

    // The grid's code (Orleans, its hosting) is reached only through the two methods below, so that a sweep on this
    // machine's cores never loads it: a local sweep starts without a dozen assemblies it does not use.
    private static string? ParseCluster(string text, Problems problems) => GridDatabase.Parse(text, problems, Environment.GetEnvironmentVariable);

    /// <summary>
    /// Runs <paramref name="plan"/> on the workers of the grid that meets in <paramref name="connection"/>: the outcome,
    /// the number of active workers and the problems about the grid (runs it could not make, reported after the table);
    /// or no outcome and the exit code when the grid cannot be reached.
    /// </summary>
    private static async Task<(SweepOutcome? Outcome, int Workers, IReadOnlyList<Problem> Problems, int Exit)> RunOnGridAsync(CliContext context, SweepPlan plan, SweepStore store, string connection, int? jobsGiven, CancellationToken cancel)
    {
        var text = DocReader.ReadText(plan.ScenarioPath, new Problems(plan.ScenarioPath), SweepRunOrderLimit);
        var setup = new Problems();
        if (text is null)
        {
            setup.Error(Cluster, $"expected the scenario file '{plan.ScenarioPath}' to be read again to send it to the workers, found it changed or gone");
            return (null, 0, [], context.Report(setup));
        }

        if (!await GridDatabase.CheckAsync(connection, false, setup, cancel).ConfigureAwait(false))
        {
            return (null, 0, [], context.Report(setup));
        }

        using var client = await GridHosting.ConnectAsync(connection, setup, cancel: cancel).ConfigureAwait(false);
        if (client is null)
        {
            return (null, 0, [], context.Report(setup));
        }

        var grains = client.Services.GetRequiredService<IClusterClient>();
        var workers = await GridSweep.ActiveSilosAsync(grains).ConfigureAwait(false);
        var jobs = jobsGiven ?? Math.Max(1, workers) * InFlightPerWorker;
        var outcome = await Show(context, plan, progress => GridSweep.RunAsync(plan, store, grains, text, jobs, progress, client.Services.GetRequiredService<GridLossSignal>(), cancel: cancel)).ConfigureAwait(false);
        await client.StopAsync(CancellationToken.None).ConfigureAwait(false);
        var gridProblems = outcome.Problems.Where(p => p.Path == Cluster).ToList();
        return (outcome with { Problems = [.. outcome.Problems.Where(p => p.Path != Cluster)] }, workers, gridProblems, ExitCodes.Ok);
    }

    /// <summary>
    /// Runs <paramref name="work"/> with a progress bar on stderr (done/total, runs per second, time left) when stderr is
    /// a terminal; otherwise one line per tenth of the runs, so that logs show a long sweep moving. The rate and the time
    /// left appear once there is a rate (<see cref="SweepProgress.RunsPerSecond"/>: after the first runs in flight).
    /// </summary>
    private static async Task<SweepOutcome> Show(CliContext context, SweepPlan plan, Func<IProgress<SweepProgress>?, Task<SweepOutcome>> work)
    {
        if (!context.ShowsProgress)
        {
            var lastTenth = -1;
            return await work(new Reporter(context, p =>
            {
                var tenth = p.Total == 0 ? 10 : p.Done * 10 / p.Total;
                if (tenth != lastTenth && p.Done > p.Reused)
                {
                    lastTenth = tenth;
                    context.Error.WriteLine($"sweep: {Line(p)}");
                }
            })).ConfigureAwait(false);
        }

        return await context.ErrorConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(Markup.Escape($"sweep of {plan.ScenarioName}"), maxValue: Math.Max(1, plan.Runs.Count));
                var outcome = await work(new Reporter(context, p =>
                {
                    task.Description = Markup.Escape($"sweep of {plan.ScenarioName}: {Line(p)}");
                    task.Value = p.Done;
                })).ConfigureAwait(false);
                task.Value = task.MaxValue;
                return outcome;
            }).ConfigureAwait(false);
    }

    private static string Line(SweepProgress p)
    {
        var invariant = CultureInfo.InvariantCulture;
        var counts = $"{p.Done.ToString("N0", invariant)}/{p.Total.ToString("N0", invariant)} runs{(p.Failed > 0 ? $" ({p.Failed.ToString("N0", invariant)} failed)" : "")}";
        if (p.RunsPerSecond <= 0)
        {
            return counts;
        }

        var left = p.Done < p.Total && p.Remaining is { } r ? $", {(r.TotalHours >= 1 ? r.ToString(@"h\:mm\:ss", invariant) : r.ToString(@"m\:ss", invariant))} left" : "";
        return $"{counts}, {p.RunsPerSecond.ToString("0.#", invariant)}/s{left}";
    }

    // Reports synchronously on the caller's thread; the runner serialises its reports. Marks the first run recorded on
    // the command's timeline (COLOSSIM_TIMINGS=1): what comes before it is start-up, what comes after it is the runs.
    private sealed class Reporter(CliContext context, Action<SweepProgress> report) : IProgress<SweepProgress>
    {
        private bool _ran;

        public void Report(SweepProgress value)
        {
            if (!_ran && value.Done > value.Reused)
            {
                _ran = true;
                context.Mark("first run recorded");
            }

            report(value);
        }
    }
}
