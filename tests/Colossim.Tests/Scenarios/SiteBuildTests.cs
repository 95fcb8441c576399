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

    public sealed class TheWorkMethod
    {
        [Fact]
        public void Takes_a_training_step_of_the_sites_training_workload()
        {
            var scenario = Colossus;

            var work = SiteBuild.Work(scenario, scenario.Sites[0], scenario.Sites[0].Gpus.Type, FacilityDefaults.BuiltIn)!;
            var plan = SiteBuild.Plan(scenario, scenario.Sites[0], new Problems())!;

            Assert.Equal("training step of grok-1, tp 8, 1 x 4096 tokens", work.Activity);
            Assert.False(work.IsDefault);
            Assert.Equal(work, plan.Work);
            Assert.InRange(work.Busy.Value, 0.8 * 700, 700);
        }
    }

    public sealed class TheStudyMethod
    {
        [Fact]
        public void Plans_and_simulates_each_site_as_colossim_power_does()
        {
            var problems = new Problems();

            var study = SiteBuild.Study(new PowerRequest { Scenario = TestFiles.Repository("scenarios/colossus.yaml"), Duration = "1min", Step = "7s", Policy = "peak-shave" }, Colossim.Catalog.ColossimCatalog.BuiltIn, problems)!;

            Assert.Empty(problems);
            Assert.Equal("colossus-phase-1", study.Scenario);
            Assert.Equal(BatteryPolicy.PeakShave, study.Policy);
            var run = Assert.Single(study.Sites);
            Assert.Equal("memphis", run.Site);
            Assert.Equal(Watts.FromMegawatts(150), run.Grid);
            Assert.Equal(9, run.Timeline.Count); // 8 steps of 7 s and a last one of 4 s
            Assert.Equal(4, run.Timeline.LastStep.TotalSeconds, 1e-9);
            Assert.Equal(BatteryPolicy.PeakShave, run.Scenario.Battery!.Policy);
        }

        [Fact]
        public void Records_every_bad_option_at_once()
        {
            var problems = new Problems();

            var study = SiteBuild.Study(new PowerRequest { Scenario = TestFiles.Repository("scenarios/colossus.yaml"), Duration = "0s", Step = "soon", Policy = "smoth" }, Colossim.Catalog.ColossimCatalog.BuiltIn, problems);

            Assert.Null(study);
            Assert.Equal(
                ["--duration: expected a positive duration like 24h, found '0s'", "--step: expected a duration like 2s, 150ms or 1.5h, found 'soon'", "--policy: expected one of smooth, peak-shave, none, found 'smoth' (did you mean 'smooth'?)"],
                problems.Select(p => p.ToString()));
        }
    }

    public sealed class TheCheckGridMethod
    {
        [Fact]
        public void Warns_at_the_sites_grid_when_nameplate_power_exceeds_grid_and_batteries()
        {
            var scenario = Colossus;
            var site = scenario.Sites[0] with { Power = scenario.Sites[0].Power with { Grid = Watts.FromMegawatts(50) } };
            var plan = SiteBuild.Plan(scenario, scenario.Sites[0], new Problems())!;
            var problems = new Problems();

            Assert.False(SiteBuild.CheckGrid(scenario, site, plan, problems));
            Assert.Equal("warning: sites[memphis].power.grid_mw: the facility needs 167.227 MW at nameplate (IT x PUE), above the 50 MW grid connection (with 0 MW on-site generation and 73.05 MW of batteries)", Assert.Single(problems).ToString());
        }

        [Fact]
        public void Passes_Colossus_whose_grid_and_Megapacks_cover_its_nameplate()
        {
            var scenario = Colossus;
            var problems = new Problems();

            Assert.True(SiteBuild.CheckGrid(scenario, scenario.Sites[0], SiteBuild.Plan(scenario, scenario.Sites[0], new Problems())!, problems));
            Assert.Empty(problems);
        }
    }

    public sealed class ThePlanMethodWithATopology
    {
        [Fact]
        public void Plans_a_rail_only_site_a_tier_lower()
        {
            // 16,384 H100s on radix-128 Spectrum-X: one 3-tier tree, or 8 rails of 2,048 NICs on 2 tiers each.
            var scenario = Colossus;
            var site = scenario.Sites[0] with { Gpus = scenario.Sites[0].Gpus with { Count = 16_384 } };
            var railOnly = site with { Fabric = site.Fabric with { Topology = FabricTopology.RailOnly } };

            var optimised = SiteBuild.Plan(scenario, site, new Problems())!;
            var rails = SiteBuild.Plan(scenario, railOnly, new Problems())!;

            Assert.Equal(FabricTopology.RailOnly, rails.Network.Topology);
            Assert.Equal(8, rails.Network.Trees);
            Assert.Equal(3, optimised.Network.Tiers);
            Assert.Equal(2, rails.Network.Tiers);
            Assert.True(rails.Network.Switches < optimised.Network.Switches);
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
