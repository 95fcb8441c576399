using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Reports;
using Colossim.Scenarios;
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
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The watched writer only wraps stdout, which the caller owns; it holds nothing to dispose.")]
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

    private readonly List<Problem> _errors = [];
    private readonly WatchedWriter _output;
    private readonly Lazy<IAnsiConsole> _console;
    private readonly Lazy<IAnsiConsole> _errorConsole;
    private readonly bool _errorIsTerminal;

    /// <summary>Creates the context over the given writers.</summary>
    public CliContext(TextWriter stdout, TextWriter stderr)
    {
        _output = new WatchedWriter(stdout);
        Error = new DiagnosticsWriter(stderr);

        // Made when first used: a Spectre console detects the terminal as it is made, a tenth of a short command's
        // start-up, and many commands write JSON only, or nothing on stderr.
        _console = new(() => CreateConsole(_output, IsTerminal(stdout)));
        _errorIsTerminal = IsTerminal(stderr);
        _errorConsole = new(() => CreateConsole(Error, _errorIsTerminal));
    }

    /// <summary>Where results go.</summary>
    public TextWriter Out => _output;

    /// <summary>
    /// Whether errors also come as one JSON document on stdout (<c>--format json</c>); set by <see cref="ColossimCli"/>
    /// once the command line is parsed.
    /// </summary>
    internal bool JsonErrors { get; set; }

    /// <summary>Where progress, warnings and errors go.</summary>
    public TextWriter Error { get; }

    /// <summary>
    /// Whether <see cref="Mark"/> writes the command's timeline on stderr: set by <see cref="ColossimCli"/> from
    /// <c>COLOSSIM_TIMINGS=1</c>.
    /// </summary>
    internal bool Timings { get; set; }

    /// <summary>Spectre console over <see cref="Out"/>, for tables.</summary>
    public IAnsiConsole Console => _console.Value;

    /// <summary>Spectre console over <see cref="Error"/>, for progress bars.</summary>
    public IAnsiConsole ErrorConsole => _errorConsole.Value;

    /// <summary>
    /// Whether a progress bar can be drawn on stderr (an interactive terminal); known without making
    /// <see cref="ErrorConsole"/> when stderr is not a terminal.
    /// </summary>
    internal bool ShowsProgress => _errorIsTerminal && ErrorConsole.Profile.Capabilities.Interactive;

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

    /// <summary>
    /// The parser of a <c>--seed</c>: a whole number in [0, 2^53], the seeds a scenario accepts; anything else adds one
    /// error line (what was expected, what was found) and gives 0.
    /// </summary>
    internal static long ParseSeed(ArgumentResult result)
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seed) && seed is >= 0 and <= Scenario.MaxSeed)
        {
            return seed;
        }

        result.AddError($"--seed: expected a whole number between 0 and {Scenario.MaxSeed.ToString("N0", CultureInfo.InvariantCulture)}, found '{token}'");
        return 0;
    }

    /// <summary>
    /// Whether the command line asks for <c>--format json</c>, read from its tokens so that it holds even when the
    /// command line has errors.
    /// </summary>
    internal static bool AsksForJson(ParseResult parse) =>
        parse.GetResult(FormatName) is OptionResult { Implicit: false } format
        && format.Tokens.Count > 0
        && string.Equals(format.Tokens[^1].Value, "json", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// With <see cref="Timings"/>, one line on stderr for a step just finished: wall and CPU time since the process
    /// started, the methods compiled and the garbage collections so far (<c>timings: 185 ms wall, 280 ms cpu, 1,176
    /// methods compiled in 163 ms, 0 garbage collections (0 ms paused): plan made</c>), to see where a short command's
    /// time goes (docs/performance.md).
    /// </summary>
    internal void Mark(string step)
    {
        if (!Timings)
        {
            return;
        }

        using var process = System.Diagnostics.Process.GetCurrentProcess();
        var collections = GC.CollectionCount(0);
        var wall = DateTime.Now - process.StartTime;
        Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"timings: {wall.TotalMilliseconds:0} ms wall, {process.TotalProcessorTime.TotalMilliseconds:0} ms cpu, {System.Runtime.JitInfo.GetCompiledMethodCount():N0} methods compiled in {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:0} ms, {collections:N0} garbage collection{(collections == 1 ? "" : "s")} ({GC.GetTotalPauseDuration().TotalMilliseconds:0} ms paused): {step}"));
    }

    /// <summary>Keeps <paramref name="problem"/> for the JSON error document without printing it (the caller has).</summary>
    internal void Keep(Problem problem) => _errors.Add(problem);

    /// <summary>Writes <paramref name="value"/> as JSON on stdout.</summary>
    public void WriteJson<T>(T value) => Out.WriteLine(ReportJson.Serialize(value));

    /// <summary>
    /// Prints warnings and errors on stderr, and keeps the errors for the JSON error document (see <see cref="Finish"/>);
    /// returns <see cref="ExitCodes.BadInput"/> when there is an error, else <see cref="ExitCodes.Ok"/>.
    /// </summary>
    public int Report(IEnumerable<Problem> problems)
    {
        var failed = false;
        foreach (var problem in problems)
        {
            var isError = problem.Severity == Severity.Error;
            failed |= isError;
            Error.WriteLine(isError ? $"error: {problem}" : problem.ToString());
            if (isError)
            {
                _errors.Add(problem);
            }
        }

        return failed ? ExitCodes.BadInput : ExitCodes.Ok;
    }

    /// <summary>
    /// Ends a command that exits with <paramref name="exit"/>: with <c>--format json</c>, a failure that wrote nothing
    /// on stdout writes the error document there, <c>{"exit_code": N, "problems": [...]}</c>, holding every error
    /// reported (a command whose own document describes the failure, as <c>check</c>'s does, keeps that one).
    /// </summary>
    /// <returns><paramref name="exit"/>.</returns>
    internal int Finish(int exit)
    {
        if (exit != ExitCodes.Ok && JsonErrors && !_output.Written)
        {
            Out.WriteLine(ProblemsJson.ToJson(exit, _errors));
        }

        return exit;
    }

    private static bool IsTerminal(TextWriter writer) =>
        (ReferenceEquals(writer, System.Console.Out) && !System.Console.IsOutputRedirected)
        || (ReferenceEquals(writer, System.Console.Error) && !System.Console.IsErrorRedirected);

    private static IAnsiConsole CreateConsole(TextWriter writer, bool isTerminal)
    {
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
