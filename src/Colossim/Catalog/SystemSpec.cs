using Colossim.Units;

namespace Colossim.Catalog;

/// <summary>A server or rack-scale system: how many GPUs of which kind it holds, its network cards, power and price.</summary>
public sealed record SystemSpec
{
    /// <summary>Catalog id (<c>hgx-h100</c>, <c>gb200-nvl72</c>).</summary>
    public required string Id { get; init; }

    /// <summary>Marketing name.</summary>
    public required string Name { get; init; }

    /// <summary>The catalog id of the GPU it holds.</summary>
    public required string Gpu { get; init; }

    /// <summary>GPUs in one node (server or compute tray).</summary>
    public required int GpusPerNode { get; init; }

    /// <summary>GPUs in one rack as usually deployed (32 for four HGX nodes per rack; 72 for NVL72).</summary>
    public required int GpusPerRack { get; init; }

    /// <summary>Maximum power of one node, GPUs included.</summary>
    public required Watts NodePower { get; init; }

    /// <summary>Scale-out network cards per GPU (1 for rail-optimised designs).</summary>
    public required double NicsPerGpu { get; init; }

    /// <summary>Speed of one scale-out network card.</summary>
    public required Bandwidth NicBandwidth { get; init; }

    /// <summary>GPUs in one scale-up (NVLink) domain in this system.</summary>
    public required int ScaleUpDomain { get; init; }

    /// <summary>Indicative price of one node, GPUs included.</summary>
    public required Usd NodePrice { get; init; }

    /// <summary>GPUs in one scalable unit, the vendor's building block of a cluster (256 for a DGX SuperPOD SU of 32 nodes); <see langword="null"/> when not given.</summary>
    public int? ScalableUnitGpus { get; init; }

    /// <summary><c>air</c> or <c>liquid</c> when the system requires one (NVL72 racks are liquid-cooled); <see langword="null"/> lets a planner choose from rack density.</summary>
    public string? Cooling { get; init; }

    /// <summary>Where each figure comes from, keyed by the field's snake_case name.</summary>
    public IReadOnlyDictionary<string, string> Sources { get; init; } = new Dictionary<string, string>();
}
