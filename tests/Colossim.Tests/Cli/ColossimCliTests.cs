using System.Text.Json;
using Colossim.Tests.Scenarios;

namespace Colossim.Tests.Cli;

public sealed class ColossimCliTests
{
    public sealed class TheRunMethod
    {
        [Fact]
        public void Exits_with_2_and_names_the_unknown_command()
        {
            var result = CliRunner.Run("bogus");

            Assert.Equal(2, result.ExitCode);
            Assert.Equal("error: expected a command: run, check, catalog, plan, power, predict, serve, validate, calibrate, bench, comm, train, runs, web, sweep, compare, schedule, worker, found 'bogus'\nRun 'colossim --help' for usage.\n", result.Error.ReplaceLineEndings("\n"));
            Assert.Equal("", result.Out);
        }

        [Theory]
        [InlineData(new string[0], "error: expected a command: run, check, catalog, plan, power, predict, serve, validate, calibrate, bench, comm, train, runs, web, sweep, compare, schedule, worker, found none\nRun 'colossim --help' for usage.\n")]
        [InlineData(new[] { "bench" }, "error: expected a command: engine, found none\nRun 'colossim bench --help' for usage.\n")]
        [InlineData(new[] { "calibrate", "nope" }, "error: expected a command: import, show, loo, found 'nope'\nRun 'colossim calibrate --help' for usage.\n")]
        [InlineData(new[] { "runs", "show" }, "error: expected no more arguments, found 'show'\nRun 'colossim runs --help' for usage.\n")]
        [InlineData(new[] { "run", "scenarios/colossus.yaml", "--bogus" }, "error: expected an option of this command (see --help), found '--bogus'\nRun 'colossim run --help' for usage.\n")]
        [InlineData(new[] { "run" }, "error: SCENARIO: expected the scenario file (YAML, or JSON), found none\nRun 'colossim run --help' for usage.\n")]
        [InlineData(new[] { "compare", "a" }, "error: RUN_B: expected another report folder, summary.json or run id (or, with --sweep-store, point or hash), compared against RUN_A, found none\nRun 'colossim compare --help' for usage.\n")]
        [InlineData(new[] { "predict", "--model", "llama3-8b", "--gpu", "h200-sxm", "--phase", "decode", "--tp" }, "error: --tp: expected a value after it, found none\nRun 'colossim predict --help' for usage.\n")]
        [InlineData(new[] { "run", "scenarios/colossus.yaml", "--seed", "1", "--seed", "2" }, "error: --seed: expected it once, found 2 values\nRun 'colossim run --help' for usage.\n")]
        public void Says_which_command_or_option_was_expected_and_what_was_found(string[] args, string error)
        {
            var result = CliRunner.Run(args);

            Assert.Equal(2, result.ExitCode);
            Assert.Equal(error, result.Error.ReplaceLineEndings("\n"));
            Assert.Equal("", result.Out);
        }

        [Fact]
        public void Exits_with_2_for_a_format_it_does_not_know()
        {
            var result = CliRunner.Run("catalog", "gpus", "--format", "xml");

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("xml", result.Error, StringComparison.Ordinal);
        }

        [Fact]
        public void Prints_the_version()
        {
            var result = CliRunner.Run("--version");

            Assert.Equal(0, result.ExitCode);
            Assert.StartsWith("0.1.0", result.Out, StringComparison.Ordinal);
        }

        [Fact]
        public void Shows_examples_in_help()
        {
            var result = CliRunner.Run("--help");

            Assert.Equal(0, result.ExitCode);
            Assert.Contains("Examples:", result.Out, StringComparison.Ordinal);
            Assert.Contains("colossim run scenarios/colossus.yaml", result.Out, StringComparison.Ordinal);
        }

        [Fact]
        public void Builds_only_the_command_a_command_line_names_and_parses_it_as_the_whole_tree_does()
        {
            var context = new Colossim.Cli.CliContext(TextWriter.Null, TextWriter.Null);
            foreach (var (name, _) in Colossim.Cli.ColossimCli.Commands)
            {
                var only = Colossim.Cli.ColossimCli.BuildRoot(context, name);
                Assert.Equal([name], only.Subcommands.Select(c => c.Name));
            }

            string[] line = ["sweep", "scenario.yaml", "--vary", "sites[0].gpus.count=8,16", "--jobs", "2", "--format", "json"];
            var whole = Colossim.Cli.ColossimCli.BuildRoot(context).Parse(line);
            var single = Colossim.Cli.ColossimCli.BuildRoot(context, "sweep").Parse(line);
            Assert.Equal(whole.CommandResult.Command.Name, single.CommandResult.Command.Name);
            Assert.Equal(whole.GetValue<int?>("--jobs"), single.GetValue<int?>("--jobs"));
            Assert.Equal(whole.GetValue<string[]>("--vary"), single.GetValue<string[]>("--vary"));
            Assert.Empty(single.Errors);

            // A first word that is not a command still gets the whole tree, so the error can list the commands.
            var wrong = CliRunner.Run("sweeps", "x.yaml");
            Assert.Equal(2, wrong.ExitCode);
            Assert.Contains("sweep", wrong.Error, StringComparison.Ordinal);
            Assert.Contains("worker", wrong.Error, StringComparison.Ordinal);
        }

        [Fact]
        public void Shows_examples_in_the_help_of_every_command()
        {
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            var root = Colossim.Cli.ColossimCli.BuildRoot(new Colossim.Cli.CliContext(stdout, stderr));
            var paths = new List<string[]>();
            void Walk(System.CommandLine.Command command, string[] path)
            {
                foreach (var sub in command.Subcommands)
                {
                    string[] here = [.. path, sub.Name];
                    paths.Add(here);
                    Walk(sub, here);
                }
            }

            Walk(root, []);

            Assert.NotEmpty(paths);
            var missing = paths
                .Where(path => !CliRunner.Run([.. path, "--help"]).Out.Contains("Examples:", StringComparison.Ordinal))
                .Select(path => string.Join(' ', path))
                .ToList();
            Assert.Empty(missing);
        }

        [Fact]
        public void Writes_json_that_parses_when_asked_for_json()
        {
            var result = CliRunner.Run("catalog", "gpus", "--format", "json");

            Assert.Equal(0, result.ExitCode);
            using var doc = JsonDocument.Parse(result.Out);
            Assert.Equal(JsonValueKind.Array, doc.RootElement.ValueKind);
        }
    }

    public sealed class OptionValues
    {
        [Theory]
        [InlineData(new[] { "run", "scenarios/colossus.yaml", "--seed", "abc" }, "--seed: expected a whole number between 0 and 9,007,199,254,740,992, found 'abc'", "run")]
        [InlineData(new[] { "run", "scenarios/colossus.yaml", "--seed", "1e30" }, "--seed: expected a whole number between 0 and 9,007,199,254,740,992, found '1e30'", "run")]
        [InlineData(new[] { "run", "scenarios/colossus.yaml", "--seed", "-1" }, "--seed: expected a whole number between 0 and 9,007,199,254,740,992, found '-1'", "run")]
        [InlineData(new[] { "run", "scenarios/colossus.yaml", "--seed", "9007199254740993" }, "--seed: expected a whole number between 0 and 9,007,199,254,740,992, found '9007199254740993'", "run")]
        [InlineData(new[] { "bench", "engine", "--seed", "abc" }, "--seed: expected a whole number between 0 and 9,007,199,254,740,992, found 'abc'", "bench engine")]
        [InlineData(new[] { "bench", "engine", "--seed", "" }, "--seed: expected a whole number between 0 and 9,007,199,254,740,992, found ''", "bench engine")]
        [InlineData(new[] { "predict", "--model", "llama3-8b", "--gpu", "h200-sxm", "--phase", "decode", "--tp", "1e30" }, "--tp: expected a whole number, found '1e30'", "predict")]
        [InlineData(new[] { "predict", "--model", "llama3-8b", "--gpu", "h200-sxm", "--phase", "decode", "--tp", "99999999999" }, "--tp: expected a whole number between -2,147,483,648 and 2,147,483,647, found '99999999999'", "predict")]
        [InlineData(new[] { "predict", "--model", "llama3-8b", "--gpu", "h200-sxm", "--phase", "decode", "--context", "1.5" }, "--context: expected a whole number, found '1.5'", "predict")]
        [InlineData(new[] { "predict", "--model", "llama3-8b", "--gpu", "h200-sxm", "--phase", "decode", "--hot-expert-load", "NaN" }, "--hot-expert-load: expected a finite number, found 'NaN'", "predict")]
        [InlineData(new[] { "predict", "--model", "llama3-8b", "--gpu", "h200-sxm", "--phase", "decode", "--hot-expert-load", "-Infinity" }, "--hot-expert-load: expected a finite number, found '-Infinity'", "predict")]
        [InlineData(new[] { "predict", "--model", "llama3-8b", "--gpu", "h200-sxm", "--phase", "decode", "--hot-expert-load", "1,5" }, "--hot-expert-load: expected a finite number, found '1,5'", "predict")]
        [InlineData(new[] { "predict", "--model", "llama3-8b", "--gpu", "h200-sxm", "--phase", "nope" }, "--phase: expected one of prefill, decode, mixed, train, found 'nope'", "predict")]
        [InlineData(new[] { "predict", "--model", "llama3-8b", "--gpu", "h200-sxm" }, "--phase: is required (prefill, decode, mixed (chunked prefill) or train)", "predict")]
        [InlineData(new[] { "comm", "--op", "all-reduce", "--gpus", "8" }, "--gpu: is required (GPU: a catalog id (h100-sxm, gb200) or a YAML file)", "comm")]
        [InlineData(new[] { "train", "--gpu", "h100-sxm", "--gpus", "8" }, "--model: is required (model (catalog name or YAML file))", "train")]
        [InlineData(new[] { "catalog", "--format", "xml" }, "--format: expected text or json, found 'xml'", "catalog")]
        [InlineData(new[] { "catalog", "gpus", "--format", "1" }, "--format: expected text or json, found '1'", "catalog gpus")]
        public void Gives_one_line_saying_what_was_expected_and_what_was_found(string[] args, string message, string command)
        {
            var result = CliRunner.Run(args);

            Assert.Equal(2, result.ExitCode);
            Assert.Equal($"error: {message}\nRun 'colossim {command} --help' for usage.\n", result.Error.ReplaceLineEndings("\n"));
            Assert.Equal("", result.Out);
        }

        [Fact]
        public void Refuses_an_option_type_it_has_no_case_for_instead_of_leaving_its_values_unchecked()
        {
            var command = new System.CommandLine.Command("x") { new System.CommandLine.Option<Colossim.Documents.Severity>("--level") };

            var error = Assert.Throws<InvalidOperationException>(() => Colossim.Cli.OptionValues.Install(command));

            Assert.Equal("--level: OptionValues.Install has no case for Severity; add one", error.Message);
        }

        [Fact]
        public void Accepts_a_format_in_any_case()
        {
            var result = CliRunner.Run("catalog", "gpus", "--format", "JSON");

            Assert.Equal(0, result.ExitCode);
            using var doc = JsonDocument.Parse(result.Out);
            Assert.Equal(JsonValueKind.Array, doc.RootElement.ValueKind);
        }

        [Fact]
        public void Accepts_a_seed_of_2_to_the_53()
        {
            var result = CliRunner.Run("bench", "engine", "--events", "1000", "--pending", "10", "--seed", "9007199254740992", "--format", "json");

            Assert.Equal(0, result.ExitCode);
        }
    }

    public sealed class JsonErrors : IDisposable
    {
        private readonly TempFolder _temp = new();

        public void Dispose() => _temp.Dispose();

        [Fact]
        public void Writes_a_parse_error_as_one_json_document_on_stdout_and_as_text_on_stderr()
        {
            var result = CliRunner.Run("run", "scenarios/colossus.yaml", "--seed", "abc", "--format", "json");

            Assert.Equal(2, result.ExitCode);
            Assert.Equal(
                """
                {
                  "exit_code": 2,
                  "problems": [
                    {
                      "file": null,
                      "path": "--seed",
                      "line": null,
                      "severity": "error",
                      "message": "expected a whole number between 0 and 9,007,199,254,740,992, found 'abc'"
                    }
                  ]
                }

                """,
                result.Out.ReplaceLineEndings("\n"));
            Assert.Equal("error: --seed: expected a whole number between 0 and 9,007,199,254,740,992, found 'abc'\nRun 'colossim run --help' for usage.\n", result.Error.ReplaceLineEndings("\n"));
        }

        [Fact]
        public void Writes_an_unknown_command_as_one_json_document()
        {
            var result = CliRunner.Run("bogus", "--format", "json");

            Assert.Equal(2, result.ExitCode);
            using var doc = JsonDocument.Parse(result.Out);
            Assert.Equal(2, doc.RootElement.GetProperty("exit_code").GetInt32());
            Assert.Equal(["expected a command: run, check, catalog, plan, power, predict, serve, validate, calibrate, bench, comm, train, runs, web, sweep, compare, schedule, worker, found 'bogus'"], doc.RootElement.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("message").GetString()));
        }

        [Fact]
        public void Writes_an_error_found_while_running_as_one_json_document()
        {
            var missing = Path.Combine(_temp.Path, "missing.yaml");

            var result = CliRunner.Run("run", missing, "--format", "json");

            Assert.Equal(2, result.ExitCode);
            using var doc = JsonDocument.Parse(result.Out);
            var problem = doc.RootElement.GetProperty("problems").EnumerateArray().Single();
            Assert.Equal(missing, problem.GetProperty("file").GetString());
            Assert.Equal("the file does not exist", problem.GetProperty("message").GetString());
            Assert.Equal($"error: {missing}: the file does not exist\n", result.Error.ReplaceLineEndings("\n"));
        }

        [Fact]
        public void Keeps_the_commands_own_document_when_it_describes_the_failure()
        {
            var missing = Path.Combine(_temp.Path, "missing.yaml");

            var result = CliRunner.Run("check", missing, "--format", "json");

            Assert.Equal(2, result.ExitCode);
            using var doc = JsonDocument.Parse(result.Out);
            Assert.False(doc.RootElement.GetProperty("valid").GetBoolean());
            Assert.False(doc.RootElement.TryGetProperty("exit_code", out _));
        }

        [Fact]
        public void Writes_nothing_on_stdout_for_an_error_in_text()
        {
            var result = CliRunner.Run("run", Path.Combine(_temp.Path, "missing.yaml"));

            Assert.Equal(2, result.ExitCode);
            Assert.Equal("", result.Out);
        }
    }

    public sealed class EmptyOutFolders : IDisposable
    {
        private readonly TempFolder _temp = new();

        public void Dispose() => _temp.Dispose();

        [Fact]
        public void Are_refused_by_run()
        {
            var result = CliRunner.Run("run", ScenarioFiles.Scenario("single-node-h200.yaml"), "--out", "");

            Assert.Equal(2, result.ExitCode);
            Assert.Equal("error: --out: expected a folder, found an empty name\n", result.Error.ReplaceLineEndings("\n"));
            Assert.Equal("", result.Out);
        }

        [Fact]
        public void Are_refused_by_power()
        {
            var result = CliRunner.Run("power", ScenarioFiles.Scenario("single-node-h200.yaml"), "--duration", "1h", "--step", "1min", "--out", "");

            Assert.Equal(2, result.ExitCode);
            Assert.Equal("error: --out: expected a folder, found an empty name\n", result.Error.ReplaceLineEndings("\n"));
            Assert.Equal("", result.Out);
        }
    }

    public sealed class Cancellation
    {
        [Fact]
        public void Exits_with_130_and_says_cancelled()
        {
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            using var cancel = new CancellationTokenSource();
            cancel.Cancel();

            var exit = Colossim.Cli.ColossimCli.Run(["run", ScenarioFiles.Scenario("single-node-h200.yaml")], stdout, stderr, cancel.Token);

            Assert.Equal(130, exit);
            Assert.Equal("cancelled\n", stderr.ToString().ReplaceLineEndings("\n"));
            Assert.Equal("", stdout.ToString());
        }

        [Fact]
        public void Writes_the_json_error_document_when_cancelled_with_json()
        {
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            using var cancel = new CancellationTokenSource();
            cancel.Cancel();

            var exit = Colossim.Cli.ColossimCli.Run(["run", ScenarioFiles.Scenario("single-node-h200.yaml"), "--format", "json"], stdout, stderr, cancel.Token);

            Assert.Equal(130, exit);
            using var doc = JsonDocument.Parse(stdout.ToString());
            Assert.Equal(130, doc.RootElement.GetProperty("exit_code").GetInt32());
            Assert.Equal("cancelled", doc.RootElement.GetProperty("problems")[0].GetProperty("message").GetString());
        }
    }
}
