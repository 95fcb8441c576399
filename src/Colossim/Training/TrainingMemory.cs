using Colossim.Units;

namespace Colossim.Training;

/// <summary>
/// Memory one GPU of a training layout needs, on its fullest pipeline stage: bf16 weights, fp32 gradients and Adam's
/// fp32 master weights and two moments (each sharded by the ZeRO stage), and the activations kept for the backward pass
/// of the micro-batches in flight.
/// </summary>
public sealed record TrainingMemory
{
    /// <summary>Weights held (bf16; fp8 adds a one-byte copy), after ZeRO-3 sharding.</summary>
    public required Bytes Weights { get; init; }

    /// <summary>Gradients (fp32, accumulated over micro-batches and reduced in fp32 as Llama 3 does), after ZeRO-2 sharding.</summary>
    public required Bytes Gradients { get; init; }

    /// <summary>Adam's fp32 master weights, first and second moments (12 bytes per parameter), after ZeRO-1 sharding.</summary>
    public required Bytes OptimizerStates { get; init; }

    /// <summary>Activations kept for the backward pass: every in-flight micro-batch's, plus the working set of one layer and the LM head's logits where they live.</summary>
    public required Bytes Activations { get; init; }

    /// <summary>Micro-batches whose activations the stage holds at its peak (1F1B: pp on the first stage; more when interleaved).</summary>
    public required double InFlightMicroBatches { get; init; }

    /// <summary>The pipeline stage (0 = first) these figures are for: the one that needs the most.</summary>
    public required int Stage { get; init; }

    /// <summary>The GPU's memory (the catalog's HBM capacity).</summary>
    public required Bytes Capacity { get; init; }

    /// <summary>Everything.</summary>
    public Bytes Total => Weights + Gradients + OptimizerStates + Activations;

    /// <summary>Whether <see cref="Total"/> fits in <see cref="Capacity"/>.</summary>
    public bool Fits => Total <= Capacity;

    /// <summary>What is left: capacity minus total (negative when the layout does not fit).</summary>
    public Bytes Headroom => Capacity - Total;
}
