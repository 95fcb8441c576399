using Colossim.Documents;
using Colossim.Facility;
using Colossim.Scenarios;
using Colossim.Tests.Scenarios;
using Colossim.Units;

namespace Colossim.Tests.Training;

/// <summary>The training parts of <see cref="SiteBuild"/>: the Train pillar on a site's plan, and its step in the power timeline.</summary>
public sealed class SiteBuildTrainingTests
{
    private static (Scenario Scenario, ClusterPlan Plan) Load(string yaml)
    {
        var scenario = ScenarioFiles.Parse(yaml).Scenario!;
        return (scenario, SiteBuild.Plan(scenario, scenario.Sites[0], new Problems())!);
    }

    public sealed class ThePowerMethod
    {
        [Fact]
        public void Swings_each_training_job_at_its_simulated_step_period()
        {
            var (scenario, plan) = Load("name: s\nsites: [ { name: a, gpus: { type: h100-sxm, count: 8 } } ]\nworkloads: { training: [ { name: t, model: llama3-8b, gpus: 8, tokens: 1e9, parallelism: { tp: 8 } } ] }\n");
            var simulated = SiteBuild.Train(scenario, scenario.Workloads.Training[0], plan, new Problems())!.Step.Time;

            var power = SiteBuild.Power(scenario, scenario.Sites[0], plan, Duration.FromSeconds(60), Duration.FromSeconds(1));

            var load = Assert.IsType<TrainingLoad>(Assert.Single(power.Loads));
            Assert.Equal(simulated, load.Step);
            Assert.NotEqual(FacilityDefaults.BuiltIn.TrainingStep, load.Step);
        }

        [Fact]
        public void Keeps_the_default_step_when_the_workload_cannot_be_simulated()
        {
            var (scenario, plan) = Load("name: s\nsites: [ { name: a, gpus: { type: h100-sxm, count: 8 } } ]\nworkloads: { training: [ { name: t, model: llama3-8b, gpus: 6, tokens: 1e9, parallelism: { cp: 3, dp: 2 } } ] }\n");

            var power = SiteBuild.Power(scenario, scenario.Sites[0], plan, Duration.FromSeconds(60), Duration.FromSeconds(1));

            var load = Assert.IsType<TrainingLoad>(Assert.Single(power.Loads));
            Assert.Equal(FacilityDefaults.BuiltIn.TrainingStep, load.Step);
        }
    }
}
