using Colossim.Simulation;
using Colossim.Units;
using static Colossim.Serving.ServingSimulation;

namespace Colossim.Serving;

/// <summary>
/// Disaggregated serving (Splitwise, DistServe) on the event engine: a request's prompt runs on a prefill replica
/// (prefill-only iterations, chunked under the token budget), which produces its first token; its KV cache then moves
/// to a decode replica over the fabric (<see cref="IKvTransferCost"/>), and the decode replica generates the rest
/// (continuous batching of decode tokens).
/// </summary>
/// <remarks>
/// Conventions (see <c>docs/metrics.md</c>):
/// <list type="bullet">
/// <item>The first token is computed by the prefill replica but counts as delivered when its KV has reached the decode
/// replica, where the stream continues: TTFT = queue + prefill + wait for the decode side + transfer. A request of one
/// output token needs no decode: it ends with its prefill, without a transfer.</item>
/// <item>The prefill replica holds a request's prompt blocks until its transfer ends (the KV leaves from there).</item>
/// <item>A decode replica admits a request (from its transfer queue, first come first served) only when its cache has
/// blocks for the prompt and every output token (reserve admission, so decodes are never preempted) and it holds fewer
/// than its batch cap; until then the request waits on its prefill replica.</item>
/// <item>The transfer starts when the request is admitted; each replica has one link for transfers (its GPUs' send
/// or receive side), so the transfers of one replica follow one another.</item>
/// <item>After the prefill (<see cref="KvTransferMode.AfterPrefill"/>): the whole cache in one transfer from then.
/// Layer by layer (<see cref="KvTransferMode.Layerwise"/>, Splitwise): when the decode replica admits the request as
/// its prefill ends, the L layers of each GPU (<see cref="Disaggregation.LayersPerGpu"/>) go out one after another,
/// each as one transfer of 1/L of the bytes (time τ), layer l as soon as the last prefill iteration's last pipeline
/// stage has computed it (at l + 1 L-ths of that stage's time) and the links are free: the last arrives at
/// max(first layer's start + L τ, prefill end + τ). A request admitted later (its decode replica was full) moves its
/// whole cache as after the prefill.</item>
/// </list>
/// </remarks>
internal static class DisaggregatedSimulation
{
    /// <summary>Runs <paramref name="setup"/> (whose <see cref="ServingSetup.Disaggregation"/> is set) until every request has completed or been rejected.</summary>
    public static ServingResult Run(ServingSetup setup, IProgress<double>? progress, CancellationToken cancel) => Run(setup, progress, cancel, out _);

    /// <summary>As <see cref="Run(ServingSetup, IProgress{double}?, CancellationToken)"/>, with every request's timestamps (for tests).</summary>
    internal static ServingResult Run(ServingSetup setup, IProgress<double>? progress, CancellationToken cancel, out RequestBook book)
    {
        var split = setup.Disaggregation ?? throw new ArgumentException("the setup is not disaggregated", nameof(setup));
        ArgumentOutOfRangeException.ThrowIfLessThan(split.PrefillReplicas, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(split.DecodeReplicas, 1);
        if (split.PrefillReplicas + split.DecodeReplicas != setup.Replicas)
        {
            throw new ArgumentException($"the pools' {split.PrefillReplicas} + {split.DecodeReplicas} replicas differ from the setup's {setup.Replicas}", nameof(setup));
        }

        if (setup.SampledReplicas is not null)
        {
            throw new ArgumentException("a disaggregated run simulates every replica", nameof(setup));
        }

        var sim = new Simulator(Math.Max(1024, setup.Replicas * 4));
        var pools = new Pools(sim, setup, split);
        pools.Start();
        var stop = StopCondition.AfterEvents(65_536);
        var n = Math.Max(1, pools.Book.Count);
        while (sim.Run(stop) == StopReason.EventLimitReached)
        {
            cancel.ThrowIfCancellationRequested();
            progress?.Report((double)pools.Finished / n);
        }

        progress?.Report(1);
        book = pools.Book;
        return pools.Collect(sim.EventsProcessed, sim.Now.Nanoseconds);
    }

    /// <summary>One replica's state and accounts, prefill or decode.</summary>
    private sealed class Pool(long blocks, int maxBatch, int gpus, DecodeRun? run)
    {
        public readonly Queue<int> Waiting = new();
        public readonly List<int> Running = new(Math.Min(maxBatch, 1024));
        public readonly List<int> Ready = [];
        public readonly int[] StepRequest = new int[maxBatch];
        public readonly int[] StepTokens = new int[maxBatch];
        public readonly IterationAccounts Accounts = new(gpus);

        /// <summary>The decode run of a decode replica (<see langword="null"/> for a prefill replica, or one event per iteration).</summary>
        public readonly DecodeRun? Run = run;
        public int StepCount;
        public long FreeBlocks = blocks;
        public int Admitted;
        public long LinkFree;
        public bool Busy;
        public bool Kicked;
        public long Outstanding;
        public long LastIteration;

        /// <summary>Outstanding tokens at <paramref name="now"/>, a decode run's finished iterations counted (each one output token of every running request).</summary>
        public long OutstandingAt(long now) => Run is { Steps: > 0 } r ? Outstanding - ((long)Running.Count * r.StepsDone(now)) : Outstanding;
    }

    private sealed class Pools : IEventHandler
    {
        private const int ArrivalKind = 0, PrefillKick = 1, PrefillEnd = 2, DecodeKick = 3, DecodeEnd = 4, TransferEnd = 5, DecodeRunEnd = 6;
        private readonly Simulator _sim;
        private readonly ServingSetup _setup;
        private readonly ReplicaEngine _engine;
        private readonly Disaggregation _split;
        private readonly HandlerId _id;
        private readonly Pool[] _prefill;
        private readonly Pool[] _decode;
        private readonly int[] _prefillOf;
        private readonly long[] _prefillEnd;
        private readonly long[] _prefillStage;
        private readonly long[] _transferStart;
        private readonly long[] _transferEnd;
        private int _next;
        private int _prefillTurn;
        private int _decodeTurn;
        private long _rejected;

        public Pools(Simulator sim, ServingSetup setup, Disaggregation split)
        {
            _sim = sim;
            _setup = setup;
            _engine = setup.Engine;
            _split = split;
            _id = sim.Register(this);
            Book = new RequestBook(setup.Requests);
            _prefill = new Pool[split.PrefillReplicas];
            _decode = new Pool[split.DecodeReplicas];
            var logged = Math.Max(1, setup.TimelineReplicas);
            var logCapacity = ServingSetup.MaxTimelineIterations / logged;
            for (var r = 0; r < _prefill.Length; r++)
            {
                _prefill[r] = new Pool(_engine.KvBlocks, _engine.MaxBatch, setup.GpusPerReplica, null);
                if (r < setup.TimelineReplicas)
                {
                    _prefill[r].Accounts.StartLog(logCapacity);
                }
            }

            for (var r = 0; r < _decode.Length; r++)
            {
                _decode[r] = new Pool(_engine.KvBlocks, _engine.MaxBatch, setup.GpusPerReplica, setup.SingleSteps ? null : new DecodeRun());
                if (_prefill.Length + r < setup.TimelineReplicas)
                {
                    _decode[r].Accounts.StartLog(logCapacity);
                }
            }

            var count = Book.Count;
            _prefillOf = new int[count];
            _prefillEnd = new long[count];
            _prefillStage = new long[count];
            _transferStart = new long[count];
            _transferEnd = new long[count];
            Array.Fill(_prefillEnd, -1);
            Array.Fill(_transferStart, -1);
            Array.Fill(_transferEnd, -1);
        }

        public RequestBook Book { get; }

        public GapHistogram Gaps { get; } = new();

        public long Finished { get; private set; }

        public void Start()
        {
            if (Book.Count == 0)
            {
                return;
            }

            if (_setup.Mode == LoadMode.Closed)
            {
                var first = Math.Min(_setup.Concurrency, Book.Count);
                for (var i = 0; i < first; i++)
                {
                    _sim.Schedule(Duration.Zero, _id, ArrivalKind, _next++);
                }
            }
            else
            {
                _sim.ScheduleAt(new SimTime(Book.ArrivalTime[0]), _id, ArrivalKind, _next++);
            }
        }

        public void Handle(Simulator simulator, in SimEvent e)
        {
            var now = simulator.Now.Nanoseconds;
            switch (e.Kind)
            {
                case ArrivalKind:
                    Arrive((int)e.Arg0, now);
                    break;
                case PrefillKick:
                    _prefill[e.Arg0].Kicked = false;
                    StartPrefill((int)e.Arg0, now);
                    break;
                case PrefillEnd:
                    EndPrefill((int)e.Arg0, now);
                    break;
                case DecodeKick:
                    _decode[e.Arg0].Kicked = false;
                    StartDecode((int)e.Arg0, now);
                    break;
                case DecodeEnd:
                    EndDecode((int)e.Arg0, now);
                    break;
                case DecodeRunEnd:
                    EndDecodeRun((int)e.Arg0, now);
                    break;
                default:
                    EndTransfer((int)e.Arg0, (int)e.Arg1, now);
                    break;
            }
        }

        private void Arrive(int i, long now)
        {
            var b = Book;
            if (_setup.Mode == LoadMode.Open && _next < b.Count)
            {
                _sim.ScheduleAt(new SimTime(Math.Max(now, b.ArrivalTime[_next])), _id, ArrivalKind, _next++);
            }

            b.Arrived[i] = now;

            // The decode replica reserves the prompt and every output token; the prefill replica the prompt.
            if (BlocksFor((long)b.Input[i] + b.Output[i], _engine.BlockSize) > _engine.KvBlocks)
            {
                b.State[i] = RequestBook.Rejected;
                _rejected++;
                OnFinished();
                return;
            }

            var p = RoutePrefill();
            _prefillOf[i] = p;
            var pool = _prefill[p];
            b.State[i] = RequestBook.Waiting;
            pool.Outstanding += b.Input[i];
            pool.Waiting.Enqueue(i);
            Kick(pool, PrefillKick, p);
        }

        /// <summary>An idle replica starts its next iteration after every event of this instant that may add to it.</summary>
        private void Kick(Pool pool, int kind, int replica)
        {
            if (!pool.Busy && !pool.Kicked)
            {
                pool.Kicked = true;
                _sim.Schedule(Duration.Zero, _id, kind, replica, priority: Simulator.MaxPriority);
            }
        }

        private void OnFinished()
        {
            Finished++;
            if (_setup.Mode == LoadMode.Closed && _next < Book.Count)
            {
                _sim.Schedule(Duration.Zero, _id, ArrivalKind, _next++);
            }
        }

        private int RoutePrefill()
        {
            if (_setup.Router == RouterKind.RoundRobin)
            {
                var r = _prefillTurn;
                _prefillTurn = (r + 1) % _prefill.Length;
                return r;
            }

            return Least(_prefill, _sim.Now.Nanoseconds);
        }

        private int RouteDecode()
        {
            if (_setup.Router == RouterKind.RoundRobin)
            {
                var r = _decodeTurn;
                _decodeTurn = (r + 1) % _decode.Length;
                return r;
            }

            return Least(_decode, _sim.Now.Nanoseconds);
        }

        /// <summary>The replica with the fewest outstanding tokens (prompt tokens for prefill, output tokens for decode); ties to the lowest index.</summary>
        private static int Least(Pool[] pools, long now)
        {
            var best = 0;
            var least = pools[0].OutstandingAt(now);
            for (var r = 1; r < pools.Length; r++)
            {
                var outstanding = pools[r].OutstandingAt(now);
                if (outstanding < least)
                {
                    best = r;
                    least = outstanding;
                }
            }

            return best;
        }

        /// <summary>A prefill-only iteration: prompt chunks of the running requests, then of waiting ones (each admitted with its whole prompt's blocks), under the token budget.</summary>
        private void StartPrefill(int p, long now)
        {
            var pool = _prefill[p];
            if (pool.Busy)
            {
                return;
            }

            var b = Book;
            var budget = _engine.TokenBudget;
            int prompt = 0, chunks = 0;
            double prefixSum = 0;
            pool.StepCount = 0;
            for (var j = 0; j < pool.Running.Count && budget > 0; j++)
            {
                var i = pool.Running[j];
                var tokens = Math.Min(b.Input[i] - b.Cached[i], budget);
                budget -= tokens;
                prompt += tokens;
                chunks++;
                prefixSum += (double)b.Cached[i] * tokens;
                Add(pool, i, tokens);
            }

            while (budget > 0 && pool.Waiting.Count > 0 && pool.Running.Count < _engine.MaxBatch)
            {
                var i = pool.Waiting.Peek();
                var need = BlocksFor(b.Input[i], _engine.BlockSize);
                if (need > pool.FreeBlocks)
                {
                    break;
                }

                pool.Waiting.Dequeue();
                pool.FreeBlocks -= need;
                b.Blocks[i] = need;
                b.State[i] = RequestBook.Running;
                pool.Running.Add(i);
                var tokens = Math.Min(b.Input[i], budget);
                budget -= tokens;
                prompt += tokens;
                chunks++;
                Add(pool, i, tokens);
            }

            if (pool.StepCount == 0)
            {
                return;
            }

            for (var j = 0; j < pool.StepCount; j++)
            {
                var i = pool.StepRequest[j];
                if (b.FirstScheduled[i] < 0)
                {
                    b.FirstScheduled[i] = now;
                }
            }

            var time = _engine.Steps.Step(prompt, chunks, prompt > 0 ? prefixSum / prompt : 0, 0, 0, out var watts);
            Account(pool, now, time, watts, prompt, 0);
            _sim.Schedule(new Duration(pool.LastIteration), _id, PrefillEnd, p);
        }

        private void EndPrefill(int p, long now)
        {
            var pool = _prefill[p];
            var b = Book;
            var done = false;
            for (var j = 0; j < pool.StepCount; j++)
            {
                var i = pool.StepRequest[j];
                var tokens = pool.StepTokens[j];
                b.Cached[i] += tokens;
                pool.Outstanding -= tokens;
                if (b.Cached[i] < b.Input[i])
                {
                    continue;
                }

                // The prompt is done: the prefill replica produced the first token.
                done = true;
                b.Generated[i] = 1;
                _prefillEnd[i] = now;
                _prefillStage[i] = Math.Max(1, pool.LastIteration / _engine.PipelineStages);
                if (b.Output[i] <= 1)
                {
                    b.FirstToken[i] = now;
                    b.LastToken[i] = now;
                    b.Finished[i] = now;
                    b.State[i] = RequestBook.Done;
                    pool.FreeBlocks += b.Blocks[i];
                    b.Blocks[i] = 0;
                    OnFinished();
                    continue;
                }

                var d = RouteDecode();
                var decode = _decode[d];
                decode.Outstanding += b.Output[i] - 1;
                decode.Waiting.Enqueue(i);
                Admit(d, now);
            }

            if (done)
            {
                Compact(pool.Running, b, prefill: true);
            }

            pool.Busy = false;
            StartPrefill(p, now);
        }

        /// <summary>Admits requests from decode replica <paramref name="d"/>'s transfer queue, in order, while its cache and batch cap allow, and starts their transfers.</summary>
        private void Admit(int d, long now)
        {
            var pool = _decode[d];
            var b = Book;
            while (pool.Waiting.Count > 0 && pool.Admitted < _engine.MaxBatch)
            {
                var i = pool.Waiting.Peek();
                var need = BlocksFor((long)b.Input[i] + b.Output[i], _engine.BlockSize);
                if (need > pool.FreeBlocks)
                {
                    break;
                }

                pool.Waiting.Dequeue();
                pool.FreeBlocks -= need;
                pool.Run?.Take(now, need);
                pool.Admitted++;
                var p = _prefillOf[i];
                var source = _prefill[p];
                var links = Math.Max(source.LinkFree, pool.LinkFree);
                var bytes = _split.KvBytesPerTokenPerGpu * b.Input[i];
                long start, end;
                if (_split.Mode == KvTransferMode.Layerwise && now == _prefillEnd[i])
                {
                    // Layer by layer from the last prefill iteration: layer l of the last stage is ready at
                    // (l + 1) / L of the stage's time, and each layer takes tau after the previous one.
                    var layers = Math.Max(1, _split.LayersPerGpu);
                    var tau = Math.Max(0, _split.Transfer.Time(p, d, bytes / layers).Nanoseconds);
                    var stage = _prefillStage[i];
                    start = Math.Max(links, now - stage + (stage / layers));
                    end = Math.Max(start + (layers * tau), now + tau);
                }
                else
                {
                    start = Math.Max(now, links);
                    end = start + Math.Max(0, _split.Transfer.Time(p, d, bytes).Nanoseconds);
                }

                source.LinkFree = end;
                pool.LinkFree = end;
                _transferStart[i] = start;
                _sim.ScheduleAt(new SimTime(end), _id, TransferEnd, i, d);
            }
        }

        private void EndTransfer(int i, int d, long now)
        {
            var b = Book;
            var p = _prefillOf[i];
            var source = _prefill[p];
            source.FreeBlocks += b.Blocks[i];
            b.Blocks[i] = BlocksFor((long)b.Input[i] + b.Output[i], _engine.BlockSize);
            if (source.Waiting.Count > 0)
            {
                Kick(source, PrefillKick, p);
            }

            _transferEnd[i] = now;
            b.FirstToken[i] = now;
            b.LastToken[i] = now;
            var pool = _decode[d];
            pool.Ready.Add(i);

            // A decode run ends with the iteration in flight: the next one takes the request.
            pool.Run?.Cut(_sim);
            Kick(pool, DecodeKick, d);
        }

        /// <summary>A decode iteration: one token for every running request, those whose KV has arrived joining first.</summary>
        private void StartDecode(int d, long now)
        {
            var pool = _decode[d];
            if (pool.Busy)
            {
                return;
            }

            pool.Running.AddRange(pool.Ready);
            pool.Ready.Clear();
            var n = pool.Running.Count;
            if (n == 0)
            {
                return;
            }

            var b = Book;
            double contextSum = 0;
            var steps = DecodeRun.MaxSteps;
            foreach (var i in pool.Running)
            {
                // Cached tokens: the prompt and every generated token but the latest, whose KV this iteration writes.
                contextSum += b.Input[i] + b.Generated[i] - 1;
                steps = Math.Min(steps, b.Output[i] - b.Generated[i]);
            }

            var time = _engine.Steps.Step(0, 0, 0, n, contextSum / n, out var watts);
            if (pool.Run is { } run && steps >= 2)
            {
                // Nothing joins before the first request ends (arrivals cut the run) and the cache was reserved at
                // admission: the iterations until then are one run.
                var first = new Duration(Math.Max(1, time.Nanoseconds * _engine.PipelineStages));
                run.Clear(steps);
                run.Begin(_sim, _id, DecodeRunEnd, d, _engine.Steps, first, watts, n, n, contextSum, steps, _engine.PipelineStages, _engine.KvBlocks - pool.FreeBlocks);
                pool.Busy = true;
                return;
            }

            Account(pool, now, time, watts, 0, n);
            _sim.Schedule(new Duration(pool.LastIteration), _id, DecodeEnd, d);
        }

        private void EndDecode(int d, long now) => EndDecodes(d, 1, now, now);

        /// <summary>The end of decode replica <paramref name="d"/>'s run: its iterations counted, then its requests advanced as by <see cref="EndDecode"/>.</summary>
        private void EndDecodeRun(int d, long now)
        {
            var pool = _decode[d];
            var run = pool.Run!;
            var firstEnd = run.FirstEnd;
            var steps = run.End(pool.Accounts, Gaps, pool.Running.Count);
            EndDecodes(d, steps, firstEnd, now);
        }

        /// <summary>
        /// Advances every running request of decode replica <paramref name="d"/> by <paramref name="steps"/> tokens (its
        /// gap before the first counted to <paramref name="firstEnd"/>; the later ones are the run's), ends those done,
        /// admits from the transfer queue and starts the next iteration.
        /// </summary>
        private void EndDecodes(int d, int steps, long firstEnd, long now)
        {
            var pool = _decode[d];
            var b = Book;
            var done = 0;
            foreach (var i in pool.Running)
            {
                b.Generated[i] += steps;
                pool.Outstanding -= steps;
                Gaps.Add(firstEnd - b.LastToken[i]);
                b.LastToken[i] = now;
                if (b.Generated[i] >= b.Output[i])
                {
                    b.State[i] = RequestBook.Done;
                    b.Finished[i] = now;
                    pool.FreeBlocks += b.Blocks[i];
                    b.Blocks[i] = 0;
                    pool.Admitted--;
                    done++;
                }
            }

            if (done > 0)
            {
                Compact(pool.Running, b, prefill: false);
                for (var k = 0; k < done; k++)
                {
                    OnFinished();
                }

                Admit(d, now);
            }

            pool.Busy = false;
            StartDecode(d, now);
        }

        /// <summary>Drops from <paramref name="running"/>, keeping the order, the requests whose prompt is done (prefill) or which are done (decode).</summary>
        private static void Compact(List<int> running, RequestBook b, bool prefill)
        {
            var k = 0;
            for (var j = 0; j < running.Count; j++)
            {
                var i = running[j];
                var gone = prefill ? b.Cached[i] >= b.Input[i] : b.State[i] == RequestBook.Done;
                if (!gone)
                {
                    running[k++] = i;
                }
            }

            running.RemoveRange(k, running.Count - k);
        }

        private static void Add(Pool pool, int i, int tokens)
        {
            pool.StepRequest[pool.StepCount] = i;
            pool.StepTokens[pool.StepCount] = tokens;
            pool.StepCount++;
        }

        /// <summary>Counts an iteration of <paramref name="time"/> (times the pipeline stages, at least 1 ns) starting now, and marks the replica busy.</summary>
        private void Account(Pool pool, long now, Duration time, double watts, int prompt, int decodes)
        {
            var ns = Math.Max(1, time.Nanoseconds * _engine.PipelineStages);
            pool.Accounts.Add(now, ns, _engine.KvBlocks - pool.FreeBlocks, watts, prompt, decodes);
            pool.Busy = true;
            pool.LastIteration = ns;
        }

        /// <summary>The metrics of the finished run, as <see cref="ServingSimulation"/> computes them, with the transfers and each pool's busy share.</summary>
        public ServingResult Collect(long events, long now)
        {
            var b = Book;
            var m = RequestMetrics.Of(b, _setup.Slo, now);
            var wire = new long[b.Count];
            var wait = new long[b.Count];
            var transfers = 0;
            double transferred = 0;
            for (var i = 0; i < b.Count; i++)
            {
                if (_transferEnd[i] >= 0)
                {
                    wire[transfers] = _transferEnd[i] - _transferStart[i];
                    wait[transfers] = Math.Max(0, _transferStart[i] - _prefillEnd[i]);
                    transfers++;
                    transferred += _split.KvBytesPerTokenPerGpu.Value * b.Input[i] * _setup.GpusPerReplica;
                }
            }

            var makespan = m.Makespan;
            double busy = 0, kvIntegral = 0, peak = 0, energy = 0, board = 0, prefillBusy = 0, decodeBusy = 0;
            long iterations = 0;
            var timeline = new List<ServeIteration>();
            void Sum(IterationAccounts r, int replica)
            {
                busy += r.BusyNanoseconds;
                kvIntegral += r.KvBlockNanoseconds;
                peak = Math.Max(peak, r.PeakBlocks / (double)_engine.KvBlocks);
                iterations += r.Iterations;
                var idle = Math.Max(0, makespan.Nanoseconds - r.BusyNanoseconds) / 1e9;
                var replicaBoard = r.Joules + (_setup.IdlePowerPerGpu.Value * _setup.GpusPerReplica * idle);
                board += replicaBoard;
                energy += replicaBoard + (_setup.GpusPerReplica * ((_setup.RestBusyPowerPerGpu.Value * r.BusyNanoseconds / 1e9) + (_setup.RestIdlePowerPerGpu.Value * idle)));
                if (r.Log is { } log)
                {
                    foreach (var (start, duration, prompt, decodes) in log)
                    {
                        timeline.Add(new ServeIteration(replica, start, duration, prompt, decodes));
                    }
                }
            }

            for (var r = 0; r < _prefill.Length; r++)
            {
                Sum(_prefill[r].Accounts, r);
                prefillBusy += _prefill[r].Accounts.BusyNanoseconds;
            }

            for (var r = 0; r < _decode.Length; r++)
            {
                Sum(_decode[r].Accounts, _prefill.Length + r);
                decodeBusy += _decode[r].Accounts.BusyNanoseconds;
            }

            var ms = (double)makespan.Nanoseconds;
            var span = ms * _setup.Replicas;
            return new ServingResult
            {
                Setup = _setup,
                Arrived = m.Arrived,
                Completed = m.Completed,
                Rejected = _rejected,
                Running = m.Arrived - m.Completed - _rejected,
                Preemptions = 0,
                Makespan = makespan,
                InputTokens = m.InputTokens,
                OutputTokens = m.OutputTokens,
                Ttft = m.Ttft,
                Tpot = m.Tpot,
                Itl = Gaps.Summary(),
                E2e = m.E2e,
                SchedulingDelay = m.SchedulingDelay,
                SloAttainment = m.SloAttainment,
                KvCacheUse = span > 0 ? kvIntegral / (span * _engine.KvBlocks) : 0,
                KvCachePeak = peak,
                GpuBusy = span > 0 ? busy / span : 0,
                Iterations = iterations,
                Energy = new Energy(energy * _setup.Pue),
                BoardEnergy = new Energy(board),
                Events = events,
                SimulatedReplicas = _setup.Replicas,
                Timeline = timeline,
                ArrivalWindow = m.ArrivalWindow,
                OutputTokensInArrivalWindow = m.OutputTokensInArrivalWindow,
                Disaggregation = new DisaggregationResult
                {
                    PrefillReplicas = _prefill.Length,
                    DecodeReplicas = _decode.Length,
                    KvTransfer = LatencySummary.Of(wire, transfers),
                    TransferWait = LatencySummary.Of(wait, transfers),
                    KvBytesPerRequest = new Bytes(transfers > 0 ? transferred / transfers : 0),
                    Transfers = transfers,
                    PrefillBusy = ms > 0 ? prefillBusy / (ms * _prefill.Length) : 0,
                    DecodeBusy = ms > 0 ? decodeBusy / (ms * _decode.Length) : 0,
                },
            };
        }
    }
}
