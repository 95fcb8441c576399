namespace Colossim.Serving;

/// <summary>
/// What a replica's prefix cache did over a run (<see cref="ServingResult.PrefixCache"/>), summed over the simulated
/// replicas. A unit is one hash block of the trace (<see cref="ServingSetup.PrefixBlockTokens"/> tokens, 512 in the
/// Mooncake traces), which takes that many tokens ÷ the engine's block size of KV-cache blocks.
/// </summary>
public sealed record PrefixCacheStats
{
    /// <summary>Tokens per hash block (a cache unit), at least 1.</summary>
    public required int BlockTokens { get; init; }

    /// <summary>Prompt tokens looked up: the prompt (or the prompt and tokens generated before a preemption) of every admission, at least 0.</summary>
    public required long PromptTokens { get; init; }

    /// <summary>Prompt tokens whose KV came from the cache instead of being prefilled, 0 to <see cref="PromptTokens"/>.</summary>
    public required long HitTokens { get; init; }

    /// <summary>Hash blocks reused from the cache, at least 0.</summary>
    public required long HitBlocks { get; init; }

    /// <summary>Hash blocks evicted from the cache to make room for new KV, at least 0.</summary>
    public required long EvictedBlocks { get; init; }

    /// <summary>The share of prompt tokens served from the cache, 0 to 1 (0 when nothing was looked up).</summary>
    public double HitRate => PromptTokens > 0 ? HitTokens / (double)PromptTokens : 0;

    /// <summary>The sum of two replicas' (or shards') statistics.</summary>
    internal PrefixCacheStats Plus(PrefixCacheStats other) => this with
    {
        PromptTokens = PromptTokens + other.PromptTokens,
        HitTokens = HitTokens + other.HitTokens,
        HitBlocks = HitBlocks + other.HitBlocks,
        EvictedBlocks = EvictedBlocks + other.EvictedBlocks,
    };
}

/// <summary>
/// One replica's automatic prefix cache (vLLM's design, at the trace's hash-block granularity): KV blocks of full
/// prompt hash blocks, keyed by the hash chain (a unit's key is its own hash combined with its parent's key, so a unit
/// is found only when every unit before it matches). A unit is held by the requests using it (a reference count);
/// one that no request holds stays cached, evictable, in least-recently-used order, until the replica needs its
/// blocks. Releasing a request's units puts its last unit first in the eviction order, so a chain is evicted from
/// its tail (as vLLM frees blocks in reverse).
/// </summary>
/// <remarks>
/// Block accounting: the units' KV blocks (<see cref="HeldBlocks"/>) belong to the cache, not to the requests using
/// them; a replica's blocks are its free blocks plus its requests' private blocks plus these. Arrays grow and are
/// reused; a lookup allocates nothing.
/// </remarks>
internal sealed class PrefixCache
{
    private const int None = -1;
    private readonly Dictionary<long, int> _slots = [];
    private long[] _keys = new long[256];
    private int[] _refs = new int[256];
    private int[] _prev = new int[256];
    private int[] _next = new int[256];
    private int[] _freeSlots = new int[256];
    private int _freeSlotCount;
    private int _used;
    private int _lruHead = None; // least recently used, evicted first
    private int _lruTail = None;

    public PrefixCache(int blockTokens, int unitBlocks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockTokens, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(unitBlocks, 1);
        BlockTokens = blockTokens;
        UnitBlocks = unitBlocks;
    }

    /// <summary>Tokens per unit (one hash block).</summary>
    public int BlockTokens { get; }

    /// <summary>KV-cache blocks one unit takes.</summary>
    public int UnitBlocks { get; }

    /// <summary>KV blocks of every cached unit, held or evictable.</summary>
    public long HeldBlocks => (long)_slots.Count * UnitBlocks;

    /// <summary>KV blocks of cached units that no request holds.</summary>
    public long EvictableBlocks { get; private set; }

    public long PromptTokens { get; set; }

    public long HitTokens { get; set; }

    public long HitUnits { get; set; }

    public long EvictedUnits { get; private set; }

    /// <summary>The chain keys of a request's hash ids: key k combines hash k with key k − 1.</summary>
    public static long[] Chain(IReadOnlyList<int> hashIds)
    {
        var keys = new long[hashIds.Count];
        var key = 0x2545F4914F6CDD1DUL;
        for (var k = 0; k < keys.Length; k++)
        {
            key = Mix(key ^ unchecked((ulong)(uint)hashIds[k] * 0x9E3779B97F4A7C15UL));
            keys[k] = unchecked((long)key);
        }

        return keys;
    }

    private static ulong Mix(ulong z)
    {
        // SplitMix64's finaliser (multiplications modulo 2^64).
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>The units of <paramref name="chain"/>, from the first and at most <paramref name="max"/>, found in the cache in a row.</summary>
    public int Match(long[] chain, int max)
    {
        var n = Math.Min(max, chain.Length);
        var k = 0;
        while (k < n && _slots.ContainsKey(chain[k]))
        {
            k++;
        }

        return k;
    }

    /// <summary>Holds units 0 to <paramref name="units"/> − 1 of <paramref name="chain"/> (all cached: see <see cref="Match"/>) for one more request.</summary>
    public void Acquire(long[] chain, int units)
    {
        for (var k = 0; k < units; k++)
        {
            Hold(_slots[chain[k]]);
        }
    }

    /// <summary>
    /// Gives units <paramref name="from"/> to <paramref name="to"/> − 1 of <paramref name="chain"/>, whose KV a request
    /// has just computed in its own blocks, to the cache (held by that request). Returns how many were already cached
    /// (computed meanwhile by another request): their blocks the request had are now free.
    /// </summary>
    public int Publish(long[] chain, int from, int to)
    {
        var duplicates = 0;
        for (var k = from; k < to; k++)
        {
            if (_slots.TryGetValue(chain[k], out var slot))
            {
                Hold(slot);
                duplicates++;
                continue;
            }

            slot = NewSlot();
            _keys[slot] = chain[k];
            _refs[slot] = 1;
            _prev[slot] = _next[slot] = None;
            _slots.Add(chain[k], slot);
        }

        return duplicates;
    }

    /// <summary>Releases one request's hold on units 0 to <paramref name="units"/> − 1 of <paramref name="chain"/>; units no request holds become evictable, the last unit first.</summary>
    public void Release(long[] chain, int units)
    {
        for (var k = units - 1; k >= 0; k--)
        {
            var slot = _slots[chain[k]];
            if (--_refs[slot] == 0)
            {
                Append(slot);
                EvictableBlocks += UnitBlocks;
            }
        }
    }

    /// <summary>Evicts the least recently used unit that no request holds; false when there is none. Its blocks become free.</summary>
    public bool EvictOne()
    {
        var slot = _lruHead;
        if (slot == None)
        {
            return false;
        }

        Unlink(slot);
        _slots.Remove(_keys[slot]);
        EvictableBlocks -= UnitBlocks;
        EvictedUnits++;
        if (_freeSlotCount == _freeSlots.Length)
        {
            Array.Resize(ref _freeSlots, _freeSlots.Length * 2);
        }

        _freeSlots[_freeSlotCount++] = slot;
        return true;
    }

    /// <summary>The replica's statistics.</summary>
    public PrefixCacheStats Stats() => new()
    {
        BlockTokens = BlockTokens,
        PromptTokens = PromptTokens,
        HitTokens = HitTokens,
        HitBlocks = HitUnits,
        EvictedBlocks = EvictedUnits,
    };

    private void Hold(int slot)
    {
        if (_refs[slot]++ == 0)
        {
            Unlink(slot);
            EvictableBlocks -= UnitBlocks;
        }
    }

    private int NewSlot()
    {
        if (_freeSlotCount > 0)
        {
            return _freeSlots[--_freeSlotCount];
        }

        if (_used == _keys.Length)
        {
            var size = _keys.Length * 2;
            Array.Resize(ref _keys, size);
            Array.Resize(ref _refs, size);
            Array.Resize(ref _prev, size);
            Array.Resize(ref _next, size);
        }

        return _used++;
    }

    private void Append(int slot)
    {
        _prev[slot] = _lruTail;
        _next[slot] = None;
        if (_lruTail == None)
        {
            _lruHead = slot;
        }
        else
        {
            _next[_lruTail] = slot;
        }

        _lruTail = slot;
    }

    private void Unlink(int slot)
    {
        var p = _prev[slot];
        var n = _next[slot];
        if (p == None)
        {
            _lruHead = n;
        }
        else
        {
            _next[p] = n;
        }

        if (n == None)
        {
            _lruTail = p;
        }
        else
        {
            _prev[n] = p;
        }

        _prev[slot] = _next[slot] = None;
    }
}
