using System.Globalization;
using Colossim.Simulation;
using Colossim.Units;

namespace Colossim.Reports;

/// <summary>
/// What <c>colossim bench engine</c> shows: the hold model's throughput as a table (one column per queue with a
/// baseline, and the speedup) and its JSON contract.
/// </summary>
public static class BenchReport
{
    /// <summary>
    /// The JSON document: <c>events</c>, <c>wall_s</c> (6 decimals), <c>events_per_s</c> (whole),
    /// <c>allocated_bytes_per_event</c> (6 decimals) and <c>debug_build</c> in this order; with a
    /// <paramref name="comparison"/>, then <c>baseline_wall_s</c>, <c>baseline_events_per_s</c> and <c>speedup</c>
    /// (engine events/s ÷ baseline events/s, 3 decimals). Indented, without a trailing newline.
    /// </summary>
    /// <param name="result">The engine's run (the comparison's engine side when there is one).</param>
    /// <param name="comparison">The run beside <see cref="PriorityQueue{TElement, TPriority}"/>, or <see langword="null"/>.</param>
    /// <param name="optimized">Whether the build was optimised (<see cref="HoldModel.IsOptimizedBuild"/>).</param>
    public static string ToJson(HoldModelResult result, HoldModelComparison? comparison, bool optimized)
    {
        ArgumentNullException.ThrowIfNull(result);
        var json = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["events"] = result.Events,
            ["wall_s"] = Math.Round(result.WallSeconds, 6),
            ["events_per_s"] = Math.Round(result.EventsPerSecond),
            ["allocated_bytes_per_event"] = Math.Round(result.AllocatedBytesPerEvent, 6),
            ["debug_build"] = !optimized,
        };
        if (comparison is not null)
        {
            json["baseline_wall_s"] = Math.Round(comparison.Baseline.WallSeconds, 6);
            json["baseline_events_per_s"] = Math.Round(comparison.Baseline.EventsPerSecond);
            json["speedup"] = Math.Round(comparison.Speedup, 3);
        }

        return ReportJson.Serialize(json);
    }

    /// <summary>
    /// The text report: one table with a row per figure (events timed, pending, warm-up, wall time, events per second
    /// in millions, bytes allocated per event) and a column per queue; with a <paramref name="comparison"/>, a last
    /// row with the speedup (<c>2.25×</c>).
    /// </summary>
    public static IReadOnlyList<ReportBlock> Blocks(HoldModelResult result, HoldModelComparison? comparison)
    {
        ArgumentNullException.ThrowIfNull(result);
        var table = new ReportTableBuilder().Columns("hold model", comparison is null ? "value" : "engine");
        if (comparison is not null)
        {
            table.Columns("PriorityQueue<int, long>");
        }

        var peer = comparison?.Baseline;
        void Row(string name, Func<HoldModelResult, string> value) =>
            table.Row(peer is null ? [name, value(result)] : [name, value(result), value(peer)]);

        Row("events timed", r => r.Events.ToString("N0", CultureInfo.InvariantCulture));
        Row("events pending", r => r.Pending.ToString("N0", CultureInfo.InvariantCulture));
        Row("warm-up events", r => r.WarmupEvents.ToString("N0", CultureInfo.InvariantCulture));
        Row("wall time", r => Duration.FromSeconds(r.WallSeconds).ToDisplayString());
        Row("events per second", r => (r.EventsPerSecond / 1e6).ToString("0.00", CultureInfo.InvariantCulture) + " M");
        Row("allocated per event", r => r.AllocatedBytesPerEvent.ToString("0.###", CultureInfo.InvariantCulture) + " B");
        if (comparison is not null)
        {
            table.Row("speedup (engine ÷ PriorityQueue)", comparison.Speedup.ToString("0.00", CultureInfo.InvariantCulture) + "×", "");
        }

        return [table.Build()];
    }

    /// <summary>
    /// The line printed on stderr before timing: <c>hold model: warming up, then timing 10,000,000 events with 100,000
    /// pending (seed 42)</c>, naming the peer when it runs beside the engine.
    /// </summary>
    public static string StartLine(long events, long pending, ulong seed, bool baseline) => string.Create(
        CultureInfo.InvariantCulture,
        $"hold model: warming up, then timing {events:N0} events with {pending:N0} pending (seed {seed}){(baseline ? ", engine and PriorityQueue<int, long> in alternating rounds" : "")}");
}
