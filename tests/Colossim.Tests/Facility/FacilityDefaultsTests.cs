using Colossim.Documents;
using Colossim.Facility;

namespace Colossim.Tests.Facility;

public sealed class FacilityDefaultsTests
{
    public sealed class TheBuiltInProperty
    {
        [Fact]
        public void Reads_the_shipped_defaults()
        {
            var d = FacilityDefaults.BuiltIn;

            Assert.Equal(1.2, d.Pue, 1e-12);
            Assert.Equal(0.08, d.UsdPerKilowattHour, 1e-12);
            Assert.Equal(10.7e6, d.FacilityUsdPerMegawatt.Dollars, 1e-6);
            Assert.Equal(20, d.LifeOf("facility"), 1e-12);
        }

        [Fact]
        public void Gives_a_source_for_every_default()
        {
            var keys = new[]
            {
                "power.pue", "power.step_model", "power.step_training_tokens", "power.step_serving_batch", "power.step_serving_context", "power.gpu_idle_fraction",
                "power.server_rest_busy_fraction", "power.server_rest_idle_fraction", "power.storage_fraction", "generic_server.chip_to_server_power",
                "generic_server.server_cost_overhead", "generic_server.gpus_per_node", "cooling.air_max_rack_kw", "layout.row_max_mw", "layout.building_max_mw",
                "layout.site_max_mw", "network.oversubscription", "money.usd_per_kwh", "money.facility_usd_per_mw", "money.battery_usd_per_kwh",
                "money.battery_mw_per_mwh", "money.battery_round_trip_efficiency", "money.generation_usd_per_mw", "money.maintenance_fraction",
                "money.facility_operations_fraction", "money.battery_maintenance_fraction", "money.utilization", "depreciation_years.gpus",
                "depreciation_years.servers", "depreciation_years.network", "depreciation_years.storage", "depreciation_years.facility",
                "depreciation_years.batteries", "depreciation_years.generation", "carbon.grid_g_per_kwh", "carbon.generation_g_per_kwh",
                "training.step_seconds", "training.communication_fraction", "serving.peak_utilization", "serving.trough_utilization", "serving.peak_hour",
            };

            Assert.All(keys, k => Assert.True(FacilityDefaults.BuiltIn.Sources.ContainsKey(k), $"no source for {k}"));
        }
    }

    public sealed class TheWithDocumentMethod
    {
        [Fact]
        public void Replaces_only_the_values_it_gives()
        {
            var problems = new Problems();
            var root = DocReader.Parse("money: { usd_per_kwh: 0.05 }\npower: { pue: 1.1 }", problems)!;

            var d = FacilityDefaults.BuiltIn.WithDocument(root, problems);

            Assert.Empty(problems);
            Assert.Equal(0.05, d.UsdPerKilowattHour, 1e-12);
            Assert.Equal(1.1, d.Pue, 1e-12);
            Assert.Equal(FacilityDefaults.BuiltIn.FacilityUsdPerMegawatt, d.FacilityUsdPerMegawatt);
        }

        [Fact]
        public void Reports_a_PUE_below_1_and_an_unknown_key()
        {
            var problems = new Problems();
            var root = DocReader.Parse("power: { pue: 0.9, pue_typo: 1 }", problems)!;

            FacilityDefaults.BuiltIn.WithDocument(root, problems);

            Assert.Equal(
                ["line 1: power.pue: expected a PUE (facility power / IT power) between 1 and 3, found '0.9'", "line 1: warning: power.pue_typo: unknown key 'pue_typo' is ignored (did you mean 'pue'?)"],
                problems.Select(p => p.ToString()).ToArray());
        }
    }
}
