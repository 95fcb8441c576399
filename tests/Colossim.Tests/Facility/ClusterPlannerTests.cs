using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Facility;
using Colossim.Units;
using CsCheck;

namespace Colossim.Tests.Facility;

public sealed class ClusterPlannerTests
{
    public sealed class ThePlanMethod
    {
        [Fact]
        public void Never_buys_fewer_GPUs_with_more_budget()
        {
            var options = FacilityTestData.H100Options();
            Gen.Select(Gen.Double[1e6, 2e10], Gen.Double[0, 1e10]).Sample((budget, more) =>
            {
                var problems = new Problems();
                var small = ClusterPlanner.Plan(new PlanTarget.Budget(new Usd(budget)), options, problems);
                var large = ClusterPlanner.Plan(new PlanTarget.Budget(new Usd(budget + more)), options, problems);

                Assert.NotNull(small);
                Assert.NotNull(large);
                Assert.True(large.Gpus >= small.Gpus, $"${budget + more:G6} bought {large.Gpus} GPUs, ${budget:G6} bought {small.Gpus}");
                Assert.True(small.Capex.Total <= new Usd(budget), "the plan spends more than its budget");
            }, iter: 40);
        }

        [Fact]
        public void Buys_the_largest_cluster_within_the_budget()
        {
            var options = FacilityTestData.H100Options();

            var plan = ClusterPlanner.Plan(new PlanTarget.Budget(new Usd(1e9)), options, new Problems())!;
            var oneMore = ClusterPlanner.Build(plan.Gpus + 8, options);

            Assert.True(plan.Capex.Total.Dollars <= 1e9);
            Assert.True(oneMore.Capex.Total.Dollars > 1e9);
        }

        [Fact]
        public void Fits_the_largest_cluster_in_a_power_envelope()
        {
            var options = FacilityTestData.H100Options();

            var plan = ClusterPlanner.Plan(new PlanTarget.Power(Watts.FromMegawatts(150)), options, new Problems())!;

            Assert.True(plan.Power.Facility.Megawatts <= 150);
            Assert.True(ClusterPlanner.Build(plan.Gpus + 8, options).Power.Facility.Megawatts > 150);
        }

        [Fact]
        public void Rounds_a_GPU_count_up_to_whole_NVL72_racks_and_says_so()
        {
            var options = new PlanOptions { Gpu = FacilityTestData.Gb200, System = FacilityTestData.Gb200Nvl72, Fabric = FacilityTestData.Ndr };

            var plan = ClusterPlanner.Plan(new PlanTarget.GpuCount(1000), options, new Problems())!;

            Assert.Equal(1008, plan.Gpus);
            Assert.Equal(14, plan.Racks);
            Assert.Equal(252, plan.Nodes);
            Assert.Equal(Cooling.Liquid, plan.Cooling);
            Assert.Equal("1,000 GPUs rounded up to 1,008: whole gb200-nvl72 units of 72 GPUs", Assert.Single(plan.Notes));
        }

        [Fact]
        public void Says_when_a_budget_does_not_buy_one_unit()
        {
            var problems = new Problems();

            var plan = ClusterPlanner.Plan(new PlanTarget.Budget(new Usd(100_000)), FacilityTestData.H100Options(), problems);

            Assert.Null(plan);
            Assert.Equal("budget_usd: $100k does not buy one dgx-h100 unit of 8 GPUs with its share of network and facility ($446.234k)", Assert.Single(problems).ToString());
        }
    }

    public sealed class TheBuildMethod
    {
        [Fact]
        public void Puts_every_dollar_of_capex_in_exactly_one_category()
        {
            var systems = new[] { (FacilityTestData.H100, FacilityTestData.DgxH100), (FacilityTestData.Gb200, FacilityTestData.Gb200Nvl72) };
            Gen.Select(Gen.Long[1, 2_000_000], Gen.Int[0, 1], Gen.Double[0, 500], Gen.Double[0, 300]).Sample((gpus, which, batteryMwh, onsiteMw) =>
            {
                var (gpu, system) = systems[which];
                var plan = ClusterPlanner.Build(gpus, new PlanOptions
                {
                    Gpu = gpu,
                    System = system,
                    Fabric = FacilityTestData.SpectrumX,
                    BatteryCapacity = Energy.FromKilowattHours(batteryMwh * 1e3),
                    OnsiteGeneration = Watts.FromMegawatts(onsiteMw),
                });

                var sum = plan.Capex.Categories.Sum(c => c.Value.Dollars);
                Assert.All(plan.Capex.Categories, c => Assert.True(c.Value.Dollars >= 0, $"{c.Key} is negative"));
                Assert.Equal(plan.Capex.Total.Dollars, sum, plan.Capex.Total.Dollars * 1e-12);
                var hardware = (system.NodePrice * plan.Nodes) + plan.Network.Cost + plan.Capex.Storage;
                Assert.Equal(hardware.Dollars, plan.Capex.ItHardware.Dollars, hardware.Dollars * 1e-12);
            }, iter: 60);
        }

        [Fact]
        public void Draws_about_150_MW_for_Colossus_phase_1()
        {
            // 100,000 H100 on one Spectrum-X fabric (reference §B.3): 150 MW grid for phase 1.
            var plan = ClusterPlanner.Build(100_000, FacilityTestData.H100Options(FacilityTestData.SpectrumX));

            Assert.Equal(100_000, plan.Gpus);
            Assert.Equal(3, plan.Network.Tiers);
            Assert.InRange(plan.Power.Facility.Megawatts, 150 * 0.9, 150 * 1.15);
            Assert.InRange(plan.Power.AverageFacility.Megawatts, 100, 140);
        }

        [Fact]
        public void Draws_within_3_points_of_the_75_percent_of_a_DGX_H100_nameplate_Epoch_assumes_in_training()
        {
            // The GPUs' power now comes from the power model's training step (llama3-70b, tp 8), not 0.99 x TDP: 73.4%
            // of the nameplate against Epoch's 0.75 (arXiv 2506.14551 measured 76%).
            var node = NodePowerModel.For(FacilityTestData.DgxH100, FacilityTestData.H100, FacilityDefaults.BuiltIn);

            Assert.Equal(0.75, node.Node(GpuActivity.Compute) / node.Nameplate, 0.03);
        }

        [Fact]
        public void Spends_about_35_to_60_thousand_dollars_per_H100_all_in()
        {
            // Reference §B.5: all-in H100 + IB $45.8K-51.6K per GPU (tech-talk-cto); §B.6: $41.7K hardware + facility.
            var plan = ClusterPlanner.Build(16_384, FacilityTestData.H100Options());

            Assert.InRange(plan.Capex.Total.Dollars / plan.Gpus, 45_000, 65_000);
            Assert.InRange(plan.Capex.ItHardware.Dollars / plan.Gpus, 35_000, 50_000);
        }

        [Fact]
        public void Splits_a_cluster_over_sites_when_one_site_cannot_power_it()
        {
            var options = FacilityTestData.H100Options() with { Defaults = FacilityDefaults.BuiltIn with { SiteMaxPower = Watts.FromMegawatts(100) } };

            var plan = ClusterPlanner.Build(100_000, options);

            Assert.Equal(2, plan.Sites);
            Assert.Contains("exceeds one site's 100 MW: split over 2 sites", Assert.Single(plan.Notes), StringComparison.Ordinal);
        }
    }

    public sealed class TheResolveSystemMethod
    {
        [Fact]
        public void Refuses_a_system_that_does_not_hold_the_GPU()
        {
            var problems = new Problems();
            var catalog = ColossimCatalog.BuiltIn;
            var b200 = FacilityTestData.H100 with { Id = "b200" };

            var system = ClusterPlanner.ResolveSystem(catalog, b200, "dgx-h200", FacilityDefaults.BuiltIn, problems, "--system");

            Assert.Null(system);
            Assert.Equal("--system: dgx-h200 holds h200-sxm GPUs, not b200 (systems that hold it: dgx-b200)", Assert.Single(problems).ToString());
        }

        [Fact]
        public void Builds_a_generic_server_with_Epochs_ratios_when_no_system_holds_the_GPU()
        {
            var mi300x = FacilityTestData.H100 with { Id = "mi300x", Tdp = new Watts(750), Price = new Usd(20_000) };

            var problems = new Problems();

            var system = ClusterPlanner.ResolveSystem(ColossimCatalog.BuiltIn, mi300x, null, FacilityDefaults.BuiltIn, problems, "sites[0].system")!;

            Assert.Equal("generic-mi300x", system.Id);
            Assert.Equal("warning: sites[0].system: no catalog system holds mi300x: using a generic 8-GPU server (power 1.8 x TDP, price 1.64 x GPU price, Epoch's ratios)", Assert.Single(problems).ToString());
            Assert.Equal(8 * 750 * 1.8, system.NodePower.Value, 1e-6);
            Assert.Equal(8 * 20_000 * 1.64, system.NodePrice.Dollars, 1e-6);
        }
    }

    public sealed class TheResolveFabricMethod
    {
        [Theory]
        [InlineData("infiniband", 400, "infiniband-ndr")]
        [InlineData("infiniband", 800, "infiniband-xdr")]
        [InlineData("ethernet", 400, "spectrum-x")]
        public void Picks_the_switch_family_matching_the_NICs(string kind, double nicGbps, string expected)
        {
            var system = FacilityTestData.DgxH100 with { NicBandwidth = Bandwidth.FromGigabitsPerSecond(nicGbps) };

            var fabric = ClusterPlanner.ResolveFabric(ColossimCatalog.BuiltIn, system, kind, new Problems());

            Assert.Equal(expected, fabric?.Id);
        }
    }

    public sealed class TheCapitalRecoveryFactorMethod
    {
        [Fact]
        public void Repays_8_percent_capital_over_5_years_in_a_quarter_a_year()
        {
            // r(1+r)^n / ((1+r)^n - 1) at r = 0.08, n = 5: 0.2504565 (any annuity table).
            Assert.Equal(0.2504565, ClusterPlanner.CapitalRecoveryFactor(0.08, 5), 1e-7);
        }

        [Fact]
        public void Is_straight_line_at_a_zero_rate()
        {
            Assert.Equal(1 / 20.0, ClusterPlanner.CapitalRecoveryFactor(0, 20), 1e-15);
        }

        [Fact]
        public void Repays_exactly_the_present_value()
        {
            // Paying CRF x P each year for n years, discounted at r, is worth P.
            const double rate = 0.07;
            const int years = 15;
            var payment = ClusterPlanner.CapitalRecoveryFactor(rate, years);
            var present = Enumerable.Range(1, years).Sum(y => payment / Math.Pow(1 + rate, y));
            Assert.Equal(1, present, 1e-12);
        }
    }
}
