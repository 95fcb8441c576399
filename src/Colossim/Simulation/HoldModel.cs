using System.Diagnostics;
using Colossim.Units;

namespace Colossim.Simulation;

/// <summary>
/// The classic hold model for benchmarking event queues (Vaucher and Duval 1975; Jones 1986): keep
/// <c>pending</c> events in the queue; each processed event schedules one more at an exponentially distributed delay
/// (mean 1 s of simulated time). It measures the engine's full per-event cost: dequeue, dispatch to a handler, one
/// random draw and one enqueue.
/// </summary>
public static class HoldModel
{
    /// <summary>The mean delay of a rescheduled event: 1 s, so that with 10^5 pending events ties are rare.</summary>
    public static Duration MeanDelay { get; } = Duration.FromSeconds(1);

    /// <summary>The default minimum wall-clock warm-up: 0.5 s, long enough for tiered JIT to optimise the loop.</summary>
    public static TimeSpan DefaultWarmup { get; } = TimeSpan.FromSeconds(0.5);

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
        ArgumentOutOfRangeException.ThrowIfLessThan(events, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pending, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pending, EventQueue.MaxCapacity);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumWarmup, TimeSpan.Zero);

        var simulator = new Simulator(pending);
        var hold = new HoldHandler(new RandomStreams(seed).Get("hold"));
        var id = simulator.Register(hold);
        for (var i = 0; i < pending; i++)
        {
            simulator.Schedule(hold.NextDelay(), id);
        }

        // Warm up until the queue has reached its steady state (every initial event replaced once) and the JIT has
        // settled: small batches, so that the run loop is called often enough for tiered compilation to promote it.
        var batch = StopCondition.AfterEvents(10_000);
        var warmupEvents = 0L;
        var warmupStart = Stopwatch.GetTimestamp();
        do
        {
            simulator.Run(batch);
            warmupEvents += batch.MaxEvents;
        }
        while (warmupEvents < pending || Stopwatch.GetElapsedTime(warmupStart) < minimumWarmup);

        var timed = StopCondition.AfterEvents(events);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var start = Stopwatch.GetTimestamp();
        simulator.Run(timed);
        var end = Stopwatch.GetTimestamp();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        var wallSeconds = (double)(end - start) / Stopwatch.Frequency;
        return new HoldModelResult
        {
            Events = events,
            Pending = pending,
            WarmupEvents = warmupEvents,
            WallSeconds = wallSeconds,
            EventsPerSecond = wallSeconds > 0 ? events / wallSeconds : double.PositiveInfinity,
            AllocatedBytesPerEvent = (double)allocated / events,
            PendingAtEnd = simulator.PendingCount,
        };
    }

    /// <summary>Reschedules itself at an exponential delay each time it fires.</summary>
    private sealed class HoldHandler(RandomStream random) : IEventHandler
    {
        public Duration NextDelay() => random.Exponential(MeanDelay);

        public void Handle(Simulator simulator, in SimEvent e) => simulator.Schedule(NextDelay(), e.Handler);
    }
}
