using System.Globalization;
using Colossim.Documents;
using Colossim.Units;

namespace Colossim.Cluster.Traces;

/// <summary>One day of a quota table: the GPUs each tenant (virtual cluster) was given, in the table's tenant order.</summary>
/// <param name="Date">The day, as the table writes it (<c>2020-04-01</c>).</param>
/// <param name="Start">The day's start, from the table's first day.</param>
/// <param name="Gpus">GPUs of each tenant that day, in <see cref="QuotaTable.Tenants"/> order.</param>
/// <param name="Total">GPUs of the cluster that day (the sum of <paramref name="Gpus"/>).</param>
public sealed record QuotaDay(string Date, Duration Start, IReadOnlyList<int> Gpus, int Total);

/// <summary>
/// Per-day GPU quotas of a cluster's tenants: how a real operator re-allocated capacity between virtual clusters over
/// time (Helios' <c>cluster_gpu_number.csv</c>). <see cref="SharesOn"/> gives a day's quotas as tenant shares.
/// </summary>
/// <param name="Tenants">The tenants (virtual clusters), in the table's column order.</param>
/// <param name="Days">The days, in date order, at least one.</param>
public sealed record QuotaTable(IReadOnlyList<string> Tenants, IReadOnlyList<QuotaDay> Days)
{
    /// <summary>
    /// The tenants' shares on day <paramref name="day"/> (0-based): each tenant's GPUs over the day's total (all zero
    /// for a day without GPUs).
    /// </summary>
    public IReadOnlyList<TenantSpec> SharesOn(int day)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(day);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(day, Days.Count);
        var d = Days[day];
        return [.. Tenants.Select((t, i) => new TenantSpec { Name = t, Share = d.Total == 0 ? 0 : d.Gpus[i] / (double)d.Total })];
    }
}

/// <summary>
/// Reads a Helios VC quota table (<c>HeliosData/data/&lt;cluster&gt;/cluster_gpu_number.csv</c>: <c>date, vc… ,
/// total</c>, one row a day; schema in HeliosData's README) into a <see cref="QuotaTable"/>. Each row's <c>total</c>
/// must be the sum of its tenants' GPUs and days must increase.
/// </summary>
public static class HeliosQuota
{
    /// <summary>The largest quota table read: 16 MiB.</summary>
    public const long MaxBytes = 16L << 20;

    /// <summary>Reads the table at <paramref name="path"/>; <see langword="null"/> when it cannot be used.</summary>
    public static QuotaTable? Read(string path, Problems problems)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(problems);
        if (TraceInput.Read(path, problems, MaxBytes) is not { } bytes)
        {
            return null;
        }

        var rows = new RowProblems(problems, path);
        string[]? header = null;
        var days = new List<QuotaDay>();
        double? first = null, previous = null;
        foreach (var (line, text) in TraceInput.Lines(bytes))
        {
            var fields = TraceInput.Split(text);
            if (header is null)
            {
                if (fields.Length < 3 || fields[0].Trim() != "date" || fields[^1].Trim() != "total")
                {
                    rows.FileError("expected a Helios cluster_gpu_number.csv header: date, then one column per virtual cluster, then total", line);
                    return null;
                }

                header = [.. fields.Select(f => f.Trim())];
                continue;
            }

            if (fields.Length != header.Length)
            {
                rows.Error(line, "", $"expected {header.Length} fields as in the header, found {fields.Length}");
                continue;
            }

            var date = fields[0].Trim();
            var seconds = rows.Timestamp(line, "date", date);
            var gpus = new int[header.Length - 2];
            var ok = seconds is not null;
            long sum = 0;
            for (var i = 0; i < gpus.Length; i++)
            {
                if (rows.Whole(line, header[i + 1], fields[i + 1], 0, JobTraces.MaxGpusPerJob) is { } g)
                {
                    gpus[i] = (int)g;
                    sum += g;
                }
                else
                {
                    ok = false;
                }
            }

            var total = rows.Whole(line, "total", fields[^1], 0, (long)JobTraces.MaxGpusPerJob * gpus.Length);
            ok &= total is not null;
            if (ok && total != sum)
            {
                rows.Error(line, "total", $"expected the sum of the virtual clusters' GPUs ({sum.ToString("N0", CultureInfo.InvariantCulture)}), found {TraceInput.Show(fields[^1].Trim())}");
                ok = false;
            }

            if (ok && seconds <= previous)
            {
                rows.Error(line, "date", $"expected a day after the previous row's, found {TraceInput.Show(date)}");
                ok = false;
            }

            if (!ok)
            {
                continue;
            }

            first ??= seconds;
            previous = seconds;
            days.Add(new QuotaDay(date, Duration.FromSeconds(seconds!.Value - first!.Value), gpus, (int)total!.Value));
        }

        if (header is null)
        {
            rows.FileError("the file is empty; expected a Helios cluster_gpu_number.csv with a header row");
            return null;
        }

        if (days.Count == 0 && rows.Errors == 0)
        {
            rows.FileError("expected at least one day after the header, found none");
            return null;
        }

        rows.Finish();
        return rows.Errors > 0 ? null : new QuotaTable(header[1..^1], days);
    }
}
