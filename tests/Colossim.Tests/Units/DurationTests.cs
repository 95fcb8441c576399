using Colossim.Units;
using CsCheck;

namespace Colossim.Tests.Units;

public sealed class DurationTests
{
    private const string Expected = "expected a duration like 2s, 150ms or 1.5h";

    public sealed class TheParseMethod
    {
        [Theory]
        [InlineData("2s", 2_000_000_000L)]
        [InlineData("150ms", 150_000_000L)]
        [InlineData("1.5us", 1_500L)]
        [InlineData("1.5µs", 1_500L)]
        [InlineData("1.5μs", 1_500L)]
        [InlineData("30min", 1_800_000_000_000L)]
        [InlineData("2h", 7_200_000_000_000L)]
        [InlineData("90d", 7_776_000_000_000_000L)]
        [InlineData(" 2 s ", 2_000_000_000L)]
        [InlineData("2S", 2_000_000_000L)]
        [InlineData("0.3s", 300_000_000L)]
        [InlineData("1_000ns", 1_000L)]
        [InlineData("9223372036854775807ns", long.MaxValue)]
        [InlineData("100000d", 8_640_000_000_000_000_000L)]
        [InlineData("9007199254740993ns", 9_007_199_254_740_993L)]
        [InlineData("104.000000000000001d", 8_985_600_000_000_000L)]
        public void Reads_human_forms_exactly(string text, long nanoseconds)
        {
            Assert.Equal(new Duration(nanoseconds), Duration.Parse(text));
        }

        [Theory]
        [InlineData("", Expected + ", found an empty value")]
        [InlineData("   ", Expected + ", found an empty value")]
        [InlineData("abc", Expected + ", found 'abc'")]
        [InlineData("NaN", Expected + ", found 'NaN'")]
        [InlineData("Infinity", Expected + ", found 'Infinity'")]
        [InlineData("-5s", Expected + ", found the negative value '-5s'")]
        [InlineData("5", Expected + ", found '5' without a unit")]
        [InlineData("$5", Expected + ", found '$5' (a dollar amount)")]
        [InlineData("1e400s", Expected + ", found '1e400s', which is too large")]
        [InlineData("300y", Expected + ", found '300y', which is longer than 292 years")]
        [InlineData("9223372036854775808ns", Expected + ", found '9223372036854775808ns', which is longer than 292 years")]
        [InlineData("5 parsecs", Expected + ", found unknown unit 'parsecs' in '5 parsecs' (units: ns, us, µs, μs, ms, s, sec, min, h, hr, d, day, days, w, y, yr, years)")]
        [InlineData("1.2.3s", Expected + ", found '1.2.3s'")]
        public void Rejects_bad_input_saying_what_it_expected(string text, string message)
        {
            Assert.False(Duration.TryParse(text, out _, out var error));
            Assert.Equal(message, error);
            Assert.Equal(message, Assert.Throws<FormatException>(() => Duration.Parse(text)).Message);
        }

        [Fact]
        public void Rejects_null()
        {
            Assert.False(Duration.TryParse(null, out _, out var error));
            Assert.Equal(Expected + ", found an empty value", error);
        }

        [Fact]
        public void Rejects_a_hundred_characters_without_echoing_them()
        {
            var text = new string('9', 98) + "ms";

            Assert.False(Duration.TryParse(text, out _, out var error));
            Assert.Equal(Expected + ", found a value of 100 characters", error);
        }
    }

    public sealed class TheToStringMethod
    {
        [Theory]
        [InlineData(0L, "0ns")]
        [InlineData(1L, "1ns")]
        [InlineData(1_500L, "1.5us")]
        [InlineData(1_500_000L, "1.5ms")]
        [InlineData(2_000_000_000L, "2s")]
        [InlineData(90_000_000_000L, "1.5min")]
        [InlineData(100_000_000_000L, "100s")]
        [InlineData(1_000_000_001L, "1.000000001s")]
        [InlineData(7_200_000_000_000L, "2h")]
        [InlineData(129_600_000_000_000L, "1.5d")]
        [InlineData(-1_500_000L, "-1.5ms")]
        public void Writes_the_largest_unit_that_keeps_the_value_exact(long nanoseconds, string text)
        {
            Assert.Equal(text, new Duration(nanoseconds).ToString());
        }

        [Fact]
        public void Round_trips_the_largest_duration()
        {
            Assert.Equal(Duration.MaxValue, Duration.Parse(Duration.MaxValue.ToString()));
        }

        [Fact]
        public void Round_trips_every_duration_of_zero_or_more()
        {
            // Includes lengths above 2^53 ns (104 days), which a double cannot hold to the nanosecond.
            Gen.Long[0, long.MaxValue].Sample(ns => Assert.Equal(new Duration(ns), Duration.Parse(new Duration(ns).ToString())), iter: 2_000);
        }
    }

    public sealed class TheToDisplayStringMethod
    {
        [Fact]
        public void Rounds_to_three_decimals()
        {
            Assert.Equal("1.235 ms", new Duration(1_234_567).ToDisplayString());
        }
    }

    public sealed class TheOperators
    {
        [Fact]
        public void Add_subtract_scale_and_divide()
        {
            var a = Duration.Parse("2s");
            var b = Duration.Parse("500ms");

            Assert.Equal(Duration.Parse("2.5s"), a + b);
            Assert.Equal(Duration.Parse("1.5s"), a - b);
            Assert.Equal(new Duration(-2_000_000_000), -a);
            Assert.Equal(Duration.Parse("3s"), a * 1.5);
            Assert.Equal(Duration.Parse("3s"), 1.5 * a);
            Assert.Equal(Duration.Parse("0.5s"), a / 4);
            Assert.Equal(4.0, a / b);
        }

        [Fact]
        public void Scaling_rounds_to_the_nearest_nanosecond()
        {
            Assert.Equal(new Duration(2), new Duration(3) * 0.5);
            Assert.Equal(new Duration(2), new Duration(5) * 0.5); // a tie goes to the even count
            Assert.Equal(Duration.Zero, new Duration(1) / 3);
        }

        [Fact]
        public void Scaling_beyond_292_years_throws()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => Duration.MaxValue * 2);
            Assert.Throws<ArgumentOutOfRangeException>(() => Duration.FromSeconds(double.NaN));
        }

        [Fact]
        public void Adding_then_subtracting_gives_back_the_first()
        {
            var half = Gen.Long[-(long.MaxValue / 2), long.MaxValue / 2];
            Gen.Select(half, half).Sample((a, b) => Assert.Equal(new Duration(a), new Duration(a) + new Duration(b) - new Duration(b)), iter: 1_000);
        }

        [Fact]
        public void Order_agrees_with_the_nanosecond_counts()
        {
            Gen.Select(Gen.Long, Gen.Long).Sample((a, b) =>
            {
                Duration x = new(a), y = new(b);
                Assert.Equal(a.CompareTo(b), x.CompareTo(y));
                Assert.Equal(a < b, x < y);
                Assert.Equal(a > b, x > y);
                Assert.Equal(a <= b, x <= y);
                Assert.Equal(a >= b, x >= y);
                Assert.Equal(a == b, x == y);
                Assert.Equal(a < b ? x : y, Duration.Min(x, y));
                Assert.Equal(a >= b ? x : y, Duration.Max(x, y));
            }, iter: 1_000);
        }
    }

    public sealed class TheConversions
    {
        [Fact]
        public void Agree_with_each_other()
        {
            var d = Duration.FromHours(1.5);

            Assert.Equal(5_400_000_000_000L, d.Nanoseconds);
            Assert.Equal(5400.0, d.TotalSeconds);
            Assert.Equal(5_400_000.0, d.TotalMilliseconds);
            Assert.Equal(5_400_000_000.0, d.TotalMicroseconds);
            Assert.Equal(1.5, d.TotalHours);
            Assert.Equal(new Duration(1_500_000), Duration.FromMilliseconds(1.5));
            Assert.Equal(new Duration(1_500), Duration.FromMicroseconds(1.5));
            Assert.Equal(new Duration(2), Duration.FromNanoseconds(1.6));
        }
    }
}
