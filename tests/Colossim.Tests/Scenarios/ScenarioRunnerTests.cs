using System.Text.Json;
using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Facility;
using Colossim.Reports;
using Colossim.Scenarios;
using Colossim.Units;
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
        public void Runs_the_stages_in_order_and_reports_each_from_start_to_end()
        {
            var seen = new List<RunProgress>();
            var scenario = Load("name: c\nsites: [ { name: a, gpus: { type: h200-sxm, count: 8 } }, { name: b, gpus: { type: h200-sxm, count: 16 } } ]\n");

            ScenarioRunner.Run(scenario, progress: new Recorder(seen));

            Assert.Equal(["training", "serving", "sharing", "build and power"], ScenarioRunner.Stages);
            Assert.Equal(
                ["training 0", "training 1", "serving 0", "serving 1", "sharing 0", "sharing 1", "build and power 0", "build and power 0 a", "build and power 0.5 b", "build and power 1"],
                seen.Select(p => $"{p.Stage} {p.StageFraction}{(p.Detail is { } d ? " " + d : "")}"));
            Assert.Equal(0, seen[0].Fraction);
            Assert.Equal(1, seen[^1].Fraction);
            Assert.True(seen.Zip(seen.Skip(1)).All(pair => pair.First.Fraction <= pair.Second.Fraction), "progress never goes back");
        }

        [Fact]
        public void Stops_with_OperationCanceledException_when_cancelled_and_reports_nothing_after()
        {
            using var cancel = new CancellationTokenSource();
            var seen = new List<RunProgress>();
            var scenario = Load("name: c\nsites: [ { name: a, gpus: { type: h200-sxm, count: 8 } } ]\n");

            Assert.Throws<OperationCanceledException>(() => ScenarioRunner.Run(scenario, progress: new Recorder(seen, p =>
            {
                if (p.Stage == "sharing")
                {
                    cancel.Cancel();
                }
            }), cancel: cancel.Token));

            Assert.Equal("sharing", seen[^1].Stage);
        }

        [Fact]
        public void Gives_the_same_report_with_or_without_a_progress_listener()
        {
            var scenario = Load("name: c\nsites: [ { name: a, gpus: { type: h200-sxm, count: 8 } } ]\n");

            Assert.Equal(
                ScenarioReportJson.ToJson(ScenarioRunner.Run(scenario)),
                ScenarioReportJson.ToJson(ScenarioRunner.Run(scenario, progress: new Recorder([]))));
        }

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
        public void Takes_IT_and_facility_power_from_the_sites_plan_servers_network_and_storage()
        {
            var report = ScenarioRunner.Run(Load("name: c\nsites: [ { name: m, system: hgx-h200, gpus: { count: 64 }, power: { pue: 1.25 } } ]\n"));
            var site = report.Platform.Sites[0];
            var plan = Assert.Single(report.Build.Sites).Plan;

            Assert.Equal(("hgx-h200", 8L), (site.SystemId, site.Nodes));
            Close(8 * 10.2e3, plan.Power.Compute.Value); // hand computation: 8 nodes x 10.2 kW
            Close(8 * 10.2e3 * 0.03, plan.Power.Storage.Value); // storage: 3% of compute
            Assert.True(plan.Power.Network.Value > 0, "64 NICs on one quantum-2 switch draw something");
            Assert.Equal(plan.Power.It, site.ItPower);
            Close((8 * 10.2e3 * 1.03) + plan.Power.Network.Value, site.ItPower!.Value.Value);
            Close(site.ItPower!.Value.Value * 1.25, site.FacilityPower!.Value.Value);
            Assert.Equal([], report.Problems);
        }

        [Fact]
        public void Gives_the_same_IT_power_as_the_planner_for_the_same_GPUs_system_and_fabric_exactly()
        {
            var scenario = ScenarioLoader.LoadFile(Scenario("colossus.yaml"), ColossimCatalog.BuiltIn).Scenario!;
            var problems = new Problems();
            var catalog = ColossimCatalog.BuiltIn;
            var system = catalog.Systems["hgx-h100"];
            var plan = ClusterPlanner.Plan(new PlanTarget.GpuCount(100_000), new PlanOptions
            {
                Gpu = catalog.Gpus["h100-sxm"],
                System = system,
                Fabric = ClusterPlanner.ResolveFabric(catalog, system, "ethernet", problems)!,
            }, problems)!; // what `colossim plan --gpus 100000 --gpu h100-sxm --system hgx-h100 --fabric ethernet` plans

            var report = ScenarioRunner.Run(scenario);

            var site = report.Platform.Sites[0];
            var build = report.Build.Sites[0].Plan;
            Assert.Equal([], problems);
            Assert.Equal(plan.Power.It, site.ItPower); // no tolerance: the same model
            Assert.Equal(plan.Power.Facility, site.FacilityPower);
            Assert.Equal((plan.Power.Compute, plan.Power.Network, plan.Power.Storage), (build.Power.Compute, build.Power.Network, build.Power.Storage));
            Assert.Equal((plan.Nodes, plan.Racks, plan.Network.Switches, plan.Network.Transceivers), (build.Nodes, build.Racks, build.Network.Switches, build.Network.Transceivers));
            Assert.Equal(plan.Capex.Gpus + plan.Capex.Servers + plan.Capex.Network, build.Capex.Gpus + build.Capex.Servers + build.Capex.Network);
            Assert.Equal(150 * 534e3, (build.Capex.Total - plan.Capex.Total).Dollars, 1e-3); // only the scenario's 150 MWh of batteries differ
        }

        [Fact]
        public void Assumes_the_catalogs_first_system_for_the_gpu_when_none_is_named_and_notes_it_and_the_rounding()
        {
            var report = ScenarioRunner.Run(Load("name: c\nsites: [ { name: m, gpus: { type: h100-sxm, count: 20 } } ]\n"));
            var site = report.Platform.Sites[0];
            var plan = report.Build.Sites[0].Plan;

            Assert.Equal(("hgx-h100", 3L, 24L), (site.SystemId, site.Nodes, plan.Gpus)); // 20 GPUs fill 3 nodes of 8
            Close((3 * 10.2e3 * 1.03) + plan.Power.Network.Value, site.ItPower!.Value.Value);
            Assert.Equal(
                [
                    "hgx-h100 assumed: the catalog's first system holding h100-sxm (name one with sites[0].system)",
                    "20 GPUs rounded up to 24: whole hgx-h100 units of 8 GPUs",
                ],
                plan.Notes);
            Assert.Equal([], report.Problems);
        }

        [Fact]
        public void Builds_a_generic_server_with_a_warning_when_no_system_holds_the_gpu()
        {
            var report = ScenarioRunner.Run(Load("name: c\nsites: [ { name: m, gpus: { type: a100-sxm-80gb, count: 8 } } ]\n"));
            var site = report.Platform.Sites[0];
            var plan = report.Build.Sites[0].Plan;

            Assert.Equal("generic-a100-sxm-80gb", site.SystemId);
            Close(8 * 400 * 1.8, plan.Power.Compute.Value); // Epoch's chip-to-server ratio on 400 W GPUs
            Assert.Equal(plan.Power.It, site.ItPower);
            Assert.Null(site.DenseFp8); // Ampere has no FP8
            Assert.Null(report.Platform.Total.DenseFp8);
            Assert.Equal(
                "warning: sites[0].system: no catalog system holds a100-sxm-80gb: using a generic 8-GPU server (power 1.8 x TDP, price 1.64 x GPU price, Epoch's ratios)",
                Assert.Single(report.Problems).ToString());
            Assert.False(report.HasErrors);
        }

        [Fact]
        public void Records_an_error_for_a_site_it_cannot_plan_and_leaves_the_site_out_of_the_build()
        {
            var scenario = Load("name: c\nsites: [ { name: a, gpus: { type: h100-sxm, count: 8 } }, { name: b, gpus: { type: h100-sxm, count: 16 } } ]\n");
            var problems = new Problems(); // the test catalog's only InfiniBand switch family turned into an Ethernet one
            var catalog = TestCatalog.WithDocument(DocReader.Parse("fabrics:\n  - { id: quantum-2, kind: ethernet, radix: 64, port_bandwidth: 400Gb/s, switch_power: 1.7kW, switch_price: $30k, transceiver_price: $1k, transceiver_power: 9W }\n", problems)!, problems);
            Assert.Equal([], problems);

            var report = ScenarioRunner.Run(scenario with { Catalog = catalog });

            Assert.True(report.HasErrors);
            Assert.Equal(["sites[0].fabric: the catalog has no infiniband fabric", "sites[1].fabric: the catalog has no infiniband fabric"], report.Problems.Select(p => p.ToString()));
            Assert.Empty(report.Build.Sites);
            Assert.Equal(0, report.Build.Total.Gpus);
            Assert.Null(report.Build.Total.UsdPerGpuHour);
            Assert.Null(report.Platform.Sites[0].ItPower);
            Assert.Null(report.Platform.Total.ItPower);
            Assert.Equal(24, report.Platform.Total.Gpus); // the rest of the report is still there
        }

        [Fact]
        public void Leaves_out_the_power_day_of_a_site_whose_workloads_do_not_fit_at_once_with_a_warning()
        {
            var report = ScenarioRunner.Run(Load("""
                name: w
                sites: [ { name: a, gpus: { type: h100-sxm, count: 8 } } ]
                workloads:
                  training: [ { name: t, model: llama3-8b, gpus: 8, tokens: 1e9 } ]
                  serving: [ { name: s, model: llama3-8b, gpus: 8, traffic: { rate: 1, lengths: { input: 100, output: 10 } } } ]
                """));

            Assert.Null(Assert.Single(report.Build.Sites).Power);
            Assert.Equal(
                "warning: sites[0]: power over a day not computed: expected at most the cluster's 8 GPUs in the workloads, found 16 (the timeline runs every workload of the site at once)",
                Assert.Single(report.Problems).ToString());
        }

        [Fact]
        public void Gives_a_day_of_power_with_and_without_the_batteries()
        {
            var report = ScenarioRunner.Run(ScenarioLoader.LoadFile(Scenario("colossus.yaml"), ColossimCatalog.BuiltIn).Scenario!);
            var day = report.Build.Sites[0].Power!;
            var plan = report.Build.Sites[0].Plan;

            Assert.Equal((Duration.FromHours(24), Duration.FromSeconds(1), BatteryPolicy.Smooth), (day.Length, day.Step, day.Policy));
            Assert.True(day.PeakGrid < day.PeakWithoutBatteries, "the Megapacks shave the peak");
            Assert.True(day.PeakWithoutBatteries <= plan.Power.Facility, "the draw never exceeds the nameplate");
            Assert.Equal(day.GridEnergy.KilowattHours * 0.08, day.EnergyCost.Dollars, 1e-6); // at the site's $0.08/kWh
            Assert.InRange(day.GridEnergy.MegawattHours / 24, plan.Power.Facility.Megawatts * 0.5, plan.Power.Facility.Megawatts); // mean draw between half and all of nameplate
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
            Close(report.Build.Sites.Sum(b => b.Plan.Power.It.Value), total.ItPower!.Value.Value);
        }

        [Fact]
        public void Sums_the_build_over_sites_and_weighs_the_cost_per_gpu_hour_by_used_hours()
        {
            var report = ScenarioRunner.Run(ScenarioLoader.LoadFile(Scenario("partnership-gb200.yaml"), ColossimCatalog.BuiltIn).Scenario!);
            var plans = report.Build.Sites.Select(b => b.Plan).ToList();
            var total = report.Build.Total;

            Assert.Equal(2, plans.Count);
            Assert.Equal((plans.Sum(p => p.Gpus), plans.Sum(p => p.Nodes), plans.Sum(p => p.Racks)), (total.Gpus, total.Nodes, total.Racks));
            Assert.Equal((plans.Sum(p => p.Network.Switches), plans.Sum(p => p.Network.Transceivers)), (total.Switches, total.Transceivers));
            Close(plans.Sum(p => p.Capex.Total.Dollars), total.Capex.Total.Dollars);
            Close(plans.Sum(p => p.Capex.Servers.Dollars), total.Capex.Servers.Dollars);
            Close(plans.Sum(p => p.Tco.Dollars), total.Tco.Dollars);
            Close(report.Platform.Total.FacilityPower!.Value.Value, total.FacilityPower.Value);

            // Hand computation: both sites are used 80% of the time, so the cost per used GPU-hour is the GPU-weighted mean.
            var weighted = plans.Sum(p => p.UsdPerGpuHour.Dollars * p.Gpus) / plans.Sum(p => p.Gpus);
            Close(weighted, total.UsdPerGpuHour!.Value.Dollars);
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

    // Records progress synchronously (System.Progress<T> would post to the thread pool).
    private sealed class Recorder(List<RunProgress> seen, Action<RunProgress>? also = null) : IProgress<RunProgress>
    {
        public void Report(RunProgress value)
        {
            seen.Add(value);
            also?.Invoke(value);
        }
    }
}
