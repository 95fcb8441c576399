using System.Collections.Concurrent;
using System.Globalization;
using Colossim.Catalog;
using Colossim.Performance;
using Colossim.Units;

namespace Colossim.Facility;

/// <summary>
/// What one busy GPU of a workload draws, from the GPU power model (<see cref="GpuPowerModel"/>) applied to a
/// representative step of the workload: a training step of its model and tensor-parallel layout, or a decode step of
/// its serving model. This replaces the fixed fractions of TDP (0.99 training, 0.905 serving) the facility used before.
/// </summary>
public sealed record GpuWorkPower
{
    // Pure function of its inputs: cached so that a plan or timeline that asks for the same step again does not redo it.
    private static readonly ConcurrentDictionary<(GpuSpec, ModelSpec, int, StepRequest), Lazy<GpuWorkPower>> Cache = new();
    private const int CacheLimit = 4096;
    private static int _cached; // entries added since the last clear

    /// <summary>Mean board power of one GPU doing the representative step (its compute; collectives apart).</summary>
    public required Watts Busy { get; init; }

    /// <summary>Board power while collectives run (the communication phase of a synchronous training step).</summary>
    public required Watts Communication { get; init; }

    /// <summary>The representative step, in words (<c>training step of llama3-70b, tp 8, 1 x 4096 tokens</c>).</summary>
    public required string Activity { get; init; }

    /// <summary>Where the power model's figures come from (<see cref="GpuPowerModel.Source"/>).</summary>
    public required string Source { get; init; }

    /// <summary>Whether the step is the documented default activity (no workload said what the GPUs do).</summary>
    public bool IsDefault { get; init; }

    /// <summary>
    /// A training step (forward and backward, engine kernels, bf16) of <paramref name="model"/> on <paramref name="gpu"/>:
    /// one micro-batch of <see cref="FacilityDefaults.PowerTrainingTokens"/> tokens, tensor parallelism
    /// <paramref name="tp"/> (default: the largest of 8, 4, 2, 1 the model's heads and the GPU's scale-up domain allow).
    /// </summary>
    public static GpuWorkPower Training(GpuSpec gpu, ModelSpec model, int? tp, FacilityDefaults defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        var request = new StepRequest { Phase = StepPhase.Train, Batch = 1, SeqLen = defaults.PowerTrainingTokens, Implementation = Implementation.Engine };
        return Of(gpu, model, tp, request, t => string.Create(CultureInfo.InvariantCulture, $"training step of {model.Name}, tp {t}, 1 x {defaults.PowerTrainingTokens} tokens"));
    }

    /// <summary>
    /// A decode step (engine kernels, CUDA graph) of <paramref name="model"/> on <paramref name="gpu"/>:
    /// <see cref="FacilityDefaults.PowerServingBatch"/> sequences at <see cref="FacilityDefaults.PowerServingContext"/>
    /// cached tokens, tensor parallelism <paramref name="tp"/> (default as <see cref="Training"/>).
    /// </summary>
    public static GpuWorkPower Serving(GpuSpec gpu, ModelSpec model, int? tp, FacilityDefaults defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        var request = new StepRequest { Phase = StepPhase.Decode, Batch = defaults.PowerServingBatch, Context = defaults.PowerServingContext, Implementation = Implementation.Engine };
        return Of(gpu, model, tp, request, t => string.Create(CultureInfo.InvariantCulture, $"decode step of {model.Name}, tp {t}, batch {defaults.PowerServingBatch} at {defaults.PowerServingContext} tokens of context"));
    }

    /// <summary>
    /// The documented default activity when no workload says what the GPUs do (<c>colossim plan</c>): a training step
    /// of <see cref="FacilityDefaults.PowerModel"/> (<see cref="Training"/>). <paramref name="catalog"/> (default: the
    /// built-in one) must hold the model.
    /// </summary>
    public static GpuWorkPower DefaultTraining(GpuSpec gpu, FacilityDefaults defaults, ColossimCatalog? catalog = null)
        => Training(gpu, DefaultModel(defaults, catalog), null, defaults) with { IsDefault = true };

    /// <summary>The documented default serving activity: a decode step of <see cref="FacilityDefaults.PowerModel"/> (<see cref="Serving"/>).</summary>
    public static GpuWorkPower DefaultServing(GpuSpec gpu, FacilityDefaults defaults, ColossimCatalog? catalog = null)
        => Serving(gpu, DefaultModel(defaults, catalog), null, defaults) with { IsDefault = true };

    /// <summary>The tensor-parallel degree a step of <paramref name="model"/> uses by default on <paramref name="gpu"/>: the largest of 8, 4, 2, 1 within its scale-up domain that the model's heads allow.</summary>
    public static int DefaultTp(GpuSpec gpu, ModelSpec model)
    {
        ArgumentNullException.ThrowIfNull(gpu);
        ArgumentNullException.ThrowIfNull(model);
        foreach (var t in new[] { 8, 4, 2 })
        {
            if (t <= gpu.ScaleUpDomain && new Sharding { Tp = t }.Check(model).Count == 0)
            {
                return t;
            }
        }

        return 1;
    }

    /// <summary>One line for reports: <c>585 W per busy GPU (training step of ...; power model fitted to ...)</c>.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"{Busy.Value:0} W per busy GPU ({Activity}{(IsDefault ? ", the default activity when no workload says what the GPUs do" : "")}; power model {Source})");

    private static ModelSpec DefaultModel(FacilityDefaults defaults, ColossimCatalog? catalog)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        if ((catalog ?? ColossimCatalog.BuiltIn).Models.TryGetValue(defaults.PowerModel, out var model)
            || ColossimCatalog.BuiltIn.Models.TryGetValue(defaults.PowerModel, out model))
        {
            return model;
        }

        throw new InvalidOperationException($"the facility defaults' power model '{defaults.PowerModel}' is not in the catalog");
    }

    private static GpuWorkPower Of(GpuSpec gpu, ModelSpec model, int? tp, StepRequest request, Func<int, string> activity)
    {
        ArgumentNullException.ThrowIfNull(gpu);
        ArgumentNullException.ThrowIfNull(model);
        var t = tp is { } given && given >= 1 && new Sharding { Tp = given }.Check(model).Count == 0 ? given : DefaultTp(gpu, model);

        // One computation per key however many runs ask at once (a sweep's workers all start on the same GPU): the
        // first builds the calibrated kernel tables and predicts the step, the others wait for it instead of doing the
        // same cold work beside it. A computation that throws is not kept.
        var key = (gpu, model, t, request);
        var entry = Cache.GetOrAdd(key, k =>
        {
            // GPUs and models read from files are new instances on every run: keep a long-lived process bounded, counting
            // what is added (ConcurrentDictionary.Count takes every lock, on every call of every worker).
            if (Interlocked.Increment(ref _cached) > CacheLimit)
            {
                Cache.Clear();
                Interlocked.Exchange(ref _cached, 1);
            }

            return new Lazy<GpuWorkPower>(() => Compute(k, activity));
        });
        try
        {
            return entry.Value;
        }
        catch
        {
            Cache.TryRemove(new KeyValuePair<(GpuSpec, ModelSpec, int, StepRequest), Lazy<GpuWorkPower>>(key, entry));
            throw;
        }
    }

    private static GpuWorkPower Compute((GpuSpec Gpu, ModelSpec Model, int Tp, StepRequest Request) key, Func<int, string> activity)
    {
        var kernels = KernelModel.For(key.Gpu, ColossimCatalog.BuiltIn);
        var step = new StepModel(key.Model, kernels, new Sharding { Tp = key.Tp });
        var power = step.Power;
        Watts busy;
        try
        {
            busy = step.Predict(key.Request).Power;
        }
        catch (StepOutOfRangeException)
        {
            // A GPU whose catalog figures give an absurd step: it is busy, at the power limit.
            busy = power.Limit;
        }

        return new GpuWorkPower { Busy = busy, Communication = power.Communication, Activity = activity(key.Tp), Source = power.Source };
    }
}
