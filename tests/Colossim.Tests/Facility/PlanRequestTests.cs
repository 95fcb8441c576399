using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Facility;
using Colossim.Units;

namespace Colossim.Tests.Facility;

public sealed class PlanRequestTests
{
    public sealed class TheValidateMethod
    {
        [Fact]
        public void Turns_the_typed_values_into_a_target_options_and_a_grid()
        {
            var problems = new Problems();

            var input = new PlanRequest { PowerMw = "150", Gpu = "h200-sxm", Topology = "rail-only", BatteryMwh = "100", BatteryMw = "25", GridMw = "120", Wacc = "0.07" }.Validate(ColossimCatalog.BuiltIn, problems)!;

            Assert.Empty(problems);
            Assert.Equal(new PlanTarget.Power(Watts.FromMegawatts(150)), input.Target);
            Assert.Equal("--power-mw", input.TargetPath);
            Assert.Equal(FabricTopology.RailOnly, input.Options.Topology);
            Assert.Equal(100, input.Options.BatteryCapacity.MegawattHours, 1e-9);
            Assert.Equal(Watts.FromMegawatts(25), input.Options.BatteryPower);
            Assert.Equal(0.07, input.Options.Defaults.Wacc);
            Assert.Equal(Watts.FromMegawatts(120), input.Grid);
        }

        [Fact]
        public void Records_every_problem_with_the_option_as_its_path()
        {
            var problems = new Problems();

            Assert.Null(new PlanRequest { Gpus = "8", Gpu = "h200-sxm", Pue = "5", Topology = "mesh", BatteryMw = "10" }.Validate(ColossimCatalog.BuiltIn, problems));
            Assert.Equal(["--pue", "--battery-mw", "--topology"], problems.Select(p => p.Path));
        }
    }

    public sealed class ThePlanMethod
    {
        [Fact]
        public void Plans_the_request_and_warns_when_the_grid_falls_short()
        {
            var problems = new Problems();

            var plan = new PlanRequest { Gpus = "100000", Gpu = "h100-sxm", GridMw = "100" }.Plan(ColossimCatalog.BuiltIn, problems)!;

            Assert.Equal(100_000, plan.Gpus);
            Assert.Equal("warning: --grid-mw: the facility needs 175.594 MW at nameplate (IT x PUE), above the 100 MW grid connection", Assert.Single(problems).ToString());
        }
    }
}
