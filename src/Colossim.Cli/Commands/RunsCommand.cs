using System.CommandLine;
using Colossim.Documents;
using Colossim.Runs;

namespace Colossim.Cli.Commands;

/// <summary><c>colossim runs [--limit N]</c>: the run history (<see cref="RunStore"/>), newest first.</summary>
internal static class RunsCommand
{
    public static Command Create(CliContext context)
    {
        var limit = new Option<int>("--limit") { Description = $"How many runs to list, newest first (1 to {RunStore.MaxList}; default 20)", HelpName = "N", DefaultValueFactory = _ => 20 };
        var command = new Command("runs", $"""
            List the run history: every run of 'colossim run' and of the dashboard ('colossim web'), newest first, with
            its status (queued, running, succeeded, failed) and why it failed. The history is the SQLite database
            {RunStoreLocation.DatabaseFileName} in ${RunStoreLocation.HomeVariable} (default $XDG_DATA_HOME/colossim or
            ~/.local/share/colossim). Runs left running by a process that died are marked failed (interrupted).

            Examples:
              colossim runs
              colossim runs --limit 100 --format json
            """);
        command.Options.Add(limit);
        command.SetAction(parse =>
        {
            var problems = new Problems();
            var n = parse.GetValue(limit);
            if (n is < 1 or > RunStore.MaxList)
            {
                problems.Error("--limit", $"expected a whole number from 1 to {RunStore.MaxList}, found {n}");
                return context.Report(problems);
            }

            if (RunStore.OpenDefault(problems) is not { } store)
            {
                return context.Report(problems);
            }

            var runs = store.List(n);
            if (CliContext.Format(parse) == OutputFormat.Json)
            {
                context.Out.WriteLine(RunJson.List(runs));
            }
            else
            {
                ReportRenderer.Write(context.Console, RunJson.Blocks(runs, store.DatabasePath));
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}

/// <summary>
/// How <c>colossim run</c> records itself in the run history: a running entry when the scenario has loaded, then
/// succeeded (with its summary and <c>--out</c> folder) or failed. The history never stops a run: a store that cannot
/// be opened or written is one warning on stderr.
/// </summary>
internal sealed class CliRunHistory
{
    private readonly CliContext _context;
    private readonly RunStore _store;
    private readonly string _id;
    private bool _finished;

    private CliRunHistory(CliContext context, RunStore store, string id)
    {
        _context = context;
        _store = store;
        _id = id;
    }

    /// <summary>Records the run of the scenario file at <paramref name="path"/> named <paramref name="name"/> as running; null when history is off or cannot be written (warned).</summary>
    public static CliRunHistory? Start(CliContext context, string path, string name, bool disabled)
    {
        if (disabled || RunStoreLocation.HistoryDisabled())
        {
            return null;
        }

        try
        {
            var problems = new Problems();
            var text = DocReader.ReadText(path, problems, 10 * 1024 * 1024);
            var store = text is null ? null : RunStore.OpenDefault(problems);
            if (store is null)
            {
                Warn(context, string.Join("; ", problems.Select(p => p.Message)));
                return null;
            }

            return new CliRunHistory(context, store, store.Add(name, "cli", text!, RunStatus.Running).Id);
        }
#pragma warning disable CA1031 // The history is a convenience: any failure to record is a warning, never a failed run.
        catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            Warn(context, e.Message);
            return null;
        }
    }

    /// <summary>Records success with the summary JSON and the report folder (or none).</summary>
    public void Succeed(string summary, string? folder) => Finish(() => _store.Succeed(_id, summary, folder is null ? null : Path.GetFullPath(folder)));

    /// <summary>Records failure with its reason, unless already finished.</summary>
    public void Fail(string error) => Finish(() => _store.Fail(_id, error));

    private void Finish(Func<bool> write)
    {
        if (_finished)
        {
            return;
        }

        _finished = true;
        try
        {
            write();
        }
#pragma warning disable CA1031 // See Start.
        catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            Warn(_context, e.Message);
        }
    }

    private static void Warn(CliContext context, string why) =>
        context.Error.WriteLine($"warning: the run is not recorded in the run history: {why.ReplaceLineEndings(" ")} (--no-history or {RunStoreLocation.NoHistoryVariable}=1 turns recording off)");
}
