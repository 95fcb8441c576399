using BenchmarkDotNet.Attributes;
using Colossim.Catalog;
using Colossim.Facility;
using Colossim.Network;
using Colossim.Performance;
using Colossim.Units;

namespace Colossim.Benchmarks;

/// <summary>
/// How long one collective prediction takes (<see cref="CollectiveModel"/>): a group shape seen before (answered from
/// the cache), an 8-GPU all-reduce computed afresh (every algorithm and protocol tried), and a hierarchical all-reduce
/// over 100,000 H100s computed afresh. Fresh calls change the size by one byte each time, so they never hit the cache.
/// Run with: dotnet run -c Release --project benchmarks/Colossim.Benchmarks -- --filter '*Collective*' --job short
/// </summary>
[MemoryDiagnoser]
public class CollectiveBenchmarks
{
    private CollectiveModel _model = null!;
    private CommGroup _node = null!;
    private CommGroup _site = null!;
    private readonly Bytes _size = Bytes.Parse("64MiB");
    private double _bytes = 64 << 20;

    [GlobalSetup]
    public void Setup()
    {
        var catalog = ColossimCatalog.BuiltIn;
        var plan = ClusterPlanner.Build(100_000, new PlanOptions
        {
            Gpu = catalog.Gpus["h100-sxm"],
            System = catalog.Systems["dgx-h100"],
            Fabric = catalog.Fabrics["infiniband-ndr"],
        });
        var topology = Topology.FromPlan(plan);
        _model = new CollectiveModel(topology);
        _node = topology.Group(8);
        _site = topology.Group(100_000);
        _model.Predict(Collective.AllReduce, _size, _node);
    }

    [Benchmark(Baseline = true)]
    public Duration CachedAllReduce8() => _model.Predict(Collective.AllReduce, _size, _node).Time;

    [Benchmark]
    public Duration FreshAllReduce8() => _model.Predict(Collective.AllReduce, new Bytes(_bytes++), _node).Time;

    [Benchmark]
    public Duration FreshHierarchicalAllReduce100k() => _model.Predict(Collective.AllReduce, new Bytes(_bytes++), _site, CollectiveAlgorithm.Hierarchical).Time;

    [Benchmark]
    public Duration FreshAutoAllReduce100k() => _model.Predict(Collective.AllReduce, new Bytes(_bytes++), _site).Time;
}
