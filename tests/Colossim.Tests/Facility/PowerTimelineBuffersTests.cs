using Colossim.Documents;
using Colossim.Facility;
using Colossim.Units;

namespace Colossim.Tests.Facility;

public sealed class PowerTimelineBuffersTests
{
    private static readonly ClusterPlan Cluster = ClusterPlanner.Build(4_096, FacilityTestData.H100Options());

    private static PowerScenario Scenario(int gpus, BatterySpec? battery) => new()
    {
        Plan = Cluster,
        Loads = [new TrainingLoad { Name = "pretrain", Gpus = gpus, Step = Duration.FromSeconds(7), CommunicationFraction = 0.3 }],
        Length = Duration.FromSeconds(600),
        Step = Duration.FromSeconds(1),
        Battery = battery,
    };

    private static readonly BatterySpec Smoothing = new() { Capacity = Energy.FromKilowattHours(5_000), Power = new Watts(5e6), Policy = BatteryPolicy.Smooth };

    private static double[] Series(ReadOnlySpan<Watts> values) => [.. values.ToArray().Select(w => w.Value)];

    public sealed class TheSimulateMethod
    {
        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void Gives_the_same_samples_in_reused_buffers_as_in_fresh_arrays(bool battery)
        {
            var buffers = new PowerTimelineBuffers();
            var spec = battery ? Smoothing : null;

            // A first run leaves its samples in the buffers; the second, of another load, must not see them.
            _ = PowerTimeline.Simulate(Scenario(4_096, Smoothing), new Problems(), buffers)!;
            buffers.Release();
            var reused = PowerTimeline.Simulate(Scenario(2_048, spec), new Problems(), buffers)!;
            var fresh = PowerTimeline.Simulate(Scenario(2_048, spec), new Problems())!;

            Assert.Equal(Series(fresh.Facility), Series(reused.Facility));
            Assert.Equal(Series(fresh.Grid), Series(reused.Grid));
            Assert.Equal(Series(fresh.Battery), Series(reused.Battery)); // without a battery: all zero, not the first run's
            Assert.Equal(fresh.StateOfCharge.ToArray(), reused.StateOfCharge.ToArray());
            Assert.Equal(fresh.GridEnergy.Joules, reused.GridEnergy.Joules, 0.0);
            Assert.Equal(fresh.PeakGrid.Value, reused.PeakGrid.Value, 0.0);
        }

        [Fact]
        public void Reuses_the_same_four_arrays_run_after_run()
        {
            var buffers = new PowerTimelineBuffers();
            for (var run = 0; run < 5; run++)
            {
                _ = PowerTimeline.Simulate(Scenario(1_024 * ((run % 4) + 1), Smoothing), new Problems(), buffers);
                Assert.Equal(4, buffers.InUse);
                buffers.Release();
            }

            Assert.Equal(4, buffers.Count);
            Assert.Equal(0, buffers.InUse);
        }

        [Fact]
        public void Gives_each_timeline_of_one_run_arrays_of_its_own()
        {
            var buffers = new PowerTimelineBuffers();

            var a = PowerTimeline.Simulate(Scenario(4_096, null), new Problems(), buffers)!;
            var b = PowerTimeline.Simulate(Scenario(1_024, null), new Problems(), buffers)!;

            Assert.Equal(6, buffers.InUse); // facility, battery and charge each: without a battery the grid is the facility's series
            Assert.True(a.PeakFacility.Value > b.PeakFacility.Value * 1.5, $"{a.PeakFacility} against {b.PeakFacility}");
            Assert.Equal(Series(PowerTimeline.Simulate(Scenario(4_096, null), new Problems())!.Facility), Series(a.Facility));
        }

        [Fact]
        public void Lends_no_array_for_the_grid_without_a_battery()
        {
            var buffers = new PowerTimelineBuffers();

            var timeline = PowerTimeline.Simulate(Scenario(2_048, null), new Problems(), buffers)!;

            Assert.Equal(3, buffers.InUse);
            Assert.Equal(Series(timeline.Facility), Series(timeline.Grid));
            Assert.Equal(timeline.FacilityEnergy, timeline.GridEnergy);
        }

        [Fact]
        public void Refuses_a_swing_not_asked_for_before_the_buffers_are_released()
        {
            var buffers = new PowerTimelineBuffers();
            var asked = PowerTimeline.Simulate(Scenario(4_096, Smoothing), new Problems(), buffers)!;
            var swing = asked.FacilitySwing;
            var notAsked = PowerTimeline.Simulate(Scenario(4_096, Smoothing), new Problems(), buffers)!;

            buffers.Release();

            Assert.True(swing.Size.Value > 0, $"{swing}");
            Assert.Throws<InvalidOperationException>(() => asked.FacilitySwing);
            Assert.Throws<InvalidOperationException>(() => notAsked.GridSwing);
        }

        [Fact]
        public void Makes_a_timeline_unreadable_once_its_buffers_are_released()
        {
            var buffers = new PowerTimelineBuffers();
            var timeline = PowerTimeline.Simulate(Scenario(4_096, Smoothing), new Problems(), buffers)!;
            var energy = timeline.FacilityEnergy;

            buffers.Release();

            var error = Assert.Throws<InvalidOperationException>(() => timeline.PeakFacility);
            Assert.Contains("buffers were released", error.Message, StringComparison.Ordinal);
            Assert.Throws<InvalidOperationException>(() => timeline.Grid.Length);
            Assert.Equal(energy, timeline.FacilityEnergy); // figures computed when it was simulated stay
        }

        [Fact]
        public void Keeps_a_bounded_number_of_free_arrays_when_lengths_change()
        {
            var buffers = new PowerTimelineBuffers();
            for (var seconds = 100; seconds < 140; seconds++)
            {
                _ = PowerTimeline.Simulate(Scenario(1_024, null) with { Length = Duration.FromSeconds(seconds) }, new Problems(), buffers);
                buffers.Release();
            }

            Assert.InRange(buffers.Count, 4, 20);
        }
    }
}
