using Colossim.Documents;
using Colossim.Runs;
using Colossim.Scenarios;
using Colossim.Tests.Scenarios;

namespace Colossim.Tests.Runs;

public sealed class ScenarioSubmissionTests
{
    /// <summary>One 8-GPU site and nothing else: the smallest scenario that runs.</summary>
    internal const string Tiny = """
        name: tiny
        sites:
          - name: lab
            gpus: { type: h200-sxm, count: 8 }
            system: hgx-h200
        """;

    private static string Message(string field) => $"{ScenarioSubmission.NoFiles} (found '{field}'); use a catalog id or a built-in trace, put the entry in the scenario's catalog: section, or run the file with colossim run";

    public sealed class TheCheckMethod
    {
        [Fact]
        public void Loads_a_valid_scenario()
        {
            var result = ScenarioSubmission.Check(Tiny);

            Assert.Equal("tiny", result.Scenario?.Name);
        }

        [Fact]
        public void Gives_the_same_problems_as_colossim_check_for_a_bad_value()
        {
            var text = File.ReadAllText(ScenarioFiles.Scenario("single-node-h200.yaml")).Replace("ttft_p99: 1s", "ttft_p99: soon", StringComparison.Ordinal);

            var submitted = ScenarioSubmission.Check(text);
            var loaded = ScenarioLoader.Parse(text);

            Assert.Null(submitted.Scenario);
            Assert.Equal(loaded.Problems, submitted.Problems);
            Assert.Contains(submitted.Problems, p => p.Path == "workloads.serving[0].slo.ttft_p99");
        }

        [Theory]
        [InlineData("/etc/passwd", "sites[0].gpus.type")]
        [InlineData("../../secret.yaml", "sites[0].gpus.type")]
        [InlineData("gpus/h200.yaml", "sites[0].gpus.type")]
        [InlineData("~/x", "sites[0].gpus.type")]
        [InlineData("C:\\\\x", "sites[0].gpus.type")]
        public void Refuses_a_file_name_in_a_catalog_reference(string value, string path)
        {
            var result = ScenarioSubmission.Check(Tiny.Replace("h200-sxm", $"\"{value}\"", StringComparison.Ordinal));

            var problem = Assert.Single(result.Problems);
            Assert.Null(result.Scenario);
            Assert.Equal(path, problem.Path);
            Assert.Equal(4, problem.Line);
            Assert.Equal(Message(value.Replace("\\\\", "\\", StringComparison.Ordinal)), problem.Message);
        }

        [Fact]
        public void Refuses_a_trace_file()
        {
            var text = File.ReadAllText(ScenarioFiles.Scenario("single-node-h200.yaml")).Replace("rate: 2/s, lengths: { input: 1024, output: 256 }, arrival: poisson", "trace: conv.csv", StringComparison.Ordinal);

            var problem = Assert.Single(ScenarioSubmission.Check(text).Problems);

            Assert.Equal(("workloads.serving[0].traffic.trace", Message("conv.csv")), (problem.Path, problem.Message));
        }

        [Fact]
        public void Accepts_units_with_slashes_and_descriptions_that_look_like_paths()
        {
            var text = Tiny.Replace("name: tiny", "name: tiny\ndescription: see /etc/motd and docs/x.yaml", StringComparison.Ordinal)
                + "    fabric: { kind: infiniband }\n";

            var result = ScenarioSubmission.Check(text);

            Assert.DoesNotContain(result.Problems, p => p.Message.StartsWith(ScenarioSubmission.NoFiles, StringComparison.Ordinal));
        }

        [Fact]
        public void Refuses_a_scenario_over_1_MiB()
        {
            var text = Tiny + "\n#" + new string('x', ScenarioSubmission.MaxBytes);

            var problem = Assert.Single(ScenarioSubmission.Check(text).Problems);

            Assert.Equal("expected a scenario of at most 1024 KiB, found 1024 KiB", problem.Message);
        }

        [Fact]
        public void Reports_malformed_yaml_at_its_line()
        {
            var problem = Assert.Single(ScenarioSubmission.Check("name: [x\n").Problems);

            Assert.Equal(Severity.Error, problem.Severity);
            Assert.StartsWith("invalid YAML", problem.Message, StringComparison.Ordinal);
        }
    }

    public sealed class TheFileReferencesMethod
    {
        [Fact]
        public void Finds_nothing_in_the_shipped_single_node_scenario()
        {
            var problems = new Problems();
            var root = DocReader.Parse(File.ReadAllText(ScenarioFiles.Scenario("single-node-h200.yaml")), problems)!;

            Assert.Empty(ScenarioSubmission.FileReferences(root));
        }
    }
}
