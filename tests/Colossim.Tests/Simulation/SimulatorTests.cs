using Colossim.Simulation;
using Colossim.Units;

namespace Colossim.Tests.Simulation;

public sealed class SimulatorTests
{
    private static (Simulator Simulator, RecordingHandler Handler, HandlerId Id) Setup(Action<Simulator, SimEvent>? react = null)
    {
        var simulator = new Simulator();
        var handler = new RecordingHandler(react);
        return (simulator, handler, simulator.Register(handler));
    }

    public sealed class TheRegisterMethod
    {
        [Fact]
        public void Gives_each_handler_its_own_id_and_routes_events_to_it()
        {
            var simulator = new Simulator();
            var a = new RecordingHandler();
            var b = new RecordingHandler();
            var idA = simulator.Register(a);
            var idB = simulator.Register(b);

            simulator.Schedule(Duration.FromSeconds(1), idB, arg0: 2);
            simulator.Schedule(Duration.FromSeconds(2), idA, arg0: 1);
            simulator.Run();

            Assert.NotEqual(idA, idB);
            Assert.Equal([1L], a.Arg0s);
            Assert.Equal([2L], b.Arg0s);
        }

        [Fact]
        public void Rejects_null()
        {
            Assert.Throws<ArgumentNullException>(() => new Simulator().Register(null!));
        }
    }

    public sealed class TheScheduleMethod
    {
        [Fact]
        public void Fires_the_event_after_the_delay_with_its_kind_and_arguments()
        {
            var (simulator, handler, id) = Setup();

            simulator.Schedule(Duration.FromMilliseconds(5), id, kind: 7, arg0: 11, arg1: -3);
            simulator.Run();

            Assert.Equal([(SimTime.Zero + Duration.FromMilliseconds(5), 7, 11L, -3L)], handler.Events);
            Assert.Equal(SimTime.Zero + Duration.FromMilliseconds(5), simulator.Now);
            Assert.Equal(1, simulator.EventsProcessed);
        }

        [Fact]
        public void Measures_the_delay_from_the_current_time()
        {
            var (simulator, handler, id) = Setup((sim, e) =>
            {
                if (e.Kind == 0)
                {
                    sim.Schedule(Duration.FromSeconds(2), e.Handler, kind: 1);
                }
            });

            simulator.Schedule(Duration.FromSeconds(3), id);
            simulator.Run();

            Assert.Equal(SimTime.FromSeconds(5), handler.Events[1].Time);
        }

        [Fact]
        public void Throws_for_a_negative_delay_with_a_clear_message()
        {
            var (simulator, _, id) = Setup();

            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => simulator.Schedule(Duration.FromNanoseconds(-5), id));

            Assert.Equal("delay", ex.ParamName);
            Assert.Contains("negative delay", ex.Message, StringComparison.Ordinal);
            Assert.Equal(0, simulator.PendingCount);
        }

        [Fact]
        public void Throws_for_a_delay_that_reaches_the_end_of_time()
        {
            var (simulator, _, id) = Setup();

            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => simulator.Schedule(Duration.MaxValue, id));

            Assert.Contains("end of representable time", ex.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(-32769)]
        [InlineData(32768)]
        public void Throws_for_a_priority_out_of_range(int priority)
        {
            var (simulator, _, id) = Setup();

            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => simulator.Schedule(Duration.Zero, id, priority: priority));

            Assert.Equal("priority", ex.ParamName);
            Assert.Contains("between -32768 and 32767", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Throws_for_a_handler_id_not_registered_with_this_simulator()
        {
            var (simulator, _, _) = Setup();
            var other = new Simulator();
            other.Register(new RecordingHandler());
            var foreign = other.Register(new RecordingHandler());

            Assert.Throws<ArgumentException>(() => simulator.Schedule(Duration.Zero, foreign));
            Assert.Throws<ArgumentException>(() => simulator.Schedule(Duration.Zero, default));
        }
    }

    public sealed class TheScheduleAtMethod
    {
        [Fact]
        public void Fires_the_event_at_the_absolute_time()
        {
            var (simulator, handler, id) = Setup();

            simulator.ScheduleAt(SimTime.FromSeconds(4), id);
            simulator.Run();

            Assert.Equal(SimTime.FromSeconds(4), handler.Events.Single().Time);
        }

        [Fact]
        public void Throws_for_a_time_in_the_past_with_a_clear_message()
        {
            var (simulator, _, id) = Setup();
            simulator.Schedule(Duration.FromSeconds(2), id);
            simulator.Run();

            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => simulator.ScheduleAt(SimTime.FromSeconds(1), id));

            Assert.Equal("time", ex.ParamName);
            Assert.Contains("in the past", ex.Message, StringComparison.Ordinal);
            Assert.Contains("t=1s is before the clock, t=2s", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Throws_for_the_time_that_means_never()
        {
            var (simulator, _, id) = Setup();

            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => simulator.ScheduleAt(SimTime.MaxValue, id));

            Assert.Contains("means never", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Accepts_the_current_time_and_fires_after_the_current_event()
        {
            var (simulator, handler, id) = Setup((sim, e) =>
            {
                if (e.Kind == 0)
                {
                    sim.ScheduleAt(sim.Now, e.Handler, kind: 1);
                }
            });

            simulator.ScheduleAt(SimTime.FromSeconds(1), id);
            simulator.Run();

            Assert.Equal([0, 1], handler.Events.ConvertAll(e => e.Kind));
            Assert.All(handler.Events, e => Assert.Equal(SimTime.FromSeconds(1), e.Time));
        }
    }

    public sealed class TheRunMethod
    {
        [Fact]
        public void Processes_events_in_time_order_whatever_the_schedule_order()
        {
            var (simulator, handler, id) = Setup();
            long[] seconds = [5, 1, 4, 2, 3];
            foreach (var s in seconds)
            {
                simulator.Schedule(Duration.FromSeconds(s), id, arg0: s);
            }

            var reason = simulator.Run();

            Assert.Equal(StopReason.QueueEmpty, reason);
            Assert.Equal([1L, 2, 3, 4, 5], handler.Arg0s);
        }

        [Fact]
        public void Processes_ties_in_priority_then_schedule_order()
        {
            var (simulator, handler, id) = Setup();
            var t = Duration.FromSeconds(1);
            simulator.Schedule(t, id, arg0: 1, priority: 0);
            simulator.Schedule(t, id, arg0: 2, priority: 1);
            simulator.Schedule(t, id, arg0: 3, priority: -1);
            simulator.Schedule(t, id, arg0: 4, priority: 0);
            simulator.Schedule(t, id, arg0: 5, priority: -1);
            simulator.Schedule(Duration.FromNanoseconds(999_999_999), id, arg0: 0, priority: 100);

            simulator.Run();

            Assert.Equal([0L, 3, 5, 1, 4, 2], handler.Arg0s);
        }

        [Fact]
        public void Processes_ties_in_schedule_order_across_the_ladder_tiers()
        {
            // 10,000 events at 100 distinct times force the queue out of heap mode; ties must stay first-in first-out.
            var (simulator, handler, id) = Setup();
            for (var i = 0; i < 10_000; i++)
            {
                simulator.Schedule(Duration.FromNanoseconds(((i * 7919) % 100) * 1000), id, arg0: i);
            }

            simulator.Run();

            var expected = Enumerable.Range(0, 10_000).OrderBy(i => (i * 7919) % 100).Select(i => (long)i).ToList();
            Assert.Equal(expected, handler.Arg0s);
        }

        [Fact]
        public void Stops_after_the_given_number_of_events_and_resumes_where_it_stopped()
        {
            var (simulator, handler, id) = Setup();
            for (var i = 1; i <= 10; i++)
            {
                simulator.Schedule(Duration.FromSeconds(i), id, arg0: i);
            }

            var first = simulator.Run(StopCondition.AfterEvents(3));
            var second = simulator.Run(StopCondition.AfterEvents(3));

            Assert.Equal(StopReason.EventLimitReached, first);
            Assert.Equal(StopReason.EventLimitReached, second);
            Assert.Equal([1L, 2, 3, 4, 5, 6], handler.Arg0s);
            Assert.Equal(SimTime.FromSeconds(6), simulator.Now);
            Assert.Equal(4, simulator.PendingCount);
        }

        [Fact]
        public void Stops_after_the_first_event_that_satisfies_the_predicate()
        {
            var (simulator, handler, id) = Setup();
            for (var i = 1; i <= 10; i++)
            {
                simulator.Schedule(Duration.FromSeconds(i), id, arg0: i);
            }

            var reason = simulator.Run(StopCondition.WhenTrue(sim => sim.Now >= SimTime.FromSeconds(4)));

            Assert.Equal(StopReason.PredicateSatisfied, reason);
            Assert.Equal([1L, 2, 3, 4], handler.Arg0s);
        }

        [Fact]
        public void Stops_when_a_handler_calls_Stop_after_that_handler_returns()
        {
            var (simulator, handler, id) = Setup((sim, e) =>
            {
                if (e.Arg0 == 2)
                {
                    sim.Stop();
                    sim.Schedule(Duration.Zero, e.Handler, arg0: 99);
                }
            });
            for (var i = 1; i <= 5; i++)
            {
                simulator.Schedule(Duration.FromSeconds(i), id, arg0: i);
            }

            var reason = simulator.Run();
            var rest = simulator.Run();

            Assert.Equal(StopReason.Stopped, reason);
            Assert.Equal(StopReason.QueueEmpty, rest);
            Assert.Equal([1L, 2, 99, 3, 4, 5], handler.Arg0s);
        }

        [Fact]
        public void Honours_every_limit_exactly_in_runs_longer_than_the_inner_loops_batch()
        {
            // The loop runs in batches of a few hundred events; limits must not snap to batch boundaries.
            var (simulator, handler, id) = Setup((sim, e) =>
            {
                if (e.Arg0 == 3_000)
                {
                    sim.Stop();
                }

                sim.Schedule(Duration.FromNanoseconds(1), e.Handler, arg0: e.Arg0 + 1);
            });
            simulator.Schedule(Duration.FromNanoseconds(1), id, arg0: 0);

            Assert.Equal(StopReason.EventLimitReached, simulator.Run(StopCondition.AfterEvents(1_500)));
            Assert.Equal(1_500, simulator.EventsProcessed);
            Assert.Equal(StopReason.PredicateSatisfied, simulator.Run(StopCondition.WhenTrue(sim => sim.EventsProcessed == 2_049)));
            Assert.Equal(2_049, simulator.EventsProcessed);
            Assert.Equal(StopReason.Stopped, simulator.Run());
            Assert.Equal(3_001, simulator.EventsProcessed);
            Assert.Equal(StopReason.TimeReached, simulator.RunUntil(SimTime.Zero + Duration.FromNanoseconds(4_500)));
            Assert.Equal(4_500, simulator.EventsProcessed);
            Assert.Equal(Enumerable.Range(0, 4_500).Select(i => (long)i), handler.Arg0s);
        }

        [Fact]
        public void Combines_limits_and_stops_at_whichever_comes_first()
        {
            var (simulator, handler, id) = Setup();
            for (var i = 1; i <= 10; i++)
            {
                simulator.Schedule(Duration.FromSeconds(i), id, arg0: i);
            }

            var reason = simulator.Run(new StopCondition { Until = SimTime.FromSeconds(8), MaxEvents = 5 });

            Assert.Equal(StopReason.EventLimitReached, reason);
            Assert.Equal(5, handler.Events.Count);
        }

        [Fact]
        public void Throws_when_called_from_a_handler()
        {
            InvalidOperationException? caught = null;
            var (simulator, _, id) = Setup((sim, _) => caught = Assert.Throws<InvalidOperationException>(() => sim.Run()));
            simulator.Schedule(Duration.Zero, id);

            simulator.Run();

            Assert.NotNull(caught);
            Assert.Contains("do not nest", caught.Message, StringComparison.Ordinal);
            Assert.False(simulator.IsRunning);
        }

        [Fact]
        public void Throws_for_a_stop_time_in_the_past()
        {
            var (simulator, _, id) = Setup();
            simulator.Schedule(Duration.FromSeconds(2), id);
            simulator.Run();

            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => simulator.Run(StopCondition.At(SimTime.FromSeconds(1))));

            Assert.Contains("before the clock", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Rejects_a_negative_event_limit()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => StopCondition.AfterEvents(-1));
        }

        [Fact]
        public void Replays_the_same_event_trace_for_the_same_seed()
        {
            var a = TraceHash(seed: 42);
            var b = TraceHash(seed: 42);

            Assert.Equal(a, b);
        }

        [Fact]
        public void Gives_a_different_event_trace_for_a_different_seed()
        {
            Assert.NotEqual(TraceHash(seed: 42), TraceHash(seed: 43));
        }

        /// <summary>
        /// Runs a small network of three stations with random delays, priorities and cancellations for 20,000 events
        /// and hashes every processed (time, kind, argument) with FNV-1a.
        /// </summary>
        private static ulong TraceHash(ulong seed)
        {
            var simulator = new Simulator();
            var streams = new RandomStreams(seed);
            var network = new TraceNetwork(streams.Get("delays"), streams.Get("routing"));
            var id = simulator.Register(network);
            for (var i = 0; i < 50; i++)
            {
                simulator.Schedule(network.Random.Exponential(Duration.FromMilliseconds(1)), id, kind: i % 3, arg0: i);
            }

            simulator.Run(StopCondition.AfterEvents(20_000));
            return network.Hash;
        }

        private sealed class TraceNetwork(RandomStream random, RandomStream routing) : IEventHandler
        {
            private readonly List<EventHandle> _cancellable = [];

            public RandomStream Random { get; } = random;

            public ulong Hash { get; private set; } = 0xCBF29CE484222325;

            public void Handle(Simulator simulator, in SimEvent e)
            {
                Mix(e.Time.Nanoseconds);
                Mix(e.Kind);
                Mix(e.Arg0);
                var next = routing.Next(3);
                var handle = simulator.Schedule(Random.Exponential(Duration.FromMilliseconds(1)), e.Handler, kind: next, arg0: e.Arg0, priority: routing.Next(-1, 2));
                if (routing.Bernoulli(0.1))
                {
                    _cancellable.Add(simulator.Schedule(Random.Exponential(Duration.FromMilliseconds(1)), e.Handler, kind: 9, arg0: -e.Arg0));
                }

                if (_cancellable.Count > 0 && routing.Bernoulli(0.1))
                {
                    simulator.Cancel(_cancellable[^1]);
                    _cancellable.RemoveAt(_cancellable.Count - 1);
                }

                Mix(handle.IsNone ? 0 : 1);
            }

            private void Mix(long value)
            {
                unchecked
                {
                    for (var i = 0; i < 8; i++)
                    {
                        Hash = (Hash ^ (byte)(value >> (8 * i))) * 0x100000001B3;
                    }
                }
            }
        }
    }

    public sealed class TheRunUntilMethod
    {
        [Fact]
        public void Processes_events_up_to_and_including_the_time_and_sets_the_clock_to_it()
        {
            var (simulator, handler, id) = Setup();
            for (var i = 1; i <= 5; i++)
            {
                simulator.Schedule(Duration.FromSeconds(i), id, arg0: i);
            }

            var reason = simulator.RunUntil(SimTime.FromSeconds(3));

            Assert.Equal(StopReason.TimeReached, reason);
            Assert.Equal([1L, 2, 3], handler.Arg0s);
            Assert.Equal(SimTime.FromSeconds(3), simulator.Now);
            Assert.Equal(2, simulator.PendingCount);
        }

        [Fact]
        public void Advances_the_clock_to_the_time_when_the_queue_runs_dry_first()
        {
            var (simulator, _, id) = Setup();
            simulator.Schedule(Duration.FromSeconds(1), id);

            var reason = simulator.RunUntil(SimTime.FromSeconds(10));

            Assert.Equal(StopReason.TimeReached, reason);
            Assert.Equal(SimTime.FromSeconds(10), simulator.Now);
        }
    }

    public sealed class TheStepMethod
    {
        [Fact]
        public void Processes_exactly_one_event_and_reports_whether_there_was_one()
        {
            var (simulator, handler, id) = Setup();
            simulator.Schedule(Duration.FromSeconds(1), id, arg0: 1);
            simulator.Schedule(Duration.FromSeconds(2), id, arg0: 2);

            Assert.True(simulator.Step());
            Assert.Equal([1L], handler.Arg0s);
            Assert.True(simulator.Step());
            Assert.False(simulator.Step());
            Assert.Equal([1L, 2], handler.Arg0s);
        }
    }

    public sealed class TheStopMethod
    {
        [Fact]
        public void Does_nothing_outside_a_run()
        {
            var (simulator, handler, id) = Setup();
            simulator.Schedule(Duration.FromSeconds(1), id);

            simulator.Stop();
            var reason = simulator.Run();

            Assert.Equal(StopReason.QueueEmpty, reason);
            Assert.Single(handler.Events);
        }
    }

    public sealed class TheCancelMethod
    {
        [Fact]
        public void Prevents_a_pending_event_from_firing()
        {
            var (simulator, handler, id) = Setup();
            simulator.Schedule(Duration.FromSeconds(1), id, arg0: 1);
            var doomed = simulator.Schedule(Duration.FromSeconds(2), id, arg0: 2);
            simulator.Schedule(Duration.FromSeconds(3), id, arg0: 3);

            Assert.True(simulator.Cancel(doomed));
            Assert.Equal(2, simulator.PendingCount);
            simulator.Run();

            Assert.Equal([1L, 3], handler.Arg0s);
        }

        [Fact]
        public void Returns_false_for_an_event_that_already_fired_or_was_cancelled()
        {
            var (simulator, _, id) = Setup();
            var fired = simulator.Schedule(Duration.FromSeconds(1), id);
            var cancelled = simulator.Schedule(Duration.FromSeconds(2), id);
            simulator.Cancel(cancelled);
            simulator.Run();

            Assert.False(simulator.Cancel(fired));
            Assert.False(simulator.Cancel(cancelled));
            Assert.False(simulator.Cancel(default));
        }

        [Fact]
        public void Leaves_a_new_event_alone_when_a_stale_handle_refers_to_its_reused_storage()
        {
            var (simulator, handler, id) = Setup();
            var old = simulator.Schedule(Duration.FromSeconds(1), id, arg0: 1);
            simulator.Cancel(old);
            var fresh = simulator.Schedule(Duration.FromSeconds(1), id, arg0: 2);

            Assert.False(simulator.Cancel(old));
            Assert.True(simulator.IsPending(fresh));
            simulator.Run();

            Assert.Equal([2L], handler.Arg0s);
        }

        [Fact]
        public void Can_cancel_from_a_handler_an_event_at_the_same_time()
        {
            EventHandle victim = default;
            var (simulator, handler, id) = Setup((sim, e) =>
            {
                if (e.Arg0 == 1)
                {
                    sim.Cancel(victim);
                }
            });
            simulator.Schedule(Duration.FromSeconds(1), id, arg0: 1);
            victim = simulator.Schedule(Duration.FromSeconds(1), id, arg0: 2);

            simulator.Run();

            Assert.Equal([1L], handler.Arg0s);
        }

        [Fact]
        public void Keeps_order_when_most_of_a_large_queue_is_cancelled()
        {
            var (simulator, handler, id) = Setup();
            var handles = new List<EventHandle>();
            for (var i = 0; i < 20_000; i++)
            {
                handles.Add(simulator.Schedule(Duration.FromNanoseconds((i * 104_729L) % 1_000_003), id, arg0: i));
            }

            for (var i = 0; i < handles.Count; i++)
            {
                if (i % 10 != 0)
                {
                    Assert.True(simulator.Cancel(handles[i]));
                }
            }

            simulator.Run();

            var expected = Enumerable.Range(0, 20_000).Where(i => i % 10 == 0).OrderBy(i => (i * 104_729L) % 1_000_003).Select(i => (long)i).ToList();
            Assert.Equal(2_000, simulator.EventsProcessed);
            Assert.Equal(expected, handler.Arg0s);
        }
    }

    public sealed class TheIsPendingMethod
    {
        [Fact]
        public void Is_true_only_between_scheduling_and_firing()
        {
            var (simulator, _, id) = Setup();
            var handle = simulator.Schedule(Duration.FromSeconds(1), id);

            Assert.True(simulator.IsPending(handle));
            simulator.Run();
            Assert.False(simulator.IsPending(handle));
            Assert.False(simulator.IsPending(default));
        }
    }

    public sealed class TheNextEventTimeProperty
    {
        [Fact]
        public void Is_the_earliest_pending_time_skipping_cancelled_events()
        {
            var (simulator, _, id) = Setup();
            var first = simulator.Schedule(Duration.FromSeconds(1), id);
            simulator.Schedule(Duration.FromSeconds(2), id);

            Assert.Equal(SimTime.FromSeconds(1), simulator.NextEventTime);
            simulator.Cancel(first);
            Assert.Equal(SimTime.FromSeconds(2), simulator.NextEventTime);
            simulator.Run();
            Assert.Null(simulator.NextEventTime);
        }
    }
}
