using Colossim.Catalog;
using Colossim.Documents;

namespace Colossim.Tests.Catalog;

public sealed class ColossimCatalogTests
{
    public sealed class TheBuiltInProperty
    {
        private static readonly string[] WithoutFp4 = ["a100-sxm-80gb", "h100-sxm", "h800", "h200-sxm", "mi300x", "mi325x"];
        private static readonly string[] WithFp4 = ["b200", "b300", "gb200", "gb300", "mi355x"];

        [Fact]
        public void Loads_every_shipped_file_without_a_problem_or_a_warning()
        {
            var assembly = typeof(ColossimCatalog).Assembly;
            var names = assembly.GetManifestResourceNames().Where(n => n.StartsWith("catalog/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
            var problems = new Problems();
            var catalog = ColossimCatalog.Empty;
            foreach (var name in names)
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var reader = new StreamReader(stream);
                problems.File = name;
                catalog = catalog.WithDocument(DocReader.Parse(reader.ReadToEnd(), problems)!, problems);
            }

            Assert.Contains("catalog/gpus.yaml", names);
            Assert.Contains("catalog/models.yaml", names);
            Assert.Empty(problems);
            Assert.Equal(ColossimCatalog.BuiltIn.Gpus.Keys, catalog.Gpus.Keys);
            Assert.Equal(ColossimCatalog.BuiltIn.Models.Keys, catalog.Models.Keys);
        }

        [Theory]
        [InlineData("a100-sxm-80gb")]
        [InlineData("h100-sxm")]
        [InlineData("h800")]
        [InlineData("h200-sxm")]
        [InlineData("b200")]
        [InlineData("b300")]
        [InlineData("gb200")]
        [InlineData("gb300")]
        [InlineData("mi300x")]
        [InlineData("mi325x")]
        [InlineData("mi355x")]
        public void Holds_every_gpu_the_project_names(string id)
        {
            Assert.True(ColossimCatalog.BuiltIn.TryGetGpu(id, out var gpu));
            Assert.Equal(id, gpu.Id);
        }

        [Theory]
        [InlineData("llama3.2-1b")]
        [InlineData("llama3-8b")]
        [InlineData("llama3-70b")]
        [InlineData("llama3-405b")]
        [InlineData("llama2-7b")]
        [InlineData("llama2-70b")]
        [InlineData("mixtral-8x7b")]
        [InlineData("grok-1")]
        [InlineData("deepseek-v3")]
        public void Holds_every_model_the_project_names(string name)
        {
            Assert.True(ColossimCatalog.BuiltIn.TryGetModel(name, out var model));
            Assert.Equal(name, model.Name);
        }

        [Fact]
        public void Gives_a_source_for_every_figure_of_every_gpu()
        {
            foreach (var g in ColossimCatalog.BuiltIn.Gpus.Values)
            {
                var given = new List<string> { "dense_bf16", "hbm_capacity", "hbm_bandwidth", "scale_up_bandwidth", "scale_up_domain", "tdp", "price" };
                given.AddRange(new (string Key, object? Value)[]
                {
                    ("dense_fp8", g.DenseFp8), ("dense_fp4", g.DenseFp4), ("dense_tf32", g.DenseTf32), ("idle_power", g.IdlePower), ("compute_units", g.ComputeUnits),
                }.Where(x => x.Value is not null).Select(x => x.Key));

                var missing = given.Where(key => !g.Sources.ContainsKey(key) || string.IsNullOrWhiteSpace(g.Sources[key])).ToList();
                Assert.True(missing.Count == 0, $"{g.Id} has no source for {string.Join(", ", missing)}");
            }
        }

        [Fact]
        public void Has_consistent_gpu_figures()
        {
            foreach (var g in ColossimCatalog.BuiltIn.Gpus.Values)
            {
                // FP8 tensor cores run at twice the BF16 rate, FP4 at least as fast as FP8 (within 0.1%: AMD quotes 2,614.9 / 1,307.4).
                if (g.DenseFp8 is { } fp8)
                {
                    Assert.Equal(2.0, fp8 / g.DenseBf16, 0.002);
                }

                if (g.DenseFp4 is { } fp4)
                {
                    Assert.True(fp4 >= g.DenseFp8, $"{g.Id}: FP4 below FP8");
                }

                Assert.True(g.IdlePower is null || g.IdlePower < g.Tdp, $"{g.Id}: idle power not below TDP");
                Assert.InRange(g.HbmCapacity.Gigabytes, 40, 512);
                Assert.InRange(g.HbmBandwidth.GigabytesPerSecond / 1000, 1.5, 20);
                Assert.InRange(g.Tdp.Value, 300, 2000);
                Assert.InRange(g.Price.Dollars, 5_000, 100_000);
            }
        }

        [Fact]
        public void Describes_the_generations_as_their_vendors_do()
        {
            var c = ColossimCatalog.BuiltIn.Gpus;

            Assert.Null(c["a100-sxm-80gb"].DenseFp8);
            Assert.All(WithoutFp4, id => Assert.Null(c[id].DenseFp4));
            Assert.All(WithFp4, id => Assert.NotNull(c[id].DenseFp4));
            Assert.Equal(900.0, c["h100-sxm"].ScaleUpBandwidth.GigabytesPerSecond);
            Assert.Equal(1800.0, c["gb200"].ScaleUpBandwidth.GigabytesPerSecond);
            Assert.Equal(72, c["gb200"].ScaleUpDomain);
            Assert.Equal(72, c["gb300"].ScaleUpDomain);

            // The H800 is an H100 with NVLink cut to 400 GB/s.
            Assert.Equal(c["h100-sxm"] with { Id = "h800", Name = c["h800"].Name, ScaleUpBandwidth = c["h800"].ScaleUpBandwidth, Price = c["h800"].Price, Sources = c["h800"].Sources }, c["h800"]);
            Assert.Equal(400.0, c["h800"].ScaleUpBandwidth.GigabytesPerSecond);
        }
    }

    public sealed class TheResolveModelMethod
    {
        [Theory]
        [InlineData("llama3-8b")]
        [InlineData("LLAMA3-8B")]
        [InlineData("Llama3-8b")]
        public void Finds_a_catalog_model_by_name_in_any_case(string name)
        {
            var problems = new Problems();

            var model = ColossimCatalog.BuiltIn.ResolveModel(name, problems);

            Assert.Empty(problems);
            Assert.Equal("llama3-8b", model?.Name);
        }

        [Fact]
        public void Reads_a_model_from_a_yaml_file()
        {
            var problems = new Problems();

            var model = ColossimCatalog.BuiltIn.ResolveModel(TestFiles.Repository("scenarios/models/gpt3-175b.yaml"), problems);

            Assert.Empty(problems);
            Assert.NotNull(model);
            Assert.Equal("gpt3-175b", model.Name);
            Assert.Equal(MlpKind.Gelu, model.Mlp);
            Assert.Equal(96, model.Layers);
            Assert.Equal(128, model.HeadDim);
            // 175B published; position embeddings and biases (about 0.04B) are not modelled: within 0.5%.
            Assert.Equal(175e9, model.Parameters, 175e9 * 0.005);
        }

        [Fact]
        public void Lists_close_matches_for_an_unknown_name()
        {
            var problems = new Problems();

            var model = ColossimCatalog.BuiltIn.ResolveModel("llama3-7b", problems);

            Assert.Null(model);
            Assert.Equal(
                "model: unknown model 'llama3-7b'; close matches: llama2-7b, llama3-70b, llama3-8b (or give the path of a YAML file describing it)",
                Assert.Single(problems).ToString());
        }

        [Fact]
        public void Lists_known_names_when_nothing_is_close()
        {
            var problems = new Problems();

            ColossimCatalog.BuiltIn.ResolveModel("gpt-9000-ultra", problems, "workloads.training[0].model");

            Assert.Equal(
                "workloads.training[0].model: unknown model 'gpt-9000-ultra'; known: deepseek-v3, grok-1, llama2-70b, llama2-7b, llama3-405b, llama3-70b, llama3-8b, llama3.2-1b, megatron-gpt-1.7b, megatron-gpt-145.6b, megatron-gpt-18.4b, megatron-gpt-1t, ... (or give the path of a YAML file describing it)",
                Assert.Single(problems).ToString());
        }

        [Fact]
        public void Reports_every_problem_of_a_bad_file_with_its_path_and_line()
        {
            var path = TestFiles.Catalog("broken-model.yaml");
            var problems = new Problems();

            var model = ColossimCatalog.BuiltIn.ResolveModel(path, problems);

            Assert.Null(model);
            Assert.Equal(
                [
                    $"{path}:3: layers: expected a whole number between 1 and 100,000, found '-3'",
                    $"{path}:4: hidden_size: expected a whole number, found 'big'",
                    $"{path}:2: ffn_hidden_size: is required",
                    $"{path}:7: mlp: expected one of swiglu, gelu, found 'relu' (did you mean 'gelu'?)",
                    $"{path}:6: kv_heads: expected a divisor of attention_heads (32), found 5",
                    $"{path}:9: warning: ffn_hiden_size: unknown key 'ffn_hiden_size' is ignored (did you mean 'ffn_hidden_size'?)",
                ],
                problems.Select(p => p.ToString()));
        }

        [Fact]
        public void Reports_a_missing_file()
        {
            var problems = new Problems();

            ColossimCatalog.BuiltIn.ResolveModel("./no-such-model.yaml", problems);

            Assert.Equal("./no-such-model.yaml: the file does not exist", Assert.Single(problems).ToString());
        }
    }

    public sealed class TheResolveGpuMethod
    {
        [Fact]
        public void Finds_a_gpu_by_id_in_any_case()
        {
            var problems = new Problems();

            Assert.Equal("h200-sxm", ColossimCatalog.BuiltIn.ResolveGpu("H200-SXM", problems)?.Id);
            Assert.Empty(problems);
        }

        [Fact]
        public void Lists_close_matches_for_an_unknown_id()
        {
            var problems = new Problems();

            Assert.Null(ColossimCatalog.BuiltIn.ResolveGpu("h100", problems, "sites[0].gpus.type"));
            Assert.Equal(
                "sites[0].gpus.type: unknown GPU 'h100'; close matches: h100-sxm, h800, b200 (or give the path of a YAML file describing it)",
                Assert.Single(problems).ToString());
        }
    }

    public sealed class TheWithFileMethod
    {
        [Fact]
        public void Adds_and_overrides_entries()
        {
            var problems = new Problems();

            var catalog = ColossimCatalog.BuiltIn.WithFile(TestFiles.Catalog("user-catalog.yaml"), problems);

            Assert.Empty(problems);
            Assert.Equal(ColossimCatalog.BuiltIn.Gpus.Count + 1, catalog.Gpus.Count);
            Assert.Equal(ColossimCatalog.BuiltIn.Models.Count + 1, catalog.Models.Count);
            Assert.Equal(2, catalog.Models["llama3-8b"].Layers);
            Assert.Equal(32, ColossimCatalog.BuiltIn.Models["llama3-8b"].Layers);
            Assert.Equal("my-gpu", catalog.Systems["hgx-my-gpu"].Gpu);
            Assert.Equal(64, catalog.Fabrics["my-switch"].Radix);
            Assert.Equal("tiny", catalog.ResolveModel("TINY", problems)?.Name);
            Assert.Equal(catalog.Gpus["h100-sxm"], ColossimCatalog.BuiltIn.Gpus["h100-sxm"]);
        }

        [Fact]
        public void Reports_every_problem_with_its_path_and_line_including_a_system_whose_gpu_is_unknown()
        {
            var path = TestFiles.Catalog("bad-catalog.yaml");
            var problems = new Problems();

            _ = ColossimCatalog.BuiltIn.WithFile(path, problems);

            Assert.Equal(
                [
                    $"{path}:4: gpus[0].dense_bf16: expected a compute rate like 989TFLOPS, found unknown unit 'parsecs' in '100 parsecs' (units: FLOPS, FLOP/s, KFLOPS, MFLOPS, GFLOPS, GFLOP/s, TFLOPS, TFLOP/s, PFLOPS, PFLOP/s, EFLOPS, EFLOP/s)",
                    $"{path}:3: gpus[0].hbm_bandwidth: is required",
                    $"{path}:3: gpus[0].tdp: is required",
                    $"{path}:3: gpus[0].scale_up_bandwidth: is required",
                    $"{path}:3: gpus[0].scale_up_domain: is required",
                    $"{path}:3: gpus[0].price: is required",
                    $"{path}:9: systems[0].gpu: unknown GPU 'h100-sxn' (did you mean 'h100-sxm' or 'h200-sxm'?)",
                ],
                problems.Select(p => p.ToString()));
        }
    }
}
