using Colossim.Units;

namespace Colossim.Tests.Units;

public sealed class CountTests
{
    private const string Expected = "expected a count like 65536, 100k or 1.5e13";

    public sealed class TheParseMethod
    {
        [Theory]
        [InlineData("65536", 65536.0)]
        [InlineData("100k", 100e3)]
        [InlineData("1M", 1e6)]
        [InlineData("1.5e13", 1.5e13)]
        [InlineData("15T", 15e12)]
        [InlineData("1_000_000", 1e6)]
        public void Reads_human_forms_exactly(string text, double count)
        {
            Assert.Equal(count, Count.Parse(text));
        }

        [Theory]
        [InlineData("", Expected + ", found an empty value")]
        [InlineData("many", Expected + ", found 'many'")]
        [InlineData("-3", Expected + ", found the negative value '-3'")]
        [InlineData("1e400", Expected + ", found '1e400', which is too large")]
        [InlineData("5 parsecs", Expected + ", found unknown unit 'parsecs' in '5 parsecs' (units: k, K, M, B, G, T)")]
        public void Rejects_bad_input_saying_what_it_expected(string text, string message)
        {
            Assert.False(Count.TryParse(text, out _, out var error));
            Assert.Equal(message, error);
            Assert.Equal(message, Assert.Throws<FormatException>(() => Count.Parse(text)).Message);
        }
    }
}
