using Colossim.Training;

namespace Colossim.Tests.Training;

public sealed class TrainingNamesTests
{
    public sealed class TheParseMethods
    {
        [Theory]
        [InlineData("none", Recomputation.None)]
        [InlineData("Selective", Recomputation.Selective)]
        [InlineData(" full ", Recomputation.Full)]
        public void Read_the_recomputation_modes_in_any_case(string text, Recomputation expected)
        {
            Assert.True(TrainingNames.TryParseRecomputation(text, out var recompute));
            Assert.Equal((expected, text.Trim().ToLowerInvariant()), (recompute, TrainingNames.Of(recompute)));
        }

        [Theory]
        [InlineData("0", ZeroStage.None)]
        [InlineData("1", ZeroStage.Optimizer)]
        [InlineData("2", ZeroStage.Gradients)]
        [InlineData("3", ZeroStage.Parameters)]
        [InlineData("FSDP", ZeroStage.Parameters)]
        public void Read_the_zero_stages_and_fsdp(string text, ZeroStage expected)
        {
            Assert.True(TrainingNames.TryParseZero(text, out var zero));
            Assert.Equal(expected, zero);
        }

        [Theory]
        [InlineData("")]
        [InlineData("some")]
        [InlineData(null)]
        public void Refuse_anything_else(string? text)
        {
            Assert.False(TrainingNames.TryParseRecomputation(text, out _));
            Assert.False(TrainingNames.TryParseZero(text, out _));
        }
    }
}
