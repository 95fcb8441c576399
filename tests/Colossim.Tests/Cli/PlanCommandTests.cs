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
        [InlineData("--pue: expected a PUE of at least 1 (facility power / IT power), found '0.9'", "--gpus", "8", "--gpu", "h200-sxm", "--pue", "0.9")]
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
                + "error: --pue: expected a PUE of at least 1 (facility power / IT power), found '0.5'\n"
                + "error: --years: expected a number of years between 0.1 and 100, found '0'\n",
                result.Error.ReplaceLineEndings("\n"));
        }
    }

    public sealed class TheJsonOutput
    {
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
            Assert.Equal(400, network.GetProperty("scale_out_gbps_per_gpu").GetDouble(), 1e-9);
            foreach (var key in new[] { "it_mw", "facility_mw", "per_gpu_kw" })
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
