using System.Globalization;
using Colossim.Facility;

namespace Colossim.Reports;

/// <summary>
/// A power timeline as CSV for pandas and DuckDB: one row per sample, <c>time_s,facility_mw,grid_mw,battery_mw,battery_charge_mwh</c>
/// (time at the start of the sample; each power the mean over the sample; the charge at its end). The last sample of a
/// timeline whose step does not divide its length covers only what is left (<see cref="PowerTimelineResult.LastStep"/>).
/// </summary>
public static class PowerCsv
{
    /// <summary>The header row.</summary>
    public const string Header = "time_s,facility_mw,grid_mw,battery_mw,battery_charge_mwh";

    /// <summary>Writes <paramref name="timeline"/> to <paramref name="writer"/>, header first, lines ending in <c>\n</c>.</summary>
    public static void Write(TextWriter writer, PowerTimelineResult timeline)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(timeline);
        writer.Write(Header);
        writer.Write('\n');
        var facility = timeline.Facility;
        var grid = timeline.Grid;
        var battery = timeline.Battery;
        var charge = timeline.StateOfCharge;
        var dt = timeline.Step.TotalSeconds;
        Span<char> buffer = stackalloc char[160];
        for (var i = 0; i < timeline.Count; i++)
        {
            var ok = buffer.TryWrite(
                CultureInfo.InvariantCulture,
                $"{i * dt:0.###},{facility[i].Megawatts:0.######},{grid[i].Megawatts:0.######},{battery[i].Megawatts:0.######},{charge[i].MegawattHours:0.######}\n",
                out var written);
            if (!ok)
            {
                throw new InvalidOperationException("a CSV row did not fit its buffer");
            }

            writer.Write(buffer[..written]);
        }
    }
}
