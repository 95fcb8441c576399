using System.Buffers;
using Colossim.Simulation;
using Colossim.Units;

namespace Colossim.Cluster;

/// <summary>
/// The Share pillar's simulator: jobs arrive, wait in one queue, are admitted by their tenant's quota, placed on the
/// cluster's topology, run, fail and restart, are preempted, and end; everything happens as events on the project's
/// <see cref="Simulator"/>. Design for a million jobs: jobs live in parallel arrays indexed by their position in
/// submission order; only the next arrival is ever pending (arrivals chain), so the event queue holds the running
/// jobs' ends plus a handful; one scheduling pass runs per instant however many events it has (a pass event at the
/// lowest priority, armed once); the queue is an array sorted by (key, submission) with tombstones, so FIFO appends,
/// removals near the head and requeues at the front are O(1); free capacity is the O(1) <see cref="CapacityIndex"/>;
/// allocations are pooled arrays. Accounting integrates GPU-time per tenant between events (no per-GPU-second work).
/// </summary>
internal sealed class ClusterEngine : IEventHandler
{
    private const int KindArrival = 0;
    private const int KindEnd = 1;
    private const int KindPass = 2;
    private const int KindFailure = 3;
    private const int KindRepair = 4;
    private const int KindPreempt = 5;
    private const int KindRecompute = 6;
    private const int KindHorizon = 7;
    private const int KindWithdraw = 8;

    private const byte Waiting = 0;
    private const byte Queued = 1;
    private const byte Running = 2;
    private const byte Done = 3;
    private const byte Rejected = 4;
    private const byte Withdrawn = 5;

    private const int MaxBuckets = 512;
    private const double MaxFailureGapHours = 100 * 365 * 24;
    private const double Ns = 1e9;

    private readonly Simulator _sim;
    private readonly HandlerId _self;
    private readonly ClusterOptions _options;
    private readonly PolicyStages _stages;
    private readonly CapacityIndex _cap;
    private readonly TopologyPlacement _placement;
    private readonly ConstrainedPlacement? _constrained;
    private readonly int[] _buffer;

    // Jobs, in submission order.
    private readonly JobSpec[] _specs;
    private readonly int[] _tenant;
    private readonly int[] _gpus;
    private readonly int[] _milli;
    private readonly int[] _min;
    private readonly bool[] _elastic;
    private readonly bool[] _singleNode;
    private readonly bool[] _spot;
    private readonly long[] _submit;
    private readonly long[] _work;
    private readonly byte[] _state;
    private readonly int[] _alloc;
    private readonly int[]?[] _allocGpus;
    private readonly long[] _saved;
    private readonly long[] _segStart;
    private readonly long[] _allocStart;
    private readonly EventHandle[] _endEvent;
    private readonly EventHandle[] _timer;
    private readonly long[] _firstStart;
    private readonly long[] _finish;
    private readonly int[] _preempts;
    private readonly int[] _interrupts;
    private readonly int[] _runningPos;

    // Pods: jobs with a GPU model, CPU or memory constraint on a cluster whose inventory is known (empty arrays otherwise).
    private readonly bool[] _pod;
    private readonly int[] _modelSet;
    private readonly int[] _host;

    // Tenants.
    private readonly string[] _tenantNames;
    private readonly double[] _share;
    private readonly double[] _nominal;
    private readonly double[] _borrowLimit;
    private readonly double[] _lendLimit;
    private readonly double[] _weight;
    private readonly double[] _usage;
    private readonly double[] _tenantGpuSeconds;
    private readonly int[] _demand;
    private readonly double[] _demandSeconds;
    private readonly double _unowned;
    private readonly bool[] _blockedTenant;
    private readonly double _shareSum;

    // Failures.
    private readonly FailureKind[] _failureKinds;
    private readonly RandomStream[] _failureStreams;
    private readonly int[] _failureCounts;

    private readonly int[] _running;
    private int _runningCount;

    // Who holds each GPU whole (-1: nobody), and the running fractional jobs, so a failure finds its victims at once.
    private readonly int[] _gpuOwner;
    private readonly int[] _fractional;
    private readonly int[] _fractionalPos;
    private int _fractionalCount;
    private readonly List<int> _elasticRunning = [];

    private QueueEntry[] _queue = new QueueEntry[1024];
    private int _qHead;
    private int _qCount;
    private int _qLive;

    private long[] _bfEnd = new long[64];
    private int[] _bfGpus = new int[64];

    private readonly double[][] _series;
    private long _bucket = 60 * (long)Ns;

    private long _last;
    private long _allocatedMilli;
    private double _allocatedGpuSeconds;
    private double _allocatedAtFirstArrival;
    private double _allocatedAtLastArrival;
    private double _fragmentedGpuSeconds;
    private double _repairGpuSeconds;
    private bool _fragmented;
    private bool _passPending;
    private bool _servicesToHorizon;
    private int _nextArrival;
    private int _outstanding;
    private int _preemptions;
    private long _end;

    public ClusterEngine(Simulator sim, ClusterShape shape, IReadOnlyList<TenantSpec> tenants, IReadOnlyList<JobSpec> jobs, ClusterOptions options, IJobRuntime runtime)
    {
        _sim = sim;
        _options = options;
        _stages = SchedulingPolicies.Create(options.Policy, options);
        _cap = new CapacityIndex(shape);
        _placement = new TopologyPlacement(_cap);
        if (shape.Inventory is { } inventory)
        {
            shape.CheckInventory();
            _constrained = new ConstrainedPlacement(_cap, inventory);
        }

        _buffer = new int[_cap.Gpus];
        Gpus = _cap.Gpus;
        _gpuOwner = new int[_cap.Gpus];
        Array.Fill(_gpuOwner, -1);

        var names = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var given = tenants.Count == 0 ? [new TenantSpec { Name = "default", Share = 1 }] : tenants;
        foreach (var t in given)
        {
            index[t.Name] = names.Count;
            names.Add(t.Name);
        }

        var order = Enumerable.Range(0, jobs.Count).ToArray();
        var submits = jobs.Select(j => j.Submit.Nanoseconds).ToArray();
        Array.Sort(submits, order);
        var n = jobs.Count;
        _specs = new JobSpec[n];
        _tenant = new int[n];
        _gpus = new int[n];
        _milli = new int[n];
        _min = new int[n];
        _elastic = new bool[n];
        _singleNode = new bool[n];
        _spot = new bool[n];
        _submit = new long[n];
        _work = new long[n];
        _state = new byte[n];
        _alloc = new int[n];
        _allocGpus = new int[n][];
        _saved = new long[n];
        _segStart = new long[n];
        _allocStart = new long[n];
        _endEvent = new EventHandle[n];
        _timer = new EventHandle[n];
        _firstStart = new long[n];
        _finish = new long[n];
        _preempts = new int[n];
        _interrupts = new int[n];
        _runningPos = new int[n];
        _running = new int[Math.Max(16, n)];
        _fractional = new int[Math.Max(16, n)];
        _fractionalPos = new int[n];
        _pod = new bool[n];
        _modelSet = _constrained is null ? [] : new int[n];
        _host = _constrained is null ? [] : new int[n];
        for (var i = 0; i < n; i++)
        {
            var spec = jobs[order[i]];
            Check(spec);
            _specs[i] = spec;
            if (!index.TryGetValue(spec.Tenant, out var t))
            {
                t = names.Count;
                index[spec.Tenant] = t;
                names.Add(spec.Tenant);
            }

            _tenant[i] = t;
            _gpus[i] = spec.Gpus;
            _milli[i] = spec.GpuFraction < 1 ? Math.Max(1, (int)Math.Round(spec.GpuFraction * CapacityIndex.Whole)) : CapacityIndex.Whole;
            _elastic[i] = spec.Kind == JobKind.Inference && spec.MinGpus > 0 && spec.MinGpus < spec.Gpus;
            _min[i] = _elastic[i] ? spec.MinGpus : spec.Gpus;
            _singleNode[i] = spec.Kind == JobKind.Batch;
            if (_constrained is not null)
            {
                _pod[i] = spec.GpuModels.Count > 0 || spec.CpuMilli > 0 || spec.MemoryMib > 0;
                _singleNode[i] |= spec.CpuMilli > 0 || spec.MemoryMib > 0;
                _modelSet[i] = _constrained.ModelSet(spec.GpuModels);
                _host[i] = -1;
            }

            _spot[i] = spec.Priority == PriorityClass.Spot;
            _submit[i] = spec.Submit.Nanoseconds;
            var run = runtime.RuntimeOf(spec, spec.Gpus);
            _work[i] = run is { } r ? Math.Max(1, r.Nanoseconds) : -1;
            _firstStart[i] = -1;
            _finish[i] = -1;
        }

        var tenantCount = names.Count;
        _tenantNames = [.. names];
        _share = new double[tenantCount];
        _nominal = new double[tenantCount];
        _borrowLimit = new double[tenantCount];
        _lendLimit = new double[tenantCount];
        _weight = new double[tenantCount];
        _usage = new double[tenantCount];
        _tenantGpuSeconds = new double[tenantCount];
        _demand = new int[tenantCount];
        _demandSeconds = new double[tenantCount];
        for (var t = 0; t < tenantCount; t++)
        {
            var spec = t < given.Count ? given[t] : null;
            _share[t] = spec?.Share ?? 0;
            _nominal[t] = _share[t] * Gpus;
            _borrowLimit[t] = spec?.BorrowingLimit is { } b ? b * Gpus : double.PositiveInfinity;
            _lendLimit[t] = spec?.LendingLimit is { } l ? l * Gpus : double.PositiveInfinity;
            _weight[t] = spec?.Weight ?? 1;
            _shareSum += _share[t];
        }

        _unowned = Math.Max(0, 1 - _shareSum) * Gpus;
        _blockedTenant = new bool[tenantCount];
        _series = new double[tenantCount][];
        for (var t = 0; t < tenantCount; t++)
        {
            _series[t] = new double[MaxBuckets + 1];
        }

        var failures = options.Failures?.Kinds.Where(k => k.PerGpuHour > 0).ToArray() ?? [];
        _failureKinds = failures;
        var streams = new RandomStreams(unchecked((ulong)options.Seed));
        _failureStreams = [.. failures.Select(k => streams.Get("cluster.failures." + k.Name))];
        _failureCounts = new int[failures.Length];
        _self = sim.Register(this);
    }

    public int Gpus { get; }

    public int TenantCount => _tenantNames.Length;

    public int TenantOf(int job) => _tenant[job];

    public bool IsSpot(int job) => _spot[job];

    public int GpusOf(int job) => _gpus[job];

    public long SubmitOf(int job) => _submit[job];

    public double TenantUsage(int tenant) => _usage[tenant];

    public double TenantWeight(int tenant) => _weight[tenant];

    public double TenantGpuSeconds(int tenant) => _tenantGpuSeconds[tenant];

    public double NormalisedShare(int tenant) => _shareSum > 0 ? _share[tenant] / _shareSum : 1.0 / TenantCount;

    /// <summary>Schedules the first events; call once before running the simulator.</summary>
    public void Start()
    {
        var n = _specs.Length;
        for (var i = 0; i < n; i++)
        {
            _outstanding += Placed(i) && _work[i] >= 0 ? 1 : 0;
        }

        // Only services (no job with a run time) and a horizon given: they run until it.
        _servicesToHorizon = _outstanding == 0 && _options.Horizon is not null;
        if (n > 0)
        {
            _sim.ScheduleAt(new SimTime(_submit[0]), _self, KindArrival, 0);
        }

        for (var k = 0; k < _failureKinds.Length; k++)
        {
            ScheduleFailure(k);
        }

        if (_stages.Order.Dynamic)
        {
            _sim.Schedule(_options.RecomputeInterval, _self, KindRecompute, priority: Simulator.MaxPriority - 1);
        }

        var lastSubmit = n > 0 ? _submit[n - 1] : 0;
        var horizon = _options.Horizon?.Nanoseconds ?? Math.Min(long.MaxValue / 2, lastSubmit + Duration.FromHours(365 * 24).Nanoseconds);
        _sim.ScheduleAt(new SimTime(Math.Max(1, horizon)), _self, KindHorizon, priority: Simulator.MinPriority);
        if (n == 0 || _outstanding == 0 && AllServicesOrCpu())
        {
            _end = lastSubmit;
        }
    }

    public void Handle(Simulator simulator, in SimEvent e)
    {
        var now = e.Time.Nanoseconds;
        Advance(now);
        switch (e.Kind)
        {
            case KindArrival:
                Arrive((int)e.Arg0, now);
                break;
            case KindEnd:
                Finish((int)e.Arg0, now);
                break;
            case KindPass:
                Pass(now);
                break;
            case KindFailure:
                Fail((int)e.Arg0, now);
                break;
            case KindRepair:
                _cap.SetDown((int)e.Arg0, false);
                RequestPass();
                break;
            case KindPreempt:
                Preempt((int)e.Arg0, now);
                break;
            case KindRecompute:
                Recompute(now);
                break;
            case KindWithdraw:
                Withdraw((int)e.Arg0);
                break;
            case KindHorizon:
                _end = now;
                _sim.Stop();
                return;
            default:
                throw new InvalidOperationException($"unknown cluster event kind {e.Kind}");
        }

        if (_nextArrival >= _specs.Length && _outstanding == 0 && !_servicesToHorizon)
        {
            _end = now;
            _sim.Stop();
        }
    }

    private bool AllServicesOrCpu()
    {
        for (var i = 0; i < _specs.Length; i++)
        {
            if (Placed(i) && _work[i] >= 0)
            {
                return false;
            }
        }

        return true;
    }

    // A job the scheduler places: one with GPUs, or a CPU-only pod on a cluster whose CPUs are known.
    private bool Placed(int job) => _gpus[job] > 0 || _pod[job];

    private static void Check(JobSpec spec)
    {
        if (spec.Gpus < 0 || !(spec.GpuFraction > 0 && spec.GpuFraction <= 1) || (spec.GpuFraction < 1 && spec.Gpus != 1)
            || spec.MinGpus < 0 || spec.MinGpus > spec.Gpus || spec.Submit < Duration.Zero || spec.Runtime is { Nanoseconds: < 0 }
            || spec.CpuMilli < 0 || spec.MemoryMib < 0)
        {
            throw new ArgumentException($"job {spec.Id} is invalid: {spec.Gpus} GPUs, fraction {spec.GpuFraction}, min {spec.MinGpus}, submit {spec.Submit}, runtime {spec.Runtime}, {spec.CpuMilli} milli-CPUs, {spec.MemoryMib} MiB", nameof(spec));
        }

        if (spec.Kind == JobKind.Inference && spec.MinGpus > 0 && spec.MinGpus < spec.Gpus && (spec.GpuModels.Count > 0 || spec.CpuMilli > 0 || spec.MemoryMib > 0))
        {
            throw new ArgumentException($"job {spec.Id} is an elastic deployment with GPU model, CPU or memory constraints, which are not supported", nameof(spec));
        }
    }

    // ---- events ----

    private void Arrive(int job, long now)
    {
        if (job == 0)
        {
            _allocatedAtFirstArrival = _allocatedGpuSeconds;
        }

        if (job == _specs.Length - 1)
        {
            _allocatedAtLastArrival = _allocatedGpuSeconds;
        }

        _nextArrival = job + 1;
        if (_nextArrival < _specs.Length)
        {
            _sim.ScheduleAt(new SimTime(_submit[_nextArrival]), _self, KindArrival, _nextArrival);
        }

        if (!Placed(job))
        {
            // A CPU-only job on a cluster without a CPU inventory: counted, never placed.
            _state[job] = Done;
            _firstStart[job] = now;
            _finish[job] = _work[job] >= 0 ? now + _work[job] : -1;
            return;
        }

        var t = _tenant[job];
        var most = _nominal[t] + _borrowLimit[t];
        if (_gpus[job] > Gpus || MinNeed(job) > most + 1e-9
            || (_pod[job] && !_constrained!.CouldEverFit(_gpus[job], _milli[job], _specs[job].CpuMilli, _specs[job].MemoryMib, _modelSet[job], _singleNode[job])))
        {
            _state[job] = Rejected;
            _outstanding -= _work[job] >= 0 ? 1 : 0;
            return;
        }

        _state[job] = Queued;
        _demand[t] += _gpus[job] > 0 ? 1 : 0;
        Enqueue(job, now);
        if (_specs[job].MaxWait is { } wait)
        {
            // Just after the instant: a job that starts at submission + MaxWait has started in time.
            _sim.Schedule(wait + Duration.Epsilon, _self, KindWithdraw, job);
        }

        RequestPass();
    }

    // A job that has not started by its submission + MaxWait leaves the queue (a pod deleted while pending).
    private void Withdraw(int job)
    {
        if (_state[job] != Queued || _firstStart[job] >= 0)
        {
            return;
        }

        _sim.Cancel(_timer[job]);
        _timer[job] = default;
        RemoveFromQueue(job);
        _state[job] = Withdrawn;
        _outstanding -= _work[job] >= 0 ? 1 : 0;
        _demand[_tenant[job]] -= _gpus[job] > 0 ? 1 : 0;
        RequestPass();
    }

    private void Finish(int job, long now)
    {
        _endEvent[job] = default;
        Release(job, now);
        _state[job] = Done;
        _finish[job] = now;
        _outstanding--;
        _demand[_tenant[job]] -= _gpus[job] > 0 ? 1 : 0;
        RequestPass();
    }

    private void Fail(int kind, long now)
    {
        var stream = _failureStreams[kind];
        var node = _cap.GpuNode[stream.Next(Gpus)];
        ScheduleFailure(kind);
        if (_cap.NodeDown[node])
        {
            return;
        }

        _failureCounts[kind]++;
        for (var g = _cap.NodeFirstGpu[node]; g < _cap.NodeFirstGpu[node + 1]; g++)
        {
            if (_gpuOwner[g] is var job and >= 0)
            {
                _interrupts[job]++;
                Interrupt(job, now);
            }
        }

        for (var i = _fractionalCount - 1; i >= 0; i--)
        {
            if (i < _fractionalCount && _fractional[i] is var job && _cap.GpuNode[_allocGpus[job]![0]] == node)
            {
                _interrupts[job]++;
                Interrupt(job, now);
            }
        }

        if (_constrained is not null)
        {
            // CPU-only pods on the node (GPU jobs were found by their GPUs above).
            for (var i = _runningCount - 1; i >= 0; i--)
            {
                if (i < _runningCount && _running[i] is var job && _gpus[job] == 0 && _host[job] == node)
                {
                    _interrupts[job]++;
                    Interrupt(job, now);
                }
            }
        }

        var repair = _failureKinds[kind].Repair;
        if (repair > Duration.Zero)
        {
            _cap.SetDown(node, true);
            _sim.Schedule(repair, _self, KindRepair, node);
        }

        RequestPass();
    }

    // The next strike of a kind anywhere in the cluster: exponential gaps at the kind's rate times the cluster's GPUs.
    // A gap beyond a century (a small cluster, a rare kind) means never.
    private void ScheduleFailure(int kind)
    {
        var perHour = _failureKinds[kind].PerGpuHour * _cap.Gpus;
        var hours = _failureStreams[kind].ExponentialMean(1 / perHour);
        if (hours < MaxFailureGapHours)
        {
            _sim.Schedule(Duration.Max(Duration.FromHours(hours), Duration.Epsilon), _self, KindFailure, kind, priority: -1);
        }
    }

    private void Recompute(long now)
    {
        _stages.Order.Recompute(this, now);
        Compact();
        for (var i = _qHead; i < _qCount; i++)
        {
            _queue[i] = new QueueEntry(_stages.Order.Key(this, _queue[i].Job, now), _queue[i].Job);
        }

        Array.Sort(_queue, _qHead, _qCount - _qHead);
        if (_nextArrival < _specs.Length || _outstanding > 0)
        {
            _sim.Schedule(_options.RecomputeInterval, _self, KindRecompute, priority: Simulator.MaxPriority - 1);
        }

        RequestPass();
    }

    private void Preempt(int job, long now)
    {
        _timer[job] = default;
        if (_state[job] != Queued)
        {
            return;
        }

        var t = _tenant[job];
        var need = MinNeed(job);
        if (!UnderGuarantee(t, need))
        {
            return;
        }

        if (TryStart(job, now))
        {
            RemoveFromQueue(job);
            return;
        }

        var victims = new List<(int Class, long Start, int Job)>();
        for (var i = 0; i < _runningCount; i++)
        {
            var v = _running[i];
            var u = _tenant[v];
            if (_spot[v])
            {
                victims.Add((0, -_allocStart[v], v));
            }
            else if (u != t && _usage[u] > _nominal[u] + 1e-9)
            {
                victims.Add((1, -_allocStart[v], v));
            }
        }

        victims.Sort();
        foreach (var (cls, _, v) in victims)
        {
            if (cls == 1 && !(_usage[_tenant[v]] > _nominal[_tenant[v]] + 1e-9))
            {
                continue;
            }

            if (_state[v] != Running)
            {
                continue;
            }

            _preempts[v]++;
            _preemptions++;
            Interrupt(v, now);
            if (TryStart(job, now))
            {
                RemoveFromQueue(job);
                break;
            }
        }

        RequestPass();
    }

    // ---- the scheduling pass ----

    private void RequestPass()
    {
        if (!_passPending)
        {
            _passPending = true;
            _sim.Schedule(Duration.Zero, _self, KindPass, priority: Simulator.MaxPriority);
        }
    }

    private void Pass(long now)
    {
        _passPending = false;
        var fragmented = false;
        var blocked = false;
        var looked = 0;
        for (var i = _qHead; i < _qCount && looked < _options.QueueDepth; i++)
        {
            var job = _queue[i].Job;
            if (job < 0)
            {
                continue;
            }

            looked++;
            var t = _tenant[job];
            if (_blockedTenant[t])
            {
                continue;
            }

            var need = MinNeed(job);
            if (need > Headroom(t) + 1e-9)
            {
                if (_cap.TotalFreeMilli >= (long)_min[job] * _milli[job])
                {
                    // Over its quota although GPUs are free: its tenant's later jobs wait behind it, the others go on.
                    _blockedTenant[t] = true;
                    continue;
                }

                // Short of GPUs as much as of quota: it blocks the queue as a job that does not fit.
            }
            else
            {
                if (TryStart(job, now))
                {
                    RemoveAt(i);
                    continue;
                }

                if (UnderGuarantee(t, need))
                {
                    if (ShrinkElastic(t, job, now) && TryStart(job, now))
                    {
                        RemoveAt(i);
                        continue;
                    }

                    if (_stages.Preemption && !_sim.IsPending(_timer[job]))
                    {
                        _timer[job] = _sim.Schedule(_options.PreemptionDelay, _self, KindPreempt, job);
                    }
                }

                if (_min[job] > 0 && _cap.TotalFreeMilli >= (long)_min[job] * _milli[job])
                {
                    fragmented = true;
                }
            }

            blocked = true;
            if (_stages.Preemption)
            {
                // Kueue-style: each tenant's queue blocks only itself; the other tenants' jobs go on.
                _blockedTenant[t] = true;
                continue;
            }

            if (_stages.Backfill)
            {
                Backfill(i, job, now);
            }

            break;
        }

        Array.Clear(_blockedTenant);
        _fragmented = fragmented;
        if (!blocked)
        {
            GrowElastic(now);
        }

        if (_qCount - _qHead > 2 * _qLive + 1024)
        {
            Compact();
        }

        if (_runningCount == 0 && _nextArrival >= _specs.Length && _qLive > 0 && _cap.UpGpus == _cap.Gpus)
        {
            // Nothing runs, nothing will arrive or be repaired, and nothing queued could start: the rest waits forever.
            _end = now;
            _sim.Stop();
        }
    }

    // EASY backfill: the head's reservation is the earliest time enough GPUs free up as running jobs end (their run
    // times are known); a later job starts now if it fits now and either ends before then or uses only GPUs the head
    // will not need.
    private void Backfill(int headIndex, int head, long now)
    {
        var n = 0;
        for (var i = 0; i < _runningCount; i++)
        {
            var j = _running[i];
            if (n == _bfEnd.Length)
            {
                Array.Resize(ref _bfEnd, n * 2);
                Array.Resize(ref _bfGpus, n * 2);
            }

            _bfEnd[n] = EndTimeOf(j);
            _bfGpus[n++] = _milli[j] == CapacityIndex.Whole ? _alloc[j] : 0;
        }

        Array.Sort(_bfEnd, _bfGpus, 0, n);
        var need = _min[head];
        var free = _cap.TotalWholeFree;
        var shadow = long.MaxValue;
        for (var i = 0; i < n && free < need; i++)
        {
            free += _bfGpus[i];
            shadow = _bfEnd[i];
        }

        if (free < need)
        {
            shadow = long.MaxValue;
        }

        var extra = Math.Max(0, free - need);
        var tried = 0;
        for (var i = headIndex + 1; i < _qCount && tried < _options.BackfillDepth; i++)
        {
            var job = _queue[i].Job;
            if (job < 0)
            {
                continue;
            }

            tried++;
            if (_blockedTenant[_tenant[job]])
            {
                continue;
            }

            var wholes = _milli[job] == CapacityIndex.Whole ? _min[job] : 0;
            var ends = _work[job] < 0 ? long.MaxValue : now + RestartDelay(job) + (_work[job] - _saved[job]);
            if ((ends <= shadow || wholes <= extra) && MinNeed(job) <= Headroom(_tenant[job]) + 1e-9 && TryStart(job, now))
            {
                if (ends > shadow)
                {
                    extra -= _alloc[job];
                }

                RemoveAt(i);
            }
        }
    }

    private long EndTimeOf(int job)
    {
        if (_work[job] < 0)
        {
            return long.MaxValue;
        }

        return _sim.IsPending(_endEvent[job]) ? ScheduledEnd(job) : long.MaxValue;
    }

    private long ScheduledEnd(int job)
    {
        var remaining = _work[job] - _saved[job];
        var stretch = _alloc[job] == _gpus[job] ? remaining : (long)Math.Ceiling(remaining * (double)_gpus[job] / _alloc[job]);
        return _segStart[job] + stretch;
    }

    private long RestartDelay(int job) => _preempts[job] + _interrupts[job] > 0 ? _options.RestartOverhead.Nanoseconds : 0;

    // ---- starting, stopping, resizing ----

    private double MinNeed(int job) => _min[job] * (double)_milli[job] / CapacityIndex.Whole;

    private bool TryStart(int job, long now)
    {
        int count;
        if (_elastic[job])
        {
            var want = (int)Math.Min(Math.Min(_gpus[job], Math.Floor(Headroom(_tenant[job]) + 1e-9)), _cap.TotalWholeFree);
            if (want < _min[job])
            {
                return false;
            }

            for (var k = 0; k < want; k++)
            {
                _placement.TryPlace(1, CapacityIndex.Whole, singleNode: true, TopologyLevel.Node, required: false, _single);
                _buffer[k] = _single[0];
            }

            count = want;
        }
        else if (_pod[job])
        {
            var spec = _specs[job];
            if (!_constrained!.TryPlace(_gpus[job], _milli[job], spec.CpuMilli, spec.MemoryMib, _modelSet[job], _singleNode[job], _buffer, out var host))
            {
                return false;
            }

            _host[job] = host;
            count = _gpus[job];
        }
        else
        {
            if (!_placement.TryPlace(_gpus[job], _milli[job], _singleNode[job], _options.Locality, _options.LocalityRequired, _buffer))
            {
                return false;
            }

            count = _gpus[job];
        }

        var gpus = ArrayPool<int>.Shared.Rent(_gpus[job]);
        Array.Copy(_buffer, gpus, count);
        Own(job, gpus, 0, count, job);
        _allocGpus[job] = gpus;
        _alloc[job] = count;
        _state[job] = Running;
        _runningPos[job] = _runningCount;
        _running[_runningCount++] = job;
        if (_elastic[job])
        {
            _elasticRunning.Add(job);
        }

        if (_milli[job] < CapacityIndex.Whole)
        {
            _fractionalPos[job] = _fractionalCount;
            _fractional[_fractionalCount++] = job;
        }

        AddUsage(job, count);
        if (_firstStart[job] < 0)
        {
            _firstStart[job] = now;
        }

        _allocStart[job] = now;
        _segStart[job] = now + RestartDelay(job);
        ScheduleEnd(job);
        return true;
    }

    private readonly int[] _single = new int[1];

    private void ScheduleEnd(int job)
    {
        if (_work[job] >= 0)
        {
            _endEvent[job] = _sim.ScheduleAt(new SimTime(ScheduledEnd(job)), _self, KindEnd, job);
        }
    }

    private void AddUsage(int job, int count)
    {
        var milli = (long)count * _milli[job];
        _allocatedMilli += milli;
        _usage[_tenant[job]] += milli / (double)CapacityIndex.Whole;
    }

    private void Release(int job, long now)
    {
        _sim.Cancel(_endEvent[job]);
        _endEvent[job] = default;
        var gpus = _allocGpus[job]!;
        Own(job, gpus, 0, _alloc[job], -1);
        _placement.Release(gpus, 0, _alloc[job], _milli[job]);
        AddUsage(job, -_alloc[job]);
        ArrayPool<int>.Shared.Return(gpus);
        _allocGpus[job] = null;
        if (_pod[job] && _host[job] >= 0)
        {
            _constrained!.Release(_host[job], _specs[job].CpuMilli, _specs[job].MemoryMib);
            _host[job] = -1;
        }

        _alloc[job] = 0;
        var pos = _runningPos[job];
        var last = _running[--_runningCount];
        _running[pos] = last;
        _runningPos[last] = pos;
        if (_elastic[job])
        {
            _elasticRunning.Remove(job);
        }

        if (_milli[job] < CapacityIndex.Whole)
        {
            var at = _fractionalPos[job];
            var moved = _fractional[--_fractionalCount];
            _fractional[at] = moved;
            _fractionalPos[moved] = at;
        }
    }

    private void Own(int job, int[] gpus, int from, int to, int owner)
    {
        if (_milli[job] == CapacityIndex.Whole)
        {
            for (var k = from; k < to; k++)
            {
                _gpuOwner[gpus[k]] = owner;
            }
        }
    }

    // Work done so far at full allocation: what was saved, plus progress since the segment started at the current rate.
    private long Progress(int job, long now)
    {
        var elapsed = Math.Max(0, now - _segStart[job]);
        var done = _alloc[job] == _gpus[job] ? elapsed : (long)(elapsed * (double)_alloc[job] / _gpus[job]);
        return _work[job] >= 0 ? Math.Min(_work[job], _saved[job] + done) : _saved[job] + done;
    }

    // A failure or a preemption: the job goes back to the queue with the work of its last checkpoint (an inference
    // deployment is stateless and keeps all of it).
    private void Interrupt(int job, long now)
    {
        var progress = Progress(job, now);
        var interval = _options.CheckpointInterval.Nanoseconds;
        long kept;
        if (_specs[job].Kind == JobKind.Inference || interval <= 0)
        {
            kept = progress;
        }
        else
        {
            var elapsed = Math.Max(0, now - _segStart[job]);
            var checkpointed = elapsed / interval * interval;
            var done = _alloc[job] == _gpus[job] ? checkpointed : (long)(checkpointed * (double)_alloc[job] / _gpus[job]);
            kept = Math.Min(progress, _saved[job] + done);
        }

        Release(job, now);
        _saved[job] = kept;
        _state[job] = Queued;
        Enqueue(job, now);
    }

    // Shrinks elastic deployments of tenants over their share toward their minimum until the blocked job's GPUs are free.
    private bool ShrinkElastic(int tenant, int job, long now)
    {
        var need = _min[job];
        var shrunk = false;
        for (var k = _elasticRunning.Count - 1; k >= 0 && _cap.TotalWholeFree < need; k--)
        {
            var e = _elasticRunning[k];
            var u = _tenant[e];
            if (u == tenant || !(_usage[u] > _nominal[u] + 1e-9) || _alloc[e] <= _min[e])
            {
                continue;
            }

            var over = (int)Math.Ceiling(_usage[u] - _nominal[u] - 1e-9);
            var give = Math.Min(Math.Min(_alloc[e] - _min[e], over), need - _cap.TotalWholeFree);
            Resize(e, _alloc[e] - give, now);
            shrunk = true;
        }

        return shrunk;
    }

    private void GrowElastic(long now)
    {
        for (var k = 0; k < _elasticRunning.Count && _cap.TotalWholeFree > 0; k++)
        {
            var e = _elasticRunning[k];
            var room = (int)Math.Min(Math.Min(_gpus[e] - _alloc[e], Math.Floor(Headroom(_tenant[e]) + 1e-9)), _cap.TotalWholeFree);
            if (room > 0)
            {
                Resize(e, _alloc[e] + room, now);
            }
        }
    }

    private void Resize(int job, int count, long now)
    {
        var progress = Progress(job, now);
        _sim.Cancel(_endEvent[job]);
        var gpus = _allocGpus[job]!;
        if (count < _alloc[job])
        {
            Own(job, gpus, count, _alloc[job], -1);
            _placement.Release(gpus, count, _alloc[job], _milli[job]);
        }
        else
        {
            for (var k = _alloc[job]; k < count; k++)
            {
                _placement.TryPlace(1, CapacityIndex.Whole, singleNode: true, TopologyLevel.Node, required: false, _single);
                gpus[k] = _single[0];
            }

            Own(job, gpus, _alloc[job], count, job);
        }

        AddUsage(job, count - _alloc[job]);
        _alloc[job] = count;
        _saved[job] = progress;
        _segStart[job] = Math.Max(now, _segStart[job]);
        ScheduleEnd(job);
    }

    // ---- quota (Kueue-style cohort with borrowing and lending limits) ----

    private bool UnderGuarantee(int tenant, double need) => _usage[tenant] + need <= _nominal[tenant] + 1e-9;

    /// <summary>The most GPUs tenant <paramref name="t"/> may add now: what is left of its nominal share, plus what it may borrow.</summary>
    private double Headroom(int t)
    {
        var within = Math.Max(0, _nominal[t] - _usage[t]);
        var over = Math.Max(0, _usage[t] - _nominal[t]);
        var borrowRoom = _borrowLimit[t] - over;
        var pool = _unowned;
        var borrowed = over;
        for (var u = 0; u < _usage.Length; u++)
        {
            if (u == t)
            {
                continue;
            }

            pool += Math.Min(_lendLimit[u], Math.Max(0, _nominal[u] - _usage[u]));
            borrowed += Math.Max(0, _usage[u] - _nominal[u]);
        }

        return within + Math.Max(0, Math.Min(borrowRoom, pool - borrowed));
    }

    // ---- the queue ----

    private void Enqueue(int job, long now)
    {
        var entry = new QueueEntry(_stages.Order.Key(this, job, now), job);
        _qLive++;
        if (_qHead > 0 && (_qHead == _qCount || entry.CompareTo(_queue[_qHead]) < 0))
        {
            _queue[--_qHead] = entry;
            return;
        }

        if (_qCount == _queue.Length)
        {
            Compact();
            if (_qCount == _queue.Length)
            {
                Array.Resize(ref _queue, _queue.Length * 2);
            }
        }

        if (_qCount == _qHead || entry.CompareTo(_queue[_qCount - 1]) >= 0)
        {
            _queue[_qCount++] = entry;
            return;
        }

        var lo = _qHead;
        var hi = _qCount;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_queue[mid].CompareTo(entry) <= 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        Array.Copy(_queue, lo, _queue, lo + 1, _qCount - lo);
        _queue[lo] = entry;
        _qCount++;
    }

    private void RemoveAt(int i)
    {
        _queue[i] = new QueueEntry(_queue[i].Key, -1 - _queue[i].Job);
        _qLive--;
        while (_qHead < _qCount && _queue[_qHead].Job < 0)
        {
            _qHead++;
        }
    }

    private void RemoveFromQueue(int job)
    {
        for (var i = _qHead; i < _qCount; i++)
        {
            if (_queue[i].Job == job)
            {
                RemoveAt(i);
                return;
            }
        }

        throw new InvalidOperationException($"job {job} is not in the queue");
    }

    private void Compact()
    {
        var w = 0;
        for (var i = _qHead; i < _qCount; i++)
        {
            if (_queue[i].Job >= 0)
            {
                _queue[w++] = _queue[i];
            }
        }

        _qHead = 0;
        _qCount = w;
    }

    // ---- accounting ----

    private void Advance(long now)
    {
        var dt = now - _last;
        if (dt <= 0)
        {
            return;
        }

        var seconds = dt / Ns;
        _allocatedGpuSeconds += _allocatedMilli / (double)CapacityIndex.Whole * seconds;
        _repairGpuSeconds += (_cap.Gpus - _cap.UpGpus) * seconds;
        if (_fragmented)
        {
            _fragmentedGpuSeconds += _cap.TotalFreeMilli / (double)CapacityIndex.Whole * seconds;
        }

        for (var t = 0; t < _usage.Length; t++)
        {
            _tenantGpuSeconds[t] += _usage[t] * seconds;
            _demandSeconds[t] += _demand[t] > 0 ? seconds : 0;
        }

        var from = _last;
        while (from < now)
        {
            var b = from / _bucket;
            if (b >= MaxBuckets)
            {
                MergeBuckets();
                continue;
            }

            var to = Math.Min(now, (b + 1) * _bucket);
            var s = (to - from) / Ns;
            for (var t = 0; t < _usage.Length; t++)
            {
                _series[t][b] += _usage[t] * s;
            }

            from = to;
        }

        _last = now;
    }

    private void MergeBuckets()
    {
        foreach (var s in _series)
        {
            for (var b = 0; b < MaxBuckets / 2; b++)
            {
                s[b] = s[2 * b] + s[(2 * b) + 1];
            }

            Array.Clear(s, MaxBuckets / 2, s.Length - (MaxBuckets / 2));
        }

        _bucket *= 2;
    }

    // ---- checks for tests ----

    /// <summary>
    /// What must hold between events, or a sentence saying what does not: every running gang job holds all its GPUs,
    /// every elastic one between its minimum and its request; allocations add up to the capacity in use and never beyond;
    /// each tenant's usage is the sum of its jobs'.
    /// </summary>
    internal string? CheckInvariants()
    {
        long milli = 0;
        var usage = new double[_usage.Length];
        for (var i = 0; i < _runningCount; i++)
        {
            var j = _running[i];
            if (_state[j] != Running)
            {
                return $"job {_specs[j].Id} is in the running list but not running";
            }

            if (_elastic[j] ? _alloc[j] < _min[j] || _alloc[j] > _gpus[j] : _alloc[j] != _gpus[j])
            {
                return $"job {_specs[j].Id} runs on {_alloc[j]} of its {_gpus[j]} GPUs (minimum {_min[j]})";
            }

            for (var k = 0; k < _alloc[j] && _milli[j] == CapacityIndex.Whole; k++)
            {
                if (_gpuOwner[_allocGpus[j]![k]] != j)
                {
                    return $"GPU {_allocGpus[j]![k]} of job {_specs[j].Id} is booked to another";
                }
            }

            milli += (long)_alloc[j] * _milli[j];
            usage[_tenant[j]] += _alloc[j] * _milli[j] / (double)CapacityIndex.Whole;
        }

        if (milli != _allocatedMilli)
        {
            return $"jobs hold {milli} milli-GPUs but the books say {_allocatedMilli}";
        }

        long up = (long)_cap.UpGpus * CapacityIndex.Whole;
        if (milli + _cap.TotalFreeMilli != up || milli > up)
        {
            return $"allocated {milli} + free {_cap.TotalFreeMilli} milli-GPUs is not the {up} that are up";
        }

        for (var t = 0; t < usage.Length; t++)
        {
            if (Math.Abs(usage[t] - _usage[t]) > 1e-6)
            {
                return $"tenant {_tenantNames[t]} uses {usage[t]} GPUs but the books say {_usage[t]}";
            }
        }

        return _constrained is null ? null : CheckPods();
    }

    // Pods: each node's free CPU and memory are its capacity less its pods' requests, never negative; every GPU of a pod
    // is of a model it allows; a pod with a request sits on the node of its GPUs.
    private string? CheckPods()
    {
        var c = _constrained!;
        var cpu = new long[_cap.Nodes];
        var mem = new long[_cap.Nodes];
        for (var i = 0; i < _runningCount; i++)
        {
            var j = _running[i];
            if (!_pod[j])
            {
                continue;
            }

            for (var k = 0; k < _alloc[j]; k++)
            {
                var g = _allocGpus[j]![k];
                if (!c.AllowsGpu(_modelSet[j], g))
                {
                    return $"pod {_specs[j].Id} runs on GPU {g}, of a model it does not allow";
                }

                if (_host[j] >= 0 && _cap.GpuNode[g] != _host[j])
                {
                    return $"pod {_specs[j].Id} holds GPU {g} outside its node {_host[j]}";
                }
            }

            if (_host[j] >= 0)
            {
                cpu[_host[j]] += _specs[j].CpuMilli;
                mem[_host[j]] += _specs[j].MemoryMib;
            }
            else if (_specs[j].CpuMilli > 0 || _specs[j].MemoryMib > 0)
            {
                return $"pod {_specs[j].Id} asks for CPU or memory but has no node";
            }
        }

        for (var n = 0; n < _cap.Nodes; n++)
        {
            if (c.CpuFree[n] != c.CpuCapacity[n] - cpu[n] || c.MemoryFree[n] != c.MemoryCapacity[n] - mem[n] || c.CpuFree[n] < 0 || c.MemoryFree[n] < 0)
            {
                return $"node {n} has {c.CpuFree[n]} milli-CPUs and {c.MemoryFree[n]} MiB free, but its pods leave {c.CpuCapacity[n] - cpu[n]} and {c.MemoryCapacity[n] - mem[n]}";
            }
        }

        return null;
    }

    /// <summary>
    /// The first queued job of each tenant that is under its guarantee while spot jobs or other tenants' borrowing jobs
    /// run (policy <c>priority</c>): by tenant, the job's index, or -1.
    /// </summary>
    internal int[] StarvedByBorrowers()
    {
        var result = new int[_usage.Length];
        Array.Fill(result, -1);
        var seen = new bool[_usage.Length];
        for (var i = _qHead; i < _qCount; i++)
        {
            var j = _queue[i].Job;
            if (j < 0 || seen[_tenant[j]])
            {
                continue;
            }

            var t = _tenant[j];
            seen[t] = true;
            if (!UnderGuarantee(t, MinNeed(j)))
            {
                continue;
            }

            for (var k = 0; k < _runningCount; k++)
            {
                var v = _running[k];
                if (_spot[v] || (_tenant[v] != t && _usage[_tenant[v]] > _nominal[_tenant[v]] + 1e-9))
                {
                    result[t] = j;
                    break;
                }
            }
        }

        return result;
    }

    // ---- the result ----

    public ScheduleResult Result(long events, double wallSeconds)
    {
        var end = Math.Max(_end, _last);
        Advance(end);
        var makespanS = end / Ns;
        var capacityS = Gpus * makespanS;
        var n = _specs.Length;
        var jct = new long[n];
        var queue = new long[n];
        int jctCount = 0, queueCount = 0, completed = 0, failed = 0, running = 0, queued = 0, neverStarted = 0, withdrawn = 0, cpu = 0, preempted = 0, interrupted = 0;
        double useful = 0;
        for (var j = 0; j < n; j++)
        {
            preempted += _preempts[j] > 0 ? 1 : 0;
            interrupted += _interrupts[j] > 0 ? 1 : 0;
            var perGpu = _gpus[j] * (_milli[j] / (double)CapacityIndex.Whole);
            switch (_state[j])
            {
                case Done when !Placed(j):
                    completed++;
                    cpu++;
                    break;
                case Done:
                    completed++;
                    jct[jctCount++] = _finish[j] - _submit[j];
                    useful += _work[j] / Ns * perGpu;
                    break;
                case Rejected:
                    failed++;
                    break;
                case Withdrawn:
                    withdrawn++;
                    break;
                case Running:
                    running++;
                    useful += Progress(j, end) / Ns * perGpu;
                    break;
                default:
                    // Queued, or never arrived (the horizon came first).
                    queued++;
                    neverStarted += _state[j] == Queued && _firstStart[j] < 0 ? 1 : 0;
                    useful += _saved[j] / Ns * perGpu;
                    break;
            }

            if (Placed(j) && _firstStart[j] >= 0)
            {
                queue[queueCount++] = _firstStart[j] - _submit[j];
            }
        }

        var tenants = new List<TenantResult>(TenantCount);
        for (var t = 0; t < TenantCount; t++)
        {
            tenants.Add(TenantResultOf(t, capacityS));
        }

        return new ScheduleResult
        {
            Policy = _stages.Name,
            Gpus = Gpus,
            Nodes = _cap.Nodes,
            Jobs = new JobCounts
            {
                Submitted = n,
                Completed = completed,
                Failed = failed,
                Preempted = preempted,
                Interrupted = interrupted,
                Running = running,
                Queued = queued,
                NeverStarted = neverStarted,
                Withdrawn = withdrawn,
                CpuOnly = cpu,
            },
            Jct = DurationStats.Of(jct, jctCount),
            Queue = DurationStats.Of(queue, queueCount),
            Makespan = new Duration(end),
            AllocatedUtilization = capacityS > 0 ? _allocatedGpuSeconds / capacityS : 0,
            ArrivalWindowUtilization = n > 1 && _submit[n - 1] > _submit[0] && _nextArrival >= n
                ? (_allocatedAtLastArrival - _allocatedAtFirstArrival) / (Gpus * ((_submit[n - 1] - _submit[0]) / Ns))
                : null,
            BusyUtilization = capacityS > 0 ? Math.Min(useful, _allocatedGpuSeconds) / capacityS : 0,
            LostGpuHours = Math.Max(0, _allocatedGpuSeconds - useful) / 3600,
            FragmentedGpuHours = _fragmentedGpuSeconds / 3600,
            RepairGpuHours = _repairGpuSeconds / 3600,
            Preemptions = _preemptions,
            Failures = [.. _failureKinds.Select((k, i) => new FailureCount(k.Name, _failureCounts[i]))],
            Tenants = tenants,
            BySize = SizeClasses(),
            ShareOverTime = Series(end),
            Events = events,
            WallSeconds = wallSeconds,
        };
    }

    private TenantResult TenantResultOf(int t, double capacityS)
    {
        var jct = new List<long>();
        var queue = new List<long>();
        int jobs = 0, completed = 0;
        double sumJct = 0, sumIdeal = 0;
        for (var j = 0; j < _specs.Length; j++)
        {
            if (_tenant[j] != t)
            {
                continue;
            }

            jobs++;
            if (_state[j] == Done)
            {
                completed++;
            }

            if (!Placed(j))
            {
                continue;
            }

            if (_state[j] == Done)
            {
                var c = _finish[j] - _submit[j];
                jct.Add(c);
                sumJct += c;
                var size = _gpus[j] * (_milli[j] / (double)CapacityIndex.Whole);
                sumIdeal += _work[j] * Math.Max(1, _nominal[t] > 0 ? size / _nominal[t] : 1);
            }

            if (_firstStart[j] >= 0)
            {
                queue.Add(_firstStart[j] - _submit[j]);
            }
        }

        return new TenantResult
        {
            Name = _tenantNames[t],
            EntitledShare = _share[t],
            ReceivedShare = capacityS > 0 ? _tenantGpuSeconds[t] / capacityS : 0,
            ReceivedShareWhileDemand = _demandSeconds[t] > 0 ? _tenantGpuSeconds[t] / (Gpus * _demandSeconds[t]) : null,
            Jobs = jobs,
            Completed = completed,
            Jct = DurationStats.Of([.. jct], jct.Count),
            Queue = DurationStats.Of([.. queue], queue.Count),
            FinishTimeFairness = _nominal[t] > 0 && sumIdeal > 0 ? sumJct / sumIdeal : null,
            GpuHours = _tenantGpuSeconds[t] / 3600,
        };
    }

    private static readonly (string Label, int Max)[] Classes = [("<=1", 1), ("2-8", 8), ("9-64", 64), ("65-512", 512), ("513-4096", 4096), (">4096", int.MaxValue)];

    private List<SizeClassResult> SizeClasses()
    {
        var result = new List<SizeClassResult>();
        var lower = 0;
        foreach (var (label, max) in Classes)
        {
            var jct = new List<long>();
            var queue = new List<long>();
            var jobs = 0;
            for (var j = 0; j < _specs.Length; j++)
            {
                if (_gpus[j] <= lower || _gpus[j] > max)
                {
                    continue;
                }

                jobs++;
                if (_state[j] == Done)
                {
                    jct.Add(_finish[j] - _submit[j]);
                }

                if (_firstStart[j] >= 0)
                {
                    queue.Add(_firstStart[j] - _submit[j]);
                }
            }

            if (jobs > 0)
            {
                result.Add(new SizeClassResult { Label = label, Jobs = jobs, Jct = DurationStats.Of([.. jct], jct.Count), Queue = DurationStats.Of([.. queue], queue.Count) });
            }

            lower = max;
        }

        return result;
    }

    private ShareSeries Series(long end)
    {
        var buckets = end <= 0 ? 0 : (int)Math.Min(MaxBuckets, ((end - 1) / _bucket) + 1);
        var shares = new List<IReadOnlyList<double>>();
        for (var t = 0; t < TenantCount; t++)
        {
            var s = new double[buckets];
            for (var b = 0; b < buckets; b++)
            {
                var length = Math.Min(_bucket, end - (b * _bucket)) / Ns;
                s[b] = length > 0 ? _series[t][b] / (Gpus * length) : 0;
            }

            shares.Add(s);
        }

        return new ShareSeries { Bucket = new Duration(_bucket), Tenants = [.. _tenantNames], Shares = shares };
    }

    /// <summary>A queue entry: the policy's key (lower first), then submission order (the job's index).</summary>
    private readonly record struct QueueEntry(double Key, int Job) : IComparable<QueueEntry>
    {
        public int CompareTo(QueueEntry other)
        {
            var c = Key.CompareTo(other.Key);
            return c != 0 ? c : Index(Job).CompareTo(Index(other.Job));
        }

        // A removed entry keeps its place: its job is stored as -1 - job.
        private static int Index(int job) => job >= 0 ? job : -1 - job;
    }
}
