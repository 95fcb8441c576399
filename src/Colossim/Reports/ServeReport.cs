using System.Globalization;
using System.Text.Json.Nodes;
using Colossim.Documents;
using Colossim.Serving;
using Colossim.Units;

namespace Colossim.Reports;

/// <summary>
/// What <c>colossim serve</c> shows: the JSON contract (keys defined here only; latencies in milliseconds, shares 0-1)
/// and the text blocks. Definitions of every metric are in <c>docs/metrics.md</c>.
/// </summary>
public static class ServeReport
{
    /// <summary>The JSON document of a run; <paramref name="wallSeconds"/> is the run's wall time as measured by the caller.</summary>
    public static JsonObject Json(ServingResult result, double wallSeconds)
    {
        ArgumentNullException.ThrowIfNull(result);
        var s = result.Setup;
        var d = s.Deployment;
        var e = s.Engine;
        var json = new JsonObject
        {
            ["output_tokens_per_s"] = result.OutputTokensPerSecond,
            ["input_tokens_per_s"] = result.InputTokensPerSecond,
            ["requests_per_s"] = result.RequestsPerSecond,
            ["ttft_ms"] = Latency(result.Ttft),
            ["tpot_ms"] = Latency(result.Tpot),
            ["itl_ms"] = Latency(result.Itl),
            ["e2e_ms"] = Latency(result.E2e),
            ["scheduling_delay_ms"] = Latency(result.SchedulingDelay),
            ["slo_attainment"] = result.SloAttainment,
            ["slo"] = s.Slo is { } slo
                ? new JsonObject { ["ttft_ms"] = Ms(slo.TtftP99), ["tpot_ms"] = Ms(slo.TpotP99) }
                : null,
            ["gpus"] = result.Gpus,
            ["deployment"] = new JsonObject
            {
                ["model"] = d?.Model,
                ["gpu"] = d?.Gpu,
                ["tp"] = d?.Tp ?? s.GpusPerReplica,
                ["pp"] = d?.Pp ?? e.PipelineStages,
                ["ep"] = d?.Ep ?? e.Steps.AttentionRanks,
                ["replicas"] = s.Replicas,
                ["scheduler"] = EnumNames.Of(e.Scheduler),
                ["router"] = EnumNames.Of(s.Router),
                ["kv_admission"] = EnumNames.Of(e.Admission),
                ["dtype"] = d?.Dtype,
                ["kv_dtype"] = d?.KvDtype,
                ["max_batch"] = e.MaxBatch,
                ["token_budget"] = e.TokenBudget,
                ["block_size"] = e.BlockSize,
                ["kv_blocks_per_replica"] = e.KvBlocks,
            },
            ["traffic"] = d?.Traffic,
            ["cost_per_million_output_tokens_usd"] = result.CostPerMillionOutputTokens.Dollars,
            ["usd_per_gpu_hour"] = s.UsdPerGpuHour.Dollars,
            ["usd_per_gpu_hour_source"] = d?.PriceSource,
            ["energy_j_per_output_token"] = result.EnergyPerOutputToken.Joules,
            ["gpu_board_energy_j_per_output_token"] = result.BoardEnergyPerOutputToken.Joules,
            ["pue"] = s.Pue,
            ["kv_cache_use"] = result.KvCacheUse,
            ["kv_cache_peak"] = result.KvCachePeak,
            ["gpu_busy"] = result.GpuBusy,
            ["requests"] = new JsonObject
            {
                ["arrived"] = result.Arrived,
                ["completed"] = result.Completed,
                ["rejected"] = result.Rejected,
                ["running"] = result.Running,
                ["preemptions"] = result.Preemptions,
            },
            ["tokens"] = new JsonObject { ["input"] = result.InputTokens, ["output"] = result.OutputTokens },
            ["sim"] = new JsonObject
            {
                ["events"] = result.Events,
                ["iterations"] = result.Iterations,
                ["simulated_s"] = result.Makespan.TotalSeconds,
                ["wall_s"] = wallSeconds,
            },
        };
        if (result.Disaggregation is { } split && json["deployment"] is JsonObject deployment)
        {
            // Only a disaggregated run has this key, so that colocated runs' documents stay as they were.
            deployment["disaggregation"] = DisaggregationJson(split);
        }

        if (Sampled(result))
        {
            // Only a sampled run has this key, so that full runs' documents stay as they were.
            json["sample"] = new JsonObject
            {
                ["simulated_replicas"] = result.SimulatedReplicas,
                ["replicas"] = s.Replicas,
                ["scale"] = s.Replicas / (double)result.SimulatedReplicas,
            };
        }

        if (result.PrefixCache is { } prefix)
        {
            // Only a run with prefix caching has this key.
            json["prefix_cache"] = new JsonObject
            {
                ["hit_rate"] = prefix.HitRate,
                ["hit_tokens"] = prefix.HitTokens,
                ["prompt_tokens"] = prefix.PromptTokens,
                ["hit_blocks"] = prefix.HitBlocks,
                ["evicted_blocks"] = prefix.EvictedBlocks,
                ["block_tokens"] = prefix.BlockTokens,
            };
        }

        return json;
    }

    /// <summary>Whether <paramref name="result"/> simulated fewer replicas than the fleet has (its totals scaled up).</summary>
    private static bool Sampled(ServingResult result) => result.SimulatedReplicas > 0 && result.SimulatedReplicas < result.Setup.Replicas;

    /// <summary>The text report: the deployment, throughput, a latency table, SLO, cost, energy and the run's counts.</summary>
    public static IReadOnlyList<ReportBlock> Text(ServingResult result, double wallSeconds)
    {
        ArgumentNullException.ThrowIfNull(result);
        var s = result.Setup;
        var d = s.Deployment;
        var e = s.Engine;
        var what = d is null ? "" : I($"{d.Model} on {Figures.Whole(result.Gpus)} × {d.Gpu} ({d.Dtype}{(d.KvDtype == "fp8" ? ", fp8 KV cache" : "")}): ");
        var latency = new ReportTableBuilder()
            .Column("latency (ms)", ColumnAlignment.Left)
            .Column("mean", ColumnAlignment.Right)
            .Column("p50", ColumnAlignment.Right)
            .Column("p90", ColumnAlignment.Right)
            .Column("p99", ColumnAlignment.Right);
        void Row(string name, LatencySummary l) => latency.Row(name, Ms3(l.Mean), Ms3(l.P50), Ms3(l.P90), Ms3(l.P99));
        Row("time to first token", result.Ttft);
        Row("time per output token", result.Tpot);
        Row("inter-token latency", result.Itl);
        Row("end to end", result.E2e);
        Row("scheduling delay", result.SchedulingDelay);
        var sampled = Sampled(result)
            ? I($"sampled: {Figures.Whole(result.SimulatedReplicas)} of {Figures.Whole(s.Replicas)} replicas simulated with the requests round-robin sends them; counts, tokens and energy scaled by {Figures.Number(Figures.Significant(s.Replicas / (double)result.SimulatedReplicas))}, latencies and shares as simulated")
            : null;
        var slo = s.Slo is null ? "no SLO given" : I($"SLO attainment {Figures.Percent(result.SloAttainment)} (TTFT ≤ {Show(s.Slo.TtftP99)}, TPOT ≤ {Show(s.Slo.TpotP99)})");
        List<ReportBlock> blocks =
        [
            new ReportText(I($"{what}{s.Replicas} {(s.Replicas == 1 ? "replica" : "replicas")} of tp {d?.Tp ?? s.GpusPerReplica}{(d is { Ep: > 1 } ? I($" × ep {d.Ep}") : "")} × pp {e.PipelineStages}, {EnumNames.Of(e.Scheduler)} scheduler, {EnumNames.Of(s.Router)} router"), Strong: true),
            new ReportText(d is null ? "" : I($"traffic: {d.Traffic}")),
            new ReportText(I($"throughput: {Figures.Whole(result.OutputTokensPerSecond)} output tokens/s, {Figures.Whole(result.InputTokensPerSecond)} input tokens/s, {Figures.Number(Figures.Significant(result.RequestsPerSecond))} requests/s over {Figures.Number(Figures.Significant(result.Makespan.TotalSeconds))} s simulated")),
            latency.Build(),
            new ReportText(slo),
            new ReportText(I($"cost: ${result.CostPerMillionOutputTokens.Dollars:0.###} per million output tokens at ${s.UsdPerGpuHour.Dollars:0.###}/GPU-hour ({d?.PriceSource ?? "given"}); energy {result.EnergyPerOutputToken.Joules:0.###} J per output token (GPU boards {result.BoardEnergyPerOutputToken.Joules:0.###} J, with the servers' rest and PUE {s.Pue:0.##})")),
            new ReportText(I($"KV cache: {Figures.Percent(result.KvCacheUse)} used on average, {Figures.Percent(result.KvCachePeak)} at peak ({Figures.Whole(e.KvBlocks)} blocks of {e.BlockSize} tokens per replica); GPUs busy {Figures.Percent(result.GpuBusy)}")),
            new ReportText(I($"requests: {Figures.Whole(result.Arrived)} arrived, {Figures.Whole(result.Completed)} completed, {Figures.Whole(result.Rejected)} rejected, {Figures.Whole(result.Running)} running; {Figures.Whole(result.Preemptions)} preemptions")),
            new ReportText(I($"simulation: {Figures.Whole(result.Iterations)} iterations, {Figures.Whole(result.Events)} events in {wallSeconds:0.###} s")),
        ];
        if (sampled is not null)
        {
            blocks.Insert(2, new ReportText(sampled));
        }

        if (d is { Ep: > 1 })
        {
            // Only an expert-parallel run has this line, so that other runs' text stays as it was.
            blocks.Insert(blocks.Count - 3, new ReportText(I($"expert parallelism: experts over {d.Ep} ranks of {d.Tp} GPUs, attention data-parallel over them; {d.WeightsPerGpu.ToDisplayString()} of weights per GPU")));
        }

        if (result.PrefixCache is { } prefix)
        {
            blocks.Insert(blocks.Count - 2, new ReportText(I($"prefix cache: {Figures.Percent(prefix.HitRate)} of prompt tokens reused ({Figures.Whole(prefix.HitTokens)} of {Figures.Whole(prefix.PromptTokens)}; {Figures.Whole(prefix.HitBlocks)} blocks of {prefix.BlockTokens} tokens hit, {Figures.Whole(prefix.EvictedBlocks)} evicted)")));
        }

        if (result.Disaggregation is { } split)
        {
            blocks.Insert(1, new ReportText(DisaggregationText(split)));
        }

        return blocks;
    }

    /// <summary>The JSON of a rate search: the run at the highest rate meeting the SLOs, with <c>max_rate_meeting_slo</c> (requests/s) and <c>search</c>.</summary>
    public static JsonObject SearchJson(RateSearchResult search, double wallSeconds)
    {
        ArgumentNullException.ThrowIfNull(search);
        var json = Json(search.Run, wallSeconds);
        json["max_rate_meeting_slo"] = search.MaxRate;
        json["search"] = new JsonObject
        {
            ["deployments_evaluated"] = search.DeploymentsEvaluated,
            ["rates_evaluated"] = search.RatesEvaluated,
            ["wall_s"] = wallSeconds,
        };
        if (search.Ratios.Count > 0 && json["search"] is JsonObject searched)
        {
            var ratios = new JsonArray();
            foreach (var r in search.Ratios)
            {
                ratios.Add((JsonNode)new JsonObject { ["prefill_replicas"] = r.Prefill, ["decode_replicas"] = r.Decode, ["max_rate_meeting_slo"] = r.MaxRate });
            }

            searched["ratios"] = ratios;
        }

        return json;
    }

    /// <summary>The text of a rate search: the rate found, then the run at it.</summary>
    public static IReadOnlyList<ReportBlock> SearchText(RateSearchResult search, double wallSeconds)
    {
        ArgumentNullException.ThrowIfNull(search);
        var line = search.MaxRate > 0
            ? I($"highest Poisson rate meeting the SLOs: {Figures.Number(Figures.Significant(search.MaxRate))} requests/s ({Figures.Whole(search.Run.OutputTokensPerSecond)} output tokens/s); {search.RatesEvaluated} runs")
            : I($"no rate tried meets the SLOs ({search.RatesEvaluated} runs); the run below is at the lowest rate tried");
        if (search.Ratios.Count > 0)
        {
            var table = new ReportTableBuilder()
                .Column("prefill:decode", ColumnAlignment.Left)
                .Column("max rate meeting SLOs (req/s)", ColumnAlignment.Right);
            foreach (var r in search.Ratios)
            {
                table.Row(I($"{r.Prefill}:{r.Decode}"), Figures.Number(Figures.Significant(r.MaxRate)));
            }

            return [new ReportText(line, Strong: true), table.Build(), .. Text(search.Run, wallSeconds)];
        }

        return [new ReportText(line, Strong: true), .. Text(search.Run, wallSeconds)];
    }

    /// <summary>The <c>deployment.disaggregation</c> object: the pools, the KV transfers (milliseconds) and bytes per request.</summary>
    private static JsonObject DisaggregationJson(DisaggregationResult split) => new()
    {
        ["prefill_replicas"] = split.PrefillReplicas,
        ["decode_replicas"] = split.DecodeReplicas,
        ["kv_transfer_ms"] = new JsonObject { ["mean"] = Ms(split.KvTransfer.Mean), ["p50"] = Ms(split.KvTransfer.P50), ["p99"] = Ms(split.KvTransfer.P99) },
        ["transfer_wait_ms"] = new JsonObject { ["mean"] = Ms(split.TransferWait.Mean), ["p50"] = Ms(split.TransferWait.P50), ["p99"] = Ms(split.TransferWait.P99) },
        ["kv_bytes_per_request"] = split.KvBytesPerRequest.Value,
        ["transfers"] = split.Transfers,
        ["prefill_busy"] = split.PrefillBusy,
        ["decode_busy"] = split.DecodeBusy,
    };

    /// <summary>The text row of a disaggregated run: the pools, their busy shares and the KV transfers.</summary>
    private static string DisaggregationText(DisaggregationResult split) =>
        I($"disaggregated: {split.PrefillReplicas} prefill and {split.DecodeReplicas} decode {(split.DecodeReplicas == 1 ? "replica" : "replicas")} (busy {Figures.Percent(split.PrefillBusy)} and {Figures.Percent(split.DecodeBusy)}); KV transfer {Ms3(split.KvTransfer.Mean)} ms mean, {Ms3(split.KvTransfer.P99)} ms p99, {new Bytes(split.KvBytesPerRequest.Value).ToDisplayString()} per request; waiting for the decode side {Ms3(split.TransferWait.Mean)} ms mean, {Ms3(split.TransferWait.P99)} ms p99");

    /// <summary>The Markdown table of the serving validation (docs/validation.md), every row, then the mean absolute error per source.</summary>
    public static string ValidationMarkdown(IReadOnlyList<ServingValidationRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var text = new System.Text.StringBuilder();
        text.Append("| source | model | GPUs | tp | dtype | scenario | ISL/OSL | measured tok/s | simulated tok/s | error | note |\n");
        text.Append("|---|---|---:|---:|---|---|---|---:|---:|---:|---|\n");
        foreach (var r in rows)
        {
            var c = r.Case;
            var lengths = I($"{c.InputLen}/{c.OutputLen}{(c.Spread ? " (±80 %)" : "")}");
            var predicted = r.Predicted is { } p ? Figures.Whole(p) : "-";
            var error = r.Error is { } e ? I($"{e * 100:+0.0;-0.0;0.0}%") : "-";
            text.Append(I($"| {c.Source} | {c.Model} | {c.Gpus} × {c.Gpu} | {c.Tp} | {c.Dtype} | {c.Scenario} | {lengths} | {Figures.Whole(c.Measured)} | {predicted} | {error} | {r.Note ?? ""} |\n"));
        }

        text.Append('\n');
        foreach (var group in rows.Where(r => r.Error is not null).GroupBy(r => r.Case.Source))
        {
            var errors = group.Select(r => Math.Abs(r.Error!.Value)).ToList();
            text.Append(I($"- {group.Key}: {errors.Count} rows, mean absolute error {errors.Average() * 100:0.0}%, largest {errors.Max() * 100:0.0}%, {errors.Count(x => x <= 0.15)} within 15%\n"));
        }

        return text.ToString();
    }

    /// <summary>
    /// The Chrome/Perfetto trace of a run's recorded iterations (<see cref="ServingResult.Timeline"/>): one track per
    /// replica, each iteration named <c>prefill</c> (prompt chunks only), <c>decode</c> (decode tokens only) or
    /// <c>mixed</c>, with its prompt tokens and decode sequences.
    /// </summary>
    public static ChromeTrace Timeline(ServingResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var trace = new ChromeTrace();
        var named = -1;
        foreach (var it in result.Timeline)
        {
            if (it.Replica != named)
            {
                named = it.Replica;
                trace.NameProcess(it.Replica, I($"replica {it.Replica}"), it.Replica);
                trace.NameThread(it.Replica, 0, "iterations");
            }

            var name = it.PromptTokens == 0 ? "decode" : it.Decodes == 0 ? "prefill" : "mixed";
            trace.Complete(name, name, new Duration(it.StartNanoseconds), new Duration(it.DurationNanoseconds), it.Replica, 0,
                [new("prompt_tokens", it.PromptTokens.ToString(CultureInfo.InvariantCulture)), new("decodes", it.Decodes.ToString(CultureInfo.InvariantCulture))]);
        }

        return trace;
    }

    /// <summary>
    /// The Markdown of the SplitwiseSim validation (docs/validation.md): every measured point with its prefill and mean
    /// decode iteration, measured and predicted (milliseconds) and their errors, then the errors summed up per
    /// hardware and phase; <paramref name="derived"/> rows of derived hardware are counted, not compared.
    /// </summary>
    public static string SplitwiseMarkdown(IReadOnlyList<SplitwiseRow> rows, int derived)
    {
        ArgumentNullException.ThrowIfNull(rows);
        static string Pct(double? e) => e is { } x ? I($"{x * 100:+0.0;-0.0;0.0}%") : "-";
        static string Ms(double? v) => v is { } x ? I($"{x:0.0}") : "-";
        var text = new System.Text.StringBuilder();
        text.Append("| hardware | tp | prompt | batch | output | runs | prefill measured (ms) | simulated | error | decode step measured (ms) | simulated | error | note |\n");
        text.Append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        foreach (var r in rows)
        {
            var p = r.Point;
            text.Append(I($"| {p.Hardware} | {p.Tp} | {p.Prompt} | {p.Batch} | {p.Tokens} | {p.Repetitions} | {Ms(p.PrefillMs)} | {Ms(r.PrefillMs)} | {Pct(r.PrefillError)} | {Ms(p.DecodeMs)} | {Ms(r.DecodeMs)} | {Pct(r.DecodeError)} | {r.Note ?? ""} |\n"));
        }

        text.Append('\n');
        foreach (var group in rows.Where(r => r.PrefillError is not null).GroupBy(r => r.Point.Hardware))
        {
            var below = group.Count(r => r.PrefillBelowBound);
            foreach (var (phase, errors) in new[] { ("prefill", group.Where(r => !r.PrefillBelowBound).Select(r => r.PrefillError!.Value).ToList()), ("decode step", group.Select(r => r.DecodeError!.Value).ToList()) })
            {
                var abs = errors.Select(Math.Abs).Order().ToList();
                var left = phase == "prefill" && below > 0 ? I($" ({below} below the compute bound left out)") : "";
                text.Append(I($"- {group.Key} {phase}: {abs.Count} points{left}, mean error {errors.Average() * 100:+0.0;-0.0}%, mean absolute error {abs.Average() * 100:0.0}%, median {abs[abs.Count / 2] * 100:0.0}%, largest {abs[^1] * 100:0.0}%, {abs.Count(x => x <= 0.15)} within 15%\n"));
            }
        }

        if (derived > 0)
        {
            text.Append(I($"- h100-80gb-pcap: {derived} rows not compared (derived in SplitwiseSim from the H100 rows, not measured)\n"));
        }

        return text.ToString();
    }

    private static JsonObject Latency(LatencySummary l) => new()
    {
        ["mean"] = l.Mean.TotalMilliseconds,
        ["p50"] = l.P50.TotalMilliseconds,
        ["p90"] = l.P90.TotalMilliseconds,
        ["p99"] = l.P99.TotalMilliseconds,
    };

    private static double? Ms(Duration? d) => d?.TotalMilliseconds;

    private static string Ms3(Duration d) => d.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Show(Duration? d) => d is { } x ? x.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + " ms" : "-";

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
