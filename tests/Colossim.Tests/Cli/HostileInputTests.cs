using System.Collections.Concurrent;
using System.CommandLine;
using System.CommandLine.Help;
using System.Text.Json;
using Colossim.Cli;
using Colossim.Tests.Scenarios;

namespace Colossim.Tests.Cli;

/// <summary>
/// Walks the whole command tree: every command, from a valid base invocation, gets each of its options (recursive ones
/// included) and arguments replaced by hostile values (NaN, infinities, 1e308, -1, 0, empty, a folder, /dev/zero, a FIFO,
/// a missing file), in text and in JSON. None may crash, hang, print an internal error or a .NET type name, or exit
/// other than 0, 1 or 2.
/// </summary>
public static class HostileInputTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static readonly bool[] Formats = [false, true];

    private static readonly string[] Forbidden = ["internal error", "   at ", "System.", "Exception", "(Parameter '"];

    /// <summary>Every command that does something (has an action), as its path from the root: <c>calibrate import</c>.</summary>
    public static TheoryData<string> CommandPaths()
    {
        var data = new TheoryData<string>();
        foreach (var (path, _) in Walk(Root(), []))
        {
            data.Add(path);
        }

        return data;
    }

    public sealed class TheBaseInvocations : IDisposable
    {
        private readonly TempFolder _temp = new();

        [Fact]
        public void Cover_every_command_of_the_tree()
        {
            var missing = Walk(Root(), []).Select(c => c.Path).Where(path => Base(path, _temp.Path) is null).ToList();

            Assert.Empty(missing);
        }

        public void Dispose() => _temp.Dispose();
    }

    public sealed class EveryOption : IDisposable
    {
        private readonly TempFolder _temp = new();

        [Theory]
        [MemberData(nameof(CommandPaths), MemberType = typeof(HostileInputTests))]
        public void Ends_in_exit_0_1_or_2_with_no_crash_hang_or_type_name(string command)
        {
            var baseArgs = Base(command, _temp.Path)!;
            var plain = CliRunner.Run(baseArgs);
            Assert.True(plain.ExitCode == 0, $"base invocation '{string.Join(' ', baseArgs)}' exited {plain.ExitCode}: {plain.Error}");

            var cases = Cases(command, baseArgs, _temp.Path).ToList();
            var failures = new ConcurrentBag<string>();
            Parallel.ForEach(cases, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(4, Environment.ProcessorCount * 2) }, args =>
            {
                foreach (var json in Formats)
                {
                    string[] full = json ? [.. args, "--format", "json"] : args;
                    if (json && args.Contains("--format", StringComparer.Ordinal))
                    {
                        continue;
                    }

                    if (Check(full) is { } failure)
                    {
                        failures.Add(failure);
                    }
                }
            });

            Assert.True(failures.IsEmpty, $"{failures.Count} of {cases.Count * 2} runs failed:\n{string.Join("\n", failures.Order(StringComparer.Ordinal))}");
        }

        public void Dispose() => _temp.Dispose();
    }

    public sealed class TheCheck
    {
        [Fact]
        public void Passes_a_clean_error()
        {
            Assert.Null(Check(["x"], _ => new CliResult(2, "", "error: --tp: expected a whole number, found 'NaN'\n"), TimeSpan.FromSeconds(5)));
        }

        [Theory]
        [InlineData(134, "", "x: exit 134: ")]
        [InlineData(1, "error: internal error (NullReferenceException): oops", "x: stderr has 'internal error': error: internal error (NullReferenceException): oops")]
        [InlineData(2, "Unhandled exception. System.InvalidOperationException: Cannot parse", "x: stderr has 'System.': Unhandled exception. System.InvalidOperationException: Cannot parse")]
        [InlineData(2, "   at Colossim.Cli.Commands.RunCommand.Create()", "x: stderr has '   at ': at Colossim.Cli.Commands.RunCommand.Create()")]
        public void Reports_a_crash_an_internal_error_or_a_type_name(int exit, string error, string failure)
        {
            Assert.Equal(failure, Check(["x"], _ => new CliResult(exit, "", error), TimeSpan.FromSeconds(5)));
        }

        [Fact]
        public void Reports_a_run_that_throws()
        {
            Assert.Equal("x: threw InvalidOperationException: Cannot parse", Check(["x"], _ => throw new InvalidOperationException("Cannot parse"), TimeSpan.FromSeconds(5)));
        }

        [Fact]
        public void Reports_a_run_that_hangs()
        {
            using var never = new ManualResetEventSlim();

            Assert.Equal("x: still running after 0.2 s", Check(["x"], _ => { never.Wait(); return new CliResult(0, "", ""); }, TimeSpan.FromMilliseconds(200)));
            never.Set();
        }

        [Fact]
        public void Reports_output_after_bad_input_and_json_that_is_not_one_document()
        {
            Assert.Equal("x: exit 2 but stdout has: 42", Check(["x"], _ => new CliResult(2, "42", ""), TimeSpan.FromSeconds(5)));
            Assert.Equal("x --format json: exit 2, stdout is not one JSON document: {} {}", Check(["x", "--format", "json"], _ => new CliResult(2, "{} {}", ""), TimeSpan.FromSeconds(5)));
        }
    }

    // What is wrong with the run of args, or null.
    private static string? Check(string[] args) => Check(args, a => CliRunner.Run(a), Timeout);

    private static string? Check(string[] args, Func<string[], CliResult> runner, TimeSpan timeout)
    {
        var shown = string.Join(' ', args.Select(a => a.Length == 0 ? "''" : a));
        var fifo = args.FirstOrDefault(a => a.EndsWith(".fifo", StringComparison.Ordinal));
        var run = Task.Factory.StartNew(() => runner(args), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            if (!run.Wait(timeout))
            {
                if (fifo is not null)
                {
                    // Unblock the reader: open the FIFO for writing and close it, so that it reads the end of the file.
                    using var writer = new FileStream(fifo, FileMode.Open, FileAccess.Write);
                }

                return $"{shown}: still running after {timeout.TotalSeconds} s";
            }
        }
        catch (AggregateException e) when (e.InnerException is { } inner)
        {
            return $"{shown}: threw {inner.GetType().Name}: {inner.Message}";
        }

        var result = run.Result;
        var json = args.Contains("json", StringComparer.Ordinal);
        if (result.ExitCode is not (0 or 1 or 2))
        {
            return $"{shown}: exit {result.ExitCode}: {Tail(result.Error)}";
        }

        if (Forbidden.FirstOrDefault(f => result.Error.Contains(f, StringComparison.Ordinal)) is { } bad)
        {
            return $"{shown}: stderr has '{bad}': {Tail(result.Error)}";
        }

        if (json && !IsOneJsonDocument(result.Out))
        {
            return $"{shown}: exit {result.ExitCode}, stdout is not one JSON document: {Tail(result.Out)}";
        }

        if (!json && result.ExitCode == 2 && args[0] != "check" && result.Out.Length > 0)
        {
            return $"{shown}: exit 2 but stdout has: {Tail(result.Out)}";
        }

        return null;
    }

    private static bool IsOneJsonDocument(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Tail(string text)
    {
        var oneLine = text.ReplaceLineEndings(" | ").Trim();
        return oneLine.Length <= 300 ? oneLine : oneLine[..300] + "...";
    }

    // The base invocation with each option (or argument) replaced by each hostile value.
    private static IEnumerable<string[]> Cases(string command, string[] baseArgs, string temp)
    {
        var (_, symbols) = Walk(Root(), []).Single(c => c.Path == command);
        var depth = command.Split(' ').Length;
        var counter = 0;
        foreach (var symbol in symbols)
        {
            if (symbol is Option { ValueType: var type } flag && type == typeof(bool))
            {
                yield return [.. baseArgs, flag.Name];
                continue;
            }

            foreach (var value in HostileValues(temp, ref counter))
            {
                var args = baseArgs.ToList();
                var hostile = symbol is Option { Name: "--out" or "--timeline" } && value.Length > 0 && !Path.IsPathRooted(value)
                    ? Path.Combine(temp, "relative", value)
                    : value;
                if (symbol is Option option)
                {
                    var at = args.IndexOf(option.Name);
                    if (at >= 0)
                    {
                        args[at + 1] = hostile;
                    }
                    else
                    {
                        args.AddRange([option.Name, hostile]);
                    }
                }
                else
                {
                    // The (only) argument follows the command's words.
                    args[depth] = hostile;
                }

                yield return [.. args];
            }
        }
    }

    private static List<string> HostileValues(string temp, ref int counter)
    {
        List<string> values = ["NaN", "Infinity", "-Infinity", "1e308", "-1", "0", "", temp, "/dev/zero", Path.Combine(temp, $"missing-{Interlocked.Increment(ref counter)}.yaml")];
        if (!OperatingSystem.IsWindows())
        {
            var fifo = Path.Combine(temp, $"{Interlocked.Increment(ref counter)}-{Guid.NewGuid():N}.fifo");
            Assert.Equal(0, MakeFifo(fifo));
            values.Add(fifo);
        }

        return values;
    }

    private static int MakeFifo(string path)
    {
        using var process = System.Diagnostics.Process.Start("mkfifo", [path]);
        process.WaitForExit();
        return process.ExitCode;
    }

    // A valid, cheap invocation of each command; null for a command the table does not know.
    private static string[]? Base(string command, string temp)
    {
        var scenario = ScenarioFiles.Scenario("single-node-h200.yaml");
        return command switch
        {
            "run" => ["run", scenario],
            "check" => ["check", scenario],
            "catalog" => ["catalog"],
            "catalog gpus" => ["catalog", "gpus"],
            "catalog systems" => ["catalog", "systems"],
            "catalog fabrics" => ["catalog", "fabrics"],
            "catalog models" => ["catalog", "models"],
            "plan" => ["plan", "--gpus", "8", "--gpu", "h200-sxm"],
            "power" => ["power", scenario, "--duration", "1h", "--step", "1min", "--out", Path.Combine(temp, "power")],
            "serve" => ["serve", "--model", "llama3-8b", "--gpu", "h200-sxm", "--gpus", "1", "--rate", "2", "--input-len", "100", "--output-len", "10", "--requests", "5"],
            "predict" => ["predict", "--model", "llama3-8b", "--gpu", "h200-sxm", "--phase", "decode", "--batch", "1", "--context", "128"],
            "validate" => ["validate", "--measurements", Path.Combine(ScenarioFiles.RepoRoot, "tools", "validation", "h200-selfcheck-2026-11-28.jsonl"), "--gpu", "h200-sxm"],
            "calibrate import" => ["calibrate", "import", Path.Combine(ScenarioFiles.RepoRoot, "data", "calibration", "h200-sxm", "microbench.jsonl"), "--gpu", "h200-sxm", "--out", Path.Combine(temp, "calibration")],
            "calibrate show" => ["calibrate", "show", "--gpu", "h200-sxm"],
            "calibrate loo" => ["calibrate", "loo", "--gpu", "h200-sxm"],
            "bench engine" => ["bench", "engine", "--events", "1000", "--pending", "10"],
            "comm" => ["comm", "--op", "all-reduce", "--gpu", "h200-sxm", "--gpus", "16", "--size", "64MiB"],
            "train" => ["train", "--model", "llama3.2-1b", "--gpu", "h200-sxm", "--gpus", "8"],
            "train validate" => ["train", "validate"],
            "runs" => ["runs"],
            "web" => ["web", "--dry-run"],
            "sweep" => ["sweep", scenario, "--vary", "sites[0].power.pue=1.2,1.3", "--store", Path.Combine(temp, "colossim.db"), "--out", Path.Combine(temp, "sweep")],
            "compare" => ["compare", CompareRun(temp, "a"), CompareRun(temp, "b"), "--out", Path.Combine(temp, "compare")],
            "schedule" => ["schedule", "--gpus", "64", "--jobs", "50"],
            "worker" => ["worker", "--cluster", "Host=127.0.0.1;Port=1;Username=colossim", "--dry-run"],
            _ => null,
        };
    }

    // A report folder holding a small run's summary.json, for compare's base invocation.
    private static string CompareRun(string temp, string name)
    {
        var folder = Path.Combine(temp, "runs", name);
        Directory.CreateDirectory(folder);
        var report = Colossim.Scenarios.ScenarioRunner.Run(ScenarioFiles.Parse("name: r\nsites: [ { name: a, gpus: { type: h200-sxm, count: 8 } } ]\n").Scenario!);
        File.WriteAllText(Path.Combine(folder, "summary.json"), Colossim.Reports.ScenarioReportJson.ToJson(report));
        return folder;
    }

    private static RootCommand Root() => ColossimCli.BuildRoot(new CliContext(TextWriter.Null, TextWriter.Null));

    // Every command with an action under command, with its options (its own and the recursive ones of its parents,
    // help and version left out) and arguments.
    private static IEnumerable<(string Path, List<Symbol> Symbols)> Walk(Command command, List<Option> inherited)
    {
        List<Option> recursive = [.. inherited, .. command.Options.Where(o => o.Recursive && o is not (HelpOption or VersionOption))];
        foreach (var sub in command.Subcommands)
        {
            var symbols = new List<Symbol>();
            symbols.AddRange(recursive);
            symbols.AddRange(sub.Options.Where(o => !recursive.Contains(o) && o.Name is not ("--help" or "--version")));
            symbols.AddRange(sub.Arguments);
            foreach (var (path, below) in Walk(sub, recursive))
            {
                yield return ($"{sub.Name} {path}", below);
            }

            if (sub.Action is not null)
            {
                yield return (sub.Name, symbols);
            }
        }
    }
}
