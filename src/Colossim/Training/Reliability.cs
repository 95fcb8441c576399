using Colossim.Simulation;
using Colossim.Units;

namespace Colossim.Training;

/// <summary>
/// How often a training job is interrupted and what an interruption costs: a per-GPU interruption rate (every cause:
/// GPUs, HBM, hosts, network, software), the checkpoint write bandwidth and the time to detect, restart and reload.
/// Interruptions arrive as a Poisson process in wall-clock time, at the rate per GPU times the job's GPUs.
/// </summary>
public sealed record FailureModel
{
    /// <summary>
    /// Llama 3's rate: 419 unexpected interruptions in a 54-day window on 16,384 H100s (arXiv:2407.21783 §3.3.4,
    /// reference training.md §2.1), per GPU-hour: 419 ÷ (54 × 24 × 16,384) ≈ 1.97e-5 (one per 5.8 GPU-years).
    /// </summary>
    public static double Llama3InterruptionsPerGpuHour => 419.0 / (54 * 24 * 16_384.0);

    /// <summary>The default: Llama 3's rate, 2 TB/s checkpoint writes, 10 minutes to restart.</summary>
    public static FailureModel Default { get; } = new();

    /// <summary>Interruptions per GPU-hour, at least 0 (default <see cref="Llama3InterruptionsPerGpuHour"/>).</summary>
    public double InterruptionsPerGpuHour { get; init; } = Llama3InterruptionsPerGpuHour;

    /// <summary>
    /// Aggregate checkpoint write bandwidth (default 2 TB/s: Llama 3's Tectonic storage, sustained; reference
    /// training.md §2.1). The job stops while it writes (no asynchronous checkpointing modelled).
    /// </summary>
    public Bandwidth CheckpointWriteBandwidth { get; init; } = new Bandwidth(2e12);

    /// <summary>
    /// Time from an interruption to training again, the lost work aside: detection, replacing or draining the bad
    /// host, restarting the job and reading the checkpoint (default 10 minutes: MegaScale detects and diagnoses within
    /// 10 minutes, reference training.md §2.4).
    /// </summary>
    public Duration Restart { get; init; } = Duration.FromSeconds(600);

    /// <summary>The job's mean time between interruptions on <paramref name="gpus"/> GPUs (Llama 3 on 16,384: 3.09 h).</summary>
    public Duration MeanTimeBetweenInterruptions(long gpus)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gpus, 1);
        return InterruptionsPerGpuHour > 0 ? Duration.FromHours(Math.Min(1e9, 1 / (InterruptionsPerGpuHour * gpus))) : Duration.FromHours(1e9);
    }

    /// <summary>Bytes of a checkpoint of a model of <paramref name="parameters"/> parameters: bf16 weights and Adam's fp32 master weights and moments, 14 bytes per parameter.</summary>
    public static Bytes CheckpointSize(double parameters) => new(14 * parameters);
}

/// <summary>
/// Goodput under interruptions and periodic checkpoints: the share of wall time that ends up as kept training progress.
/// The job runs segments of <c>τ</c> of work each followed by a checkpoint of <c>C</c>; an interruption (a Poisson
/// process of mean interval <c>M</c>, also during checkpoints and restarts) loses the segment in progress and costs a
/// restart of <c>R</c> before the segment is retried.
/// </summary>
public static class Goodput
{
    /// <summary>
    /// The optimal checkpoint interval (work between checkpoints) for a checkpoint cost <paramref name="checkpoint"/>
    /// and mean time between interruptions <paramref name="mtbf"/>: Young's <c>√(2CM)</c> with Daly's (2006) higher-order
    /// correction, <c>√(2CM)·(1 + √(C/2M)/3 + (C/2M)/9) − C</c> while <c>C &lt; 2M</c>, and <c>M</c> beyond.
    /// </summary>
    public static Duration OptimalInterval(Duration checkpoint, Duration mtbf)
    {
        var (c, m) = (checkpoint.TotalSeconds, mtbf.TotalSeconds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(m);
        ArgumentOutOfRangeException.ThrowIfNegative(c);
        if (c <= 0)
        {
            return Duration.FromSeconds(Math.Min(m, 1e-3));
        }

        if (c >= 2 * m)
        {
            return mtbf;
        }

        var x = c / (2 * m);
        return Duration.FromSeconds((Math.Sqrt(2 * c * m) * (1 + (Math.Sqrt(x) / 3) + (x / 9))) - c);
    }

    /// <summary>
    /// Expected goodput (0-1): <c>τ ÷ E[T]</c> where <c>E[T] = M·e^(R/M)·(e^((τ+C)/M) − 1)</c> is the expected wall time
    /// to complete one segment and its checkpoint (Daly 2006, exponential interruptions, interruptions during restarts).
    /// </summary>
    public static double Analytic(Duration interval, Duration checkpoint, Duration restart, Duration mtbf)
    {
        var (tau, c, r, m) = (interval.TotalSeconds, checkpoint.TotalSeconds, restart.TotalSeconds, mtbf.TotalSeconds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tau);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(m);
        var expected = m * Math.Exp(r / m) * (Math.Exp((tau + c) / m) - 1);
        return tau / expected;
    }

    /// <summary>
    /// Goodput by Monte Carlo on the event engine: <paramref name="replications"/> runs of <paramref name="horizon"/>
    /// each (interruptions drawn from the seeded stream <c>training/interruptions</c>), kept work ÷ wall time over all
    /// of them. Also counts the interruptions.
    /// </summary>
    public static GoodputSample MonteCarlo(Duration interval, Duration checkpoint, Duration restart, Duration mtbf, Duration horizon, ulong seed, int replications = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(interval.Nanoseconds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(mtbf.Nanoseconds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizon.Nanoseconds);
        ArgumentOutOfRangeException.ThrowIfLessThan(replications, 1);
        var streams = new RandomStreams(seed);
        var stream = streams.Get("training/interruptions");
        double useful = 0;
        long interruptions = 0;
        for (var i = 0; i < replications; i++)
        {
            var simulator = new Simulator();
            var run = new CheckpointedRun(interval, interval + checkpoint, restart, mtbf, stream);
            var id = simulator.Register(run);
            run.Start(simulator, id);
            simulator.RunUntil(SimTime.Zero + horizon);
            useful += run.Useful.TotalSeconds;
            interruptions += run.Interruptions;
        }

        return new GoodputSample(useful / (horizon.TotalSeconds * replications), (double)interruptions / replications);
    }

    // A job on the engine: segments of work and checkpoint; an interruption cancels the segment and schedules a restart.
    private sealed class CheckpointedRun(Duration work, Duration segment, Duration restart, Duration mtbf, RandomStream stream) : IEventHandler
    {
        private const int SegmentDone = 0;
        private const int Interrupted = 1;
        private const int Restarted = 2;
        private HandlerId _id;
        private EventHandle _pending;

        public Duration Useful { get; private set; }

        public long Interruptions { get; private set; }

        public void Start(Simulator simulator, HandlerId id)
        {
            _id = id;
            _pending = simulator.Schedule(segment, id, SegmentDone);
            simulator.Schedule(stream.Exponential(mtbf), id, Interrupted);
        }

        public void Handle(Simulator simulator, in SimEvent e)
        {
            switch (e.Kind)
            {
                case SegmentDone:
                    Useful += work;
                    _pending = simulator.Schedule(segment, _id, SegmentDone);
                    break;
                case Interrupted:
                    Interruptions++;
                    simulator.Cancel(_pending);
                    _pending = simulator.Schedule(restart, _id, Restarted);
                    simulator.Schedule(stream.Exponential(mtbf), _id, Interrupted);
                    break;
                default:
                    _pending = simulator.Schedule(segment, _id, SegmentDone);
                    break;
            }
        }
    }
}

/// <summary>A Monte Carlo estimate of goodput.</summary>
/// <param name="Goodput">Kept work over wall time, 0-1.</param>
/// <param name="Interruptions">Interruptions per run, on average.</param>
public sealed record GoodputSample(double Goodput, double Interruptions);
