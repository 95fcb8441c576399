using System.Text.Json;
using Colossim.Catalog;
using Colossim.Scenarios;
using static Colossim.Tests.Scenarios.ScenarioFiles;

namespace Colossim.Tests.Scenarios;

public sealed class ScenarioRunnerTests
{
    private const double Relative = 1e-12;

    private static Scenario Load(string yaml)
    {
        var result = Parse(yaml);
        Assert.Equal([], Messages(result));
        return result.Scenario!;
    }

    private static void Close(double expected, double actual) => Assert.Equal(expected, actual, Math.Abs(expected) * Relative);

    public sealed class TheRunMethod
    {
        [Fact]
        public void Sums_the_peaks_of_100000_H100s_from_the_catalog_figures()
        {
            var report = ScenarioRunner.Run(Load("name: c\nsites: [ { name: m, gpus: { type: h100-sxm, count: 100000 } } ]\n"));
            var site = Assert.Single(report.Platform.Sites);

            // Hand computation: 1e5 x 989 TFLOPS = 98.9 EFLOPS; x 1979 TFLOPS = 197.9 EFLOPS; 80 GB; 3.35 TB/s; 700 W.
            Close(98.9e18, site.DenseBf16.FlopsPerSecond);
            Close(197.9e18, site.DenseFp8!.Value.FlopsPerSecond);
            Close(8e15, site.HbmCapacity.Value);
            Close(335e15, site.HbmBandwidth.BytesPerSecond);
            Close(70e6, site.GpuPower.Value);
            Assert.Equal(100_000, report.Platform.Total.Gpus);
            Close(98.9e18, report.Platform.Total.DenseBf16.FlopsPerSecond);
        }

        [Fact]
        public void Estimates_IT_power_from_the_named_systems_node_power_and_facility_power_with_the_PUE()
        {
            var report = ScenarioRunner.Run(Load("name: c\nsites: [ { name: m, system: hgx-h200, gpus: { count: 64 }, power: { pue: 1.25 } } ]\n"));
            var site = report.Platform.Sites[0];

            Assert.Equal(("hgx-h200", 8L), (site.SystemId, site.Nodes));
            Close(8 * 10.2e3, site.ItPower!.Value.Value);
            Close(8 * 10.2e3 * 1.25, site.FacilityPower!.Value.Value);
            Assert.Equal("8 hgx-h200 nodes × 10.2kW node power; network switches and storage not added", site.ItPowerBasis);
        }

        [Fact]
        public void Assumes_the_catalogs_first_system_for_the_gpu_when_none_is_named_and_says_so()
        {
            var site = ScenarioRunner.Run(Load("name: c\nsites: [ { name: m, gpus: { type: h100-sxm, count: 20 } } ]\n")).Platform.Sites[0];

            Assert.Equal(("hgx-h100", 3L), (site.SystemId, site.Nodes)); // 20 GPUs fill 3 nodes of 8
            Close(3 * 10.2e3, site.ItPower!.Value.Value);
            Assert.Equal("3 hgx-h100 nodes × 10.2kW node power (hgx-h100 assumed: the catalog's first system holding h100-sxm); network switches and storage not added", site.ItPowerBasis);
        }

        [Fact]
        public void Leaves_IT_power_unknown_when_no_system_holds_the_gpu()
        {
            var report = ScenarioRunner.Run(Load("name: c\nsites: [ { name: m, gpus: { type: a100-sxm-80gb, count: 8 } } ]\n"));
            var site = report.Platform.Sites[0];

            Assert.Null(site.ItPower);
            Assert.Null(site.FacilityPower);
            Assert.Null(site.DenseFp8); // Ampere has no FP8
            Assert.Null(report.Platform.Total.ItPower);
            Assert.Null(report.Platform.Total.DenseFp8);
            Assert.Equal("not estimated: no system in the catalog holds a100-sxm-80gb (name one with sites[].system)", site.ItPowerBasis);
        }

        [Fact]
        public void Adds_up_sites_and_keeps_a_total_unknown_when_one_site_is()
        {
            var report = ScenarioRunner.Run(Load("""
                name: two
                sites:
                  - { name: a, gpus: { type: h100-sxm, count: 16 }, power: { grid_mw: 1, battery_mwh: 2 } }
                  - { name: b, gpus: { type: a100-sxm-80gb, count: 8 }, power: { battery_mwh: 3 } }
                """));
            var total = report.Platform.Total;

            Assert.Equal((2, 24L), (total.Sites, total.Gpus));
            Close((16 * 989e12) + (8 * 312e12), total.DenseBf16.FlopsPerSecond);
            Close(16 * 1979e12, total.DenseFp8!.Value.FlopsPerSecond); // only the site that has FP8
            Close((16 * 80e9) + (8 * 80e9), total.HbmCapacity.Value);
            Close((16 * 700) + (8 * 400), total.GpuPower.Value);
            Close(5 * 3.6e9, total.Battery.Joules);
            Assert.Null(total.Grid); // site b does not state one
            Assert.Null(total.ItPower); // no system holds the A100 in the test catalog
        }

        [Fact]
        public void Gives_each_tenant_its_share_of_all_gpus()
        {
            var report = ScenarioRunner.Run(Load("name: t\nsites: [ { name: a, gpus: { type: h100-sxm, count: 1000 } } ]\ntenants: [ { name: x, share: 0.6 }, { name: y, share: 0.25 } ]\n"));

            Assert.Equal([("x", 600.0), ("y", 250.0)], report.Tenants.Select(t => (t.Name, t.Gpus)));
        }

        [Fact]
        public void Lists_workloads_with_their_models_sizes()
        {
            var report = ScenarioRunner.Run(Load("name: w\nsites: [ { name: a, gpus: { type: h100-sxm, count: 64 } } ]\nworkloads:\n  training: [ { name: t, model: grok-1, gpus: 64, tokens: 1e12 } ]\n"));
            var training = Assert.Single(report.Training);

            Assert.Equal(TestCatalog.Models["grok-1"].Parameters, training.Parameters);
            Assert.True(training.ActiveParameters < training.Parameters / 3, "grok-1 routes each token to 2 of 8 experts");
            Assert.Equal(("t", "a", "grok-1", 64, 1e12), (training.Name, training.Site, training.Model, training.Gpus, training.Tokens));
        }

        [Fact]
        public void Uses_the_seed_given_instead_of_the_scenarios()
        {
            var scenario = Load("name: s\nseed: 42\nsites: [ { name: a, gpus: { type: h100-sxm, count: 8 } } ]\n");

            Assert.Equal(42, ScenarioRunner.Run(scenario).Seed);
            Assert.Equal(7, ScenarioRunner.Run(scenario, new ScenarioRunOptions { Seed = 7 }).Seed);
            Assert.Throws<ArgumentOutOfRangeException>(() => ScenarioRunner.Run(scenario, new ScenarioRunOptions { Seed = -1 }));
        }

        [Fact]
        public void Gives_the_same_json_for_the_same_scenario()
        {
            var first = ScenarioReportJson.ToJson(ScenarioRunner.Run(ScenarioLoader.LoadFile(Scenario("partnership-gb200.yaml"), ColossimCatalog.BuiltIn).Scenario!));
            var second = ScenarioReportJson.ToJson(ScenarioRunner.Run(ScenarioLoader.LoadFile(Scenario("partnership-gb200.yaml"), ColossimCatalog.BuiltIn).Scenario!));

            Assert.Equal(first, second);
            using var doc = JsonDocument.Parse(first);
            Assert.Equal(2, doc.RootElement.GetProperty("platform").GetProperty("total").GetProperty("sites").GetInt32());
        }
    }
}
