using Colossim.Catalog;
using Colossim.Performance;
using Colossim.Serving;
using Colossim.Simulation;

namespace Colossim.Tests.Serving;

public sealed class StepTimeTableTests
{
    private static readonly Lazy<(StepModel Model, StepTimeTable Table)> Llama8b = new(() =>
    {
        var catalog = ColossimCatalog.BuiltIn;
        var model = new StepModel(catalog.Models["llama3-8b"], KernelModel.For(catalog.Gpus["h200-sxm"], catalog));
        return (model, StepTimeTable.Build(model, DataType.Bf16, maxTokens: 4096, maxDecodes: 256, maxContext: 16384));
    });

    private static StepRequest Engine(StepPhase phase) => new() { Phase = phase, CudaGraph = true, Implementation = Implementation.Engine };

    public sealed class TheStepMethod
    {
        [Fact]
        public void Returns_the_step_models_time_at_a_grid_point()
        {
            var (model, table) = Llama8b.Value;

            // Within 1 ns: both are rounded to whole nanoseconds.
            Assert.InRange(table.Step(0, 0, 0, 64, 2048).Nanoseconds - model.Predict(Engine(StepPhase.Decode) with { Batch = 64, Context = 2048 }).Time.Nanoseconds, -1, 1);
            Assert.InRange(table.Step(512, 1, 0, 0, 0).Nanoseconds - model.Predict(Engine(StepPhase.Prefill) with { SeqLen = 512 }).Time.Nanoseconds, -1, 1);
            Assert.InRange(table.PrefillStep(8, 1024).Nanoseconds - model.Predict(Engine(StepPhase.Prefill) with { Batch = 8, SeqLen = 1024 }).Time.Nanoseconds, -1, 1);
        }

        [Fact]
        public void Grows_with_the_decode_batch_and_the_context()
        {
            var (_, table) = Llama8b.Value;

            Assert.True(table.Step(0, 0, 0, 100, 3000) < table.Step(0, 0, 0, 101, 3000), "a larger batch is not slower");
            Assert.True(table.Step(0, 0, 0, 100, 3000) < table.Step(0, 0, 0, 100, 3100), "a longer context is not slower");
            Assert.True(table.Step(700, 1, 0, 10, 3000) < table.Step(700, 1, 3000, 10, 3000), "a chunk's prefix costs nothing");
        }

        [Fact]
        public void Is_zero_for_an_empty_step()
        {
            Assert.Equal(Colossim.Units.Duration.Zero, Llama8b.Value.Table.Step(0, 0, 0, 0, 0));
        }
    }

    public sealed class TheMeasureErrorMethod
    {
        [Fact]
        public void Finds_the_interpolation_within_a_few_percent_of_the_step_model()
        {
            var (model, table) = Llama8b.Value;

            var (mean, p99, max) = table.MeasureError(model, DataType.Bf16, new RandomStreams(7).Get("table-error"), 600);

            // Stated in docs/metrics.md: mean and p99 of the absolute relative error at random off-grid points.
            Assert.True(mean < 0.01, $"mean error {mean:P2} (p99 {p99:P2}, max {max:P2})");
            Assert.True(p99 < 0.05, $"p99 error {p99:P2} (mean {mean:P2}, max {max:P2})");
        }
    }
}
