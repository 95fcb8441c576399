using Colossim.Documents;

namespace Colossim.Tests.Documents;

public sealed class MapReaderTests
{
    private static (MapReader Reader, Problems Problems) Read(string yaml)
    {
        var problems = new Problems();
        var root = DocReader.Parse(yaml, problems);
        Assert.Empty(problems);
        return (MapReader.From(root, problems)!, problems);
    }

    private static string[] Messages(Problems problems) => [.. problems.Select(p => p.ToString())];

    public sealed class TheCountMethod
    {
        [Theory]
        [InlineData("count: .nan", "line 1: count: expected a whole number, found '.nan'")]
        [InlineData("count: .inf", "line 1: count: expected a whole number, found '.inf'")]
        [InlineData("count: -8", "line 1: count: expected a whole number between 1 and 10,000,000, found '-8'")]
        [InlineData("count: 1e400", "line 1: count: expected a whole number, found '1e400', which is too large")]
        [InlineData("count: -1e400", "line 1: count: expected a whole number, found '-1e400', which is too large")]
        [InlineData("count: 2.5", "line 1: count: expected a whole number, found '2.5'")]
        [InlineData("count: 20M", "line 1: count: expected a whole number between 1 and 10,000,000, found '20M'")]
        [InlineData("count: eight", "line 1: count: expected a whole number, found 'eight'")]
        [InlineData("count: [8]", "line 1: count: expected a whole number, found a list")]
        public void Reports_what_it_expected_and_what_it_found(string yaml, string message)
        {
            var (r, problems) = Read(yaml);

            Assert.Null(r.Count("count", min: 1, max: 10_000_000));
            Assert.Equal([message], Messages(problems));
        }

        [Theory]
        [InlineData("count: 65536", 65536)]
        [InlineData("count: 64k", 64_000)]
        [InlineData("count: 1e5", 100_000)]
        [InlineData("count: 1_000", 1000)]
        [InlineData("count: \"8\"", 8)]
        public void Reads_counts_written_for_people(string yaml, int expected)
        {
            var (r, problems) = Read(yaml);

            Assert.Equal(expected, r.Count("count", min: 1, max: 10_000_000));
            Assert.Empty(problems);
        }

        [Fact]
        public void Records_a_missing_required_value_at_the_mapping_line()
        {
            var (r, problems) = Read("other: 1\n");

            Assert.Null(r.Count("count", required: true));
            Assert.Equal(["line 1: count: is required"], Messages(problems));
        }
    }

    public sealed class TheWholeMethod
    {
        [Fact]
        public void Refuses_the_largest_long_instead_of_overflowing()
        {
            // 9223372036854775807 reads as 2^63 in a double, which does not fit a long.
            var (r, problems) = Read("n: 9223372036854775807");

            Assert.Null(r.Whole("n"));
            Assert.Equal(["line 1: n: expected a whole number, found '9223372036854775807', which is too large"], Messages(problems));
        }

        [Fact]
        public void Reads_2_to_the_53()
        {
            var (r, problems) = Read("n: 9007199254740992");

            Assert.Equal(1L << 53, r.Whole("n", max: 1L << 53));
            Assert.Empty(problems);
        }
    }

    public sealed class TheNumberMethod
    {
        [Fact]
        public void States_a_fractional_range_with_six_significant_digits()
        {
            var (r, problems) = Read("share: 1.5");

            Assert.Null(r.Number("share", min: 0.001, max: 1, expected: "a share"));
            Assert.Equal(["line 1: share: expected a share between 0.001 and 1, found '1.5'"], Messages(problems));
        }

        [Fact]
        public void States_an_open_range_as_at_least()
        {
            var (r, problems) = Read("x: -2");

            Assert.Null(r.Number("x", min: 1));
            Assert.Equal(["line 1: x: expected a number at least 1, found '-2'"], Messages(problems));
        }
    }

    public sealed class TheFinishMethod
    {
        [Fact]
        public void Warns_about_an_unknown_key_with_the_closest_known_one()
        {
            var (r, problems) = Read("name: x\ncuont: 3\n");
            _ = r.Text("name");
            _ = r.Count("count");

            r.Finish();

            Assert.Equal(["line 2: warning: cuont: unknown key 'cuont' is ignored (did you mean 'count'?)"], Messages(problems));
            Assert.False(problems.HasErrors);
        }

        [Fact]
        public void Warns_without_a_suggestion_when_nothing_is_close()
        {
            var (r, problems) = Read("name: x\nzzzzzz: 3\n");
            _ = r.Text("name");

            r.Finish();

            Assert.Equal(["line 2: warning: zzzzzz: unknown key 'zzzzzz' is ignored"], Messages(problems));
        }

        [Fact]
        public void Tells_the_keys_it_was_asked_for_to_a_listener()
        {
            var (r, problems) = Read("a: 1\n");
            var seen = new List<(string Path, string[] Keys)>();
            problems.KeysRead = (path, keys) => seen.Add((path, [.. keys.Order(StringComparer.Ordinal)]));
            _ = r.Text("a");
            _ = r.Text("b");

            r.Finish();

            var (path, keys) = Assert.Single(seen);
            Assert.Equal("", path);
            Assert.Equal(["a", "b"], keys);
        }
    }
}
