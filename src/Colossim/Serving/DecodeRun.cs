using System.Runtime.CompilerServices;
using Colossim.Simulation;
using Colossim.Units;
using static Colossim.Serving.ServingSimulation;

namespace Colossim.Serving;

/// <summary>
/// A decode run: a stretch of decode-only iterations of one replica whose batch cannot change before the last of them
/// (nothing can join, nobody ends before it), simulated with one event at the run's end instead of one per iteration.
/// Its owner (a colocated <see cref="Replica"/> or a disaggregated decode replica) decides when a run may start and
/// what its requests do at its end; the run holds the iterations' times and power, answers how many had finished at a
/// moment, is cut short to the iteration in flight when something arrives that the next iteration must see, and
/// counts its iterations in the owner's <see cref="IterationAccounts"/> exactly as one event per iteration would.
/// </summary>
/// <remarks>
/// Ties: an iteration ending exactly when something arrives counts as not finished, so the arrival joins the next
/// iteration (as when the arrival's event is handled before the iteration's end).
/// </remarks>
internal sealed class DecodeRun
{
    /// <summary>The most iterations one run covers with one event.</summary>
    public const int MaxSteps = 4096;
    private readonly long[] _ends = new long[MaxSteps];
    private readonly double[] _watts = new double[MaxSteps];
    private readonly int[] _growth = new int[MaxSteps];
    private EventHandle _event;
    private HandlerId _handler;
    private int _kind;
    private long _arg;
    private long _used;

    /// <summary>Iterations of the run in flight; 0 when none is.</summary>
    public int Steps { get; private set; }

    /// <summary>When the run (its first iteration) started, in nanoseconds.</summary>
    public long Start { get; private set; }

    /// <summary>When the run's first iteration ends, in nanoseconds.</summary>
    public long FirstEnd => Start + _ends[0];

    /// <summary>Forgets the KV-block growth of the first <paramref name="steps"/> iterations; call before <see cref="Grow"/> and <see cref="Begin"/>.</summary>
    public void Clear(int steps) => Array.Clear(_growth, 0, steps);

    /// <summary>Adds <paramref name="blocks"/> to the KV blocks in use from iteration <paramref name="step"/> (1 to steps − 1) on.</summary>
    public void Grow(int step, int blocks) => _growth[step] += blocks;

    /// <summary>
    /// Starts a run of <paramref name="steps"/> (2 to <see cref="MaxSteps"/>) iterations now: the first of
    /// <paramref name="first"/> at <paramref name="firstWatts"/> per GPU (already formed by the owner, × pipeline
    /// stages), the rest timed by <paramref name="table"/> as a batch of <paramref name="timed"/> for
    /// <paramref name="sequences"/> sequences whose cached tokens add up to <paramref name="contextSum"/> at the first
    /// iteration, with <paramref name="used"/> KV blocks in use at its start. Schedules event <paramref name="kind"/>
    /// (argument <paramref name="arg"/>) for the owner <paramref name="handler"/> at the run's end.
    /// </summary>
    public void Begin(Simulator sim, HandlerId handler, int kind, long arg, StepTimeTable table, Duration first, double firstWatts, int timed, int sequences, double contextSum, int steps, int stages, long used)
    {
        _ends[0] = first.Nanoseconds;
        _watts[0] = firstWatts;
        table.DecodeRun(timed, sequences, contextSum, steps, stages, _ends, _watts);
        _growth[0] = 0;
        _handler = handler;
        _kind = kind;
        _arg = arg;
        _used = used;
        Steps = steps;
        Start = sim.Now.Nanoseconds;
        _event = sim.ScheduleAt(new SimTime(Start + _ends[steps - 1]), handler, kind, arg);
    }

    /// <summary>Iterations of the run finished before <paramref name="now"/> (one ending exactly now is not).</summary>
    public int StepsDone(long now)
    {
        int lo = 0, hi = Steps;
        var t = now - Start;
        while (lo < hi)
        {
            var mid = (lo + hi) >> 1;
            if (_ends[mid] < t)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>Ends the run with the iteration in flight now, so that the next iteration is formed afresh; nothing when the run is not in flight or already ends there.</summary>
    public void Cut(Simulator sim)
    {
        if (Steps == 0)
        {
            return;
        }

        var cut = StepsDone(sim.Now.Nanoseconds) + 1;
        if (cut < Steps)
        {
            sim.Cancel(_event);
            Steps = cut;
            _event = sim.ScheduleAt(new SimTime(Start + _ends[cut - 1]), _handler, _kind, _arg);
        }
    }

    /// <summary>Counts <paramref name="blocks"/> KV blocks taken now as in use from the iteration after the one in flight (nothing when no run is in flight, or the run ends with it).</summary>
    public void Take(long now, int blocks)
    {
        if (Steps == 0)
        {
            return;
        }

        var next = StepsDone(now) + 1;
        if (next < Steps)
        {
            _growth[next] += blocks;
        }
    }

    /// <summary>
    /// Ends the run: counts each iteration in <paramref name="accounts"/> (with <paramref name="sequences"/> decodes)
    /// and the inter-token gaps of every iteration after the first in <paramref name="gaps"/> (the first iteration's
    /// gaps depend on each request's previous token: the owner adds them from <see cref="FirstEnd"/>). Returns the
    /// run's iterations.
    /// </summary>
    /// <remarks>Optimized from its first call, as <see cref="StepTimeTable.DecodeRun"/> is.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int End(IterationAccounts accounts, GapHistogram gaps, int sequences)
    {
        var steps = Steps;
        var used = _used;
        long previous = 0;
        for (var s = 0; s < steps; s++)
        {
            used += _growth[s];
            var time = _ends[s] - previous;
            previous = _ends[s];
            accounts.Add(Start + previous - time, time, used, _watts[s], 0, sequences);
            if (s > 0)
            {
                gaps.Add(time, sequences);
            }
        }

        Steps = 0;
        return steps;
    }
}
