using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Scenarios;

namespace Colossim.Tests.Scenarios;

public sealed class ScenarioSharingTests
{
    private const string WithJobs = """
        name: lab-jobs
        seed: 3
        sites:
          - name: lab
            gpus: { type: h200-sxm, count: 16 }
            system: hgx-h200
        tenants:
          - { name: a, share: 0.5 }
          - { name: b, share: 0.5, borrowing_limit: 0.25 }
        jobs:
          - { tenant: a, count: 20, rate: 10/h, gpus: 4, runtime: 30min }
          - { tenant: b, count: 10, gpus: 8, runtime: 1h, kind: batch }
        """;

    public sealed class TheSimulateMethod
    {
        [Fact]
        public void Schedules_the_jobs_section_on_the_first_site_with_the_tenants_limits()
        {
            var scenario = ScenarioLoader.Parse(WithJobs, ColossimCatalog.BuiltIn).Scenario!;

            var workload = ScenarioSharing.Workload(scenario, scenario.Sites[0], null, new Problems())!;
            var result = ScenarioSharing.Simulate(scenario, scenario.Sites[0], null, scenario.Seed, new Problems())!;

            Assert.Equal(30, workload.Jobs.Count);
            Assert.All(workload.Jobs, j => Assert.StartsWith("jobs/", j.Id, StringComparison.Ordinal));
            Assert.Equal(0.25, workload.Tenants.Single(t => t.Name == "b").BorrowingLimit);
            Assert.Equal(30, result.Jobs.Submitted);
            Assert.Equal(30, result.Jobs.Completed);
        }

        [Fact]
        public void Draws_the_same_jobs_for_the_same_seed()
        {
            var scenario = ScenarioLoader.Parse(WithJobs, ColossimCatalog.BuiltIn).Scenario!;

            var first = ScenarioSharing.Workload(scenario, scenario.Sites[0], null, new Problems())!.Jobs;
            var second = ScenarioSharing.Workload(scenario, scenario.Sites[0], null, new Problems())!.Jobs;

            Assert.Equal(first.Select(j => (j.Id, j.Submit, j.Gpus, j.Runtime)), second.Select(j => (j.Id, j.Submit, j.Gpus, j.Runtime)));
        }
    }
}
