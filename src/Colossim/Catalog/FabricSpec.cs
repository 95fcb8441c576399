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

    /// <summary>Indicative price of one switch-side optical module (carrying <see cref="PortsPerTransceiver"/> ports), fibre included.</summary>
    public required Usd TransceiverPrice { get; init; }

    /// <summary>Power of one switch-side optical module.</summary>
    public required Watts TransceiverPower { get; init; }

    /// <summary>How many slower ports one native port may be split into (2 lets an 800G port serve two 400G NICs); 1 when it cannot be split.</summary>
    public int MaxBreakout { get; init; } = 1;

    /// <summary>Native switch ports served by one optical module (2 for a twin-port OSFP); <see cref="TransceiverPrice"/> and <see cref="TransceiverPower"/> are per module.</summary>
    public int PortsPerTransceiver { get; init; } = 1;

    /// <summary>Where each figure comes from, keyed by the field's snake_case name.</summary>
    public IReadOnlyDictionary<string, string> Sources { get; init; } = new Dictionary<string, string>();
}
