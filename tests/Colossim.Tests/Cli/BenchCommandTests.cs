using System.Text.Json;
using Colossim.Cli.Commands;
using Colossim.Simulation;

namespace Colossim.Tests.Cli;

public sealed class BenchCommandTests
{
    public sealed class TheEngineCommand
    {
        [Fact]
        public void Prints_exactly_events_wall_time_rate_allocation_and_build_as_json()
        {
            var result = CliRunner.Run("bench", "engine", "--events", "20000", "--pending", "1000", "--seed", "3", "--format", "json");

            Assert.Equal(0, result.ExitCode);
            using var doc = JsonDocument.Parse(result.Out);
            var root = doc.RootElement;
            Assert.Equal(["events", "wall_s", "events_per_s", "allocated_bytes_per_event", "debug_build"], root.EnumerateObject().Select(p => p.Name));
            Assert.Equal(20_000, root.GetProperty("events").GetInt64());
            Assert.True(root.GetProperty("wall_s").GetDouble() > 0);
            Assert.True(root.GetProperty("events_per_s").GetDouble() > 0);
            // Runtime noise under load (tiered compilation catching up) stays under 1 B per event; one allocation per event
            // would be at least 24 B each.
            Assert.InRange(root.GetProperty("allocated_bytes_per_event").GetDouble(), 0.0, 1.0);
            Assert.Equal(!HoldModel.IsOptimizedBuild, root.GetProperty("debug_build").GetBoolean());
            Assert.Contains("hold model", result.Error, StringComparison.Ordinal);
        }

        [Fact]
        public void Adds_the_priority_queue_rate_and_the_ratio_to_the_json_with_a_baseline()
        {
            var result = CliRunner.Run("bench", "engine", "--events", "20000", "--pending", "1000", "--baseline", "--format", "json");

            Assert.Equal(0, result.ExitCode);
            using var doc = JsonDocument.Parse(result.Out);
            var root = doc.RootElement;
            Assert.Equal(
                ["events", "wall_s", "events_per_s", "allocated_bytes_per_event", "debug_build", "baseline_wall_s", "baseline_events_per_s", "speedup"],
                root.EnumerateObject().Select(p => p.Name));
            var engine = root.GetProperty("events_per_s").GetDouble();
            var peer = root.GetProperty("baseline_events_per_s").GetDouble();
            Assert.True(peer > 0);

            // The ratio is printed to 3 decimals from unrounded rates; the rates to the nearest event/s.
            Assert.Equal(engine / peer, root.GetProperty("speedup").GetDouble(), 0.0006 + (engine / peer * 1e-6));
            Assert.Contains("PriorityQueue<int, long>", result.Error, StringComparison.Ordinal);
        }

        [Fact]
        public void Prints_a_table_as_text_and_accepts_counts_like_20k()
        {
            var result = CliRunner.Run("bench", "engine", "--events", "20k", "--pending", "1k");

            Assert.Equal(0, result.ExitCode);
            Assert.Contains("events per second", result.Out, StringComparison.Ordinal);
            Assert.Contains("20,000", result.Out, StringComparison.Ordinal);
            Assert.DoesNotContain("speedup", result.Out, StringComparison.Ordinal);
        }

        [Fact]
        public void Prints_both_rates_and_the_speedup_as_text_with_a_baseline()
        {
            var result = CliRunner.Run("bench", "engine", "--events", "20k", "--pending", "1k", "--baseline");

            Assert.Equal(0, result.ExitCode);
            Assert.Contains("PriorityQueue<int, long>", result.Out, StringComparison.Ordinal);
            Assert.Contains("speedup (engine ÷ PriorityQueue)", result.Out, StringComparison.Ordinal);
            Assert.Matches(@"speedup \(engine ÷ PriorityQueue\)\s*│\s*\d+\.\d\d×", result.Out);
        }

        [Fact]
        public void Warns_on_stderr_in_a_debug_build_only()
        {
            var result = CliRunner.Run("bench", "engine", "--events", "1000", "--pending", "10");

            Assert.Equal(0, result.ExitCode);
            Assert.Equal(!HoldModel.IsOptimizedBuild, result.Error.Contains(BenchCommand.DebugWarning, StringComparison.Ordinal));
            Assert.DoesNotContain("warning", result.Out, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("--events", "0", "--events: expected a whole number from 1 to")]
        [InlineData("--pending", "1.5", "--pending: expected a whole number from 1 to")]
        [InlineData("--pending", "268435457", "--pending: expected a whole number from 1 to 268,435,456, found '268435457'")]
        [InlineData("--events", "lots", "--events: expected")]
        public void Exits_with_2_for_a_bad_count(string option, string value, string message)
        {
            var result = CliRunner.Run("bench", "engine", option, value);

            Assert.Equal(2, result.ExitCode);
            Assert.Equal("", result.Out);
            Assert.Contains(message, result.Error, StringComparison.Ordinal);
        }

        [SkippableFact]
        public void Exits_with_2_and_starts_nothing_when_the_documented_maximum_does_not_fit_in_memory()
        {
            var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
            var needed = (double)HoldModel.MaxPending * HoldModel.EngineBytesPerPendingEvent / HoldModelMemory.Share;
            Skip.If(available >= needed, $"this machine has {available:N0} bytes available, enough for the maximum");

            var result = CliRunner.Run("bench", "engine", "--pending", "268435456", "--format", "json");

            Assert.Equal(2, result.ExitCode);
            using var doc = System.Text.Json.JsonDocument.Parse(result.Out);
            Assert.Equal(2, doc.RootElement.GetProperty("exit_code").GetInt32());
            Assert.StartsWith("error: --pending: expected at most ", result.Error, StringComparison.Ordinal);
            Assert.Contains("found 268,435,456, which would need 42.9 GB", result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("hold model", result.Error, StringComparison.Ordinal);
        }

        [Fact]
        public void Exits_with_2_for_a_negative_seed()
        {
            var result = CliRunner.Run("bench", "engine", "--seed", "-1");

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("--seed: expected a whole number between 0 and", result.Error, StringComparison.Ordinal);
        }
    }
}
