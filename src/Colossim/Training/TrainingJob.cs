using System.Globalization;
using Colossim.Catalog;
using Colossim.Performance;

namespace Colossim.Training;

/// <summary>
/// What is trained and on what: a model on <see cref="Gpus"/> GPUs of one kind, with sequences of
/// <see cref="SeqLen"/> tokens and a global batch of <see cref="GlobalBatchTokens"/> tokens per optimizer step.
/// </summary>
public sealed record TrainingJob
{
    /// <summary>The model trained.</summary>
    public required ModelSpec Model { get; init; }

    /// <summary>The GPU every rank runs on.</summary>
    public required GpuSpec Gpu { get; init; }

    /// <summary>GPUs the job spans, at least 1.</summary>
    public required long Gpus { get; init; }

    /// <summary>Tokens per sequence, at least 1.</summary>
    public required int SeqLen { get; init; }

    /// <summary>Tokens per optimizer step (global batch), a whole number of sequences.</summary>
    public required long GlobalBatchTokens { get; init; }

    /// <summary>Data type of the layer GEMMs (bf16 or fp8); the MFU is taken against the GPU's dense peak for it.</summary>
    public DataType Dtype { get; init; } = DataType.Bf16;

    /// <summary>How the framework computes attention (default FlashAttention).</summary>
    public AttentionKernel Attention { get; init; } = AttentionKernel.Flash;

    /// <summary>Sequences per optimizer step.</summary>
    public long Sequences => GlobalBatchTokens / SeqLen;

    /// <summary>
    /// What breaks <paramref name="layout"/> for this job: the layout's own rules (<see cref="ParallelLayout.Check"/>),
    /// then the batch's: <c>dp × micro-batch</c> divides the global batch's sequences; <c>cp</c> above 1 splits each
    /// sequence into <c>2 × cp</c> equal chunks (load-balanced causal attention, as Llama 3 and Megatron do); the
    /// interleaved schedule (<c>vpp</c> above 1) needs the micro-batches per step to be a multiple of <c>pp</c>
    /// (Megatron-LM's rule). Empty when the layout can run.
    /// </summary>
    public IReadOnlyList<LayoutProblem> Check(ParallelLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var problems = new List<LayoutProblem>(layout.Check(Model, Gpus));
        if (problems.Count > 0)
        {
            return problems;
        }

        var perStep = (long)layout.Dp * layout.MicroBatch;
        if (Sequences % perStep != 0)
        {
            problems.Add(new LayoutProblem("micro_batch", I($"expected dp × micro-batch ({layout.Dp} × {layout.MicroBatch} = {perStep:N0}) to divide the global batch of {Sequences:N0} sequences")));
            return problems;
        }

        if (layout.Cp > 1 && SeqLen % (2L * layout.Cp) != 0)
        {
            problems.Add(new LayoutProblem("cp", I($"expected 2 × cp ({2L * layout.Cp:N0}) to divide the sequence length {SeqLen:N0}, found cp {layout.Cp}")));
        }

        var microBatches = Sequences / perStep;
        if (layout.Vpp > 1 && microBatches % layout.Pp != 0)
        {
            problems.Add(new LayoutProblem("vpp", I($"expected the {microBatches:N0} micro-batches per step to be a multiple of pp ({layout.Pp}) for the interleaved schedule, found vpp {layout.Vpp}")));
        }

        return problems;
    }

    /// <summary>
    /// Model FLOPs of one token, forward and backward, by the Megatron-LM and Llama 3 convention: 6 × the parameters a
    /// token passes through (active experts only; the input embedding is a lookup and not counted, the LM head is), plus
    /// attention's score and value products over the full (non-causal) sequence, 12 × layers × sequence × query width.
    /// Recomputation is not counted (this is model FLOPs, not hardware FLOPs).
    /// </summary>
    public double ModelFlopsPerToken()
    {
        var m = Model;
        var embedding = (double)m.VocabSize * m.HiddenSize;
        var dense = m.ActiveParameters - (m.TiedEmbeddings ? 0 : embedding);
        return (6 * dense) + (12.0 * m.Layers * SeqLen * m.AttentionHeads * m.HeadDim);
    }

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
