using Colossim.Units;

namespace Colossim.Tests.Units;

public sealed class QuantityParserTests
{
    private static readonly Dictionary<string, double> Units = new(StringComparer.Ordinal)
    {
        ["B/s"] = 1,
        ["b/s"] = 0.125,
        ["KB/s"] = 1e3,
        ["kb/s"] = 1e3,
    };

    public sealed class TheTrySplitMethod
    {
        [Theory]
        [InlineData("80GiB", 80.0, "GiB", false)]
        [InlineData("  4.8 TB/s ", 4.8, "TB/s", false)]
        [InlineData("$30B", 30.0, "B", true)]
        [InlineData("1.5e13", 1.5e13, "", false)]
        [InlineData("2EB", 2.0, "EB", false)]
        [InlineData("1e-3s", 1e-3, "s", false)]
        [InlineData("+7", 7.0, "", false)]
        [InlineData("1_024", 1024.0, "", false)]
        public void Splits_the_number_from_the_suffix(string text, double number, string suffix, bool dollar)
        {
            Assert.True(QuantityParser.TrySplit(text, "x", out var n, out var s, out var error, out var d));
            Assert.Null(error);
            Assert.Equal(number, n);
            Assert.Equal(suffix, s);
            Assert.Equal(dollar, d);
        }

        [Fact]
        public void Gives_the_digits_for_exact_arithmetic()
        {
            Assert.True(QuantityParser.TrySplit("1_000.5e3ms", "x", out _, out var digits, out _, out _, out _));
            Assert.Equal("1000.5e3", digits);
        }

        [Fact]
        public void Truncates_long_text_in_messages()
        {
            var text = "x" + new string('y', 50);

            Assert.False(QuantityParser.TrySplit(text, "a thing", out _, out _, out var error, out _));
            Assert.Equal($"expected a thing, found '{text[..37]}...'", error);
        }
    }

    public sealed class TheTryScaleMethod
    {
        [Theory]
        [InlineData("B/s", 1.0)]
        [InlineData("b/s", 0.125)]
        [InlineData("KB/s", 1e3)]
        [InlineData("Kb/S", 1e3)] // KB/s and kb/s mean the same here, so any case will do
        public void Finds_a_unit_exactly_or_when_every_spelling_agrees(string suffix, double scale)
        {
            Assert.True(QuantityParser.TryScale(suffix, Units, out var found));
            Assert.Equal(scale, found);
        }

        [Theory]
        [InlineData("B/S")]
        [InlineData("parsec")]
        public void Refuses_a_unit_that_is_unknown_or_ambiguous(string suffix)
        {
            Assert.False(QuantityParser.TryScale(suffix, Units, out _));
        }
    }

    public sealed class TheTryParseMethod
    {
        [Fact]
        public void Names_both_meanings_of_an_ambiguous_unit()
        {
            Assert.False(QuantityParser.TryParse("3 B/S", "a rate", Units, allowBare: false, out _, out var error));
            Assert.Equal("expected a rate, found the ambiguous unit 'B/S' in '3 B/S' (write B/s or b/s: the case matters)", error);
        }

        [Fact]
        public void Computes_an_exact_decimal_value_alongside_the_double()
        {
            Assert.True(QuantityParser.TryParse("0.1KB/s", "a rate", Units, allowBare: false, out var value, out var exact, out _));
            Assert.Equal(100m, exact);
            Assert.Equal(100.0, value);
        }

        [Fact]
        public void Gives_no_exact_value_beyond_the_decimal_range()
        {
            Assert.True(QuantityParser.TryParse("1e30B/s", "a rate", Units, allowBare: false, out var value, out var exact, out _));
            Assert.Null(exact);
            Assert.Equal(1e30, value);
        }
    }

    public sealed class TheFormatExactMethod
    {
        [Theory]
        [InlineData(1500.0, "1.5k")]
        [InlineData(1e-5, "1E-05")]
        [InlineData(1234567.0, "1.234567M")]
        public void Chooses_the_largest_unit_that_keeps_the_value_exact(double value, string text)
        {
            Assert.Equal(text, QuantityParser.FormatExact(value, [(1, ""), (1e3, "k"), (1e6, "M")]));
        }
    }

    public sealed class TheFormatMethod
    {
        [Theory]
        [InlineData(1234567.0, "1.235 M")]
        [InlineData(999.9999, "1,000")]
        [InlineData(0.5, "0.5")]
        public void Rounds_to_three_decimals_in_the_largest_unit_reached(double value, string text)
        {
            Assert.Equal(text, QuantityParser.Format(value, [(1, ""), (1e3, "k"), (1e6, "M")]));
        }

        [Fact]
        public void Puts_the_given_separator_between_number_and_unit() =>
            Assert.Equal("$1.235M", "$" + QuantityParser.Format(1234567.0, [(1, ""), (1e3, "k"), (1e6, "M")], ""));
    }
}
