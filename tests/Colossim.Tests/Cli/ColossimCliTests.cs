using System.Text.Json;

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
            Assert.Contains("error: Unrecognized command or argument 'bogus'.", result.Error, StringComparison.Ordinal);
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
}
