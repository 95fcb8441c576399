using Colossim.Units;

namespace Colossim.Tests.Units;

public sealed class UsdTests
{
    private const string Expected = "expected an amount like $30B, $2.5M or 0.08";

    public sealed class TheParseMethod
    {
        [Theory]
        [InlineData("$30B", 30e9)]
        [InlineData("$1.5M", 1.5e6)]
        [InlineData("$2.5k", 2500.0)]
        [InlineData("$0.08", 0.08)]
        [InlineData("30e9", 30e9)]
        [InlineData("100 USD", 100.0)]
        [InlineData("$ 3bn", 3e9)]
        [InlineData("$1T", 1e12)]
        public void Reads_human_forms_exactly(string text, double dollars)
        {
            Assert.Equal(dollars, Usd.Parse(text).Dollars);
        }

        [Theory]
        [InlineData("", Expected + ", found an empty value")]
        [InlineData("$", Expected + ", found '$'")]
        [InlineData("cheap", Expected + ", found 'cheap'")]
        [InlineData("$-5", Expected + ", found the negative value '$-5'")]
        [InlineData("-$5", Expected + ", found '-$5'")]
        [InlineData("$30b", Expected + ", found unknown multiplier 'b' in '$30b' (use k, M, B or T)")]
        [InlineData("$1e400", Expected + ", found '$1e400', which is too large")]
        public void Rejects_bad_input_saying_what_it_expected(string text, string message)
        {
            Assert.False(Usd.TryParse(text, out _, out var error));
            Assert.Equal(message, error);
        }
    }

    public sealed class TheToStringMethod
    {
        [Theory]
        [InlineData(30e9, "$30B")]
        [InlineData(2.35, "$2.35")]
        [InlineData(33_750.0, "$33.75k")]
        [InlineData(-5.0, "-$5")]
        public void Writes_a_dollar_amount_with_a_multiplier(double dollars, string text) => Assert.Equal(text, new Usd(dollars).ToString());

        [Fact]
        public void Round_trips_every_value_of_zero_or_more() => Laws.RoundTrip(v => new Usd(v), Usd.Parse);
    }

    public sealed class TheToDisplayStringMethod
    {
        [Theory]
        [InlineData(30.1234e9, "$30.123B")]
        [InlineData(2.349, "$2.35")]
        [InlineData(-1500.0, "-$1.5k")]
        public void Rounds_for_people(double dollars, string text) => Assert.Equal(text, new Usd(dollars).ToDisplayString());
    }

    public sealed class TheOperators
    {
        [Fact]
        public void Add_subtract_scale_and_divide()
        {
            var a = Usd.Parse("$30B");
            var b = Usd.Parse("$10B");

            Assert.Equal(Usd.Parse("$40B"), a + b);
            Assert.Equal(Usd.Parse("$20B"), a - b);
            Assert.Equal(Usd.Parse("$60B"), a * 2);
            Assert.Equal(Usd.Parse("$60B"), 2 * a);
            Assert.Equal(Usd.Parse("$15B"), a / 2);
            Assert.Equal(3.0, a / b);
        }

        [Fact]
        public void Order_agrees_with_the_values() =>
            Laws.Order(v => new Usd(v), (x, y) => x < y, (x, y) => x > y, (x, y) => x <= y, (x, y) => x >= y);
    }
}
