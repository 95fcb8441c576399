using Colossim.Units;

namespace Colossim.Tests.Units;

public sealed class WattsTests
{
    private const string Expected = "expected a power like 700W or 150MW";

    public sealed class TheParseMethod
    {
        [Theory]
        [InlineData("700W", 700.0)]
        [InlineData("150MW", 150e6)]
        [InlineData("10.2kW", 10_200.0)]
        [InlineData("1.2GW", 1.2e9)]
        [InlineData("1.2 gw", 1.2e9)]
        public void Reads_human_forms_exactly(string text, double watts)
        {
            Assert.Equal(watts, Watts.Parse(text).Value);
        }

        [Theory]
        [InlineData("", Expected + ", found an empty value")]
        [InlineData("700", Expected + ", found '700' without a unit")]
        [InlineData("-700W", Expected + ", found the negative value '-700W'")]
        [InlineData("1e400W", Expected + ", found '1e400W', which is too large")]
        [InlineData("5 parsecs", Expected + ", found unknown unit 'parsecs' in '5 parsecs' (units: W, kW, MW, GW)")]
        public void Rejects_bad_input_saying_what_it_expected(string text, string message)
        {
            Assert.False(Watts.TryParse(text, out _, out var error));
            Assert.Equal(message, error);
        }
    }

    public sealed class TheToStringMethod
    {
        [Theory]
        [InlineData(700.0, "700W")]
        [InlineData(150e6, "150MW")]
        [InlineData(10_200.0, "10.2kW")]
        public void Writes_the_largest_exact_unit(double watts, string text) => Assert.Equal(text, new Watts(watts).ToString());

        [Fact]
        public void Round_trips_every_value_of_zero_or_more() => Laws.RoundTrip(v => new Watts(v), Watts.Parse);
    }

    public sealed class TheOperators
    {
        [Fact]
        public void Watts_times_a_duration_is_energy()
        {
            // 700 W for two hours is 1.4 kWh (5.04 MJ).
            Assert.Equal(Energy.Parse("1.4kWh"), Watts.Parse("700W") * Duration.Parse("2h"));
            Assert.Equal(5.04e6, (Duration.Parse("2h") * Watts.Parse("700W")).Joules);
        }

        [Fact]
        public void Converts_to_and_from_megawatts()
        {
            Assert.Equal(150.0, Watts.Parse("150MW").Megawatts);
            Assert.Equal(Watts.Parse("150MW"), Watts.FromMegawatts(150));
        }

        [Fact]
        public void Add_subtract_scale_and_divide()
        {
            var a = Watts.Parse("900W");
            var b = Watts.Parse("300W");

            Assert.Equal(Watts.Parse("1.2kW"), a + b);
            Assert.Equal(Watts.Parse("600W"), a - b);
            Assert.Equal(Watts.Parse("1.8kW"), a * 2);
            Assert.Equal(Watts.Parse("1.8kW"), 2 * a);
            Assert.Equal(Watts.Parse("450W"), a / 2);
            Assert.Equal(3.0, a / b);
        }

        [Fact]
        public void Order_agrees_with_the_values() =>
            Laws.Order(v => new Watts(v), (x, y) => x < y, (x, y) => x > y, (x, y) => x <= y, (x, y) => x >= y);
    }
}
