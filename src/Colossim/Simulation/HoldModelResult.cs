namespace Colossim.Simulation;

/// <summary>The outcome of one <see cref="HoldModel"/> run.</summary>
public sealed record HoldModelResult
{
    /// <summary>The number of timed events; at least 1.</summary>
    public required long Events { get; init; }

    /// <summary>The number of events kept pending in the queue; at least 1.</summary>
    public required int Pending { get; init; }

    /// <summary>The number of untimed warm-up events processed before timing started.</summary>
    public required long WarmupEvents { get; init; }

    /// <summary>The wall-clock time of the timed events, in seconds (Stopwatch resolution; at least one tick).</summary>
    public required double WallSeconds { get; init; }

    /// <summary>Timed events divided by <see cref="WallSeconds"/>, in events per second.</summary>
    public required double EventsPerSecond { get; init; }

    /// <summary>Bytes allocated on the running thread during the timed events, divided by <see cref="Events"/>; 0 is the goal.</summary>
    public required double AllocatedBytesPerEvent { get; init; }

    /// <summary>The number of pending events after the run; equals <see cref="Pending"/> when the model ran correctly.</summary>
    public required int PendingAtEnd { get; init; }
}
