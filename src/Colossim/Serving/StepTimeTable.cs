using System.Runtime.CompilerServices;
using Colossim.Performance;
using Colossim.Units;

namespace Colossim.Serving;

/// <summary>
/// The time of one serving iteration, tabulated once from a <see cref="StepModel"/> and interpolated during a run, so
/// that the event loop never calls the model (which allocates) and a lookup costs a few array reads.
/// </summary>
/// <remarks>
/// <para>Four tables, each over grids of roughly geometric points (powers of two and their midpoints):</para>
/// <list type="bullet">
/// <item><b>decode</b> [decode sequences d, mean context c]: a decode step (<see cref="StepPhase.Decode"/>);</item>
/// <item><b>mixed</b> [prompt tokens t, decode sequences d]: a chunked-prefill step (<see cref="StepPhase.Mixed"/>) of
/// one first chunk of t tokens and d decode sequences at a short reference context, or a one-prompt prefill at d = 0;
/// another context adds the decode table's difference between it and the reference (the context only changes the
/// decode sequences' attention);</item>
/// <item><b>prefix</b> [t, prefix p]: what a chunk of t tokens costs more when it attends to p earlier tokens of its
/// prompt (a mixed step with one decode sequence, with and without the prefix);</item>
/// <item><b>prefill</b> [sequences n, tokens s]: a prefill of n prompts of s tokens each; several chunks in one step
/// take the difference between n prompts and one prompt of the same tokens.</item>
/// </list>
/// <para>A replica with expert parallelism (<see cref="AttentionRanks"/> above 1) runs attention data-parallel over
/// its ep ranks, each with its own sequences, in lockstep through the experts' all-to-alls (<see cref="Sharding"/>):
/// an iteration of the whole replica is timed as one rank's step with the iteration's work spread evenly, ⌈d / ep⌉
/// decode sequences and ⌈t / ep⌉ of its t prompt tokens in ⌈n / ep⌉ chunks (a prefill: ⌈n / ep⌉ prompts holding
/// 1 / ep of its tokens). That is exact for the experts' GEMMs and all-to-alls, which see every rank's tokens spread
/// over the experts, and optimistic for the attention and dense GEMMs of a rank holding a long prompt chunk alone
/// (their share of a MoE layer's work is small: Grok-1's attention GEMMs are about 7 % of its layer's GEMM FLOPs per token). The tables themselves hold one
/// rank's steps.</para>
/// <para>Every step is timed with the engine's kernels (<see cref="Implementation.Engine"/>) and replayed as a CUDA
/// graph, as serving engines run decode and (piecewise) mixed steps. Interpolation is multilinear in the grid values;
/// the error against calling the model directly is measured by <see cref="MeasureError"/> and stated in
/// <c>docs/metrics.md</c>. Memory is bounded by the grids: at most a few thousand entries.</para>
/// </remarks>
public sealed class StepTimeTable
{
    /// <summary>The decode context the mixed table is computed at; other contexts add the decode table's difference.</summary>
    private const int ReferenceContext = 16;

    private readonly int[] _tokens;
    private readonly int[] _decodes;
    private readonly int[] _contexts;
    private readonly int[] _sequences;
    private readonly int[] _lengths;
    private readonly double[] _mixed;
    private readonly double[] _decode;
    private readonly double[] _prefix;
    private readonly double[] _prefill;
    private readonly double[] _mixedPower;
    private readonly double[] _decodePower;
    private readonly double[] _prefillPower;
    private Colossim.Catalog.DataType _kvDtype;
    private double _hotExpertLoad = 1;

    private StepTimeTable(int[] tokens, int[] decodes, int[] contexts, int[] sequences, int[] lengths)
    {
        _tokens = tokens;
        _decodes = decodes;
        _contexts = contexts;
        _sequences = sequences;
        _lengths = lengths;
        _mixed = new double[tokens.Length * decodes.Length];
        _decode = new double[decodes.Length * contexts.Length];
        _prefix = new double[tokens.Length * contexts.Length];
        _prefill = new double[sequences.Length * lengths.Length];
        _mixedPower = new double[_mixed.Length];
        _decodePower = new double[_decode.Length];
        _prefillPower = new double[_prefill.Length];
    }

    /// <summary>The largest prompt tokens of one step the table covers (the token budget, or the longest prompt when larger).</summary>
    public int MaxTokens => _tokens[^1];

    /// <summary>The most decode sequences of one step the table covers.</summary>
    public int MaxDecodes => _decodes[^1];

    /// <summary>The longest context (cached tokens of one sequence) the table covers.</summary>
    public int MaxContext => _contexts[^1];

    /// <summary>
    /// Attention ranks of the replica (its expert-parallel degree), at least 1: an iteration's sequences and prompt
    /// chunks are spread over them and the iteration takes its busiest rank's step.
    /// </summary>
    public int AttentionRanks { get; private init; } = 1;

    /// <summary>Entries in the three tables together.</summary>
    public int Entries => _mixed.Length + _decode.Length + _prefix.Length + _prefill.Length;

    /// <summary>
    /// Builds the tables from <paramref name="model"/> for steps of up to <paramref name="maxTokens"/> prompt tokens,
    /// <paramref name="maxDecodes"/> decode sequences and contexts of up to <paramref name="maxContext"/> tokens.
    /// </summary>
    /// <param name="model">The step model of one replica (its sharding and communication included).</param>
    /// <param name="dtype">The GEMM data type of every step.</param>
    /// <param name="maxTokens">Prompt tokens of one step, 1 to 2^20.</param>
    /// <param name="maxDecodes">Decode sequences of one step, 1 to 2^16.</param>
    /// <param name="maxContext">Cached tokens of one sequence, 1 to 2^22.</param>
    /// <param name="layers">Layers each step runs (a pipeline stage's); <see langword="null"/> for all of the model's.</param>
    /// <exception cref="StepOutOfRangeException">A step is longer than a duration holds.</exception>
    /// <param name="power">
    /// The power per GPU while a step runs (watts), tabulated beside its time; <see langword="null"/> for none (zero).
    /// </param>
    /// <param name="kvDtype">The KV cache's data type (<see cref="StepRequest.KvDtype"/>): bf16 or fp8.</param>
    /// <param name="attentionRanks">
    /// The replica's attention ranks (<see cref="AttentionRanks"/>: its expert-parallel degree), 1 to 1,024; the
    /// other arguments describe one rank's steps (<paramref name="maxTokens"/> and <paramref name="maxDecodes"/> per rank).
    /// </param>
    /// <param name="hotExpertLoad">
    /// Mixture of experts: tokens of the busiest expert over the mean in every step (<see cref="StepRequest.HotExpertLoad"/>),
    /// 1 to <see cref="StepModel.MaxHotExpertLoad"/>; ignored for dense models.
    /// </param>
    public static StepTimeTable Build(StepModel model, Colossim.Catalog.DataType dtype, int maxTokens, int maxDecodes, int maxContext, int? layers = null, Func<StepPrediction, double>? power = null, Colossim.Catalog.DataType kvDtype = Colossim.Catalog.DataType.Bf16, int attentionRanks = 1, double hotExpertLoad = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attentionRanks, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(attentionRanks, 1024);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxTokens, 1 << 20);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDecodes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxDecodes, 1 << 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxContext, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxContext, 1 << 22);
        // Every grid has at least two points, so that every lookup has a segment.
        var tokens = Grid(1, 16, Math.Max(32, maxTokens));
        var decodes = Grid(0, 1, Math.Max(2, maxDecodes));
        var contexts = Grid(0, 16, Math.Max(32, maxContext));
        var sequences = Grid(1, 1, Math.Max(2, maxDecodes));
        var lengths = Grid(1, 16, Math.Max(32, Math.Max(maxTokens, maxContext)));
        var table = new StepTimeTable(tokens, decodes, contexts, sequences, lengths) { _kvDtype = kvDtype, _hotExpertLoad = hotExpertLoad, AttentionRanks = attentionRanks };
        table.Fill(model, dtype, layers, power ?? (_ => 0));
        return table;
    }

    /// <summary>
    /// The time of an iteration that runs <paramref name="promptTokens"/> prompt tokens in <paramref name="chunks"/>
    /// chunks (whose earlier prompt tokens average <paramref name="meanPrefix"/>) and one token for each of
    /// <paramref name="decodes"/> sequences (whose cached tokens average <paramref name="meanContext"/>). Allocates nothing.
    /// </summary>
    /// <param name="promptTokens">Prompt tokens in the step, 0 to <see cref="MaxTokens"/> (beyond: extrapolated).</param>
    /// <param name="chunks">Prompts the tokens belong to, at least 1 when <paramref name="promptTokens"/> is above 0.</param>
    /// <param name="meanPrefix">Token-weighted mean of the cached prompt tokens each chunk attends to, at least 0.</param>
    /// <param name="decodes">Decode sequences, 0 to <see cref="MaxDecodes"/>.</param>
    /// <param name="meanContext">Mean cached tokens of the decode sequences, at least 0.</param>
    /// <returns>The step's wall time; zero for an empty step.</returns>
    public Duration Step(int promptTokens, int chunks, double meanPrefix, int decodes, double meanContext) =>
        Step(promptTokens, chunks, meanPrefix, decodes, meanContext, out _);

    /// <summary>As <see cref="Step(int, int, double, int, double)"/>, with the power per GPU interpolated from the table (watts).</summary>
    internal Duration Step(int promptTokens, int chunks, double meanPrefix, int decodes, double meanContext, out double watts)
    {
        watts = 0;
        if (promptTokens <= 0 && decodes <= 0)
        {
            return Duration.Zero;
        }

        if (AttentionRanks > 1)
        {
            // One rank's share of the iteration spread evenly: decodes, prompt tokens and chunks.
            decodes = Busiest(decodes);
            if (promptTokens > 0)
            {
                promptTokens = Busiest(promptTokens);
                chunks = Busiest(Math.Max(1, chunks));
            }
        }

        return RankStep(promptTokens, chunks, meanPrefix, decodes, meanContext, out watts);
    }

    /// <summary>One attention rank's step, from the tables.</summary>
    private Duration RankStep(int promptTokens, int chunks, double meanPrefix, int decodes, double meanContext, out double watts)
    {
        double seconds;
        if (promptTokens <= 0)
        {
            seconds = Lookup2(_decode, _decodes, _contexts, decodes, meanContext);
            watts = Lookup2(_decodePower, _decodes, _contexts, decodes, meanContext);
        }
        else
        {
            seconds = Lookup2(_mixed, _tokens, _decodes, promptTokens, decodes);
            watts = Lookup2(_mixedPower, _tokens, _decodes, promptTokens, decodes);
            if (decodes > 0)
            {
                // The decode sequences' context only changes their attention: add the decode table's difference.
                seconds += Lookup2(_decode, _decodes, _contexts, decodes, meanContext) - Lookup2(_decode, _decodes, _contexts, decodes, ReferenceContext);
            }
        }

        if (promptTokens > 0)
        {
            if (chunks > 1)
            {
                // The mixed table holds one prompt of t tokens; several shorter prompts attend to fewer tokens.
                seconds += Prefill(chunks, (double)promptTokens / chunks) - Prefill(1, promptTokens);
            }

            if (meanPrefix > 0)
            {
                seconds += Lookup2(_prefix, _tokens, _contexts, promptTokens, meanPrefix);
            }
        }

        return Duration.FromSeconds(Math.Max(seconds, 0));
    }

    /// <summary>
    /// The iterations 1 to <paramref name="steps"/> − 1 of a decode run timed as a batch of <paramref name="batch"/>, of
    /// <paramref name="sequences"/> sequences whose cached tokens add up to <paramref name="contextSum"/> at iteration 0
    /// and grow by one each iteration: each
    /// iteration's time (× <paramref name="stages"/>, at least 1 ns) added to <paramref name="ends"/> after iteration 0's,
    /// and its power per GPU. Gives exactly what <see cref="Step(int, int, double, int, double, out double)"/> gives
    /// iteration by iteration, without its searches: the context only grows, so its grid segment is found by stepping.
    /// </summary>
    /// <remarks>Optimized from its first call (a loop run about 40 times per event of a replay): a cold process does not
    /// run it unoptimized until on-stack replacement catches up.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void DecodeRun(int batch, int sequences, double contextSum, int steps, int stages, long[] ends, double[] watts)
    {
        var (r0, wr) = Locate(_decodes, Busiest(batch));
        var nc = _contexts.Length;
        var grid = _contexts;
        var row = r0 * nc;
        var cursor = 0;
        var end = ends[0];
        for (var s = 1; s < steps; s++)
        {
            var c = (contextSum + ((double)s * sequences)) / sequences;
            while (cursor < nc - 2 && grid[cursor + 1] <= c)
            {
                cursor++;
            }

            var wc = (c - grid[cursor]) / (grid[cursor + 1] - grid[cursor]);
            var i = row + cursor;
            var t = _decode;
            var seconds = ((1 - wr) * (((1 - wc) * t[i]) + (wc * t[i + 1]))) + (wr * (((1 - wc) * t[i + nc]) + (wc * t[i + nc + 1])));
            var p = _decodePower;
            watts[s] = ((1 - wr) * (((1 - wc) * p[i]) + (wc * p[i + 1]))) + (wr * (((1 - wc) * p[i + nc]) + (wc * p[i + nc + 1])));
            end += Math.Max(1, Duration.FromSeconds(Math.Max(seconds, 0)).Nanoseconds * stages);
            ends[s] = end;
        }
    }

    /// <summary>The time of a prefill-only iteration of <paramref name="sequences"/> whole prompts of <paramref name="meanLength"/> tokens on average. Allocates nothing.</summary>
    /// <param name="sequences">Prompts, at least 1.</param>
    /// <param name="meanLength">Their mean length in tokens, at least 1.</param>
    public Duration PrefillStep(int sequences, double meanLength) => PrefillStep(sequences, meanLength, out _);

    /// <summary>As <see cref="PrefillStep(int, double)"/>, with the power per GPU (watts).</summary>
    internal Duration PrefillStep(int sequences, double meanLength, out double watts)
    {
        if (AttentionRanks == 1)
        {
            return RankPrefill(sequences, meanLength, out watts);
        }

        // One rank's share spread evenly: ⌈n / ep⌉ prompts holding 1 / ep of the tokens.
        var share = Busiest(Math.Max(1, sequences));
        return RankPrefill(share, Math.Max(1, meanLength * sequences / AttentionRanks / share), out watts);
    }

    private Duration RankPrefill(int sequences, double meanLength, out double watts)
    {
        watts = Lookup2(_prefillPower, _sequences, _lengths, sequences, meanLength);
        return Duration.FromSeconds(Math.Max(Prefill(sequences, meanLength), 0));
    }

    /// <summary>
    /// The interpolation error against <paramref name="model"/> at <paramref name="samples"/> points drawn uniformly
    /// in log space inside the table's ranges: chunked-prefill steps (one chunk with a prefix, with decodes), decode
    /// steps and multi-prompt prefills, each compared with the model's own prediction of the same step.
    /// </summary>
    /// <remarks>With several <see cref="AttentionRanks"/>, the points are one rank's steps.</remarks>
    /// <returns>The mean, 99th percentile and largest absolute relative error (fractions).</returns>
    public (double Mean, double P99, double Max) MeasureError(StepModel model, Colossim.Catalog.DataType dtype, Simulation.RandomStream random, int samples)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        var errors = new double[samples];
        for (var k = 0; k < samples; k++)
        {
            var kind = k % 3;
            var d = LogUniform(random, 1, MaxDecodes);
            var c = LogUniform(random, 16, MaxContext);
            var t = LogUniform(random, 16, MaxTokens);
            StepRequest request;
            Duration table;
            if (kind == 0)
            {
                var p = random.Next(2) == 0 ? 0 : LogUniform(random, 16, MaxContext);
                request = new StepRequest { Phase = StepPhase.Mixed, Batch = d, Context = c, Chunk = t, ChunkPrefix = p, Dtype = dtype, CudaGraph = true, Implementation = Implementation.Engine, KvDtype = _kvDtype, HotExpertLoad = _hotExpertLoad };
                table = RankStep(t, 1, p, d, c, out _);
            }
            else if (kind == 1)
            {
                request = new StepRequest { Phase = StepPhase.Decode, Batch = d, Context = c, Dtype = dtype, CudaGraph = true, Implementation = Implementation.Engine, KvDtype = _kvDtype, HotExpertLoad = _hotExpertLoad };
                table = RankStep(0, 0, 0, d, c, out _);
            }
            else
            {
                var n = LogUniform(random, 1, _sequences[^1]);
                var s = LogUniform(random, 16, Math.Max(16, _lengths[^1] / n));
                request = new StepRequest { Phase = StepPhase.Prefill, Batch = n, SeqLen = s, Dtype = dtype, CudaGraph = true, Implementation = Implementation.Engine, KvDtype = _kvDtype, HotExpertLoad = _hotExpertLoad };
                table = RankPrefill(n, s, out _);
            }

            var truth = model.Predict(request).Time.TotalSeconds;
            errors[k] = Math.Abs((table.TotalSeconds / truth) - 1);
        }

        Array.Sort(errors);
        var sum = 0.0;
        foreach (var e in errors)
        {
            sum += e;
        }

        return (sum / samples, errors[Math.Min(samples - 1, (int)Math.Ceiling(0.99 * samples) - 1)], errors[^1]);
    }

    /// <summary>One attention rank's share of <paramref name="count"/> sequences, chunks or tokens spread evenly: ⌈count / ranks⌉.</summary>
    private int Busiest(int count) => AttentionRanks == 1 ? count : (int)(((long)count + AttentionRanks - 1) / AttentionRanks);

    private static int LogUniform(Simulation.RandomStream random, int min, int max) =>
        max <= min ? min : (int)Math.Round(Math.Exp(random.Uniform(Math.Log(min), Math.Log(max))));

    /// <summary>0 (when <paramref name="start"/> is 0), then first (then 1 when start is 1 and first is larger), and points at ×1.5 and ×2 of each power of two up to max (always included).</summary>
    private static int[] Grid(int start, int first, int max)
    {
        var points = new List<int>();
        if (start == 0)
        {
            points.Add(0);
        }
        else if (first > 1)
        {
            points.Add(1);
        }

        for (long p = first; p < max; p *= 2)
        {
            points.Add((int)p);
            var mid = p + (p / 2);
            if (p >= 2 && mid < max)
            {
                points.Add((int)mid);
            }
        }

        if (points.Count == 0 || points[^1] != max)
        {
            points.Add(max);
        }

        return [.. points];
    }

    private void Fill(StepModel model, Colossim.Catalog.DataType dtype, int? layers, Func<StepPrediction, double> power)
    {
        var nd = _decodes.Length;
        var nc = _contexts.Length;
        var nl = _lengths.Length;
        StepRequest Request(StepPhase phase) => new() { Phase = phase, Dtype = dtype, CudaGraph = true, Implementation = Implementation.Engine, Layers = layers, KvDtype = _kvDtype, HotExpertLoad = _hotExpertLoad };
        void Put(double[] times, double[] watts, int index, StepRequest? r)
        {
            if (r is null)
            {
                return;
            }

            var p = model.Predict(r);
            times[index] = p.Time.TotalSeconds;
            watts[index] = power(p);
        }

        // One work item per row of each table, in parallel (the step model is thread-safe).
        var rows = _tokens.Length + nd + _sequences.Length;
        Parallel.For(0, rows, row =>
        {
            if (row < _tokens.Length)
            {
                var t = _tokens[row];
                for (var di = 0; di < nd; di++)
                {
                    var d = _decodes[di];
                    Put(_mixed, _mixedPower, (row * nd) + di, d == 0
                        ? Request(StepPhase.Prefill) with { Batch = 1, SeqLen = t }
                        : Request(StepPhase.Mixed) with { Batch = d, Context = ReferenceContext, Chunk = t });
                }

                var first = Request(StepPhase.Mixed) with { Batch = 1, Context = ReferenceContext, Chunk = t };
                var without = model.Predict(first).Time.TotalSeconds;
                for (var ci = 0; ci < nc; ci++)
                {
                    var p = _contexts[ci];
                    _prefix[(row * nc) + ci] = p == 0 ? 0 : model.Predict(first with { ChunkPrefix = p }).Time.TotalSeconds - without;
                }
            }
            else if (row < _tokens.Length + nd)
            {
                var di = row - _tokens.Length;
                for (var ci = 0; ci < nc; ci++)
                {
                    Put(_decode, _decodePower, (di * nc) + ci, _decodes[di] == 0 ? null : Request(StepPhase.Decode) with { Batch = _decodes[di], Context = _contexts[ci] });
                }
            }
            else
            {
                var ni = row - _tokens.Length - nd;
                for (var li = 0; li < nl; li++)
                {
                    Put(_prefill, _prefillPower, (ni * nl) + li, Request(StepPhase.Prefill) with { Batch = _sequences[ni], SeqLen = _lengths[li] });
                }
            }
        });
    }

    private double Prefill(int n, double s) => Lookup2(_prefill, _sequences, _lengths, n, s);

    private static double Lookup2(double[] table, int[] rows, int[] columns, double r, double c)
    {
        var (r0, wr) = Locate(rows, r);
        var (c0, wc) = Locate(columns, c);
        var nc = columns.Length;
        var i = (r0 * nc) + c0;
        return ((1 - wr) * (((1 - wc) * table[i]) + (wc * table[i + 1])))
            + (wr * (((1 - wc) * table[i + nc]) + (wc * table[i + nc + 1])));
    }

    /// <summary>The segment [i, i+1] of <paramref name="grid"/> holding x and x's weight towards i+1; beyond either end, the end segment extrapolated.</summary>
    private static (int Index, double Weight) Locate(int[] grid, double x)
    {
        int lo = 0, hi = grid.Length - 2;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >> 1;
            if (grid[mid] <= x)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return (lo, (x - grid[lo]) / (grid[lo + 1] - grid[lo]));
    }
}
