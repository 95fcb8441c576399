using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Colossim.Simulation;

/// <summary>
/// The pending-event set of a <see cref="Simulator"/>: a priority queue of events ordered by (time, key), where the
/// key packs the priority above a sequence number, so ties in time fire by priority, then in schedule order.
/// Nothing is allocated per event once its arrays have grown to the peak number of pending events.
/// </summary>
/// <remarks>
/// <para><b>Structure.</b> A two-tier ladder queue (after Tang, Goh and Thng, "Ladder queue: an O(1) priority queue
/// structure for large-scale discrete event simulation", ACM TOMACS 15(3), 2005) whose bottom is a sorted run plus a
/// 4-ary heap:</para>
/// <list type="bullet">
/// <item><description><b>Top</b>: an unsorted array of the events at or after <c>_rungEnd</c>.</description></item>
/// <item><description><b>Rung</b>: buckets of width 2^<c>_shift</c> ns covering [<c>_bottomEnd</c>, <c>_rungEnd</c>);
/// each bucket is a list of 8-entry chunks from a shared pool, so filling and draining it touches memory mostly
/// sequentially. When the rung is used up it is rebuilt from the top, with a width that puts on average 1 (small
/// queues) to 32 (from about 65,000 events) of the top's events in each bucket; events scheduled later add to the
/// buckets too, through the stage. A few far-off events (a stop time) are left in the top rather than allowed to
/// stretch the buckets.</description></item>
/// <item><description><b>Stage</b>: events scheduled into the rung's range are appended to a small array (256 entries,
/// 4 KiB) and spread into their buckets in one pass when it is full or before the next bucket is loaded. Written one
/// at a time from the event loop, each entry's store to its bucket's last chunk (a cold line among thousands) stalled
/// the loop; spread in a batch, those misses overlap.</description></item>
/// <item><description><b>Sub-buckets</b>: a due bucket of more than 24 entries is split by a counting sort on the
/// next bits of time into about half as many sub-buckets, each loaded into the run when due (the second rung of a
/// ladder queue, built in two sequential passes).</description></item>
/// <item><description><b>Run</b>: the next (sub-)bucket, sorted latest first as it is copied in, so the earliest is
/// popped from the end: a sub-bucket by rank (each entry's time compared with every other's, no branch that depends on
/// the data), falling back to an insertion sort by (time, key) when two times tie; a bucket loaded whole by insertion.
/// </description></item>
/// <item><description><b>Heap</b>: a 4-ary min-heap for events earlier than <c>_bottomEnd</c> that were scheduled
/// after their bucket was loaded. While at most <see cref="DefaultHeapModeLimit"/> events are pending the heap alone
/// holds them all (<c>_bottomEnd</c> = <see cref="long.MaxValue"/>): for a handful of events a heap is as fast and
/// simpler.</description></item>
/// </list>
/// <para>Every event in the heap, the run or a sub-bucket is earlier than every event in the rung, and those are
/// earlier than every event in the top; the run is earlier than the sub-buckets left; so the next event is the
/// earlier of the heap's root and the run's last entry. Each event is moved a constant number of times on average,
/// so the cost per event hardly grows with the number pending. In the hold model the ladder beat the heap from
/// about 30 pending events up, and with 10^5 pending took less than half the heap's time per event (see
/// docs/performance.md). A burst of events at one time lands in one bucket and is sorted with an O(n log n) sort,
/// and events then scheduled among them go to the heap, so no input does worse than a heap's O(log n).</para>
/// <para><b>Memory.</b> With many events pending, the queue's arrays exceed the private caches, and an event's payload
/// slot, written when it was scheduled, is long evicted when the event is taken. Read one at a time, those misses
/// would stall every event in turn (at 10^5 pending on a shared AMD EPYC this made the ladder no faster than a heap).
/// So the queue prefetches (x86 <c>PREFETCHT0</c>, which never blocks and never faults): when a due bucket is split,
/// the slots of its first <see cref="SlotPrefetchDistance"/> entries, then with each sub-bucket loaded the slots of the
/// entries up to that distance beyond it, and one chunk of the next bucket to be split, so that each miss is served
/// while earlier events fire. Where the CPU has no such instruction, the slots of a loaded bucket are read in one burst
/// (<see cref="Touch"/>), so that at least their misses overlap each other. A slot is two words, the key and a
/// payload word, in one pinned array, placed so that every slot starts on a 16-byte boundary and so lies in one cache
/// line (.NET aligns arrays to 8 bytes only). The hot paths are compiled <c>unchecked</c>: their
/// counters are bounded by <see cref="MaxCapacity"/> and their time differences are non-negative by the tiers'
/// invariants.</para>
/// <para><b>Payloads</b> are packed into one word when they fit, which they almost always do: bit 63 clear, the handler
/// index in bits 48 to 62 (up to 32,767), the kind in bits 32 to 47 (a 16-bit signed value), <c>arg0</c> in bits 0 to
/// 31 (a 32-bit signed value), and <c>arg1</c> 0. Any other payload is <i>wide</i>: it is kept in a side table of three
/// words per event (<c>arg0</c>, <c>arg1</c>, handler and kind), and the payload word holds bit 63 and its index. So a
/// pending event costs 16 bytes of slot instead of 32, and four slots share a cache line; the public event keeps its
/// full range.</para>
/// <para><b>Entries</b> are 16 bytes: the time and the slot index. The key (priority and sequence) stays in the slot
/// and is read only when two times tie, so every tier moves two thirds of the bytes it would with the key inside.</para>
/// <para><b>Cancellation</b> is lazy and O(1): the slot is marked cancelled (its handler word set to all ones, its key
/// kept so that ties still order the same) and the entry, now stale, is dropped when it is reached; only then is the
/// slot freed, so a slot is never reused while an entry refers to it. When stale entries outnumber live ones,
/// everything is compacted.</para>
/// <para>After <see cref="TakeNext"/> removes the heap's root it leaves the root vacant, so that if the handler
/// schedules an event that belongs in the heap (the common case in heap mode) one sift-down replaces a pop's
/// sift-down plus a push's sift-up.</para>
/// </remarks>
internal sealed class EventQueue
{
    /// <summary>The most events a queue holds at once: 2^28.</summary>
    public const int MaxCapacity = 1 << 28;

    /// <summary>The smallest priority; fires first among events at the same time.</summary>
    public const int MinPriority = short.MinValue;

    /// <summary>The largest priority; fires last among events at the same time.</summary>
    public const int MaxPriority = short.MaxValue;

    /// <summary>
    /// The number of pending events above which the queue switches from a plain heap to the ladder (it switches back
    /// when the ladder drains to half this). Measured with the hold model: the ladder wins from about 30 events.
    /// </summary>
    public const int DefaultHeapModeLimit = 32;

    /// <summary>
    /// An upper bound on the managed bytes the queue holds per pending event when many are pending: the 16-byte payload
    /// slot and its free-list entry, the 16-byte entry in the top, and in the rung's chunks with their links, each
    /// array up to twice its need after doubling. Measured with the hold model (all bytes allocated from creation to
    /// the end of the run, divided by the pending count) when slots were 32 bytes: 98 B at 10^5 and 116 B at 10^6
    /// pending; 16-byte slots hold up to 32 B less (a slot array up to twice its need).
    /// </summary>
    public const int BytesPerPendingEvent = 160;

    private const int SequenceBits = 48;
    private const ulong SequenceMask = (1UL << SequenceBits) - 1;
    private const int ChunkShift = 3;
    private const int ChunkSize = 1 << ChunkShift;
    private const int ChunkMask = ChunkSize - 1;

    /// <summary>
    /// The most of the top's events a rung bucket is meant to hold on average: with many events, wide buckets (split
    /// when due) keep the memory small and the inserts cache-friendly; with few, narrow ones avoid the splitting.
    /// The mean used is the top's count / 2048, from 1 to this.
    /// </summary>
    private const int MaxBucketOccupancy = 32;

    /// <summary>A due bucket with more entries than this is split into sub-buckets rather than sorted whole.</summary>
    private const int SplitThreshold = 24;

    /// <summary>
    /// How many events ahead of the one being taken the payload slots of a split bucket are prefetched: far enough for
    /// a slot's cache miss to be served while the events before it fire, near enough that it is not evicted first.
    /// </summary>
    private const int SlotPrefetchDistance = 16;

    /// <summary>How many entries for the rung are staged before they are spread into their buckets (4 KiB).</summary>
    private const int StageSize = 256;

    /// <summary>The payload word of a cancelled event's slot (neither an inline payload nor a wide one has all bits set).</summary>
    private const ulong Cancelled = ulong.MaxValue;

    /// <summary>The top bit of a payload word: set when the payload is wide, the low 32 bits then index it.</summary>
    private const ulong WideFlag = 1UL << 63;

    /// <summary>The largest handler index an inline payload holds (15 bits).</summary>
    private const int MaxInlineHandler = (1 << 15) - 1;

    /// <summary>Orders entries latest first: the reverse of (time, key). Cached: a sort with a struct or class
    /// comparer allocates a delegate or a box per call.</summary>
    private readonly Comparison<HeapEntry> _latestFirstComparison;

    private readonly int _heapModeLimit;
    private readonly int _smallTop;

    // Payloads, indexed by slot; a slot's Key is 0 when it is free.
    // Slot i is the two words _slotWords[_slotBase + 2i ..]: the key and the payload word (see Pack). The array is
    // pinned and _slotBase chosen so that every slot starts on a 16-byte boundary: four to a cache line.
    private ulong[] _slotWords;
    private int _slotBase;
    private int _slotCapacity;
    private int _slotsUsed;
    private int[] _freeSlots;
    private int _freeSlotCount;
    private int _live;
    private int _stale;
    private ulong _nextSequence = 1;
    private ulong _touched; // written by Touch so that its reads are not optimised away

    // Wide payloads (those that do not fit a payload word): three words each, arg0, arg1, handler | kind << 32,
    // indexed from the payload word; freed when the event is taken or cancelled.
    private ulong[] _wide = [];
    private int _wideUsed;
    private int[] _freeWide = [];
    private int _freeWideCount;

    // Tier 1: the 4-ary heap of events before _bottomEnd (all events in heap mode).
    private HeapEntry[] _heap;
    private int _heapCount;
    private bool _heapRootVacant;

    // Tier 2: the sorted run (latest first) of the bucket being consumed.
    private HeapEntry[] _run;
    private int _runCount;
    private long _bottomEnd = long.MaxValue;

    // Tier 2b: a due bucket too large to sort at once, split by counting sort into sub-buckets loaded into the run
    // one at a time: sub-bucket k is _sub[_subStarts[k] .. _subStarts[k + 1]), covering 2^_subShift ns from
    // _subStart + k * 2^_subShift.
    private HeapEntry[] _sub;
    private int[] _subStarts;
    private int[] _subCursors;
    private int _subCount;
    private int _subNext;
    private int _subRemaining;
    private long _subStart;
    private int _subShift;
    private int _subPrefetched; // the sub-bucket entries (from the first) whose slots have been prefetched

    // The next bucket's chunks, prefetched one per sub-bucket loaded while the current bucket is consumed.
    private int _prefetchChunk;
    private int _prefetchChunksLeft;

    // Tier 3: the rung of buckets, each a list of chunks, newest chunk first.
    private Bucket[] _buckets;
    private int _bucketCount;
    private int _nextBucket;
    private long _rungStart;
    private int _shift;
    private long _rungEnd = long.MaxValue;
    private int _rungEntries; // including the staged entries

    // Entries for the rung not yet in their buckets: appended by Enqueue, spread into the buckets in one pass when
    // full or before the next bucket is loaded, so that the event loop does not stall on each bucket's cold tail.
    private readonly HeapEntry[] _stage = new HeapEntry[StageSize];
    private int _stageCount;
    private HeapEntry[] _chunkEntries;
    private int[] _chunkNext;
    private int[] _freeChunks;
    private int _freeChunkCount;
    private int _chunksUsed;

    // Tier 4: the unsorted top.
    private HeapEntry[] _top;
    private int _topCount;
    private long _topMin = long.MaxValue;
    private long _topMax = long.MinValue;

    public EventQueue(int initialCapacity, int heapModeLimit = DefaultHeapModeLimit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(initialCapacity);
        ArgumentOutOfRangeException.ThrowIfLessThan(heapModeLimit, 4);
        _heapModeLimit = heapModeLimit;
        _smallTop = heapModeLimit / 2;
        var capacity = Math.Clamp(initialCapacity, 16, MaxCapacity);
        (_slotWords, _slotBase) = NewSlotWords(capacity);
        _slotCapacity = capacity;
        _freeSlots = new int[capacity];
        _latestFirstComparison = (x, y) =>
        {
            var byTime = y.Time.CompareTo(x.Time);
            return byTime != 0 ? byTime : KeyOf(y.Slot).CompareTo(KeyOf(x.Slot));
        };
        _heap = new HeapEntry[Math.Min(capacity, heapModeLimit) + 1];
        _run = new HeapEntry[capacity > heapModeLimit ? 1024 : 16];
        _top = new HeapEntry[capacity > heapModeLimit ? capacity : 16];
        _buckets = new Bucket[16];
        _sub = new HeapEntry[capacity > heapModeLimit ? 1024 : 16];
        _subStarts = new int[capacity > heapModeLimit ? 1025 : 17];
        _subCursors = new int[_subStarts.Length];
        _chunkEntries = GC.AllocateArray<HeapEntry>(16 * ChunkSize, pinned: true);
        _chunkNext = new int[16];
        _freeChunks = new int[16];
    }

    public enum Take
    {
        Event,
        Empty,
        Later,
    }

    /// <summary>The number of pending (scheduled, not yet fired, not cancelled) events.</summary>
    public int Count => _live;

    /// <summary>Whether the queue is in heap mode (few events; the ladder tiers are empty). For tests.</summary>
    internal bool IsHeapMode => _bottomEnd == long.MaxValue;

    /// <summary>How many due buckets were split into sub-buckets. For tests.</summary>
    internal long Splits { get; private set; }

    /// <summary>The address of the first payload slot modulo 16 bytes: 0 when slots are aligned as designed. For tests.</summary>
    internal long SlotMisalignment => (long)Marshal.UnsafeAddrOfPinnedArrayElement(_slotWords, _slotBase) & 15;

    /// <summary>The number of wide payloads held (events whose payload did not fit one word). For tests.</summary>
    internal int WidePayloads => _wideUsed - _freeWideCount;

    /// <summary>The number of entries staged for the rung, not yet in their buckets. For tests.</summary>
    internal int StagedEntries => _stageCount;

    /// <summary>The number of entries in sub-buckets not yet loaded into the run. For tests.</summary>
    internal int UnsortedSubBucketEntries => _subRemaining;

    /// <summary>The number of entries in the heap and the sorted run: what the ladder keeps small. For tests.</summary>
    internal int BottomCount => _heapCount + _runCount;

    /// <summary>Adds an event; the caller has validated the arguments (time below <see cref="long.MaxValue"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public EventHandle Enqueue(long time, int priority, int handler, int kind, long arg0, long arg1)
    {
        unchecked
        {
            var sequence = _nextSequence;
            if (sequence > SequenceMask)
            {
                ThrowSequenceExhausted();
            }

            _nextSequence = sequence + 1;
            var key = ((ulong)(uint)(priority - MinPriority) << SequenceBits) | sequence;
            var slot = AllocateSlot();
            ref var s = ref _slotWords[_slotBase + (slot << 1)];
            s = key;
            Unsafe.Add(ref s, 1) = (uint)handler <= MaxInlineHandler && kind == (short)kind && arg0 == (int)arg0 && arg1 == 0
                ? (uint)(int)arg0 | ((ulong)(ushort)(short)kind << 32) | ((ulong)(uint)handler << 48)
                : AddWide(handler, kind, arg0, arg1);
            _live++;

            var entry = new HeapEntry(time, slot);
            if (time < _bottomEnd)
            {
                HeapPush(entry);
            }
            else if (time < _rungEnd)
            {
                if (_stageCount == StageSize)
                {
                    FlushStage();
                }

                _stage[_stageCount++] = entry;
                _rungEntries++;
            }
            else
            {
                AddToTop(entry);
            }

            return new EventHandle(slot, key);
        }
    }

    /// <summary>
    /// Removes the earliest pending event if its time is at most <paramref name="until"/> and copies it out.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Take TakeNext(long until, out SimEvent e)
    {
        unchecked
        {
            if (!FindNext(out var next, out var fromHeap))
            {
                e = default;
                return Take.Empty;
            }

            if (next.Time > until)
            {
                e = default;
                return Take.Later;
            }

            if (fromHeap)
            {
                _heapRootVacant = true;
            }
            else
            {
                _runCount--;
            }

            ref var s = ref _slotWords[_slotBase + (next.Slot << 1)];
            var key = s;
            var payload = Unsafe.Add(ref s, 1);
            if (!IsWide(payload))
            {
                e = new SimEvent(
                    new Units.SimTime(next.Time),
                    new HandlerId((int)(payload >> 48)),
                    (short)(payload >> 32),
                    (int)payload,
                    0,
                    new EventHandle(next.Slot, key));
            }
            else
            {
                e = TakeWide(next.Time, (int)payload, new EventHandle(next.Slot, key));
            }

            s = 0;
            _freeSlots[_freeSlotCount++] = next.Slot;
            _live--;
            return Take.Event;
        }
    }

    /// <summary>The time of the earliest pending event, or false when none is pending.</summary>
    public bool TryPeekTime(out long time)
    {
        var found = FindNext(out var next, out _);
        time = next.Time;
        return found;
    }

    /// <summary>Whether the handle refers to a pending event.</summary>
    public bool IsPending(EventHandle handle) =>
        handle.Key != 0 && unchecked((uint)handle.Slot < (uint)_slotsUsed) && SlotKey(handle.Slot) == handle.Key
        && Unsafe.Add(ref SlotKey(handle.Slot), 1) != Cancelled;

    /// <summary>Cancels the event if it is pending; returns whether it was.</summary>
    public bool Cancel(EventHandle handle)
    {
        if (!IsPending(handle))
        {
            return false;
        }

        // The slot stays taken (its key kept, for the order of ties) until the stale entry is dropped; a wide payload
        // is freed now.
        ref var payload = ref Unsafe.Add(ref SlotKey(handle.Slot), 1);
        if (IsWide(payload))
        {
            FreeWide(unchecked((int)payload));
        }

        payload = Cancelled;
        _live--;
        _stale++;
        if (_stale > 64 && _stale > _live)
        {
            Compact();
        }

        return true;
    }

    /// <summary>Checks the tiers' invariants; for tests. Returns null when they hold, else what is wrong.</summary>
    internal string? CheckInvariants()
    {
        if (_heapRootVacant)
        {
            FillHeapRoot();
        }

        for (var i = 1; i < _heapCount; i++)
        {
            if (Less(_heap[i], _heap[(i - 1) >> 2]))
            {
                return $"heap order broken at {i}";
            }
        }

        for (var i = 0; i < _heapCount; i++)
        {
            if (_heap[i].Time >= _bottomEnd)
            {
                return $"heap entry {i} at {_heap[i].Time} is not before the bottom end {_bottomEnd}";
            }
        }

        for (var i = 0; i < _runCount; i++)
        {
            if (_run[i].Time >= _bottomEnd || (i > 0 && Less(_run[i - 1], _run[i])))
            {
                return $"run entry {i} out of order or range";
            }
        }

        var inSub = 0;
        if (_subRemaining > 0)
        {
            for (var k = _subNext; k < _subCount; k++)
            {
                var start = _subStart + ((long)k << _subShift);
                for (var i = _subStarts[k]; i < _subStarts[k + 1]; i++)
                {
                    var t = _sub[i].Time;
                    if (t < start || t >= start + (1L << _subShift) || t >= _bottomEnd)
                    {
                        return $"sub-bucket {k} holds time {t} outside its range";
                    }

                    inSub++;
                }
            }
        }

        if (inSub != _subRemaining)
        {
            return $"sub-buckets count {_subRemaining} entries but hold {inSub}";
        }

        var inRung = 0;
        for (var b = _nextBucket; b < _bucketCount; b++)
        {
            var start = _rungStart + ((long)b << _shift);
            var end = start + (1L << _shift);
            var bucket = _buckets[b];
            var chunk = bucket.Chunk;
            var inChunk = ((bucket.Fill - 1) & ChunkMask) + 1;
            for (var left = bucket.Fill; left > 0; left -= inChunk, inChunk = ChunkSize, chunk = _chunkNext[chunk])
            {
                for (var j = 0; j < inChunk; j++)
                {
                    var t = _chunkEntries[(chunk << ChunkShift) + j].Time;
                    if (t < start || t >= end || t < _bottomEnd || t >= _rungEnd)
                    {
                        return $"bucket {b} holds time {t} outside [{start}, {end})";
                    }
                }
            }

            inRung += bucket.Fill;
        }

        for (var i = 0; i < _stageCount; i++)
        {
            var t = _stage[i].Time;
            if (t < _bottomEnd || t >= _rungEnd)
            {
                return $"staged entry at {t} is outside the rung [{_bottomEnd}, {_rungEnd})";
            }
        }

        inRung += _stageCount;
        if (inRung != _rungEntries)
        {
            return $"rung counts {_rungEntries} entries but holds {inRung}";
        }

        for (var i = 0; i < _topCount; i++)
        {
            if (_top[i].Time < _rungEnd)
            {
                return $"top entry at {_top[i].Time} is before the rung end {_rungEnd}";
            }
        }

        var stored = _heapCount + _runCount + _subRemaining + _rungEntries + _topCount;
        if (stored != _live + _stale)
        {
            return $"stores {stored} entries for {_live} live and {_stale} stale";
        }

        // Every entry holds its slot (a cancelled one until it is dropped): none refers to a free slot.
        // Every wide payload is referred to by exactly one live slot.
        var held = 0;
        var cancelled = 0;
        var wide = 0;
        for (var slot = 0; slot < _slotsUsed; slot++)
        {
            if (SlotKey(slot) != 0)
            {
                held++;
                var payload = Unsafe.Add(ref SlotKey(slot), 1);
                cancelled += payload == Cancelled ? 1 : 0;
                wide += payload != Cancelled && IsWide(payload) ? 1 : 0;
            }
        }

        if (held != stored || cancelled != _stale || held + _freeSlotCount != _slotsUsed)
        {
            return $"{held} slots held ({cancelled} cancelled) and {_freeSlotCount} free of {_slotsUsed} for {stored} entries, {_stale} stale";
        }

        return wide != WidePayloads ? $"{wide} slots refer to wide payloads but {WidePayloads} are held" : null;
    }

    /// <summary>Whether <paramref name="a"/> comes before <paramref name="b"/>: by time, then (rarely) by the keys in
    /// their slots.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Less(in HeapEntry a, in HeapEntry b)
    {
        var less = a.Time < b.Time;
        if (a.Time == b.Time)
        {
            less = KeyOf(a.Slot) < KeyOf(b.Slot);
        }

        return less;
    }

    /// <summary>The key of the event in a slot.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong KeyOf(int slot) => unchecked(_slotWords[_slotBase + (slot << 1)]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Bit(bool value) => Unsafe.BitCast<bool, byte>(value);

    /// <summary>Finds the earliest live entry without removing it, discarding stale ones on the way.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool FindNext(out HeapEntry next, out bool fromHeap)
    {
        unchecked
        {
            while (true)
            {
                if (_heapRootVacant)
                {
                    FillHeapRoot();
                }

                if (_runCount == 0 && _subRemaining > 0)
                {
                    LoadNextSubBucket();
                }

                if (_runCount > 0)
                {
                    next = _run[_runCount - 1];
                    fromHeap = _heapCount > 0 && Less(_heap[0], next);
                    if (fromHeap)
                    {
                        next = _heap[0];
                    }
                }
                else if (_heapCount > 0)
                {
                    next = _heap[0];
                    fromHeap = true;
                }
                else if (Advance())
                {
                    continue;
                }
                else
                {
                    next = default;
                    fromHeap = false;
                    return false;
                }

                if (Unsafe.Add(ref SlotKey(next.Slot), 1) != Cancelled)
                {
                    return true;
                }

                // Cancelled: free its slot now that its entry is dropped.
                FreeSlot(next.Slot);
                if (fromHeap)
                {
                    _heapRootVacant = true;
                }
                else
                {
                    _runCount--;
                }

                _stale--;
            }
        }
    }

    /// <summary>Refills the run from the next non-empty bucket or rebuilds the rung; false when the queue is empty.</summary>
    /// <remarks>Called only when both the heap and the run are empty.</remarks>
    private bool Advance()
    {
        while (true)
        {
            if (_subRemaining > 0)
            {
                LoadNextSubBucket();
                return true;
            }

            if (_rungEntries > 0)
            {
                LoadNextBucket();
                return true;
            }

            if (_topCount == 0)
            {
                _bottomEnd = long.MaxValue;
                _rungEnd = long.MaxValue;
                return false;
            }

            if (_topCount <= _smallTop)
            {
                // Few events left: back to heap mode.
                EnsureHeapCapacity(_topCount);
                Array.Copy(_top, _heap, _topCount);
                _heapCount = _topCount;
                ClearTop();
                _bottomEnd = long.MaxValue;
                _rungEnd = long.MaxValue;
                Heapify();
                return true;
            }

            BuildRung();
        }
    }

    /// <summary>Spreads the staged entries into their buckets (every one lies in [<c>_bottomEnd</c>, <c>_rungEnd</c>)).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void FlushStage()
    {
        unchecked
        {
            var stage = _stage;
            var start = _rungStart;
            var shift = _shift;
            for (var i = 0; i < _stageCount; i++)
            {
                var entry = stage[i];
                AddToBucket((int)((ulong)(entry.Time - start) >> shift), entry);
            }

            _stageCount = 0;
        }
    }

    private void LoadNextBucket()
    {
        unchecked
        {
            if (_stageCount > 0)
            {
                FlushStage();
            }

            var b = _nextBucket;
            while (_buckets[b].Fill == 0)
            {
                b++;
            }

            var bucket = _buckets[b];
            _buckets[b] = default;
            _nextBucket = b + 1;
            _bottomEnd = b + 1 == _bucketCount ? _rungEnd : _rungStart + ((long)(b + 1) << _shift);
            _rungEntries -= bucket.Fill;
            if (bucket.Fill > SplitThreshold && _shift > 0)
            {
                Split(bucket, _rungStart + ((long)b << _shift));
                LoadNextSubBucket();
                return;
            }

            EnsureRunCapacity(bucket.Fill);

            // Copy the chunks into the run, insertion-sorting latest first as we go.
            var run = _run;
            var entries = _chunkEntries;
            var n = 0;
            var chunk = bucket.Chunk;
            var inChunk = ((bucket.Fill - 1) & ChunkMask) + 1;
            while (n < bucket.Fill)
            {
                var first = chunk << ChunkShift;
                for (var k = 0; k < inChunk; k++)
                {
                    InsertIntoRun(run, n++, entries[first + k]);
                }

                inChunk = ChunkSize;
                _freeChunks[_freeChunkCount++] = chunk;
                chunk = _chunkNext[chunk];
            }

            _runCount = n;
            Touch(run, n);
        }
    }

    /// <summary>
    /// Reads the payload slots of the first <paramref name="n"/> entries of <paramref name="entries"/> in one
    /// independent burst, so that their cache misses overlap instead of each stalling its own event later.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Touch(HeapEntry[] entries, int n)
    {
        unchecked
        {
            var words = _slotWords;
            var first = _slotBase;
            var sum = 0UL;
            for (var i = 0; i < n; i++)
            {
                sum ^= words[first + (entries[i].Slot << 1)];
            }

            _touched = sum;
        }
    }

    /// <summary>
    /// Splits a due bucket of more than <see cref="SplitThreshold"/> entries into about half as many sub-buckets by
    /// counting sort (two sequential passes over its chunks), so that each sub-bucket is short to sort.
    /// </summary>
    private void Split(Bucket bucket, long start)
    {
        unchecked
        {
            var fill = bucket.Fill;
            var bits = Math.Min(BitOperations.Log2((uint)fill) - 1, Math.Min(_shift, 10));
            var count = 1 << bits;
            var shift = _shift - bits;
            if (_sub.Length < fill)
            {
                _sub = new HeapEntry[BitOperations.RoundUpToPowerOf2((uint)fill) * 2];
            }

            if (_subStarts.Length <= count)
            {
                _subStarts = new int[count + 1];
                _subCursors = new int[count + 1];
            }

            var starts = _subStarts;
            Array.Clear(starts, 0, count + 1);
            var entries = _chunkEntries;
            var chunk = bucket.Chunk;
            var inChunk = ((fill - 1) & ChunkMask) + 1;
            for (var left = fill; left > 0; left -= inChunk, inChunk = ChunkSize, chunk = _chunkNext[chunk])
            {
                var first = chunk << ChunkShift;
                for (var k = 0; k < inChunk; k++)
                {
                    starts[((int)((ulong)(entries[first + k].Time - start) >> shift)) + 1]++;
                }
            }

            var cursors = _subCursors;
            cursors[0] = 0;
            for (var k = 1; k <= count; k++)
            {
                starts[k] += starts[k - 1];
                cursors[k] = starts[k];
            }

            var sub = _sub;
            chunk = bucket.Chunk;
            inChunk = ((fill - 1) & ChunkMask) + 1;
            for (var left = fill; left > 0; left -= inChunk, inChunk = ChunkSize)
            {
                var first = chunk << ChunkShift;
                for (var k = 0; k < inChunk; k++)
                {
                    var entry = entries[first + k];
                    sub[cursors[(int)((ulong)(entry.Time - start) >> shift)]++] = entry;
                }

                _freeChunks[_freeChunkCount++] = chunk;
                chunk = _chunkNext[chunk];
            }

            if (Sse.IsSupported)
            {
                _subPrefetched = 0;
                PrefetchSubSlots(Math.Min(fill, SlotPrefetchDistance));
                AimChunkPrefetch();
            }
            else
            {
                Touch(sub, fill);
            }

            Splits++;
            _subCount = count;
            _subNext = 0;
            _subRemaining = fill;
            _subStart = start;
            _subShift = shift;
        }
    }

    /// <summary>
    /// Prefetches the payload slots of the sub-bucket entries up to <paramref name="to"/> (exclusive) not yet
    /// prefetched. Pinned array: the address is stable; a prefetch never faults.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe void PrefetchSubSlots(int to)
    {
        unchecked
        {
            var slots = (ulong*)Unsafe.AsPointer(ref _slotWords[_slotBase]);
            var sub = _sub;
            var i = _subPrefetched;
            for (; i < to; i++)
            {
                Sse.Prefetch0(slots + ((nint)sub[i].Slot << 1));
            }

            _subPrefetched = i;
        }
    }

    /// <summary>Aims the chunk prefetch at the chunks of the next non-empty bucket, the next to be split.</summary>
    private void AimChunkPrefetch()
    {
        _prefetchChunksLeft = 0;
        for (var b = _nextBucket; b < _bucketCount; b++)
        {
            var fill = _buckets[b].Fill;
            if (fill > 0)
            {
                _prefetchChunk = _buckets[b].Chunk;
                _prefetchChunksLeft = (fill + ChunkMask) >> ChunkShift;
                return;
            }
        }
    }

    /// <summary>
    /// Prefetches the next chunk (two cache lines) of the bucket <see cref="AimChunkPrefetch"/> aimed at. Chunks added
    /// to that bucket since are newer and still cached; a chunk freed since is still inside the pinned pool, so at
    /// worst a line is fetched for nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe void PrefetchNextChunk()
    {
        unchecked
        {
            if (_prefetchChunksLeft > 0)
            {
                var chunk = _prefetchChunk;
                var line = (byte*)Unsafe.AsPointer(ref _chunkEntries[chunk << ChunkShift]);
                Sse.Prefetch0(line);
                Sse.Prefetch0(line + 64);
                _prefetchChunk = _chunkNext[chunk];
                _prefetchChunksLeft--;
            }
        }
    }

    /// <summary>
    /// Moves the next non-empty sub-bucket into the run, sorted latest first. Out of line: inlined, its sort and
    /// prefetch loops crowded the event loop's registers (about 4 % slower in the hold model).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void LoadNextSubBucket()
    {
        unchecked
        {
            var k = _subNext;
            var starts = _subStarts;
            while (starts[k] == starts[k + 1])
            {
                k++;
            }

            _subNext = k + 1;
            var from = starts[k];
            var n = starts[k + 1] - from;
            if (Sse.IsSupported)
            {
                PrefetchSubSlots(Math.Min(starts[_subCount], starts[k + 1] + SlotPrefetchDistance));
                PrefetchNextChunk();
            }

            _subRemaining -= n;
            EnsureRunCapacity(n);
            var run = _run;
            if (n > 32)
            {
                // Only for many events in a few nanoseconds. A cached delegate: sorting with an IComparer (class or
                // struct) allocates a delegate or a box per call.
                Array.Copy(_sub, from, run, 0, n);
                run.AsSpan(0, n).Sort(_latestFirstComparison);
            }
            else if (!RankInto(run, _sub, from, n))
            {
                for (var i = 0; i < n; i++)
                {
                    InsertIntoRun(run, i, _sub[from + i]);
                }
            }

            _runCount = n;
        }
    }

    /// <summary>
    /// Copies the <paramref name="n"/> entries of <paramref name="sub"/> from <paramref name="from"/> into the first
    /// <paramref name="n"/> of <paramref name="run"/>, latest first, each put at its rank (how many are earlier) found
    /// by comparing its time with every other's: about n² comparisons, but without a branch that depends on the data,
    /// so for the few entries of a sub-bucket it is faster than an insertion sort, whose every insert ends on a
    /// mispredicted branch. False when two entries share a time (their order depends on their keys): the run is then
    /// unsorted and the caller sorts it by (time, key).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool RankInto(HeapEntry[] run, HeapEntry[] sub, int from, int n)
    {
        unchecked
        {
            var entries = sub.AsSpan(from, n);
            var sorted = run.AsSpan(0, n);
            var rankSum = 0;
            for (var i = 0; i < entries.Length; i++)
            {
                var time = entries[i].Time;
                var earlier = 0;
                for (var j = 0; j < entries.Length; j++)
                {
                    earlier += Bit(entries[j].Time < time);
                }

                rankSum += earlier;
                sorted[sorted.Length - 1 - earlier] = entries[i];
            }

            // Distinct times have the ranks 0 .. n - 1; entries that tie share the lowest rank of their group, so any
            // tie makes the sum smaller.
            return rankSum == n * (n - 1) / 2;
        }
    }

    /// <summary>Inserts <paramref name="x"/> into the first <paramref name="n"/> entries of the run, kept latest first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void InsertIntoRun(HeapEntry[] run, int n, HeapEntry x)
    {
        unchecked
        {
            var j = n - 1;
            while (j >= 0 && Less(run[j], x))
            {
                run[j + 1] = run[j];
                j--;
            }

            run[j + 1] = x;
        }
    }

    private void EnsureRunCapacity(int count)
    {
        if (_run.Length < count)
        {
            _run = new HeapEntry[BitOperations.RoundUpToPowerOf2((uint)count) * 2];
        }
    }

    /// <summary>
    /// Spreads the top over a new rung whose buckets hold on average between 1 and <see cref="MaxBucketOccupancy"/>
    /// of the top's events each. A few far-off events (a stop time, long timeouts) would stretch every bucket, so when a sample shows
    /// that the latest few percent lie far beyond the rest, the rung covers only the rest and those stay in the top.
    /// </summary>
    private void BuildRung()
    {
        var count = _topCount;
        var min = _topMin;
        var span = (ulong)(_topMax - min) + 1;
        if (count >= 256)
        {
            // 64 evenly spaced entries; the third-latest estimates the 97th percentile.
            Span<long> sample = stackalloc long[64];
            var stride = count / sample.Length;
            for (var i = 0; i < sample.Length; i++)
            {
                sample[i] = _top[i * stride].Time;
            }

            sample.Sort();
            var bulk = (ulong)(sample[^3] - min) + 1;
            if (bulk <= span / 8)
            {
                span = bulk;
            }
        }

        var occupancy = (ulong)Math.Clamp(count >> 11, 1, MaxBucketOccupancy);
        var width = Math.Max(1UL, (ulong)((UInt128)span * occupancy / (ulong)count));
        var shift = 63 - BitOperations.LeadingZeroCount(width);
        var bucketCount = (int)Math.Min(((span - 1) >> shift) + 1, int.MaxValue);
        if (_buckets.Length < bucketCount)
        {
            _buckets = new Bucket[BitOperations.RoundUpToPowerOf2((uint)bucketCount)];
        }
        else
        {
            Array.Clear(_buckets, 0, bucketCount);
        }

        // Room for the entries plus partly filled chunks; the pool grows to its steady-state size during warm-up.
        EnsureChunks((count / ChunkSize) + (Math.Min(bucketCount, count) / 2));
        _rungStart = min;
        _shift = shift;
        _bucketCount = bucketCount;
        _nextBucket = 0;
        _bottomEnd = min;

        // The end may pass long.MaxValue by less than one bucket width; no event is scheduled at long.MaxValue.
        var end = (ulong)min + ((ulong)bucketCount << shift);
        var rungEnd = end > long.MaxValue ? long.MaxValue : (long)end;
        _rungEnd = rungEnd;

        // Entries before the rung's end go to their buckets; the rest stay in the top, compacted.
        var top = _top;
        ClearTop();
        for (var i = 0; i < count; i++)
        {
            var entry = top[i];
            if (entry.Time < rungEnd)
            {
                AddToBucket((int)((ulong)(entry.Time - min) >> shift), entry);
            }
            else
            {
                AddToTop(entry);
            }
        }

        _rungEntries = count - _topCount;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddToBucket(int index, HeapEntry entry)
    {
        unchecked
        {
            ref var bucket = ref _buckets[index];
            var fill = bucket.Fill;
            if ((fill & ChunkMask) == 0)
            {
                var chunk = _freeChunkCount > 0 ? _freeChunks[--_freeChunkCount] : NewChunk();
                _chunkNext[chunk] = bucket.Chunk;
                bucket.Chunk = chunk;
            }

            _chunkEntries[(bucket.Chunk << ChunkShift) + (fill & ChunkMask)] = entry;
            bucket.Fill = fill + 1;
        }
    }

    private int NewChunk()
    {
        if (_chunksUsed == _chunkNext.Length)
        {
            EnsureChunks(_chunkNext.Length * 2);
        }

        return _chunksUsed++;
    }

    private void EnsureChunks(int chunks)
    {
        if (chunks > _chunkNext.Length)
        {
            var capacity = (int)Math.Min(BitOperations.RoundUpToPowerOf2((uint)chunks), MaxCapacity);
            Array.Resize(ref _chunkNext, capacity);
            Array.Resize(ref _freeChunks, capacity);
            var entries = GC.AllocateArray<HeapEntry>(capacity * ChunkSize, pinned: true);
            Array.Copy(_chunkEntries, entries, _chunkEntries.Length);
            _chunkEntries = entries;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddToTop(HeapEntry entry)
    {
        if (_topCount == _top.Length)
        {
            Array.Resize(ref _top, NewCapacity(_top.Length));
        }

        _top[_topCount++] = entry;
        _topMin = Math.Min(_topMin, entry.Time);
        _topMax = Math.Max(_topMax, entry.Time);
    }

    private void ClearTop()
    {
        _topCount = 0;
        _topMin = long.MaxValue;
        _topMax = long.MinValue;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int AllocateSlot()
    {
        unchecked
        {
            if (_freeSlotCount > 0)
            {
                return _freeSlots[--_freeSlotCount];
            }

            if (_slotsUsed == _slotCapacity)
            {
                GrowSlots();
            }

            return _slotsUsed++;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void HeapPush(HeapEntry entry)
    {
        unchecked
        {
            if (_heapRootVacant)
            {
                _heapRootVacant = false;
                SiftDown(0, entry);
                return;
            }

            EnsureHeapCapacity(_heapCount + 1);
            SiftUp(_heapCount++, entry);
            if (_heapCount > _heapModeLimit && _bottomEnd == long.MaxValue)
            {
                LeaveHeapMode();
            }
        }
    }

    /// <summary>Moves every event to the top; the next take builds a rung from it.</summary>
    private void LeaveHeapMode()
    {
        var min = _heap[0].Time;
        for (var i = 0; i < _heapCount; i++)
        {
            AddToTop(_heap[i]);
        }

        _heapCount = 0;
        _bottomEnd = min;
        _rungEnd = min;
    }

    private void EnsureHeapCapacity(int count)
    {
        if (count > _heap.Length)
        {
            Array.Resize(ref _heap, Math.Max(count, NewCapacity(_heap.Length)));
        }
    }

    private void FillHeapRoot()
    {
        unchecked
        {
            _heapRootVacant = false;
            var last = --_heapCount;
            if (last > 0)
            {
                SiftDown(0, _heap[last]);
            }
        }
    }

    private void Heapify()
    {
        for (var i = (_heapCount - 2) >> 2; i >= 0; i--)
        {
            SiftDown(i, _heap[i]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SiftUp(int i, HeapEntry entry)
    {
        ref var heap = ref MemoryMarshal.GetArrayDataReference(_heap);
        unchecked
        {
            while (i > 0)
            {
                var parent = (i - 1) >> 2;
                ref var p = ref Unsafe.Add(ref heap, parent);
                if (!Less(entry, p))
                {
                    break;
                }

                Unsafe.Add(ref heap, i) = p;
                i = parent;
            }
        }

        Unsafe.Add(ref heap, i) = entry;
    }

    /// <summary>
    /// Places <paramref name="entry"/> into the hole at <paramref name="hole"/> with Floyd's bottom-up sift: the hole
    /// goes to a leaf along the smallest children (chosen without branches), then the entry sifts up.
    /// </summary>
    /// <remarks>Indexes stay below <see cref="MaxCapacity"/>, so 4i + 4 cannot overflow.</remarks>
    private void SiftDown(int hole, HeapEntry entry)
    {
        ref var heap = ref MemoryMarshal.GetArrayDataReference(_heap);
        var n = _heapCount;
        var i = hole;
        unchecked
        {
            while (true)
            {
                var c = (i << 2) + 1;
                if (c + 3 < n)
                {
                    ref var g = ref Unsafe.Add(ref heap, c);
                    var m01 = Bit(Less(Unsafe.Add(ref g, 1), g));
                    var m23 = 2 + Bit(Less(Unsafe.Add(ref g, 3), Unsafe.Add(ref g, 2)));
                    var pick = -Bit(Less(Unsafe.Add(ref g, m23), Unsafe.Add(ref g, m01)));
                    var m = m01 + ((m23 - m01) & pick);
                    Unsafe.Add(ref heap, i) = Unsafe.Add(ref g, m);
                    i = c + m;
                }
                else
                {
                    if (c < n)
                    {
                        var m = c;
                        for (var j = c + 1; j < n; j++)
                        {
                            if (Less(Unsafe.Add(ref heap, j), Unsafe.Add(ref heap, m)))
                            {
                                m = j;
                            }
                        }

                        Unsafe.Add(ref heap, i) = Unsafe.Add(ref heap, m);
                        i = m;
                    }

                    break;
                }
            }

            while (i > hole)
            {
                var parent = (i - 1) >> 2;
                ref var p = ref Unsafe.Add(ref heap, parent);
                if (!Less(entry, p))
                {
                    break;
                }

                Unsafe.Add(ref heap, i) = p;
                i = parent;
            }
        }

        Unsafe.Add(ref heap, i) = entry;
    }

    /// <summary>Drops every stale entry: gathers the live ones into the top and starts over from there.</summary>
    private void Compact()
    {
        if (_heapRootVacant)
        {
            FillHeapRoot();
        }

        var gathered = new List<HeapEntry>(_live);
        for (var i = 0; i < _heapCount; i++)
        {
            gathered.Add(_heap[i]);
        }

        for (var i = 0; i < _runCount; i++)
        {
            gathered.Add(_run[i]);
        }

        if (_subRemaining > 0)
        {
            for (var i = _subStarts[_subNext]; i < _subStarts[_subCount]; i++)
            {
                gathered.Add(_sub[i]);
            }
        }

        for (var b = _nextBucket; b < _bucketCount; b++)
        {
            var bucket = _buckets[b];
            var chunk = bucket.Chunk;
            var inChunk = ((bucket.Fill - 1) & ChunkMask) + 1;
            for (var left = bucket.Fill; left > 0; left -= inChunk, inChunk = ChunkSize, chunk = _chunkNext[chunk])
            {
                for (var j = 0; j < inChunk; j++)
                {
                    gathered.Add(_chunkEntries[(chunk << ChunkShift) + j]);
                }
            }
        }

        for (var i = 0; i < _topCount; i++)
        {
            gathered.Add(_top[i]);
        }

        for (var i = 0; i < _stageCount; i++)
        {
            gathered.Add(_stage[i]);
        }

        _stageCount = 0;
        _heapCount = 0;
        _runCount = 0;
        _subRemaining = 0;
        Array.Clear(_buckets, 0, _bucketCount);
        _bucketCount = 0;
        _nextBucket = 0;
        _rungEntries = 0;
        _chunksUsed = 0;
        _freeChunkCount = 0;
        _prefetchChunksLeft = 0;
        ClearTop();
        _stale = 0;

        foreach (var entry in gathered)
        {
            if (Unsafe.Add(ref SlotKey(entry.Slot), 1) != Cancelled)
            {
                AddToTop(entry);
            }
            else
            {
                FreeSlot(entry.Slot);
            }
        }

        // Rebuilt lazily by the next take: heap mode when few remain, else a fresh rung.
        _bottomEnd = _topCount == 0 ? long.MaxValue : _topMin;
        _rungEnd = _bottomEnd;
    }

    /// <summary>Frees the slot of an event taken or of a cancelled event's dropped entry.</summary>
    private void FreeSlot(int slot)
    {
        SlotKey(slot) = 0;
        _freeSlots[_freeSlotCount++] = slot;
    }

    /// <summary>The key word of a slot: the key of the event holding it, 0 when it is free.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref ulong SlotKey(int slot) => ref _slotWords[_slotBase + (slot << 1)];

    private void GrowSlots()
    {
        var capacity = NewCapacity(_slotCapacity);
        var (words, first) = NewSlotWords(capacity);
        Array.Copy(_slotWords, _slotBase, words, first, (long)_slotsUsed * 2);
        _slotWords = words;
        _slotBase = first;
        _slotCapacity = capacity;
        Array.Resize(ref _freeSlots, capacity);
    }

    /// <summary>
    /// A pinned, zeroed array for <paramref name="capacity"/> slots of 2 words, and the index of its first word on a
    /// 16-byte boundary (arrays are only 8-byte aligned; pinned, the array never moves).
    /// </summary>
    private static (ulong[] Words, int First) NewSlotWords(int capacity)
    {
        var words = GC.AllocateArray<ulong>((capacity * 2) + 1, pinned: true);
        var address = (long)Marshal.UnsafeAddrOfPinnedArrayElement(words, 0);
        return (words, (int)((16 - (address & 15)) & 15) / 8);
    }

    /// <summary>
    /// Stores a payload that does not fit one word (a handler index above 2^15 - 1, a kind outside 16 bits, an
    /// <paramref name="arg0"/> outside 32 bits or an <paramref name="arg1"/> other than 0) and returns the payload word
    /// that refers to it. Its storage grows by doubling, so this allocates only while the number held grows.
    /// </summary>
    private ulong AddWide(int handler, int kind, long arg0, long arg1)
    {
        int index;
        if (_freeWideCount > 0)
        {
            index = _freeWide[--_freeWideCount];
        }
        else
        {
            if (_wideUsed * 3 == _wide.Length)
            {
                var capacity = _wideUsed == 0 ? 16 : NewCapacity(_wideUsed);
                Array.Resize(ref _wide, capacity * 3);
                Array.Resize(ref _freeWide, capacity);
            }

            index = _wideUsed++;
        }

        var at = index * 3;
        _wide[at] = unchecked((ulong)arg0);
        _wide[at + 1] = unchecked((ulong)arg1);
        _wide[at + 2] = unchecked((uint)handler | ((ulong)(uint)kind << 32));
        return WideFlag | (uint)index;
    }

    /// <summary>The event whose wide payload is at <paramref name="index"/>, which is freed.</summary>
    private SimEvent TakeWide(long time, int index, EventHandle handle)
    {
        var at = index * 3;
        var handlerAndKind = _wide[at + 2];
        var e = new SimEvent(
            new Units.SimTime(time),
            new HandlerId(unchecked((int)(uint)handlerAndKind)),
            unchecked((int)(handlerAndKind >> 32)),
            unchecked((long)_wide[at]),
            unchecked((long)_wide[at + 1]),
            handle);
        FreeWide(index);
        return e;
    }

    private void FreeWide(int index) => _freeWide[_freeWideCount++] = index;

    /// <summary>Whether a payload word refers to a wide payload (or is <see cref="Cancelled"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsWide(ulong payload) => (payload & WideFlag) != 0;

    private static int NewCapacity(int current) =>
        current < MaxCapacity ? (int)Math.Min((long)current * 2, MaxCapacity) : ThrowCapacityExceeded();

    private static int ThrowCapacityExceeded() =>
        throw new InvalidOperationException($"A simulator holds at most {MaxCapacity:N0} pending events.");

    private static void ThrowSequenceExhausted() =>
        throw new InvalidOperationException($"A simulator schedules at most {SequenceMask:N0} events in its lifetime.");

    /// <summary>A rung bucket: the newest chunk of its list and its entry count.</summary>
    private struct Bucket
    {
        public int Chunk;
        public int Fill;
    }
}

/// <summary>
/// One queued entry: the event's time and the index of its payload slot (16 bytes). The rest of the order, the key, is
/// read from the slot on ties in time; a slot is not reused while an entry refers to it.
/// </summary>
internal readonly record struct HeapEntry(long Time, int Slot);
