using System.Globalization;
using System.Text.Json.Nodes;
using Colossim.Training;
using Colossim.Units;

namespace Colossim.Reports;

/// <summary>
/// What <c>colossim train</c> shows: the JSON contract (keys defined here only; seconds, GiB, TFLOP/s, USD, MWh as
/// their keys say) and the text rows.
/// </summary>
public static class TrainReport
{
    /// <summary>The JSON document of a training answer: the step, its layout, the search when one ran, the run when tokens were given.</summary>
    public static JsonObject Json(TrainResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var s = result.Step;
        var l = s.Layout;
        var m = s.Memory;
        var json = new JsonObject
        {
            ["model"] = result.Job.Model.Name,
            ["gpu"] = result.Job.Gpu.Id,
            ["gpus"] = result.Job.Gpus,
            ["seq_len"] = result.Job.SeqLen,
            ["global_batch_tokens"] = result.Job.GlobalBatchTokens,
            ["dtype"] = result.Job.Dtype.ToString().ToLowerInvariant(),
            ["step_time_s"] = Round(s.Time.TotalSeconds, 6),
            ["tokens_per_s"] = Round(s.TokensPerSecond, 1),
            ["tflops_per_gpu"] = Round(s.ModelFlopRatePerGpu.TeraFlopsPerSecond, 2),
            ["mfu"] = Round(s.Mfu, 4),
            ["memory_per_gpu_gib"] = Round(m.Total.Gibibytes, 2),
            ["fits"] = m.Fits,
            ["layout"] = new JsonObject
            {
                ["tp"] = l.Tp,
                ["pp"] = l.Pp,
                ["dp"] = l.Dp,
                ["cp"] = l.Cp,
                ["ep"] = l.Ep,
                ["vpp"] = l.Vpp,
                ["micro_batch"] = l.MicroBatch,
                ["recompute"] = TrainingNames.Of(l.Recompute),
                ["sequence_parallel"] = l.SequenceParallel && l.Tp > 1,
                ["zero"] = (int)l.Zero,
            },
            ["breakdown_s"] = new JsonObject
            {
                ["micro_batches"] = s.MicroBatches,
                ["stage"] = Round(s.StageTime.TotalSeconds, 6),
                ["compute"] = Round(s.ComputeTime.TotalSeconds, 6),
                ["bubble"] = Round(s.BubbleTime.TotalSeconds, 6),
                ["model_parallel_communication"] = Round(s.ModelParallelCommunication.TotalSeconds, 6),
                ["exposed_data_parallel"] = Round(s.ExposedDataParallel.TotalSeconds, 6),
                ["optimizer"] = Round(s.OptimizerTime.TotalSeconds, 6),
            },
            ["memory_gib"] = new JsonObject
            {
                ["weights"] = Round(m.Weights.Gibibytes, 2),
                ["gradients"] = Round(m.Gradients.Gibibytes, 2),
                ["optimizer_states"] = Round(m.OptimizerStates.Gibibytes, 2),
                ["activations"] = Round(m.Activations.Gibibytes, 2),
                ["in_flight_micro_batches"] = Round(m.InFlightMicroBatches, 3),
                ["stage"] = m.Stage,
                ["capacity"] = Round(m.Capacity.Gibibytes, 2),
            },
        };
        if (result.Search is { } search)
        {
            json["search"] = new JsonObject
            {
                ["layouts_evaluated"] = search.LayoutsEvaluated,
                ["shapes_timed"] = search.ShapesTimed,
                ["wall_s"] = Round(search.Wall.TotalSeconds, 3),
            };
        }

        if (result.Run is { } run)
        {
            json["tokens"] = run.Tokens;
            json["steps"] = run.Steps;
            json["days"] = Round(run.Days, 3);
            json["gpu_hours"] = Math.Round(run.GpuHours);
            json["usd_per_gpu_hour"] = Round(run.UsdPerGpuHour.Dollars, 4);
            json["cost_usd"] = Math.Round(run.Cost.Dollars);
            json["energy_mwh"] = Round(run.Energy.MegawattHours, 1);
            json["power_per_gpu_w"] = Round(run.PowerPerGpu.Value, 1);
            json["board_power_per_gpu_w"] = Round(run.BoardPowerPerGpu.Value, 1);
            json["power_source"] = run.PowerSource;
            json["goodput"] = Round(run.Goodput, 4);
            json["expected_interruptions"] = Round(run.ExpectedInterruptions, 1);
            json["mtbf_h"] = Round(run.MeanTimeBetweenInterruptions.TotalHours, 3);
            json["checkpoint_gb"] = Round(run.CheckpointSize.Gigabytes, 1);
            json["checkpoint_s"] = Round(run.CheckpointTime.TotalSeconds, 2);
            json["checkpoint_interval_s"] = Round(run.CheckpointInterval.TotalSeconds, 1);
            json["restart_s"] = Round(run.Restart.TotalSeconds, 1);
        }

        return json;
    }

    /// <summary>The text report: a headline, the layout, the step's breakdown, memory, the search and the run.</summary>
    public static IReadOnlyList<ReportBlock> Blocks(TrainResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var s = result.Step;
        var m = s.Memory;
        var job = result.Job;
        var blocks = new List<ReportBlock>
        {
            new ReportText(I($"{job.Model.Name} on {job.Gpus:N0} × {job.Gpu.Id}, sequences of {job.SeqLen:N0}, {job.GlobalBatchTokens:N0} tokens per step ({job.Dtype.ToString().ToLowerInvariant()})"), Strong: true),
            new ReportText($"layout: {s.Layout}"),
            new ReportText(I($"step {s.Time.TotalSeconds:0.000} s · {s.TokensPerSecond:N0} tokens/s · {s.ModelFlopRatePerGpu.TeraFlopsPerSecond:0.0} TFLOP/s per GPU · MFU {s.Mfu:0.0%}")),
        };
        var table = new ReportTableBuilder().Column("part", ColumnAlignment.Left).Column("s", ColumnAlignment.Right).Column("share", ColumnAlignment.Right);
        void Row(string name, Duration d) => table.Row(name, I($"{d.TotalSeconds:0.000}"), I($"{(s.Time > Duration.Zero ? d / s.Time : 0):0.0%}"));
        Row(I($"compute ({s.MicroBatches:N0} micro-batches on the slowest stage)"), s.ComputeTime);
        Row("  of which tp/cp/ep/pp communication", s.ModelParallelCommunication);
        Row("pipeline bubble", s.BubbleTime);
        Row("exposed data-parallel communication", s.ExposedDataParallel);
        Row("optimizer", s.OptimizerTime);
        blocks.Add(table.Build());
        blocks.Add(new ReportText(I($"memory per GPU (stage {m.Stage}): weights {Gib(m.Weights)}, gradients {Gib(m.Gradients)}, optimizer states {Gib(m.OptimizerStates)}, activations {Gib(m.Activations)} ({m.InFlightMicroBatches:0.##} micro-batches in flight); total {Gib(m.Total)} of {Gib(m.Capacity)}")));
        if (!m.Fits)
        {
            blocks.Add(new ReportText(I($"does not fit: {Gib(m.Total)} per GPU is more than the {Gib(m.Capacity)} of {job.Gpu.Id}"), Strong: true));
        }

        if (result.Search is { } search)
        {
            blocks.Add(new ReportText(I($"search: {search.LayoutsEvaluated:N0} layouts evaluated ({search.ShapesTimed:N0} step shapes timed) in {search.Wall.TotalSeconds:0.000} s")));
            var ranked = new ReportTableBuilder("best layouts").Column("#", ColumnAlignment.Right).Column("layout", ColumnAlignment.Left).Column("step s", ColumnAlignment.Right)
                .Column("TFLOP/s/GPU", ColumnAlignment.Right).Column("MFU", ColumnAlignment.Right).Column("GiB/GPU", ColumnAlignment.Right).Column("fits", ColumnAlignment.Left);
            for (var i = 0; i < search.Ranked.Count; i++)
            {
                var r = search.Ranked[i];
                ranked.Row(I($"{i + 1}"), r.Layout.ToString(), I($"{r.Time.TotalSeconds:0.000}"), I($"{r.ModelFlopRatePerGpu.TeraFlopsPerSecond:0.0}"), I($"{r.Mfu:0.0%}"), I($"{r.Memory.Total.Gibibytes:0.0}"), r.Memory.Fits ? "yes" : "no");
            }

            blocks.Add(ranked.Build());
        }

        if (result.Run is { } run)
        {
            blocks.Add(new ReportText(I($"run: {Count(run.Tokens)} tokens in {run.Steps:N0} steps: {run.Days:0.0} days, {run.GpuHours:N0} GPU-hours, {run.Cost.ToDisplayString()} at {run.UsdPerGpuHour.Dollars:0.00} $/GPU-hour, {run.Energy.MegawattHours:N0} MWh ({run.PowerPerGpu.Value:0} W per GPU with server and PUE)")));
            blocks.Add(new ReportText(I($"power: {run.BoardPowerPerGpu.Value:0} W per GPU board over the step; {run.PowerSource}")));
            blocks.Add(new ReportText(I($"interruptions: one every {run.MeanTimeBetweenInterruptions.TotalHours:0.00} h, {run.ExpectedInterruptions:N0} expected; checkpoint {run.CheckpointSize.ToDisplayString()} written in {run.CheckpointTime.TotalSeconds:0.0} s every {run.CheckpointInterval.TotalSeconds / 60:0.0} min (Young/Daly); restart {run.Restart.TotalSeconds / 60:0} min; goodput {run.Goodput:0.0%}")));
        }

        return blocks;
    }

    private static double Round(double value, int digits) => Math.Round(value, digits);

    // 15.6T, 300B, 4.2M, or the whole number.
    private static string Count(double n) =>
        n >= 1e12 ? I($"{n / 1e12:0.###}T") : n >= 1e9 ? I($"{n / 1e9:0.###}B") : n >= 1e6 ? I($"{n / 1e6:0.###}M") : I($"{n:N0}");

    private static string Gib(Bytes b) => I($"{b.Gibibytes:0.0} GiB");

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
