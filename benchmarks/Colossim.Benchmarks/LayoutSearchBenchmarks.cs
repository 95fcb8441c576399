using BenchmarkDotNet.Attributes;
using Colossim.Catalog;
using Colossim.Facility;
using Colossim.Network;
using Colossim.Performance;
using Colossim.Training;

namespace Colossim.Benchmarks;

/// <summary>
/// How fast the training layout search evaluates layouts: a full search for Llama 3 405B on 16,384 H100s with a 16M-token
/// batch (47,460 layouts), cold (a fresh step model: every distinct shape timed by the performance model) and warm
/// (shapes cached, as after the first search of a session: arithmetic only). Layouts per second = 47,460 ÷ the mean.
/// Run with: dotnet run -c Release --project benchmarks/Colossim.Benchmarks -- --filter '*LayoutSearch*' --job short
/// </summary>
[MemoryDiagnoser]
public class LayoutSearchBenchmarks
{
    private TrainingJob _job = null!;
    private KernelModel _kernels = null!;
    private Topology _topology = null!;
    private TrainingStepModel _warm = null!;

    [GlobalSetup]
    public void Setup()
    {
        var catalog = ColossimCatalog.BuiltIn;
        var gpu = catalog.Gpus["h100-sxm"];
        _job = new TrainingJob { Model = catalog.Models["llama3-405b"], Gpu = gpu, Gpus = 16_384, SeqLen = 8192, GlobalBatchTokens = 16L << 20 };
        _kernels = KernelModel.For(gpu, catalog);
        var plan = ClusterPlanner.Build(16_384, new PlanOptions { Gpu = gpu, System = catalog.Systems["dgx-h100"], Fabric = catalog.Fabrics["infiniband-ndr"] });
        _topology = Topology.FromPlan(plan);
        _warm = new TrainingStepModel(_job, _kernels, _topology, new CollectiveModel(_topology));
        LayoutSearch.Search(_warm);
    }

    /// <summary>A search with every shape already timed.</summary>
    [Benchmark(Baseline = true)]
    public long Warm() => LayoutSearch.Search(_warm).LayoutsEvaluated;

    /// <summary>A search from a fresh step model.</summary>
    [Benchmark]
    public long Cold() => LayoutSearch.Search(new TrainingStepModel(_job, _kernels, _topology, new CollectiveModel(_topology))).LayoutsEvaluated;
}
