using System.Text.Json;
using Colossim.Catalog;
using Colossim.Reports;

namespace Colossim.Tests.Reports;

public sealed class CatalogJsonTests
{
    private static JsonElement Entry(string json, string key, string id)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateArray().Single(e => e.GetProperty(key).GetString() == id).Clone();
    }

    public sealed class TheToJsonMethod
    {
        [Fact]
        public void Writes_one_object_of_the_four_section_arrays_for_the_whole_catalog()
        {
            using var doc = JsonDocument.Parse(CatalogJson.ToJson(ColossimCatalog.BuiltIn));

            Assert.Equal(["gpus", "systems", "fabrics", "models"], doc.RootElement.EnumerateObject().Select(p => p.Name));
            Assert.Equal(ColossimCatalog.BuiltIn.Models.Count, doc.RootElement.GetProperty("models").GetArrayLength());
        }

        [Fact]
        public void Writes_the_gpu_keys_in_order_with_units_in_the_keys()
        {
            var gpu = Entry(CatalogJson.ToJson(ColossimCatalog.BuiltIn, CatalogSection.Gpus), "id", "h100-sxm");

            Assert.Equal(
                ["id", "name", "vendor", "dense_bf16_tflops", "dense_fp8_tflops", "dense_fp4_tflops", "dense_tf32_tflops", "hbm_capacity_gb",
                    "hbm_bandwidth_gb_per_s", "scale_up_bandwidth_gb_per_s", "scale_up_domain", "tdp_w", "idle_power_w", "compute_units", "price_usd", "sources"],
                gpu.EnumerateObject().Select(p => p.Name));
            Assert.Equal(989, gpu.GetProperty("dense_bf16_tflops").GetDouble(), 1e-9);
            Assert.Equal(JsonValueKind.Null, gpu.GetProperty("dense_fp4_tflops").ValueKind);
            Assert.Equal(700, gpu.GetProperty("tdp_w").GetDouble(), 1e-9);
        }

        [Fact]
        public void Writes_the_system_and_fabric_keys_with_network_speeds_in_gigabits()
        {
            var system = Entry(CatalogJson.ToJson(ColossimCatalog.BuiltIn, CatalogSection.Systems), "id", "dgx-b200");
            var fabric = Entry(CatalogJson.ToJson(ColossimCatalog.BuiltIn, CatalogSection.Fabrics), "id", "infiniband-ndr");

            Assert.Equal(
                ["id", "name", "gpu", "gpus_per_node", "gpus_per_rack", "node_power_w", "nics_per_gpu", "nic_bandwidth_gbit_per_s", "scale_up_domain",
                    "node_price_usd", "scalable_unit_gpus", "cooling", "sources"],
                system.EnumerateObject().Select(p => p.Name));
            Assert.Equal(400, system.GetProperty("nic_bandwidth_gbit_per_s").GetDouble(), 1e-9);
            Assert.Equal(
                ["id", "name", "kind", "radix", "port_bandwidth_gbit_per_s", "switch_power_w", "switch_price_usd", "transceiver_price_usd",
                    "transceiver_power_w", "max_breakout", "ports_per_transceiver", "sources"],
                fabric.EnumerateObject().Select(p => p.Name));
            Assert.Equal(400, fabric.GetProperty("port_bandwidth_gbit_per_s").GetDouble(), 1e-9);
        }

        [Fact]
        public void Writes_the_model_keys_and_its_parameter_counts()
        {
            var model = Entry(CatalogJson.ToJson(ColossimCatalog.BuiltIn, CatalogSection.Models), "name", "llama3-8b");

            Assert.Equal(
                ["name", "layers", "hidden_size", "attention_heads", "kv_heads", "head_dim", "ffn_hidden_size", "mlp", "vocab_size", "tied_embeddings",
                    "experts", "active_experts", "shared_experts", "expert_ffn_hidden_size", "dense_layers", "kv_lora_rank", "q_lora_rank",
                    "qk_rope_head_dim", "source", "parameters", "active_parameters"],
                model.EnumerateObject().Select(p => p.Name));
            Assert.Equal("swiglu", model.GetProperty("mlp").GetString());
            Assert.Equal(ColossimCatalog.BuiltIn.Models["llama3-8b"].Parameters, model.GetProperty("parameters").GetDouble(), 0.0);
        }

        [Fact]
        public void Writes_an_empty_array_for_an_empty_section() =>
            Assert.Equal("[]", CatalogJson.ToJson(ColossimCatalog.Empty, CatalogSection.Gpus));
    }
}
