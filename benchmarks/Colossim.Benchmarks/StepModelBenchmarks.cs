using BenchmarkDotNet.Attributes;
using Colossim.Catalog;
using Colossim.Facility;
using Colossim.Network;
using Colossim.Performance;

namespace Colossim.Benchmarks;

/// <summary>
/// How long one step prediction takes: serving simulators call the step model for every batch they schedule.
/// Run with: dotnet run -c Release --project benchmarks/Colossim.Benchmarks -- --filter '*StepModel*'
/// </summary>
[MemoryDiagnoser]
public class StepModelBenchmarks
{
    private KernelModel _kernels = null!;
    private ModelSpec _model = null!;
    private StepModel _cached = null!;
    private StepRequest _prefill = null!;
    private StepRequest _decodeWithContexts = null!;
    private StepModel _withCommunication = null!;

    [GlobalSetup]
    public void Setup()
    {
        var catalog = ColossimCatalog.BuiltIn;
        _model = catalog.Models["llama3-70b"];
        _kernels = KernelModel.For(catalog.Gpus["h200-sxm"], catalog);
        _cached = new StepModel(_model, _kernels, new Sharding { Tp = 8 });
        _prefill = new StepRequest { Phase = StepPhase.Prefill, Batch = 4, SeqLen = 2048 };
        var contexts = new int[64];
        for (var i = 0; i < contexts.Length; i++)
        {
            contexts[i] = 256 + (i * 97 % 4096);
        }

        // A decode batch with per-sequence contexts is never cached: every call computes the step.
        _decodeWithContexts = new StepRequest { Phase = StepPhase.Decode, Batch = contexts.Length, Contexts = contexts };
        _cached.Predict(_prefill);

        // The same model with the alpha-beta collectives of a planned 1,024-GPU H200 site: the seam's cost per step.
        var plan = ClusterPlanner.Build(1024, new PlanOptions { Gpu = catalog.Gpus["h200-sxm"], System = catalog.Systems["hgx-h200"], Fabric = catalog.Fabrics["infiniband-ndr"] });
        var topology = Topology.FromPlan(plan);
        _withCommunication = new StepModel(_model, _kernels, new Sharding { Tp = 8, TensorGroup = topology.Group(8) }, new AlphaBetaCommunication(topology));
    }

    /// <summary>A prefill step computed from scratch (a fresh step model has an empty cache).</summary>
    [Benchmark(Baseline = true)]
    public StepPrediction PrefillUncached() => new StepModel(_model, _kernels, new Sharding { Tp = 8 }).Predict(_prefill);

    /// <summary>The same prefill step, answered from the step model's cache.</summary>
    [Benchmark]
    public StepPrediction PrefillCached() => _cached.Predict(_prefill);

    /// <summary>A decode step of 64 sequences with different contexts (uncached by design).</summary>
    [Benchmark]
    public StepPrediction DecodeWithContexts() => _cached.Predict(_decodeWithContexts);

    /// <summary>The same decode step with its tensor-parallel all-reduces timed by <see cref="AlphaBetaCommunication"/>.</summary>
    [Benchmark]
    public StepPrediction DecodeWithContextsAndCommunication() => _withCommunication.Predict(_decodeWithContexts);
}
