using System.Text.Json;
using Colossim.Reports;
using Colossim.Simulation;

namespace Colossim.Tests.Reports;

public sealed class BenchReportTests
{
    private static HoldModelResult Result(double wallSeconds, double eventsPerSecond) => new()
    {
        Events = 10_000_000,
        Pending = 100_000,
        WarmupEvents = 2_500_000,
        WallSeconds = wallSeconds,
        EventsPerSecond = eventsPerSecond,
        AllocatedBytesPerEvent = 0.0001234,
        PendingAtEnd = 100_000,
    };

    private static HoldModelComparison Comparison => new()
    {
        Engine = Result(0.5, 20_000_000.4),
        Baseline = Result(1.25, 8_000_000.6),
        Speedup = 2.49999,
    };

    public sealed class TheToJsonMethod
    {
        [Fact]
        public void Writes_five_keys_rounded_without_a_baseline()
        {
            using var doc = JsonDocument.Parse(BenchReport.ToJson(Result(1.23456789, 8_100_000.7), null, optimized: true));
            var root = doc.RootElement;

            Assert.Equal(["events", "wall_s", "events_per_s", "allocated_bytes_per_event", "debug_build"], root.EnumerateObject().Select(p => p.Name));
            Assert.Equal(10_000_000, root.GetProperty("events").GetInt64());
            Assert.Equal(1.234568, root.GetProperty("wall_s").GetDouble(), 0.0);
            Assert.Equal(8_100_001, root.GetProperty("events_per_s").GetDouble(), 0.0);
            Assert.Equal(0.000123, root.GetProperty("allocated_bytes_per_event").GetDouble(), 0.0);
            Assert.False(root.GetProperty("debug_build").GetBoolean());
        }

        [Fact]
        public void Adds_the_baseline_and_the_speedup_to_three_decimals()
        {
            var comparison = Comparison;
            using var doc = JsonDocument.Parse(BenchReport.ToJson(comparison.Engine, comparison, optimized: false));
            var root = doc.RootElement;

            Assert.Equal(
                ["events", "wall_s", "events_per_s", "allocated_bytes_per_event", "debug_build", "baseline_wall_s", "baseline_events_per_s", "speedup"],
                root.EnumerateObject().Select(p => p.Name));
            Assert.Equal(1.25, root.GetProperty("baseline_wall_s").GetDouble(), 0.0);
            Assert.Equal(8_000_001, root.GetProperty("baseline_events_per_s").GetDouble(), 0.0);
            Assert.Equal(2.5, root.GetProperty("speedup").GetDouble(), 0.0);
            Assert.True(root.GetProperty("debug_build").GetBoolean());
        }
    }

    public sealed class TheBlocksMethod
    {
        [Fact]
        public void Writes_one_value_column_without_a_baseline()
        {
            var table = Assert.IsType<ReportTable>(Assert.Single(BenchReport.Blocks(Result(0.5, 20_000_000), null)));

            Assert.Equal(["hold model", "value"], table.Columns.Select(c => c.Header));
            Assert.Equal(["events timed", "events pending", "warm-up events", "wall time", "events per second", "allocated per event"], table.Rows.Select(r => r[0]));
            Assert.Equal(["events timed", "10,000,000"], table.Rows[0]);
            Assert.Equal(["events per second", "20.00 M"], table.Rows[4]);
            Assert.Equal(["allocated per event", "0 B"], table.Rows[5]);
        }

        [Fact]
        public void Writes_a_column_per_queue_and_the_speedup_with_a_baseline()
        {
            var comparison = Comparison;

            var table = Assert.IsType<ReportTable>(Assert.Single(BenchReport.Blocks(comparison.Engine, comparison)));

            Assert.Equal(["hold model", "engine", "PriorityQueue<int, long>"], table.Columns.Select(c => c.Header));
            Assert.Equal(["events per second", "20.00 M", "8.00 M"], table.Rows[4]);
            Assert.Equal(["speedup (engine ÷ PriorityQueue)", "2.50×", ""], table.Rows[^1]);
        }
    }

    public sealed class TheStartLineMethod
    {
        [Fact]
        public void Names_the_counts_the_seed_and_the_peer()
        {
            Assert.Equal("hold model: warming up, then timing 10,000,000 events with 100,000 pending (seed 42)", BenchReport.StartLine(10_000_000, 100_000, 42, baseline: false));
            Assert.EndsWith("(seed 7), engine and PriorityQueue<int, long> in alternating rounds", BenchReport.StartLine(1, 1, 7, baseline: true), StringComparison.Ordinal);
        }
    }
}
