using Colossim.Units;

namespace Colossim.Tests.Units;

public sealed class BandwidthTests
{
    private const string Expected = "expected a bandwidth like 900GB/s or 400Gb/s";

    public sealed class TheParseMethod
    {
        [Theory]
        [InlineData("4.8TB/s", 4.8e12)]
        [InlineData("900GB/s", 900e9)]
        [InlineData("400Gb/s", 50e9)]
        [InlineData("400Gbps", 50e9)]
        [InlineData("800 Gb/s", 100e9)]
        [InlineData("1.8TB/s", 1.8e12)]
        [InlineData("25GiB/s", 26_843_545_600.0)]
        [InlineData("900GBps", 900e9)]
        public void Reads_human_forms_exactly(string text, double bytesPerSecond)
        {
            Assert.Equal(bytesPerSecond, Bandwidth.Parse(text).BytesPerSecond);
        }

        [Theory]
        [InlineData("", Expected + ", found an empty value")]
        [InlineData("fast", Expected + ", found 'fast'")]
        [InlineData("-1GB/s", Expected + ", found the negative value '-1GB/s'")]
        [InlineData("900", Expected + ", found '900' without a unit")]
        [InlineData("900gb/s", Expected + ", found the ambiguous unit 'gb/s' in '900gb/s' (write GB/s or Gb/s: the case matters)")]
        [InlineData("900GB/S", Expected + ", found the ambiguous unit 'GB/S' in '900GB/S' (write GB/s or Gb/s: the case matters)")]
        [InlineData("400gbps", Expected + ", found the ambiguous unit 'gbps' in '400gbps' (write GBps or Gbps: the case matters)")]
        [InlineData("1tb/s", Expected + ", found the ambiguous unit 'tb/s' in '1tb/s' (write TB/s or Tb/s: the case matters)")]
        [InlineData("5 parsecs", Expected + ", found unknown unit 'parsecs' in '5 parsecs' (units: B/s, KB/s, MB/s, GB/s, TB/s, PB/s, MBps, GBps, TBps, GiB/s, TiB/s, b/s, bps, Kb/s, Mb/s, Mbps, Gb/s, Gbps, Tb/s, Tbps)")]
        public void Rejects_bad_input_saying_what_it_expected(string text, string message)
        {
            Assert.False(Bandwidth.TryParse(text, out _, out var error));
            Assert.Equal(message, error);
        }
    }

    public sealed class TheToStringMethod
    {
        [Theory]
        [InlineData(900e9, "900GB/s")]
        [InlineData(50e9, "50GB/s")]
        [InlineData(4.8e12, "4.8TB/s")]
        public void Writes_bytes_per_second_in_the_largest_exact_unit(double bytesPerSecond, string text)
        {
            Assert.Equal(text, new Bandwidth(bytesPerSecond).ToString());
        }

        [Fact]
        public void Round_trips_every_value_of_zero_or_more() => Laws.RoundTrip(v => new Bandwidth(v), Bandwidth.Parse);
    }

    public sealed class TheOperators
    {
        [Fact]
        public void Bandwidth_times_a_duration_is_bytes()
        {
            Assert.Equal(Bytes.Parse("900GB"), Bandwidth.Parse("900GB/s") * Duration.Parse("1s"));
            Assert.Equal(Bytes.Parse("450GB"), Duration.Parse("500ms") * Bandwidth.Parse("900GB/s"));
        }

        [Fact]
        public void Converts_between_bits_and_bytes()
        {
            Assert.Equal(400.0, Bandwidth.Parse("50GB/s").GigabitsPerSecond);
            Assert.Equal(50.0, Bandwidth.FromGigabitsPerSecond(400).GigabytesPerSecond);
        }

        [Fact]
        public void Add_subtract_scale_and_divide()
        {
            var a = Bandwidth.Parse("900GB/s");
            var b = Bandwidth.Parse("300GB/s");

            Assert.Equal(Bandwidth.Parse("1.2TB/s"), a + b);
            Assert.Equal(Bandwidth.Parse("600GB/s"), a - b);
            Assert.Equal(Bandwidth.Parse("1.8TB/s"), a * 2);
            Assert.Equal(Bandwidth.Parse("1.8TB/s"), 2 * a);
            Assert.Equal(Bandwidth.Parse("450GB/s"), a / 2);
            Assert.Equal(3.0, a / b);
        }

        [Fact]
        public void Order_agrees_with_the_values() =>
            Laws.Order(v => new Bandwidth(v), (x, y) => x < y, (x, y) => x > y, (x, y) => x <= y, (x, y) => x >= y);
    }
}
