using Colossim.Documents;
using Colossim.Facility;

namespace Colossim.Tests.Facility;

public sealed class BatteryPolicyNamesTests
{
    public sealed class TheParseMethod
    {
        [Theory]
        [InlineData(BatteryPolicy.Smooth)]
        [InlineData(BatteryPolicy.PeakShave)]
        [InlineData(BatteryPolicy.None)]
        public void Reads_back_every_name_it_writes(BatteryPolicy policy)
        {
            Assert.Equal(policy, BatteryPolicyNames.Parse(BatteryPolicyNames.Name(policy), new Problems(), "policy"));
        }

        [Fact]
        public void Lists_the_names_and_suggests_the_nearest_for_an_unknown_one()
        {
            var problems = new Problems();

            Assert.Null(BatteryPolicyNames.Parse("Smooth", problems, "--policy"));
            Assert.Equal("--policy: expected one of smooth, peak-shave, none, found 'Smooth' (did you mean 'smooth'?)", Assert.Single(problems).ToString());
        }
    }

    public sealed class TheWordsMethod
    {
        [Fact]
        public void Says_what_the_battery_does()
        {
            Assert.Equal(["smoothing", "peak shaving", "idle"], new[] { BatteryPolicy.Smooth, BatteryPolicy.PeakShave, BatteryPolicy.None }.Select(BatteryPolicyNames.Words));
        }
    }
}
