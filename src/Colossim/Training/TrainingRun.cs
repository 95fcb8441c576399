using Colossim.Facility;
using Colossim.Units;

namespace Colossim.Training;

/// <summary>
/// A whole training run: tokens to steps to wall time, with interruptions and checkpoints taking their share (goodput),
/// GPU-hours, cost and energy.
/// </summary>
public sealed record TrainingRun
{
    /// <summary>Tokens to train on.</summary>
    public required double Tokens { get; init; }

    /// <summary>Optimizer steps: tokens ÷ global batch, rounded up.</summary>
    public required long Steps { get; init; }

    /// <summary>Training time without interruptions or checkpoints: steps × step time.</summary>
    public required Duration Productive { get; init; }

    /// <summary>The job's mean time between interruptions.</summary>
    public required Duration MeanTimeBetweenInterruptions { get; init; }

    /// <summary>Bytes of one checkpoint (<see cref="FailureModel.CheckpointSize"/>).</summary>
    public required Bytes CheckpointSize { get; init; }

    /// <summary>Time to write one checkpoint (the job waits).</summary>
    public required Duration CheckpointTime { get; init; }

    /// <summary>Work between checkpoints: the Young/Daly optimum (<see cref="Goodput.OptimalInterval"/>).</summary>
    public required Duration CheckpointInterval { get; init; }

    /// <summary>Time from an interruption to training again, lost work aside.</summary>
    public required Duration Restart { get; init; }

    /// <summary>Share (0-1) of wall time that becomes kept progress (<see cref="Goodput.Analytic"/>).</summary>
    public required double Goodput { get; init; }

    /// <summary>Wall time: productive time ÷ goodput.</summary>
    public required Duration Wall { get; init; }

    /// <summary>Interruptions expected over the wall time.</summary>
    public required double ExpectedInterruptions { get; init; }

    /// <summary>GPU-hours: GPUs × wall time.</summary>
    public required double GpuHours { get; init; }

    /// <summary>Price of one GPU-hour: the plan's cost per GPU-hour (annualised capex and opex over used hours) or the one given.</summary>
    public required Usd UsdPerGpuHour { get; init; }

    /// <summary>Cost: GPU-hours × price per GPU-hour.</summary>
    public required Usd Cost { get; init; }

    /// <summary>Facility power of one GPU's share while training (board, its share of the server, PUE).</summary>
    public required Watts PowerPerGpu { get; init; }

    /// <summary>Facility energy over the wall time.</summary>
    public required Energy Energy { get; init; }

    /// <summary>Wall time in days.</summary>
    public double Days => Wall.TotalHours / 24;

    /// <summary>
    /// The run of <paramref name="tokens"/> tokens with <paramref name="step"/>'s layout on <paramref name="plan"/>'s
    /// cluster: goodput at the Young/Daly interval under <paramref name="failures"/>, cost at
    /// <paramref name="usdPerGpuHour"/> (default: the plan's), energy at the facility's training power per GPU.
    /// </summary>
    public static TrainingRun Estimate(TrainingJob job, TrainingStep step, ClusterPlan plan, double tokens, FailureModel failures, Usd? usdPerGpuHour = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(failures);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tokens);
        var steps = (long)Math.Ceiling(tokens / job.GlobalBatchTokens);
        var productive = step.Time.TotalSeconds * steps;
        var mtbf = failures.MeanTimeBetweenInterruptions(job.Gpus);
        var size = FailureModel.CheckpointSize(job.Model.Parameters);
        var checkpoint = Duration.FromSeconds(size.Value / failures.CheckpointWriteBandwidth.BytesPerSecond);
        var interval = Training.Goodput.OptimalInterval(checkpoint, mtbf);
        var goodput = Training.Goodput.Analytic(interval, checkpoint, failures.Restart, mtbf);
        var wall = productive / goodput;
        var gpuHours = job.Gpus * wall / 3600;
        var price = usdPerGpuHour ?? plan.UsdPerGpuHour;
        var power = FacilityTrainingPowerPerGpu(plan, step.CommunicationShare);
        return new TrainingRun
        {
            Tokens = tokens,
            Steps = steps,
            Productive = Duration.FromSeconds(productive),
            MeanTimeBetweenInterruptions = mtbf,
            CheckpointSize = size,
            CheckpointTime = checkpoint,
            CheckpointInterval = interval,
            Restart = failures.Restart,
            Goodput = goodput,
            Wall = Duration.FromSeconds(wall),
            ExpectedInterruptions = wall / mtbf.TotalSeconds,
            GpuHours = gpuHours,
            UsdPerGpuHour = price,
            Cost = price * gpuHours,
            PowerPerGpu = power,
            Energy = new Energy(power.Value * job.Gpus * wall),
        };
    }

    /// <summary>
    /// The facility's current training power per GPU: the node power model's per-GPU share (board, its share of the
    /// rest of the server) in compute for the step's compute share and in the communication phase for the rest, times
    /// the plan's PUE. The one place the run takes power from; to be replaced by the step's mean board power once the
    /// performance model predicts it.
    /// </summary>
    internal static Watts FacilityTrainingPowerPerGpu(ClusterPlan plan, double communicationShare)
    {
        var node = NodePowerModel.For(plan.System, plan.Gpu, FacilityDefaults.BuiltIn);
        var share = Math.Clamp(communicationShare, 0, 1);
        var it = (node.PerGpu(GpuActivity.Compute) * (1 - share)) + (node.PerGpu(GpuActivity.Communication) * share);
        return it * plan.Power.Pue;
    }
}
