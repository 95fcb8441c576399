using Colossim.Simulation;

namespace Colossim.Tests.Simulation;

public sealed class HoldModelTests
{
    public sealed class TheRunMethod
    {
        [Fact]
        public void Times_the_requested_events_and_keeps_the_pending_count_constant()
        {
            var result = HoldModel.Run(events: 200_000, pending: 10_000, seed: 1, minimumWarmup: TimeSpan.Zero);

            Assert.Equal(200_000, result.Events);
            Assert.Equal(10_000, result.Pending);
            Assert.Equal(10_000, result.PendingAtEnd);
            Assert.True(result.WarmupEvents >= 10_000);
            Assert.True(result.WallSeconds > 0);
            Assert.Equal(result.Events / result.WallSeconds, result.EventsPerSecond, result.EventsPerSecond * 1e-9);
        }

        [Fact]
        public void Allocates_nothing_per_event_after_the_warm_up()
        {
            // Allocation is counted, not timed, so this holds on any machine and in Debug builds. Tolerance: under a
            // loaded machine the runtime (tiered JIT promoting the loop mid-run) has been seen to allocate a few hundred
            // bytes on the thread in all; one allocation per event would be at least 24 bytes per event.
            var result = HoldModel.Run(events: 500_000, pending: 20_000, seed: 2, minimumWarmup: TimeSpan.Zero);

            Assert.InRange(result.AllocatedBytesPerEvent, 0.0, 0.01);
        }

        [Theory]
        [InlineData(0, 10)]
        [InlineData(10, 0)]
        public void Throws_for_counts_below_one(long events, int pending)
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => HoldModel.Run(events, pending, seed: 1));
        }
    }
}
