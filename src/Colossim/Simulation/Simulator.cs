using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Colossim.Units;

namespace Colossim.Simulation;

/// <summary>
/// A discrete-event simulation kernel: a clock in integer nanoseconds and one queue of pending events ordered by
/// (time, priority, schedule order), so that events at the same time fire in a deterministic order.
/// </summary>
/// <remarks>
/// <para><b>Dispatch without allocation.</b> Components implement <see cref="IEventHandler"/> and are registered once
/// (<see cref="Register"/>); the returned <see cref="HandlerId"/> is an index into the simulator's handler table. An
/// event is a plain struct: time, priority, handler index, an <c>int</c> kind and two <c>long</c> arguments, stored in
/// pre-grown arrays (see <c>EventQueue</c>). Firing an event is an array lookup and one interface call with the
/// event passed by reference. No delegate, closure or boxed payload is created per event, so once the arrays have
/// grown to the peak number of pending events the loop allocates nothing. A handler that needs more than two
/// arguments keeps its own table and passes an index.</para>
/// <para><b>Determinism.</b> Ties in time are broken by priority (lower first), then by the order in which the events
/// were scheduled. Randomness comes from <see cref="RandomStreams"/>, never from the simulator.</para>
/// <para>A simulator is single-threaded and not thread-safe. Two simulators share no state.</para>
/// </remarks>
public sealed class Simulator
{
    private const int DefaultCapacity = 1024;

    /// <summary>
    /// The most events one call of the inner loop processes: tens of microseconds of work, and fewer than the loop
    /// iterations (1,000) after which the JIT would replace the profiling code on the stack before it has a profile.
    /// </summary>
    private const long BatchSize = 512;

    /// <summary>What the inner loop returns when it has processed its batch and nothing else stopped it.</summary>
    private const StopReason BatchDone = (StopReason)(-1);

    private readonly EventQueue _queue;
    private IEventHandler[] _handlers = new IEventHandler[8];
    private int _handlerCount;
    private SimTime _now;
    private long _eventsProcessed;
    private bool _running;
    private bool _stopRequested;

    /// <summary>Creates a simulator with the clock at <see cref="SimTime.Zero"/> and no pending events.</summary>
    public Simulator()
        : this(DefaultCapacity)
    {
    }

    /// <summary>Creates a simulator whose event storage is pre-sized; it still grows (by doubling) when needed.</summary>
    /// <param name="initialCapacity">The number of simultaneously pending events to make room for; at least 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="initialCapacity"/> is negative.</exception>
    public Simulator(int initialCapacity)
    {
        _queue = new EventQueue(initialCapacity);
    }

    /// <summary>Creates a simulator whose queue leaves heap mode above <paramref name="heapModeLimit"/> events (for tests).</summary>
    internal Simulator(int initialCapacity, int heapModeLimit)
    {
        _queue = new EventQueue(initialCapacity, heapModeLimit);
    }

    /// <summary>The smallest priority, which fires first among events at the same time: -32768.</summary>
    public const int MinPriority = EventQueue.MinPriority;

    /// <summary>The largest priority, which fires last among events at the same time: 32767.</summary>
    public const int MaxPriority = EventQueue.MaxPriority;

    /// <summary>The current simulated time: the time of the event being (or last) processed, or the stop time.</summary>
    public SimTime Now => _now;

    /// <summary>The number of events processed since the simulator was created, across all runs.</summary>
    public long EventsProcessed => _eventsProcessed;

    /// <summary>The number of pending events: scheduled, not yet fired and not cancelled.</summary>
    public int PendingCount => _queue.Count;

    /// <summary>Whether a <c>Run</c> call is in progress (true inside handlers).</summary>
    public bool IsRunning => _running;

    /// <summary>
    /// The time of the earliest pending event, or null when none is pending. Not on the hot path (the queue may
    /// discard cancelled entries to answer).
    /// </summary>
    public SimTime? NextEventTime => _queue.TryPeekTime(out var time) ? new SimTime(time) : null;

    /// <summary>Registers a handler and returns the identifier that events addressed to it carry.</summary>
    /// <param name="handler">The handler; registering the same object twice gives two identifiers.</param>
    /// <returns>An identifier valid for this simulator only.</returns>
    public HandlerId Register(IEventHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (_handlerCount == _handlers.Length)
        {
            Array.Resize(ref _handlers, _handlers.Length * 2);
        }

        _handlers[_handlerCount] = handler;
        return new HandlerId(_handlerCount++);
    }

    /// <summary>Schedules an event <paramref name="delay"/> after <see cref="Now"/>.</summary>
    /// <param name="delay">How long from now; zero or positive (zero fires after the current event, in order).</param>
    /// <param name="handler">Who handles it, from <see cref="Register"/> on this simulator.</param>
    /// <param name="kind">A handler-defined event type; any value.</param>
    /// <param name="arg0">A handler-defined argument; any value.</param>
    /// <param name="arg1">A second handler-defined argument; any value.</param>
    /// <param name="priority">
    /// The tie-break among events at the same time, in [<see cref="MinPriority"/>, <see cref="MaxPriority"/>]; lower
    /// fires first; 0 by default. Events with equal time and priority fire in the order they were scheduled.
    /// </param>
    /// <returns>A handle for <see cref="Cancel"/> and <see cref="IsPending"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// The delay is negative or reaches <see cref="SimTime.MaxValue"/> (which means never), or the priority is out of range.
    /// </exception>
    /// <exception cref="ArgumentException">The handler was not registered with this simulator.</exception>
    public EventHandle Schedule(Duration delay, HandlerId handler, int kind = 0, long arg0 = 0, long arg1 = 0, int priority = 0)
    {
        var now = _now.Nanoseconds;
        if (unchecked((ulong)delay.Nanoseconds >= (ulong)(long.MaxValue - now)))
        {
            ThrowBadDelay(delay);
        }

        return Enqueue(now + delay.Nanoseconds, handler, kind, arg0, arg1, priority);
    }

    /// <summary>Schedules an event at the absolute time <paramref name="time"/>.</summary>
    /// <param name="time">When it fires; not before <see cref="Now"/> (equal to it fires after the current event) and before <see cref="SimTime.MaxValue"/>.</param>
    /// <param name="handler">Who handles it, from <see cref="Register"/> on this simulator.</param>
    /// <param name="kind">A handler-defined event type; any value.</param>
    /// <param name="arg0">A handler-defined argument; any value.</param>
    /// <param name="arg1">A second handler-defined argument; any value.</param>
    /// <param name="priority">The tie-break among events at the same time, in [<see cref="MinPriority"/>, <see cref="MaxPriority"/>]; lower fires first.</param>
    /// <returns>A handle for <see cref="Cancel"/> and <see cref="IsPending"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The time is in the past or is <see cref="SimTime.MaxValue"/>, or the priority is out of range.</exception>
    /// <exception cref="ArgumentException">The handler was not registered with this simulator.</exception>
    public EventHandle ScheduleAt(SimTime time, HandlerId handler, int kind = 0, long arg0 = 0, long arg1 = 0, int priority = 0)
    {
        if (time < _now || time == SimTime.MaxValue)
        {
            ThrowBadTime(time, _now);
        }

        return Enqueue(time.Nanoseconds, handler, kind, arg0, arg1, priority);
    }

    /// <summary>Cancels a pending event in O(1); a cancelled event never fires.</summary>
    /// <param name="handle">A handle from <see cref="Schedule"/> or <see cref="ScheduleAt"/> on this simulator.</param>
    /// <returns>True if the event was pending; false if it already fired, was already cancelled, or the handle is the default.</returns>
    public bool Cancel(EventHandle handle) => _queue.Cancel(handle);

    /// <summary>Whether the event is scheduled and has neither fired nor been cancelled.</summary>
    /// <param name="handle">A handle from this simulator.</param>
    public bool IsPending(EventHandle handle) => _queue.IsPending(handle);

    /// <summary>
    /// Asks the current run to return after the handler that is executing returns (with <see cref="StopReason.Stopped"/>).
    /// Has no effect when no run is in progress; pending events stay queued for the next run.
    /// </summary>
    public void Stop()
    {
        if (_running)
        {
            _stopRequested = true;
        }
    }

    /// <summary>Processes events until the queue is empty or a handler calls <see cref="Stop"/>.</summary>
    /// <returns>Why the run stopped.</returns>
    public StopReason Run() => Run(StopCondition.None);

    /// <summary>Processes every event at or before <paramref name="time"/>, then sets the clock to it.</summary>
    /// <param name="time">The stop time; not before <see cref="Now"/>.</param>
    /// <returns>Why the run stopped: <see cref="StopReason.TimeReached"/> unless a handler stopped it first.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="time"/> is before <see cref="Now"/>.</exception>
    public StopReason RunUntil(SimTime time) => Run(StopCondition.At(time));

    /// <summary>Processes the next event, if any.</summary>
    /// <returns>True if an event was processed; false if none was pending.</returns>
    public bool Step()
    {
        var before = _eventsProcessed;
        Run(StopCondition.AfterEvents(1));
        return _eventsProcessed != before;
    }

    /// <summary>
    /// Processes events in (time, priority, schedule order) until <paramref name="stop"/> is met, the queue is empty,
    /// or a handler calls <see cref="Stop"/>. A later call resumes where this one stopped. Allocates nothing per event.
    /// </summary>
    /// <param name="stop">The limits on this run.</param>
    /// <returns>Why the run stopped.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="StopCondition.Until"/> is before <see cref="Now"/>.</exception>
    /// <exception cref="InvalidOperationException">A handler called <c>Run</c> (runs do not nest).</exception>
    public StopReason Run(StopCondition stop)
    {
        ArgumentNullException.ThrowIfNull(stop);
        if (_running)
        {
            throw new InvalidOperationException("Run was called while the simulator is already running (from a handler); runs do not nest.");
        }

        if (stop.Until < _now)
        {
            ThrowPastStop(stop.Until, _now);
        }

        _running = true;
        _stopRequested = false;
        try
        {
            return Loop(stop.Until.Nanoseconds, stop.MaxEvents, stop.When);
        }
        finally
        {
            _running = false;
            _stopRequested = false;
        }
    }

    /// <summary>
    /// Runs the event loop in batches of at most <see cref="BatchSize"/> events. A long run is one call of
    /// <see cref="Run(StopCondition)"/>; were the loop in that one call, the JIT could only replace it on the stack
    /// (OSR), without a profile and with the loop's state spilled to the stack. Called once per batch, the loop is
    /// compiled like any hot method: profiled first, then optimised with the profile (the common handler inlined).
    /// </summary>
    private StopReason Loop(long until, long maxEvents, Func<Simulator, bool>? when)
    {
        var remaining = maxEvents;
        while (remaining > 0)
        {
            var before = _eventsProcessed;
            var reason = Batch(until, Math.Min(remaining, BatchSize), when);
            if (reason != BatchDone)
            {
                return reason;
            }

            remaining -= _eventsProcessed - before;
        }

        return StopReason.EventLimitReached;
    }

    /// <summary>
    /// Processes up to <paramref name="count"/> events; returns why it stopped, or <see cref="BatchDone"/> after
    /// <paramref name="count"/> events with no other reason to stop.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private StopReason Batch(long until, long count, Func<Simulator, bool>? when)
    {
        var queue = _queue;
        for (var remaining = count; remaining > 0; remaining--)
        {
            var take = queue.TakeNext(until, out var e);
            if (take != EventQueue.Take.Event)
            {
                if (take == EventQueue.Take.Empty && until == long.MaxValue)
                {
                    return StopReason.QueueEmpty;
                }

                _now = new SimTime(until);
                return StopReason.TimeReached;
            }

            _now = e.Time;
            _eventsProcessed++;
            _handlers[e.Handler.Index].Handle(this, in e);
            if (_stopRequested)
            {
                return StopReason.Stopped;
            }

            if (when is not null && when(this))
            {
                return StopReason.PredicateSatisfied;
            }
        }

        return BatchDone;
    }

    private EventHandle Enqueue(long time, HandlerId handler, int kind, long arg0, long arg1, int priority)
    {
        var index = handler.Index;
        if (unchecked((uint)index >= (uint)_handlerCount))
        {
            ThrowUnknownHandler(handler);
        }

        if (unchecked((uint)(priority - MinPriority) > MaxPriority - MinPriority))
        {
            ThrowBadPriority(priority);
        }

        return _queue.Enqueue(time, priority, index, kind, arg0, arg1);
    }

    [DoesNotReturn]
    private static void ThrowBadDelay(Duration delay) =>
        throw new ArgumentOutOfRangeException(
            nameof(delay),
            delay,
            delay.Nanoseconds < 0
                ? $"An event cannot be scheduled with a negative delay; found {delay}. Use a delay of zero or more."
                : $"The delay {delay} reaches the end of representable time (SimTime.MaxValue, which means never).");

    [DoesNotReturn]
    private static void ThrowBadTime(SimTime time, SimTime now) =>
        throw new ArgumentOutOfRangeException(
            nameof(time),
            time,
            time == SimTime.MaxValue
                ? "An event cannot be scheduled at SimTime.MaxValue, which means never; do not schedule it."
                : $"An event cannot be scheduled in the past: {time} is before the clock, {now}.");

    [DoesNotReturn]
    private static void ThrowPastStop(SimTime until, SimTime now) =>
        throw new ArgumentOutOfRangeException(
            nameof(until),
            until,
            $"A run cannot stop in the past: the stop time {until} is before the clock, {now}.");

    [DoesNotReturn]
    private static void ThrowBadPriority(int priority) =>
        throw new ArgumentOutOfRangeException(
            nameof(priority),
            priority,
            $"A priority must be between {MinPriority} and {MaxPriority}; found {priority}.");

    [DoesNotReturn]
    private static void ThrowUnknownHandler(HandlerId handler) =>
        throw new ArgumentException(
            handler.IsNone
                ? "The handler id is the default value; use the id returned by Register."
                : $"Handler {handler.Value} is not registered with this simulator.",
            nameof(handler));
}
