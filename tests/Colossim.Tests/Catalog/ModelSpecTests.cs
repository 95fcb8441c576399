using Colossim.Catalog;

namespace Colossim.Tests.Catalog;

public sealed class ModelSpecTests
{
    private static ModelSpec Model(string name) => ColossimCatalog.BuiltIn.Models[name];

    public sealed class TheParametersProperty
    {
        // Published totals (model cards, papers). Tolerance 2%: norms' exact layout, biases and extra modules
        // (DeepSeek-V3's multi-token-prediction layer) are not counted.
        [Theory]
        [InlineData("llama3.2-1b", 1.24e9)]
        [InlineData("llama3-8b", 8.03e9)]
        [InlineData("llama3-70b", 70.6e9)]
        [InlineData("llama3-405b", 405.8e9)]
        [InlineData("llama2-7b", 6.74e9)]
        [InlineData("llama2-70b", 68.98e9)]
        [InlineData("mixtral-8x7b", 46.7e9)]
        [InlineData("grok-1", 314e9)]
        [InlineData("deepseek-v3", 671e9)]
        public void Matches_the_published_total_within_2_percent(string name, double published)
        {
            var model = Model(name);

            Assert.InRange(model.Parameters / published, 0.98, 1.02);
        }

        [Theory]
        [InlineData("llama3-8b", 8_030_261_248.0)]
        [InlineData("llama2-7b", 6_738_415_616.0)]
        [InlineData("mixtral-8x7b", 46_702_792_704.0)]
        public void Matches_the_exact_count_of_the_released_weights(string name, double exact)
        {
            Assert.Equal(exact, Model(name).Parameters);
        }

        [Fact]
        public void Counts_a_gelu_model_with_tied_embeddings_by_hand()
        {
            var model = new ModelSpec
            {
                Name = "tiny",
                Layers = 2,
                HiddenSize = 64,
                AttentionHeads = 4,
                KvHeads = 4,
                HeadDim = 16,
                FfnHiddenSize = 256,
                Mlp = MlpKind.Gelu,
                VocabSize = 1000,
                TiedEmbeddings = true,
            };

            // embeddings 1000*64 + norms (2 per layer + final) 5*64 + 2 layers * (attention 4*64*64 + MLP 2*64*256).
            Assert.Equal(64_000 + 320 + (2 * (16_384 + 32_768)), model.Parameters);
            Assert.Equal(model.Parameters, model.ActiveParameters);
        }
    }

    public sealed class TheActiveParametersProperty
    {
        [Theory]
        [InlineData("mixtral-8x7b", 12.9e9)]
        [InlineData("deepseek-v3", 37e9)]
        public void Matches_the_published_active_count_within_2_percent(string name, double published)
        {
            Assert.InRange(Model(name).ActiveParameters / published, 0.98, 1.02);
        }

        [Fact]
        public void Equals_the_total_for_a_dense_model()
        {
            Assert.Equal(Model("llama3-70b").Parameters, Model("llama3-70b").ActiveParameters);
        }
    }

    public sealed class TheShapeProperties
    {
        [Fact]
        public void Describe_deepseek_v3_as_latent_attention_with_shared_experts()
        {
            var m = Model("deepseek-v3");

            Assert.True(m.IsLatentAttention);
            Assert.True(m.IsMixtureOfExperts);
            Assert.Equal(58, m.MoeLayers);
            Assert.Equal(3, m.MlpMatrices);
            Assert.Equal(576.0, m.KvElementsPerTokenPerLayer); // kv_lora_rank 512 + rope key 64
        }

        [Fact]
        public void Describe_llama2_7b_as_multi_head_and_llama2_70b_as_grouped_query()
        {
            Assert.Equal(2.0 * 32 * 128, Model("llama2-7b").KvElementsPerTokenPerLayer);
            Assert.Equal(2.0 * 8 * 128, Model("llama2-70b").KvElementsPerTokenPerLayer);
            Assert.False(Model("llama2-70b").IsMixtureOfExperts);
            Assert.Equal(0, Model("llama2-70b").MoeLayers);
        }

        [Fact]
        public void Count_attention_projections_by_hand()
        {
            // Llama-3-8B: q and o 4096x4096, k and v 4096x1024.
            Assert.Equal((2.0 * 4096 * 4096) + (2.0 * 4096 * 1024), Model("llama3-8b").AttentionParametersPerLayer);

            // DeepSeek-V3 MLA: q down 7168x1536 and up 1536x128x192, kv down 7168x576, kv up 512x128x256, o 128x128x7168.
            double expected = (7168.0 * 1536) + (1536.0 * 128 * 192) + (7168.0 * 576) + (512.0 * 128 * 256) + (128.0 * 128 * 7168);
            Assert.Equal(expected, Model("deepseek-v3").AttentionParametersPerLayer);
        }
    }
}
