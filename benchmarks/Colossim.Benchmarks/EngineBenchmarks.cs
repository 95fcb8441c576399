using BenchmarkDotNet.Attributes;
using Colossim.Simulation;

namespace Colossim.Benchmarks;

/// <summary>
/// The hold model (P pending events; each processed event schedules one more at an exponential delay with mean 1 s)
/// on the Colossim engine, against the same loop on .NET's <see cref="PriorityQueue{TElement, TPriority}"/> (a 4-ary
/// heap keyed by time alone, with no dispatch, payload or cancellation) as the peer. The engine runs with its ladder
/// queue (the default) and, for comparison, with the queue held in its 4-ary heap mode at every size.
/// One operation is one event. <c>colossim bench engine --baseline</c> runs the same two loops (the engine and the
/// <c>PriorityQueue</c> peer, same delays, same event count) in one process and prints their ratio.
/// Run: <c>dotnet run -c Release --project benchmarks/Colossim.Benchmarks -- --filter '*Engine*'</c>.
/// </summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private const int EventsPerInvoke = 1_000_000;

    private Simulator _simulator = null!;
    private Simulator _heapSimulator = null!;
    private StopCondition _batch = null!;
    private PriorityQueue<int, long> _peer = null!;
    private RandomStream _peerRandom = null!;

    /// <summary>The number of events kept pending.</summary>
    [Params(10, 1_000, 10_000, 100_000, 1_000_000)]
    public int Pending { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var streams = new RandomStreams(42);
        _batch = StopCondition.AfterEvents(EventsPerInvoke);
        _simulator = Prepare(new Simulator(Pending), streams.Get("hold"));
        _heapSimulator = Prepare(new Simulator(Pending, heapModeLimit: int.MaxValue), streams.Get("heap"));

        _peerRandom = streams.Get("peer");
        _peer = new PriorityQueue<int, long>(Pending);
        for (var i = 0; i < Pending; i++)
        {
            _peer.Enqueue(0, _peerRandom.Exponential(HoldModel.MeanDelay).Nanoseconds);
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = EventsPerInvoke)]
    public long PriorityQueueHold()
    {
        var queue = _peer;
        var random = _peerRandom;
        long now = 0;
        for (var i = 0; i < EventsPerInvoke; i++)
        {
            queue.TryPeek(out _, out now);
            queue.DequeueEnqueue(0, now + random.Exponential(HoldModel.MeanDelay).Nanoseconds);
        }

        return now;
    }

    [Benchmark(OperationsPerInvoke = EventsPerInvoke)]
    public StopReason EngineHold() => _simulator.Run(_batch);

    [Benchmark(OperationsPerInvoke = EventsPerInvoke)]
    public StopReason EngineHoldHeapOnly() => _heapSimulator.Run(_batch);

    private Simulator Prepare(Simulator simulator, RandomStream random)
    {
        var hold = new Hold(random);
        var id = simulator.Register(hold);
        for (var i = 0; i < Pending; i++)
        {
            simulator.Schedule(random.Exponential(HoldModel.MeanDelay), id);
        }

        simulator.Run(StopCondition.AfterEvents(2L * Pending));
        return simulator;
    }

    private sealed class Hold(RandomStream random) : IEventHandler
    {
        public RandomStream Random { get; } = random;

        public void Handle(Simulator simulator, in SimEvent e) => simulator.Schedule(Random.Exponential(HoldModel.MeanDelay), e.Handler);
    }
}
