using Colossim.Units;

namespace Colossim.Tests.Units;

public sealed class BytesTests
{
    private const string Expected = "expected a size like 80GiB or 141GB";

    public sealed class TheParseMethod
    {
        [Theory]
        [InlineData("80GiB", 85_899_345_920.0)]
        [InlineData("141GB", 141e9)]
        [InlineData("512MiB", 536_870_912.0)]
        [InlineData("4KB", 4000.0)]
        [InlineData("1.5TB", 1.5e12)]
        [InlineData("2PiB", 2_251_799_813_685_248.0)]
        [InlineData("1024", 1024.0)]
        [InlineData("80 gib", 85_899_345_920.0)]
        public void Reads_human_forms_exactly(string text, double bytes)
        {
            Assert.Equal(bytes, Bytes.Parse(text).Value);
        }

        [Theory]
        [InlineData("", Expected + ", found an empty value")]
        [InlineData("abc", Expected + ", found 'abc'")]
        [InlineData("NaN", Expected + ", found 'NaN'")]
        [InlineData("-5GB", Expected + ", found the negative value '-5GB'")]
        [InlineData("1e400GB", Expected + ", found '1e400GB', which is too large")]
        [InlineData("1e300EB", Expected + ", found '1e300EB', which is too large")]
        [InlineData("5 parsecs", Expected + ", found unknown unit 'parsecs' in '5 parsecs' (units: B, KB, MB, GB, TB, PB, EB, KiB, MiB, GiB, TiB, PiB)")]
        [InlineData("$5", Expected + ", found '$5' (a dollar amount)")]
        public void Rejects_bad_input_saying_what_it_expected(string text, string message)
        {
            Assert.False(Bytes.TryParse(text, out _, out var error));
            Assert.Equal(message, error);
        }
    }

    public sealed class TheToStringMethod
    {
        [Theory]
        [InlineData(141e9, "141GB")]
        [InlineData(85_899_345_920.0, "85.89934592GB")]
        [InlineData(0.5, "0.5B")]
        [InlineData(0.0, "0B")]
        public void Writes_the_largest_exact_unit(double bytes, string text)
        {
            Assert.Equal(text, new Bytes(bytes).ToString());
        }

        [Fact]
        public void Round_trips_every_value_of_zero_or_more() => Laws.RoundTrip(v => new Bytes(v), Bytes.Parse);
    }

    public sealed class TheToDisplayStringMethod
    {
        [Fact]
        public void Rounds_to_three_decimals() => Assert.Equal("85.899 GB", Bytes.Parse("80GiB").ToDisplayString());
    }

    public sealed class TheOperators
    {
        [Fact]
        public void Bytes_over_bandwidth_is_a_duration()
        {
            // Reading the 141 GB of an H200 once at 4.8 TB/s takes 29.375 ms.
            Assert.Equal(Duration.Parse("29.375ms"), Bytes.Parse("141GB") / Bandwidth.Parse("4.8TB/s"));
        }

        [Fact]
        public void Bytes_over_a_duration_is_a_bandwidth()
        {
            Assert.Equal(Bandwidth.Parse("4GB/s"), Bytes.Parse("8GB") / Duration.Parse("2s"));
        }

        [Fact]
        public void Add_subtract_scale_and_divide()
        {
            var a = Bytes.Parse("3GB");
            var b = Bytes.Parse("1GB");

            Assert.Equal(Bytes.Parse("4GB"), a + b);
            Assert.Equal(Bytes.Parse("2GB"), a - b);
            Assert.Equal(Bytes.Parse("6GB"), a * 2);
            Assert.Equal(Bytes.Parse("6GB"), 2 * a);
            Assert.Equal(Bytes.Parse("1.5GB"), a / 2);
            Assert.Equal(3.0, a / b);
            Assert.Equal(3.0, a.Gigabytes);
            Assert.Equal(80.0, Bytes.Parse("80GiB").Gibibytes);
        }

        [Fact]
        public void Order_agrees_with_the_values() =>
            Laws.Order(v => new Bytes(v), (x, y) => x < y, (x, y) => x > y, (x, y) => x <= y, (x, y) => x >= y);
    }
}
