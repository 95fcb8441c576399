using Colossim.Units;

namespace Colossim.Training;

/// <summary>One optimizer step of a layout: its time and where it goes, throughput, model FLOP rate and memory.</summary>
public sealed record TrainingStep
{
    /// <summary>The layout timed.</summary>
    public required ParallelLayout Layout { get; init; }

    /// <summary>Wall time of one optimizer step: the pipeline (compute, bubble, imbalance), the exposed data-parallel communication and the optimizer.</summary>
    public required Duration Time { get; init; }

    /// <summary>Micro-batches each pipeline runs per step: sequences ÷ (dp × micro-batch).</summary>
    public required long MicroBatches { get; init; }

    /// <summary>Time of one micro-batch (forward and backward, with its tensor-, context- and expert-parallel communication and pipeline sends) on the slowest stage.</summary>
    public required Duration StageTime { get; init; }

    /// <summary>Micro-batches × <see cref="StageTime"/>: the pipeline's busy time on its slowest stage.</summary>
    public required Duration ComputeTime { get; init; }

    /// <summary>The pipeline bubble: (pp − 1) × the mean stage time ÷ vpp (1F1B; interleaved divides it by vpp).</summary>
    public required Duration BubbleTime { get; init; }

    /// <summary>Tensor-, context- and expert-parallel communication and pipeline sends inside <see cref="ComputeTime"/> (not overlapped).</summary>
    public required Duration ModelParallelCommunication { get; init; }

    /// <summary>Data-parallel gradient and weight communication not hidden behind the backward or forward pass.</summary>
    public required Duration ExposedDataParallel { get; init; }

    /// <summary>The optimizer step (fused Adam, memory-bound over each GPU's shard).</summary>
    public required Duration OptimizerTime { get; init; }

    /// <summary>Tokens per second over the whole job.</summary>
    public required double TokensPerSecond { get; init; }

    /// <summary>Model FLOPs of one step (see <see cref="TrainingJob.ModelFlopsPerToken"/>).</summary>
    public required Flops ModelFlops { get; init; }

    /// <summary>Model FLOPs per second per GPU.</summary>
    public required FlopRate ModelFlopRatePerGpu { get; init; }

    /// <summary>Model FLOPs utilisation (0-1): <see cref="ModelFlopRatePerGpu"/> over the GPU's dense peak for the step's data type.</summary>
    public required double Mfu { get; init; }

    /// <summary>Memory per GPU on the fullest stage, and whether it fits.</summary>
    public required TrainingMemory Memory { get; init; }

    /// <summary>Board energy of one GPU over the step (mean over the pipeline stages), by phase, from the GPU power model.</summary>
    public required TrainingStepEnergy Energy { get; init; }

    /// <summary>Mean board power of one GPU over the step: <see cref="TrainingStepEnergy.Total"/> ÷ <see cref="Time"/>.</summary>
    public Watts BoardPower => Time > Duration.Zero ? Energy.Total / Time : Watts.Zero;

    /// <summary>Share (0-1) of the step a GPU spends in the communication-heavy phases (bubble, exposed data-parallel traffic, model-parallel communication).</summary>
    public double CommunicationShare => Time > Duration.Zero ? Math.Clamp((BubbleTime + ExposedDataParallel + ModelParallelCommunication) / Time, 0, 1) : 0;
}

/// <summary>
/// Board energy of one GPU over one optimizer step, joules, mean over the pipeline stages: its stage's micro-batches as
/// the performance model prices them (each kernel at its power, dispatch waits at the floor, tensor-, context- and
/// expert-parallel collectives and pipeline sends at the communication power), the exposed data-parallel traffic at the
/// communication power, the optimizer as a memory-bound kernel, and the rest (bubble, waiting for slower stages) at the
/// floor power (<see cref="Performance.GpuPowerModel"/>).
/// </summary>
public sealed record TrainingStepEnergy
{
    /// <summary>The GPU's stage's micro-batches (forward, backward, their collectives and pipeline sends).</summary>
    public required Energy Busy { get; init; }

    /// <summary>Exposed data-parallel communication at the communication power.</summary>
    public required Energy DataParallel { get; init; }

    /// <summary>The optimizer step (memory-bound kernel).</summary>
    public required Energy Optimizer { get; init; }

    /// <summary>The bubble and waits for slower stages at the floor power (clocks up, no work).</summary>
    public required Energy Waiting { get; init; }

    /// <summary>Where the power model's figures come from, in words.</summary>
    public required string Source { get; init; }

    /// <summary>The sum of the parts.</summary>
    public Energy Total => Busy + DataParallel + Optimizer + Waiting;
}
