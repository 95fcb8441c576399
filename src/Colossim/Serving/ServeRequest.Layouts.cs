using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Performance;
using Colossim.Units;

namespace Colossim.Serving;

/// <summary>
/// One candidate layout of a serving replica (<see cref="ServeRequest.Layouts"/>): tensor-parallel × expert-parallel ×
/// pipeline degrees, what a replica holds, and why serve refuses it when it does.
/// </summary>
public sealed record ServeLayout
{
    /// <summary>Tensor-parallel degree.</summary>
    public required int Tp { get; init; }

    /// <summary>Expert-parallel degree (attention ranks of the replica).</summary>
    public required int Ep { get; init; }

    /// <summary>Pipeline stages.</summary>
    public required int Pp { get; init; }

    /// <summary>GPUs per replica: tp × ep × pp.</summary>
    public int GpusPerReplica => Tp * Ep * Pp;

    /// <summary>Whole replicas the request's GPUs hold (GPUs ÷ GPUs per replica, rounded down).</summary>
    public required long Replicas { get; init; }

    /// <summary>Weights on one GPU; zero when the layout is refused before memory is counted.</summary>
    public Bytes WeightsPerGpu { get; init; }

    /// <summary>KV-cache blocks of one replica (all its attention ranks); 0 when refused.</summary>
    public long KvBlocksPerReplica { get; init; }

    /// <summary>Why serve refuses the layout, as <c>--option: message</c> lines with serve's own messages; empty when it runs.</summary>
    public required IReadOnlyList<string> Refusals { get; init; }

    /// <summary>Whether serve runs this layout (no refusals).</summary>
    public bool Valid => Refusals.Count == 0;
}

/// <summary>The candidate layouts of <c>colossim serve</c> for a model, GPU and GPU count.</summary>
public sealed partial record ServeRequest
{
    /// <summary>
    /// The (tp, ep, pp) layouts to consider for this request's model, GPU and GPUs, each with serve's own refusals (the
    /// step model's layout rules, whole replicas, and the memory check: weights and activations leaving room for a
    /// KV cache at this request's dtype, KV dtype, max batch, token budget, block size and memory share). Candidates: tp
    /// a power of two up to the GPU's scale-up domain; ep 1, then (mixture-of-experts models only) the powers of two
    /// below the experts and the experts themselves; pp 1, 2, 4, 8 up to the model's layers; only layouts of at most
    /// the request's GPUs. Ordered by GPUs per replica, then tp, ep, pp. Returns an empty list, with the problems,
    /// when the model, GPU or GPU count is missing or unknown.
    /// </summary>
    /// <remarks>A deployment search takes the valid ones; the refused ones say why (so that a search can report them).</remarks>
    public IReadOnlyList<ServeLayout> Layouts(ColossimCatalog catalog, Problems problems)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(problems);
        var model = ModelSpec ?? (Model is null ? null : catalog.ResolveModel(Model, problems, "--model"));
        var gpu = GpuSpec ?? (Gpu is null ? null : catalog.ResolveGpu(Gpu, problems, "--gpu"));
        if (model is null)
        {
            problems.Error("--model", "is required (a catalog model such as llama3-70b, or a YAML file)");
        }

        if (gpu is null)
        {
            problems.Error("--gpu", "is required (a catalog GPU such as h100-sxm, or a YAML file)");
        }

        if (Gpus is not { } gpus)
        {
            problems.Error("--gpus", "is required (GPUs in all, a multiple of --tp × --ep × --pp)");
            return [];
        }

        if (gpus < 1 || gpus > MaxGpus)
        {
            problems.Error("--gpus", $"expected a whole number between 1 and {Whole(MaxGpus)}, found {Whole(gpus)}");
            return [];
        }

        if (!DataTypes.TryParse(Dtype, out var dtype) || !DataTypes.TryParse(KvDtype, out var kvDtype))
        {
            problems.Error("--dtype", $"expected bf16, fp16, fp8 or fp4, found '{Dtype}'");
            return [];
        }

        if (model is null || gpu is null)
        {
            return [];
        }

        var kernels = KernelModel.For(gpu, catalog);
        var eps = new List<int> { 1 };
        if (model.IsMixtureOfExperts)
        {
            for (var e = 2; e < model.Experts; e *= 2)
            {
                eps.Add(e);
            }

            if (model.Experts > 1)
            {
                eps.Add(model.Experts);
            }
        }

        var layouts = new List<ServeLayout>();
        for (var tp = 1; tp <= Math.Max(1, gpu.ScaleUpDomain) && tp <= 1024; tp *= 2)
        {
            foreach (var ep in eps)
            {
                for (var pp = 1; pp <= Math.Min(8, model.Layers); pp *= 2)
                {
                    var per = (long)tp * ep * pp;
                    if (per > gpus || ep > 1024)
                    {
                        continue;
                    }

                    layouts.Add(Layout(model, gpu, kernels, gpus, tp, ep, pp, dtype, kvDtype));
                }
            }
        }

        return [.. layouts.OrderBy(l => l.GpusPerReplica).ThenBy(l => l.Tp).ThenBy(l => l.Ep).ThenBy(l => l.Pp)];
    }

    private ServeLayout Layout(ModelSpec model, GpuSpec gpu, KernelModel kernels, long gpus, int tp, int ep, int pp, DataType dtype, DataType kvDtype)
    {
        var refusals = LayoutProblems(model, tp, ep, pp, gpus).Select(p => $"{p.Option}: {p.Message}").ToList();
        var layout = new ServeLayout { Tp = tp, Ep = ep, Pp = pp, Replicas = gpus / ((long)tp * ep * pp), Refusals = refusals };
        if (refusals.Count > 0)
        {
            return layout;
        }

        var at = this with { Tp = tp, Ep = ep, Pp = pp };
        int? layers = pp > 1 ? (model.Layers + pp - 1) / pp : null;
        var (memory, usable, rankBlocks) = at.KvCapacity(new StepModel(model, kernels, new Sharding { Tp = tp, Ep = ep }), gpu, dtype, kvDtype, layers);
        return rankBlocks < 1
            ? layout with { WeightsPerGpu = memory.Weights, Refusals = [$"--tp: {at.DoesNotFit(model, gpu, memory, usable)}"] }
            : layout with { WeightsPerGpu = memory.Weights, KvBlocksPerReplica = rankBlocks * ep };
    }
}
