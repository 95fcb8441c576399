using Colossim.Simulation;
using CsCheck;

namespace Colossim.Tests.Simulation;

public sealed class EventQueueTests
{
    /// <summary>One step of a random workload: schedule, take the next event, or cancel a pending one.</summary>
    internal readonly record struct Op(int Action, long Delay, int Priority, int Pick);

    private static readonly Gen<long> Delays = Gen.Select(Gen.Int[0, 4], Gen.Long[0, 1_000_000_000], (kind, value) => kind switch
    {
        0 => 0,
        1 => value % 8,
        2 => value % 1_000,
        3 => value % 1_000_000,
        _ => value,
    });

    private static readonly Gen<Op> Ops = Gen.Select(Gen.Int[0, 9], Delays, Gen.Int[-2, 2], Gen.Int[0, 1_000_000], (a, d, p, k) => new Op(a, d, p, k));

    /// <summary>
    /// Replays <paramref name="ops"/> on a queue and on a naive reference (a list scanned for its minimum) and checks
    /// that every taken event is the reference's earliest by (time, priority, schedule order), that cancellation
    /// agrees, and that the queue's internal invariants hold after every step. With <paramref name="widePayloads"/>,
    /// every other event carries a payload too wide for one word (a second argument), and every payload is checked.
    /// </summary>
    private static EventQueue CheckAgainstReference(IReadOnlyList<Op> ops, int heapModeLimit, bool widePayloads = false)
    {
        var queue = new EventQueue(0, heapModeLimit);
        var reference = new List<(long Time, int Priority, long Id, EventHandle Handle)>();
        var now = 0L;
        var nextId = 0L;

        void TakeAndCompare()
        {
            var take = queue.TakeNext(long.MaxValue, out var e);
            if (reference.Count == 0)
            {
                Assert.Equal(EventQueue.Take.Empty, take);
                return;
            }

            var best = 0;
            for (var i = 1; i < reference.Count; i++)
            {
                var (t, p, id, _) = reference[i];
                var (bt, bp, bid, _) = reference[best];
                if (t < bt || (t == bt && (p < bp || (p == bp && id < bid))))
                {
                    best = i;
                }
            }

            Assert.Equal(EventQueue.Take.Event, take);
            Assert.Equal(reference[best].Time, e.Time.Nanoseconds);
            Assert.Equal(reference[best].Id, e.Arg0);
            Assert.Equal(ExpectedArg1(reference[best].Id), e.Arg1);
            Assert.Equal(widePayloads ? (int)(reference[best].Id % 5) - 2 : 0, e.Kind);
            now = e.Time.Nanoseconds;
            reference.RemoveAt(best);
        }

        foreach (var op in ops)
        {
            switch (op.Action)
            {
                case <= 5:
                    var time = now + op.Delay;
                    var handle = queue.Enqueue(time, op.Priority, handler: 0, kind: widePayloads ? (int)(nextId % 5) - 2 : 0, arg0: nextId, arg1: ExpectedArg1(nextId));
                    reference.Add((time, op.Priority, nextId++, handle));
                    break;
                case <= 7:
                    TakeAndCompare();
                    break;
                default:
                    if (reference.Count > 0)
                    {
                        var victim = op.Pick % reference.Count;
                        Assert.True(queue.Cancel(reference[victim].Handle));
                        Assert.False(queue.Cancel(reference[victim].Handle));
                        Assert.False(queue.IsPending(reference[victim].Handle));
                        reference.RemoveAt(victim);
                    }

                    break;
            }

            Assert.Equal(reference.Count, queue.Count);
            Assert.Null(queue.CheckInvariants());
        }

        while (reference.Count > 0)
        {
            TakeAndCompare();
            Assert.Null(queue.CheckInvariants());
        }

        Assert.Equal(EventQueue.Take.Empty, queue.TakeNext(long.MaxValue, out _));
        Assert.Equal(0, queue.WidePayloads);
        return queue;

        long ExpectedArg1(long id) => widePayloads && id % 2 == 1 ? long.MinValue + id : 0;
    }

    public sealed class TheTakeNextMethod
    {
        [Fact]
        public void Takes_events_in_time_priority_and_schedule_order_for_any_workload()
        {
            Ops.List[1, 400].Sample(ops => CheckAgainstReference(ops, heapModeLimit: 8), iter: 300);
        }

        [Fact]
        public void Takes_events_in_order_with_every_payload_intact_when_some_are_too_wide_for_one_word()
        {
            Ops.List[1, 400].Sample(ops => CheckAgainstReference(ops, heapModeLimit: 8, widePayloads: true), iter: 200);
        }

        [Fact]
        public void Takes_events_in_order_in_heap_mode()
        {
            Ops.List[1, 200].Sample(ops => CheckAgainstReference(ops, heapModeLimit: int.MaxValue), iter: 200);
        }

        [Fact]
        public void Takes_events_in_order_with_the_default_heap_mode_limit()
        {
            Ops.List[1, 300].Sample(ops => CheckAgainstReference(ops, heapModeLimit: EventQueue.DefaultHeapModeLimit), iter: 200);
        }

        [Fact]
        public void Takes_events_in_order_through_many_rung_rebuilds()
        {
            // A hold-like workload large enough to leave heap mode, rebuild the rung many times and compact.
            var random = new RandomStreams(7).Get("ops");
            var ops = new List<Op>();
            for (var i = 0; i < 3_000; i++)
            {
                ops.Add(new Op(0, random.NextInt64(1_000_000), random.Next(-1, 2), 0));
            }

            for (var i = 0; i < 30_000; i++)
            {
                var action = random.Next(10);
                var delay = random.Next(4) == 0 ? random.NextInt64(4) : random.NextInt64(2_000_000);
                ops.Add(new Op(action switch { < 4 => 0, < 9 => 6, _ => 8 }, delay, random.Next(-1, 2), random.Next(1_000_000)));
            }

            CheckAgainstReference(ops, heapModeLimit: 64);
        }

        [Fact]
        public void Takes_events_in_order_from_a_crowded_bucket_split_into_sub_buckets()
        {
            // 3,000 events over 1 ms build a rung of ~256 ns buckets; then 300 more land in one bucket (with ties
            // and priorities), so that bucket is split when it falls due.
            var random = new RandomStreams(5).Get("split");
            var ops = new List<Op>();
            for (var i = 0; i < 3_000; i++)
            {
                ops.Add(new Op(0, random.NextInt64(1_000_000), random.Next(-1, 2), 0));
            }

            ops.Add(new Op(6, 0, 0, 0));
            for (var i = 0; i < 300; i++)
            {
                ops.Add(new Op(0, 500_000 + (random.NextInt64(64) * 4), random.Next(-1, 2), 0));
            }

            for (var i = 0; i < 30; i++)
            {
                ops.Add(new Op(8, 0, 0, random.Next(1_000_000)));
            }

            var queue = CheckAgainstReference(ops, heapModeLimit: 64);

            Assert.True(queue.Splits > 0);
        }

        [Fact]
        public void Takes_events_in_order_when_more_are_scheduled_into_the_rung_than_the_stage_holds()
        {
            // 3,000 events over 1 ms, scheduled in time order (so that none goes to the heap and the first take builds
            // the rung); then 1,000 more land among its buckets before most are loaded, so the stage (256 entries) is
            // spread into the buckets several times, the last part only when a bucket falls due.
            var random = new RandomStreams(13).Get("stage");
            var ops = new List<Op>();
            for (var i = 0; i < 3_000; i++)
            {
                ops.Add(new Op(0, (i * 333) + random.NextInt64(333), random.Next(-1, 2), 0));
            }

            ops.Add(new Op(6, 0, 0, 0));
            for (var i = 0; i < 1_000; i++)
            {
                ops.Add(new Op(0, 10_000 + random.NextInt64(900_000), random.Next(-1, 2), 0));
            }

            CheckAgainstReference(ops, heapModeLimit: 64);
        }

        [Fact]
        public void Stages_events_scheduled_into_the_rung_and_spreads_them_when_the_stage_is_full()
        {
            // In time order, so that none goes to the heap and the first take builds the rung.
            var random = new RandomStreams(17).Get("stage-full");
            var queue = new EventQueue(0, heapModeLimit: 64);
            for (var i = 0; i < 3_000; i++)
            {
                queue.Enqueue((i * 333) + random.NextInt64(333), 0, 0, 0, i, 0);
            }

            Assert.Equal(EventQueue.Take.Event, queue.TakeNext(long.MaxValue, out _));
            Assert.Equal(0, queue.StagedEntries);

            queue.Enqueue(500_000, 0, 0, 0, -1, 0);
            Assert.Equal(1, queue.StagedEntries);
            for (var i = 0; i < 999; i++)
            {
                queue.Enqueue(100_000 + random.NextInt64(800_000), 0, 0, 0, i, 0);
            }

            Assert.InRange(queue.StagedEntries, 1, 255);
            Assert.Null(queue.CheckInvariants());
            var previous = 0L;
            while (queue.TakeNext(long.MaxValue, out var e) == EventQueue.Take.Event)
            {
                Assert.True(e.Time.Nanoseconds >= previous);
                previous = e.Time.Nanoseconds;
            }

            Assert.Equal(0, queue.Count);
            Assert.Null(queue.CheckInvariants());
        }

        [Fact]
        public void Keeps_the_bottom_small_when_one_event_lies_far_beyond_the_rest()
        {
            // A stop event a day ahead must not stretch the rung's buckets until every other event lands in the
            // bottom (which would make the queue a heap of everything). Structure is asserted, not time.
            var random = new RandomStreams(11).Get("far");
            var queue = new EventQueue(0);
            queue.Enqueue(86_400_000_000_000, 0, 0, 0, -1, 0);
            for (var i = 0; i < 10_000; i++)
            {
                queue.Enqueue(random.NextInt64(1_000_000_000), 0, 0, 0, i, 0);
            }

            var largestBottom = 0;
            var previous = 0L;
            for (var i = 0; i < 100_000; i++)
            {
                Assert.Equal(EventQueue.Take.Event, queue.TakeNext(long.MaxValue, out var e));
                Assert.True(e.Time.Nanoseconds >= previous);
                previous = e.Time.Nanoseconds;
                Assert.NotEqual(-1, e.Arg0);
                queue.Enqueue(previous + random.NextInt64(1_000_000_000), 0, 0, 0, i, 0);
                largestBottom = Math.Max(largestBottom, queue.BottomCount);
            }

            Assert.Null(queue.CheckInvariants());
            Assert.InRange(largestBottom, 1, 200);
        }

        [Fact]
        public void Returns_later_without_removing_when_the_next_event_is_after_the_limit()
        {
            var queue = new EventQueue(0);
            queue.Enqueue(100, 0, 0, 0, 1, 0);

            Assert.Equal(EventQueue.Take.Later, queue.TakeNext(99, out _));
            Assert.Equal(1, queue.Count);
            Assert.Equal(EventQueue.Take.Event, queue.TakeNext(100, out var e));
            Assert.Equal(1, e.Arg0);
        }
    }

    public sealed class TheEnqueueMethod
    {
        public static TheoryData<int, int, long, long, bool> Payloads => new()
        {
            // handler, kind, arg0, arg1, whether it fits one word
            { 0, 0, 0, 0, true },
            { 32_767, short.MinValue, int.MinValue, 0, true },
            { 32_767, short.MaxValue, int.MaxValue, 0, true },
            { 32_768, 0, 0, 0, false },
            { 0, short.MaxValue + 1, 0, 0, false },
            { 0, short.MinValue - 1, 0, 0, false },
            { 0, 0, (long)int.MaxValue + 1, 0, false },
            { 0, 0, (long)int.MinValue - 1, 0, false },
            { 0, 0, 0, 1, false },
            { 0, 0, 0, -1, false },
            { 0, -1, -1, long.MinValue, false },
        };

        [Theory]
        [MemberData(nameof(Payloads))]
        public void Delivers_the_payload_exactly_and_keeps_it_in_one_word_only_when_it_fits(int handler, int kind, long arg0, long arg1, bool fits)
        {
            var queue = new EventQueue(0);
            var handle = queue.Enqueue(5, 0, handler, kind, arg0, arg1);

            Assert.Equal(fits ? 0 : 1, queue.WidePayloads);
            Assert.Null(queue.CheckInvariants());
            Assert.Equal(EventQueue.Take.Event, queue.TakeNext(long.MaxValue, out var e));
            Assert.Equal((handler, kind, arg0, arg1, handle), (e.Handler.Index, e.Kind, e.Arg0, e.Arg1, e.Handle));
            Assert.Equal(0, queue.WidePayloads);
        }

        [Fact]
        public void Keeps_every_payload_field_intact_while_the_slots_grow_and_stay_aligned()
        {
            var queue = new EventQueue(0);
            Assert.Equal(0, queue.SlotMisalignment);
            const int Count = 5_000;
            for (var i = 0; i < Count; i++)
            {
                // Extremes in every field, so that packing handler and kind into one word is checked both ways.
                queue.Enqueue(time: i, priority: 0, handler: i % 3 == 0 ? int.MaxValue - 1 - i : i, kind: i % 2 == 0 ? int.MinValue + i : -i, arg0: long.MinValue + i, arg1: long.MaxValue - i);
            }

            Assert.Equal(0, queue.SlotMisalignment);
            for (var i = 0; i < Count; i++)
            {
                Assert.Equal(EventQueue.Take.Event, queue.TakeNext(long.MaxValue, out var e));
                Assert.Equal(i, e.Time.Nanoseconds);
                Assert.Equal(i % 3 == 0 ? int.MaxValue - 1 - i : i, e.Handler.Index);
                Assert.Equal(i % 2 == 0 ? int.MinValue + i : -i, e.Kind);
                Assert.Equal(long.MinValue + i, e.Arg0);
                Assert.Equal(long.MaxValue - i, e.Arg1);
                Assert.False(queue.IsPending(e.Handle));
            }
        }
    }

    public sealed class TheCancelMethod
    {
        [Fact]
        public void Frees_a_wide_payload_at_once_and_reuses_its_storage()
        {
            var queue = new EventQueue(0, heapModeLimit: 4);
            var handles = Enumerable.Range(0, 40).Select(i => queue.Enqueue(100 + i, 0, 0, 0, i, long.MaxValue - i)).ToList();
            Assert.Equal(40, queue.WidePayloads);

            for (var i = 0; i < 40; i += 2)
            {
                Assert.True(queue.Cancel(handles[i]));
            }

            Assert.Equal(20, queue.WidePayloads);
            Assert.Null(queue.CheckInvariants());
            for (var i = 0; i < 20; i++)
            {
                queue.Enqueue(200 + i, 0, 0, 0, 40 + i, -i - 1);
            }

            Assert.Equal(40, queue.WidePayloads);
            Assert.Null(queue.CheckInvariants());
            var taken = new List<(long Arg0, long Arg1)>();
            while (queue.TakeNext(long.MaxValue, out var e) == EventQueue.Take.Event)
            {
                taken.Add((e.Arg0, e.Arg1));
            }

            var expected = Enumerable.Range(0, 20).Select(i => (2L * i + 1, long.MaxValue - (2L * i + 1)))
                .Concat(Enumerable.Range(0, 20).Select(i => (40L + i, -i - 1L)));
            Assert.Equal(expected, taken);
            Assert.Equal(0, queue.WidePayloads);
        }

        [Fact]
        public void Compacts_when_stale_entries_outnumber_live_ones_and_keeps_the_rest_in_order()
        {
            var queue = new EventQueue(0, heapModeLimit: 16);
            var handles = new List<EventHandle>();
            for (var i = 0; i < 1_000; i++)
            {
                handles.Add(queue.Enqueue(1_000 - i, 0, 0, 0, i, 0));
            }

            for (var i = 0; i < 900; i++)
            {
                queue.Cancel(handles[i]);
                Assert.Null(queue.CheckInvariants());
            }

            var taken = new List<long>();
            while (queue.TakeNext(long.MaxValue, out var e) == EventQueue.Take.Event)
            {
                taken.Add(e.Arg0);
            }

            Assert.Equal(Enumerable.Range(900, 100).Reverse().Select(i => (long)i), taken);
        }

        [Fact]
        public void Compacts_in_the_middle_of_a_split_bucket_and_keeps_the_run_and_the_sub_buckets_not_yet_loaded()
        {
            // 3,000 events over 1 ms build a rung of 256 ns buckets; 300 more at 500,000 + 4k ns (k < 64, with ties)
            // crowd one or two buckets, which are split when due. Taking up to 500,100 ns leaves a sub-bucket sorted
            // in the run and later ones not yet loaded; cancelling most events then compacts everything.
            var random = new RandomStreams(11).Get("compact-split");
            var queue = new EventQueue(0, heapModeLimit: 64);
            var live = new List<(long Time, long Id, EventHandle Handle)>();
            var id = 0L;
            void Add(long time) => live.Add((time, id, queue.Enqueue(time, 0, 0, 0, id++, 0)));
            for (var i = 0; i < 3_000; i++)
            {
                Add(random.NextInt64(1_000_000));
            }

            Assert.Equal(EventQueue.Take.Event, queue.TakeNext(long.MaxValue, out var first));
            live.RemoveAll(x => x.Id == first.Arg0);
            for (var i = 0; i < 300; i++)
            {
                Add(500_000 + (random.NextInt64(64) * 4));
            }

            while (queue.TakeNext(500_100, out var e) == EventQueue.Take.Event)
            {
                live.RemoveAll(x => x.Id == e.Arg0);
            }

            Assert.True(queue.Splits > 0);
            Assert.True(queue.UnsortedSubBucketEntries > 0, "expected sub-buckets still to be loaded");
            Assert.True(queue.BottomCount > 0, "expected a sorted sub-bucket in the run");

            while (live.Count > 50)
            {
                var victim = random.Next(live.Count);
                Assert.True(queue.Cancel(live[victim].Handle));
                live.RemoveAt(victim);
                Assert.Null(queue.CheckInvariants());
            }

            Assert.Equal(0, queue.UnsortedSubBucketEntries);
            var taken = new List<long>();
            while (queue.TakeNext(long.MaxValue, out var e) == EventQueue.Take.Event)
            {
                taken.Add(e.Arg0);
                Assert.Null(queue.CheckInvariants());
            }

            Assert.Equal(live.OrderBy(x => x.Time).ThenBy(x => x.Id).Select(x => x.Id), taken);
        }

        [Fact]
        public void Compacts_with_events_still_staged_for_the_rung_and_keeps_them()
        {
            // A rung is built from 3,000 events over 1 ms (scheduled in time order, so that the first take builds it);
            // 100 more are scheduled among its buckets and wait in the stage; cancelling most events then compacts
            // everything, staged entries included.
            var random = new RandomStreams(19).Get("compact-stage");
            var queue = new EventQueue(0, heapModeLimit: 64);
            var live = new List<(long Time, long Id, EventHandle Handle)>();
            var id = 0L;
            void Add(long time) => live.Add((time, id, queue.Enqueue(time, 0, 0, 0, id++, 0)));
            for (var i = 0; i < 3_000; i++)
            {
                Add((i * 333) + random.NextInt64(333));
            }

            Assert.Equal(EventQueue.Take.Event, queue.TakeNext(long.MaxValue, out var first));
            live.RemoveAll(x => x.Id == first.Arg0);
            for (var i = 0; i < 100; i++)
            {
                Add(100_000 + random.NextInt64(800_000));
            }

            Assert.Equal(100, queue.StagedEntries);
            var staged = live.Skip(live.Count - 100).Take(20).ToList();
            while (live.Count > 120)
            {
                var victim = random.Next(live.Count - 100);
                Assert.True(queue.Cancel(live[victim].Handle));
                live.RemoveAt(victim);
                Assert.Null(queue.CheckInvariants());
            }

            Assert.Equal(0, queue.StagedEntries);
            Assert.All(staged, s => Assert.True(queue.IsPending(s.Handle)));
            var taken = new List<long>();
            while (queue.TakeNext(long.MaxValue, out var e) == EventQueue.Take.Event)
            {
                taken.Add(e.Arg0);
                Assert.Null(queue.CheckInvariants());
            }

            Assert.Equal(live.OrderBy(x => x.Time).ThenBy(x => x.Id).Select(x => x.Id), taken);
        }

        [Fact]
        public void Keeps_a_cancelled_events_slot_until_its_entry_is_dropped_so_ties_keep_their_order()
        {
            // In the ladder (heap mode limit 4) five events tie at time 10; the second is cancelled. Its slot must not
            // be reused by the events scheduled next, or its stale entry would pass for a live one.
            var queue = new EventQueue(0, heapModeLimit: 4);
            var handles = Enumerable.Range(0, 5).Select(i => queue.Enqueue(10, 0, 0, 0, i, 0)).ToList();
            Assert.True(queue.Cancel(handles[1]));
            var later = Enumerable.Range(5, 3).Select(i => queue.Enqueue(10, 0, 0, 0, i, 0)).ToList();
            Assert.Null(queue.CheckInvariants());

            var taken = new List<long>();
            while (queue.TakeNext(long.MaxValue, out var e) == EventQueue.Take.Event)
            {
                Assert.False(queue.IsPending(e.Handle));
                taken.Add(e.Arg0);
                Assert.Null(queue.CheckInvariants());
            }

            Assert.Equal([0L, 2, 3, 4, 5, 6, 7], taken);
            Assert.False(queue.IsPending(handles[1]));
            Assert.False(queue.Cancel(handles[1]));
            Assert.All(later, h => Assert.False(queue.IsPending(h)));
        }
    }
}
