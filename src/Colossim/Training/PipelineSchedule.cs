using Colossim.Units;

namespace Colossim.Training;

/// <summary>One pipeline stage's share of a micro-batch, as <see cref="TrainingStepModel.StageTimes"/> prices it.</summary>
public sealed record PipelineStageTime
{
    /// <summary>Transformer layers on the stage (all its virtual stages together), at least 1.</summary>
    public required int Layers { get; init; }

    /// <summary>Compute of one micro-batch's forward and backward on the stage (GPU or host, whichever is longer).</summary>
    public required Duration Compute { get; init; }

    /// <summary>Tensor-, context- and expert-parallel communication of one micro-batch on the stage (not overlapped).</summary>
    public required Duration ModelParallelCommunication { get; init; }

    /// <summary>Pipeline sends of one micro-batch: 2 × vpp point-to-point transfers (zero without pipeline parallelism).</summary>
    public required Duration PipelineSends { get; init; }

    /// <summary>The stage's whole time per micro-batch: compute, model-parallel communication and sends.</summary>
    public Duration Total => Compute + ModelParallelCommunication + PipelineSends;
}

/// <summary>What a scheduled operation of a pipeline stage is.</summary>
public enum PipelineOpKind
{
    /// <summary>The forward pass of one micro-batch through one virtual stage (with its model-parallel communication).</summary>
    Forward,

    /// <summary>The backward pass of one micro-batch through one virtual stage (with its model-parallel communication).</summary>
    Backward,

    /// <summary>The point-to-point transfer that follows a forward: activations to the next stage.</summary>
    SendActivations,

    /// <summary>The point-to-point transfer that follows a backward: gradients to the previous stage.</summary>
    SendGradients,

    /// <summary>The data-parallel gradient (and weight) communication left exposed after the pipeline drains.</summary>
    DataParallel,

    /// <summary>The optimizer step.</summary>
    Optimizer,
}

/// <summary>One operation of one pipeline stage in the schedule of a step.</summary>
/// <param name="Stage">Pipeline stage (rank in the pipeline), 0 to pp − 1.</param>
/// <param name="Kind">What runs.</param>
/// <param name="MicroBatch">Micro-batch, 0 to m − 1; −1 for the data-parallel communication and the optimizer.</param>
/// <param name="Chunk">Model chunk on the stage (0 to vpp − 1; its virtual stage is chunk × pp + stage); −1 when not per chunk.</param>
/// <param name="Start">Start, from the start of the step.</param>
/// <param name="Duration">Length.</param>
public sealed record PipelineOp(int Stage, PipelineOpKind Kind, long MicroBatch, int Chunk, Duration Start, Duration Duration)
{
    /// <summary>End, from the start of the step.</summary>
    public Duration End => Start + Duration;

    /// <summary>Whether the operation is communication (sends and data-parallel traffic) rather than compute.</summary>
    public bool IsCommunication => Kind is PipelineOpKind.SendActivations or PipelineOpKind.SendGradients or PipelineOpKind.DataParallel;
}

/// <summary>
/// The timeline of one optimizer step on every pipeline stage, found by list scheduling: each stage runs its operations
/// in the order of Megatron-LM's schedule — 1F1B (pp − stage − 1 warm-up forwards, then one forward and one backward,
/// then the cool-down backwards) or, with vpp virtual stages, the interleaved schedule (warm-up of
/// 2 × (pp − stage − 1) + (vpp − 1) × pp forwards, all forwards first when m = pp; micro-batches taken pp at a time per
/// model chunk) — and an operation starts when the stage is free and its input is there: a forward after the previous
/// virtual stage's forward and send of the same micro-batch, a backward after the next virtual stage's backward and
/// send. Each stage's time per micro-batch (<see cref="PipelineStageTime"/>) is split over its vpp chunks; a chunk's
/// forward takes one third of its compute and model-parallel communication, its backward two thirds (the split
/// <see cref="TrainingStepModel"/> uses for overlap), and each is followed by one of the 2 × vpp sends the step model
/// charges the stage per micro-batch, which blocks the stage (the step model does not overlap them). When the last
/// stage has drained, every stage spends the step's exposed data-parallel communication and then its optimizer time.
/// <para>
/// The step model's closed form is <c>m × slowest stage + (pp − 1) × mean stage ÷ vpp</c>; the simulated pipeline
/// equals it for balanced stages and differs slightly with imbalanced ones (the closed form charges the bubble at the
/// mean stage). <see cref="TrainingStep.Time"/> is the closed form; <see cref="Makespan"/> the simulation; both are
/// given.
/// </para>
/// </summary>
public sealed class PipelineSchedule
{
    private PipelineSchedule(TrainingStep step, IReadOnlyList<PipelineStageTime> stages, IReadOnlyList<PipelineOp> ops, Duration pipeline)
    {
        Step = step;
        StageTimes = stages;
        Ops = ops;
        PipelineTime = pipeline;
    }

    /// <summary>Most forward and backward passes (pp × vpp × 2 × micro-batches) a schedule takes: a timeline larger than this would not open in a trace viewer.</summary>
    public const long MaxPasses = 200_000;

    /// <summary>Forward and backward passes of <paramref name="step"/>'s schedule: pp × vpp × 2 × micro-batches.</summary>
    public static double Passes(TrainingStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return 2.0 * step.Layout.Pp * step.Layout.Vpp * step.MicroBatches;
    }

    /// <summary>The step scheduled.</summary>
    public TrainingStep Step { get; }

    /// <summary>Per-stage time of one micro-batch, first stage first.</summary>
    public IReadOnlyList<PipelineStageTime> StageTimes { get; }

    /// <summary>Every operation, stage by stage, each stage's in time order.</summary>
    public IReadOnlyList<PipelineOp> Ops { get; }

    /// <summary>Pipeline stages (pp).</summary>
    public int Stages => Step.Layout.Pp;

    /// <summary>Virtual stages per pipeline rank (vpp).</summary>
    public int VirtualStages => Step.Layout.Vpp;

    /// <summary>Micro-batches per step (m).</summary>
    public long MicroBatches => Step.MicroBatches;

    /// <summary>From the step's start until the last forward, backward or send ends (the simulated pipeline).</summary>
    public Duration PipelineTime { get; }

    /// <summary>The step's pipeline in closed form, as <see cref="TrainingStep.Time"/> counts it: compute plus bubble.</summary>
    public Duration ClosedFormPipelineTime => Step.ComputeTime + Step.BubbleTime;

    /// <summary>The simulated step: <see cref="PipelineTime"/>, then the exposed data-parallel communication and the optimizer.</summary>
    public Duration Makespan => PipelineTime + Step.ExposedDataParallel + Step.OptimizerTime;

    /// <summary>Schedules <paramref name="step"/> on <paramref name="model"/>'s stage times (the model that timed the step).</summary>
    public static PipelineSchedule Of(TrainingStepModel model, TrainingStep step)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(step);
        return Simulate(step, model.StageTimes(step.Layout));
    }

    /// <summary>Schedules <paramref name="step"/> with one <see cref="PipelineStageTime"/> per pipeline stage.</summary>
    /// <exception cref="ArgumentException"><paramref name="stages"/> does not have pp entries, m is not a multiple of pp with vpp above 1, or the schedule has more than <see cref="MaxPasses"/> passes.</exception>
    public static PipelineSchedule Simulate(TrainingStep step, IReadOnlyList<PipelineStageTime> stages)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(stages);
        var (pp, vpp, m) = (step.Layout.Pp, step.Layout.Vpp, step.MicroBatches);
        if (stages.Count != pp)
        {
            throw new ArgumentException($"expected {pp} stage times (one per pipeline stage), found {stages.Count}", nameof(stages));
        }

        if (m < 1 || (vpp > 1 && m % pp != 0))
        {
            throw new ArgumentException($"expected at least one micro-batch, a multiple of pp with vpp above 1, found {m}", nameof(step));
        }

        if (Passes(step) > MaxPasses)
        {
            throw new ArgumentException($"expected at most {MaxPasses} forward and backward passes, found {Passes(step)}", nameof(step));
        }

        var virtualStages = pp * vpp;
        var forwardEnd = new double[m * virtualStages];
        var backwardEnd = new double[m * virtualStages];
        Array.Fill(forwardEnd, double.NaN);
        Array.Fill(backwardEnd, double.NaN);
        var orders = new (bool Forward, long MicroBatch, int Chunk)[pp][];
        for (var r = 0; r < pp; r++)
        {
            orders[r] = Order(r, pp, vpp, m);
        }

        var perStage = new List<PipelineOp>[pp];
        var next = new int[pp];
        var free = new double[pp];
        for (var r = 0; r < pp; r++)
        {
            perStage[r] = new List<PipelineOp>(orders[r].Length * 2);
        }

        var remaining = pp;
        while (remaining > 0)
        {
            var progress = false;
            for (var r = 0; r < pp; r++)
            {
                var work = stages[r].Compute.TotalSeconds + stages[r].ModelParallelCommunication.TotalSeconds;
                var send = stages[r].PipelineSends.TotalSeconds / (2.0 * vpp);
                while (next[r] < orders[r].Length)
                {
                    var (forward, mb, chunk) = orders[r][next[r]];
                    var v = (chunk * pp) + r;
                    var ready = forward
                        ? (v == 0 ? 0 : forwardEnd[(mb * virtualStages) + v - 1])
                        : (v == virtualStages - 1 ? forwardEnd[(mb * virtualStages) + v] : backwardEnd[(mb * virtualStages) + v + 1]);
                    if (double.IsNaN(ready))
                    {
                        break;
                    }

                    var start = Math.Max(free[r], ready);
                    var compute = work / vpp * (forward ? 1.0 / 3 : 2.0 / 3);
                    perStage[r].Add(Op(r, forward ? PipelineOpKind.Forward : PipelineOpKind.Backward, mb, chunk, start, start + compute));
                    var end = start + compute;
                    if (send > 0)
                    {
                        perStage[r].Add(Op(r, forward ? PipelineOpKind.SendActivations : PipelineOpKind.SendGradients, mb, chunk, end, end + send));
                        end += send;
                    }

                    (forward ? forwardEnd : backwardEnd)[(mb * virtualStages) + v] = end;
                    free[r] = end;
                    next[r]++;
                    progress = true;
                    if (next[r] == orders[r].Length)
                    {
                        remaining--;
                    }
                }
            }

            if (!progress)
            {
                throw new InvalidOperationException("the pipeline schedule deadlocked (a bug in the schedule's order)");
            }
        }

        var drained = free.Max();
        var dataParallel = step.ExposedDataParallel.TotalSeconds;
        var optimizer = step.OptimizerTime.TotalSeconds;
        var ops = new List<PipelineOp>(perStage.Sum(s => s.Count) + (2 * pp));
        for (var r = 0; r < pp; r++)
        {
            ops.AddRange(perStage[r]);
            if (dataParallel > 0)
            {
                ops.Add(Op(r, PipelineOpKind.DataParallel, -1, -1, drained, drained + dataParallel));
            }

            if (optimizer > 0)
            {
                ops.Add(Op(r, PipelineOpKind.Optimizer, -1, -1, drained + dataParallel, drained + dataParallel + optimizer));
            }
        }

        return new PipelineSchedule(step, [.. stages], ops, Duration.FromSeconds(drained));
    }

    // Start and end rounded to the nanosecond each, so that an operation that starts when another ends starts at its end.
    private static PipelineOp Op(int stage, PipelineOpKind kind, long microBatch, int chunk, double start, double end) =>
        new(stage, kind, microBatch, chunk, Duration.FromSeconds(start), Duration.FromSeconds(end) - Duration.FromSeconds(start));

    // The order in which pipeline rank r runs its forwards and backwards (Megatron-LM's schedules).
    private static (bool Forward, long MicroBatch, int Chunk)[] Order(int r, int pp, int vpp, long m)
    {
        var total = m * vpp;
        var order = new (bool, long, int)[2 * total];
        var i = 0;
        long warmup = vpp == 1
            ? Math.Min(pp - r - 1, m)
            : m == pp ? total : Math.Min(((long)(pp - r - 1) * 2) + ((long)(vpp - 1) * pp), total);
        long forwards = 0, backwards = 0;
        for (; forwards < warmup; forwards++)
        {
            order[i++] = Op(true, forwards);
        }

        while (forwards < total)
        {
            order[i++] = Op(true, forwards++);
            order[i++] = Op(false, backwards++);
        }

        while (backwards < total)
        {
            order[i++] = Op(false, backwards++);
        }

        return order;

        // The k-th forward (or backward) of the rank: micro-batches go pp at a time through each model chunk in turn
        // (backwards through the chunks last to first).
        (bool, long, int) Op(bool forward, long k)
        {
            var group = k % ((long)pp * vpp);
            var chunk = (int)(group / pp);
            var microBatch = (k / ((long)pp * vpp) * pp) + (group % pp);
            if (vpp == 1)
            {
                (chunk, microBatch) = (0, k);
            }

            return (forward, microBatch, forward ? chunk : vpp - 1 - chunk);
        }
    }
}
