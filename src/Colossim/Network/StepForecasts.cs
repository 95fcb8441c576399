using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Facility;
using Colossim.Performance;
using Colossim.Units;

namespace Colossim.Network;

/// <summary>
/// <c>colossim predict</c>'s one library call: the step of <see cref="StepQuery.Forecast"/> with its collectives timed
/// by <see cref="CollectiveModel"/> over the GPU's system (the first catalog system holding it, else a generic server):
/// a site of <c>tp × ep</c> GPUs on an InfiniBand fabric, ranks packed, so a tensor-parallel group inside one scale-up
/// domain uses NVLink and a larger one crosses the NICs. Communication is not overlapped with compute.
/// </summary>
public static class StepForecasts
{
    /// <summary>The forecast, or <see langword="null"/> with the query's problems recorded (as <see cref="StepQuery.Forecast"/>).</summary>
    public static StepForecast? Forecast(StepQuery query, ColossimCatalog catalog, Problems problems)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(catalog);
        var communication = query.Tp is >= 1 and <= 1024 && query.Ep is >= 1 and <= 1024
            && catalog.ResolveGpu(query.Gpu, new Problems()) is { } gpu
            ? For(catalog, gpu, query.Tp * query.Ep)
            : null;
        return (query with { Communication = communication }).Forecast(catalog, problems);
    }

    /// <summary>Collectives among <paramref name="gpus"/> packed GPUs of <paramref name="gpu"/>'s system, groups placed on its scale-up domains.</summary>
    public static ICommunication For(ColossimCatalog catalog, GpuSpec gpu, int gpus)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(gpu);
        ArgumentOutOfRangeException.ThrowIfLessThan(gpus, 1);
        var system = catalog.Systems.Values.FirstOrDefault(s => string.Equals(s.Gpu, gpu.Id, StringComparison.OrdinalIgnoreCase))
            ?? ClusterPlanner.GenericSystem(gpu, FacilityDefaults.BuiltIn);
        var fabric = catalog.Fabrics.TryGetValue("infiniband-ndr", out var ndr) ? ndr : catalog.Fabrics.Values.First();
        var topology = Topology.FromPlan(ClusterPlanner.Build(gpus, new PlanOptions { Gpu = gpu, System = system, Fabric = fabric }));
        return new Placed(topology);
    }

    /// <summary>Places a group the step model describes as one domain (<see cref="CommGroup.InOneScaleUpDomain"/>) on the topology when it is larger than a domain.</summary>
    private sealed class Placed(Topology topology) : ICommunication
    {
        private readonly CollectiveModel _model = new(topology);

        public Duration Time(Collective collective, Bytes perRank, CommGroup group)
        {
            var placed = group.Ranks > topology.GpusPerScaleUpDomain && !group.CrossesScaleOut && group.Ranks <= topology.Gpus
                ? topology.Group(group.Ranks)
                : group;
            return _model.Time(collective, perRank, placed);
        }
    }
}
