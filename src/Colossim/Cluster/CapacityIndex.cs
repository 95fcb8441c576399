namespace Colossim.Cluster;

/// <summary>
/// The free capacity of a cluster, indexed for placement without scanning it. Design: capacity is counted in
/// milli-GPUs per GPU (1000 = a whole free GPU), so fractional jobs pack several to a GPU. Whole free GPUs are summed
/// per node, NVLink domain, leaf and pod (and in total); nodes sit in buckets by their count of whole free GPUs
/// (best fit for single-node jobs is a look at a few buckets), and partly used GPUs in buckets by their free
/// milli-GPUs (best fit for fractional jobs). Every change is O(1) (a GPU moves between buckets, a node between
/// buckets, four sums change); nothing allocates after construction. A node that is down (failed, in repair) counts
/// no free GPUs and sits in no bucket.
/// </summary>
internal sealed class CapacityIndex
{
    public const int Whole = 1000;
    private const int PartialBuckets = Whole;
    private const int Decade = 100;

    private readonly int[] _bucketCount;
    private readonly int[][] _buckets;
    private readonly int[] _nodePos;
    private readonly int[] _partialCount;
    private readonly int[][] _partial;
    private readonly int[] _gpuPos;
    private readonly int[] _decadeCount = new int[Whole / Decade];

    public CapacityIndex(ClusterShape shape)
    {
        var nodes = shape.NodeGpus.Count;
        NodeGpus = [.. shape.NodeGpus];
        NodeFirstGpu = new int[nodes + 1];
        for (var n = 0; n < nodes; n++)
        {
            NodeFirstGpu[n + 1] = NodeFirstGpu[n] + NodeGpus[n];
            MaxNodeGpus = Math.Max(MaxNodeGpus, NodeGpus[n]);
        }

        Gpus = NodeFirstGpu[nodes];
        GpuNode = new int[Gpus];
        for (var n = 0; n < nodes; n++)
        {
            Array.Fill(GpuNode, n, NodeFirstGpu[n], NodeGpus[n]);
        }

        NodesPerDomain = shape.NodesPerDomain;
        NodesPerLeaf = shape.NodesPerLeaf;
        NodesPerPod = shape.NodesPerPod;
        FreeMilli = new int[Gpus];
        Array.Fill(FreeMilli, Whole);
        NodeFree = [.. NodeGpus];
        NodeDown = new bool[nodes];
        DomainFree = Sums(NodesPerDomain);
        LeafFree = Sums(NodesPerLeaf);
        PodFree = Sums(NodesPerPod);
        DomainCapacity = Sums(NodesPerDomain);
        LeafCapacity = Sums(NodesPerLeaf);
        PodCapacity = Sums(NodesPerPod);
        TotalWholeFree = Gpus;
        UpGpus = Gpus;
        TotalFreeMilli = (long)Gpus * Whole;
        _bucketCount = new int[MaxNodeGpus + 1];
        _buckets = new int[MaxNodeGpus + 1][];
        for (var f = 0; f <= MaxNodeGpus; f++)
        {
            _buckets[f] = new int[Math.Max(4, nodes)];
        }

        _nodePos = new int[nodes];
        for (var n = 0; n < nodes; n++)
        {
            AddToBucket(n, NodeFree[n]);
        }

        _partialCount = new int[PartialBuckets];
        _partial = new int[PartialBuckets][];
        for (var b = 0; b < PartialBuckets; b++)
        {
            _partial[b] = new int[4];
        }

        _gpuPos = new int[Gpus];
    }

    public int Gpus { get; }

    public int Nodes => NodeGpus.Length;

    public int MaxNodeGpus { get; }

    public int NodesPerDomain { get; }

    public int NodesPerLeaf { get; }

    public int NodesPerPod { get; }

    public int[] NodeGpus { get; }

    public int[] NodeFirstGpu { get; }

    public int[] GpuNode { get; }

    public int[] FreeMilli { get; }

    public int[] NodeFree { get; }

    public bool[] NodeDown { get; }

    public int[] DomainFree { get; }

    public int[] LeafFree { get; }

    public int[] PodFree { get; }

    public int[] DomainCapacity { get; }

    public int[] LeafCapacity { get; }

    public int[] PodCapacity { get; }

    public int TotalWholeFree { get; private set; }

    public long TotalFreeMilli { get; private set; }

    /// <summary>Counts the changes that gave capacity back (a GPU freed, a node repaired), so a cache of failed placements knows when it is stale.</summary>
    public long Freed { get; private set; }

    /// <summary>GPUs on nodes that are up.</summary>
    public int UpGpus { get; private set; }

    /// <summary>Any node with at least <paramref name="gpus"/> whole free GPUs, the fullest that fits (best fit); -1 if none.</summary>
    public int BestFitNode(int gpus)
    {
        for (var f = Math.Max(gpus, 1); f <= MaxNodeGpus; f++)
        {
            if (_bucketCount[f] > 0)
            {
                return _buckets[f][_bucketCount[f] - 1];
            }
        }

        return -1;
    }

    /// <summary>A partly used GPU with at least <paramref name="milli"/> free, the fullest that fits (best fit); -1 if none.</summary>
    public int BestFitPartialGpu(int milli)
    {
        // Buckets hold GPUs by their exact free milli-GPUs; counts per hundred skip empty stretches.
        for (var d = milli / Decade; d < _decadeCount.Length; d++)
        {
            if (_decadeCount[d] == 0)
            {
                continue;
            }

            for (var b = Math.Max(milli, d * Decade); b < (d + 1) * Decade; b++)
            {
                if (_partialCount[b] > 0)
                {
                    return _partial[b][_partialCount[b] - 1];
                }
            }
        }

        return -1;
    }

    /// <summary>Sets GPU <paramref name="gpu"/>'s free milli-GPUs, keeping every sum and bucket right.</summary>
    public void SetFree(int gpu, int milli)
    {
        var old = FreeMilli[gpu];
        if (old == milli)
        {
            return;
        }

        if (milli > old)
        {
            Freed++;
        }

        var node = GpuNode[gpu];
        if (NodeDown[node])
        {
            FreeMilli[gpu] = milli;
            return;
        }

        if (old is > 0 and < Whole)
        {
            RemovePartial(gpu, old);
        }

        FreeMilli[gpu] = milli;
        TotalFreeMilli += milli - old;
        if (milli is > 0 and < Whole)
        {
            AddPartial(gpu, milli);
        }

        var delta = (milli == Whole ? 1 : 0) - (old == Whole ? 1 : 0);
        if (delta != 0)
        {
            ChangeNodeFree(node, delta);
        }
    }

    /// <summary>Takes the node out of service (all its GPUs must be free) or puts it back.</summary>
    public void SetDown(int node, bool down)
    {
        if (NodeDown[node] == down)
        {
            return;
        }

        if (down)
        {
            // Every job on it has been interrupted first, so all its GPUs are whole and free.
            ChangeNodeFree(node, -NodeFree[node]);
            TotalFreeMilli -= (long)NodeGpus[node] * Whole;
            UpGpus -= NodeGpus[node];
            NodeDown[node] = true;
        }
        else
        {
            NodeDown[node] = false;
            Freed++;
            UpGpus += NodeGpus[node];
            TotalFreeMilli += (long)NodeGpus[node] * Whole;
            ChangeNodeFree(node, NodeGpus[node]);
        }
    }

    private int[] Sums(int nodesPerGroup)
    {
        var groups = (NodeGpus.Length + nodesPerGroup - 1) / nodesPerGroup;
        var sums = new int[groups];
        for (var n = 0; n < NodeGpus.Length; n++)
        {
            sums[n / nodesPerGroup] += NodeGpus[n];
        }

        return sums;
    }

    private void ChangeNodeFree(int node, int delta)
    {
        RemoveFromBucket(node, NodeFree[node]);
        NodeFree[node] += delta;
        AddToBucket(node, NodeFree[node]);
        DomainFree[node / NodesPerDomain] += delta;
        LeafFree[node / NodesPerLeaf] += delta;
        PodFree[node / NodesPerPod] += delta;
        TotalWholeFree += delta;
    }

    private void AddToBucket(int node, int free)
    {
        var bucket = _buckets[free];
        _nodePos[node] = _bucketCount[free];
        bucket[_bucketCount[free]++] = node;
    }

    private void RemoveFromBucket(int node, int free)
    {
        var bucket = _buckets[free];
        var last = bucket[--_bucketCount[free]];
        var pos = _nodePos[node];
        bucket[pos] = last;
        _nodePos[last] = pos;
    }

    private void AddPartial(int gpu, int milli)
    {
        var b = milli;
        _decadeCount[b / Decade]++;
        if (_partialCount[b] == _partial[b].Length)
        {
            Array.Resize(ref _partial[b], _partial[b].Length * 2);
        }

        _gpuPos[gpu] = _partialCount[b];
        _partial[b][_partialCount[b]++] = gpu;
    }

    private void RemovePartial(int gpu, int milli)
    {
        var b = milli;
        _decadeCount[b / Decade]--;
        var bucket = _partial[b];
        var last = bucket[--_partialCount[b]];
        var pos = _gpuPos[gpu];
        bucket[pos] = last;
        _gpuPos[last] = pos;
    }
}
