using Colossim.Documents;
using Colossim.Facility;
using Colossim.Scenarios;
using Colossim.Tests.Catalog;
using Colossim.Units;

namespace Colossim.Tests.Scenarios;

public sealed class SiteBuildTests
{
    private static Scenario Colossus => ScenarioLoader.LoadFile(TestFiles.Repository("scenarios/colossus.yaml")).Scenario!;

    public sealed class ThePlanMethod
    {
        [Fact]
        public void Builds_Colossus_on_Spectrum_X_with_its_PUE_and_batteries()
        {
            var scenario = Colossus;

            var plan = SiteBuild.Plan(scenario, scenario.Sites[0], new Problems())!;

            Assert.Equal(100_000, plan.Gpus);
            Assert.Equal("spectrum-x", plan.Network.Fabric.Id);
            Assert.Equal(3, plan.Network.Tiers);
            Assert.Equal(1.2, plan.Power.Pue, 1e-12);
            Assert.Equal(150, plan.Power.BatteryCapacity.MegawattHours, 1e-9);
            Assert.Equal(150 * 534e3, plan.Capex.Batteries.Dollars, 1e-3);
        }
    }

    public sealed class ThePathOfMethod
    {
        [Fact]
        public void Names_a_site_by_its_index_as_the_loader_does_and_by_name_when_it_is_not_the_scenarios()
        {
            var scenario = ScenarioLoader.LoadFile(TestFiles.Repository("scenarios/partnership-gb200.yaml")).Scenario!;

            Assert.Equal("sites[1]", SiteBuild.PathOf(scenario, scenario.Sites[1]));
            Assert.Equal("sites[texas]", SiteBuild.PathOf(scenario, scenario.Sites[0] with { Power = SitePower.Default }));
        }
    }

    public sealed class ThePowerMethod
    {
        [Fact]
        public void Gives_a_serving_workload_without_a_GPU_count_the_GPUs_training_leaves()
        {
            var scenario = Colossus;
            var plan = SiteBuild.Plan(scenario, scenario.Sites[0], new Problems())!;

            var power = SiteBuild.Power(scenario, scenario.Sites[0], plan, Duration.FromHours(1), Duration.FromSeconds(1));

            Assert.Equal([65_536L, 34_464L], power.Loads.Select(l => l.Gpus).ToArray());
            Assert.IsType<TrainingLoad>(power.Loads[0]);
            Assert.IsType<ServingLoad>(power.Loads[1]);
            Assert.Equal(BatteryPolicy.Smooth, power.Battery!.Policy);
            Assert.Equal(Watts.FromMegawatts(150), power.Battery.GridCap);
        }
    }
}
