using System.Diagnostics.CodeAnalysis;

namespace Colossim.Simulation;

/// <summary>
/// Something that reacts to events: a component of a simulation (a queue, a GPU, a router). A handler is registered
/// once with <see cref="Simulator.Register"/>, which returns the <see cref="HandlerId"/> that events addressed to it
/// carry. The simulator calls <see cref="Handle"/> through a plain interface call on an object it already holds, so
/// dispatching an event allocates nothing.
/// </summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "The discrete-event term of art; this is not a .NET event delegate.")]
public interface IEventHandler
{
    /// <summary>
    /// Handles one event. <see cref="Simulator.Now"/> already equals <see cref="SimEvent.Time"/>. The handler may
    /// schedule and cancel events and call <see cref="Simulator.Stop"/>, but not call <c>Run</c> again.
    /// </summary>
    /// <param name="simulator">The simulator processing the event.</param>
    /// <param name="e">The event: its time, the handler-defined kind and two 64-bit arguments.</param>
    void Handle(Simulator simulator, in SimEvent e);
}
