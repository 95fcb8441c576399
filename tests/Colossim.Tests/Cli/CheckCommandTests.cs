using System.Text;
using System.Text.Json;
using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Tests.Scenarios;

namespace Colossim.Tests.Cli;

public sealed class CheckCommandTests
{
    private const string Scenario = """
        name: t
        sites:
          - name: a
            gpus: { type: h100-sxm, count: 64 }
        workloads:
          training: [ { name: pre, model: llama3-8b, gpus: 64, tokens: 1e12 } ]
        """;

    // Runs `colossim check FILE` on a file holding `content`, and checks what every bad input must give: exit code 2,
    // the exact errors on stderr, a verdict on stdout, and no stack trace.
    private static void AssertRejected(string name, byte[] content, params string[] errors)
    {
        using var dir = new TempDirectory();
        var file = dir.Write(name, content);
        AssertRejected(file, errors);
    }

    private static void AssertRejected(string file, string[] errors)
    {
        var result = CliRunner.Run("check", file);
        var expected = string.Concat(errors.Select(e => $"error: {string.Format(System.Globalization.CultureInfo.InvariantCulture, e, file)}\n"));

        Assert.Equal(expected, result.Error);
        Assert.Equal($"{file}: invalid ({errors.Length} error{(errors.Length == 1 ? "" : "s")})\n", result.Out);
        Assert.Equal(2, result.ExitCode);
        AssertNoStackTrace(result);
    }

    private static void AssertNoStackTrace(CliResult result)
    {
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", result.Error, StringComparison.Ordinal);
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public sealed class TheCheckCommand
    {
        [Fact]
        public void Says_OK_with_a_summary_for_the_colossus_scenario()
        {
            var file = ScenarioFiles.Scenario("colossus.yaml");

            var result = CliRunner.Run("check", file);

            Assert.Equal("", result.Error);
            Assert.Equal($"{file}: OK (1 site, 100,000 GPUs, 2 tenants, 2 workloads)\n", result.Out);
            Assert.Equal(0, result.ExitCode);
        }

        [Fact]
        public void Rejects_an_empty_file()
        {
            AssertRejected("empty.yaml", [], "{0}: the document is empty");
        }

        [Fact]
        public void Rejects_random_bytes_with_a_NUL_byte_as_binary_data()
        {
            var bytes = new byte[4096];
            new Random(20240917).NextBytes(bytes);
            bytes[100] = 0;

            AssertRejected("garbage.yaml", bytes, "{0}: expected YAML or JSON text, found binary data (a NUL byte)");
        }

        [Fact]
        public void Rejects_bytes_that_are_not_UTF8_and_hold_no_NUL()
        {
            AssertRejected("latin1.yaml", [.. "name: caf"u8, 0xE9, .. "\nsites: []\n"u8], "{0}: expected YAML or JSON text, found bytes that are not UTF-8 (binary data?)");
        }

        [Fact]
        public void Rejects_a_100_MB_file_without_reading_it()
        {
            using var dir = new TempDirectory();
            var file = Path.Combine(dir.Path, "huge.yaml");
            using (var stream = File.Create(file))
            {
                stream.SetLength(100L * 1024 * 1024); // sparse
            }

            AssertRejected(file, ["{0}: the file is 100 MiB, larger than the 10 MiB accepted"]);
        }

        [Fact]
        public void Rejects_ten_thousand_levels_of_nesting()
        {
            AssertRejected("deep.yaml", Utf8("name: " + new string('[', 10_000)), "{0}:1: the document nests deeper than 64 levels");
        }

        [Fact]
        public void Rejects_a_billion_laughs()
        {
            var text = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
            for (var level = 'b'; level <= 'i'; level++)
            {
                text.Append($"{level}: &{level} [{string.Join(", ", Enumerable.Repeat($"*{(char)(level - 1)}", 10))}]\n");
            }

            AssertRejected("laughs.yaml", Utf8(text.ToString()), "{0}:6: f[7][8][8][8][8]: the document expands to more than 1,000,000 nodes (aliases nested too deeply?)");
        }

        [Theory]
        [InlineData("count: .nan", "{0}:4: sites[0].gpus.count: expected a whole number, found '.nan'")]
        [InlineData("count: -8", "{0}:4: sites[0].gpus.count: expected a whole number between 1 and 10,000,000, found '-8'")]
        [InlineData("count: 1e400", "{0}:4: sites[0].gpus.count: expected a whole number, found '1e400', which is too large")]
        public void Rejects_nan_negative_and_huge_numbers(string count, string error)
        {
            AssertRejected("numbers.yaml", Utf8(Scenario.Replace("count: 64", count, StringComparison.Ordinal)), error);
        }

        [Fact]
        public void Accepts_unknown_keys_with_a_warning_and_a_did_you_mean()
        {
            using var dir = new TempDirectory();
            var file = dir.Write("typo.yaml", Scenario.Replace("count: 64", "count: 64, tpye: x", StringComparison.Ordinal));

            var result = CliRunner.Run("check", file);

            Assert.Equal($"{file}:4: warning: sites[0].gpus.tpye: unknown key 'tpye' is ignored (did you mean 'type'?)\n", result.Error);
            Assert.Equal($"{file}: OK (1 site, 64 GPUs, 0 tenants, 1 workload)\n", result.Out);
            Assert.Equal(0, result.ExitCode);
        }

        [Fact]
        public void Rejects_an_unknown_gpu_listing_close_matches()
        {
            var close = Suggestions.Closest("h100-sx", ColossimCatalog.BuiltIn.Gpus.Keys);
            Assert.Contains("h100-sxm", close);

            AssertRejected("gpu.yaml", Utf8(Scenario.Replace("h100-sxm", "h100-sx", StringComparison.Ordinal)),
                $"{{0}}:4: sites[0].gpus.type: unknown GPU 'h100-sx'; close matches: {string.Join(", ", close)} (or give the path of a YAML file describing it)");
        }

        [Fact]
        public void Rejects_an_unknown_model_listing_close_matches()
        {
            var close = Suggestions.Closest("llama3-8", ColossimCatalog.BuiltIn.Models.Keys);
            Assert.Contains("llama3-8b", close);

            AssertRejected("model.yaml", Utf8(Scenario.Replace("llama3-8b", "llama3-8", StringComparison.Ordinal)),
                $"{{0}}:6: workloads.training[0].model: unknown model 'llama3-8'; close matches: {string.Join(", ", close)} (or give the path of a YAML file describing it)");
        }

        [Fact]
        public void Rejects_a_duplicate_key()
        {
            AssertRejected("dup.yaml", Utf8(Scenario.Replace("name: t\n", "name: t\nname: u\n", StringComparison.Ordinal)), "{0}:2: name: the key appears twice");
        }

        [Fact]
        public void Rejects_several_documents_in_one_file()
        {
            AssertRejected("two.yaml", Utf8(Scenario + "\n---\n" + Scenario), "{0}:7: expected one document, found several (a second '---')");
        }

        [Fact]
        public void Rejects_invalid_syntax_with_its_line()
        {
            AssertRejected("syntax.yaml", Utf8(Scenario.Replace("  - name: a", "  - name: a\n   bad: indent", StringComparison.Ordinal)), "{0}:4: invalid YAML: While parsing a block collection, did not find expected '-' indicator.");
        }

        [Fact]
        public void Rejects_a_file_that_does_not_exist()
        {
            using var dir = new TempDirectory();

            AssertRejected(Path.Combine(dir.Path, "nope.yaml"), ["{0}: the file does not exist"]);
        }

        [Fact]
        public void Lists_every_problem_of_a_bad_scenario()
        {
            AssertRejected("many.yaml", Utf8(Scenario.Replace("count: 64", "count: 32", StringComparison.Ordinal).Replace("1e12", "-1", StringComparison.Ordinal)),
                "{0}:6: workloads.training[0].tokens: expected a token count between 1 and 1e18, found '-1'",
                "{0}:6: workloads.training[0].gpus: expected at most the 32 GPUs of site 'a', found 64");
        }

        [Fact]
        public void Reads_JSON_as_well()
        {
            using var dir = new TempDirectory();
            var file = dir.Write("s.json", """{ "name": "j", "sites": [ { "name": "a", "gpus": { "type": "h200-sxm", "count": 8 } } ] }""");

            var result = CliRunner.Run("check", file);

            Assert.Equal(($"{file}: OK (1 site, 8 GPUs, 0 tenants, 0 workloads)\n", "", 0), (result.Out, result.Error, result.ExitCode));
        }

        [Fact]
        public void Writes_the_verdict_and_every_problem_as_json()
        {
            using var dir = new TempDirectory();
            var file = dir.Write("bad.yaml", Scenario.Replace("count: 64", "count: -8, tpye: x", StringComparison.Ordinal));

            var result = CliRunner.Run("check", file, "--format", "json");

            Assert.Equal(2, result.ExitCode);
            Assert.StartsWith($"error: {file}:", result.Error, StringComparison.Ordinal); // as text on stderr too
            using var doc = JsonDocument.Parse(result.Out);
            var root = doc.RootElement;
            Assert.Equal(file, root.GetProperty("file").GetString());
            Assert.False(root.GetProperty("valid").GetBoolean());
            Assert.Equal(JsonValueKind.Null, root.GetProperty("summary").ValueKind);
            var problems = root.GetProperty("problems").EnumerateArray().Select(p => (
                p.GetProperty("path").GetString(),
                p.GetProperty("line").GetInt32(),
                p.GetProperty("severity").GetString(),
                p.GetProperty("message").GetString())).ToList();
            Assert.Equal(
                [
                    ("sites[0].gpus.count", 4, "error", "expected a whole number between 1 and 10,000,000, found '-8'"),
                    ("sites[0].gpus.tpye", 4, "warning", "unknown key 'tpye' is ignored (did you mean 'type'?)"),
                ],
                problems);
        }

        [Fact]
        public void Writes_a_summary_in_json_when_valid()
        {
            var result = CliRunner.Run("check", ScenarioFiles.Scenario("colossus.yaml"), "--format", "json");

            Assert.Equal(0, result.ExitCode);
            using var doc = JsonDocument.Parse(result.Out);
            var root = doc.RootElement;
            Assert.True(root.GetProperty("valid").GetBoolean());
            Assert.Equal(0, root.GetProperty("problems").GetArrayLength());
            var summary = root.GetProperty("summary");
            Assert.Equal((1, 100_000L, 2, 2), (summary.GetProperty("sites").GetInt32(), summary.GetProperty("gpus").GetInt64(), summary.GetProperty("tenants").GetInt32(), summary.GetProperty("workloads").GetInt32()));
        }

        [Fact]
        public void Resolves_names_in_catalog_files_given_with_the_catalog_option()
        {
            using var dir = new TempDirectory();
            var catalog = dir.Write("mine.yaml", "gpus:\n  - { id: my-gpu, dense_bf16: 100TFLOPS, hbm_capacity: 10GB, hbm_bandwidth: 1TB/s, scale_up_bandwidth: 100GB/s, scale_up_domain: 4, tdp: 300W, price: $1k }\n");
            var file = dir.Write("s.yaml", Scenario.Replace("h100-sxm", "my-gpu", StringComparison.Ordinal));

            var without = CliRunner.Run("check", file);
            var with = CliRunner.Run("check", file, "--catalog", catalog);

            Assert.Equal(2, without.ExitCode);
            Assert.Equal(($"{file}: OK (1 site, 64 GPUs, 0 tenants, 1 workload)\n", 0), (with.Out, with.ExitCode));

            // check plans each site as run does, so it gives run's warning about the server it assumes.
            Assert.Equal($"{file}: warning: sites[0].system: no catalog system holds my-gpu: using a generic 4-GPU server (power 1.8 x TDP, price 1.64 x GPU price, Epoch's ratios)\n", with.Error);
        }

        [Fact]
        public void Needs_a_file()
        {
            var result = CliRunner.Run("check");

            Assert.Equal(2, result.ExitCode);
            Assert.StartsWith("error: SCENARIO: expected the scenario file (YAML, or JSON), found none", result.Error, StringComparison.Ordinal);
        }
    }
}
