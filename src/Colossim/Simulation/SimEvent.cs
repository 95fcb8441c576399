using Colossim.Units;

namespace Colossim.Simulation;

/// <summary>
/// An event as delivered to <see cref="IEventHandler.Handle"/>: a small struct passed by reference, so delivery
/// copies and allocates nothing. What <see cref="Kind"/>, <see cref="Arg0"/> and <see cref="Arg1"/> mean is up to the
/// handler (for example kind 1 = arrival, arg0 = request id).
/// </summary>
public readonly struct SimEvent
{
    internal SimEvent(SimTime time, HandlerId handler, int kind, long arg0, long arg1, EventHandle handle)
    {
        Time = time;
        Handler = handler;
        Kind = kind;
        Arg0 = arg0;
        Arg1 = arg1;
        Handle = handle;
    }

    /// <summary>The simulated time at which the event fires (equal to <see cref="Simulator.Now"/> while handled).</summary>
    public SimTime Time { get; }

    /// <summary>The handler the event is addressed to (the one handling it); handy for rescheduling to itself.</summary>
    public HandlerId Handler { get; }

    /// <summary>A handler-defined event type; any value.</summary>
    public int Kind { get; }

    /// <summary>The first handler-defined argument; any value.</summary>
    public long Arg0 { get; }

    /// <summary>The second handler-defined argument; any value.</summary>
    public long Arg1 { get; }

    /// <summary>The handle the event was scheduled under (no longer pending once delivered).</summary>
    public EventHandle Handle { get; }
}
