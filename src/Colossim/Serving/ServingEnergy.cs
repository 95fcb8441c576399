using Colossim.Performance;
using Colossim.Units;

namespace Colossim.Serving;

/// <summary>
/// The energy of serving iterations: each iteration at its own mean GPU board power from the performance model
/// (<see cref="StepPrediction.Power"/>, <see cref="GpuPowerModel"/>), tabulated beside its time in the
/// <see cref="StepTimeTable"/>; the rest of the server and the facility's PUE are added by the simulation
/// (<see cref="ServingSetup.RestBusyPowerPerGpu"/>, <see cref="ServingSetup.Pue"/>).
/// </summary>
public static class ServingEnergy
{
    /// <summary>Mean board power of one GPU while <paramref name="step"/> runs, in watts (≥ 0).</summary>
    public static double StepPower(StepPrediction step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return step.Power.Value;
    }

    /// <summary>The energy of an iteration of <paramref name="time"/> on <paramref name="gpus"/> GPUs drawing <paramref name="wattsPerGpu"/> each.</summary>
    public static Energy StepEnergy(double wattsPerGpu, Duration time, int gpus) => new(wattsPerGpu * gpus * time.TotalSeconds);
}
