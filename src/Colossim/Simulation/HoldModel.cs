using System.Diagnostics;
using System.Reflection;
using Colossim.Units;

namespace Colossim.Simulation;

/// <summary>
/// The classic hold model for benchmarking event queues (Vaucher and Duval 1975; Jones 1986): keep
/// <c>pending</c> events in the queue; each processed event schedules one more at an exponentially distributed delay
/// (mean 1 s of simulated time). It measures the engine's full per-event cost: dequeue, dispatch to a handler, one
/// random draw and one enqueue. <see cref="Compare(long, int, ulong, TimeSpan)"/> runs the same workload on .NET's
/// <see cref="PriorityQueue{TElement, TPriority}"/> beside it, so that the engine's speed can be quoted as a ratio to a
/// peer measured in the same run on the same machine.
/// </summary>
public static class HoldModel
{
    /// <summary>
    /// The number of alternating rounds <see cref="Compare(long, int, ulong, TimeSpan)"/> splits the timed events
    /// into (engine, peer, peer, engine, ...), so that a change in the machine's load hits both about equally.
    /// </summary>
    private const int CompareRounds = 4;

    /// <summary>The mean delay of a rescheduled event: 1 s, so that with 10^5 pending events ties are rare.</summary>
    public static Duration MeanDelay { get; } = Duration.FromSeconds(1);

    /// <summary>The default minimum wall-clock warm-up: 0.5 s, long enough for tiered JIT to optimise the loop.</summary>
    public static TimeSpan DefaultWarmup { get; } = TimeSpan.FromSeconds(0.5);

    /// <summary>
    /// The most events the engine's queue holds at once: 268,435,456 (2^28). Memory usually binds first: see
    /// <see cref="EngineBytesPerPendingEvent"/>.
    /// </summary>
    public static int MaxPending => EventQueue.MaxCapacity;

    /// <summary>
    /// An upper bound on the managed memory the engine holds per pending event in the hold model, in bytes (the event's
    /// payload slot, its queue entry in every tier it can pass through, and the slack of arrays grown by doubling).
    /// Multiply by the pending count to size a run before starting it.
    /// </summary>
    public static int EngineBytesPerPendingEvent => EventQueue.BytesPerPendingEvent;

    /// <summary>
    /// The managed memory the <see cref="PriorityQueue{TElement, TPriority}"/> peer holds per pending event, in bytes:
    /// one (element, priority) node of an <c>int</c> and a <c>long</c>, 16 bytes, in an array sized once.
    /// </summary>
    public static int BaselineBytesPerPendingEvent => 16;

    /// <summary>
    /// Whether the engine's assembly was compiled with the JIT optimiser on (a Release build). Throughput measured
    /// without it (a Debug build) says nothing about the engine.
    /// </summary>
    public static bool IsOptimizedBuild { get; } =
        typeof(HoldModel).Assembly.GetCustomAttribute<DebuggableAttribute>() is not { IsJITOptimizerDisabled: true };

    /// <summary>Runs the hold model with the default warm-up and reports its throughput.</summary>
    /// <param name="events">The number of events to time; at least 1.</param>
    /// <param name="pending">The number of events kept pending; at least 1.</param>
    /// <param name="seed">The seed of the delay stream (stream name <c>"hold"</c>).</param>
    /// <returns>The timed event count, wall time, events per second and bytes allocated per event.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="events"/> or <paramref name="pending"/> is less than 1.</exception>
    public static HoldModelResult Run(long events, int pending, ulong seed) => Run(events, pending, seed, DefaultWarmup);

    /// <summary>Runs the hold model and reports its throughput.</summary>
    /// <param name="events">The number of events to time; at least 1.</param>
    /// <param name="pending">The number of events kept pending; in [1, 2^28].</param>
    /// <param name="seed">The seed of the delay stream (stream name <c>"hold"</c>).</param>
    /// <param name="minimumWarmup">
    /// The least wall-clock time to spend on untimed events first (zero or more). The warm-up also processes at least
    /// <paramref name="pending"/> events, so the queue reaches its steady state before timing starts.
    /// </param>
    /// <returns>The timed event count, wall time, events per second and bytes allocated per event.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static HoldModelResult Run(long events, int pending, ulong seed, TimeSpan minimumWarmup)
    {
        Check(events, pending, minimumWarmup);
        var engine = new EngineHold(pending, seed);
        var warmup = engine.WarmUp(minimumWarmup);
        var timing = engine.Time(events);
        return engine.Result(events, warmup, timing);
    }

    /// <summary>
    /// Runs the hold model on the engine and on the <see cref="PriorityQueue{TElement, TPriority}"/> peer in the same
    /// process, alternating between them in rounds, and reports both and their ratio.
    /// </summary>
    /// <param name="events">The number of events to time on each; at least 1.</param>
    /// <param name="pending">The number of events kept pending in each; in [1, 2^28].</param>
    /// <param name="seed">The seed of the delay stream (stream name <c>"hold"</c>); both draw the same delays.</param>
    /// <param name="minimumWarmup">The least wall-clock time each spends on untimed events first (zero or more).</param>
    /// <returns>The engine's result, the peer's and the ratio of their rates.</returns>
    /// <remarks>
    /// The peer is the hold model's loop on <c>PriorityQueue&lt;int, long&gt;</c> (a 4-ary heap keyed by time
    /// alone): peek the earliest time, then <c>DequeueEnqueue</c> at that time plus a delay drawn from the same stream,
    /// with the same distribution, the same number of times. It does less than the engine: no handler dispatch, no
    /// payload, no tie-break by priority and order, no cancellation.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static HoldModelComparison Compare(long events, int pending, ulong seed, TimeSpan minimumWarmup)
    {
        Check(events, pending, minimumWarmup);
        var engine = new EngineHold(pending, seed);
        var engineWarmup = engine.WarmUp(minimumWarmup);
        var peer = new PeerHold(pending, seed);
        var peerWarmup = peer.WarmUp(minimumWarmup);

        var engineTiming = default(Timing);
        var peerTiming = default(Timing);
        var done = 0L;
        for (var round = 0; round < CompareRounds; round++)
        {
            var share = round == CompareRounds - 1 ? events - done : events / CompareRounds;
            done += share;
            if (share == 0)
            {
                continue;
            }

            if (round % 2 == 0)
            {
                engineTiming += engine.Time(share);
                peerTiming += peer.Time(share);
            }
            else
            {
                peerTiming += peer.Time(share);
                engineTiming += engine.Time(share);
            }
        }

        var engineResult = engine.Result(events, engineWarmup, engineTiming);
        var peerResult = peer.Result(events, peerWarmup, peerTiming);
        return new HoldModelComparison
        {
            Engine = engineResult,
            Baseline = peerResult,
            Speedup = engineResult.EventsPerSecond / peerResult.EventsPerSecond,
        };
    }

    private static void Check(long events, int pending, TimeSpan minimumWarmup)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(events, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pending, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pending, EventQueue.MaxCapacity);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumWarmup, TimeSpan.Zero);
    }

    /// <summary>Stopwatch ticks and bytes allocated on the thread over some timed events.</summary>
    private readonly record struct Timing(long Ticks, long Allocated)
    {
        public static Timing operator +(Timing a, Timing b) => new(a.Ticks + b.Ticks, a.Allocated + b.Allocated);
    }

    /// <summary>One implementation of the hold model: warmed up, then timed in one or more slices.</summary>
    private abstract class Hold(int pending)
    {
        protected int Pending { get; } = pending;

        /// <summary>Processes <paramref name="events"/> events.</summary>
        protected abstract void Advance(long events);

        protected abstract int PendingNow { get; }

        /// <summary>
        /// Warms up until the queue has reached its steady state (every initial event replaced once) and the JIT has
        /// settled: small batches, so that the loop is called often enough for tiered compilation to promote it.
        /// Returns the number of warm-up events.
        /// </summary>
        public long WarmUp(TimeSpan minimumWarmup)
        {
            const int Batch = 10_000;
            var warmupEvents = 0L;
            var warmupStart = Stopwatch.GetTimestamp();
            do
            {
                Advance(Batch);
                warmupEvents += Batch;
            }
            while (warmupEvents < Pending || Stopwatch.GetElapsedTime(warmupStart) < minimumWarmup);

            return warmupEvents;
        }

        public Timing Time(long events)
        {
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var start = Stopwatch.GetTimestamp();
            Advance(events);
            var end = Stopwatch.GetTimestamp();
            return new Timing(end - start, GC.GetAllocatedBytesForCurrentThread() - allocatedBefore);
        }

        public HoldModelResult Result(long events, long warmupEvents, Timing timing)
        {
            // At least one tick, so that a run too short to measure still gives finite rates (JSON has no infinity).
            var wallSeconds = (double)Math.Max(timing.Ticks, 1) / Stopwatch.Frequency;
            return new HoldModelResult
            {
                Events = events,
                Pending = Pending,
                WarmupEvents = warmupEvents,
                WallSeconds = wallSeconds,
                EventsPerSecond = events / wallSeconds,
                AllocatedBytesPerEvent = (double)timing.Allocated / events,
                PendingAtEnd = PendingNow,
            };
        }
    }

    /// <summary>The hold model on the engine: a handler that reschedules itself each time it fires.</summary>
    private sealed class EngineHold : Hold
    {
        private readonly Simulator _simulator;

        public EngineHold(int pending, ulong seed)
            : base(pending)
        {
            _simulator = new Simulator(pending);
            var hold = new HoldHandler(new RandomStreams(seed).Get("hold"));
            var id = _simulator.Register(hold);
            for (var i = 0; i < pending; i++)
            {
                _simulator.Schedule(hold.NextDelay(), id);
            }
        }

        protected override int PendingNow => _simulator.PendingCount;

        protected override void Advance(long events) => _simulator.Run(StopCondition.AfterEvents(events));
    }

    /// <summary>The same loop on <see cref="PriorityQueue{TElement, TPriority}"/>, keyed by time alone.</summary>
    private sealed class PeerHold : Hold
    {
        private readonly PriorityQueue<int, long> _queue;
        private readonly RandomStream _random;

        public PeerHold(int pending, ulong seed)
            : base(pending)
        {
            _queue = new PriorityQueue<int, long>(pending);
            _random = new RandomStreams(seed).Get("hold");
            for (var i = 0; i < pending; i++)
            {
                _queue.Enqueue(0, _random.Exponential(MeanDelay).Nanoseconds);
            }
        }

        protected override int PendingNow => _queue.Count;

        protected override void Advance(long events)
        {
            var queue = _queue;
            var random = _random;
            var mean = MeanDelay;
            for (var i = 0L; i < events; i++)
            {
                queue.TryPeek(out _, out var now);
                queue.DequeueEnqueue(0, now + random.Exponential(mean).Nanoseconds);
            }
        }
    }

    /// <summary>Reschedules itself at an exponential delay each time it fires.</summary>
    private sealed class HoldHandler(RandomStream random) : IEventHandler
    {
        public Duration NextDelay() => random.Exponential(MeanDelay);

        public void Handle(Simulator simulator, in SimEvent e) => simulator.Schedule(NextDelay(), e.Handler);
    }
}
