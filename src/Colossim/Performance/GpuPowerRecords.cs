using Colossim.Catalog;
using Colossim.Documents;

namespace Colossim.Performance;

/// <summary>
/// One <c>power_phase</c> record: the mean board power while one kind of work ran back to back, as the probes measure
/// it (<c>nvidia-smi</c> samples every 100 ms, averaged over the phase after its first samples).
/// </summary>
/// <param name="Phase">The phase's name (<c>idle</c>, <c>gemm-8192-bf16</c>, <c>hbm-copy-4GiB</c>, <c>gemv-70b-tp8-m8</c>, ...).</param>
/// <param name="Seconds">How long the work ran, seconds (0.1 to 3600).</param>
/// <param name="MsPerCall">Milliseconds per call of the phase's work function (0 for idle).</param>
/// <param name="WattsMean">Mean of the power samples, watts (0 to 10,000).</param>
/// <param name="FlopsPerCall">Floating-point operations of one call (0 for memory-bound work and idle).</param>
/// <param name="BytesPerCall">HBM bytes read and written by one call.</param>
/// <param name="Dtype">Data type of the tensor-core work.</param>
/// <param name="HasActivity">
/// Whether the record says what the GPU did (the <c>flops_per_call</c> and <c>bytes_per_call</c> fields, or one of the
/// reference probe's phases whose work is known); records without it (whole steps) are kept for checks, not fitted.
/// </param>
public sealed record PowerPhaseSample(string Phase, double Seconds, double MsPerCall, double WattsMean, double FlopsPerCall, double BytesPerCall, DataType Dtype, bool HasActivity)
{
    /// <summary>Whether the phase is the GPU at rest (<c>idle</c>).</summary>
    public bool IsIdle => string.Equals(Phase, "idle", StringComparison.Ordinal);

    /// <summary>Whether the phase is tiny kernels that keep the clocks up without work (<c>idle-clocked</c>).</summary>
    public bool IsClockedIdle => string.Equals(Phase, "idle-clocked", StringComparison.Ordinal);
}

/// <summary>Reads <c>power_phase</c> records (the probes' power measurements) into <see cref="PowerPhaseSample"/>s.</summary>
public static class PowerPhaseRecords
{
    /// <summary>Highest board power a record may give, watts (no accelerator board draws 10 kW).</summary>
    public const double MaxWatts = 10_000;

    // The phases of the reference probe (shared/calibration/probe-method.py), whose records do not say what they did:
    // ten 8192^3 bf16 GEMMs per call (inputs read and output written once), ten copies of a 4 GiB tensor per call.
    private const double Gemm8192Flops = 10 * 2.0 * 8192 * 8192 * 8192;
    private const double Gemm8192Bytes = 10 * 3.0 * 8192 * 8192 * 2;
    private const double Copy4GiBBytes = 10 * 2.0 * 4 * 1024 * 1024 * 1024;

    /// <summary>
    /// Reads one <c>power_phase</c> record; problems (attributed by the caller to the record's line) name the field.
    /// Required: <c>phase</c>, <c>seconds</c>, <c>watts_mean</c>; an active phase needs <c>ms_per_call</c> above 0.
    /// Optional: <c>flops_per_call</c>, <c>bytes_per_call</c> (both or neither) and <c>dtype</c>.
    /// </summary>
    public static PowerPhaseSample? Read(MapReader r, Problems problems)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(problems);
        var phase = r.Text("phase", required: true);
        var seconds = r.Number("seconds", required: true, min: 0.1, max: 3600, expected: "a duration in seconds");
        var watts = r.Number("watts_mean", required: true, min: 0, max: MaxWatts, expected: "a mean power in watts");
        var ms = r.Number("ms_per_call", min: 0, max: CalibrationSet.MaxKernelMilliseconds * 1000);
        var flops = r.Number("flops_per_call", min: 0, max: 1e30);
        var bytes = r.Number("bytes_per_call", min: 0, max: 1e30);
        var dtype = DataType.Bf16;
        if (r.Text("dtype") is { } dtypeText)
        {
            _ = MeasurementFields.TryParseDtype(dtypeText, problems, out dtype);
        }

        if ((flops is null) != (bytes is null))
        {
            problems.Error(flops is null ? "flops_per_call" : "bytes_per_call", "expected flops_per_call and bytes_per_call together (what one call of the phase does), found only one");
        }

        if (phase is null || seconds is null || watts is null || problems.HasErrors)
        {
            return null;
        }

        var (knownFlops, knownBytes, known) = phase switch
        {
            "idle" => (0.0, 0.0, true),
            "gemm-8192-bf16" => (Gemm8192Flops, Gemm8192Bytes, true),
            "hbm-copy-4GiB" => (0.0, Copy4GiBBytes, true),
            _ => (0.0, 0.0, false),
        };
        var hasActivity = flops is not null || known;
        var (f, b) = flops is not null ? (flops.Value, bytes ?? 0) : (knownFlops, knownBytes);
        var perCall = ms ?? 0;
        if (hasActivity && (f > 0 || b > 0) && !(perCall > 0))
        {
            problems.Error("ms_per_call", $"expected the milliseconds of one call of phase '{phase}' (above 0: the work's rate sets its power), found {(ms is null ? "none" : perCall.ToString(System.Globalization.CultureInfo.InvariantCulture))}");
            return null;
        }

        return new PowerPhaseSample(phase, seconds.Value, perCall, watts.Value, f, b, dtype, hasActivity);
    }
}
