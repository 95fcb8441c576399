using Colossim.Simulation;

namespace Colossim.Tests.Simulation;

public sealed class HoldModelMemoryTests
{
    public sealed class TheRefusalMethod
    {
        [Fact]
        public void Refuses_more_pending_events_than_fit_in_three_quarters_of_the_available_memory()
        {
            var refusal = HoldModelMemory.Refusal(pending: 268_435_456, baseline: false, availableBytes: 23_000_000_000);

            Assert.Equal(
                "expected at most 107,812,500 pending events (3/4 of the 23 GB of memory available, at 160 B per pending event), found 268,435,456, which would need 42.9 GB",
                refusal);
        }

        [Fact]
        public void Counts_the_priority_queue_too_with_a_baseline()
        {
            var refusal = HoldModelMemory.Refusal(pending: 100_000_000, baseline: true, availableBytes: 23_000_000_000);

            Assert.Contains("at 176 B per pending event for the engine and the baseline", refusal, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(107_812_500L, false)]
        [InlineData(98_011_363L, true)]
        public void Accepts_exactly_as_many_as_fit(long pending, bool baseline)
        {
            Assert.Null(HoldModelMemory.Refusal(pending, baseline, availableBytes: 23_000_000_000));
            Assert.NotNull(HoldModelMemory.Refusal(pending + 1, baseline, availableBytes: 23_000_000_000));
        }
    }

    public sealed class TheMaxPendingMethod
    {
        [Fact]
        public void Divides_three_quarters_of_the_memory_by_the_bytes_per_pending_event()
        {
            Assert.Equal(107_812_500L, HoldModelMemory.MaxPending(23_000_000_000, baseline: false));
            Assert.Equal(98_011_363L, HoldModelMemory.MaxPending(23_000_000_000, baseline: true));
        }

        [Fact]
        public void Throws_for_negative_memory() =>
            Assert.Throws<ArgumentOutOfRangeException>(() => HoldModelMemory.MaxPending(-1, baseline: false));
    }
}
