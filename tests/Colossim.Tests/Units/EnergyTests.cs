using Colossim.Units;

namespace Colossim.Tests.Units;

public sealed class EnergyTests
{
    private const string Expected = "expected an energy like 150MWh or 3.5kWh";

    public sealed class TheParseMethod
    {
        [Theory]
        [InlineData("150MWh", 5.4e11)]
        [InlineData("3.5kWh", 1.26e7)]
        [InlineData("1J", 1.0)]
        [InlineData("2GJ", 2e9)]
        public void Reads_human_forms_exactly(string text, double joules)
        {
            Assert.Equal(joules, Energy.Parse(text).Joules);
        }

        [Theory]
        [InlineData("", Expected + ", found an empty value")]
        [InlineData("150", Expected + ", found '150' without a unit")]
        [InlineData("-1kWh", Expected + ", found the negative value '-1kWh'")]
        [InlineData("150MW", Expected + ", found unknown unit 'MW' in '150MW' (units: J, kJ, MJ, GJ, Wh, kWh, MWh, GWh, TWh)")]
        public void Rejects_bad_input_saying_what_it_expected(string text, string message)
        {
            Assert.False(Energy.TryParse(text, out _, out var error));
            Assert.Equal(message, error);
        }
    }

    public sealed class TheToStringMethod
    {
        [Fact]
        public void Writes_the_largest_exact_unit() => Assert.Equal("150MWh", Energy.Parse("150MWh").ToString());

        [Fact]
        public void Round_trips_every_value_of_zero_or_more() => Laws.RoundTrip(v => new Energy(v), Energy.Parse);
    }

    public sealed class TheOperators
    {
        [Fact]
        public void Energy_over_a_duration_is_power_and_over_power_is_a_duration()
        {
            var battery = Energy.Parse("150MWh");

            Assert.Equal(Watts.Parse("150MW"), battery / Duration.Parse("1h"));
            Assert.Equal(Duration.Parse("2h"), battery / Watts.Parse("75MW"));
        }

        [Fact]
        public void Converts_to_and_from_watt_hours()
        {
            Assert.Equal(3.5, Energy.Parse("3.5kWh").KilowattHours);
            Assert.Equal(150.0, Energy.Parse("150MWh").MegawattHours);
            Assert.Equal(Energy.Parse("3.5kWh"), Energy.FromKilowattHours(3.5));
        }

        [Fact]
        public void Add_subtract_scale_and_divide()
        {
            var a = Energy.Parse("3kWh");
            var b = Energy.Parse("1kWh");

            Assert.Equal(Energy.Parse("4kWh"), a + b);
            Assert.Equal(Energy.Parse("2kWh"), a - b);
            Assert.Equal(Energy.Parse("6kWh"), a * 2);
            Assert.Equal(Energy.Parse("6kWh"), 2 * a);
            Assert.Equal(Energy.Parse("1.5kWh"), a / 2);
            Assert.Equal(3.0, a / b);
        }

        [Fact]
        public void Order_agrees_with_the_values() =>
            Laws.Order(v => new Energy(v), (x, y) => x < y, (x, y) => x > y, (x, y) => x <= y, (x, y) => x >= y);
    }
}
