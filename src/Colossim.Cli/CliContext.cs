using System.CommandLine;
using System.CommandLine.Parsing;
using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Reports;
using Spectre.Console;

namespace Colossim.Cli;

/// <summary>How a command prints its result.</summary>
public enum OutputFormat
{
    /// <summary>Tables and text for people.</summary>
    Text,

    /// <summary>One JSON document on stdout, for programs.</summary>
    Json,
}

/// <summary>
/// What every command shares: the output writers (results on stdout, progress and problems on stderr), the global
/// options, the catalog, JSON settings and problem reporting.
/// </summary>
public sealed class CliContext
{
    private const string FormatName = "--format";
    private const string CatalogName = "--catalog";

    /// <summary>
    /// A new <c>--format text|json</c> option, for the root (recursive: every command has it). Options are created per
    /// command tree, never shared: a symbol records its parents, so sharing one between trees built on several threads
    /// (tests run in parallel) would race.
    /// </summary>
    public static Option<OutputFormat> CreateFormatOption() => new(FormatName)
    {
        Description = "Output format: text (tables for people) or json (one document on stdout; progress stays on stderr)",
        DefaultValueFactory = _ => OutputFormat.Text,
        Recursive = true,
        HelpName = "text|json",
    };

    /// <summary>A new <c>--catalog FILE</c> option (recursive): extra catalog files whose entries add to or replace the built-in ones.</summary>
    public static Option<string[]> CreateCatalogOption() => new(CatalogName)
    {
        Description = "An extra catalog file (gpus, systems, fabrics, models) adding to or replacing built-in entries; may be repeated",
        Recursive = true,
        HelpName = "FILE",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>Creates the context over the given writers.</summary>
    public CliContext(TextWriter stdout, TextWriter stderr)
    {
        Out = stdout;
        Error = stderr;
        Console = CreateConsole(stdout);
        ErrorConsole = CreateConsole(stderr);
    }

    /// <summary>Where results go.</summary>
    public TextWriter Out { get; }

    /// <summary>Where progress, warnings and errors go.</summary>
    public TextWriter Error { get; }

    /// <summary>Spectre console over <see cref="Out"/>, for tables.</summary>
    public IAnsiConsole Console { get; }

    /// <summary>Spectre console over <see cref="Error"/>, for progress bars.</summary>
    public IAnsiConsole ErrorConsole { get; }

    /// <summary>The output format chosen with <c>--format</c>.</summary>
    public static OutputFormat Format(ParseResult parse) => parse.GetValue<OutputFormat>(FormatName);

    /// <summary>The built-in catalog plus the files given with <c>--catalog</c>; bad files throw <see cref="InvalidInputException"/>.</summary>
    public static ColossimCatalog Catalog(ParseResult parse)
    {
        var catalog = ColossimCatalog.BuiltIn;
        var problems = new Problems();
        foreach (var file in parse.GetValue<string[]>(CatalogName) ?? [])
        {
            catalog = catalog.WithFile(file, problems);
        }

        return problems.HasErrors ? throw new InvalidInputException(problems) : catalog;
    }

    /// <summary>Rejects a <c>--seed</c> outside [0, 2^53], the seeds a scenario accepts.</summary>
    internal static void CheckSeed(OptionResult result, long? seed)
    {
        if (seed is { } n && n is < 0 or > 1L << 53)
        {
            result.AddError($"--seed: expected a whole number between 0 and {1L << 53:N0}, found {n}");
        }
    }

    /// <summary>Writes <paramref name="value"/> as JSON on stdout.</summary>
    public void WriteJson<T>(T value) => Out.WriteLine(ReportJson.Serialize(value));

    /// <summary>Prints warnings and errors on stderr; returns <see cref="ExitCodes.BadInput"/> when there is an error, else <see cref="ExitCodes.Ok"/>.</summary>
    public int Report(IEnumerable<Problem> problems)
    {
        var failed = false;
        foreach (var problem in problems)
        {
            failed |= problem.Severity == Severity.Error;
            Error.WriteLine(problem.Severity == Severity.Error ? $"error: {problem}" : problem.ToString());
        }

        return failed ? ExitCodes.BadInput : ExitCodes.Ok;
    }

    private static IAnsiConsole CreateConsole(TextWriter writer)
    {
        var isTerminal = (ReferenceEquals(writer, System.Console.Out) && !System.Console.IsOutputRedirected)
            || (ReferenceEquals(writer, System.Console.Error) && !System.Console.IsErrorRedirected);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = isTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isTerminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!isTerminal)
        {
            console.Profile.Width = 160;
        }

        return console;
    }
}
