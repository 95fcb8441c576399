using System.Runtime.CompilerServices;
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
    /// <summary>
    /// Runs <paramref name="setup"/> until every request has completed or been rejected. Open-loop traffic under the
    /// round-robin router is routed before the run (routing then does not depend on any replica's state) and the
    /// replicas are simulated in shards in parallel on all cores, with the same result as one simulation; other setups
    /// run as one simulation. A sampled setup (<see cref="ServingSetup.SampledReplicas"/>) simulates that many replicas
    /// and scales the fleet's totals up (<see cref="ServingResult.SimulatedReplicas"/>).
    /// </summary>
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
        if (setup.Disaggregation is not null)
        {
            return DisaggregatedSimulation.Run(setup, progress, cancel);
        }

        var simulated = setup.Replicas;
        if (setup.SampledReplicas is { } sample)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(sample, 1);
            simulated = Math.Min(sample, setup.Replicas);
        }

        var shards = Shards(setup, simulated);
        var result = shards > 1 ? RunSharded(setup, simulated, shards, progress, cancel) : RunOne(setup, simulated, progress, cancel);
        return simulated < setup.Replicas ? ScaleUp(result, setup.Replicas / (double)simulated) : result;
    }

    /// <summary>Shards a run is split into: 1 unless routing is fixed before the run (open loop, round-robin); then up to four per core.</summary>
    internal static int Shards(ServingSetup setup, int replicas) =>
        setup.OneShard || setup.Mode != LoadMode.Open || setup.Router != RouterKind.RoundRobin || replicas < 2
            ? 1
            : Math.Min(replicas, 4 * Environment.ProcessorCount);

    private static ServingResult RunOne(ServingSetup setup, int replicas, IProgress<double>? progress, CancellationToken cancel)
    {
        var sim = new Simulator(Math.Max(1024, replicas * 2));
        var book = new RequestBook(setup.Requests);
        var driver = new Driver(sim, setup, book, replicas);
        for (var r = 0; r < Math.Min(replicas, setup.TimelineReplicas); r++)
        {
            driver.Replicas[r].StartLog(ServingSetup.MaxTimelineIterations / setup.TimelineReplicas);
        }

        driver.Start();
        var stop = StopCondition.AfterEvents(65_536);
        var n = Math.Max(1, book.Count);
        while (sim.Run(stop) == StopReason.EventLimitReached)
        {
            cancel.ThrowIfCancellationRequested();
            progress?.Report((double)driver.Finished / n);
        }

        progress?.Report(1);
        return Collect(setup, book, driver.Replicas, driver.Gaps, driver.Rejected, sim.EventsProcessed, sim.Now.Nanoseconds);
    }

    /// <summary>
    /// Routes every request as the round-robin router would (a rejected request takes no turn, and arrives when the
    /// driver's arrival chain would deliver it: at the latest arrival time so far), then simulates shard s, which holds
    /// replicas s, s + shards, s + 2 × shards, ..., on its own engine. A shard's own round-robin over its replicas in
    /// order sends each request to the replica the fleet's would, so the shards together give the one simulation's
    /// result (except where an arrival and an iteration's end fall on the same nanosecond: their order may differ).
    /// </summary>
    private static ServingResult RunSharded(ServingSetup setup, int replicas, int shards, IProgress<double>? progress, CancellationToken cancel)
    {
        var requests = setup.Requests;
        var book = new RequestBook(requests);
        var engine = setup.Engine;
        var lists = new List<TraceRequest>[shards];
        var maps = new List<int>[shards];
        for (var s = 0; s < shards; s++)
        {
            lists[s] = new List<TraceRequest>((requests.Count / shards) + 1);
            maps[s] = new List<int>((requests.Count / shards) + 1);
        }

        long rejected = 0;
        var arrival = long.MinValue;
        var turn = 0;
        for (var i = 0; i < requests.Count; i++)
        {
            var r = requests[i];
            arrival = Math.Max(arrival, r.ArrivalNanoseconds);
            if (BlocksFor((long)r.Input + r.Output, engine.BlockSize) > engine.KvBlocks)
            {
                book.State[i] = RequestBook.Rejected;
                book.Arrived[i] = arrival;
                rejected++;
                continue;
            }

            var s = turn % shards;
            turn = turn + 1 == replicas ? 0 : turn + 1;
            lists[s].Add(r with { ArrivalNanoseconds = arrival });
            maps[s].Add(i);
        }

        var drivers = new Driver[shards];
        var sims = new Simulator[shards];
        var books = new RequestBook[shards];
        var gate = new object();
        long finished = rejected;
        var total = Math.Max(1, requests.Count);
        var options = new ParallelOptions { CancellationToken = cancel, MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.For(0, shards, options, s =>
        {
            var count = ((replicas - 1 - s) / shards) + 1;
            var sub = setup with { Requests = lists[s], Replicas = count, SampledReplicas = null };
            var sim = new Simulator(Math.Max(1024, count * 2));
            var subBook = new RequestBook(lists[s]);
            var driver = new Driver(sim, sub, subBook, count);
            for (var j = 0; j < count && s + (j * shards) < setup.TimelineReplicas; j++)
            {
                driver.Replicas[j].StartLog(ServingSetup.MaxTimelineIterations / setup.TimelineReplicas);
            }

            driver.Start();
            var stop = StopCondition.AfterEvents(65_536);
            long reported = 0;
            while (sim.Run(stop) == StopReason.EventLimitReached)
            {
                cancel.ThrowIfCancellationRequested();
                if (progress is not null)
                {
                    lock (gate)
                    {
                        finished += driver.Finished - reported;
                        reported = driver.Finished;
                        progress.Report((double)finished / total);
                    }
                }
            }

            sims[s] = sim;
            drivers[s] = driver;
            books[s] = subBook;
        });

        // The one simulation's clock ends no earlier than its last arrival, a rejected one's included.
        var all = new Replica[replicas];
        var gaps = new GapHistogram();
        long events = 0, now = Math.Max(0, arrival);
        for (var s = 0; s < shards; s++)
        {
            var sub = books[s];
            var map = maps[s];
            for (var j = 0; j < map.Count; j++)
            {
                var g = map[j];
                book.State[g] = sub.State[j];
                book.Arrived[g] = sub.Arrived[j];
                book.Generated[g] = sub.Generated[j];
                book.FirstScheduled[g] = sub.FirstScheduled[j];
                book.FirstToken[g] = sub.FirstToken[j];
                book.LastToken[g] = sub.LastToken[j];
                book.Finished[g] = sub.Finished[j];
            }

            var local = drivers[s].Replicas;
            for (var j = 0; j < local.Count; j++)
            {
                all[s + (j * shards)] = local[j];
            }

            gaps.Merge(drivers[s].Gaps);
            rejected += drivers[s].Rejected;
            events += sims[s].EventsProcessed;
            now = Math.Max(now, sims[s].Now.Nanoseconds);
        }

        progress?.Report(1);
        return Collect(setup, book, all, gaps, rejected, events, now);
    }

    /// <summary>A sampled run's result for the whole fleet: counts, tokens and energy times <paramref name="factor"/> (replicas over replicas simulated); shares and latencies as simulated.</summary>
    private static ServingResult ScaleUp(ServingResult r, double factor)
    {
        long Up(long value) => (long)Math.Round(value * factor);
        var arrived = Up(r.Arrived);
        var completed = Up(r.Completed);
        var rejected = Up(r.Rejected);
        return r with
        {
            Arrived = arrived,
            Completed = completed,
            Rejected = rejected,
            Running = Math.Max(0, arrived - completed - rejected),
            Preemptions = Up(r.Preemptions),
            InputTokens = Up(r.InputTokens),
            OutputTokens = Up(r.OutputTokens),
            OutputTokensInArrivalWindow = r.OutputTokensInArrivalWindow * factor,
            Iterations = Up(r.Iterations),
            Energy = r.Energy * factor,
            BoardEnergy = r.BoardEnergy * factor,
        };
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
            Shared = new int[Count];
            Chains = new long[]?[Count];
            for (var i = 0; i < Count; i++)
            {
                var r = requests[i];
                Chains[i] = r.HashIds is { Count: > 0 } hashes ? PrefixCache.Chain(hashes) : null;
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

        /// <summary>Prompt tokens whose KV the request uses from its replica's prefix cache (whole hash blocks; not in <see cref="Blocks"/>).</summary>
        public int[] Shared { get; }

        /// <summary>The hash-chain keys of the request's prompt blocks (<see cref="PrefixCache.Chain"/>); <see langword="null"/> without hash ids.</summary>
        public long[]?[] Chains { get; }
    }

    /// <summary>Inter-token gaps in 1 % logarithmic buckets (exact mean), so that millions of tokens need no storage.</summary>
    internal sealed class GapHistogram
    {
        private const double Ratio = 1.01;
        private static readonly double LogRatio = Math.Log(Ratio);
        private readonly long[] _counts = new long[3200];
        private long _count;
        private Int128 _sum;

        // The last gap's bucket: most gaps of an iteration are the same (the previous iteration's length), so most
        // additions skip the logarithm.
        private long _lastGap = -1;
        private int _lastBucket;

        // Called once per decode iteration of a run (millions per replay): optimized from the first call, so a cold
        // process does not run it unoptimized while tiering catches up.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Add(long nanoseconds, long count = 1)
        {
            int b;
            if (nanoseconds == _lastGap)
            {
                b = _lastBucket;
            }
            else
            {
                b = nanoseconds <= 1 ? 0 : Math.Min(_counts.Length - 1, (int)(Math.Log(nanoseconds) / LogRatio));
                _lastGap = nanoseconds;
                _lastBucket = b;
            }

            _counts[b] += count;
            _count += count;
            // Math.BigMul's 128-bit product is exact and cannot overflow: (Int128)a * b in checked code is the general
            // 128 × 128-bit checked multiply, about ten times the work.
            _sum += Math.BigMul(nanoseconds, count);
        }

        /// <summary>Adds every gap of <paramref name="other"/> (exactly: the result does not depend on the order of merges).</summary>
        public void Merge(GapHistogram other)
        {
            for (var b = 0; b < _counts.Length; b++)
            {
                _counts[b] += other._counts[b];
            }

            _count += other._count;
            _sum += other._sum;
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

            return new LatencySummary { Count = _count, Mean = new Duration((long)Math.Round((double)_sum / _count)), P50 = Rank(0.5), P90 = Rank(0.9), P99 = Rank(0.99) };
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

        public Driver(Simulator sim, ServingSetup setup, RequestBook book, int replicas)
        {
            _sim = sim;
            _setup = setup;
            _book = book;
            _id = sim.Register(this);
            _replicas = new Replica[replicas];
            for (var r = 0; r < _replicas.Length; r++)
            {
                _replicas[r] = new Replica(sim, setup, book, this);
            }
        }

        public long Finished { get; private set; }

        public IReadOnlyList<Replica> Replicas => _replicas;

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

            _replicas[_setup.Router == RouterKind.Affinity ? PrefixAffinity.Route(_replicas, i, now, engine.TokenBudget) : Route()].Enqueue(i);
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

    /// <summary>The metrics of a finished run, from its request columns and its replicas' accounts (in replica order).</summary>
    private static ServingResult Collect(ServingSetup setup, RequestBook b, IReadOnlyList<Replica> replicas, GapHistogram gaps, long rejected, long events, long now)
    {
        var m = RequestMetrics.Of(b, setup.Slo, now);
        var makespan = m.Makespan;
        double busy = 0, kvIntegral = 0, peak = 0;
        var energy = 0.0;
        var board = 0.0;
        long iterations = 0, preemptions = 0;
        PrefixCacheStats? prefix = null;
        foreach (var r in replicas)
        {
            if (r.PrefixStats is { } p)
            {
                prefix = prefix is null ? p : prefix.Plus(p);
            }

            busy += r.BusyNanoseconds;
            kvIntegral += r.KvBlockNanoseconds;
            peak = Math.Max(peak, r.PeakBlocks / (double)setup.Engine.KvBlocks);
            iterations += r.Iterations;
            preemptions += r.Preemptions;
            var idle = Math.Max(0, makespan.Nanoseconds - r.BusyNanoseconds) / 1e9;
            var replicaBoard = r.Joules + (setup.IdlePowerPerGpu.Value * setup.GpusPerReplica * idle);
            board += replicaBoard;
            energy += replicaBoard + (setup.GpusPerReplica * ((setup.RestBusyPowerPerGpu.Value * r.BusyNanoseconds / 1e9) + (setup.RestIdlePowerPerGpu.Value * idle)));
        }

        var span = (double)makespan.Nanoseconds * replicas.Count;
        return new ServingResult
        {
            Setup = setup,
            Arrived = m.Arrived,
            Completed = m.Completed,
            Rejected = rejected,
            Running = m.Arrived - m.Completed - rejected,
            Preemptions = preemptions,
            Makespan = makespan,
            InputTokens = m.InputTokens,
            OutputTokens = m.OutputTokens,
            Ttft = m.Ttft,
            Tpot = m.Tpot,
            Itl = gaps.Summary(),
            E2e = m.E2e,
            SchedulingDelay = m.SchedulingDelay,
            SloAttainment = m.SloAttainment,
            KvCacheUse = span > 0 ? kvIntegral / (span * setup.Engine.KvBlocks) : 0,
            KvCachePeak = peak,
            GpuBusy = span > 0 ? busy / span : 0,
            Iterations = iterations,
            Energy = new Energy(energy * setup.Pue),
            BoardEnergy = new Energy(board),
            Events = events,
            SimulatedReplicas = replicas.Count,
            Timeline = Timeline(replicas),
            PrefixCache = prefix,
            ArrivalWindow = m.ArrivalWindow,
            OutputTokensInArrivalWindow = m.OutputTokensInArrivalWindow,
        };
    }

    /// <summary>
    /// The request-level figures of a run, from its request columns: counts, tokens, latency summaries, SLO attainment,
    /// the makespan (the last completion, or <c>now</c> when none completed) and the arrival window with the output
    /// tokens generated within it (each request's first token where it fell, its later tokens spread evenly from its
    /// first token to its last: its finish, or <c>now</c> if unfinished).
    /// </summary>
    internal sealed record RequestMetrics(
        long Arrived,
        long Completed,
        long InputTokens,
        long OutputTokens,
        Duration Makespan,
        LatencySummary Ttft,
        LatencySummary Tpot,
        LatencySummary E2e,
        LatencySummary SchedulingDelay,
        double SloAttainment,
        Duration ArrivalWindow,
        double OutputTokensInArrivalWindow)
    {
        public static RequestMetrics Of(RequestBook b, Slo? slo, long now)
        {
            var n = b.Count;
            long completed = 0, arrived = 0, input = 0, output = 0, lastDone = 0, attained = 0;
            long first = long.MaxValue, last = long.MinValue;
            var ttft = new long[n];
            var tpot = new long[n];
            var e2e = new long[n];
            var delay = new long[n];
            int nTtft = 0, nTpot = 0, nE2e = 0, nDelay = 0;
            for (var i = 0; i < n; i++)
            {
                if (b.State[i] != RequestBook.Pending)
                {
                    arrived++;
                    first = Math.Min(first, b.Arrived[i]);
                    last = Math.Max(last, b.Arrived[i]);
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

            return new RequestMetrics(
                arrived,
                completed,
                input,
                output,
                new Duration(completed > 0 ? lastDone : now),
                LatencySummary.Of(ttft, nTtft),
                LatencySummary.Of(tpot, nTpot),
                LatencySummary.Of(e2e, nE2e),
                LatencySummary.Of(delay, nDelay),
                arrived > 0 ? attained / (double)arrived : 0,
                new Duration(last > first ? last - first : 0),
                last > first ? TokensBefore(b, last, now) : 0);
        }

        /// <summary>The output tokens generated at or before <paramref name="end"/>.</summary>
        private static double TokensBefore(RequestBook b, long end, long now)
        {
            var tokens = 0.0;
            for (var i = 0; i < b.Count; i++)
            {
                var start = b.FirstToken[i];
                if (start < 0 || start > end || b.Generated[i] < 1)
                {
                    continue;
                }

                tokens += 1;
                var stop = b.State[i] == RequestBook.Done ? b.Finished[i] : Math.Max(start, b.LastToken[i] > 0 ? b.LastToken[i] : now);
                if (b.Generated[i] > 1 && stop > start)
                {
                    tokens += (b.Generated[i] - 1) * (double)(Math.Min(stop, end) - start) / (stop - start);
                }
            }

            return tokens;
        }
    }

    /// <summary>The recorded iterations of the replicas that kept a log, by replica then time.</summary>
    private static ServeIteration[] Timeline(IReadOnlyList<Replica> replicas)
    {
        var all = new List<ServeIteration>();
        for (var r = 0; r < replicas.Count; r++)
        {
            if (replicas[r].Log is { } log)
            {
                foreach (var (start, duration, prompt, decodes) in log)
                {
                    all.Add(new ServeIteration(r, start, duration, prompt, decodes));
                }
            }
        }

        return [.. all];
    }

    internal static int BlocksFor(long tokens, int blockSize) => (int)((tokens + blockSize - 1) / blockSize);
}
