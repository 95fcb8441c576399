using System.Text.Json;

namespace Colossim.Tests.Cli;

public sealed class BenchCommandTests
{
    public sealed class TheEngineCommand
    {
        [Fact]
        public void Prints_exactly_events_wall_time_rate_and_allocation_as_json()
        {
            var result = CliRunner.Run("bench", "engine", "--events", "20000", "--pending", "1000", "--seed", "3", "--format", "json");

            Assert.Equal(0, result.ExitCode);
            using var doc = JsonDocument.Parse(result.Out);
            var root = doc.RootElement;
            Assert.Equal(["events", "wall_s", "events_per_s", "allocated_bytes_per_event"], root.EnumerateObject().Select(p => p.Name));
            Assert.Equal(20_000, root.GetProperty("events").GetInt64());
            Assert.True(root.GetProperty("wall_s").GetDouble() > 0);
            Assert.True(root.GetProperty("events_per_s").GetDouble() > 0);
            // Under 2 KB over 20,000 events (runtime noise under load); one allocation per event would be at least 24 B each.
            Assert.InRange(root.GetProperty("allocated_bytes_per_event").GetDouble(), 0.0, 0.1);
            Assert.Contains("hold model", result.Error, StringComparison.Ordinal);
        }

        [Fact]
        public void Prints_a_table_as_text_and_accepts_counts_like_20k()
        {
            var result = CliRunner.Run("bench", "engine", "--events", "20k", "--pending", "1k");

            Assert.Equal(0, result.ExitCode);
            Assert.Contains("events per second", result.Out, StringComparison.Ordinal);
            Assert.Contains("20,000", result.Out, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("--events", "0", "--events: expected a whole number from 1 to")]
        [InlineData("--pending", "1.5", "--pending: expected a whole number from 1 to")]
        [InlineData("--events", "lots", "--events: expected")]
        public void Exits_with_2_for_a_bad_count(string option, string value, string message)
        {
            var result = CliRunner.Run("bench", "engine", option, value);

            Assert.Equal(2, result.ExitCode);
            Assert.Equal("", result.Out);
            Assert.Contains(message, result.Error, StringComparison.Ordinal);
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
