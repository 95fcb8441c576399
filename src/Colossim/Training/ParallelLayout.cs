using System.Globalization;
using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Performance;

namespace Colossim.Training;

/// <summary>
/// How a model is split over GPUs: tensor (<c>tp</c>), pipeline (<c>pp</c>), context (<c>cp</c>), data (<c>dp</c>) and
/// expert (<c>ep</c>) parallelism, with the virtual pipeline stages, micro-batch and recomputation of a training run.
/// The GPUs a layout spans are <c>tp × pp × cp × dp</c>; expert parallelism does not multiply them: the <c>ep</c>
/// ranks of a mixture-of-experts layer are taken from the data- and context-parallel ranks (so <c>ep</c> divides
/// <c>dp × cp</c>), each of which holds <c>experts / ep</c> of every MoE layer's experts, each expert split over the
/// <c>tp</c> ranks of its tensor-parallel group. Attention and dense layers are replicated across the <c>ep</c> ranks.
/// </summary>
public sealed record ParallelLayout
{
    /// <summary>Tensor-parallel degree (<c>tp</c>), at least 1: divides the model's attention heads, and divides or is a multiple of its KV heads.</summary>
    public int Tp { get; init; } = 1;

    /// <summary>Pipeline-parallel degree (<c>pp</c>), at least 1 and at most the model's layers.</summary>
    public int Pp { get; init; } = 1;

    /// <summary>Context-parallel degree (<c>cp</c>), at least 1.</summary>
    public int Cp { get; init; } = 1;

    /// <summary>Data-parallel degree (<c>dp</c>), at least 1.</summary>
    public int Dp { get; init; } = 1;

    /// <summary>Expert-parallel degree (<c>ep</c>), at least 1; above 1 only for mixture-of-experts models, dividing their experts and <c>dp × cp</c>.</summary>
    public int Ep { get; init; } = 1;

    /// <summary>Virtual pipeline stages per pipeline rank (interleaved schedule), at least 1.</summary>
    public int Vpp { get; init; } = 1;

    /// <summary>Sequences per micro-batch, at least 1.</summary>
    public int MicroBatch { get; init; } = 1;

    /// <summary>Which activations are recomputed in the backward pass instead of kept (none, selective, full).</summary>
    public Recomputation Recompute { get; init; }

    /// <summary>
    /// Sequence parallelism (Korthikanti et al. 2022): with <c>tp</c> above 1, the norms and residual adds run on 1/tp of
    /// the tokens, so their activations are split over the tensor-parallel ranks, and each tensor-parallel all-reduce
    /// becomes a reduce-scatter and an all-gather of the same bytes. No effect at <c>tp</c> 1.
    /// </summary>
    public bool SequenceParallel { get; init; } = true;

    /// <summary>How the data-parallel ranks shard the training state (default: none, plain data parallelism).</summary>
    public ZeroStage Zero { get; init; }

    /// <summary>The GPUs the layout spans: tp × pp × cp × dp.</summary>
    public long Gpus => (long)Tp * Pp * Cp * Dp;

    /// <summary>One GPU, nothing split.</summary>
    public static ParallelLayout OneGpu { get; } = new();

    /// <summary>
    /// What breaks the layout's rules for <paramref name="model"/> on <paramref name="gpus"/> GPUs, in a fixed order:
    /// the product of the degrees, then <c>tp</c>, <c>pp</c> and <c>ep</c> against the model's shape. Each problem
    /// names the field it is about (<see langword="null"/> for the layout as a whole); empty when the layout is valid.
    /// </summary>
    public IReadOnlyList<LayoutProblem> Check(ModelSpec model, long gpus)
    {
        ArgumentNullException.ThrowIfNull(model);
        var problems = new List<LayoutProblem>();
        if (Tp < 1 || Pp < 1 || Cp < 1 || Dp < 1 || Ep < 1 || Vpp < 1 || MicroBatch < 1 || !Enum.IsDefined(Recompute) || !Enum.IsDefined(Zero))
        {
            problems.Add(new LayoutProblem(null, $"expected every degree to be at least 1, found tp {Tp}, pp {Pp}, cp {Cp}, dp {Dp}, ep {Ep}, vpp {Vpp}, micro-batch {MicroBatch}"));
            return problems;
        }

        if (Gpus != gpus)
        {
            problems.Add(new LayoutProblem(null, I($"expected tp × pp × cp × dp to equal gpus ({gpus:N0}), found {Tp} × {Pp} × {Cp} × {Dp} = {Gpus:N0}")));
        }

        // The split of one GPU's share (tp against the heads, ep against the experts) is the step model's rule; pp and the
        // degrees' product are the layout's.
        var split = ToSharding().Check(model);
        problems.AddRange(split.Where(p => p.Field == "tp"));
        if (Pp > model.Layers)
        {
            problems.Add(new LayoutProblem("pp", $"expected at most the {model.Layers} layers of {model.Name}, found {Pp}"));
        }

        if (Vpp > 1 && Pp == 1)
        {
            problems.Add(new LayoutProblem("vpp", $"expected 1 without pipeline parallelism (pp 1), found {Vpp}"));
        }
        else if (Pp <= model.Layers && Vpp > model.Layers / Pp)
        {
            problems.Add(new LayoutProblem("vpp", I($"expected at most {model.Layers / Pp} virtual stages per pipeline rank ({model.Layers} layers over pp {Pp}, at least one layer each), found {Vpp}")));
        }

        var ep = split.Where(p => p.Field == "ep").ToList();
        problems.AddRange(ep);
        if (ep.Count == 0 && Ep > 1 && problems.Count == 0 && ((long)Dp * Cp) % Ep != 0)
        {
            problems.Add(new LayoutProblem("ep", I($"expected a divisor of dp × cp ({(long)Dp * Cp:N0}), found {Ep}")));
        }

        return problems;
    }

    /// <summary>
    /// Records in <paramref name="problems"/> what breaks the layout's rules (see <see cref="Check"/>): a problem about
    /// the whole layout at <paramref name="path"/>, one about a field at <c>path.field</c>. Returns whether the layout is valid.
    /// </summary>
    public bool Validate(ModelSpec model, long gpus, Problems problems, string path, int? line = null)
    {
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentNullException.ThrowIfNull(path);
        var found = Check(model, gpus);
        foreach (var p in found)
        {
            problems.Error(p.Field is null ? path : path.Length == 0 ? p.Field : $"{path}.{p.Field}", p.Message, line);
        }

        return found.Count == 0;
    }

    /// <summary>
    /// The per-GPU view the step model takes: the tensor- and expert-parallel degrees, optimizer states sharded over
    /// <c>dp × cp</c> ranks from ZeRO-1 on. Pipeline and context parallelism are not part of one GPU's step shape here:
    /// the caller gives the step the layers and tokens of its stage and context shard.
    /// </summary>
    public Sharding ToSharding() => new() { Tp = Tp, Ep = Ep, ZeroShards = Zero == ZeroStage.None ? 1 : (int)Math.Min(int.MaxValue, (long)Dp * Cp) };

    /// <summary>The layout as people write it: <c>tp 8 · pp 16 · cp 1 · dp 64 · ep 1 · vpp 1 · mb 1 · recompute none · sp · zero 1</c>.</summary>
    public override string ToString() =>
        I($"tp {Tp} · pp {Pp} · cp {Cp} · dp {Dp} · ep {Ep} · vpp {Vpp} · mb {MicroBatch} · recompute {TrainingNames.Of(Recompute)}{(SequenceParallel && Tp > 1 ? " · sp" : "")} · zero {TrainingNames.Of(Zero)}");

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
