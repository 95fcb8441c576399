using Colossim.Documents;
using Colossim.Sweeps;

namespace Colossim.Tests.Sweeps;

public sealed class SweepAxisTests
{
    public sealed class TheParseMethod
    {
        [Fact]
        public void Reads_a_list_of_values_as_written()
        {
            var axis = SweepAxis.Parse("sites[0].gpus.type=h100-sxm, h200-sxm,b200", new Problems(), 100);

            Assert.Equal("sites[0].gpus.type", axis!.Key);
            Assert.Equal(["h100-sxm", "h200-sxm", "b200"], axis.Values);
        }

        [Fact]
        public void Reads_a_range_with_its_stop_included_and_no_rounding_drift()
        {
            var axis = SweepAxis.Parse("sites[0].power.pue=1.1:1.4:0.1", new Problems(), 100);

            Assert.Equal(["1.1", "1.2", "1.3", "1.4"], axis!.Values);
        }

        [Fact]
        public void Reads_a_range_of_whole_numbers_and_stops_at_the_last_step_below_stop()
        {
            var axis = SweepAxis.Parse("sites[0].gpus.count=8:30:8", new Problems(), 100);

            Assert.Equal(["8", "16", "24"], axis!.Values);
        }

        [Theory]
        [InlineData("count", "--vary: expected KEY=V1,V2,... or KEY=START:STOP:STEP (KEY a scenario path such as sites[0].gpus.count), found 'count'")]
        [InlineData("a..b=1", "--vary: expected a scenario path such as sites[0].gpus.count (keys joined by dots, list items as [N]), found 'a..b'")]
        [InlineData("a=", "--vary: expected at least one value after 'a=', found nothing")]
        [InlineData("a=1,,2", "--vary: a: expected values separated by commas, found an empty value in '1,,2'")]
        [InlineData("a=1,2,1", "--vary: a: expected distinct values, found '1' twice")]
        [InlineData("a=1:x:1", "--vary: a: expected a range START:STOP:STEP of plain numbers (such as 8:64:8), found '1:x:1'")]
        [InlineData("a=1:5:0", "--vary: a: expected a step above 0 in START:STOP:STEP, found 0")]
        [InlineData("a=5:1:1", "--vary: a: the range 5:1:1 is empty (STOP 1 is below START 5)")]
        [InlineData("a=1:1e9:1", "--vary: a: the range 1:1e9:1 has 1,000,000,000 values; a sweep has at most 1,000 points")]
        [InlineData("a=0:1e27:1", "--vary: a: the range 0:1e27:1 has 1,000,000,000,000,000,000,000,000,001 values; a sweep has at most 1,000 points")]
        [InlineData("a=0:1e30:1", "--vary: a: expected a range START:STOP:STEP of plain numbers (such as 8:64:8), found '0:1e30:1'")]
        public void Says_what_it_expected_and_what_it_found(string text, string message)
        {
            var problems = new Problems();

            Assert.Null(SweepAxis.Parse(text, problems, 1000));
            Assert.Equal([message], problems.Select(p => p.ToString()));
        }
    }
}
