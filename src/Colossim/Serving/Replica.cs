using Colossim.Simulation;
using Colossim.Units;
using static Colossim.Serving.ServingSimulation;

namespace Colossim.Serving;

/// <summary>
/// One model replica: a waiting queue, the running requests in admission order, a paged KV cache counted in blocks,
/// and one iteration in flight at a time. Its scheduler (<see cref="SchedulerKind"/>) forms each iteration; the
/// iteration's time comes from the step-time table. Allocates nothing per iteration once its arrays have grown.
/// </summary>
internal sealed partial class Replica : IEventHandler
{
    private const int StepEndKind = 1;
    private const int KickKind = 2;
    private const int RunEndKind = 3;
    private readonly Simulator _sim;
    private readonly ReplicaEngine _engine;
    private readonly RequestBook _book;
    private readonly Driver _driver;
    private readonly HandlerId _id;
    private readonly int[] _running;
    private readonly int[] _stepRequest;
    private readonly int[] _stepTokens;
    private int[] _waiting = new int[64];
    private int _waitHead;
    private int _waitCount;
    private int _runCount;
    private int _stepCount;
    private long _freeBlocks;
    private bool _busy;
    private bool _kicked;

    // A decode run: iterations whose batch cannot change (decode only, nothing waiting, no completion, no preemption
    // before its last), simulated with one event and cut short when a request arrives; null for one event per iteration.
    private readonly DecodeRun? _run;
    private readonly IterationAccounts _accounts;
    private int _staticBatch;

    public Replica(Simulator sim, ServingSetup setup, RequestBook book, Driver driver)
    {
        _sim = sim;
        _engine = setup.Engine;
        _book = book;
        _driver = driver;
        _id = sim.Register(this);
        _running = new int[_engine.MaxBatch];
        _stepRequest = new int[_engine.MaxBatch];
        _stepTokens = new int[_engine.MaxBatch];
        _freeBlocks = _engine.KvBlocks;
        _run = setup.SingleSteps ? null : new DecodeRun();
        _accounts = new IterationAccounts(setup.GpusPerReplica);
        _cache = PrefixCacheFor(setup);
        _checkBlocks = setup.CheckBlocks;
    }

    /// <summary>Prompt tokens not yet processed plus output tokens not yet generated, of the requests routed here, as of the last iteration event.</summary>
    private long Outstanding { get; set; }

    public long BusyNanoseconds => _accounts.BusyNanoseconds;

    public double KvBlockNanoseconds => _accounts.KvBlockNanoseconds;

    public long PeakBlocks => _accounts.PeakBlocks;

    public double Joules => _accounts.Joules;

    public long Iterations => _accounts.Iterations;

    public long Preemptions { get; private set; }

    /// <summary>The iterations recorded for a timeline (start, duration, prompt tokens, decodes); <see langword="null"/> unless <see cref="StartLog"/> was called.</summary>
    public List<(long Start, long Duration, int Prompt, int Decodes)>? Log => _accounts.Log;

    /// <summary>Records this replica's first <paramref name="capacity"/> iterations in <see cref="Log"/>.</summary>
    public void StartLog(int capacity) => _accounts.StartLog(capacity);

    /// <summary>Prompt tokens not yet processed plus output tokens not yet generated at <paramref name="now"/> (a decode run's finished iterations counted).</summary>
    public long OutstandingAt(long now) => _run is { Steps: > 0 } run ? Outstanding - ((long)_stepCount * run.StepsDone(now)) : Outstanding;

    public void Enqueue(int i)
    {
        if (_engine.Scheduler != SchedulerKind.Static)
        {
            // A run ends with the iteration in flight; the next one may take the new request.
            _run?.Cut(_sim);
        }

        _book.State[i] = RequestBook.Waiting;
        Outstanding += _book.Input[i] + _book.Output[i];
        PushBack(i);

        // An idle replica starts its next iteration after every request arriving at this instant has been queued, so
        // that requests arriving together are batched together.
        if (!_busy && !_kicked)
        {
            _kicked = true;
            _sim.Schedule(Duration.Zero, _id, KickKind, priority: Simulator.MaxPriority);
        }
    }

    public void Handle(Simulator simulator, in SimEvent e)
    {
        if (e.Kind == KickKind)
        {
            _kicked = false;
            TryStart();
            return;
        }

        if (e.Kind == RunEndKind)
        {
            EndRun(simulator.Now.Nanoseconds);
            return;
        }

        var now = simulator.Now.Nanoseconds;
        var b = _book;
        var anyDone = false;
        for (var j = 0; j < _stepCount; j++)
        {
            var i = _stepRequest[j];
            var tokens = _stepTokens[j];
            if (tokens > 0)
            {
                b.Cached[i] += tokens;
                Outstanding -= tokens;
                if (b.Cached[i] < b.Target[i])
                {
                    continue;
                }

                PublishPrefix(i);
            }
            else
            {
                b.Cached[i]++;
            }

            // The iteration produced a token: the first (or the next, after a recomputed prefill) or a decode token.
            b.Generated[i]++;
            Outstanding--;
            if (b.FirstToken[i] < 0)
            {
                b.FirstToken[i] = now;
            }
            else
            {
                _driver.Gaps.Add(now - b.LastToken[i]);
            }

            b.LastToken[i] = now;
            if (b.Generated[i] >= b.Output[i])
            {
                b.State[i] = RequestBook.Done;
                b.Finished[i] = now;
                _freeBlocks += b.Blocks[i];
                b.Blocks[i] = 0;
                ReleasePrefix(i);
                anyDone = true;
            }
        }

        Finish(anyDone);
    }

    /// <summary>Drops finished requests from the running list (keeping admission order), tells the driver, and starts the next iteration.</summary>
    private void Finish(bool anyDone)
    {
        var b = _book;
        if (anyDone)
        {
            // Keep the running requests in admission order.
            var k = 0;
            for (var j = 0; j < _runCount; j++)
            {
                var i = _running[j];
                if (b.State[i] != RequestBook.Done)
                {
                    _running[k++] = i;
                }
            }

            _runCount = k;
            for (var j = 0; j < _stepCount; j++)
            {
                if (b.State[_stepRequest[j]] == RequestBook.Done)
                {
                    _driver.OnFinished();
                }
            }
        }

        _busy = false;
        TryStart();
    }

    private void TryStart()
    {
        if (_busy)
        {
            return;
        }

        if (_checkBlocks)
        {
            CheckBlocks();
        }

        _stepCount = 0;
        double watts;
        Duration time = _engine.Scheduler switch
        {
            SchedulerKind.Continuous => FormContinuous(out watts),
            SchedulerKind.PrefillFirst => FormPrefillFirst(out watts),
            _ => FormStatic(out watts),
        };
        if (_stepCount == 0)
        {
            return;
        }

        var stages = _engine.PipelineStages;
        time = new Duration(Math.Max(1, time.Nanoseconds * stages));
        if (_run is { } run && TryStartRun(run, time, watts))
        {
            return;
        }

        var now = _sim.Now.Nanoseconds;
        for (var j = 0; j < _stepCount; j++)
        {
            var i = _stepRequest[j];
            if (_book.FirstScheduled[i] < 0)
            {
                _book.FirstScheduled[i] = now;
            }
        }

        int prompt = 0, decodes = 0;
        if (Log is not null)
        {
            for (var j = 0; j < _stepCount; j++)
            {
                prompt += _stepTokens[j];
                decodes += _stepTokens[j] == 0 ? 1 : 0;
            }
        }

        _accounts.Add(now, time.Nanoseconds, _engine.KvBlocks - _freeBlocks - Evictable, watts, prompt, decodes);
        _busy = true;
        _sim.Schedule(time, _id, StepEndKind);
    }

    /// <summary>vLLM V1 / Sarathi-Serve: decode tokens and prompt chunks of running requests, then waiting prompts, under the token budget.</summary>
    private Duration FormContinuous(out double watts)
    {
        var b = _book;
        var budget = _engine.TokenBudget;

        // With expert parallelism the budget is the attention ranks' together, and a chunk is one rank's at most.
        var chunk = _engine.TokenBudget / _engine.Steps.AttentionRanks;
        var preempted = false;
        int prompt = 0, chunks = 0, decodes = 0;
        double prefixSum = 0, contextSum = 0;
        for (var j = 0; j < _runCount && budget > 0; j++)
        {
            var i = _running[j];
            var decode = b.Cached[i] >= b.Target[i];
            var tokens = decode ? 1 : Math.Min(b.Target[i] - b.Cached[i], Math.Min(budget, chunk));
            if (!Reserve(i, tokens, j, ref preempted))
            {
                break;
            }

            budget -= tokens;
            if (decode)
            {
                decodes++;
                contextSum += b.Cached[i];
                Add(i, 0);
            }
            else
            {
                prompt += tokens;
                chunks++;
                prefixSum += (double)b.Cached[i] * tokens;
                Add(i, tokens);
            }
        }

        while (!preempted && budget > 0 && _waitCount > 0 && _runCount < _engine.MaxBatch)
        {
            var i = _waiting[_waitHead];
            var hit = TakePrefix(i);
            var tokens = Math.Min(b.Target[i] - b.Cached[i], Math.Min(budget, chunk));
            var need = AdmissionBlocks(i, tokens);
            if (!Room(need))
            {
                UndoPrefix(i, hit);
                break;
            }

            PopFront();
            Admit(i, need);
            budget -= tokens;
            prompt += tokens;
            chunks++;
            prefixSum += (double)b.Cached[i] * tokens;
            Add(i, tokens);
        }

        return _engine.Steps.Step(prompt, chunks, prompt > 0 ? prefixSum / prompt : 0, decodes, decodes > 0 ? contextSum / decodes : 0, out watts);
    }

    /// <summary>vLLM V0: whole prompts of waiting requests when any fit, else one decode token for every running request.</summary>
    private Duration FormPrefillFirst(out double watts)
    {
        var b = _book;
        var longest = 0;
        long total = 0;
        while (_waitCount > 0 && _runCount < _engine.MaxBatch)
        {
            var i = _waiting[_waitHead];
            var hit = TakePrefix(i);
            var tokens = b.Target[i] - b.Cached[i];
            var padded = (long)Math.Max(longest, tokens) * (_stepCount + 1);
            if (_stepCount > 0 && padded > _engine.TokenBudget)
            {
                UndoPrefix(i, hit);
                break;
            }

            var need = AdmissionBlocks(i, tokens);
            if (!Room(need))
            {
                UndoPrefix(i, hit);
                break;
            }

            PopFront();
            Admit(i, need);
            longest = Math.Max(longest, tokens);
            total += tokens;
            Add(i, tokens);
        }

        if (_stepCount > 0)
        {
            return _engine.Steps.PrefillStep(_stepCount, (double)total / _stepCount, out watts);
        }

        return DecodeAll(_runCount, out watts);
    }

    /// <summary>Static batching: a batch of waiting requests with their whole KV reserved, decoded until the last ends.</summary>
    private Duration FormStatic(out double watts)
    {
        var b = _book;
        if (_runCount > 0)
        {
            return DecodeAll(_staticBatch, out watts);
        }

        long total = 0;
        while (_waitCount > 0 && _runCount < _engine.MaxBatch)
        {
            var i = _waiting[_waitHead];
            var need = BlocksFor((long)b.Input[i] + b.Output[i], _engine.BlockSize);
            if (need > _freeBlocks)
            {
                break;
            }

            PopFront();
            Admit(i, need);
            total += b.Target[i];
            Add(i, b.Target[i]);
        }

        _staticBatch = _stepCount;
        watts = 0;
        return _stepCount > 0 ? _engine.Steps.PrefillStep(_stepCount, (double)total / _stepCount, out watts) : Duration.Zero;
    }

    /// <summary>One decode token for each running request (preempting from the tail when the cache is full), timed as a batch of <paramref name="timedBatch"/>.</summary>
    private Duration DecodeAll(int timedBatch, out double watts)
    {
        var b = _book;
        var preempted = false;
        double contextSum = 0;
        for (var j = 0; j < _runCount; j++)
        {
            var i = _running[j];
            if (!Reserve(i, 1, j, ref preempted))
            {
                break;
            }

            contextSum += b.Cached[i];
            Add(i, 0);
        }

        watts = 0;
        return _stepCount > 0 ? _engine.Steps.Step(0, 0, 0, Math.Max(timedBatch, _stepCount), contextSum / _stepCount, out watts) : Duration.Zero;
    }

    /// <summary>
    /// Starts a decode run when the iteration just formed (whose time and power are given) is decode only and nothing
    /// can change the next ones: nothing waits, every running request is in it, and the cache holds their growth.
    /// The run lasts until its first request ends (or the cache would fill, or <see cref="DecodeRun.MaxSteps"/>).
    /// </summary>
    private bool TryStartRun(DecodeRun run, Duration first, double firstWatts)
    {
        var b = _book;
        var isStatic = _engine.Scheduler == SchedulerKind.Static;
        if ((!isStatic && _waitCount > 0) || _stepCount != _runCount)
        {
            return false;
        }

        var steps = DecodeRun.MaxSteps;
        double contextSum = 0;
        for (var j = 0; j < _stepCount; j++)
        {
            var i = _stepRequest[j];
            if (_stepTokens[j] != 0)
            {
                return false;
            }

            steps = Math.Min(steps, b.Output[i] - b.Generated[i]);
            contextSum += b.Cached[i];
        }

        // Blocks for steps 1..k-1 (step 0's are reserved): the largest k whose growth fits the free blocks.
        var blockSize = _engine.BlockSize;
        int lo = 1, hi = steps;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >> 1;
            long extra = 0;
            for (var j = 0; j < _stepCount; j++)
            {
                var i = _stepRequest[j];
                extra += BlocksFor((long)b.Cached[i] - b.Shared[i] + mid, blockSize) - b.Blocks[i];
            }

            if (extra <= _freeBlocks + Evictable)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        steps = lo;
        if (steps < 2)
        {
            return false;
        }

        RoomForRun(steps);

        // Block crossings: step s needs a new block for request i when its cached tokens reach a multiple of the size.
        run.Clear(steps);
        for (var j = 0; j < _stepCount; j++)
        {
            var i = _stepRequest[j];
            var cached = b.Cached[i];
            var next = b.Shared[i] + ((long)b.Blocks[i] * blockSize); // tokens the held blocks cover
            for (var s = Math.Max(1, next - cached); s < steps; s += blockSize)
            {
                run.Grow((int)s, 1);
            }
        }

        var d = _stepCount;
        var timed = isStatic ? Math.Max(_staticBatch, d) : d;
        run.Begin(_sim, _id, RunEndKind, 0, _engine.Steps, first, firstWatts, timed, d, contextSum, steps, _engine.PipelineStages, _engine.KvBlocks - _freeBlocks - Evictable);
        _busy = true;
        return true;
    }

    /// <summary>Applies the run's finished iterations: tokens, gaps, blocks, completions and the per-iteration accounts, in the order single iterations would.</summary>
    private void EndRun(long now)
    {
        var b = _book;
        var run = _run!;
        var d = _stepCount;
        var firstEnd = run.FirstEnd;
        var steps = run.End(_accounts, _driver.Gaps, d);
        var anyDone = false;
        for (var j = 0; j < d; j++)
        {
            var i = _stepRequest[j];
            _driver.Gaps.Add(firstEnd - b.LastToken[i]);
            b.Cached[i] += steps;
            b.Generated[i] += steps;
            Outstanding -= steps;
            b.LastToken[i] = now;
            var blocks = Math.Max(b.Blocks[i], BlocksFor(b.Cached[i] - b.Shared[i], _engine.BlockSize));
            _freeBlocks -= blocks - b.Blocks[i];
            b.Blocks[i] = blocks;
            if (b.Generated[i] >= b.Output[i])
            {
                b.State[i] = RequestBook.Done;
                b.Finished[i] = now;
                _freeBlocks += b.Blocks[i];
                b.Blocks[i] = 0;
                ReleasePrefix(i);
                anyDone = true;
            }
        }

        Finish(anyDone);
    }

    /// <summary>
    /// Makes room in the cache for <paramref name="tokens"/> more tokens of running request <paramref name="i"/> (at
    /// position <paramref name="j"/>), preempting running requests from the tail (the latest admitted) as vLLM does;
    /// false when the request itself had to be preempted.
    /// </summary>
    private bool Reserve(int i, int tokens, int j, ref bool preempted)
    {
        var b = _book;
        var need = BlocksFor((long)b.Cached[i] - b.Shared[i] + tokens, _engine.BlockSize) - b.Blocks[i];
        while (!Room(need))
        {
            var last = _runCount - 1;
            Preempt(_running[last]);
            _runCount--;
            preempted = true;
            if (last == j)
            {
                return false;
            }
        }

        if (need > 0)
        {
            b.Blocks[i] += need;
            _freeBlocks -= need;
        }

        return true;
    }

    private void Preempt(int i)
    {
        var b = _book;
        _freeBlocks += b.Blocks[i];
        b.Blocks[i] = 0;
        ReleasePrefix(i);

        // Recomputation: the prompt and every token generated so far are prefilled again.
        var remainingBefore = b.Target[i] - b.Cached[i];
        b.Target[i] = b.Input[i] + b.Generated[i];
        b.Cached[i] = 0;
        Outstanding += b.Target[i] - remainingBefore;
        b.State[i] = RequestBook.Waiting;
        Preemptions++;
        PushFront(i);
    }

    /// <summary>Blocks request <paramref name="i"/> takes when admitted to run <paramref name="tokens"/> prompt tokens: those tokens' (greedy) or its whole prompt and output's (reserve).</summary>
    private int AdmissionBlocks(int i, int tokens)
    {
        var b = _book;
        var upTo = _engine.Admission == KvAdmission.Reserve ? (long)b.Input[i] + b.Output[i] : (long)b.Cached[i] + tokens;
        return Math.Max(0, BlocksFor(upTo - b.Shared[i], _engine.BlockSize) - b.Blocks[i]);
    }

    private void Admit(int i, int blocks)
    {
        _book.State[i] = RequestBook.Running;
        _book.Blocks[i] += blocks;
        _freeBlocks -= blocks;
        _running[_runCount++] = i;
        CountPrefix(i);
    }

    private void Add(int i, int tokens)
    {
        _stepRequest[_stepCount] = i;
        _stepTokens[_stepCount] = tokens;
        _stepCount++;
    }

    private void PushBack(int i)
    {
        Grow();
        _waiting[(_waitHead + _waitCount) & (_waiting.Length - 1)] = i;
        _waitCount++;
    }

    private void PushFront(int i)
    {
        Grow();
        _waitHead = (_waitHead - 1) & (_waiting.Length - 1);
        _waiting[_waitHead] = i;
        _waitCount++;
    }

    private void PopFront()
    {
        _waitHead = (_waitHead + 1) & (_waiting.Length - 1);
        _waitCount--;
    }

    private void Grow()
    {
        if (_waitCount < _waiting.Length)
        {
            return;
        }

        var bigger = new int[_waiting.Length * 2];
        for (var k = 0; k < _waitCount; k++)
        {
            bigger[k] = _waiting[(_waitHead + k) & (_waiting.Length - 1)];
        }

        _waiting = bigger;
        _waitHead = 0;
    }
}
