using Colossim.Facility;
using Colossim.Performance;
using Colossim.Units;

namespace Colossim.Serving;

/// <summary>
/// The energy of serving iterations. Until the performance model gives a step's mean board power
/// (<see cref="StepPrediction"/> has none yet), <see cref="StepPower"/> takes the facility's serving power per GPU
/// (<see cref="NodePowerModel.PerGpu"/>, the GPU and its share of the server): at the compute figure for a
/// compute-bound step and the memory figure otherwise. <see cref="StepPower"/> is the one place to switch.
/// </summary>
public static class ServingEnergy
{
    /// <summary>Power per GPU (its share of the server included) while <paramref name="step"/> runs, in watts.</summary>
    public static double StepPower(StepPrediction step, NodePowerModel node)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(node);
        return node.PerGpu(step.ComputeBound ? GpuActivity.Compute : GpuActivity.Memory).Value;
    }

    /// <summary>The energy of an iteration of <paramref name="time"/> on <paramref name="gpus"/> GPUs drawing <paramref name="wattsPerGpu"/> each.</summary>
    public static Energy StepEnergy(double wattsPerGpu, Duration time, int gpus) => new(wattsPerGpu * gpus * time.TotalSeconds);
}
