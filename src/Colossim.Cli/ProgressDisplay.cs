using Colossim.Scenarios;
using Spectre.Console;

namespace Colossim.Cli;

/// <summary>
/// Shows a run's progress as a Spectre progress bar on stderr while <c>work</c> runs, when stderr is a terminal; when
/// it is not (a pipe, a file, a test), nothing is drawn and the work runs as is, so stdout and logs stay clean.
/// </summary>
internal static class ProgressDisplay
{
    public static T Run<T>(CliContext context, string title, Func<IProgress<RunProgress>?, T> work) => context.ShowsProgress ? Run(context.ErrorConsole, title, work) : work(null);

    /// <summary>Runs <paramref name="work"/> with a progress bar on <paramref name="console"/> when it is interactive.</summary>
    public static T Run<T>(IAnsiConsole console, string title, Func<IProgress<RunProgress>?, T> work)
    {
        if (!console.Profile.Capabilities.Interactive)
        {
            return work(null);
        }

        return console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(title), maxValue: 1);
                var result = work(new Reporter(p =>
                {
                    task.Description = Markup.Escape($"{title}: {p.Stage}{(p.Detail is { } d ? $" ({d})" : "")}");
                    task.Value = p.Fraction;
                }));
                task.Value = 1;
                return result;
            });
    }

    // Reports synchronously on the caller's thread (System.Progress<T> posts to the thread pool, out of order).
    private sealed class Reporter(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }
}
