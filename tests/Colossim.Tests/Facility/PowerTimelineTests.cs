using Colossim.Documents;
using Colossim.Facility;
using Colossim.Units;
using CsCheck;

namespace Colossim.Tests.Facility;

public sealed class PowerTimelineTests
{
    private static readonly ClusterPlan Cluster = ClusterPlanner.Build(16_384, FacilityTestData.H100Options());

    private static PowerScenario Training(double stepSeconds, double commFraction, Duration length, Duration sample, BatterySpec? battery = null) => new()
    {
        Plan = Cluster,
        Loads = [new TrainingLoad { Name = "pretrain", Gpus = 16_384, Step = Duration.FromSeconds(stepSeconds), CommunicationFraction = commFraction }],
        Length = length,
        Step = sample,
        Battery = battery,
    };

    public sealed class TheSimulateMethod
    {
        [Fact]
        public void Integrates_to_the_analytic_energy_whatever_the_sampling_step()
        {
            // energy = ∫ power dt: a training job over whole steps draws (1-c)·P_compute + c·P_comm per GPU on average.
            var node = NodePowerModel.For(Cluster.System, Cluster.Gpu, FacilityDefaults.BuiltIn);
            var d = FacilityDefaults.BuiltIn;
            Gen.Select(Gen.Double[1, 20], Gen.Double[0.05, 0.5], Gen.Int[5, 60], Gen.Double[0.1, 7]).Sample((step, comm, steps, sample) =>
            {
                var length = Duration.FromSeconds(step * steps);
                var samples = Math.Ceiling(length.TotalSeconds / sample);
                var sampleStep = Duration.FromSeconds(length.TotalSeconds / samples); // whole samples cover the timeline exactly

                var result = PowerTimeline.Simulate(Training(step, comm, length, sampleStep), new Problems())!;

                var perGpu = ((1 - comm) * node.PerGpu(GpuActivity.Compute).Value) + (comm * node.PerGpu(GpuActivity.Communication).Value);
                var it = (16_384 * perGpu * (1 + d.StorageFraction)) + Cluster.Network.Power.Value;
                var expected = it * Cluster.Power.Pue * sampleStep.TotalSeconds * result.Count;
                Assert.Equal(expected, result.FacilityEnergy.Joules, expected * 1e-6);
            }, iter: 40);
        }

        [Theory]
        [InlineData(BatteryPolicy.Smooth)]
        [InlineData(BatteryPolicy.PeakShave)]
        [InlineData(BatteryPolicy.None)]
        public void Gives_to_the_bit_the_figures_of_a_pass_over_its_series(BatteryPolicy policy)
        {
            // The figures are gathered as the samples are made; they must be those of the finished series.
            var battery = new BatterySpec { Capacity = Energy.FromKilowattHours(2_000), Power = Watts.FromMegawatts(3), Policy = policy, Window = Duration.FromSeconds(120) };
            var t = PowerTimeline.Simulate(Training(6, 0.2, Duration.FromSeconds(900), Duration.FromSeconds(0.7), battery), new Problems())!;

            static double[] Of<T>(ReadOnlySpan<T> series, Func<T, double> value) => [.. series.ToArray().Select(value)];
            var facility = Of(t.Facility, w => w.Value);
            var grid = Of(t.Grid, w => w.Value);
            var charge = Of(t.StateOfCharge, e => e.Joules);
            static long Bits(double x) => BitConverter.DoubleToInt64Bits(x);
            Assert.Equal(Bits(PowerTimelineResult.Integral(facility, t.Step, t.LastStep).Joules), Bits(t.FacilityEnergy.Joules));
            Assert.Equal(Bits(PowerTimelineResult.Integral(grid, t.Step, t.LastStep).Joules), Bits(t.GridEnergy.Joules));
            Assert.Equal(Bits(facility.Max()), Bits(t.PeakFacility.Value));
            Assert.Equal(Bits(facility.Min()), Bits(t.MinFacility.Value));
            Assert.Equal(Bits(grid.Max()), Bits(t.PeakGrid.Value));
            Assert.Equal(Bits(grid.Min()), Bits(t.MinGrid.Value));
            Assert.Equal(Bits(charge.Min()), Bits(t.MinCharge.Joules));
            Assert.Equal(Bits(charge.Max()), Bits(t.MaxCharge.Joules));
            Assert.Equal(PowerSwing.Largest(facility, t.Step), t.FacilitySwing);
            Assert.Equal(PowerSwing.Largest(grid, t.Step), t.GridSwing);
            Assert.Equal(policy != BatteryPolicy.None, t.PeakGrid.Value < t.PeakFacility.Value); // the battery did something
        }

        [Fact]
        public void Swings_by_tens_of_megawatts_between_compute_and_communication()
        {
            var result = PowerTimeline.Simulate(Training(6, 0.2, Duration.FromSeconds(60), Duration.FromSeconds(0.5)), new Problems())!;

            var node = NodePowerModel.For(Cluster.System, Cluster.Gpu, FacilityDefaults.BuiltIn);
            var swing = 16_384 * (node.PerGpu(GpuActivity.Compute) - node.PerGpu(GpuActivity.Communication)).Value * 1.03 * Cluster.Power.Pue;
            Assert.Equal(swing, (result.PeakFacility - result.MinFacility).Value, swing * 1e-9);
            Assert.InRange(swing / 1e6, 5, 10); // 16K GPUs (8.3 MW: a training step's power down to the collectives'); Llama 3 reports tens of MW across its larger fleet
        }

        [Fact]
        public void Follows_the_diurnal_serving_load()
        {
            var scenario = new PowerScenario
            {
                Plan = Cluster,
                Loads = [new ServingLoad { Name = "chat", Gpus = 16_384, PeakUtilization = 0.9, TroughUtilization = 0.3, PeakHour = 14 }],
                Length = Duration.FromHours(24),
                Step = Duration.FromSeconds(900),
            };

            var result = PowerTimeline.Simulate(scenario, new Problems())!;

            var facility = result.Facility.ToArray();
            var peakIndex = Array.IndexOf(facility, facility.Max());
            Assert.InRange(peakIndex * 0.25, 13.5, 14.5); // hours
            Assert.True(result.MinFacility < result.PeakFacility * 0.8);
        }

        [Theory]
        [InlineData(7200)] // one sample, half of it past the end
        [InlineData(7)] // 514 whole steps and a last one of 2 s
        [InlineData(1000)] // 3 whole steps and a last one of 600 s
        public void Weighs_a_last_partial_step_by_the_time_it_covers(double stepSeconds)
        {
            var fine = PowerTimeline.Simulate(Training(6, 0.2, Duration.FromHours(1), Duration.FromSeconds(1)), new Problems())!;

            var coarse = PowerTimeline.Simulate(Training(6, 0.2, Duration.FromHours(1), Duration.FromSeconds(stepSeconds)), new Problems())!;

            Assert.Equal(3600, coarse.Length.TotalSeconds, 1e-6);
            Assert.Equal(3600 - ((coarse.Count - 1) * stepSeconds), coarse.LastStep.TotalSeconds, 1e-6);
            Assert.Equal(fine.FacilityEnergy.Joules, coarse.FacilityEnergy.Joules, fine.FacilityEnergy.Joules * 1e-6);
            Assert.Equal(fine.MeanFacility.Value, coarse.MeanFacility.Value, fine.MeanFacility.Value * 1e-6);
        }

        [Fact]
        public void Gives_typed_series_one_sample_per_step()
        {
            var result = PowerTimeline.Simulate(Training(6, 0.2, Duration.FromSeconds(60), Duration.FromSeconds(1)), new Problems())!;

            Assert.Equal(60, result.Facility.Length);
            Assert.Equal(60, result.Grid.Length);
            Assert.Equal(60, result.StateOfCharge.Length);
            Assert.Equal(result.Facility[0], result.Grid[0]); // no battery: the grid takes the load as it is
            Assert.Equal(Energy.Zero, result.StateOfCharge[59]);
        }

        [Fact]
        public void Refuses_workloads_larger_than_the_cluster()
        {
            var problems = new Problems();
            var scenario = Training(6, 0.2, Duration.FromSeconds(60), Duration.FromSeconds(1)) with
            {
                Loads = [new TrainingLoad { Name = "big", Gpus = 20_000, Step = Duration.FromSeconds(6), CommunicationFraction = 0.2 }],
            };

            Assert.Null(PowerTimeline.Simulate(scenario, problems));
            Assert.Equal("workloads: expected at most the cluster's 16,384 GPUs in the workloads, found 20,000", Assert.Single(problems).ToString());
        }

        [Fact]
        public void Smooths_the_grid_draw_with_a_battery()
        {
            var battery = new BatterySpec { Capacity = Energy.FromKilowattHours(20_000), Power = Watts.FromMegawatts(10), Policy = BatteryPolicy.Smooth };

            var without = PowerTimeline.Simulate(Training(6, 0.2, Duration.FromHours(1), Duration.FromSeconds(0.5)), new Problems())!;
            var with = PowerTimeline.Simulate(Training(6, 0.2, Duration.FromHours(1), Duration.FromSeconds(0.5), battery), new Problems())!;

            Assert.True(with.MaxGridRamp < without.MaxFacilityRamp / 10, $"grid ramp {with.MaxGridRamp / 1e6:F2} MW/s vs load {without.MaxFacilityRamp / 1e6:F2} MW/s");
            Assert.True(with.PeakGrid < without.PeakGrid, "the battery should lower the grid peak");
        }

        [Fact]
        public void Holds_the_grid_under_its_cap_while_the_battery_lasts()
        {
            var peak = PowerTimeline.Simulate(Training(6, 0.2, Duration.FromSeconds(600), Duration.FromSeconds(1)), new Problems())!.PeakFacility;
            var cap = peak * 0.95;
            var battery = new BatterySpec { Capacity = Energy.FromKilowattHours(10_000), Power = Watts.FromMegawatts(10), Policy = BatteryPolicy.PeakShave, GridCap = cap };

            var result = PowerTimeline.Simulate(Training(6, 0.2, Duration.FromSeconds(600), Duration.FromSeconds(1), battery), new Problems())!;

            Assert.True(result.PeakFacility > cap);
            Assert.True(result.PeakGrid <= cap * 1.000001, $"grid peak {result.PeakGrid.ToDisplayString()}");
        }
    }

    public sealed class ThePowerSwing
    {
        [Fact]
        public void Is_the_size_of_a_slow_climb_over_the_time_it_takes_whatever_the_step()
        {
            // 40 MW climbed evenly over 600 s, then flat: 0.0667 MW/s whether sampled every second or every 10 s.
            static double[] Climb(double step) => [.. Enumerable.Range(0, (int)(900 / step)).Select(i => Math.Min(i * step, 600) / 600 * 40e6)];

            var fine = PowerSwing.Largest(Climb(1), Duration.FromSeconds(1));
            var coarse = PowerSwing.Largest(Climb(10), Duration.FromSeconds(10));

            Assert.Equal(40e6, fine.Size.Value, 1e-3);
            Assert.Equal(600, fine.Time.TotalSeconds, 1e-9);
            Assert.Equal(480, fine.RiseTime.TotalSeconds, 1e-6); // 10% to 90%
            Assert.Equal(40e6 / 600, fine.WattsPerSecond, 1e-6);
            Assert.Equal(fine.WattsPerSecond, coarse.WattsPerSecond, 1e-6);
        }

        [Fact]
        public void Ends_a_swing_where_the_series_turns_or_stays_flat()
        {
            // up 5 over 2 steps, flat, down 8 over 1 step: the largest swing is the fall.
            var swing = PowerSwing.Largest([0, 2, 5, 5, -3, -3], Duration.FromSeconds(2));

            Assert.Equal(8, swing.Size.Value, 1e-12);
            Assert.Equal(2, swing.Time.TotalSeconds, 1e-12);
            Assert.Equal(1.6, swing.RiseTime.TotalSeconds, 1e-9); // 10% to 90% of one 2 s step
            Assert.Equal(4, swing.WattsPerSecond, 1e-9);
        }

        [Fact]
        public void Rates_a_jump_followed_by_a_drift_by_the_jump()
        {
            // a 30 MW jump within one 1 s step, then 1 MW more over 4 s: the swing is 31 MW over 5 s, its ramp the jump's.
            var swing = PowerSwing.Largest([0, 30e6, 30.25e6, 30.5e6, 30.75e6, 31e6], Duration.FromSeconds(1));

            Assert.Equal(31e6, swing.Size.Value, 1e-3);
            Assert.Equal(5, swing.Time.TotalSeconds, 1e-12);
            Assert.Equal(0.8 * 31 / 30, swing.RiseTime.TotalSeconds, 1e-6); // both crossings inside the jump
            Assert.Equal(30e6, swing.WattsPerSecond, 1);
        }

        [Fact]
        public void Is_zero_for_a_flat_series()
        {
            var swing = PowerSwing.Largest([3, 3, 3], Duration.FromSeconds(1));

            Assert.Equal(Watts.Zero, swing.Size);
            Assert.Equal(0, swing.WattsPerSecond);
        }
    }

    public sealed class TheDispatchMethod
    {
        [Fact]
        public void Gives_a_grid_series_of_its_own_without_a_battery()
        {
            double[] load = [1e6, 2e6, 3e6];

            var (grid, _, _) = PowerTimeline.Dispatch(load, 1, null);

            Assert.NotSame(load, grid);
            Assert.Equal(load, grid);
        }

        [Fact]
        public void Conserves_energy_through_the_battery()
        {
            // grid + battery output = load in every step; the charge changes by what went in (times efficiency) less what came out (over efficiency).
            var policies = new[] { BatteryPolicy.Smooth, BatteryPolicy.PeakShave, BatteryPolicy.None };
            Gen.Select(Gen.Double[1e6, 5e7].Array[10, 400], Gen.Double[0.5, 60], Gen.Int[0, 2], Gen.Double[0.5, 1]).Sample((load, dt, policy, efficiency) =>
            {
                var battery = new BatterySpec
                {
                    Capacity = Energy.FromKilowattHours(5_000),
                    Power = Watts.FromMegawatts(8),
                    Policy = policies[policy],
                    RoundTripEfficiency = efficiency,
                    Window = Duration.FromSeconds(300),
                };

                var (grid, output, soc) = PowerTimeline.Dispatch(load, dt, battery);

                var oneWay = Math.Sqrt(efficiency);
                var charge = battery.Capacity.Joules * battery.InitialCharge;
                for (var i = 0; i < load.Length; i++)
                {
                    Assert.Equal(load[i], grid[i] + output[i], load[i] * 1e-12);
                    Assert.True(Math.Abs(output[i]) <= battery.Power.Value * (1 + 1e-12));
                    charge += output[i] >= 0 ? -output[i] * dt / oneWay : -output[i] * dt * oneWay;
                    Assert.Equal(charge, soc[i], battery.Capacity.Joules * 1e-9);
                    Assert.InRange(soc[i], 0, battery.Capacity.Joules);
                }
            }, iter: 60);
        }
    }
}
