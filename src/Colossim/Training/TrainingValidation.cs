using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Facility;
using Colossim.Network;
using Colossim.Performance;
using Colossim.Units;

namespace Colossim.Training;

/// <summary>How a published TFLOP/s per GPU counts FLOPs.</summary>
public enum FlopConvention
{
    /// <summary>Model FLOPs, no recomputation (<see cref="TrainingJob.ModelFlopsPerToken"/>): Llama 3, MFU.</summary>
    ModelFlops,

    /// <summary>
    /// Megatron-LM SC'21 Eq. 3, which counts full recomputation (four forward passes):
    /// <c>96·B·s·l·h²·(1 + s/(6h) + V/(16lh))</c> per step.
    /// </summary>
    MegatronEq3,
}

/// <summary>A published training run to compare with: the model, cluster, the layout knobs the paper states, and what it measured.</summary>
public sealed record TrainingValidationCase
{
    /// <summary>Short name of the row.</summary>
    public required string Name { get; init; }

    /// <summary>Where the numbers come from.</summary>
    public required string Source { get; init; }

    /// <summary>Catalog model name.</summary>
    public required string Model { get; init; }

    /// <summary>Catalog GPU id.</summary>
    public required string Gpu { get; init; }

    /// <summary>GPUs.</summary>
    public required long Gpus { get; init; }

    /// <summary>Tokens per sequence.</summary>
    public required int SeqLen { get; init; }

    /// <summary>Tokens per optimizer step.</summary>
    public required long GlobalBatchTokens { get; init; }

    /// <summary>The knobs the paper states; the others are searched (the fastest that fits), by the same rule for every row.</summary>
    public required LayoutConstraints Stated { get; init; }

    /// <summary>Published TFLOP/s per GPU, or <see langword="null"/> for a row that checks memory only.</summary>
    public double? MeasuredTflopsPerGpu { get; init; }

    /// <summary>How the published number counts FLOPs.</summary>
    public FlopConvention Convention { get; init; } = FlopConvention.ModelFlops;

    /// <summary>Whether the layout ran (so must fit); false for a layout the paper's setup could not have run.</summary>
    public bool Ran { get; init; } = true;

    /// <summary>How the paper's framework computed attention.</summary>
    public AttentionKernel Attention { get; init; } = AttentionKernel.Flash;

    /// <summary>The cluster's scale-out bandwidth per GPU, one direction, when the paper states one other than the planned fabric's.</summary>
    public Bandwidth? ScaleOutPerGpu { get; init; }

    /// <summary>GPUs per pod (full bisection inside) when the paper states it.</summary>
    public long? GpusPerPod { get; init; }

    /// <summary>Oversubscription above a pod when the paper states it.</summary>
    public double? Oversubscription { get; init; }
}

/// <summary>One row compared.</summary>
/// <param name="Case">The published run.</param>
/// <param name="Step">The fastest layout with the stated knobs that fits, or the one needing the least memory when none fits; <see langword="null"/> when no layout divides the job.</param>
/// <param name="PredictedTflopsPerGpu">Predicted TFLOP/s per GPU under the case's convention.</param>
/// <param name="LayoutsSearched">Layouts evaluated for the row.</param>
public sealed record TrainingValidationRow(TrainingValidationCase Case, TrainingStep? Step, double PredictedTflopsPerGpu, long LayoutsSearched)
{
    /// <summary>Whether the chosen layout fits.</summary>
    public bool Fits => Step?.Memory.Fits ?? false;

    /// <summary>Signed relative error of the TFLOP/s per GPU (predicted − measured) ÷ measured; <see langword="null"/> without a measurement.</summary>
    public double? Error => Case.MeasuredTflopsPerGpu is { } m && Step is not null ? (PredictedTflopsPerGpu - m) / m : null;

    /// <summary>Whether the memory check agrees with the paper: a layout that ran fits, one that could not have run does not.</summary>
    public bool FitAgrees => Fits == Case.Ran;
}

/// <summary>
/// The training model against published runs: the Megatron-LM weak-scaling table (Narayanan et al., SC'21, Table 1:
/// 1.7B to 1T GPT models on 32 to 3,072 A100s) and Llama 3 405B (arXiv:2407.21783, Table 4: 8,192 and 16,384 H100s),
/// plus layouts their setups could not have run. Each row fixes what the paper states and searches the rest.
/// </summary>
public static class TrainingValidation
{
    private static readonly Bandwidth Selene = Bandwidth.FromGigabitsPerSecond(200);

    /// <summary>The published rows (reference training.md §2.1 and §2.2).</summary>
    public static IReadOnlyList<TrainingValidationCase> Cases { get; } = BuildCases();

    /// <summary>Compares every case; <paramref name="problems"/> receives what the planner warns about (a generic server for the A100).</summary>
    public static IReadOnlyList<TrainingValidationRow> Run(ColossimCatalog catalog, Problems problems, IReadOnlyList<TrainingValidationCase>? cases = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(problems);
        var rows = new List<TrainingValidationRow>();
        foreach (var c in cases ?? Cases)
        {
            rows.Add(Compare(catalog, problems, c));
        }

        return rows;
    }

    /// <summary>The median of the absolute errors of the rows with a measurement (0-1).</summary>
    public static double MedianAbsoluteError(IEnumerable<TrainingValidationRow> rows)
    {
        var errors = rows.Where(r => r.Error is not null).Select(r => Math.Abs(r.Error!.Value)).Order().ToList();
        if (errors.Count == 0)
        {
            return 0;
        }

        var mid = errors.Count / 2;
        return errors.Count % 2 == 1 ? errors[mid] : (errors[mid - 1] + errors[mid]) / 2;
    }

    /// <summary>Megatron SC'21 Eq. 3: FLOPs of one step with full recomputation.</summary>
    public static double MegatronEq3Flops(ModelSpec model, long sequences, int seqLen)
    {
        ArgumentNullException.ThrowIfNull(model);
        double h = model.HiddenSize, l = model.Layers, s = seqLen;
        return 96 * sequences * s * l * h * h * (1 + (s / (6 * h)) + (model.VocabSize / (16 * l * h)));
    }

    private static TrainingValidationRow Compare(ColossimCatalog catalog, Problems problems, TrainingValidationCase c)
    {
        var model = catalog.Models[c.Model];
        var gpu = catalog.Gpus[c.Gpu];
        var job = new TrainingJob { Model = model, Gpu = gpu, Gpus = c.Gpus, SeqLen = c.SeqLen, GlobalBatchTokens = c.GlobalBatchTokens, Attention = c.Attention };
        var plan = ClusterPlanner.Build(c.Gpus, PlanOptionsFor(catalog, gpu, problems));
        var topology = Topology.FromPlan(plan);
        topology = topology with
        {
            ScaleOutPerGpu = c.ScaleOutPerGpu ?? topology.ScaleOutPerGpu,
            GpusPerPod = c.GpusPerPod ?? topology.GpusPerPod,
            Oversubscription = c.Oversubscription ?? topology.Oversubscription,
        };
        var steps = new TrainingStepModel(job, KernelModel.For(gpu, catalog), topology, new CollectiveModel(topology));
        var search = LayoutSearch.Search(steps, keep: 1, fixedTo: c.Stated);
        var step = search.Ranked.Count > 0 ? search.Ranked[0] : null;
        var predicted = step is null ? 0
            : c.Convention == FlopConvention.MegatronEq3 ? MegatronEq3Flops(model, job.Sequences, job.SeqLen) / step.Time.TotalSeconds / job.Gpus / 1e12
            : step.ModelFlopRatePerGpu.TeraFlopsPerSecond;
        return new TrainingValidationRow(c, step, predicted, search.LayoutsEvaluated);
    }

    private static PlanOptions PlanOptionsFor(ColossimCatalog catalog, GpuSpec gpu, Problems problems)
    {
        var input = new PlanRequest { Gpus = "1", Gpu = gpu.Id }.Validate(catalog, problems);
        return input?.Options ?? throw new InvalidOperationException($"the built-in catalog cannot plan a cluster of {gpu.Id}");
    }

    private static List<TrainingValidationCase> BuildCases()
    {
        const string megatron = "Narayanan et al. SC'21 Table 1";
        const string llama = "Llama 3 (arXiv:2407.21783) Table 4";
        var rows = new (string Size, int Tp, int Pp, int Gpus, int Batch, double Tflops)[]
        {
            ("1.7b", 1, 1, 32, 512, 137), ("3.6b", 2, 1, 64, 512, 138), ("7.5b", 4, 1, 128, 512, 142),
            ("18.4b", 8, 1, 256, 1024, 135), ("39.1b", 8, 2, 512, 1536, 138), ("76.1b", 8, 4, 1024, 1792, 140),
            ("145.6b", 8, 8, 1536, 2304, 148), ("310.1b", 8, 16, 1920, 2160, 155), ("529.6b", 8, 35, 2520, 2520, 163),
            ("1t", 8, 64, 3072, 3072, 163),
        };
        var cases = new List<TrainingValidationCase>();
        foreach (var r in rows)
        {
            // Selene: DGX A100 nodes with 8 HDR InfiniBand (200 Gb/s) NICs; Megatron-LM of 2021: attention scores materialised
            // (FlashAttention came in 2022), full recomputation, no sequence parallelism, plain data parallelism.
            cases.Add(new TrainingValidationCase
            {
                Name = $"GPT {r.Size.ToUpperInvariant()}",
                Source = megatron,
                Model = $"megatron-gpt-{r.Size}",
                Gpu = "a100-sxm-80gb",
                Gpus = r.Gpus,
                SeqLen = 2048,
                GlobalBatchTokens = r.Batch * 2048L,
                Stated = new LayoutConstraints { Tp = r.Tp, Pp = r.Pp, Cp = 1, Dp = r.Gpus / (r.Tp * r.Pp), Recompute = Recomputation.Full, SequenceParallel = false, Zero = ZeroStage.None },
                MeasuredTflopsPerGpu = r.Tflops,
                Convention = FlopConvention.MegatronEq3,
                Attention = AttentionKernel.Materialized,
                ScaleOutPerGpu = Selene,
            });
        }

        // Llama 3's cluster: 400 Gb/s per GPU (the planned fabric's), full bisection inside 3,072-GPU pods, 1:7 above
        // them. Its FSDP shards optimizer states and gradients but keeps weights (ZeRO-2); no recomputation at 8K.
        var tokens = 16L << 20;
        TrainingValidationCase Llama(string name, long gpus, int cp, int dp, int seq, double? tflops, LayoutConstraints? stated = null, bool ran = true) => new()
        {
            Name = name,
            Source = llama,
            Model = "llama3-405b",
            Gpu = "h100-sxm",
            Gpus = gpus,
            SeqLen = seq,
            GlobalBatchTokens = tokens,
            Stated = stated ?? new LayoutConstraints { Tp = 8, Pp = 16, Cp = cp, Dp = dp, Zero = ZeroStage.Gradients, Recompute = seq <= 8192 ? Recomputation.None : null },
            MeasuredTflopsPerGpu = tflops,
            Ran = ran,
            GpusPerPod = 3072,
            Oversubscription = 7,
        };
        cases.Add(Llama("Llama 3 405B, 8K, 8,192 GPUs", 8192, 1, 64, 8192, 430));
        cases.Add(Llama("Llama 3 405B, 8K, 16,384 GPUs", 16384, 1, 128, 8192, 400));
        cases.Add(Llama("Llama 3 405B, 128K, 16,384 GPUs", 16384, 16, 8, 131072, 380));

        // Layouts these setups could not have run.
        cases.Add(Llama("405B 8K, 8,192 GPUs, plain data parallelism (no ZeRO)", 8192, 1, 64, 8192, null, new LayoutConstraints { Tp = 8, Pp = 16, Cp = 1, Dp = 64, Zero = ZeroStage.None, Recompute = Recomputation.None }, ran: false));
        cases.Add(Llama("405B 8K, 8,192 GPUs, half the tensor parallelism (tp 4, dp 128)", 8192, 1, 128, 8192, null, new LayoutConstraints { Tp = 4, Pp = 16, Cp = 1, Dp = 128, Zero = ZeroStage.Gradients, Recompute = Recomputation.None }, ran: false));
        cases.Add(new TrainingValidationCase
        {
            Name = "GPT 1T, 3,072 GPUs, no recomputation",
            Source = megatron,
            Model = "megatron-gpt-1t",
            Gpu = "a100-sxm-80gb",
            Gpus = 3072,
            SeqLen = 2048,
            GlobalBatchTokens = 3072 * 2048L,
            Stated = new LayoutConstraints { Tp = 8, Pp = 64, Cp = 1, Dp = 6, Recompute = Recomputation.None, SequenceParallel = false, Zero = ZeroStage.None },
            Ran = false,
            Attention = AttentionKernel.Materialized,
            ScaleOutPerGpu = Selene,
        });
        return cases;
    }
}
