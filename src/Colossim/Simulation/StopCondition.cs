using Colossim.Units;

namespace Colossim.Simulation;

/// <summary>
/// When <see cref="Simulator.Run(StopCondition)"/> stops, besides an explicit <see cref="Simulator.Stop"/> and an
/// empty queue. Limits combine: the run stops at whichever is met first. The default instance has no limits.
/// </summary>
public sealed record StopCondition
{
    private readonly long _maxEvents = long.MaxValue;

    /// <summary>No limit: run until the queue is empty or a handler calls <see cref="Simulator.Stop"/>.</summary>
    public static StopCondition None { get; } = new();

    /// <summary>
    /// Process every event at or before this time, then stop with the clock at this time, even if the queue ran dry
    /// earlier. <see cref="SimTime.MaxValue"/> (the default) means no time limit. Must not be before the clock when
    /// the run starts.
    /// </summary>
    public SimTime Until { get; init; } = SimTime.MaxValue;

    /// <summary>The most events to process in this run; at least 0. The default, <see cref="long.MaxValue"/>, is no limit.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public long MaxEvents
    {
        get => _maxEvents;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _maxEvents = value;
        }
    }

    /// <summary>
    /// A predicate checked after each event (not before the first); the run stops when it returns true. Null (the
    /// default) means none. Called once per event, so it should be cheap and must not allocate if the run is to stay
    /// allocation-free.
    /// </summary>
    public Func<Simulator, bool>? When { get; init; }

    /// <summary>Stop once every event at or before <paramref name="time"/> has been processed.</summary>
    /// <param name="time">The time at which to stop; the clock reads it afterwards.</param>
    public static StopCondition At(SimTime time) => new() { Until = time };

    /// <summary>Stop after <paramref name="count"/> events.</summary>
    /// <param name="count">The number of events to process; at least 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public static StopCondition AfterEvents(long count) => new() { MaxEvents = count };

    /// <summary>Stop after the first event following which <paramref name="predicate"/> returns true.</summary>
    /// <param name="predicate">Checked after every event.</param>
    public static StopCondition WhenTrue(Func<Simulator, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return new() { When = predicate };
    }
}
