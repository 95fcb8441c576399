using Colossim.Documents;
using Colossim.Reports;
using Colossim.Tests.Scenarios;

namespace Colossim.Tests.Reports;

public sealed class RunComparisonTests
{
    // A small summary.json: build totals, one site with a power day, one training and one serving workload.
    private static string Summary(double capex = 100, long gpus = 8, double tokensPerS = 1000, double ttftP99 = 50, long seed = 1, string model = "llama3-8b") => $$"""
        {
          "summary_version": 1,
          "scenario": "s",
          "seed": {{seed}},
          "platform": { "sites": [ { "name": "lab", "gpu": "h200-sxm", "gpus": {{gpus}}, "power": { "pue": 1.4 } } ] },
          "build": {
            "sites": [ { "site": "lab", "power_day": { "peak_grid_w": 2000, "peak_without_batteries_w": 2500 } } ],
            "total": { "gpus": {{gpus}}, "capex_usd": { "gpus": 50, "total": {{capex}} }, "tco_usd": 300 }
          },
          "tenants": [],
          "workloads": {
            "training": [ { "name": "ft", "model": "{{model}}", "gpus": 4, "days": 2.5, "cost_usd": 1000 } ],
            "serving": [ { "name": "chat", "model": "llama3-70b", "simulation": { "output_tokens_per_s": {{tokensPerS}}, "ttft_ms": { "p50": 10, "p99": {{ttftP99}} } } } ]
          }
        }
        """;

    private static RunComparison Compare(string a, string b)
    {
        var problems = new Problems();
        var comparison = RunComparison.Compare("a", a, "a.json", "b", b, "b.json", problems);
        Assert.Empty(problems);
        return comparison!;
    }

    public sealed class TheCompareMethod
    {
        [Fact]
        public void Gives_each_figure_its_change_relative_change_and_verdict()
        {
            var c = Compare(Summary(), Summary(capex: 125, tokensPerS: 1500, ttftP99: 40));

            var capex = c.Metrics.Single(m => m.Name == "capex");
            Assert.Equal(("build", 100.0, 125.0), (capex.Group, capex.A!.Value, capex.B!.Value));
            Assert.Equal(25, capex.Change!.Value, 12);
            Assert.Equal(0.25, capex.RelativeChange!.Value, 12);
            Assert.Equal("worse", capex.Verdict);
            var throughput = c.Metrics.Single(m => m.Name == "output tokens per second");
            Assert.Equal(("serving chat", 0.5, "better"), (throughput.Group, throughput.RelativeChange!.Value, throughput.Verdict));
            var ttft = c.Metrics.Single(m => m.Name == "TTFT p99");
            Assert.Equal((-10.0, "better"), (ttft.Change!.Value, ttft.Verdict));
            Assert.Equal("same", c.Metrics.Single(m => m.Name == "TCO").Verdict);
            Assert.Equal(2000, c.Metrics.Single(m => m.Group == "site lab" && m.Name == "peak grid power").A);
            Assert.Equal(2.5, c.Metrics.Single(m => m.Name == "time to train").B);
        }

        [Fact]
        public void Says_more_or_fewer_for_a_count_that_is_neither_better_nor_worse()
        {
            var c = Compare(Summary(), Summary(gpus: 16));

            Assert.Equal("more", c.Metrics.Single(m => m.Group == "build" && m.Name == "GPUs").Verdict);
        }

        [Fact]
        public void Keeps_a_figure_one_run_lacks_without_a_change()
        {
            var c = Compare(Summary(), Summary().Replace("\"tco_usd\": 300", "\"tco_usd\": null", StringComparison.Ordinal));

            var tco = c.Metrics.Single(m => m.Name == "TCO");
            Assert.Equal((300.0, (double?)null, (double?)null, ""), (tco.A!.Value, tco.B, tco.Change, tco.Verdict));
        }

        [Fact]
        public void Lists_the_inputs_that_differ_by_path_with_named_items_by_name()
        {
            var c = Compare(Summary(), Summary(gpus: 16, seed: 7, model: "llama3-70b"));

            Assert.Equal(
                [new InputChange("seed", "1", "7"), new InputChange("platform.sites[lab].gpus", "8", "16"), new InputChange("workloads.training[ft].model", "\"llama3-8b\"", "\"llama3-70b\"")],
                c.Inputs);
        }

        [Fact]
        public void Finds_no_inputs_changed_between_a_run_and_itself()
        {
            var json = ScenarioReportJson.ToJson(ReportSamples.SingleNode);

            var c = Compare(json, json);

            Assert.Empty(c.Inputs);
            Assert.All(c.Metrics, m => Assert.Equal("same", m.Verdict));
            Assert.Contains(c.Metrics, m => m.Group == "training fine-tune" && m.Name == "MFU");
            Assert.Contains(c.Metrics, m => m.Group == "serving assistant" && m.Name == "TPOT p99");
        }

        [Theory]
        [InlineData("not json", "RUN_A: expected a colossim summary.json, found text that is not JSON in a.json (at line 1, byte 2)")]
        [InlineData("{\n  \"a\": 1,\n  oops\n}", "RUN_A: expected a colossim summary.json, found text that is not JSON in a.json (at line 3, byte 3)")]
        [InlineData("[1, 2]", "RUN_A: expected a colossim summary.json (a JSON object), found a JSON array in a.json")]
        [InlineData("42", "RUN_A: expected a colossim summary.json (a JSON object), found a single JSON value in a.json")]
        [InlineData("{ \"scenario\": \"s\" }", "RUN_A: expected a summary.json with summary_version 1, found none in a.json (written by an older colossim, or not a run's summary); run the scenario again with this colossim")]
        [InlineData("{ \"summary_version\": 2 }", "RUN_A: expected a summary.json with summary_version 1, found version 2 in a.json (another version of colossim); compare runs of one version")]
        [InlineData("{ \"summary_version\": 1 }", "RUN_A: expected a run summary with scenario, platform, build and workloads, found a JSON object without them in a.json")]
        public void Refuses_a_document_that_is_not_this_versions_summary(string json, string message)
        {
            var problems = new Problems();

            Assert.Null(RunComparison.Compare("a", json, "a.json", "b", Summary(), "b.json", problems));

            Assert.Equal([message], problems.Select(p => p.ToString()));
        }
    }

    public sealed class TheLoadMethod
    {
        [Fact]
        public void Reads_two_report_folders_or_their_summary_files()
        {
            using var dir = new TempDirectory();
            Directory.CreateDirectory(Path.Combine(dir.Path, "a"));
            File.WriteAllText(Path.Combine(dir.Path, "a", "summary.json"), Summary());
            var b = dir.Write("b.json", Summary(capex: 200));
            var problems = new Problems();

            var c = RunComparison.Load(Path.Combine(dir.Path, "a"), b, problems);

            Assert.Empty(problems);
            Assert.Equal(1.0, c!.Metrics.Single(m => m.Name == "capex").RelativeChange);
        }

        [Fact]
        public void Reports_a_missing_folder_a_folder_without_a_summary_and_an_empty_name_at_their_arguments()
        {
            using var dir = new TempDirectory();
            var missing = Path.Combine(dir.Path, "missing");
            var problems = new Problems();

            Assert.Null(RunComparison.Load(missing, dir.Path, problems));
            Assert.Null(RunComparison.Load(" ", dir.Path, problems, "first", "second"));

            Assert.Equal(
                [
                    $"RUN_A: expected a report folder (colossim run --out DIR), found nothing at {missing}",
                    $"RUN_B: expected a report folder with summary.json (colossim run --out DIR writes one), found none in {dir.Path}",
                    "first: expected a report folder (colossim run --out DIR), found an empty name",
                    $"second: expected a report folder with summary.json (colossim run --out DIR writes one), found none in {dir.Path}",
                ],
                problems.Select(p => p.ToString()));
        }

        [Fact]
        public void Refuses_a_device()
        {
            var problems = new Problems();

            Assert.Null(RunComparison.Load("/dev/zero", "/dev/zero", problems));

            Assert.All(problems, p => Assert.StartsWith("cannot read /dev/zero: ", p.Message, StringComparison.Ordinal));
            Assert.Equal(["RUN_A", "RUN_B"], problems.Select(p => p.Path));
        }
    }
}

public sealed class CompareReportTests
{
    public sealed class TheBlocksMethod
    {
        [Fact]
        public void Shows_each_figure_with_units_signs_and_verdicts_then_the_inputs()
        {
            var problems = new Problems();
            var a = ScenarioReportJson.ToJson(ReportSamples.SingleNode);
            var b = a.Replace("\"seed\": 1,", "\"seed\": 2,", StringComparison.Ordinal);
            var comparison = RunComparison.Compare("a", a, "a", "b", b, "b", problems)!;

            var text = PlainText.Render(CompareReport.Blocks(comparison));

            Assert.Contains("What changed from A to B", text, StringComparison.Ordinal);
            Assert.Contains("Inputs that differ", text, StringComparison.Ordinal);
            Assert.Matches(@"seed\s+1\s+2", text);
            Assert.Matches(@"build\s+capex\s+\$[0-9.,]+[kMB]?\s+\$[0-9.,]+[kMB]?\s+0\s+0%\s+same", text);
        }
    }

    public sealed class TheWriteMethod
    {
        [Fact]
        public void Writes_an_offline_page_and_the_json_document()
        {
            using var dir = new TempDirectory();
            var json = ScenarioReportJson.ToJson(ReportSamples.SingleNode);
            var comparison = RunComparison.Compare("a", json, "a", "b", json, "b", new Problems())!;
            var problems = new Problems();

            var written = CompareReport.Write(comparison, Path.Combine(dir.Path, "out"), problems);

            Assert.Empty(problems);
            Assert.Equal(["compare.html", "compare.json"], written.Select(Path.GetFileName));
            var html = File.ReadAllText(written[0]);
            Assert.Contains("data-chart=\"relative-change\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<script src", html, StringComparison.Ordinal);
            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(written[1]));
            Assert.Equal("same", doc.RootElement.GetProperty("metrics")[0].GetProperty("verdict").GetString());
        }

        [Fact]
        public void Reports_a_folder_that_is_a_file()
        {
            using var dir = new TempDirectory();
            var blocker = dir.Write("file", "x");
            var json = ScenarioReportJson.ToJson(ReportSamples.SingleNode);
            var comparison = RunComparison.Compare("a", json, "a", "b", json, "b", new Problems())!;
            var problems = new Problems();

            Assert.Empty(CompareReport.Write(comparison, blocker, problems));

            Assert.Equal([$"--out: cannot write {Path.Combine(blocker, "compare.html")}: '{blocker}' is a file, not a folder"], problems.Select(p => p.ToString()));
        }
    }
}
