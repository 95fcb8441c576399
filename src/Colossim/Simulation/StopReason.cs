namespace Colossim.Simulation;

/// <summary>Why <see cref="Simulator.Run(StopCondition)"/> returned.</summary>
public enum StopReason
{
    /// <summary>No events remain and no time limit was set.</summary>
    QueueEmpty,

    /// <summary>Every event at or before <see cref="StopCondition.Until"/> was processed; the clock now reads that time.</summary>
    TimeReached,

    /// <summary><see cref="StopCondition.MaxEvents"/> events were processed in this run.</summary>
    EventLimitReached,

    /// <summary><see cref="StopCondition.When"/> returned true after an event.</summary>
    PredicateSatisfied,

    /// <summary>A handler (or the predicate) called <see cref="Simulator.Stop"/>.</summary>
    Stopped,
}
