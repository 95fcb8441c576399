using Colossim.Units;

namespace Colossim.Tests.Units;

public sealed class FlopsTests
{
    private const string Expected = "expected a FLOP count like 6e23 or 2PFLOP";

    public sealed class TheParseMethod
    {
        [Theory]
        [InlineData("1.5e13", 1.5e13)]
        [InlineData("6e23FLOP", 6e23)]
        [InlineData("3.8e25 FLOPs", 3.8e25)]
        [InlineData("2PFLOP", 2e15)]
        [InlineData("1E+21", 1e21)]
        public void Reads_human_forms_exactly(string text, double flops)
        {
            Assert.Equal(flops, Flops.Parse(text).Value);
        }

        [Theory]
        [InlineData("", Expected + ", found an empty value")]
        [InlineData("lots", Expected + ", found 'lots'")]
        [InlineData("-1e20", Expected + ", found the negative value '-1e20'")]
        [InlineData("1e400", Expected + ", found '1e400', which is too large")]
        [InlineData("5 parsecs", Expected + ", found unknown unit 'parsecs' in '5 parsecs' (units: FLOP, FLOPs, KFLOP, MFLOP, GFLOP, TFLOP, PFLOP, EFLOP, ZFLOP)")]
        public void Rejects_bad_input_saying_what_it_expected(string text, string message)
        {
            Assert.False(Flops.TryParse(text, out _, out var error));
            Assert.Equal(message, error);
        }
    }

    public sealed class TheToStringMethod
    {
        [Fact]
        public void Writes_the_largest_exact_unit() => Assert.Equal("2PFLOP", new Flops(2e15).ToString());

        [Fact]
        public void Round_trips_every_value_of_zero_or_more() => Laws.RoundTrip(v => new Flops(v), Flops.Parse);
    }

    public sealed class TheOperators
    {
        [Fact]
        public void Flops_over_a_rate_is_a_duration()
        {
            Assert.Equal(Duration.Parse("1s"), Flops.Parse("989e12") / FlopRate.Parse("989TFLOPS"));
            // Llama-3-8B, one 4096-token forward pass (2 x 8.03e9 x 4096 FLOPs) at 989 TFLOPS: 66.5 ms.
            Assert.Equal(66.5, (new Flops(2 * 8.03e9 * 4096) / FlopRate.Parse("989TFLOPS")).TotalMilliseconds, 0.05);
        }

        [Fact]
        public void Flops_over_a_duration_is_a_rate()
        {
            Assert.Equal(FlopRate.Parse("500TFLOPS"), Flops.Parse("1PFLOP") / Duration.Parse("2s"));
        }

        [Fact]
        public void Add_subtract_scale_and_divide()
        {
            var a = Flops.Parse("3e12");
            var b = Flops.Parse("1e12");

            Assert.Equal(Flops.Parse("4e12"), a + b);
            Assert.Equal(Flops.Parse("2e12"), a - b);
            Assert.Equal(Flops.Parse("6e12"), a * 2);
            Assert.Equal(Flops.Parse("6e12"), 2 * a);
            Assert.Equal(Flops.Parse("1.5e12"), a / 2);
            Assert.Equal(3.0, a / b);
        }

        [Fact]
        public void Order_agrees_with_the_values() =>
            Laws.Order(v => new Flops(v), (x, y) => x < y, (x, y) => x > y, (x, y) => x <= y, (x, y) => x >= y);
    }
}
