using Colossim.Facility;

namespace Colossim.Tests.Facility;

public sealed class FacilityLimitsTests
{
    public sealed class ThePueLimit
    {
        [Theory]
        [InlineData(1.0, true)]
        [InlineData(1.2, true)]
        [InlineData(3.0, true)]
        [InlineData(0.99, false)]
        [InlineData(3.01, false)]
        [InlineData(double.NaN, false)]
        [InlineData(double.PositiveInfinity, false)]
        public void Accepts_1_to_3_and_nothing_else(double pue, bool accepted)
        {
            Assert.Equal(accepted, FacilityLimits.Pue.Contains(pue));
        }

        [Fact]
        public void Says_what_it_expects()
        {
            Assert.Equal("a PUE (facility power / IT power) between 1 and 3", FacilityLimits.Pue.Expectation);
        }
    }
}
