namespace Colossim.Cluster;

/// <summary>
/// Placement for jobs with constraints the GPU index does not know: the GPU models a job may use and the CPU and memory
/// it requests on its node (a Kubernetes pod's requests, as the Alibaba 2023 trace gives them). Design: the fast path
/// (<see cref="TopologyPlacement"/> over <see cref="CapacityIndex"/>) stays untouched for jobs without constraints; a
/// constrained job scans the nodes once per attempt (O(nodes), plus the GPUs of each candidate node for a fractional
/// job), because model, CPU and memory together have no bucket order. A job with a CPU or memory request runs on one
/// node; a CPU-only job goes on the node without GPUs whose free CPU fits it most tightly, else on a GPU node; a GPU job
/// goes on the allowed node with the fewest free GPUs that still fit it (best fit, as the fast path), a fractional one
/// on the fullest part-used GPU of an allowed node. A job with models only and more GPUs than a node spreads over
/// allowed nodes, whole free nodes first. CPU and memory of a node are free capacity like its GPUs: taken at start,
/// given back at the end; a node whose inventory gives 0 CPU or memory has no limit on it.
/// </summary>
internal sealed class ConstrainedPlacement
{
    private const long Unlimited = long.MaxValue / 4;

    private readonly int[] _nodeModel;
    private readonly Dictionary<string, int> _modelIndex = new(StringComparer.Ordinal);
    private readonly List<bool[]> _sets = [];
    private readonly Dictionary<string, int> _setIndex = new(StringComparer.Ordinal);

    // Requests that did not fit since capacity was last given back: a request at least as large in every resource,
    // with the same models (or any model failed), cannot fit either, so a pass over a long queue scans the nodes once per
    // distinct shape rather than once per job.
    private readonly Request[] _failed = new Request[32];
    private int _failedCount;
    private int _failedNext;
    private long _freedSeen;
    private long _cpuFreed;

    public ConstrainedPlacement(CapacityIndex capacity, IReadOnlyList<NodeSpec> inventory)
    {
        Capacity = capacity;
        var nodes = capacity.Nodes;
        CpuCapacity = new long[nodes];
        MemoryCapacity = new long[nodes];
        _nodeModel = new int[nodes];
        for (var n = 0; n < nodes; n++)
        {
            var spec = inventory[n];
            CpuCapacity[n] = spec.CpuMilli > 0 ? spec.CpuMilli : Unlimited;
            MemoryCapacity[n] = spec.MemoryMib > 0 ? spec.MemoryMib : Unlimited;
            _nodeModel[n] = -1;
            if (spec.GpuModel is { } model && spec.Gpus > 0)
            {
                if (!_modelIndex.TryGetValue(model, out var m))
                {
                    m = _modelIndex.Count;
                    _modelIndex[model] = m;
                }

                _nodeModel[n] = m;
            }
        }

        CpuFree = [.. CpuCapacity];
        MemoryFree = [.. MemoryCapacity];
    }

    public CapacityIndex Capacity { get; }

    public long[] CpuCapacity { get; }

    public long[] MemoryCapacity { get; }

    public long[] CpuFree { get; }

    public long[] MemoryFree { get; }

    /// <summary>Whether some node has GPUs of model <paramref name="model"/>.</summary>
    public bool HasModel(string model) => _modelIndex.ContainsKey(model);

    /// <summary>The index of the set of allowed models (-1: any model); names no node has are left out of the set.</summary>
    public int ModelSet(IReadOnlyList<string> models)
    {
        if (models.Count == 0)
        {
            return -1;
        }

        var key = string.Join('|', models.Order(StringComparer.Ordinal));
        if (_setIndex.TryGetValue(key, out var s))
        {
            return s;
        }

        var allowed = new bool[_modelIndex.Count];
        foreach (var m in models)
        {
            if (_modelIndex.TryGetValue(m, out var i))
            {
                allowed[i] = true;
            }
        }

        s = _sets.Count;
        _sets.Add(allowed);
        _setIndex[key] = s;
        return s;
    }

    /// <summary>Whether the job fits the cluster when it is empty and every node is up (else it can never run).</summary>
    public bool CouldEverFit(int gpus, int milli, long cpu, long mem, int set, bool singleNode)
    {
        var c = Capacity;
        long allowedGpus = 0;
        for (var n = 0; n < c.Nodes; n++)
        {
            if (!Allowed(n, set, gpus))
            {
                continue;
            }

            allowedGpus += c.NodeGpus[n];
            if (CpuCapacity[n] >= cpu && MemoryCapacity[n] >= mem && c.NodeGpus[n] >= (milli < CapacityIndex.Whole ? 1 : gpus))
            {
                return true;
            }
        }

        return !singleNode && allowedGpus >= gpus;
    }

    /// <summary>
    /// Places the job: its GPUs into <paramref name="dst"/> (from index 0) and, for a one-node job, its node into
    /// <paramref name="host"/> with its CPU and memory taken there (-1 for a job spread over nodes); returns false,
    /// taking nothing, when it does not fit now.
    /// </summary>
    public bool TryPlace(int gpus, int milli, long cpu, long mem, int set, bool singleNode, int[] dst, out int host)
    {
        host = -1;
        var c = Capacity;
        if (milli < CapacityIndex.Whole ? c.TotalFreeMilli < milli : gpus > c.TotalWholeFree)
        {
            return false;
        }

        var request = new Request(gpus, milli, cpu, mem, set);
        if (KnownToFail(request))
        {
            return false;
        }

        var best = -1;
        var bestKey = long.MaxValue;
        var bestGpu = -1;
        for (var n = 0; n < c.Nodes; n++)
        {
            if (c.NodeDown[n] || CpuFree[n] < cpu || MemoryFree[n] < mem || !Allowed(n, set, gpus))
            {
                continue;
            }

            long key;
            var gpu = -1;
            if (gpus == 0)
            {
                // CPU-only: nodes without GPUs first, then the tightest fit of CPU.
                key = (c.NodeGpus[n] > 0 ? Unlimited : 0) + CpuFree[n];
            }
            else if (milli < CapacityIndex.Whole)
            {
                gpu = FullestGpu(n, milli);
                if (gpu < 0)
                {
                    continue;
                }

                key = c.FreeMilli[gpu];
            }
            else
            {
                if (c.NodeFree[n] < gpus)
                {
                    continue;
                }

                key = c.NodeFree[n];
            }

            if (key < bestKey)
            {
                (best, bestKey, bestGpu) = (n, key, gpu);
            }
        }

        if (best >= 0)
        {
            if (gpus > 0 && milli < CapacityIndex.Whole)
            {
                c.SetFree(bestGpu, c.FreeMilli[bestGpu] - milli);
                dst[0] = bestGpu;
            }
            else
            {
                TakeWhole(best, gpus, dst, 0);
            }

            CpuFree[best] -= cpu;
            MemoryFree[best] -= mem;
            host = best;
            return true;
        }

        if (!singleNode && milli == CapacityIndex.Whole && cpu == 0 && mem == 0 && Spread(gpus, set, dst))
        {
            return true;
        }

        _failed[_failedNext] = request;
        _failedNext = (_failedNext + 1) % _failed.Length;
        _failedCount = Math.Min(_failedCount + 1, _failed.Length);
        return false;
    }

    private bool KnownToFail(Request r)
    {
        var freed = Capacity.Freed + _cpuFreed;
        if (freed != _freedSeen)
        {
            _freedSeen = freed;
            _failedCount = 0;
            _failedNext = 0;
            return false;
        }

        for (var i = 0; i < _failedCount; i++)
        {
            var f = _failed[i];
            if (r.Gpus >= f.Gpus && r.Milli >= f.Milli && r.Cpu >= f.Cpu && r.Mem >= f.Mem && (f.Set < 0 || f.Set == r.Set)
                && (f.Gpus > 0 || r.Gpus == 0))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Gives back the CPU and memory a one-node job took on <paramref name="host"/>.</summary>
    public void Release(int host, long cpu, long mem)
    {
        CpuFree[host] += cpu;
        MemoryFree[host] += mem;
        _cpuFreed++;
    }

    /// <summary>Whether GPU <paramref name="gpu"/> is of a model in set <paramref name="set"/> (-1: any).</summary>
    public bool AllowsGpu(int set, int gpu) => Allowed(Capacity.GpuNode[gpu], set, 1);

    private bool Allowed(int node, int set, int gpus)
    {
        if (set < 0 || gpus == 0)
        {
            return true;
        }

        var m = _nodeModel[node];
        return m >= 0 && _sets[set][m];
    }

    // The part-used GPU of the node with the least free that still fits, else a whole free one; -1 if none.
    private int FullestGpu(int node, int milli)
    {
        var c = Capacity;
        var best = -1;
        for (var g = c.NodeFirstGpu[node]; g < c.NodeFirstGpu[node + 1]; g++)
        {
            var free = c.FreeMilli[g];
            if (free >= milli && (best < 0 || free < c.FreeMilli[best]))
            {
                best = g;
            }
        }

        return best;
    }

    // A model-constrained job larger than any allowed node's free GPUs: allowed nodes in order, whole free nodes first.
    private bool Spread(int gpus, int set, int[] dst)
    {
        var c = Capacity;
        long free = 0;
        for (var n = 0; n < c.Nodes; n++)
        {
            if (!c.NodeDown[n] && Allowed(n, set, gpus))
            {
                free += c.NodeFree[n];
            }
        }

        if (free < gpus)
        {
            return false;
        }

        var taken = 0;
        for (var pass = 0; pass < 2 && taken < gpus; pass++)
        {
            for (var n = 0; n < c.Nodes && taken < gpus; n++)
            {
                if (c.NodeDown[n] || c.NodeFree[n] == 0 || !Allowed(n, set, gpus) || (pass == 0 && c.NodeFree[n] != c.NodeGpus[n]))
                {
                    continue;
                }

                taken += TakeWhole(n, Math.Min(gpus - taken, c.NodeFree[n]), dst, taken);
            }
        }

        return taken == gpus ? true : throw new InvalidOperationException($"allowed nodes counted {free} free GPUs but gave {taken} of {gpus}");
    }

    private readonly record struct Request(int Gpus, int Milli, long Cpu, long Mem, int Set);

    private int TakeWhole(int node, int count, int[] dst, int at)
    {
        var c = Capacity;
        var taken = 0;
        for (var g = c.NodeFirstGpu[node]; g < c.NodeFirstGpu[node + 1] && taken < count; g++)
        {
            if (c.FreeMilli[g] == CapacityIndex.Whole)
            {
                c.SetFree(g, 0);
                dst[at + taken++] = g;
            }
        }

        return taken == count ? taken : throw new InvalidOperationException($"node {node} counted {c.NodeFree[node]} whole free GPUs but gave {taken} of {count}");
    }
}
