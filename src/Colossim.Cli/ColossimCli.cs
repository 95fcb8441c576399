// Errors, one rule for every command:
// - Every error goes to stderr as text, one line each (`error: ...`), followed for a command-line mistake by
//   "Run 'colossim X --help' for usage."; the exit code is 2 for bad input, 1 for a failed run or an internal error,
//   130 when cancelled (Ctrl-C). Nothing else goes to stdout on bad input.
// - With --format json, a command that fails also writes exactly one JSON document on stdout: its own document when it
//   has one that describes the failure (check: {"file", "valid": false, "problems", "summary"}), otherwise the error
//   document {"exit_code": N, "problems": [{"file", "path", "line", "severity", "message"}]}. This holds for parse
//   errors (a bad option value, a missing argument) as for errors found while running; CliContext.Finish writes it.
// - Option and argument values are converted by OptionValues (installed on the whole tree in BuildRoot): a value that
//   cannot be converted is one line saying what was expected and what was found, never a .NET type name; the
//   parser's own messages (a missing option or argument, an unknown word, a value outside the choices) are said the
//   same way by ParseProblem ("--phase: is required (...)", "expected a command: gpus, ..., found 'x'").
using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Reflection;
using System.Text.RegularExpressions;
using Colossim.Cli.Commands;
using Colossim.Documents;

namespace Colossim.Cli;

/// <summary>The <c>colossim</c> command line: builds the command tree and runs it against the given writers.</summary>
public static class ColossimCli
{
    /// <summary>Runs the command line <paramref name="args"/>, writing results to <paramref name="stdout"/> and progress, warnings and errors to <paramref name="stderr"/>.</summary>
    /// <returns>0 when done, 1 when a run failed, 2 for bad input, 130 when cancelled (see <see cref="ExitCodes"/>).</returns>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, stdout, stderr, CancellationToken.None);

    /// <summary>
    /// Runs the command line <paramref name="args"/> as <see cref="Run(string[], TextWriter, TextWriter)"/> does; a run
    /// stops when <paramref name="cancel"/> is signalled (as when Ctrl-C is pressed), printing <c>cancelled</c> on
    /// <paramref name="stderr"/> and returning <see cref="ExitCodes.Cancelled"/>.
    /// </summary>
    /// <returns>0 when done, 1 when a run failed, 2 for bad input, 130 when cancelled (see <see cref="ExitCodes"/>).</returns>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancel)
    {
        var context = new CliContext(stdout, stderr) { Timings = Environment.GetEnvironmentVariable("COLOSSIM_TIMINGS") == "1" };
        try
        {
            // Parsing is inside the try: a parser or validator that throws is a bug, reported as one.
            var parse = BuildRoot(context, args.Length > 0 && Commands.Any(c => c.Name == args[0]) ? args[0] : null).Parse(args);
            context.JsonErrors = CliContext.AsksForJson(parse);
            if (parse.Errors.Count > 0)
            {
                context.Report(ParseProblems(parse.Errors));
                context.Error.WriteLine($"Run '{string.Join(' ', ["colossim", .. CommandPath(parse)])} --help' for usage.");
                return context.Finish(ExitCodes.BadInput);
            }

            var configuration = new InvocationConfiguration
            {
                Output = context.Out,
                Error = context.Error,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = TimeSpan.FromSeconds(2),
            };
            context.Mark("command line parsed");
            var exit = parse.InvokeAsync(configuration, cancel).GetAwaiter().GetResult();
            context.Mark("command finished");
            return exit == ExitCodes.Cancelled ? Cancelled(context) : context.Finish(exit);
        }
        catch (InvalidInputException e)
        {
            return context.Finish(context.Report(e.Problems));
        }
        catch (OperationCanceledException)
        {
            return Cancelled(context);
        }
        catch (OutputLostException e)
        {
            context.Report([new Problem("", $"cannot write the results to stdout ({e.Message})")]);
            return ExitCodes.Failed;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            context.Report([new Problem("", $"internal error ({e.GetType().Name}): {e.Message}")]);
            context.Error.WriteLine("This is a bug in colossim; please report it with the command you ran.");
            if (Environment.GetEnvironmentVariable("COLOSSIM_DEBUG") == "1")
            {
                context.Error.WriteLine(e);
            }

            return context.Finish(ExitCodes.Failed);
        }
    }

    /// <summary>The command tree, with global options.</summary>
    internal static RootCommand BuildRoot(CliContext context) => BuildRoot(context, null);

    /// <summary>
    /// The command tree, with global options; with <paramref name="only"/> (a command's name), the root holds that
    /// command alone: a command line that starts with a command's name is parsed without building the other commands,
    /// a sixth of a short command's start-up.
    /// </summary>
    internal static RootCommand BuildRoot(CliContext context, string? only)
    {
        var root = new RootCommand(
            """
            Colossim: a deterministic digital twin of AI supercomputers.

            Examples:
              colossim run scenarios/colossus.yaml
              colossim catalog gpus
              colossim check my-scenario.yaml --format json
            """);
        foreach (var option in root.Options)
        {
            if (option is VersionOption version)
            {
                // The default prints the entry assembly's version, which is the test host's when run in process.
                version.Action = new VersionAction(context.Out);
            }
        }

        root.Options.Add(CliContext.CreateFormatOption());
        root.Options.Add(CliContext.CreateCatalogOption());
        foreach (var (name, create) in Commands)
        {
            if (only is null || name == only)
            {
                root.Subcommands.Add(create(context));
            }
        }

        OptionValues.Install(root);

        return root;
    }

    /// <summary>Every command of the tool by name, in the order --help lists them.</summary>
    internal static readonly IReadOnlyList<(string Name, Func<CliContext, Command> Create)> Commands =
    [
        ("run", RunCommand.Create),
        ("check", CheckCommand.Create),
        ("catalog", CatalogCommand.Create),
        ("plan", PlanCommand.Create),
        ("power", PowerCommand.Create),
        ("predict", PredictCommand.Create),
        ("serve", ServeCommand.Create),
        ("validate", ValidateCommand.Create),
        ("calibrate", CalibrateCommand.Create),
        ("bench", BenchCommand.Create),
        ("comm", CommCommand.Create),
        ("train", TrainCommand.Create),
        ("runs", RunsCommand.Create),
        ("web", WebCommand.Create),
        ("sweep", SweepCommand.Create),
        ("compare", CompareCommand.Create),
        ("schedule", ScheduleCommand.Create),
        ("worker", WorkerCommand.Create),
    ];

    /// <summary>The tool's version: <c>0.1.0+commit</c>.</summary>
    public static string Version =>
        typeof(ColossimCli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    private sealed class VersionAction(TextWriter output) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            output.WriteLine(Version);
            return ExitCodes.Ok;
        }
    }

    // A parse error as a problem on one line, its path the option it is about, in the words of every other error ("--phase: expected one of prefill, ..., found 'x'").
    private static Problem ParseProblem(ParseError error)
    {
        var message = OptionValues.OneLine(error.Message);
        if (Regex.Match(message, "^Option '(?<name>[^']+)' is required\\.$") is { Success: true } missing)
        {
            // The parser's "Option '--phase' is required." in the project's words, with what the option takes.
            var required = missing.Groups["name"].Value;
            var description = error.SymbolResult switch
            {
                OptionResult option => option.Option.Description,
                System.CommandLine.Parsing.CommandResult command => command.Command.Options.FirstOrDefault(o => o.Name == required)?.Description,
                _ => null,
            };
            return new Problem(required, string.IsNullOrEmpty(description) ? "is required" : $"is required ({Lowered(description)})");
        }

        if (Regex.Match(message, "^Unrecognized command or argument '(?<word>.*)'\\.$") is { Success: true } unknown
            && error.SymbolResult is System.CommandLine.Parsing.CommandResult at)
        {
            // The parser's "Unrecognized command or argument 'x'." said as what was expected instead.
            var word = unknown.Groups["word"].Value;
            var expected = word.StartsWith('-') ? "an option of this command (see --help)"
                : at.Command.Subcommands.Any() ? ACommand(at.Command)
                : "no more arguments";
            return new Problem("", $"expected {expected}, found '{word}'");
        }

        if (message == "Required command was not provided." && error.SymbolResult is System.CommandLine.Parsing.CommandResult bare)
        {
            return new Problem("", $"expected {ACommand(bare.Command)}, found none");
        }

        if (Regex.Match(message, "^Required argument missing for option: '(?<name>[^']+)'\\.$") is { Success: true } noValue)
        {
            return new Problem(noValue.Groups["name"].Value, "expected a value after it, found none");
        }

        if (Regex.Match(message, "^Option '(?<name>[^']+)' expects a single argument but (?<count>\\d+) were provided\\.$") is { Success: true } tooMany)
        {
            return new Problem(tooMany.Groups["name"].Value, $"expected it once, found {tooMany.Groups["count"].Value} values");
        }

        if (message.StartsWith("Required argument missing for command: ", StringComparison.Ordinal)
            && error.SymbolResult switch
            {
                ArgumentResult missingArgument => missingArgument.Argument,
                System.CommandLine.Parsing.CommandResult needs => needs.Command.Arguments.FirstOrDefault(a => needs.GetResult(a) is not { Tokens.Count: > 0 }),
                _ => null,
            } is { } argument)
        {
            return new Problem(argument.Name.ToUpperInvariant(), $"expected {Lowered(argument.Description ?? argument.Name)}, found none");
        }

        if (Regex.Match(message, "^Argument '(?<value>.*)' not recognized\\. Must be one of:(?<allowed>.*)$") is { Success: true } notAmong)
        {
            // The parser's "Argument 'x' not recognized. Must be one of: 'a', 'b'" in the words of every other error.
            var allowed = string.Join(", ", notAmong.Groups["allowed"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(a => a.Trim('\'')));
            message = $"expected one of {allowed}, found '{notAmong.Groups["value"].Value}'";
        }

        var name = error.SymbolResult switch
        {
            OptionResult option => option.Option.Name,
            ArgumentResult { Parent: OptionResult option } => option.Option.Name,
            _ => null,
        };
        if (name is null)
        {
            return new Problem("", message);
        }

        var prefix = name + ": ";
        return message.StartsWith(prefix, StringComparison.Ordinal) ? new Problem(name, message[prefix.Length..])
            : message.Contains(name, StringComparison.Ordinal) ? new Problem("", message)
            : new Problem(name, message);
    }

    // A description as part of a sentence: "The scenario file" becomes "the scenario file"; "GPU: ..." stays.
    private static string Lowered(string text) =>
        text.Length > 1 && char.IsUpper(text[0]) && (char.IsLower(text[1]) || text[1] == ' ') ? char.ToLowerInvariant(text[0]) + text[1..] : text;

    private static string ACommand(Command command) => $"a command: {string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}";

    // The parse errors as problems; "expected a command, found none" goes when another says which word was found instead.
    private static IEnumerable<Problem> ParseProblems(IReadOnlyList<ParseError> errors)
    {
        var problems = errors.Select(ParseProblem).ToList();
        static bool AboutCommand(Problem p) => p.Message.StartsWith("expected a command: ", StringComparison.Ordinal);
        static bool FoundNone(Problem p) => AboutCommand(p) && p.Message.EndsWith(", found none", StringComparison.Ordinal);
        return problems.Any(p => AboutCommand(p) && !FoundNone(p)) ? problems.Where(p => !FoundNone(p)) : problems;
    }

    private static int Cancelled(CliContext context)
    {
        context.Error.WriteLine("cancelled");
        context.Keep(new Problem("", "cancelled"));
        return context.Finish(ExitCodes.Cancelled);
    }

    private static Stack<string> CommandPath(ParseResult parse)
    {
        var names = new Stack<string>();
        for (var result = parse.CommandResult; result.Parent is System.CommandLine.Parsing.CommandResult parent; result = parent)
        {
            names.Push(result.Command.Name);
        }

        return names;
    }
}
