using Colossim.Simulation;
using Colossim.Units;

namespace Colossim.Serving;

/// <summary>
/// Simulates a fleet of model replicas serving requests, one iteration (batch step) at a time on the event engine:
/// requests arrive (or are sent by closed-loop clients), a router picks a replica, each replica's scheduler forms
/// iterations under its token budget, batch cap and paged KV cache (preempting by recomputation when the cache is
/// full), and every latency is read off the resulting timeline. Deterministic: the same setup gives the same result.
/// </summary>
public static class ServingSimulation
{
    /// <summary>Runs <paramref name="setup"/> until every request has completed or been rejected.</summary>
    /// <param name="setup">What to simulate.</param>
    /// <param name="progress">Receives the share (0-1) of requests finished, now and then; may be <see langword="null"/>.</param>
    /// <param name="cancel">Stops the run between batches of events.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> was cancelled.</exception>
    public static ServingResult Run(ServingSetup setup, IProgress<double>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentOutOfRangeException.ThrowIfLessThan(setup.Replicas, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(setup.GpusPerReplica, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(setup.Engine.KvBlocks, 1);
        var sim = new Simulator(Math.Max(1024, setup.Replicas * 2));
        var book = new RequestBook(setup.Requests);
        var driver = new Driver(sim, setup, book);
        driver.Start();
        var stop = StopCondition.AfterEvents(65_536);
        var n = Math.Max(1, book.Count);
        while (sim.Run(stop) == StopReason.EventLimitReached)
        {
            cancel.ThrowIfCancellationRequested();
            progress?.Report((double)driver.Finished / n);
        }

        progress?.Report(1);
        return driver.Result(sim.EventsProcessed);
    }

    /// <summary>The requests of a run, as columns indexed by request.</summary>
    internal sealed class RequestBook
    {
        public const byte Pending = 0, Waiting = 1, Running = 2, Done = 3, Rejected = 4;

        public RequestBook(IReadOnlyList<TraceRequest> requests)
        {
            Count = requests.Count;
            ArrivalTime = new long[Count];
            Input = new int[Count];
            Output = new int[Count];
            Target = new int[Count];
            Cached = new int[Count];
            Generated = new int[Count];
            Blocks = new int[Count];
            Arrived = new long[Count];
            FirstScheduled = new long[Count];
            FirstToken = new long[Count];
            LastToken = new long[Count];
            Finished = new long[Count];
            State = new byte[Count];
            for (var i = 0; i < Count; i++)
            {
                var r = requests[i];
                ArrivalTime[i] = r.ArrivalNanoseconds;
                Input[i] = r.Input;
                Output[i] = r.Output;
                Target[i] = r.Input;
                FirstScheduled[i] = -1;
                FirstToken[i] = -1;
                LastToken[i] = -1;
                Finished[i] = -1;
            }
        }

        public int Count { get; }

        public long[] ArrivalTime { get; }

        public int[] Input { get; }

        public int[] Output { get; }

        /// <summary>Tokens to prefill: the prompt, or the prompt and the tokens generated so far after a preemption.</summary>
        public int[] Target { get; }

        /// <summary>Tokens whose KV is in the cache.</summary>
        public int[] Cached { get; }

        public int[] Generated { get; }

        public int[] Blocks { get; }

        public long[] Arrived { get; }

        public long[] FirstScheduled { get; }

        public long[] FirstToken { get; }

        public long[] LastToken { get; }

        public long[] Finished { get; }

        public byte[] State { get; }
    }

    /// <summary>Inter-token gaps in 1 % logarithmic buckets (exact mean), so that millions of tokens need no storage.</summary>
    internal sealed class GapHistogram
    {
        private const double Ratio = 1.01;
        private static readonly double LogRatio = Math.Log(Ratio);
        private readonly long[] _counts = new long[3200];
        private long _count;
        private double _sum;

        public void Add(long nanoseconds, long count = 1)
        {
            var b = nanoseconds <= 1 ? 0 : Math.Min(_counts.Length - 1, (int)(Math.Log(nanoseconds) / LogRatio));
            _counts[b] += count;
            _count += count;
            _sum += (double)nanoseconds * count;
        }

        public LatencySummary Summary()
        {
            if (_count == 0)
            {
                return LatencySummary.Empty;
            }

            Duration Rank(double q)
            {
                var rank = Math.Max(1, (long)Math.Ceiling(q * _count));
                long seen = 0;
                for (var b = 0; b < _counts.Length; b++)
                {
                    seen += _counts[b];
                    if (seen >= rank)
                    {
                        // The bucket's geometric middle: within 0.5 % of any gap in it.
                        return new Duration((long)Math.Round(Math.Exp((b + 0.5) * LogRatio)));
                    }
                }

                return Duration.Zero;
            }

            return new LatencySummary { Count = _count, Mean = new Duration((long)Math.Round(_sum / _count)), P50 = Rank(0.5), P90 = Rank(0.9), P99 = Rank(0.99) };
        }
    }

    /// <summary>Arrivals, routing, the closed loop and the metrics at the end.</summary>
    internal sealed class Driver : IEventHandler
    {
        private const int ArrivalKind = 0;
        private readonly Simulator _sim;
        private readonly ServingSetup _setup;
        private readonly RequestBook _book;
        private readonly Replica[] _replicas;
        private readonly HandlerId _id;
        private int _next;
        private int _roundRobin;

        public Driver(Simulator sim, ServingSetup setup, RequestBook book)
        {
            _sim = sim;
            _setup = setup;
            _book = book;
            _id = sim.Register(this);
            _replicas = new Replica[setup.Replicas];
            for (var r = 0; r < _replicas.Length; r++)
            {
                _replicas[r] = new Replica(sim, setup, book, this);
            }
        }

        public long Finished { get; private set; }

        public GapHistogram Gaps { get; } = new();

        public long Rejected { get; private set; }

        public void Start()
        {
            if (_book.Count == 0)
            {
                return;
            }

            if (_setup.Mode == LoadMode.Closed)
            {
                var first = Math.Min(_setup.Concurrency, _book.Count);
                for (var i = 0; i < first; i++)
                {
                    _sim.Schedule(Duration.Zero, _id, ArrivalKind, _next++);
                }
            }
            else
            {
                _sim.ScheduleAt(new SimTime(_book.ArrivalTime[0]), _id, ArrivalKind, _next++);
            }
        }

        public void Handle(Simulator simulator, in SimEvent e)
        {
            var i = (int)e.Arg0;
            var now = simulator.Now.Nanoseconds;
            if (_setup.Mode == LoadMode.Open && _next < _book.Count)
            {
                _sim.ScheduleAt(new SimTime(Math.Max(now, _book.ArrivalTime[_next])), _id, ArrivalKind, _next++);
            }

            _book.Arrived[i] = now;
            var engine = _setup.Engine;
            var need = BlocksFor((long)_book.Input[i] + _book.Output[i], engine.BlockSize);
            if (need > engine.KvBlocks)
            {
                _book.State[i] = RequestBook.Rejected;
                Rejected++;
                OnFinished();
                return;
            }

            _replicas[Route()].Enqueue(i);
        }

        /// <summary>Called when a request completes or is rejected: the closed loop's client sends its next one.</summary>
        public void OnFinished()
        {
            Finished++;
            if (_setup.Mode == LoadMode.Closed && _next < _book.Count)
            {
                _sim.Schedule(Duration.Zero, _id, ArrivalKind, _next++);
            }
        }

        public ServingResult Result(long events)
        {
            var b = _book;
            var n = b.Count;
            long completed = 0, arrived = 0, input = 0, output = 0, lastDone = 0, attained = 0;
            var ttft = new long[n];
            var tpot = new long[n];
            var e2e = new long[n];
            var delay = new long[n];
            int nTtft = 0, nTpot = 0, nE2e = 0, nDelay = 0;
            var slo = _setup.Slo;
            for (var i = 0; i < n; i++)
            {
                if (b.State[i] != RequestBook.Pending)
                {
                    arrived++;
                }

                output += b.Generated[i];
                if (b.FirstToken[i] >= 0)
                {
                    ttft[nTtft++] = b.FirstToken[i] - b.Arrived[i];
                }

                if (b.FirstScheduled[i] >= 0)
                {
                    delay[nDelay++] = b.FirstScheduled[i] - b.Arrived[i];
                }

                if (b.State[i] != RequestBook.Done)
                {
                    continue;
                }

                completed++;
                input += b.Input[i];
                lastDone = Math.Max(lastDone, b.Finished[i]);
                e2e[nE2e++] = b.Finished[i] - b.Arrived[i];
                long? perToken = null;
                if (b.Output[i] > 1)
                {
                    perToken = (b.Finished[i] - b.FirstToken[i]) / (b.Output[i] - 1);
                    tpot[nTpot++] = perToken.Value;
                }

                var meets = (slo?.TtftP99 is not { } t || b.FirstToken[i] - b.Arrived[i] <= t.Nanoseconds)
                    && (slo?.TpotP99 is not { } p || perToken is null || perToken.Value <= p.Nanoseconds);
                if (meets)
                {
                    attained++;
                }
            }

            var makespan = new Duration(completed > 0 ? lastDone : _sim.Now.Nanoseconds);
            double busy = 0, kvIntegral = 0, peak = 0;
            var energy = 0.0;
            var board = 0.0;
            long iterations = 0, preemptions = 0;
            foreach (var r in _replicas)
            {
                busy += r.BusyNanoseconds;
                kvIntegral += r.KvBlockNanoseconds;
                peak = Math.Max(peak, r.PeakBlocks / (double)_setup.Engine.KvBlocks);
                iterations += r.Iterations;
                preemptions += r.Preemptions;
                var idle = Math.Max(0, makespan.Nanoseconds - r.BusyNanoseconds) / 1e9;
                var replicaBoard = r.Joules + (_setup.IdlePowerPerGpu.Value * _setup.GpusPerReplica * idle);
                board += replicaBoard;
                energy += replicaBoard + (_setup.GpusPerReplica * ((_setup.RestBusyPowerPerGpu.Value * r.BusyNanoseconds / 1e9) + (_setup.RestIdlePowerPerGpu.Value * idle)));
            }

            var span = (double)makespan.Nanoseconds * _replicas.Length;
            return new ServingResult
            {
                Setup = _setup,
                Arrived = arrived,
                Completed = completed,
                Rejected = Rejected,
                Running = arrived - completed - Rejected,
                Preemptions = preemptions,
                Makespan = makespan,
                InputTokens = input,
                OutputTokens = output,
                Ttft = LatencySummary.Of(ttft, nTtft),
                Tpot = LatencySummary.Of(tpot, nTpot),
                Itl = Gaps.Summary(),
                E2e = LatencySummary.Of(e2e, nE2e),
                SchedulingDelay = LatencySummary.Of(delay, nDelay),
                SloAttainment = arrived > 0 ? attained / (double)arrived : 0,
                KvCacheUse = span > 0 ? kvIntegral / (span * _setup.Engine.KvBlocks) : 0,
                KvCachePeak = peak,
                GpuBusy = span > 0 ? busy / span : 0,
                Iterations = iterations,
                Energy = new Energy(energy * _setup.Pue),
                BoardEnergy = new Energy(board),
                Events = events,
            };
        }

        private int Route()
        {
            if (_setup.Router == RouterKind.RoundRobin)
            {
                var r = _roundRobin;
                _roundRobin = (r + 1) % _replicas.Length;
                return r;
            }

            var now = _sim.Now.Nanoseconds;
            var best = 0;
            var least = _replicas[0].OutstandingAt(now);
            for (var r = 1; r < _replicas.Length; r++)
            {
                var outstanding = _replicas[r].OutstandingAt(now);
                if (outstanding < least)
                {
                    best = r;
                    least = outstanding;
                }
            }

            return best;
        }
    }

    internal static int BlocksFor(long tokens, int blockSize) => (int)((tokens + blockSize - 1) / blockSize);
}
