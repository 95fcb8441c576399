using Colossim.Units;

namespace Colossim.Catalog;

/// <summary>A scale-out switch family: radix, port speed, power and price, for building fat trees.</summary>
public sealed record FabricSpec
{
    /// <summary>Catalog id (<c>infiniband-ndr</c>, <c>spectrum-x</c>).</summary>
    public required string Id { get; init; }

    /// <summary>Marketing name of the switch (<c>NVIDIA Quantum-2 QM9700</c>).</summary>
    public required string Name { get; init; }

    /// <summary><c>infiniband</c> or <c>ethernet</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>Ports per switch at <see cref="PortBandwidth"/>.</summary>
    public required int Radix { get; init; }

    /// <summary>Speed of one port.</summary>
    public required Bandwidth PortBandwidth { get; init; }

    /// <summary>Typical power of one switch.</summary>
    public required Watts SwitchPower { get; init; }

    /// <summary>Indicative price of one switch.</summary>
    public required Usd SwitchPrice { get; init; }

    /// <summary>Indicative price of one optical transceiver at <see cref="PortBandwidth"/>.</summary>
    public required Usd TransceiverPrice { get; init; }

    /// <summary>Power of one optical transceiver.</summary>
    public required Watts TransceiverPower { get; init; }

    /// <summary>Where each figure comes from, keyed by the field's snake_case name.</summary>
    public IReadOnlyDictionary<string, string> Sources { get; init; } = new Dictionary<string, string>();
}
