using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;
using Colossim.Cli.Commands;
using Colossim.Documents;

namespace Colossim.Cli;

/// <summary>The <c>colossim</c> command line: builds the command tree and runs it against the given writers.</summary>
public static class ColossimCli
{
    /// <summary>Runs the command line <paramref name="args"/>, writing results to <paramref name="stdout"/> and progress, warnings and errors to <paramref name="stderr"/>.</summary>
    /// <returns>0 when done, 1 when a run failed, 2 for bad input (see <see cref="ExitCodes"/>).</returns>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var context = new CliContext(stdout, stderr);
        var root = BuildRoot(context);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                stderr.WriteLine($"error: {error.Message}");
            }

            stderr.WriteLine($"Run '{string.Join(' ', ["colossim", .. CommandPath(parse)])} --help' for usage.");
            return ExitCodes.BadInput;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (InvalidInputException e)
        {
            return context.Report(e.Problems);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            stderr.WriteLine($"error: internal error ({e.GetType().Name}): {e.Message}");
            stderr.WriteLine("This is a bug in colossim; please report it with the command you ran.");
            if (Environment.GetEnvironmentVariable("COLOSSIM_DEBUG") == "1")
            {
                stderr.WriteLine(e);
            }

            return ExitCodes.Failed;
        }
    }

    /// <summary>The command tree, with global options.</summary>
    internal static RootCommand BuildRoot(CliContext context)
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
        foreach (var command in Commands(context))
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    // Every command of the tool, in the order --help lists them.
    private static IEnumerable<Command> Commands(CliContext context) =>
    [
        RunCommand.Create(context),
        CheckCommand.Create(context),
        CatalogCommand.Create(context),
        PlanCommand.Create(context),
        PowerCommand.Create(context),
        PredictCommand.Create(context),
        ValidateCommand.Create(context),
        CalibrateCommand.Create(context),
        BenchCommand.Create(context),
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
