using Colossim.Catalog;
using Colossim.Units;

namespace Colossim.Facility;

/// <summary>What a GPU is doing, for its power draw.</summary>
public enum GpuActivity
{
    /// <summary>Nothing: board at idle power.</summary>
    Idle,

    /// <summary>Compute-heavy work: a training step (its power from the GPU power model).</summary>
    Compute,

    /// <summary>Memory-bound work: a serving decode step (its power from the GPU power model).</summary>
    Memory,

    /// <summary>The communication-heavy phase of a synchronous training step.</summary>
    Communication,
}

/// <summary>
/// Power of one node (server or compute tray) by what its GPUs are doing: GPU board power from the GPU power model
/// applied to a representative step (<see cref="GpuWorkPower"/>: a training step for compute, a decode step for
/// serving, the model's collective power for communication; idle from the catalog) plus the rest of the server (CPUs,
/// memory, fans, NICs, PSU losses) between its idle and busy shares of the non-GPU nameplate.
/// </summary>
public sealed record NodePowerModel
{
    /// <summary>GPUs in the node.</summary>
    public required int GpusPerNode { get; init; }

    /// <summary>Nameplate (maximum) power of the node, GPUs included.</summary>
    public required Watts Nameplate { get; init; }

    /// <summary>One GPU's board power when idle.</summary>
    public required Watts GpuIdle { get; init; }

    /// <summary>One GPU's board power in compute-heavy work (a training step).</summary>
    public required Watts GpuCompute { get; init; }

    /// <summary>One GPU's board power in memory-bound work (a serving decode step).</summary>
    public required Watts GpuMemory { get; init; }

    /// <summary>One GPU's board power in the communication phase of a training step.</summary>
    public required Watts GpuCommunication { get; init; }

    /// <summary>The rest of the server when its GPUs are busy.</summary>
    public required Watts RestBusy { get; init; }

    /// <summary>The rest of the server when its GPUs are idle.</summary>
    public required Watts RestIdle { get; init; }

    /// <summary>
    /// The model of a node of <paramref name="system"/> holding <paramref name="gpu"/>: busy GPUs draw what
    /// <paramref name="training"/> (compute and communication) and <paramref name="serving"/> (memory-bound) say,
    /// by default the defaults' representative steps (<see cref="GpuWorkPower.DefaultTraining"/>, <see cref="GpuWorkPower.DefaultServing"/>).
    /// </summary>
    public static NodePowerModel For(SystemSpec system, GpuSpec gpu, FacilityDefaults defaults, GpuWorkPower? training = null, GpuWorkPower? serving = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(gpu);
        ArgumentNullException.ThrowIfNull(defaults);
        training ??= GpuWorkPower.DefaultTraining(gpu, defaults);
        serving ??= GpuWorkPower.DefaultServing(gpu, defaults);
        var gpus = system.GpusPerNode;
        var rest = system.NodePower - (gpu.Tdp * gpus);
        if (rest.Value < 0)
        {
            rest = Watts.Zero;
        }

        return new NodePowerModel
        {
            GpusPerNode = gpus,
            Nameplate = system.NodePower,
            GpuIdle = gpu.IdlePower ?? gpu.Tdp * defaults.GpuIdleFraction,
            GpuCompute = training.Busy,
            GpuMemory = serving.Busy,
            GpuCommunication = training.Communication,
            RestBusy = rest * defaults.ServerRestBusyFraction,
            RestIdle = rest * defaults.ServerRestIdleFraction,
        };
    }

    /// <summary>One GPU's board power when doing <paramref name="activity"/>.</summary>
    public Watts Gpu(GpuActivity activity) => activity switch
    {
        GpuActivity.Compute => GpuCompute,
        GpuActivity.Memory => GpuMemory,
        GpuActivity.Communication => GpuCommunication,
        _ => GpuIdle,
    };

    /// <summary>The node's power when all its GPUs do <paramref name="activity"/>.</summary>
    public Watts Node(GpuActivity activity) => (Gpu(activity) * GpusPerNode) + (activity == GpuActivity.Idle ? RestIdle : RestBusy);

    /// <summary>Power of one GPU's share of a node (its board plus 1/n of the rest of the server) doing <paramref name="activity"/>.</summary>
    public Watts PerGpu(GpuActivity activity) => Node(activity) / GpusPerNode;

    /// <summary>Power of one GPU's share of a busy node (its board drawing <paramref name="board"/>, plus 1/n of the rest of the server when busy).</summary>
    public Watts PerGpuDrawing(Watts board) => board + (RestBusy / GpusPerNode);

    /// <summary>
    /// Power of one GPU's share of a node at utilisation <paramref name="utilization"/> (0-1) of <paramref name="busy"/>
    /// work, linear between idle and busy.
    /// </summary>
    public Watts PerGpuAt(double utilization, GpuActivity busy = GpuActivity.Compute)
    {
        var u = Math.Clamp(utilization, 0, 1);
        return (PerGpu(GpuActivity.Idle) * (1 - u)) + (PerGpu(busy) * u);
    }
}
