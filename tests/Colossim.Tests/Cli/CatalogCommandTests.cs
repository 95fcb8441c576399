using System.Text.Json;
using Colossim.Tests.Catalog;

namespace Colossim.Tests.Cli;

public sealed class CatalogCommandTests
{
    private static string UserCatalog => TestFiles.Catalog("user-catalog.yaml");

    // The cells of the table row whose first cell is `id`.
    private static string[] Row(string table, string id) =>
        table.Split('\n')
            .Select(line => line.Split('│', StringSplitOptions.TrimEntries).Where(cell => cell.Length > 0).ToArray())
            .Single(cells => cells.Length > 0 && cells[0] == id);

    private static JsonElement Entry(string json, string key, string id)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateArray().Single(e => e.GetProperty(key).GetString() == id).Clone();
    }

    public sealed class TheBareCommand
    {
        [Fact]
        public void Lists_all_four_sections_as_the_section_commands_do()
        {
            var all = CliRunner.Run("catalog", "--catalog", UserCatalog);

            var expected = string.Join("\n", new[] { ("GPUs", "gpus"), ("Systems", "systems"), ("Fabrics", "fabrics"), ("Models", "models") }
                .Select(section =>
                {
                    var output = CliRunner.Run("catalog", section.Item2, "--catalog", UserCatalog).Out;
                    var rows = output.Split('\n').Count(line => line.StartsWith('│'));
                    return $"{section.Item1} ({rows - 1})\n{output}";
                }));
            Assert.Equal(0, all.ExitCode);
            Assert.Equal("", all.Error);
            Assert.Equal(expected, all.Out);
        }

        [Fact]
        public void Writes_one_object_of_four_arrays_as_json()
        {
            var result = CliRunner.Run("catalog", "--format", "json", "--catalog", UserCatalog);

            Assert.Equal(0, result.ExitCode);
            Assert.Equal("", result.Error);
            using var doc = JsonDocument.Parse(result.Out);
            Assert.Equal(["gpus", "systems", "fabrics", "models"], doc.RootElement.EnumerateObject().Select(p => p.Name));
            foreach (var section in doc.RootElement.EnumerateObject())
            {
                var alone = CliRunner.Run("catalog", section.Name, "--format", "json", "--catalog", UserCatalog).Out;
                using var aloneDoc = JsonDocument.Parse(alone);
                Assert.Equal(JsonSerializer.Serialize(aloneDoc.RootElement), JsonSerializer.Serialize(section.Value));
            }
        }

        [Fact]
        public void Exits_with_2_for_an_unknown_section()
        {
            var result = CliRunner.Run("catalog", "switches");

            Assert.Equal(2, result.ExitCode);
            Assert.Equal("error: expected a command: gpus, systems, fabrics, models, found 'switches'\nRun 'colossim catalog --help' for usage.\n", result.Error.ReplaceLineEndings("\n"));
            Assert.Equal("", result.Out);
        }

        [Fact]
        public void Exits_with_2_and_lists_every_problem_of_a_bad_catalog_file()
        {
            var path = TestFiles.Catalog("bad-catalog.yaml");

            var result = CliRunner.Run("catalog", "--catalog", path);

            Assert.Equal(2, result.ExitCode);
            Assert.Equal("", result.Out);
            Assert.Equal(
                $"""
                error: {path}:4: gpus[0].dense_bf16: expected a compute rate like 989TFLOPS, found unknown unit 'parsecs' in '100 parsecs' (units: FLOPS, FLOP/s, KFLOPS, MFLOPS, GFLOPS, GFLOP/s, TFLOPS, TFLOP/s, PFLOPS, PFLOP/s, EFLOPS, EFLOP/s)
                error: {path}:3: gpus[0].hbm_bandwidth: is required
                error: {path}:3: gpus[0].tdp: is required
                error: {path}:3: gpus[0].scale_up_bandwidth: is required
                error: {path}:3: gpus[0].scale_up_domain: is required
                error: {path}:3: gpus[0].price: is required
                error: {path}:9: systems[0].gpu: unknown GPU 'h100-sxn' (did you mean 'h100-sxm' or 'h200-sxm'?)

                """,
                result.Error.ReplaceLineEndings("\n"));
        }

        [Fact]
        public void Shows_examples_in_help()
        {
            var result = CliRunner.Run("catalog", "--help");

            Assert.Equal(0, result.ExitCode);
            Assert.Contains("colossim catalog models --format json", result.Out, StringComparison.Ordinal);
            foreach (var section in new[] { "gpus", "systems", "fabrics", "models" })
            {
                Assert.Contains($"  {section} ", result.Out, StringComparison.Ordinal);
            }
        }
    }

    public sealed class TheGpusCommand
    {
        [Fact]
        public void Prints_the_approved_table()
        {
            var result = CliRunner.Run("catalog", "gpus");

            Assert.Equal(0, result.ExitCode);
            Assert.Equal("", result.Error);
            Approvals.Verify("catalog-gpus", result.Out);
        }

        [Fact]
        public void Writes_quantities_with_their_unit_in_the_key()
        {
            var result = CliRunner.Run("catalog", "gpus", "--format", "json");

            var h100 = Entry(result.Out, "id", "h100-sxm");
            Assert.Equal(
                ["id", "name", "vendor", "dense_bf16_tflops", "dense_fp8_tflops", "dense_fp4_tflops", "dense_tf32_tflops", "hbm_capacity_gb", "hbm_bandwidth_gb_per_s",
                    "scale_up_bandwidth_gb_per_s", "scale_up_domain", "tdp_w", "idle_power_w", "compute_units", "price_usd", "sources"],
                h100.EnumerateObject().Select(p => p.Name));
            Assert.Equal(989.0, h100.GetProperty("dense_bf16_tflops").GetDouble());
            Assert.Equal(JsonValueKind.Null, h100.GetProperty("dense_fp4_tflops").ValueKind);
            Assert.Equal(3350.0, h100.GetProperty("hbm_bandwidth_gb_per_s").GetDouble());
            Assert.Equal(900.0, h100.GetProperty("scale_up_bandwidth_gb_per_s").GetDouble());
            Assert.Equal(700.0, h100.GetProperty("tdp_w").GetDouble());

            // Unit conversions do not leak floating-point noise: AMD's 1,307.4 TFLOPS stays 1307.4.
            Assert.Contains("\"dense_bf16_tflops\": 1307.4,", result.Out, StringComparison.Ordinal);
        }
    }

    public sealed class TheSystemsCommand
    {
        [Fact]
        public void Lists_systems_from_a_catalog_file()
        {
            var result = CliRunner.Run("catalog", "systems", "--catalog", UserCatalog);

            Assert.Equal(0, result.ExitCode);
            Assert.Equal("", result.Error);
            Assert.Equal(["id", "name", "GPU", "GPUs/node", "GPUs/rack", "node power", "NICs/GPU", "NIC", "domain", "node price"], Row(result.Out, "id"));
            Assert.Equal(["hgx-my-gpu", "HGX My GPU", "my-gpu", "4", "16", "2 kW", "1", "400 Gb/s", "4", "$40k"], Row(result.Out, "hgx-my-gpu"));
        }

        [Fact]
        public void Writes_systems_as_json()
        {
            var result = CliRunner.Run("catalog", "systems", "--format", "json", "--catalog", UserCatalog);

            Assert.Equal(0, result.ExitCode);
            Assert.Equal(
                """{"id":"hgx-my-gpu","name":"HGX My GPU","gpu":"my-gpu","gpus_per_node":4,"gpus_per_rack":16,"node_power_w":2000,"nics_per_gpu":1,"nic_bandwidth_gbit_per_s":400,"scale_up_domain":4,"node_price_usd":40000,"scalable_unit_gpus":null,"cooling":null,"sources":{}}""",
                JsonSerializer.Serialize(Entry(result.Out, "id", "hgx-my-gpu")));
        }
    }

    public sealed class TheFabricsCommand
    {
        [Fact]
        public void Lists_fabrics_from_a_catalog_file()
        {
            var result = CliRunner.Run("catalog", "fabrics", "--catalog", UserCatalog);

            Assert.Equal(0, result.ExitCode);
            Assert.Equal("", result.Error);
            Assert.Equal(["id", "name", "kind", "radix", "port", "switch power", "switch price", "optic price", "optic power"], Row(result.Out, "id"));
            Assert.Equal(["my-switch", "My Switch", "ethernet", "64", "800 Gb/s", "1.5 kW", "$30k", "$800.00", "15 W"], Row(result.Out, "my-switch"));
        }

        [Fact]
        public void Writes_fabrics_as_json()
        {
            var result = CliRunner.Run("catalog", "fabrics", "--format", "json", "--catalog", UserCatalog);

            Assert.Equal(0, result.ExitCode);
            Assert.Equal(
                """{"id":"my-switch","name":"My Switch","kind":"ethernet","radix":64,"port_bandwidth_gbit_per_s":800,"switch_power_w":1500,"switch_price_usd":30000,"transceiver_price_usd":800,"transceiver_power_w":15,"max_breakout":1,"ports_per_transceiver":1,"sources":{}}""",
                JsonSerializer.Serialize(Entry(result.Out, "id", "my-switch")));
        }
    }

    public sealed class TheModelsCommand
    {
        [Fact]
        public void Prints_the_approved_table()
        {
            var result = CliRunner.Run("catalog", "models");

            Assert.Equal(0, result.ExitCode);
            Assert.Equal("", result.Error);
            Approvals.Verify("catalog-models", result.Out);
        }

        [Fact]
        public void Writes_the_catalog_keys_and_the_parameter_counts_as_json()
        {
            var result = CliRunner.Run("catalog", "models", "--format", "json");

            Assert.Equal(0, result.ExitCode);
            Assert.Equal(
                """{"name":"deepseek-v3","layers":61,"hidden_size":7168,"attention_heads":128,"kv_heads":128,"head_dim":128,"ffn_hidden_size":18432,"mlp":"swiglu","vocab_size":129280,"tied_embeddings":false,"experts":256,"active_experts":8,"shared_experts":1,"expert_ffn_hidden_size":2048,"dense_layers":3,"kv_lora_rank":512,"q_lora_rank":1536,"qk_rope_head_dim":64,"source":"deepseek-ai/DeepSeek-V3 config.json and arXiv:2412.19437 (61 layers, first 3 dense, MLA, 1 shared \u002B 256 routed experts, 8 active; 671B total, 37B active; the 14B multi-token-prediction module is not counted); reference training.md \u00A72.5","parameters":671026279424,"active_parameters":37552157696}""",
                JsonSerializer.Serialize(Entry(result.Out, "name", "deepseek-v3")));
            Assert.Equal(8_030_261_248, Entry(result.Out, "name", "llama3-8b").GetProperty("parameters").GetInt64());
        }

        [Fact]
        public void Shows_user_models_and_overrides_from_a_catalog_file()
        {
            var result = CliRunner.Run("catalog", "models", "--catalog", UserCatalog);

            Assert.Equal(0, result.ExitCode);
            Assert.Equal(["tiny", "2", "64", "4/4", "16", "256", "gelu", "-", "1000", "162624", "162624"], Row(result.Out, "tiny"));
            Assert.Equal("2", Row(result.Out, "llama3-8b")[1]);
        }
    }
}
