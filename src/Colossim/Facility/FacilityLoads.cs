using Colossim.Units;

namespace Colossim.Facility;

/// <summary>
/// A workload's draw on the facility: how much power its GPUs' share of the nodes takes over time. Loads report the
/// average over an interval (exactly, in closed form), so a timeline's energy does not depend on its step.
/// </summary>
public abstract record FacilityLoad
{
    /// <summary>Name shown in reports.</summary>
    public required string Name { get; init; }

    /// <summary>GPUs the load occupies (≥ 0).</summary>
    public required long Gpus { get; init; }

    /// <summary>When the load starts, from the start of the timeline.</summary>
    public Duration Start { get; init; }

    /// <summary>How long it runs; <see langword="null"/> for the whole timeline.</summary>
    public Duration? Length { get; init; }

    /// <summary>Mean power of one GPU's share of its node over [<paramref name="from"/>, <paramref name="to"/>) seconds.</summary>
    public Watts AveragePerGpu(double from, double to, NodePowerModel node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var idle = node.PerGpu(GpuActivity.Idle);
        if (to <= from)
        {
            return idle;
        }

        var start = Start.TotalSeconds;
        var end = Length is { } length ? start + length.TotalSeconds : double.PositiveInfinity;
        var a = Math.Max(from, start);
        var b = Math.Min(to, end);
        if (b <= a)
        {
            return idle;
        }

        var active = ActiveAverage(a - start, b - start, node);
        var share = (b - a) / (to - from);
        return (active * share) + (idle * (1 - share));
    }

    /// <summary>Mean per-GPU power over [<paramref name="startSeconds"/>, <paramref name="endSeconds"/>) since the load started, while it runs.</summary>
    protected abstract Watts ActiveAverage(double startSeconds, double endSeconds, NodePowerModel node);
}

/// <summary>
/// A synchronous training job: every step each GPU computes (at the power of its training step), then all GPUs
/// communicate (much lower draw) at the same moment, so the whole job's power swings by tens of MW at the step frequency (Llama 3;
/// arXiv 2508.14318).
/// </summary>
public sealed record TrainingLoad : FacilityLoad
{
    /// <summary>One training step (compute phase then communication phase).</summary>
    public required Duration Step { get; init; }

    /// <summary>Share (0-1) of a step spent in the communication-heavy phase.</summary>
    public required double CommunicationFraction { get; init; }

    /// <summary>What its GPUs draw (a training step of its model and layout); <see langword="null"/> for the node model's default.</summary>
    public GpuWorkPower? Power { get; init; }

    /// <inheritdoc />
    protected override Watts ActiveAverage(double startSeconds, double endSeconds, NodePowerModel node)
    {
        var (from, to) = (startSeconds, endSeconds);
        var step = Step.TotalSeconds;
        var computeLength = step * (1 - Math.Clamp(CommunicationFraction, 0, 1));
        var computeTime = ComputeTimeUntil(to, step, computeLength) - ComputeTimeUntil(from, step, computeLength);
        var share = Math.Clamp(computeTime / (to - from), 0, 1);
        var compute = Power is { } p ? node.PerGpuDrawing(p.Busy) : node.PerGpu(GpuActivity.Compute);
        var communication = Power is { } q ? node.PerGpuDrawing(q.Communication) : node.PerGpu(GpuActivity.Communication);
        return (compute * share) + (communication * (1 - share));
    }

    // Seconds spent computing in [0, t): whole steps, then the part of the current step's compute phase.
    private static double ComputeTimeUntil(double t, double step, double computeLength)
    {
        var whole = Math.Floor(t / step);
        return (whole * computeLength) + Math.Min(t - (whole * step), computeLength);
    }
}

/// <summary>
/// Serving GPUs under diurnal load: utilisation follows a daily cosine between a nightly trough and an afternoon peak;
/// busy GPUs draw what a decode step of the served model does.
/// </summary>
public sealed record ServingLoad : FacilityLoad
{
    /// <summary>Utilisation (0-1) at the daily peak.</summary>
    public required double PeakUtilization { get; init; }

    /// <summary>Utilisation (0-1) at the nightly trough.</summary>
    public required double TroughUtilization { get; init; }

    /// <summary>Hour of the day (0-24) of the peak, counting the timeline's start as midnight.</summary>
    public required double PeakHour { get; init; }

    /// <summary>What a busy GPU draws (a decode step of its model); <see langword="null"/> for the node model's default.</summary>
    public GpuWorkPower? Power { get; init; }

    /// <summary>Utilisation at <paramref name="seconds"/> after the timeline's start.</summary>
    public double UtilizationAt(double seconds) =>
        TroughUtilization + ((PeakUtilization - TroughUtilization) * (1 + Math.Cos(Phase(seconds))) / 2);

    /// <inheritdoc />
    protected override Watts ActiveAverage(double startSeconds, double endSeconds, NodePowerModel node)
    {
        var (from, to) = (startSeconds, endSeconds);

        // The timeline's clock, not the load's: the peak is at a time of day.
        var offset = Start.TotalSeconds;
        var a = Phase(from + offset);
        var b = Phase(to + offset);
        var meanCos = Math.Abs(b - a) < 1e-12 ? Math.Cos(a) : (Math.Sin(b) - Math.Sin(a)) / (b - a);
        var u = TroughUtilization + ((PeakUtilization - TroughUtilization) * (1 + meanCos) / 2);
        var busy = Power is { } p ? node.PerGpuDrawing(p.Busy) : node.PerGpu(GpuActivity.Memory);
        return (node.PerGpu(GpuActivity.Idle) * (1 - Math.Clamp(u, 0, 1))) + (busy * Math.Clamp(u, 0, 1));
    }

    private double Phase(double seconds) => 2 * Math.PI * ((seconds / 3600) - PeakHour) / 24;
}
