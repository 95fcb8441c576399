using System.Globalization;
using Colossim.Catalog;
using Colossim.Documents;

namespace Colossim.Performance;

/// <summary>A reason not to trust a measurement file for a GPU, found by <see cref="CalibrationChecks.Find"/>.</summary>
/// <param name="Line">1-based line of the record concerned, when one record is.</param>
/// <param name="Message">What was found and why it cannot be a measurement of the GPU.</param>
public sealed record CalibrationDoubt(int? Line, string Message);

/// <summary>
/// Sanity checks on measurements before they calibrate a GPU: records marked <c>"synthetic": true</c> (the output of
/// <c>gpu_probe.py --dry-run</c>), a device record naming another catalog GPU, and timings faster than the GPU's
/// datasheet allows (a GEMM or prefill attention above its dense peak, a copy or decode attention above its HBM
/// bandwidth, each with a <see cref="Margin"/>).
/// </summary>
public static class CalibrationChecks
{
    /// <summary>How far above a datasheet peak a measurement may be (1.1: 10 %, for boost clocks and rounding) before it is refused.</summary>
    public const double Margin = 1.1;

    /// <summary>
    /// Every doubt about <paramref name="records"/> as measurements of <paramref name="gpu"/>: one per synthetic file,
    /// one for a device mismatch, one per record faster than the datasheet. Empty when the file looks like real
    /// measurements of that GPU. Records whose fields are malformed are left to <see cref="CalibrationSet.FromRecords"/>.
    /// </summary>
    public static IReadOnlyList<CalibrationDoubt> Find(IReadOnlyList<MeasurementRecord> records, GpuSpec gpu, ColossimCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(gpu);
        ArgumentNullException.ThrowIfNull(catalog);
        var doubts = new List<CalibrationDoubt>();
        var synthetic = records.Where(r => r.Fields["synthetic"] is DocScalar { IsNull: false } s && s.Value.Equals("true", StringComparison.OrdinalIgnoreCase)).ToList();
        if (synthetic.Count > 0)
        {
            doubts.Add(new CalibrationDoubt(synthetic[0].Line, $"{Count(synthetic.Count, "record is", "records are")} marked \"synthetic\": true (the output of gpu_probe.py --dry-run), not measurements"));
        }

        if (CalibrationDevices.DeviceRecord(records) is ({ } device, var name))
        {
            var candidates = CalibrationDevices.Candidates(name, catalog);
            if (candidates.Count > 0 && !candidates.Any(g => string.Equals(g.Id, gpu.Id, StringComparison.OrdinalIgnoreCase)))
            {
                doubts.Add(new CalibrationDoubt(device.Line, $"the device record names '{name}' ({string.Join(" or ", candidates.Select(g => g.Id))}), not {gpu.Id}"));
            }
        }

        // One doubt for every timing faster than the datasheet: the fastest relative to its peak, and how many more.
        (int Line, double Ratio, string Message)? worst = null;
        var tooFast = 0;
        foreach (var record in records)
        {
            if (TooFast(record, gpu) is { } found)
            {
                tooFast++;
                worst = worst is { } w && w.Ratio >= found.Ratio ? w : (record.Line, found.Ratio, found.Message);
            }
        }

        if (worst is { } fastest)
        {
            var more = tooFast == 1 ? "" : $" ({Count(tooFast - 1, "more record is", "more records are")} faster than the datasheet allows)";
            doubts.Add(new CalibrationDoubt(fastest.Line, fastest.Message + more));
        }

        return doubts;
    }

    // The implied rate of a kernel record when it exceeds the datasheet (with its ratio to the peak), else null.
    // Unreadable fields are skipped here.
    private static (double Ratio, string Message)? TooFast(MeasurementRecord record, GpuSpec gpu)
    {
        var r = record.Reader(new Problems());
        switch (record.Kind)
        {
            case "gemm":
                {
                    var (m, n, k) = (r.Number("M", min: 1), r.Number("N", min: 1), r.Number("K", min: 1));
                    var dtype = DataTypes.TryParse(r.Text("dtype") ?? "bfloat16", out var d) ? d : DataType.Bf16;
                    dtype = string.Equals(r.Text("tag"), "square_tf32", StringComparison.Ordinal) ? DataType.Tf32 : dtype;
                    return m is { } mm && n is { } nn && k is { } kk && Fastest(r) is { } seconds && gpu.PeakFor(dtype) is { } peak
                        ? Compute(2 * mm * nn * kk / seconds, peak.FlopsPerSecond, $"a {dtype.ToString().ToLowerInvariant()} GEMM")
                        : null;
                }

            case "attn_prefill":
                {
                    // Causal flash attention: QK^T and PV over the lower triangle, 2 x 2 x B x hq x S^2 x hd / 2 FLOPs.
                    var (b, s, hq, hd) = (r.Number("B", min: 1), r.Number("S", min: 1), r.Number("hq", min: 1), r.Number("hd", min: 1));
                    return b is { } bb && s is { } ss && hq is { } q && hd is { } dd && Fastest(r) is { } seconds
                        ? Compute(2 * bb * q * ss * ss * dd / seconds, gpu.DenseBf16.FlopsPerSecond, "a prefill attention")
                        : null;
                }

            case "attn_decode":
                {
                    // Every cached key and value is read once: 2 x B x L x hkv x hd elements of 2 bytes.
                    var (b, l, hkv, hd) = (r.Number("B", min: 1), r.Number("L", min: 1), r.Number("hkv", min: 1), r.Number("hd", min: 1));
                    return b is { } bb && l is { } ll && hkv is { } kv && hd is { } dd && Fastest(r) is { } seconds
                        ? Memory(2 * bb * ll * kv * dd * 2 / seconds, gpu, "a decode attention")
                        : null;
                }

            case "membw":
                return r.Number("gbps", min: 0) is { } gbps ? Memory(gbps * 1e9, gpu, "a memory copy") : null;

            default:
                return null;
        }
    }

    // The shorter of the eager (ms) and CUDA-graph (ms_graph) times, seconds; null when there is none.
    private static double? Fastest(MapReader r)
    {
        var (ms, graph) = (r.Number("ms", min: 0), r.Number("ms_graph", min: 0));
        var fastest = Math.Min(ms ?? double.PositiveInfinity, graph ?? double.PositiveInfinity);
        return fastest is > 0 and < double.PositiveInfinity ? fastest / 1e3 : null;
    }

    private static (double, string)? Compute(double rate, double peak, string what) => rate > peak * Margin
        ? (rate / peak, string.Create(CultureInfo.InvariantCulture, $"{what} at {rate / 1e12:#,0.#} TFLOP/s is {rate / peak:#,0.#}x the GPU's dense peak of {peak / 1e12:#,0.#} TFLOP/s"))
        : null;

    private static (double, string)? Memory(double rate, GpuSpec gpu, string what)
    {
        var peak = gpu.HbmBandwidth.BytesPerSecond;
        return rate > peak * Margin
            ? (rate / peak, string.Create(CultureInfo.InvariantCulture, $"{what} at {rate / 1e9:#,0.#} GB/s is {rate / peak:#,0.#}x the GPU's HBM bandwidth of {peak / 1e9:#,0.#} GB/s"))
            : null;
    }

    private static string Count(int n, string one, string many) => n == 1 ? $"1 {one}" : string.Create(CultureInfo.InvariantCulture, $"{n:#,0} {many}");
}
