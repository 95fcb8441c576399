using System.Globalization;
using Colossim.Catalog;
using Colossim.Units;

namespace Colossim.Performance;

/// <summary>The power one kernel draws, run back to back.</summary>
/// <param name="Power">Mean board power, at most the GPU's power limit.</param>
/// <param name="ClockRatio">The SM clock as a share of its boost clock that the power limit allows (1 when the kernel fits under the limit; 0-1).</param>
/// <param name="Time">The kernel's time at that clock: its predicted time divided by <paramref name="ClockRatio"/>.</param>
public readonly record struct KernelPower(Watts Power, double ClockRatio, Duration Time)
{
    /// <summary>Energy of one run at that clock: <see cref="Power"/> × <see cref="Time"/>.</summary>
    public Energy Energy => Power * Time;

    /// <summary>Whether the power limit holds the kernel below its boost clock.</summary>
    public bool Capped => ClockRatio < 1;
}

/// <summary>
/// Mean board power of a GPU from what its kernels do (issue 9): a kernel that achieves a share <c>u_c</c> of the GPU's
/// peak rate for its data type and a share <c>u_m</c> of its peak HBM bandwidth draws
/// <c>P = floor + compute × u_c + memory × u_m</c> watts, where <c>floor</c> is the board with its clocks up and no work
/// (the state between kernels), and <c>compute</c> and <c>memory</c> are the watts of a full share of each (energy per
/// operation and per byte held constant). A GPU at rest for seconds parks its clocks and draws <see cref="Idle"/>.
/// <para>
/// The power limit: a kernel whose <c>P</c> exceeds <see cref="Limit"/> cannot hold its clock. Its SM clock falls to a
/// share <c>r</c> of the boost clock with <c>floor + memory × u_m × r + compute × u_c × r^(1+β) = limit</c> (its rates
/// fall with the clock; energy per operation falls as <c>r^β</c>, with β = 2 for voltage that follows frequency), so it
/// takes <c>t / r</c> and draws the limit. HBM energy per byte does not depend on the SM clock.
/// </para>
/// <para>
/// Calibration: only kernel-level <c>power_phase</c> records (never end-to-end steps). The idle record gives
/// <see cref="Idle"/>; an <c>idle-clocked</c> record (tiny kernels that keep the clocks up) gives <see cref="Floor"/>,
/// else it is the idle power times <see cref="ClockedIdleOverIdle"/> (the H200's 121 W with clocks up after load over
/// its 80.5 W parked idle, <c>shared/calibration/h200/power-under-gemm-load.csv</c>); the active records' steady power
/// (their mean read back through the sensor's one-second average, <see cref="ProbeMean"/>) fit <see cref="Compute"/>
/// and <see cref="Memory"/> by least squares on their achieved shares. A GPU without records takes the calibrated
/// GPU's figures scaled by the ratio of the two TDPs (its idle from its catalog entry when given), and says so in
/// <see cref="Source"/>.
/// </para>
/// </summary>
public sealed class GpuPowerModel
{
    /// <summary>Exponent β of energy per operation against SM clock under the power limit (voltage follows frequency: <c>f V^2</c>).</summary>
    public const double ClockEnergyExponent = 2;

    /// <summary>
    /// Board power with clocks up and no work over parked idle, when no <c>idle-clocked</c> record says otherwise: the
    /// H200's 121.3 W (five samples at 1980 MHz, 0% utilisation, after load) over its 80.5 W parked idle (345 MHz).
    /// </summary>
    public const double ClockedIdleOverIdle = 121.3 / 80.465;

    /// <summary>
    /// The averaging window of <c>nvidia-smi</c>'s <c>power.draw</c> on Hopper, seconds: the calibration CSVs ramp from
    /// the previous level to the new one over 1.0 s (ten 100 ms samples) when work starts or stops.
    /// </summary>
    public const double SensorWindowSeconds = 1.0;

    // Idle over TDP when a GPU has neither records nor a catalog idle power (the H200's 80.5 W / 700 W).
    private const double IdleOverTdp = 0.115;

    private GpuPowerModel(GpuSpec gpu, Watts idle, Watts floor, Watts compute, Watts memory, string source, bool calibrated)
    {
        Gpu = gpu;
        Idle = idle;
        Floor = floor;
        Compute = compute;
        Memory = memory;
        Limit = gpu.Tdp;
        Source = source;
        Calibrated = calibrated;
        PeakBandwidth = gpu.HbmBandwidth.BytesPerSecond;
        PeakBf16 = gpu.PeakFor(DataType.Bf16)?.FlopsPerSecond ?? 0;
    }

    /// <summary>The GPU modelled.</summary>
    public GpuSpec Gpu { get; }

    /// <summary>Board power at rest, clocks parked (the <c>idle</c> record; 80.5 W on the H200).</summary>
    public Watts Idle { get; }

    /// <summary>Board power with clocks up and no work: the gaps between kernels, host dispatch waits (≥ <see cref="Idle"/>).</summary>
    public Watts Floor { get; }

    /// <summary>Watts above the floor at a full share of the data type's peak rate (fitted; ≥ 0).</summary>
    public Watts Compute { get; }

    /// <summary>Watts above the floor at a full share of the catalog's peak HBM bandwidth (fitted; ≥ 0).</summary>
    public Watts Memory { get; }

    /// <summary>The power limit (the catalog's TDP).</summary>
    public Watts Limit { get; }

    /// <summary>Where the figures come from, in words, for reports.</summary>
    public string Source { get; }

    /// <summary>Whether the figures were fitted to this GPU's own records (false: scaled from another GPU's).</summary>
    public bool Calibrated { get; }

    /// <summary>
    /// Power while collectives run: HBM streamed at the scale-up link's rate (both directions), the SMs mostly waiting.
    /// Modelled, not calibrated: no collective's power has been measured.
    /// </summary>
    public Watts Communication => Clamp(Floor.Value + (Memory.Value * Math.Min(1, Gpu.ScaleUpBandwidth.BytesPerSecond / PeakBandwidth)));

    private double PeakBandwidth { get; }

    private double PeakBf16 { get; }

    /// <summary>
    /// The model of <paramref name="kernels"/>' GPU: fitted to the <c>power_phase</c> records of its calibration set
    /// when it has an idle record and at least one active one, else the built-in calibrated GPU's model scaled by TDP.
    /// </summary>
    public static GpuPowerModel For(KernelModel kernels)
    {
        ArgumentNullException.ThrowIfNull(kernels);
        if (kernels.Calibration is { } set && TryFit(kernels.Gpu, set, out var fitted))
        {
            return fitted;
        }

        foreach (var id in CalibrationSet.BuiltInGpus)
        {
            if (CalibrationSet.BuiltIn(id) is { } reference && !string.Equals(id, kernels.Gpu.Id, StringComparison.OrdinalIgnoreCase)
                && ColossimCatalog.BuiltIn.TryGetGpu(id, out var refGpu) && TryFit(refGpu, reference, out var refModel))
            {
                return Scaled(kernels.Gpu, refModel);
            }
        }

        return Scaled(kernels.Gpu, null);
    }

    /// <summary>
    /// Fits the model to the <c>power_phase</c> records of <paramref name="set"/>; false when it lacks an idle record or
    /// an active record with activity (flops or bytes), or when the fit is degenerate.
    /// </summary>
    public static bool TryFit(GpuSpec gpu, CalibrationSet set, out GpuPowerModel model)
    {
        ArgumentNullException.ThrowIfNull(gpu);
        ArgumentNullException.ThrowIfNull(set);
        model = null!;
        var idle = set.PowerPhases.FirstOrDefault(p => p.IsIdle);
        if (idle is null || gpu.PeakFor(DataType.Bf16) is null)
        {
            return false;
        }

        var idleWatts = idle.WattsMean;
        var clocked = set.PowerPhases.FirstOrDefault(p => p.IsClockedIdle);
        var floor = clocked is not null ? ProbeSteady(clocked, idleWatts) : idleWatts * ClockedIdleOverIdle;

        // Least squares of (steady - floor) = compute u_c + memory u_m over the active records.
        double scc = 0, scm = 0, smm = 0, sc = 0, sm = 0;
        var count = 0;
        foreach (var p in set.PowerPhases)
        {
            if (!p.HasActivity || p.IsIdle || p.IsClockedIdle || !(p.MsPerCall > 0) || (p.FlopsPerCall <= 0 && p.BytesPerCall <= 0))
            {
                continue;
            }

            var (uc, um) = Shares(gpu, p);
            var y = ProbeSteady(p, floor) - floor;
            scc += uc * uc;
            scm += uc * um;
            smm += um * um;
            sc += uc * y;
            sm += um * y;
            count++;
        }

        if (count == 0)
        {
            return false;
        }

        double compute, memory;
        var det = (scc * smm) - (scm * scm);
        if (Math.Abs(det) > 1e-12 * Math.Max(1e-30, scc * smm))
        {
            compute = ((sc * smm) - (sm * scm)) / det;
            memory = ((sm * scc) - (sc * scm)) / det;
        }
        else
        {
            // One kind of activity only: the other coefficient is not determined; give it the same watts per share.
            var share = (sc + sm) / Math.Max(1e-30, scc + smm + (2 * scm));
            (compute, memory) = (share, share);
        }

        if (!(compute >= 0) || !(memory >= 0) || !double.IsFinite(compute + memory))
        {
            return false;
        }

        var phases = string.Join(", ", set.PowerPhases.Where(p => p.HasActivity).Select(p => p.Phase));
        var floorSource = clocked is not null ? "" : string.Create(CultureInfo.InvariantCulture, $"; clocked idle {ClockedIdleOverIdle:0.00} x idle (H200)");
        model = new GpuPowerModel(gpu, new Watts(idleWatts), new Watts(floor), new Watts(compute), new Watts(memory), $"fitted to {gpu.Id}'s power_phase records ({phases}{floorSource})", calibrated: true);
        return true;
    }

    /// <summary>
    /// <paramref name="reference"/>'s model carried to <paramref name="gpu"/>: every power scaled by the ratio of the
    /// two TDPs, the idle power from the catalog entry when it has one (else 11.5% of TDP, the H200's share); without a
    /// reference, the H200's shares of TDP (idle 0.115, floor 0.173, compute 0.86, memory 0.57).
    /// </summary>
    public static GpuPowerModel Scaled(GpuSpec gpu, GpuPowerModel? reference)
    {
        ArgumentNullException.ThrowIfNull(gpu);
        var tdp = gpu.Tdp.Value;
        double idle, floor, compute, memory;
        string source;
        if (reference is not null)
        {
            var k = tdp / reference.Limit.Value;
            (idle, floor, compute, memory) = (reference.Idle.Value * k, reference.Floor.Value * k, reference.Compute.Value * k, reference.Memory.Value * k);
            source = string.Create(CultureInfo.InvariantCulture, $"scaled from {reference.Gpu.Id}'s by TDP ({tdp:0} W / {reference.Limit.Value:0} W; no power records for {gpu.Id})");
        }
        else
        {
            (idle, floor, compute, memory) = (IdleOverTdp * tdp, IdleOverTdp * ClockedIdleOverIdle * tdp, 0.86 * tdp, 0.57 * tdp);
            source = $"from H200 shares of TDP (no power records for {gpu.Id})";
        }

        if (gpu.IdlePower is { Value: > 0 } given)
        {
            floor *= given.Value / idle;
            idle = given.Value;
        }

        return new GpuPowerModel(gpu, new Watts(idle), new Watts(floor), new Watts(compute), new Watts(memory), source, calibrated: false);
    }

    /// <summary>
    /// The power of a kernel of <paramref name="kernel"/>'s flops and bytes over its time, its tensor-core work in
    /// <paramref name="dtype"/>, run back to back; capped at <see cref="Limit"/> with the clock falling (see the type).
    /// A kernel of zero time draws the floor for no time.
    /// </summary>
    public KernelPower Kernel(KernelTime kernel, DataType dtype = DataType.Bf16)
    {
        var peak = Gpu.PeakFor(dtype)?.FlopsPerSecond ?? PeakBf16;
        return Typed(kernel.Seconds, kernel.FlopCount, kernel.ByteCount, peak);
    }

    /// <summary>As <see cref="Kernel(KernelTime, DataType)"/> for a kernel given by its time, FLOPs and bytes.</summary>
    public KernelPower Kernel(Duration time, Flops flops, Bytes bytes, DataType dtype = DataType.Bf16)
    {
        var peak = Gpu.PeakFor(dtype)?.FlopsPerSecond ?? PeakBf16;
        return Typed(time.TotalSeconds, flops.Value, bytes.Value, peak);
    }

    /// <summary>
    /// What <c>nvidia-smi</c>'s mean over a probe's phase reads when the GPU draws <paramref name="steady"/> from the
    /// phase's start and <paramref name="before"/> until then: the sensor's one-second average ramps from one to the
    /// other, so a phase of <paramref name="window"/> reads <c>steady - (steady - before) × 0.5 s / window</c>.
    /// </summary>
    public static Watts ProbeMean(Watts steady, Watts before, Duration window)
    {
        var t = Math.Max(window.TotalSeconds, SensorWindowSeconds);
        return new Watts(steady.Value - ((steady.Value - before.Value) * SensorWindowSeconds / 2 / t));
    }

    /// <summary>The achieved shares of peak compute (for the record's data type) and peak HBM bandwidth of a power record.</summary>
    public static (double Compute, double Memory) Shares(GpuSpec gpu, PowerPhaseSample phase)
    {
        ArgumentNullException.ThrowIfNull(gpu);
        ArgumentNullException.ThrowIfNull(phase);
        if (!(phase.MsPerCall > 0))
        {
            return (0, 0);
        }

        var seconds = phase.MsPerCall / 1e3;
        var peak = gpu.PeakFor(phase.Dtype)?.FlopsPerSecond ?? gpu.PeakFor(DataType.Bf16)?.FlopsPerSecond ?? 1;
        return (phase.FlopsPerCall / seconds / peak, phase.BytesPerCall / seconds / gpu.HbmBandwidth.BytesPerSecond);
    }

    /// <summary>The steady power of a record's work: its mean read back through the sensor's average (<see cref="ProbeMean"/>), the GPU at <paramref name="before"/> watts until the phase began.</summary>
    public static double ProbeSteady(PowerPhaseSample phase, double before)
    {
        ArgumentNullException.ThrowIfNull(phase);
        if (phase.IsIdle)
        {
            return phase.WattsMean;
        }

        var f = SensorWindowSeconds / 2 / Math.Max(phase.Seconds, SensorWindowSeconds);
        return (phase.WattsMean - (before * f)) / (1 - f);
    }

    /// <summary>A one-line description for reports: the figures and their source.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"idle {Idle.Value:0} W, between kernels {Floor.Value:0} W, +{Compute.Value:0} W at peak compute, +{Memory.Value:0} W at peak HBM bandwidth, limit {Limit.Value:0} W ({Source})");

    // The hot path (the step model's accumulator): raw seconds, FLOPs, bytes and the peak rate of the kernel's data
    // type in; watts and the clock ratio out (no Duration: a step's kernels may be longer than one holds).
    internal (double Watts, double ClockRatio) Draw(double seconds, double flops, double bytes, double peakFlops)
    {
        if (!(seconds > 0))
        {
            return (Floor.Value, 1);
        }

        var uc = peakFlops > 0 ? flops / seconds / peakFlops : 0;
        var um = bytes / seconds / PeakBandwidth;
        var c = Compute.Value * uc;
        var m = Memory.Value * um;
        var p = Floor.Value + c + m;
        var limit = Math.Max(Limit.Value, Floor.Value);
        if (p <= limit || c <= 0)
        {
            return (Math.Min(p, limit), 1);
        }

        // floor + m r + c r^(1+β) = limit: increasing in r, so bisect on (0, 1).
        double lo = 0, hi = 1;
        for (var i = 0; i < 50; i++)
        {
            var r = (lo + hi) / 2;
            if (Floor.Value + (m * r) + (c * Math.Pow(r, 1 + ClockEnergyExponent)) > limit)
            {
                hi = r;
            }
            else
            {
                lo = r;
            }
        }

        return (limit, Math.Max(lo, 1e-6));
    }

    private KernelPower Typed(double seconds, double flops, double bytes, double peakFlops)
    {
        var (watts, ratio) = Draw(seconds, flops, bytes, peakFlops);
        return new KernelPower(new Watts(watts), ratio, seconds > 0 ? Duration.FromSeconds(seconds / ratio) : Duration.Zero);
    }

    private Watts Clamp(double watts) => new(Math.Min(watts, Math.Max(Limit.Value, Floor.Value)));
}
