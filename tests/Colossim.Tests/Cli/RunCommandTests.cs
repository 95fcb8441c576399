using System.Text.Json;
using Colossim.Reports;
using Colossim.Tests.Scenarios;

namespace Colossim.Tests.Cli;

public sealed class RunCommandTests
{
    // Output names the scenario file; the tests give its full path, so it is made relative again for the golden files.
    private static string Relative(string text) => text.Replace(ScenarioFiles.RepoRoot + Path.DirectorySeparatorChar, "", StringComparison.Ordinal);

    // Every number, string and array of a JSON object by its dotted path (network.switches.leaf).
    private static Dictionary<string, JsonElement> Leaves(JsonElement element, string prefix = "")
    {
        var leaves = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var key = prefix + property.Name;
            if (property.Value.ValueKind == JsonValueKind.Object)
            {
                foreach (var (k, v) in Leaves(property.Value, key + "."))
                {
                    leaves[k] = v;
                }
            }
            else
            {
                leaves[key] = property.Value;
            }
        }

        return leaves;
    }

    public sealed class TheRunCommand
    {
        [Fact]
        public void Prints_the_colossus_platform_as_tables()
        {
            var result = CliRunner.Run("run", ScenarioFiles.Scenario("colossus.yaml"));

            Assert.Equal(("", 0), (result.Error, result.ExitCode));
            Approvals.Verify("run-colossus", Relative(result.Out));
        }

        [Fact]
        public void Prints_the_colossus_report_as_json()
        {
            var result = CliRunner.Run("run", ScenarioFiles.Scenario("colossus.yaml"), "--format", "json");

            Assert.Equal(("", 0), (result.Error, result.ExitCode));
            Approvals.Verify("run-colossus", Relative(result.Out), "json");
        }

        [Fact]
        public void Prints_a_total_column_for_several_sites()
        {
            var result = CliRunner.Run("run", ScenarioFiles.Scenario("partnership-gb200.yaml"));

            Assert.Equal(("", 0), (result.Error, result.ExitCode));
            Approvals.Verify("run-partnership-gb200", Relative(result.Out));
        }

        [Fact]
        public void Shows_in_the_readme_the_first_lines_it_prints_for_colossus()
        {
            var readme = File.ReadAllText(Path.Combine(ScenarioFiles.RepoRoot, "README.md")).ReplaceLineEndings("\n");
            var command = readme.IndexOf("dotnet run --project src/Colossim.Cli -- run scenarios/colossus.yaml", StringComparison.Ordinal);
            var start = readme.IndexOf("```text\n", command, StringComparison.Ordinal) + "```text\n".Length;
            var block = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)].Split('\n');
            Assert.True(command >= 0 && block.Length > 20, "the README shows the output of its first command");
            Assert.Equal("...", block[^2]); // the block ends with "...", then the line break before the fence

            var result = CliRunner.Run("run", ScenarioFiles.Scenario("colossus.yaml"));

            var printed = Relative(result.Out).Split('\n');
            Assert.Equal(block[..^2], printed[..(block.Length - 2)]);
        }

        [Fact]
        public void Builds_each_site_with_the_numbers_plan_gives_under_the_same_names()
        {
            var run = CliRunner.Run("run", ScenarioFiles.Scenario("colossus.yaml"), "--format", "json");
            var plan = CliRunner.Run("plan", "--gpus", "100000", "--gpu", "h100-sxm", "--system", "hgx-h100", "--fabric", "ethernet", "--battery-mwh", "150", "--format", "json");

            Assert.Equal((0, 0), (run.ExitCode, plan.ExitCode));
            using var runDoc = JsonDocument.Parse(run.Out);
            using var planDoc = JsonDocument.Parse(plan.Out);
            var site = runDoc.RootElement.GetProperty("build").GetProperty("sites")[0];
            var built = Leaves(site);
            var planned = Leaves(planDoc.RootElement);
            var shared = built.Keys.Intersect(planned.Keys).Order(StringComparer.Ordinal).ToList();
            Assert.Superset(new HashSet<string>
            {
                "nodes", "racks", "scalable_units", "network.tiers", "network.switches.leaf", "network.switches.core", "network.transceivers",
                "capex_usd.gpus", "capex_usd.servers", "capex_usd.total", "opex_usd_per_year", "tco_usd", "usd_per_gpu_hour", "power.pue",
                "power.it_w", "power.facility_w", "network.scale_out_bits_per_s_per_gpu",
            }, shared.ToHashSet());
            // The average power (and what follows from it) differs on purpose: run's GPUs draw what a step of the site's
            // workload draws, plan's what the documented default activity draws.
            var fromAverage = new HashSet<string>(StringComparer.Ordinal)
            {
                "opex_usd_per_year", "tco_usd", "usd_per_gpu_hour", "co2_tonnes_per_year", "energy_j_per_year", "power.average_it_w",
                "power.average_facility_w", "power.busy_gpu_w", "power.busy_gpu_activity", "opex_by_category_usd_per_year.energy",
                "opex_by_category_usd_per_year.total", "cost_per_year.opex_usd_per_year", "cost_per_year.total_usd_per_year", "cost_per_year.usd_per_gpu_hour",
            };
            foreach (var key in shared.Where(k => !fromAverage.Contains(k)))
            {
                // plan rounds (dollars to 0 decimals, $/GPU-hour to 4, ...): run's number rounded the same way is plan's.
                var (r, p) = (built[key], planned[key]);
                if (p.ValueKind == JsonValueKind.Number)
                {
                    var text = p.GetRawText();
                    var decimals = text.Contains('.', StringComparison.Ordinal) ? text.Length - text.IndexOf('.', StringComparison.Ordinal) - 1 : 0;
                    Assert.True(Math.Round(r.GetDouble(), decimals) == p.GetDouble(), $"{key}: run {r.GetRawText()}, plan {text}");
                }
                else
                {
                    Assert.True(r.GetRawText() == p.GetRawText(), $"{key}: run {r.GetRawText()}, plan {p.GetRawText()}");
                }
            }

            // plan and run share one convention (SI base units, the unit in the key): the same keys, the same numbers.
            var power = planDoc.RootElement.GetProperty("power");
            foreach (var (planKey, w) in new[] { ("it_w", "it_w"), ("facility_w", "facility_w"), ("compute_w", "compute_w"), ("network_w", "network_w"), ("storage_w", "storage_w") })
            {
                Assert.Equal(power.GetProperty(planKey).GetDouble(), Math.Round(site.GetProperty("power").GetProperty(w).GetDouble(), 0)); // plan rounds to the watt
            }

            Assert.Equal(planDoc.RootElement.GetProperty("network").GetProperty("scale_out_bits_per_s_per_gpu").GetDouble(), site.GetProperty("network").GetProperty("scale_out_bits_per_s_per_gpu").GetDouble(), 1e-3);
            Assert.Equal(site.GetProperty("power").GetProperty("it_w").GetDouble(), runDoc.RootElement.GetProperty("platform").GetProperty("sites")[0].GetProperty("it_power_w").GetDouble());
        }

        [Fact]
        public void Reports_the_day_of_power_that_colossim_power_computes_with_its_defaults()
        {
            using var dir = new TempDirectory();
            var run = CliRunner.Run("run", ScenarioFiles.Scenario("colossus.yaml"), "--format", "json");
            var power = CliRunner.Run("power", ScenarioFiles.Scenario("colossus.yaml"), "--out", dir.Path, "--format", "json");

            Assert.Equal((0, 0), (run.ExitCode, power.ExitCode));
            using var runDoc = JsonDocument.Parse(run.Out);
            using var powerDoc = JsonDocument.Parse(power.Out);
            var day = runDoc.RootElement.GetProperty("build").GetProperty("sites")[0].GetProperty("power_day");
            var site = powerDoc.RootElement.GetProperty("sites")[0];
            double Day(string key) => day.GetProperty(key).GetDouble();

            // power rounds MW to 4 decimals, MWh to 3, dollars to 2, tonnes to 3.
            Assert.Equal(powerDoc.RootElement.GetProperty("duration_s").GetDouble(), Day("duration_s"));
            Assert.Equal(powerDoc.RootElement.GetProperty("step_s").GetDouble(), Day("step_s"));
            Assert.Equal(powerDoc.RootElement.GetProperty("policy").GetString(), day.GetProperty("policy").GetString());
            Assert.Equal(site.GetProperty("facility").GetProperty("peak_w").GetDouble(), Math.Round(Day("peak_without_batteries_w"), 0));
            Assert.Equal(site.GetProperty("grid").GetProperty("peak_w").GetDouble(), Math.Round(Day("peak_grid_w"), 0));
            Assert.Equal(site.GetProperty("grid").GetProperty("energy_j").GetDouble(), Math.Round(Day("grid_energy_j"), 0));
            Assert.Equal(site.GetProperty("energy_cost_usd").GetDouble(), Math.Round(Day("energy_cost_usd"), 2));
            Assert.Equal(site.GetProperty("co2_tonnes").GetDouble(), Math.Round(Day("co2_tonnes"), 3));
        }

        [Fact]
        public void Warns_when_a_site_gets_a_generic_server_and_still_runs()
        {
            using var dir = new TempDirectory();
            var file = dir.Write("a100.yaml", "name: a\nsites: [ { name: lab, gpus: { type: a100-sxm-80gb, count: 8 } } ]\n");

            var result = CliRunner.Run("run", file, "--format", "json");

            Assert.Equal(0, result.ExitCode);
            Assert.Equal($"{file}: warning: sites[0].system: no catalog system holds a100-sxm-80gb: using a generic 8-GPU server (power 1.8 x TDP, price 1.64 x GPU price, Epoch's ratios)\n", result.Error);
            using var doc = JsonDocument.Parse(result.Out);
            var problem = Assert.Single(doc.RootElement.GetProperty("problems").EnumerateArray());
            Assert.Equal((file, "sites[0].system", "warning"), (problem.GetProperty("file").GetString(), problem.GetProperty("path").GetString(), problem.GetProperty("severity").GetString()));
            Assert.Equal("generic-a100-sxm-80gb", doc.RootElement.GetProperty("build").GetProperty("sites")[0].GetProperty("system").GetString());
        }

        [Fact]
        public void Exits_with_2_and_no_report_when_a_site_cannot_be_planned()
        {
            using var dir = new TempDirectory();
            var file = dir.Write("no-ib.yaml", """
                name: no-infiniband
                catalog:
                  fabrics: # both InfiniBand families redefined as Ethernet, so none is left for an InfiniBand site
                    - { id: infiniband-ndr, kind: ethernet, radix: 64, port_bandwidth: 400Gb/s, switch_power: 750W, switch_price: $36k, transceiver_price: $1280, transceiver_power: 17W }
                    - { id: infiniband-xdr, kind: ethernet, radix: 144, port_bandwidth: 800Gb/s, switch_power: 1700W, switch_price: $81k, transceiver_price: $2560, transceiver_power: 30W }
                sites: [ { name: lab, gpus: { type: h200-sxm, count: 8 } } ]
                """);

            var result = CliRunner.Run("run", file, "--out", Path.Combine(dir.Path, "out"));

            Assert.Equal((2, ""), (result.ExitCode, result.Out));
            Assert.Equal($"error: {file}: sites[0].fabric: the catalog has no infiniband fabric\n", result.Error);
            Assert.False(Directory.Exists(Path.Combine(dir.Path, "out")));
        }

        [Fact]
        public void Says_in_one_line_what_it_does_not_simulate_yet()
        {
            var result = CliRunner.Run("run", ScenarioFiles.Scenario("single-node-h200.yaml"));

            Assert.Equal(0, result.ExitCode);
            Assert.EndsWith("\n" + Colossim.Reports.ScenarioReportText.NotYet + "\n", result.Out, StringComparison.Ordinal);
            Assert.StartsWith("Serving is simulated over a minute of its traffic, then drained. Sharing runs", Colossim.Reports.ScenarioReportText.NotYet, StringComparison.Ordinal);
        }

        [Fact]
        public void Writes_summary_json_to_the_out_folder_with_the_same_bytes_as_stdout()
        {
            using var dir = new TempDirectory();
            var outDir = Path.Combine(dir.Path, "report", "colossus");

            var result = CliRunner.Run("run", ScenarioFiles.Scenario("colossus.yaml"), "--out", outDir, "--format", "json");

            var summary = Path.Combine(outDir, "summary.json");
            Assert.Equal(0, result.ExitCode);
            Assert.Equal($"wrote {outDir}: summary.json, report.txt, report.html, trace.json, 14 table files (CSV and Parquet) in tables/, 15 charts (SVG) in charts/\n", result.Error);
            Assert.Equal(result.Out, File.ReadAllText(summary));
        }

        [Fact]
        public void Writes_the_serving_load_ladder_to_the_out_folder_unless_told_not_to()
        {
            using var dir = new TempDirectory();
            var with = Path.Combine(dir.Path, "with");
            var without = Path.Combine(dir.Path, "without");

            var a = CliRunner.Run("run", ScenarioFiles.Scenario("single-node-h200.yaml"), "--out", with, "--format", "json");
            var b = CliRunner.Run("run", ScenarioFiles.Scenario("single-node-h200.yaml"), "--out", without, "--format", "json", "--no-load-ladder");

            Assert.Equal((0, 0), (a.ExitCode, b.ExitCode));
            Assert.Equal(7, File.ReadAllLines(Path.Combine(with, "tables", "serving_load.csv")).Length);
            Assert.True(File.Exists(Path.Combine(with, "charts", "throughput-vs-load.svg")));
            Assert.False(File.Exists(Path.Combine(without, "tables", "serving_load.csv")));
            Assert.False(File.Exists(Path.Combine(without, "charts", "throughput-vs-load.svg")));
            // The ladder is not part of the summary: the same bytes either way.
            Assert.Equal(a.Out, b.Out);
        }

        [Fact]
        public void Writes_the_text_report_as_plain_text_with_the_tables_the_terminal_shows()
        {
            using var dir = new TempDirectory();

            var result = CliRunner.Run("run", ScenarioFiles.Scenario("colossus.yaml"), "--out", dir.Path);

            Assert.Equal(0, result.ExitCode);
            var text = File.ReadAllText(Path.Combine(dir.Path, "report.txt"));
            Assert.StartsWith("colossus-phase-1 (seed 42, ", text, StringComparison.Ordinal);
            Assert.Contains("Platform\n", text, StringComparison.Ordinal);
            Assert.Contains(ScenarioReportText.NotYet, text, StringComparison.Ordinal);
            Assert.DoesNotContain("│", text, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
        }

        [Fact]
        public void Writes_only_summary_json_when_the_scenario_asks_for_json_alone()
        {
            using var dir = new TempDirectory();
            var file = dir.Write("s.yaml", "name: s\nsites: [ { name: a, gpus: { type: h200-sxm, count: 8 } } ]\nreport: { formats: [json] }\n");

            var result = CliRunner.Run("run", file, "--out", Path.Combine(dir.Path, "out"));

            Assert.Equal(0, result.ExitCode);
            Assert.Equal(["summary.json"], Directory.GetFiles(Path.Combine(dir.Path, "out")).Select(Path.GetFileName));
        }

        [Fact]
        public void Writes_summary_json_also_when_printing_tables()
        {
            using var dir = new TempDirectory();

            var result = CliRunner.Run("run", ScenarioFiles.Scenario("single-node-h200.yaml"), "--out", dir.Path);

            Assert.Equal(0, result.ExitCode);
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "summary.json")));
            Assert.Equal("single-node-h200", doc.RootElement.GetProperty("scenario").GetString());
        }

        [Fact]
        public void Reports_an_out_folder_it_cannot_create()
        {
            using var dir = new TempDirectory();
            var blocker = dir.Write("file", "not a folder");

            var result = CliRunner.Run("run", ScenarioFiles.Scenario("colossus.yaml"), "--out", Path.Combine(blocker, "sub"));

            Assert.Equal(2, result.ExitCode);
            Assert.StartsWith($"error: --out: cannot write {Path.Combine(blocker, "sub", "summary.json")}: ", result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        }

        [Fact]
        public void Uses_the_seed_given_on_the_command_line()
        {
            var result = CliRunner.Run("run", ScenarioFiles.Scenario("colossus.yaml"), "--seed", "7", "--format", "json");

            using var doc = JsonDocument.Parse(result.Out);
            Assert.Equal(7, doc.RootElement.GetProperty("seed").GetInt64());
        }

        [Theory]
        [InlineData("-1")]
        [InlineData("9007199254740993")]
        public void Rejects_a_seed_out_of_range(string seed)
        {
            var result = CliRunner.Run("run", ScenarioFiles.Scenario("colossus.yaml"), "--seed", seed);

            Assert.Equal(2, result.ExitCode);
            Assert.StartsWith($"error: --seed: expected a whole number between 0 and 9,007,199,254,740,992, found '{seed}'\n", result.Error, StringComparison.Ordinal);
            Assert.Equal("", result.Out);
        }

        [Fact]
        public void Rejects_a_bad_scenario_with_every_problem_and_no_report()
        {
            using var dir = new TempDirectory();
            var file = dir.Write("bad.yaml", "name: bad\nsites: [ { name: a, gpus: { type: h100-sxm, count: -8 } } ]\nworkloads: { training: [ { name: t, model: nope, gpus: 8, tokens: 1 } ] }\n");

            var result = CliRunner.Run("run", file);

            Assert.Equal(2, result.ExitCode);
            Assert.Equal("", result.Out);
            Assert.StartsWith($"error: {file}:2: sites[0].gpus.count: expected a whole number between 1 and 10,000,000, found '-8'\nerror: {file}:3: workloads.training[0].model: unknown model 'nope'", result.Error, StringComparison.Ordinal);
        }

        [Fact]
        public void Prints_warnings_and_still_runs()
        {
            using var dir = new TempDirectory();
            var file = dir.Write("warn.yaml", "name: w\nsites: [ { name: a, gpus: { type: h100-sxm, count: 8 } } ]\nsedd: 1\n");

            var result = CliRunner.Run("run", file, "--format", "json");

            Assert.Equal(0, result.ExitCode);
            Assert.Equal($"{file}:3: warning: sedd: unknown key 'sedd' is ignored (did you mean 'seed'?)\n", result.Error);
            using var doc = JsonDocument.Parse(result.Out);
            Assert.Equal("w", doc.RootElement.GetProperty("scenario").GetString());
        }
    }
}
