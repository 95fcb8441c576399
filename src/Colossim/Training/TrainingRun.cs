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

    /// <summary>Mean board power of one GPU over a step (<see cref="TrainingStep.BoardPower"/>, from the GPU power model).</summary>
    public required Watts BoardPowerPerGpu { get; init; }

    /// <summary>Facility power of one GPU's share while training: its board power, its share of the rest of the server (busy), times the PUE.</summary>
    public required Watts PowerPerGpu { get; init; }

    /// <summary>Where the power comes from, in words, for reports.</summary>
    public required string PowerSource { get; init; }

    /// <summary>Facility energy over the wall time.</summary>
    public required Energy Energy { get; init; }

    /// <summary>Wall time in days.</summary>
    public double Days => Wall.TotalHours / 24;

    /// <summary>
    /// The run of <paramref name="tokens"/> tokens with <paramref name="step"/>'s layout on <paramref name="plan"/>'s
    /// cluster: goodput at the Young/Daly interval under <paramref name="failures"/>, cost at
    /// <paramref name="usdPerGpuHour"/> (default: the plan's), energy at the step's board power with the server's rest and the plan's PUE
    /// (<see cref="FacilityPowerPerGpu"/>) over the wall time (interruptions, restarts and checkpoints drawn at the same power).
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
        var power = FacilityPowerPerGpu(plan, step.BoardPower);
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
            BoardPowerPerGpu = step.BoardPower,
            PowerPerGpu = power,
            PowerSource = $"step's board power from the GPU power model ({step.Energy.Source}), server and PUE {plan.Power.Pue.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)} from the plan",
            Energy = new Energy(power.Value * job.Gpus * wall),
        };
    }

    /// <summary>
    /// Facility power of one GPU's share of a training node: the GPU's board drawing <paramref name="board"/>, its share
    /// of the rest of the busy server (<see cref="NodePowerModel.PerGpuDrawing"/>), times the plan's PUE.
    /// </summary>
    public static Watts FacilityPowerPerGpu(ClusterPlan plan, Watts board)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var node = NodePowerModel.For(plan.System, plan.Gpu, FacilityDefaults.BuiltIn);
        return node.PerGpuDrawing(board) * plan.Power.Pue;
    }
}
