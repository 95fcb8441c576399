using static Colossim.Serving.ServingSimulation;

namespace Colossim.Serving;

/// <summary>
/// A replica's prefix caching (<see cref="PrefixCache"/>): a waiting request admitted with its prompt's leading
/// hash blocks in the cache starts with their KV (its prefill computes only the rest, its attention still reads the
/// whole context); a request whose prefill completes gives its full prompt blocks to the cache; a request that ends or
/// is preempted releases them, and the cache's evictable blocks are taken back before any request is preempted.
/// </summary>
internal sealed partial class Replica
{
    private readonly PrefixCache? _cache;
    private readonly bool _checkBlocks;

    /// <summary>What this replica's prefix cache did; <see langword="null"/> without prefix caching.</summary>
    public PrefixCacheStats? PrefixStats => _cache?.Stats();

    /// <summary>KV blocks of cached prefixes no request holds (free for the asking).</summary>
    private long Evictable => _cache?.EvictableBlocks ?? 0;

    private static PrefixCache? PrefixCacheFor(ServingSetup setup)
    {
        var tokens = setup.PrefixBlockTokens;
        if (tokens <= 0)
        {
            return null;
        }

        var blockSize = setup.Engine.BlockSize;
        if (tokens % blockSize != 0)
        {
            throw new ArgumentException($"prefix blocks of {tokens} tokens are not whole KV blocks of {blockSize}", nameof(setup));
        }

        return new PrefixCache(tokens, tokens / blockSize);
    }

    /// <summary>Prompt tokens of request <paramref name="i"/> whose KV this replica's prefix cache holds (whole hash blocks from the first); 0 without a cache or hashes.</summary>
    public int CachedPrefixTokens(int i) =>
        _cache is { } cache && _book.Chains[i] is { } chain ? cache.Match(chain, FullUnits(i, chain)) * cache.BlockTokens : 0;

    /// <summary>The prompt's hash blocks that are full (a partial last block is never cached, as vLLM caches full blocks only).</summary>
    private int FullUnits(int i, long[] chain) => Math.Min(chain.Length, _book.Input[i] / _cache!.BlockTokens);

    /// <summary>
    /// Before waiting request <paramref name="i"/> is admitted: holds the cached leading blocks of its prompt (leaving
    /// at least one token to compute, whose step yields the first token) and starts its KV after them. Returns the
    /// blocks taken (0 when none); <see cref="UndoPrefix"/> gives them back when the request is not admitted after all.
    /// </summary>
    private int TakePrefix(int i)
    {
        var b = _book;
        if (_cache is not { } cache || b.Cached[i] != 0 || b.Chains[i] is not { } chain)
        {
            return 0;
        }

        var hit = cache.Match(chain, Math.Min(FullUnits(i, chain), (b.Target[i] - 1) / cache.BlockTokens));
        if (hit == 0)
        {
            return 0;
        }

        cache.Acquire(chain, hit);
        var tokens = hit * cache.BlockTokens;
        b.Cached[i] = tokens;
        b.Shared[i] = tokens;
        Outstanding -= tokens;
        return hit;
    }

    private void UndoPrefix(int i, int hit)
    {
        if (hit == 0)
        {
            return;
        }

        var b = _book;
        _cache!.Release(b.Chains[i]!, hit);
        Outstanding += b.Shared[i];
        b.Cached[i] = 0;
        b.Shared[i] = 0;
    }

    /// <summary>Counts an admission: its prompt tokens looked up and those found.</summary>
    private void CountPrefix(int i)
    {
        if (_cache is { } cache && _book.Chains[i] is not null)
        {
            cache.PromptTokens += _book.Target[i];
            cache.HitTokens += _book.Shared[i];
            cache.HitUnits += _book.Shared[i] / cache.BlockTokens;
        }
    }

    /// <summary>Request <paramref name="i"/>'s prefill is complete: its full prompt blocks go from its own KV blocks to the cache (a block another request cached meanwhile is shared, and the request's copy freed).</summary>
    private void PublishPrefix(int i)
    {
        var b = _book;
        if (_cache is not { } cache || b.Chains[i] is not { } chain)
        {
            return;
        }

        var from = b.Shared[i] / cache.BlockTokens;
        var to = FullUnits(i, chain);
        if (to <= from)
        {
            return;
        }

        var duplicates = cache.Publish(chain, from, to);
        b.Blocks[i] -= (to - from) * cache.UnitBlocks;
        _freeBlocks += (long)duplicates * cache.UnitBlocks;
        b.Shared[i] = to * cache.BlockTokens;
    }

    /// <summary>Request <paramref name="i"/> ended or was preempted: its hold on its cached blocks ends (they stay cached, evictable).</summary>
    private void ReleasePrefix(int i)
    {
        var b = _book;
        if (b.Shared[i] > 0)
        {
            _cache!.Release(b.Chains[i]!, b.Shared[i] / _cache.BlockTokens);
            b.Shared[i] = 0;
        }
    }

    /// <summary>Whether <paramref name="need"/> blocks can be had: free ones, then cached prefixes no request holds, evicted least recently used first.</summary>
    private bool Room(long need)
    {
        if (need <= _freeBlocks)
        {
            return true;
        }

        if (_cache is not { } cache || need > _freeBlocks + cache.EvictableBlocks)
        {
            return false;
        }

        while (_freeBlocks < need && cache.EvictOne())
        {
            _freeBlocks += cache.UnitBlocks;
        }

        return true;
    }

    /// <summary>Frees, by eviction, the blocks a decode run of <paramref name="steps"/> iterations will take beyond those free.</summary>
    private void RoomForRun(int steps)
    {
        if (_cache is null)
        {
            return;
        }

        var b = _book;
        long extra = 0;
        for (var j = 0; j < _stepCount; j++)
        {
            var i = _stepRequest[j];
            extra += BlocksFor((long)b.Cached[i] - b.Shared[i] + steps, _engine.BlockSize) - b.Blocks[i];
        }

        Room(extra);
    }

    /// <summary>Block conservation: free + the running requests' own + the cache's = the replica's blocks, none negative.</summary>
    private void CheckBlocks()
    {
        long held = 0;
        for (var j = 0; j < _runCount; j++)
        {
            var blocks = _book.Blocks[_running[j]];
            if (blocks < 0)
            {
                throw new InvalidOperationException($"request {_running[j]} holds {blocks} blocks");
            }

            held += blocks;
        }

        var cached = _cache?.HeldBlocks ?? 0;
        if (_freeBlocks < 0 || held + cached + _freeBlocks != _engine.KvBlocks || Evictable > cached)
        {
            throw new InvalidOperationException($"KV blocks not conserved: {_freeBlocks} free + {held} held by requests + {cached} cached ({Evictable} evictable) ≠ {_engine.KvBlocks}");
        }
    }
}
