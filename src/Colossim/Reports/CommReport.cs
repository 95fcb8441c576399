using System.Globalization;
using Colossim.Documents;
using Colossim.Network;

namespace Colossim.Reports;

/// <summary>
/// What <c>colossim comm</c> shows: an nccl-tests-like table (size, time, algorithm and bus bandwidth, algorithm,
/// protocol, bottleneck link) and its JSON contract.
/// </summary>
public static class CommReport
{
    /// <summary>
    /// The JSON document, exactly <c>{"op", "gpus", "rows": [{"bytes", "time_us", "algbw_gbps", "busbw_gbps",
    /// "algorithm", "protocol", "bottleneck"}]}</c>: bytes per rank (whole), time in µs (3 decimals), bandwidths in
    /// GB/s (10^9 bytes per second, 3 decimals, nccl-tests' definitions), names in kebab case.
    /// </summary>
    public static Dictionary<string, object> Json(CommResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var rows = result.Rows.Select(r => (object)new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["bytes"] = Math.Round(r.Bytes.Value),
            ["time_us"] = Math.Round(r.Time.TotalMicroseconds, 3),
            ["algbw_gbps"] = Math.Round(r.AlgorithmBandwidth.GigabytesPerSecond, 3),
            ["busbw_gbps"] = Math.Round(r.BusBandwidth.GigabytesPerSecond, 3),
            ["algorithm"] = EnumNames.Of(r.Algorithm),
            ["protocol"] = EnumNames.Of(r.Protocol),
            ["bottleneck"] = EnumNames.Of(r.Bottleneck),
        }).ToList();
        return new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["op"] = EnumNames.Of(result.Collective),
            ["gpus"] = result.Ranks,
            ["rows"] = rows,
        };
    }

    /// <summary>
    /// The text report: a line saying what was timed and where the ranks sit, then one table row per size with the
    /// size (bytes), time (µs), algbw and busbw (GB/s), algorithm, protocol and bottleneck link.
    /// </summary>
    public static IReadOnlyList<ReportBlock> Text(CommResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var g = result.Group;
        var where = g.CrossesScaleOut
            ? string.Create(CultureInfo.InvariantCulture, $"{g.ScaleUpDomains:N0} scale-up domains ({g.RanksPerScaleUpDomain} rank{(g.RanksPerScaleUpDomain == 1 ? "" : "s")} each), {g.Leaves:N0} leaf switch{(g.Leaves == 1 ? "" : "es")}, {g.Pods:N0} pod{(g.Pods == 1 ? "" : "s")}")
            : "one scale-up domain";
        var title = string.Create(CultureInfo.InvariantCulture,
            $"{EnumNames.Of(result.Collective)} on {result.Ranks:N0} × {result.Gpu} ({result.System}, {EnumNames.Of(result.Placement)}: {where}; {result.Generation} constants)");
        var table = new ReportTableBuilder()
            .Column("size (B)", ColumnAlignment.Right)
            .Column("time (µs)", ColumnAlignment.Right)
            .Column("algbw (GB/s)", ColumnAlignment.Right)
            .Column("busbw (GB/s)", ColumnAlignment.Right)
            .Columns("algorithm", "protocol", "bottleneck");
        foreach (var r in result.Rows)
        {
            table.Row(
                Figures.Whole(r.Bytes.Value),
                Figures.Fixed(r.Time.TotalMicroseconds, "0.00"),
                Figures.Fixed(r.AlgorithmBandwidth.GigabytesPerSecond, "0.00"),
                Figures.Fixed(r.BusBandwidth.GigabytesPerSecond, "0.00"),
                EnumNames.Of(r.Algorithm),
                EnumNames.Of(r.Protocol),
                EnumNames.Of(r.Bottleneck));
        }

        return [new ReportText(title, Strong: true), table.Build()];
    }
}
