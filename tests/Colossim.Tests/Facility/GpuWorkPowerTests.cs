using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Facility;

namespace Colossim.Tests.Facility;

public sealed class GpuWorkPowerTests
{
    private static GpuSpec Gpu(string id) => ColossimCatalog.BuiltIn.Gpus[id];

    public sealed class TheServingMethod
    {
        [Theory]
        [InlineData("h100-sxm")]
        [InlineData("h200-sxm")]
        [InlineData("b200")]
        public void Puts_a_busy_serving_gpu_below_the_old_0_905_of_tdp(string id)
        {
            var gpu = Gpu(id);

            var serving = GpuWorkPower.DefaultServing(gpu, FacilityDefaults.BuiltIn);

            Assert.True(serving.Busy < gpu.Tdp * 0.905, $"{id}: {serving.Busy}");
            Assert.True(serving.Busy > gpu.Tdp * 0.3, $"{id}: {serving.Busy}");
            Assert.Equal("decode step of llama3-70b, tp 8, batch 64 at 2048 tokens of context", serving.Activity);
            Assert.True(serving.IsDefault);
        }
    }

    public sealed class TheTrainingMethod
    {
        [Fact]
        public void Draws_more_than_serving_and_at_most_the_limit_with_collectives_far_below()
        {
            var gpu = Gpu("h200-sxm");

            var training = GpuWorkPower.DefaultTraining(gpu, FacilityDefaults.BuiltIn);
            var serving = GpuWorkPower.DefaultServing(gpu, FacilityDefaults.BuiltIn);

            Assert.True(training.Busy > serving.Busy);
            Assert.True(training.Busy <= gpu.Tdp);
            Assert.True(training.Communication < serving.Busy);
            Assert.Equal("training step of llama3-70b, tp 8, 1 x 4096 tokens", training.Activity);
            Assert.StartsWith("fitted to h200-sxm's power_phase records", training.Source, StringComparison.Ordinal);
        }

        [Fact]
        public void Uses_the_workloads_tensor_parallelism_when_the_model_allows_it()
        {
            var gpu = Gpu("h200-sxm");
            var model = ColossimCatalog.BuiltIn.Models["llama3-70b"];

            var tp4 = GpuWorkPower.Training(gpu, model, 4, FacilityDefaults.BuiltIn);
            var impossible = GpuWorkPower.Training(gpu, model, 3, FacilityDefaults.BuiltIn);

            Assert.Equal("training step of llama3-70b, tp 4, 1 x 4096 tokens", tp4.Activity);
            Assert.Equal("training step of llama3-70b, tp 8, 1 x 4096 tokens", impossible.Activity);
        }
    }

    public sealed class TheNodePowerModel
    {
        [Fact]
        public void Takes_its_busy_gpu_power_from_the_representative_steps()
        {
            var gpu = Gpu("h100-sxm");
            var d = FacilityDefaults.BuiltIn;

            var node = NodePowerModel.For(FacilityTestData.DgxH100, gpu, d);

            Assert.Equal(GpuWorkPower.DefaultTraining(gpu, d).Busy, node.Gpu(GpuActivity.Compute));
            Assert.Equal(GpuWorkPower.DefaultServing(gpu, d).Busy, node.Gpu(GpuActivity.Memory));
            Assert.Equal(GpuWorkPower.DefaultTraining(gpu, d).Communication, node.Gpu(GpuActivity.Communication));
        }

        [Fact]
        public void Lets_a_serving_load_draw_its_own_models_step_when_fully_busy()
        {
            var gpu = Gpu("h100-sxm");
            var d = FacilityDefaults.BuiltIn;
            var node = NodePowerModel.For(FacilityTestData.DgxH100, gpu, d);
            var grok = GpuWorkPower.Serving(gpu, ColossimCatalog.BuiltIn.Models["grok-1"], null, d);
            var load = new ServingLoad { Name = "chat", Gpus = 8, PeakUtilization = 1, TroughUtilization = 1, PeakHour = 14, Power = grok };

            var perGpu = load.AveragePerGpu(0, 3600, node);

            Assert.Equal(node.PerGpuDrawing(grok.Busy).Value, perGpu.Value, 1e-9);
        }
    }

    public sealed class TheFacilityDefaults
    {
        [Fact]
        public void Refuse_a_step_model_that_is_not_in_the_catalog()
        {
            var problems = new Problems();
            var root = DocReader.Parse("power: { step_model: gpt-9 }", problems)!;

            var d = FacilityDefaults.BuiltIn.WithDocument(root, problems);

            Assert.Equal("llama3-70b", d.PowerModel);
            var problem = Assert.Single(problems);
            Assert.StartsWith("power.step_model: expected a model of the built-in catalog (", problem.ToString(), StringComparison.Ordinal);
            Assert.EndsWith("), found 'gpt-9'", problem.ToString(), StringComparison.Ordinal);
        }
    }
}
