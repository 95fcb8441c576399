namespace Colossim.Training;

/// <summary>Which activations a layer recomputes in the backward pass instead of keeping them from the forward pass.</summary>
public enum Recomputation
{
    /// <summary>Nothing recomputed: every activation the backward pass needs is kept (FlashAttention keeps no S×S scores either way).</summary>
    None,

    /// <summary>
    /// The cheap memory-bound parts recomputed (Megatron-Core's selective recompute of the norms and the MLP activation
    /// function): their outputs are not kept; the GEMMs and attention are not rerun.
    /// </summary>
    Selective,

    /// <summary>Each layer's whole forward pass rerun in the backward pass: only the layer's input is kept.</summary>
    Full,
}

/// <summary>How the data-parallel ranks shard the training state (ZeRO stages; FSDP full sharding is stage 3).</summary>
public enum ZeroStage
{
    /// <summary>Nothing sharded: every data-parallel rank holds all its weights, gradients and optimizer states; gradients are all-reduced.</summary>
    None = 0,

    /// <summary>ZeRO-1 (Megatron's distributed optimizer): optimizer states sharded; gradients reduce-scattered, weights all-gathered.</summary>
    Optimizer = 1,

    /// <summary>ZeRO-2: optimizer states and gradients sharded (Llama 3's FSDP that keeps parameters after the forward pass).</summary>
    Gradients = 2,

    /// <summary>ZeRO-3 or FSDP full sharding: weights too; each micro-batch all-gathers the weights for its forward and backward passes.</summary>
    Parameters = 3,
}

/// <summary>How a training framework computes attention.</summary>
public enum AttentionKernel
{
    /// <summary>FlashAttention: tiled, causal, never stores the S×S scores (Megatron-LM with Transformer Engine, 2023 on).</summary>
    Flash,

    /// <summary>
    /// The S×S scores materialised (Megatron-LM before FlashAttention, 2021-22): the full QK^T and scores × V batched GEMMs
    /// (the causal mask applied after), a fused scale-mask-softmax and dropout over the scores, and, unless recomputed,
    /// 5 bytes per score kept for the backward pass (softmax output, dropout mask and output; Korthikanti et al. 2022).
    /// </summary>
    Materialized,
}

/// <summary>The names of the training options as the command line and scenarios write them.</summary>
public static class TrainingNames
{
    /// <summary>The name of a recomputation mode: <c>none</c>, <c>selective</c>, <c>full</c>.</summary>
    public static string Of(Recomputation recompute) => recompute switch
    {
        Recomputation.Selective => "selective",
        Recomputation.Full => "full",
        _ => "none",
    };

    /// <summary>The name of a ZeRO stage: <c>0</c>, <c>1</c>, <c>2</c>, <c>3</c>.</summary>
    public static string Of(ZeroStage zero) => ((int)zero).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Parses <c>none</c>, <c>selective</c> or <c>full</c> (any case).</summary>
    public static bool TryParseRecomputation(string? text, out Recomputation recompute)
    {
        recompute = Recomputation.None;
        switch (text?.Trim().ToLowerInvariant())
        {
            case "none": return true;
            case "selective": recompute = Recomputation.Selective; return true;
            case "full": recompute = Recomputation.Full; return true;
            default: return false;
        }
    }

    /// <summary>Parses <c>0</c>, <c>1</c>, <c>2</c>, <c>3</c> or <c>fsdp</c> (= 3).</summary>
    public static bool TryParseZero(string? text, out ZeroStage zero)
    {
        zero = ZeroStage.None;
        switch (text?.Trim().ToLowerInvariant())
        {
            case "0": return true;
            case "1": zero = ZeroStage.Optimizer; return true;
            case "2": zero = ZeroStage.Gradients; return true;
            case "3" or "fsdp": zero = ZeroStage.Parameters; return true;
            default: return false;
        }
    }
}
