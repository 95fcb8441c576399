using System.Globalization;
using Colossim.Training;

namespace Colossim.Reports;

/// <summary>
/// The timeline of one training step (<see cref="PipelineSchedule"/>) as a <see cref="ChromeTrace"/>: one process per
/// pipeline stage (pid = stage + 1, as every data-parallel replica runs the same timeline), each with a compute thread
/// (tid 1: forwards, backwards, the optimizer) and a communication thread (tid 2: pipeline sends, exposed data-parallel
/// traffic). Categories: <c>forward</c>, <c>backward</c>, <c>p2p</c>, <c>data-parallel</c>, <c>optimizer</c>.
/// </summary>
public static class TrainTrace
{
    /// <summary>The thread of forwards, backwards and the optimizer.</summary>
    public const int ComputeThread = 1;

    /// <summary>The thread of pipeline sends and data-parallel communication.</summary>
    public const int CommunicationThread = 2;

    /// <summary>The trace of <paramref name="schedule"/>.</summary>
    public static ChromeTrace Of(PipelineSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var trace = new ChromeTrace();
        AddTo(trace, schedule, 0, "");
        return trace;
    }

    /// <summary>
    /// Adds <paramref name="schedule"/>'s events to <paramref name="trace"/> with process ids from
    /// <paramref name="pidOffset"/> + 1 and process names starting with <paramref name="prefix"/>, so several steps share
    /// one trace.
    /// </summary>
    public static void AddTo(ChromeTrace trace, PipelineSchedule schedule, int pidOffset, string prefix)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfNegative(pidOffset);
        var first = 0;
        for (var r = 0; r < schedule.Stages; r++)
        {
            var layers = schedule.StageTimes[r].Layers;
            trace.NameProcess(pidOffset + r + 1, I($"{prefix}pipeline stage {r} (layers {first}-{first + layers - 1})"), pidOffset + r);
            trace.NameThread(pidOffset + r + 1, ComputeThread, "compute", 0);
            trace.NameThread(pidOffset + r + 1, CommunicationThread, "communication", 1);
            first += layers;
        }

        var vpp = schedule.VirtualStages;
        foreach (var op in schedule.Ops)
        {
            var chunk = vpp > 1 && op.Chunk >= 0 ? I($" · chunk {op.Chunk}") : "";
            var (name, category) = op.Kind switch
            {
                PipelineOpKind.Forward => (I($"F{op.MicroBatch}{chunk}"), "forward"),
                PipelineOpKind.Backward => (I($"B{op.MicroBatch}{chunk}"), "backward"),
                PipelineOpKind.SendActivations => (I($"send activations {op.MicroBatch}{chunk}"), "p2p"),
                PipelineOpKind.SendGradients => (I($"send gradients {op.MicroBatch}{chunk}"), "p2p"),
                PipelineOpKind.DataParallel => ("data-parallel gradients (exposed)", "data-parallel"),
                _ => ("optimizer", "optimizer"),
            };
            List<KeyValuePair<string, string>> args = [];
            if (op.MicroBatch >= 0)
            {
                args.Add(new("micro_batch", I($"{op.MicroBatch}")));
                args.Add(new("virtual_stage", I($"{(op.Chunk * schedule.Stages) + op.Stage}")));
            }

            trace.Complete(name, category, op.Start, op.Duration, pidOffset + op.Stage + 1, op.IsCommunication ? CommunicationThread : ComputeThread, args);
        }
    }

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
