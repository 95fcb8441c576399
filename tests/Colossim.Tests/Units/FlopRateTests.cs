using Colossim.Units;

namespace Colossim.Tests.Units;

public sealed class FlopRateTests
{
    private const string Expected = "expected a compute rate like 989TFLOPS";

    public sealed class TheParseMethod
    {
        [Theory]
        [InlineData("989TFLOPS", 989e12)]
        [InlineData("989 TFLOP/s", 989e12)]
        [InlineData("2.5PFLOPS", 2.5e15)]
        [InlineData("312tflops", 312e12)]
        public void Reads_human_forms_exactly(string text, double flopsPerSecond)
        {
            Assert.Equal(flopsPerSecond, FlopRate.Parse(text).FlopsPerSecond);
        }

        [Theory]
        [InlineData("", Expected + ", found an empty value")]
        [InlineData("989", Expected + ", found '989' without a unit")]
        [InlineData("-989TFLOPS", Expected + ", found the negative value '-989TFLOPS'")]
        [InlineData("989TOPS", Expected + ", found unknown unit 'TOPS' in '989TOPS' (units: FLOPS, FLOP/s, KFLOPS, MFLOPS, GFLOPS, GFLOP/s, TFLOPS, TFLOP/s, PFLOPS, PFLOP/s, EFLOPS, EFLOP/s)")]
        public void Rejects_bad_input_saying_what_it_expected(string text, string message)
        {
            Assert.False(FlopRate.TryParse(text, out _, out var error));
            Assert.Equal(message, error);
        }
    }

    public sealed class TheToStringMethod
    {
        [Fact]
        public void Writes_the_largest_exact_unit() => Assert.Equal("989TFLOPS", new FlopRate(989e12).ToString());

        [Fact]
        public void Round_trips_every_value_of_zero_or_more() => Laws.RoundTrip(v => new FlopRate(v), FlopRate.Parse);
    }

    public sealed class TheOperators
    {
        [Fact]
        public void Rate_times_a_duration_is_flops()
        {
            Assert.Equal(Flops.Parse("1978e12"), FlopRate.Parse("989TFLOPS") * Duration.Parse("2s"));
            Assert.Equal(Flops.Parse("1978e12"), Duration.Parse("2s") * FlopRate.Parse("989TFLOPS"));
        }

        [Fact]
        public void Converts_to_and_from_teraflops()
        {
            Assert.Equal(989.0, FlopRate.Parse("989TFLOPS").TeraFlopsPerSecond);
            Assert.Equal(FlopRate.Parse("989TFLOPS"), FlopRate.FromTeraFlops(989));
        }

        [Fact]
        public void Add_subtract_scale_and_divide()
        {
            var a = FlopRate.Parse("900TFLOPS");
            var b = FlopRate.Parse("300TFLOPS");

            Assert.Equal(FlopRate.Parse("1.2PFLOPS"), a + b);
            Assert.Equal(FlopRate.Parse("600TFLOPS"), a - b);
            Assert.Equal(FlopRate.Parse("1.8PFLOPS"), a * 2);
            Assert.Equal(FlopRate.Parse("1.8PFLOPS"), 2 * a);
            Assert.Equal(FlopRate.Parse("450TFLOPS"), a / 2);
            Assert.Equal(3.0, a / b);
        }

        [Fact]
        public void Order_agrees_with_the_values() =>
            Laws.Order(v => new FlopRate(v), (x, y) => x < y, (x, y) => x > y, (x, y) => x <= y, (x, y) => x >= y);
    }
}
