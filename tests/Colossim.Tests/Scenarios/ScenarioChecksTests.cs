using Colossim.Documents;
using Colossim.Scenarios;
using static Colossim.Tests.Scenarios.ScenarioFiles;

namespace Colossim.Tests.Scenarios;

public sealed class ScenarioChecksTests
{
    private const string Site = "sites: [ { name: a, gpus: { type: h200-sxm, count: 1000 } } ]\n";

    private static Scenario Load(string yaml)
    {
        var result = Parse(yaml);
        Assert.Equal([], Messages(result));
        return result.Scenario!;
    }

    private static string[] Shares(string tenantsAndWorkloads)
    {
        var problems = new Problems();
        ScenarioChecks.Shares(Load("name: s\n" + Site + tenantsAndWorkloads), problems);
        return [.. problems.Select(p => p.ToString())];
    }

    public sealed class TheSharesMethod
    {
        [Fact]
        public void Says_nothing_when_each_tenant_fits_its_share() =>
            Assert.Empty(Shares("tenants: [ { name: x, share: 0.6 }, { name: y, share: 0.4 } ]\nworkloads: { training: [ { name: t, tenant: x, model: llama3-8b, gpus: 600, tokens: 1e9 } ] }\n"));

        [Fact]
        public void Warns_that_a_tenant_above_its_share_borrows_the_others_idle_share()
        {
            Assert.Equal(
                ["warning: tenants[0].share: x's workloads fix 700 GPUs at once, above its share (0.6 of 1,000 GPUs is 600): it borrows 100 GPUs of the other tenants' idle share"],
                Shares("tenants: [ { name: x, share: 0.6 }, { name: y, share: 0.4 } ]\nworkloads: { training: [ { name: t, tenant: x, model: llama3-8b, gpus: 700, tokens: 1e9 } ] }\n"));
        }

        [Fact]
        public void Refuses_workloads_that_leave_too_little_idle_share_to_borrow()
        {
            Assert.Equal(
                ["tenants[0].share: x's workloads fix 700 GPUs at once, above its share (0.6 of 1,000 GPUs is 600), and the other tenants leave only 50 idle GPUs to borrow; raise its share or shrink the workloads"],
                Shares("""
                    tenants: [ { name: x, share: 0.6 }, { name: y, share: 0.4 } ]
                    workloads:
                      training:
                        - { name: t, tenant: x, model: llama3-8b, gpus: 700, tokens: 1e9 }
                        - { name: u, tenant: y, model: llama3-8b, gpus: 350, tokens: 1e9 }
                    """));
        }

        [Fact]
        public void Counts_capacity_no_tenant_is_guaranteed_as_idle()
        {
            Assert.Equal(
                ["warning: tenants[0].share: x's workloads fix 300 GPUs at once, above its share (0.2 of 1,000 GPUs is 200): it borrows 100 GPUs of the other tenants' idle share"],
                Shares("tenants: [ { name: x, share: 0.2 } ]\nworkloads: { training: [ { name: t, tenant: x, model: llama3-8b, gpus: 300, tokens: 1e9 } ] }\n"));
        }
    }

    public sealed class TheCheckFileMethod
    {
        [Fact]
        public void Adds_the_grid_warning_that_plan_and_power_give_for_a_site_above_its_grid()
        {
            using var dir = new TempDirectory();
            var file = dir.Write("s.yaml", "name: s\nsites: [ { name: a, gpus: { type: h200-sxm, count: 100000 }, power: { grid_mw: 10 } } ]\n");

            var result = ScenarioChecks.CheckFile(file);

            Assert.True(result.IsValid);
            var problem = Assert.Single(result.Problems);
            Assert.Equal(("sites[0].power.grid_mw", Severity.Warning), (problem.Path, problem.Severity));
        }

        [Fact]
        public void Gives_run_the_same_problems_as_check()
        {
            using var dir = new TempDirectory();
            var file = dir.Write("s.yaml", "name: s\nsites: [ { name: a, gpus: { type: h200-sxm, count: 100000 }, power: { grid_mw: 10 } } ]\ntenants: [ { name: x, share: 0.1 } ]\nworkloads: { training: [ { name: t, tenant: x, model: llama3-8b, gpus: 20000, tokens: 1e9 } ] }\n");

            var checkedFile = ScenarioChecks.CheckFile(file);
            var report = ScenarioRunner.Run(ScenarioLoader.LoadFile(file).Scenario!);

            Assert.Equal(
                checkedFile.Problems.Select(p => $"{p.Path}: {p.Message}").Order(StringComparer.Ordinal),
                report.Problems.Where(p => !p.Message.StartsWith("power over a day", StringComparison.Ordinal)).Select(p => $"{p.Path}: {p.Message}").Order(StringComparer.Ordinal));
            Assert.Equal(2, checkedFile.Problems.Count);
        }
    }
}
