using Colossim.Simulation;
using Colossim.Units;

namespace Colossim.Tests.Simulation;

/// <summary>A test handler that records every event it receives and can react through a callback.</summary>
internal sealed class RecordingHandler(Action<Simulator, SimEvent>? react = null) : IEventHandler
{
    public List<(SimTime Time, int Kind, long Arg0, long Arg1)> Events { get; } = [];

    public List<long> Arg0s => Events.ConvertAll(e => e.Arg0);

    public void Handle(Simulator simulator, in SimEvent e)
    {
        Events.Add((e.Time, e.Kind, e.Arg0, e.Arg1));
        react?.Invoke(simulator, e);
    }
}
