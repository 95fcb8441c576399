namespace Colossim.Simulation;

/// <summary>
/// Identifies one scheduled event so it can be cancelled (<see cref="Simulator.Cancel"/>) or queried
/// (<see cref="Simulator.IsPending"/>). A handle stays valid after its event fires or is cancelled: it then simply
/// refers to nothing pending, even when the simulator reuses the event's storage. A handle is meaningful only to the
/// simulator that issued it. The default value refers to no event.
/// </summary>
public readonly record struct EventHandle
{
    internal EventHandle(int slot, ulong key)
    {
        Slot = slot;
        Key = key;
    }

    /// <summary>Whether this is the default value, which refers to no event.</summary>
    public bool IsNone => Key == 0;

    /// <summary>The index of the event's storage slot.</summary>
    internal int Slot { get; }

    /// <summary>The event's ordering key (priority and sequence number); unique within a simulator, never 0.</summary>
    internal ulong Key { get; }
}
