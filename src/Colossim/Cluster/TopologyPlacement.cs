namespace Colossim.Cluster;

/// <summary>
/// Topology-aware placement (the placement stage): a job goes into the fewest NVLink domains, leaves and pods it can.
/// A fractional job goes on the fullest partly used GPU it fits (best fit), else on a whole GPU of the fullest node; a
/// job that fits on one node goes on the fullest node with room (best fit); a larger job goes into the fullest single
/// domain, else leaf, else pod with room for all of it, taking whole free nodes first; failing that it spreads over
/// the pods with the most free GPUs, unless its locality is required (then it waits). Batch jobs always run on one
/// node (a pod is one node).
/// </summary>
internal sealed class TopologyPlacement
{
    private readonly int[] _podOrder;
    private readonly long[] _podKey;

    public TopologyPlacement(CapacityIndex capacity)
    {
        Capacity = capacity;
        _podOrder = new int[capacity.PodFree.Length];
        _podKey = new long[capacity.PodFree.Length];
    }

    public CapacityIndex Capacity { get; }

    /// <summary>Places <paramref name="gpus"/> GPUs of <paramref name="milli"/> milli-GPUs each into <paramref name="dst"/> (from index 0); returns false, taking nothing, when they do not fit.</summary>
    public bool TryPlace(int gpus, int milli, bool singleNode, TopologyLevel locality, bool required, int[] dst)
    {
        var c = Capacity;
        if (milli < CapacityIndex.Whole)
        {
            var gpu = c.BestFitPartialGpu(milli);
            if (gpu < 0)
            {
                var node = c.BestFitNode(1);
                if (node < 0)
                {
                    return false;
                }

                gpu = FirstWhole(node);
            }

            c.SetFree(gpu, c.FreeMilli[gpu] - milli);
            dst[0] = gpu;
            return true;
        }

        if (gpus > c.TotalWholeFree)
        {
            return false;
        }

        if (gpus <= c.MaxNodeGpus)
        {
            var node = c.BestFitNode(gpus);
            if (node >= 0)
            {
                TakeFromNode(node, gpus, dst, 0);
                return true;
            }

            if (singleNode || (required && locality <= TopologyLevel.Node))
            {
                return false;
            }
        }

        if (c.NodesPerDomain > 1 && TryUnit(c.DomainFree, c.DomainCapacity, c.NodesPerDomain, gpus, dst))
        {
            return true;
        }

        if (required && locality <= TopologyLevel.Domain && gpus <= MaxOf(c.DomainCapacity))
        {
            return false;
        }

        if (TryUnit(c.LeafFree, c.LeafCapacity, c.NodesPerLeaf, gpus, dst))
        {
            return true;
        }

        if (required && locality <= TopologyLevel.Leaf && gpus <= MaxOf(c.LeafCapacity))
        {
            return false;
        }

        if (TryUnit(c.PodFree, c.PodCapacity, c.NodesPerPod, gpus, dst))
        {
            return true;
        }

        if (required && locality <= TopologyLevel.Pod && gpus <= MaxOf(c.PodCapacity))
        {
            return false;
        }

        Spread(gpus, dst);
        return true;
    }

    /// <summary>Gives back GPUs taken by <see cref="TryPlace"/>.</summary>
    public void Release(int[] gpus, int from, int to, int milli)
    {
        var c = Capacity;
        for (var i = from; i < to; i++)
        {
            var g = gpus[i];
            c.SetFree(g, c.FreeMilli[g] + milli);
        }
    }

    private static int MaxOf(int[] values)
    {
        var max = 0;
        foreach (var v in values)
        {
            max = Math.Max(max, v);
        }

        return max;
    }

    // The fullest unit whose free GPUs cover the job (best fit), filled whole nodes first.
    private bool TryUnit(int[] free, int[] capacity, int nodesPerUnit, int gpus, int[] dst)
    {
        var best = -1;
        for (var u = 0; u < free.Length; u++)
        {
            if (free[u] >= gpus && (best < 0 || free[u] < free[best]))
            {
                best = u;
            }
        }

        if (best < 0)
        {
            return false;
        }

        var first = best * nodesPerUnit;
        var end = Math.Min(first + nodesPerUnit, Capacity.Nodes);
        var taken = TakeRange(first, end, gpus, dst, 0);
        return taken == gpus ? true : throw new InvalidOperationException($"unit {best} counted {free[best]} free GPUs but gave {taken}");
    }

    // Over pods with the most free GPUs first, whole nodes first within each.
    private void Spread(int gpus, int[] dst)
    {
        var c = Capacity;
        for (var p = 0; p < _podOrder.Length; p++)
        {
            _podOrder[p] = p;
            _podKey[p] = -(((long)c.PodFree[p] << 24) - p);
        }

        Array.Sort(_podKey, _podOrder);
        var taken = 0;
        for (var i = 0; i < _podOrder.Length && taken < gpus; i++)
        {
            var p = _podOrder[i];
            var first = p * c.NodesPerPod;
            taken = TakeRange(first, Math.Min(first + c.NodesPerPod, c.Nodes), gpus, dst, taken);
        }

        if (taken != gpus)
        {
            throw new InvalidOperationException($"the cluster counted {c.TotalWholeFree} free GPUs but gave {taken} of {gpus}");
        }
    }

    private int TakeRange(int first, int end, int gpus, int[] dst, int taken)
    {
        var c = Capacity;
        for (var n = first; n < end && taken < gpus; n++)
        {
            if (c.NodeFree[n] == c.NodeGpus[n] && c.NodeFree[n] > 0)
            {
                taken += TakeFromNode(n, Math.Min(gpus - taken, c.NodeFree[n]), dst, taken);
            }
        }

        for (var n = first; n < end && taken < gpus; n++)
        {
            if (c.NodeFree[n] > 0)
            {
                taken += TakeFromNode(n, Math.Min(gpus - taken, c.NodeFree[n]), dst, taken);
            }
        }

        return taken;
    }

    private int TakeFromNode(int node, int count, int[] dst, int at)
    {
        var c = Capacity;
        var g = c.NodeFirstGpu[node];
        var end = c.NodeFirstGpu[node + 1];
        var taken = 0;
        for (; g < end && taken < count; g++)
        {
            if (c.FreeMilli[g] == CapacityIndex.Whole)
            {
                c.SetFree(g, 0);
                dst[at + taken++] = g;
            }
        }

        return taken;
    }

    private int FirstWhole(int node)
    {
        var c = Capacity;
        for (var g = c.NodeFirstGpu[node]; g < c.NodeFirstGpu[node + 1]; g++)
        {
            if (c.FreeMilli[g] == CapacityIndex.Whole)
            {
                return g;
            }
        }

        throw new InvalidOperationException($"node {node} counted whole free GPUs but has none");
    }
}
