using System.Diagnostics;
using Colossim.Units;

namespace Colossim.Training;

/// <summary>What a layout search found: the layouts ranked, and how many it evaluated in how long.</summary>
public sealed record LayoutSearchResult
{
    /// <summary>The best layouts, best first: those that fit by throughput (then memory headroom), then those that do not fit by memory needed.</summary>
    public required IReadOnlyList<TrainingStep> Ranked { get; init; }

    /// <summary>Layouts evaluated (timed and sized): every valid combination of the degrees, micro-batch, recomputation, sequence parallelism and ZeRO stage.</summary>
    public required long LayoutsEvaluated { get; init; }

    /// <summary>Distinct step shapes the performance model timed.</summary>
    public required int ShapesTimed { get; init; }

    /// <summary>Wall time of the search.</summary>
    public required Duration Wall { get; init; }

    /// <summary>The best layout that fits, or <see langword="null"/> when none does.</summary>
    public TrainingStep? Best => Ranked.Count > 0 && Ranked[0].Memory.Fits ? Ranked[0] : null;
}

/// <summary>
/// Enumerates every valid layout of a job and ranks them. The space: tp a power of two dividing the heads within the
/// scale-up domain (tensor parallelism across domains is never faster); cp a power of two with 2 × cp dividing the
/// sequence, at most 32; pp any count of at most the layers leaving a whole dp; ep (mixture-of-experts models) a divisor
/// of the experts and of dp × cp; vpp up to 8 where the layers allow; micro-batch a divisor of the sequences per
/// data-parallel rank up to 16; recomputation none, selective, full; sequence parallelism on and off when tp is above 1;
/// ZeRO stages 0 to 3. Each layout is timed and sized by <see cref="TrainingStepModel"/>, whose predictions are cached
/// per distinct shape, so a layout costs arithmetic only.
/// </summary>
public static class LayoutSearch
{
    /// <summary>Micro-batches larger than this are not tried (unless fixed).</summary>
    public const int MaxMicroBatch = 16;

    /// <summary>Virtual pipeline stages above this are not tried.</summary>
    public const int MaxVpp = 8;

    /// <summary>Context-parallel degrees above this are not tried.</summary>
    public const int MaxCp = 32;

    /// <summary>
    /// Searches every layout of <paramref name="model"/>'s job that keeps what <paramref name="fixedTo"/> fixes (none by
    /// default); keeps the best <paramref name="keep"/>.
    /// </summary>
    public static LayoutSearchResult Search(TrainingStepModel model, int keep = 10, LayoutConstraints? fixedTo = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var c = fixedTo ?? LayoutConstraints.None;
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, 1);
        var clock = Stopwatch.StartNew();
        var job = model.Job;
        var spec = job.Model;
        var best = new List<TrainingStep>();
        long evaluated = 0;
        var domain = Math.Max(1, model.Topology.GpusPerScaleUpDomain);
        foreach (var tp in Candidates(c.Tp, Math.Min(domain, spec.AttentionHeads)))
        {
            if (job.Gpus % tp != 0 || new ParallelLayout { Tp = tp, Dp = 1 }.ToSharding().Check(spec).Count > 0)
            {
                continue;
            }

            foreach (var cp in Candidates(c.Cp, MaxCp))
            {
                if (job.Gpus % ((long)tp * cp) != 0 || (cp > 1 && job.SeqLen % (2L * cp) != 0))
                {
                    continue;
                }

                for (var pp = 1; pp <= spec.Layers; pp++)
                {
                    var rest = job.Gpus / ((long)tp * cp);
                    if (!Keeps(c.Pp, pp) || rest % pp != 0 || rest / pp > int.MaxValue)
                    {
                        continue;
                    }

                    var dp = (int)(rest / pp);
                    if (job.Sequences % dp != 0 || !Keeps(c.Dp, dp))
                    {
                        continue;
                    }

                    cancel.ThrowIfCancellationRequested();
                    evaluated += SearchInner(model, c, tp, cp, pp, dp, best, keep);
                }
            }
        }

        clock.Stop();
        return new LayoutSearchResult { Ranked = best, LayoutsEvaluated = evaluated, ShapesTimed = model.ShapesTimed, Wall = Duration.FromSeconds(clock.Elapsed.TotalSeconds) };
    }

    // Powers of two up to max, or only the fixed value.
    private static IEnumerable<int> Candidates(int? fixedTo, int max)
    {
        if (fixedTo is { } f)
        {
            yield return f;
            yield break;
        }

        for (var v = 1; v <= max; v *= 2)
        {
            yield return v;
        }
    }

    private static bool Keeps<T>(T? fixedTo, T value)
        where T : struct => fixedTo is not { } f || EqualityComparer<T>.Default.Equals(f, value);

    private static long SearchInner(TrainingStepModel model, LayoutConstraints c, int tp, int cp, int pp, int dp, List<TrainingStep> best, int keep)
    {
        var job = model.Job;
        var spec = job.Model;
        long evaluated = 0;
        var perRank = job.Sequences / dp;
        var minStage = spec.Layers / pp;
        for (var ep = 1; ep <= (spec.IsMixtureOfExperts ? spec.Experts : 1); ep++)
        {
            if (!Keeps(c.Ep, ep) || (ep > 1 && (spec.Experts % ep != 0 || ((long)dp * cp) % ep != 0)))
            {
                continue;
            }

            for (var mb = 1; mb <= Math.Min(Math.Max(MaxMicroBatch, c.MicroBatch ?? 0), perRank); mb++)
            {
                if (perRank % mb != 0 || !Keeps(c.MicroBatch, mb))
                {
                    continue;
                }

                var m = perRank / mb;
                for (var vpp = 1; vpp <= (pp > 1 ? Math.Min(Math.Max(MaxVpp, c.Vpp ?? 0), minStage) : 1); vpp++)
                {
                    if ((vpp > 1 && m % pp != 0) || !Keeps(c.Vpp, vpp))
                    {
                        continue;
                    }

                    for (var r = Recomputation.None; r <= Recomputation.Full; r++)
                    {
                        if (!Keeps(c.Recompute, r))
                        {
                            continue;
                        }

                        for (var sp = tp > 1 ? 1 : 0; sp >= 0; sp--)
                        {
                            if (!Keeps(c.SequenceParallel, sp == 1) && tp > 1)
                            {
                                continue;
                            }

                            for (var z = ZeroStage.None; z <= ZeroStage.Parameters; z++)
                            {
                                if (!Keeps(c.Zero, z))
                                {
                                    continue;
                                }

                                var layout = new ParallelLayout { Tp = tp, Pp = pp, Cp = cp, Dp = dp, Ep = ep, Vpp = vpp, MicroBatch = mb, Recompute = r, SequenceParallel = sp == 1, Zero = z };
                                Offer(best, model.Evaluate(layout), keep);
                                evaluated++;
                            }
                        }
                    }
                }
            }
        }

        return evaluated;
    }

    /// <summary>Whether <paramref name="a"/> ranks before <paramref name="b"/>: one that fits before one that does not; among those that fit, higher throughput, then more headroom; among those that do not, less memory.</summary>
    public static bool IsBetter(TrainingStep a, TrainingStep b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Memory.Fits != b.Memory.Fits)
        {
            return a.Memory.Fits;
        }

        if (!a.Memory.Fits)
        {
            return a.Memory.Total < b.Memory.Total;
        }

        return a.TokensPerSecond != b.TokensPerSecond ? a.TokensPerSecond > b.TokensPerSecond : a.Memory.Headroom > b.Memory.Headroom;
    }

    private static void Offer(List<TrainingStep> best, TrainingStep step, int keep)
    {
        if (best.Count == keep && !IsBetter(step, best[^1]))
        {
            return;
        }

        var at = best.Count;
        while (at > 0 && IsBetter(step, best[at - 1]))
        {
            at--;
        }

        best.Insert(at, step);
        if (best.Count > keep)
        {
            best.RemoveAt(best.Count - 1);
        }
    }
}

/// <summary>What a layout search keeps fixed: each knob given here is not searched (<see langword="null"/>: searched).</summary>
public sealed record LayoutConstraints
{
    /// <summary>Nothing fixed.</summary>
    public static LayoutConstraints None { get; } = new();

    /// <summary>Tensor-parallel degree.</summary>
    public int? Tp { get; init; }

    /// <summary>Pipeline-parallel degree.</summary>
    public int? Pp { get; init; }

    /// <summary>Context-parallel degree.</summary>
    public int? Cp { get; init; }

    /// <summary>Data-parallel degree.</summary>
    public int? Dp { get; init; }

    /// <summary>Expert-parallel degree.</summary>
    public int? Ep { get; init; }

    /// <summary>Virtual pipeline stages per rank.</summary>
    public int? Vpp { get; init; }

    /// <summary>Sequences per micro-batch.</summary>
    public int? MicroBatch { get; init; }

    /// <summary>Recomputation.</summary>
    public Recomputation? Recompute { get; init; }

    /// <summary>Sequence parallelism (with tp above 1).</summary>
    public bool? SequenceParallel { get; init; }

    /// <summary>ZeRO stage.</summary>
    public ZeroStage? Zero { get; init; }
}
