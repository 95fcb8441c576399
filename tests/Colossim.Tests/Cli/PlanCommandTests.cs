using System.Text.Json;

namespace Colossim.Tests.Cli;

public sealed class PlanCommandTests
{
    // H100 and its systems as the catalog has them, pinned so that catalog edits do not move these numbers.
    private static string H100Catalog => Path.Combine(AppContext.BaseDirectory, "TestData", "facility", "h100-catalog.yaml");

    private static string B200Server => Path.Combine(AppContext.BaseDirectory, "TestData", "facility", "b200-server.yaml");

    public sealed class TheBadInputs
    {
        [Theory]
        [InlineData("expected exactly one of --budget-usd, --power-mw or --gpus, found none", "--gpu", "h200-sxm")]
        [InlineData("expected exactly one of --budget-usd, --power-mw or --gpus, found --budget-usd and --gpus", "--budget-usd", "1B", "--gpus", "8", "--gpu", "h200-sxm")]
        [InlineData("expected exactly one of --budget-usd, --power-mw or --gpus, found --budget-usd, --power-mw and --gpus", "--budget-usd", "1B", "--power-mw", "5", "--gpus", "8", "--gpu", "h200-sxm")]
        [InlineData("--budget-usd: expected an amount of money above zero, found '-5'", "--budget-usd", "-5", "--gpu", "h200-sxm")]
        [InlineData("--budget-usd: expected an amount of money above zero, found '0'", "--budget-usd", "0", "--gpu", "h200-sxm")]
        [InlineData("--power-mw: expected a power in MW above zero, found '-1'", "--power-mw=-1", "--gpu", "h200-sxm")]
        [InlineData("--gpus: expected a whole GPU count, found '10.5'", "--gpus", "10.5", "--gpu", "h200-sxm")]
        [InlineData("--pue: expected a PUE (facility power / IT power) between 1 and 3, found '0.9'", "--gpus", "8", "--gpu", "h200-sxm", "--pue", "0.9")]
        [InlineData("--pue: expected a PUE (facility power / IT power) between 1 and 3, found '4'", "--gpus", "8", "--gpu", "h200-sxm", "--pue", "4")]
        [InlineData("--battery-mw: expected --battery-mwh with it (a battery's power needs its capacity, which is bought by the MWh), found none", "--gpus", "8", "--gpu", "h200-sxm", "--battery-mw", "50")]
        [InlineData("--battery-mw: expected --battery-mwh with it (a battery's power needs its capacity, which is bought by the MWh), found '0'", "--gpus", "8", "--gpu", "h200-sxm", "--battery-mw", "50", "--battery-mwh", "0")]
        [InlineData("--budget-usd: dgx-h200 units beyond the planner's limit of 800,000,000 GPUs (100,000,000 units) still fit: expected a target the planner can reach (ask for --gpus instead)", "--budget-usd", "1e14", "--gpu", "h200-sxm")]
        [InlineData("--topology: expected one of rail-optimized-fat-tree, fat-tree, rail-only, found 'railonly' (did you mean 'rail-only'?)", "--gpus", "8", "--gpu", "h200-sxm", "--topology", "railonly")]
        [InlineData("--wacc: expected a cost of capital per year between 0 and 0.5, found '8'", "--gpus", "8", "--gpu", "h200-sxm", "--wacc", "8")]
        [InlineData("--grid-mw: expected a grid connection in MW above zero, found '0'", "--gpus", "8", "--gpu", "h200-sxm", "--grid-mw", "0")]
        [InlineData("--utilization: expected a utilization above 0 and at most 1, found '1.5'", "--gpus", "8", "--gpu", "h200-sxm", "--utilization", "1.5")]
        [InlineData("--system: dgx-b200 holds b200 GPUs, not h200-sxm (systems that hold it: dgx-h200, hgx-h200)", "--gpus", "8", "--gpu", "h200-sxm", "--system", "dgx-b200")]
        [InlineData("--gpu: is required (a catalog id such as h100-sxm, or a YAML file); see 'colossim catalog gpus'", "--gpus", "8")]
        [InlineData("--budget-usd: $10k does not buy one dgx-h200 unit of 8 GPUs with its share of network and facility ($490.178k)", "--budget-usd", "10k", "--gpu", "h200-sxm")]
        public void Exits_with_2_and_says_what_was_expected(string message, params string[] args)
        {
            var result = CliRunner.Run(["plan", .. args]);

            Assert.Equal(2, result.ExitCode);
            Assert.Equal($"error: {message}\n", result.Error.ReplaceLineEndings("\n"));
            Assert.Equal("", result.Out);
        }

        [Fact]
        public void Refuses_a_system_file_holding_another_GPU()
        {
            var result = CliRunner.Run("plan", "--gpus", "8", "--gpu", "h200-sxm", "--system", B200Server);

            Assert.Equal(2, result.ExitCode);
            Assert.Equal("error: --system: test-b200-server holds b200 GPUs, not h200-sxm (systems that hold it: dgx-h200, hgx-h200)\n", result.Error.ReplaceLineEndings("\n"));
        }

        [Fact]
        public void Lists_every_problem_at_once()
        {
            var result = CliRunner.Run("plan", "--budget-usd", "-1", "--gpu", "h200-sxm", "--pue", "0.5", "--years", "0");

            Assert.Equal(2, result.ExitCode);
            Assert.Equal(
                "error: --budget-usd: expected an amount of money above zero, found '-1'\n"
                + "error: --pue: expected a PUE (facility power / IT power) between 1 and 3, found '0.5'\n"
                + "error: --years: expected a number of years between 0.1 and 100, found '0'\n",
                result.Error.ReplaceLineEndings("\n"));
        }
    }

    public sealed class TheJsonOutput
    {
        private static void Walk(JsonElement element, List<string> keys)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in element.EnumerateObject())
                {
                    keys.Add(p.Name);
                    Walk(p.Value, keys);
                }
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, keys);
                }
            }
        }

        [Fact]
        public void Has_the_keys_of_the_issue_4_contract()
        {
            var result = CliRunner.Run("plan", "--gpus", "4096", "--gpu", "h100-sxm", "--system", "dgx-h100", "--catalog", H100Catalog, "--format", "json");

            Assert.Equal(0, result.ExitCode);
            Assert.Equal("", result.Error);
            using var doc = JsonDocument.Parse(result.Out);
            var root = doc.RootElement;
            foreach (var key in new[] { "gpus", "nodes", "racks", "sites", "network", "power", "capex_usd", "opex_usd_per_year", "tco_usd", "usd_per_gpu_hour" })
            {
                Assert.True(root.TryGetProperty(key, out _), $"no key {key}");
            }

            var network = root.GetProperty("network");
            Assert.Equal(3, network.GetProperty("tiers").GetInt32());
            Assert.Equal(128, network.GetProperty("switches").GetProperty("leaf").GetInt64());
            Assert.Equal(128, network.GetProperty("switches").GetProperty("spine").GetInt64());
            Assert.Equal(64, network.GetProperty("switches").GetProperty("core").GetInt64());
            Assert.Equal(14_336, network.GetProperty("transceivers").GetInt64());
            Assert.Equal(400e9, network.GetProperty("scale_out_bits_per_s_per_gpu").GetDouble(), 1e-3);
            Assert.Equal(400e9, network.GetProperty("link_bits_per_s").GetDouble(), 1e-3);
            Assert.Equal(40_800, root.GetProperty("rack_w").GetDouble(), 1e-9); // 4 DGX H100 of 10.2 kW
            foreach (var key in new[] { "it_w", "facility_w", "per_gpu_w" })
            {
                Assert.True(root.GetProperty("power").GetProperty(key).GetDouble() > 0, key);
            }

            var capex = root.GetProperty("capex_usd");
            var sum = capex.EnumerateObject().Where(p => p.Name != "total").Sum(p => p.Value.GetDouble());
            Assert.Equal(capex.GetProperty("total").GetDouble(), sum, 7.0); // each category is rounded to the dollar
            Assert.Equal(4096, root.GetProperty("gpus").GetInt64());
            Assert.Equal(512, root.GetProperty("nodes").GetInt64());
        }

        [Fact]
        public void Writes_SI_base_units_with_the_unit_in_every_key_as_run_does()
        {
            var result = CliRunner.Run("plan", "--gpus", "4096", "--gpu", "h100-sxm", "--system", "dgx-h100", "--catalog", H100Catalog, "--format", "json");

            using var doc = JsonDocument.Parse(result.Out);
            var keys = new List<string>();
            Walk(doc.RootElement, keys);
            var legacy = keys.Where(k => k.EndsWith("_mw", StringComparison.Ordinal) || k.EndsWith("_kw", StringComparison.Ordinal) || k.Contains("gbps", StringComparison.Ordinal) || k.Contains("mwh", StringComparison.Ordinal)).ToList();
            Assert.Empty(legacy);
            Assert.Contains("energy_j_per_year", keys);
            Assert.Contains("battery_j", keys);
        }

        [Fact]
        public void Reconciles_the_cost_per_GPU_hour_with_capex_annualised_at_the_WACC_plus_opex()
        {
            var result = CliRunner.Run("plan", "--gpus", "4096", "--gpu", "h100-sxm", "--system", "dgx-h100", "--catalog", H100Catalog, "--format", "json");

            using var doc = JsonDocument.Parse(result.Out);
            var root = doc.RootElement;
            var perYear = root.GetProperty("cost_per_year");
            Assert.Equal(0.08, perYear.GetProperty("wacc").GetDouble());
            var crf5 = 0.08 * Math.Pow(1.08, 5) / (Math.Pow(1.08, 5) - 1); // 0.2505 of the price each year for 5 years
            var crf20 = 0.08 * Math.Pow(1.08, 20) / (Math.Pow(1.08, 20) - 1);
            var capex = root.GetProperty("capex_usd");
            var annual = perYear.GetProperty("capex_annualized_usd_per_year");
            Assert.Equal(capex.GetProperty("gpus").GetDouble() * crf5, annual.GetProperty("gpus").GetDouble(), 1.0); // dollars, rounded
            Assert.Equal(capex.GetProperty("facility").GetDouble() * crf20, annual.GetProperty("facility").GetDouble(), 1.0);
            var total = perYear.GetProperty("total_usd_per_year").GetDouble();
            Assert.Equal(annual.GetProperty("total").GetDouble() + root.GetProperty("opex_usd_per_year").GetDouble(), total, 1.0);
            Assert.Equal(4096 * 8766 * 0.8, perYear.GetProperty("gpu_hours_per_year").GetDouble(), 0.5);
            Assert.Equal(total / (4096 * 8766 * 0.8), root.GetProperty("usd_per_gpu_hour").GetDouble(), 1e-4);
        }

        [Fact]
        public void Annualises_capex_straight_line_at_a_zero_cost_of_capital()
        {
            var result = CliRunner.Run("plan", "--gpus", "4096", "--gpu", "h100-sxm", "--system", "dgx-h100", "--catalog", H100Catalog, "--wacc", "0", "--format", "json");

            using var doc = JsonDocument.Parse(result.Out);
            var root = doc.RootElement;
            var expected = (root.GetProperty("depreciation_usd_per_year").GetDouble() + root.GetProperty("opex_usd_per_year").GetDouble()) / (4096 * 8766 * 0.8);
            Assert.Equal(expected, root.GetProperty("usd_per_gpu_hour").GetDouble(), 1e-4);
        }

        [Fact]
        public void Splits_a_capped_site_into_sites_each_with_its_own_building()
        {
            var result = CliRunner.Run("plan", "--gpus", "100000", "--gpu", "h100-sxm", "--site-max-mw", "1", "--format", "json");

            Assert.Equal(0, result.ExitCode);
            using var doc = JsonDocument.Parse(result.Out);
            Assert.Equal(176, doc.RootElement.GetProperty("sites").GetInt64());
            Assert.Equal(176, doc.RootElement.GetProperty("buildings").GetInt64());
        }

        [Fact]
        public void Puts_buildings_in_each_site_under_both_caps()
        {
            // 175.6 MW at 100 MW a site: 2 sites of 87.8 MW, each in one 150 MW building.
            var result = CliRunner.Run("plan", "--gpus", "100000", "--gpu", "h100-sxm", "--site-max-mw", "100", "--format", "json");

            using var doc = JsonDocument.Parse(result.Out);
            Assert.Equal(2, doc.RootElement.GetProperty("sites").GetInt64());
            Assert.Equal(2, doc.RootElement.GetProperty("buildings").GetInt64());
        }

        [Fact]
        public void Charges_on_site_generation_its_capex_and_fuel_and_buys_less_grid_energy()
        {
            var without = CliRunner.Run("plan", "--gpus", "100000", "--gpu", "h100-sxm", "--format", "json");
            var with = CliRunner.Run("plan", "--gpus", "100000", "--gpu", "h100-sxm", "--onsite-mw", "500", "--format", "json");

            using var a = JsonDocument.Parse(without.Out);
            using var b = JsonDocument.Parse(with.Out);
            Assert.Equal(0, a.RootElement.GetProperty("capex_usd").GetProperty("generation").GetDouble());
            Assert.Equal(1e9, b.RootElement.GetProperty("capex_usd").GetProperty("generation").GetDouble()); // 500 MW x $2M/MW
            var opexA = a.RootElement.GetProperty("opex_by_category_usd_per_year");
            var opexB = b.RootElement.GetProperty("opex_by_category_usd_per_year");
            Assert.Equal(0, opexB.GetProperty("energy").GetDouble()); // 500 MW covers the 148 MW average draw
            Assert.Equal(opexA.GetProperty("energy").GetDouble() / 0.08 * 0.04, opexB.GetProperty("fuel").GetDouble(), 2.0); // the same kWh at $0.04 of gas
            Assert.Equal(500e6, b.RootElement.GetProperty("power").GetProperty("onsite_generation_w").GetDouble());
        }

        [Fact]
        public void Drops_the_tier_across_rails_for_a_rail_only_network()
        {
            var optimised = CliRunner.Run("plan", "--gpus", "100000", "--gpu", "h100-sxm", "--format", "json");
            var railOnly = CliRunner.Run("plan", "--gpus", "100000", "--gpu", "h100-sxm", "--topology", "rail-only", "--format", "json");

            using var a = JsonDocument.Parse(optimised.Out);
            using var b = JsonDocument.Parse(railOnly.Out);
            var netA = a.RootElement.GetProperty("network");
            var netB = b.RootElement.GetProperty("network");
            Assert.Equal("rail-optimized-fat-tree", netA.GetProperty("topology").GetString());
            Assert.Equal(4, netA.GetProperty("tiers").GetInt32()); // 100,000 NICs need 4 tiers of radix 64
            Assert.Equal(10_938, netA.GetProperty("switches_total").GetInt64());
            Assert.Equal("rail-only", netB.GetProperty("topology").GetString());
            Assert.Equal(8, netB.GetProperty("trees").GetInt64()); // one per GPU of an HGX board
            Assert.Equal(3, netB.GetProperty("tiers").GetInt32()); // 12,500 NICs a rail fit 3 tiers
            Assert.Equal(7_824, netB.GetProperty("switches_total").GetInt64());
        }

        [Fact]
        public void Warns_when_the_facility_needs_more_than_the_grid_connection()
        {
            var result = CliRunner.Run("plan", "--gpus", "100000", "--gpu", "h100-sxm", "--grid-mw", "150", "--onsite-mw", "10", "--format", "json");

            Assert.Equal(0, result.ExitCode);
            Assert.Equal("warning: --grid-mw: the facility needs 175.594 MW at nameplate (IT x PUE), above the 150 MW grid connection (with 10 MW on-site generation and 0 MW of batteries)\n", result.Error.ReplaceLineEndings("\n"));
        }

        [Fact]
        public void Sizes_a_budget_to_a_whole_number_of_units()
        {
            var result = CliRunner.Run("plan", "--budget-usd", "$1B", "--gpu", "h100-sxm", "--catalog", H100Catalog, "--format", "json");

            Assert.Equal(0, result.ExitCode);
            using var doc = JsonDocument.Parse(result.Out);
            Assert.True(doc.RootElement.GetProperty("capex_usd").GetProperty("total").GetDouble() <= 1e9);
            Assert.Equal(0, doc.RootElement.GetProperty("gpus").GetInt64() % 8);
        }
    }

    public sealed class TheTextOutput
    {
        [Fact]
        public void Says_1_node_not_1_nodes()
        {
            var result = CliRunner.Run("plan", "--gpus", "8", "--gpu", "h100-sxm", "--system", "dgx-h100", "--catalog", H100Catalog);

            Assert.StartsWith("8 x h100-sxm in 1 node of dgx-h100 (NVIDIA DGX H100), bought in units of 8 GPUs\n", result.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        }

        [Fact]
        public void Prints_the_approved_plan_for_a_16_SU_SuperPOD()
        {
            var result = CliRunner.Run("plan", "--gpus", "4096", "--gpu", "h100-sxm", "--system", "dgx-h100", "--catalog", H100Catalog);

            Assert.Equal(0, result.ExitCode);
            Assert.Equal("", result.Error);
            Approvals.Verify("plan-superpod-16su", result.Out);
        }

        [Fact]
        public void Warns_when_it_falls_back_to_a_generic_server()
        {
            var result = CliRunner.Run("plan", "--gpus", "8", "--gpu", "mi300x");

            Assert.Equal(0, result.ExitCode);
            Assert.Equal("warning: --system: no catalog system holds mi300x: using a generic 8-GPU server (power 1.8 x TDP, price 1.64 x GPU price, Epoch's ratios)\n", result.Error.ReplaceLineEndings("\n"));
        }
    }
}
