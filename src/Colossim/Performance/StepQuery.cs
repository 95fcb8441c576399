using System.Globalization;
using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Units;

namespace Colossim.Performance;

/// <summary>
/// A request to time one step of a model on a GPU, as a person gives it (the options of <c>colossim predict</c>):
/// checked by <see cref="Resolve"/>, which reports every mistake at the path of its field.
/// </summary>
public sealed record StepQuery
{
    /// <summary>Model: a catalog name or the path of a YAML file.</summary>
    public required string Model { get; init; }

    /// <summary>GPU: a catalog id or the path of a YAML file.</summary>
    public required string Gpu { get; init; }

    /// <summary>Tensor-parallel degree, 1 to 1024, dividing the model's heads (see <see cref="Sharding.Check"/>).</summary>
    public int Tp { get; init; } = 1;

    /// <summary>Expert-parallel degree, 1 to 1024; above 1 only for mixture-of-experts models, dividing their experts.</summary>
    public int Ep { get; init; } = 1;

    /// <summary>What the step does.</summary>
    public required StepPhase Phase { get; init; }

    /// <summary>Sequences (prefill, train) or decode sequences (decode, mixed), 1 to 2^24.</summary>
    public int Batch { get; init; } = 1;

    /// <summary>Prompt tokens per sequence (prefill, train), 1 to 2^24; defaults to <see cref="Context"/>.</summary>
    public int? SeqLen { get; init; }

    /// <summary>Cached tokens per decode sequence (decode, mixed), at least 0; the prompt length when <see cref="SeqLen"/> is absent.</summary>
    public int? Context { get; init; }

    /// <summary>Prompt-chunk tokens (mixed), 1 to 2^24.</summary>
    public int? Chunk { get; init; }

    /// <summary>Layer GEMM data type as written: bf16, fp16, fp8 or fp4.</summary>
    public string Dtype { get; init; } = "bf16";

    /// <summary>Launch kernels eagerly.</summary>
    public bool Eager { get; init; }

    /// <summary>Replay the step as a CUDA graph.</summary>
    public bool Graph { get; init; }

    /// <summary>Training: recompute activations in the backward pass.</summary>
    public bool Recompute { get; init; }

    /// <summary>Kernels of a serving or training engine instead of the reference eager stack.</summary>
    public bool Engine { get; init; }

    /// <summary>Mixture of experts: the busiest expert's tokens over the mean, 1 (balanced) to experts ÷ top-k (every token on it).</summary>
    public double HotExpertLoad { get; init; } = 1.0;

    /// <summary>Report a step that does not fit the GPU's memory as a warning instead of an error.</summary>
    public bool AllowOverflow { get; init; }

    /// <summary>Where the user's calibration sets are read from; <see langword="null"/> for none (the built-in sets only).</summary>
    public CalibrationSource? Calibration { get; init; }

    /// <summary>
    /// Times the step's collectives (tensor-parallel all-reduces, expert-parallel all-to-alls); <see langword="null"/>
    /// for none (<see cref="NoCommunication"/>: one GPU's shard alone). The network layer supplies it from above.
    /// </summary>
    public ICommunication? Communication { get; init; }

    /// <summary>
    /// What <c>colossim predict</c> answers, in one call: <see cref="Resolve"/>, the user's calibration set for the GPU
    /// (from <see cref="Calibration"/>; problems at <c>--calibration</c>), then <see cref="ResolvedStep.Predict"/>.
    /// <see langword="null"/> when any problem is an error; nothing is predicted after one.
    /// </summary>
    public StepForecast? Forecast(ColossimCatalog catalog, Problems problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var step = Resolve(catalog, problems);
        var user = step is null || Calibration is null ? null : CalibrationStore.LoadUserSet(Calibration.Path, step.Gpu.Id, Calibration.Named, problems);
        return step is null || problems.HasErrors ? null : step.Predict(catalog, user, problems);
    }

    /// <summary>
    /// Checks the query against the catalog and the model's shape. Problems are recorded at <c>pathOf(field)</c> for
    /// the fields <c>model</c>, <c>gpu</c>, <c>tp</c>, <c>ep</c>, <c>batch</c>, <c>seq-len</c>, <c>context</c>,
    /// <c>chunk</c>, <c>dtype</c>, <c>graph</c> and <c>hot-expert-load</c> (default: <c>--field</c>, the option).
    /// Returns the step to time, or <see langword="null"/> when there is an error.
    /// </summary>
    public ResolvedStep? Resolve(ColossimCatalog catalog, Problems problems, Func<string, string>? pathOf = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(problems);
        var at = pathOf ?? (field => "--" + field);
        var gpu = catalog.ResolveGpu(Gpu, problems, at("gpu"));
        var model = catalog.ResolveModel(Model, problems, at("model"));
        var phaseText = PhaseName(Phase);
        if (!DataTypes.TryParse(Dtype, out var dtype) || dtype is not (DataType.Bf16 or DataType.Fp16 or DataType.Fp8 or DataType.Fp4))
        {
            problems.Error(at("dtype"), $"expected bf16, fp16, fp8 or fp4, found '{Dtype}'");
        }

        Positive(problems, at("tp"), Tp, 1024);
        Positive(problems, at("ep"), Ep, 1024);
        Positive(problems, at("batch"), Batch, 1 << 24);
        var seqLen = SeqLen ?? Context;
        if (Phase is StepPhase.Prefill or StepPhase.Train && seqLen is null)
        {
            problems.Error(at("seq-len"), $"is required for --phase {phaseText} (prompt tokens per sequence)");
        }

        if (Phase is StepPhase.Decode or StepPhase.Mixed && Context is null)
        {
            problems.Error(at("context"), $"is required for --phase {phaseText} (cached tokens per sequence)");
        }

        if (Phase == StepPhase.Mixed && Chunk is null)
        {
            problems.Error(at("chunk"), "is required for --phase mixed (prompt-chunk tokens)");
        }

        Positive(problems, at("seq-len"), seqLen ?? 1, 1 << 24);
        Positive(problems, at("chunk"), Chunk ?? 1, 1 << 24);
        var context = Context ?? 0;
        if (context < 0)
        {
            problems.Error(at("context"), $"expected a whole number of at least 0, found {context}");
        }

        if (Eager && Graph)
        {
            problems.Error(at("graph"), "give --eager or --graph, not both");
        }

        CheckHotExpertLoad(model, HotExpertLoad, problems, at("hot-expert-load"));
        var sharding = new Sharding { Tp = Tp, Ep = Ep };
        if (model is not null && Tp is >= 1 and <= 1024 && Ep is >= 1 and <= 1024)
        {
            foreach (var p in sharding.Check(model))
            {
                problems.Error(at(p.Field ?? "tp"), p.Message);
            }
        }

        if (gpu is not null && !problems.HasErrors && gpu.PeakFor(dtype) is null)
        {
            problems.Error(at("dtype"), $"{gpu.Id} has no {Dtype} tensor cores");
        }

        if (gpu is null || model is null || problems.HasErrors)
        {
            return null;
        }

        var request = new StepRequest
        {
            Phase = Phase,
            Batch = Batch,
            SeqLen = seqLen ?? 1,
            Context = context,
            Chunk = Chunk ?? 0,
            Dtype = dtype,
            CudaGraph = Graph ? true : Eager ? false : null,
            Recompute = Recompute,
            HotExpertLoad = HotExpertLoad,
            Implementation = Engine ? Implementation.Engine : Implementation.Reference,
        };
        return new ResolvedStep { Model = model, Gpu = gpu, Sharding = sharding, Request = request, AllowOverflow = AllowOverflow, GpuPath = at("gpu"), Communication = Communication };
    }

    /// <summary>The name of a phase as <c>colossim predict</c> writes it (<c>prefill</c>, <c>decode</c>, <c>mixed</c>, <c>train</c>).</summary>
    public static string PhaseName(StepPhase phase) => EnumNames.Of(phase);

    /// <summary>
    /// The rule of a hot-expert load (<see cref="StepRequest.HotExpertLoad"/>) that predict and serve share: for a
    /// mixture-of-experts model between 1 and <see cref="StepModel.MaxHotExpertLoad"/>; 1 for a dense model; at least 1
    /// when the model is unknown. Each problem is an error at <paramref name="path"/>.
    /// </summary>
    /// <param name="model">The model, or <see langword="null"/> when it could not be resolved.</param>
    /// <param name="load">The busiest expert's tokens over the mean.</param>
    /// <param name="problems">Where the problems go.</param>
    /// <param name="path">The option's name, such as <c>--hot-expert-load</c>.</param>
    public static void CheckHotExpertLoad(ModelSpec? model, double load, Problems problems, string path)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var found = load.ToString(CultureInfo.InvariantCulture).ToLowerInvariant();
        if (model is { IsMixtureOfExperts: true, ActiveExperts: > 0 })
        {
            var max = StepModel.MaxHotExpertLoad(model);
            if (!(load >= 1 && load <= max))
            {
                var maxText = max.ToString("0.###", CultureInfo.InvariantCulture);
                problems.Error(path, $"expected between 1 (balanced routing) and {maxText} (every token on the busiest expert: experts ÷ top-k = {model.Experts} ÷ {model.ActiveExperts} for {model.Name}), found {found}");
            }
        }
        else if (model is not null && load != 1)
        {
            problems.Error(path, $"expected 1 for {model.Name}, a dense model (no experts to balance), found {found}");
        }
        else if (!(load >= 1) || double.IsPositiveInfinity(load))
        {
            problems.Error(path, $"expected at least 1 (1 = balanced routing), found {found}");
        }
    }

    private static void Positive(Problems problems, string path, int value, int max)
    {
        if (value < 1 || value > max)
        {
            problems.Error(path, $"expected a whole number between 1 and {max.ToString("N0", CultureInfo.InvariantCulture)}, found {value.ToString(CultureInfo.InvariantCulture)}");
        }
    }
}

/// <summary>A checked <see cref="StepQuery"/>: the model, GPU, split and step to time.</summary>
public sealed record ResolvedStep
{
    /// <summary>The model.</summary>
    public required ModelSpec Model { get; init; }

    /// <summary>The GPU.</summary>
    public required GpuSpec Gpu { get; init; }

    /// <summary>The split over GPUs (the step is timed on one of them).</summary>
    public required Sharding Sharding { get; init; }

    /// <summary>The step.</summary>
    public required StepRequest Request { get; init; }

    /// <summary>Whether a step that does not fit the GPU's memory is a warning rather than an error.</summary>
    public bool AllowOverflow { get; init; }

    /// <summary>The path problems about the GPU's figures are reported at.</summary>
    public string GpuPath { get; init; } = "gpu";

    /// <summary>Times the step's collectives; <see langword="null"/> for none (one GPU's shard alone, no communication).</summary>
    public ICommunication? Communication { get; init; }

    /// <summary>
    /// Times the step with <paramref name="catalog"/>'s kernel model for the GPU (plus <paramref name="calibration"/>,
    /// when given) and no communication. A step whose memory exceeds the GPU's HBM is recorded as an error (a warning
    /// with <see cref="AllowOverflow"/>) but still returned; a step too long for a <see cref="Duration"/> (absurd GPU
    /// figures) is an error and returns <see langword="null"/>.
    /// </summary>
    public StepForecast? Predict(ColossimCatalog catalog, CalibrationSet? calibration, Problems problems)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(problems);
        var kernels = KernelModel.For(Gpu, catalog, calibration);
        var step = new StepModel(Model, kernels, Sharding, Communication);
        StepPrediction prediction;
        try
        {
            prediction = step.Predict(Request);
        }
        catch (StepOutOfRangeException e)
        {
            var seconds = e.Seconds.ToString("G3", CultureInfo.InvariantCulture);
            problems.Error(GpuPath, $"the figures of {Gpu.Id} (dense bf16 {Gpu.DenseBf16.ToDisplayString()}, HBM {Gpu.HbmBandwidth.ToDisplayString()}) give a step of {seconds} s, more than the 2,000,000,000 s (63 years) a step may take; check its peak rates and bandwidth");
            return null;
        }

        var memory = step.Memory(Request);
        var forecast = new StepForecast
        {
            Step = this,
            KernelPath = kernels.Path,
            KernelPathDescription = kernels.PathDescription,
            UncertaintyPct = kernels.UncertaintyPct,
            UncertaintyBasis = kernels.UncertaintyBasis,
            Prediction = prediction,
            Memory = memory,
            PowerSource = step.Power.Source,
        };
        if (!forecast.Fits)
        {
            var message = $"does not fit: the step needs {memory.Total.ToDisplayString()} per GPU, more than the {Gpu.HbmCapacity.ToDisplayString()} of {Gpu.Id}";
            if (AllowOverflow)
            {
                problems.Warning("memory", message);
            }
            else
            {
                problems.Error("memory", message + " (split it over more GPUs, shorten the batch or context, or give --allow-overflow)");
            }
        }

        return forecast;
    }
}

/// <summary>The predicted time and memory of one step on one GPU.</summary>
public sealed record StepForecast
{
    /// <summary>What was timed.</summary>
    public required ResolvedStep Step { get; init; }

    /// <summary>Where the kernel times come from.</summary>
    public required KernelPath KernelPath { get; init; }

    /// <summary>The stated uncertainty of the step's time, percent, for a GPU without its own calibration (<see cref="KernelModel.UncertaintyPct"/>); <see langword="null"/> otherwise.</summary>
    public double? UncertaintyPct { get; init; }

    /// <summary>How <see cref="UncertaintyPct"/> was measured, in words.</summary>
    public string? UncertaintyBasis { get; init; }

    /// <summary>The kernel path in words.</summary>
    public required string KernelPathDescription { get; init; }

    /// <summary>The time and its breakdown.</summary>
    public required StepPrediction Prediction { get; init; }

    /// <summary>The memory one GPU needs.</summary>
    public required MemoryEstimate Memory { get; init; }

    /// <summary>Where the step's power figures come from (<see cref="GpuPowerModel.Source"/>), for reports.</summary>
    public string PowerSource { get; init; } = "";

    /// <summary>The GPU's memory.</summary>
    public Bytes Capacity => Step.Gpu.HbmCapacity;

    /// <summary>Whether <see cref="Memory"/> fits in <see cref="Capacity"/>.</summary>
    public bool Fits => Memory.Total <= Capacity;
}
