using Colossim.Documents;
using Colossim.Facility;
using Colossim.Units;

namespace Colossim.Tests.Facility;

public sealed class GridCheckTests
{
    public sealed class TheCheckMethod
    {
        [Fact]
        public void Says_nothing_when_the_grid_is_not_limited()
        {
            var problems = new Problems();

            Assert.True(GridCheck.Check(Watts.FromMegawatts(500), null, Watts.Zero, Watts.Zero, problems, "grid"));
            Assert.Empty(problems);
        }

        [Fact]
        public void Counts_on_site_generation_and_battery_power_as_supply()
        {
            var problems = new Problems();

            Assert.True(GridCheck.Check(Watts.FromMegawatts(200), Watts.FromMegawatts(150), Watts.FromMegawatts(20), Watts.FromMegawatts(30), problems, "grid"));
            Assert.Empty(problems);
        }

        [Fact]
        public void Warns_at_the_path_with_the_numbers_when_the_supply_falls_short()
        {
            var problems = new Problems();

            Assert.False(GridCheck.Check(Watts.FromMegawatts(1_234.5), Watts.FromMegawatts(150), Watts.Zero, Watts.Zero, problems, "--grid-mw"));
            var problem = Assert.Single(problems);
            Assert.Equal(Severity.Warning, problem.Severity);
            Assert.Equal("warning: --grid-mw: the facility needs 1,234.5 MW at nameplate (IT x PUE), above the 150 MW grid connection", problem.ToString());
        }
    }
}
