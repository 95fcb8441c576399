using System.Text.Json;
using Colossim.Tests.Cli;

namespace Colossim.Tests.Reports;

// TrainTrace through `colossim train --timeline`: the file a person opens in Perfetto.
public sealed class TrainTraceTests
{
    // Llama 3 8B on 64 H100s: tp 2, pp 4, vpp 2, dp 8, 256 sequences of 1,024 tokens: m = 32 micro-batches per pipeline.
    private static readonly string[] Train = ["train", "--model", "llama3-8b", "--gpu", "h100-sxm", "--gpus", "64", "--tp", "2", "--pp", "4", "--vpp", "2", "--seq-len", "1024", "--global-batch-tokens", "262144", "--format", "json"];

    public sealed class TheOfMethod
    {
        [Fact]
        public void Draws_each_pipeline_stage_with_its_forwards_backwards_and_communication_and_the_bubble()
        {
            using var temp = new TempFolder();
            var file = Path.Combine(temp.Path, "step.json");

            var result = CliRunner.Run([.. Train, "--timeline", file]);

            Assert.Equal((0, ""), (result.ExitCode, result.Error));
            using var summary = JsonDocument.Parse(result.Out);
            var stepTime = summary.RootElement.GetProperty("step_time_s").GetDouble();
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            var events = doc.RootElement.GetProperty("traceEvents").EnumerateArray().Where(e => e.GetProperty("ph").GetString() == "X")
                .Select(e => (Pid: e.GetProperty("pid").GetInt32(), Tid: e.GetProperty("tid").GetInt32(), Cat: e.GetProperty("cat").GetString()!, Ts: e.GetProperty("ts").GetDouble(), Dur: e.GetProperty("dur").GetDouble())).ToList();
            var names = doc.RootElement.GetProperty("traceEvents").EnumerateArray().Where(e => e.GetProperty("name").GetString() == "process_name").Select(e => e.GetProperty("args").GetProperty("name").GetString());

            Assert.Equal(["pipeline stage 0 (layers 0-7)", "pipeline stage 1 (layers 8-15)", "pipeline stage 2 (layers 16-23)", "pipeline stage 3 (layers 24-31)"], names);
            Assert.Equal([1, 2, 3, 4], events.Select(e => e.Pid).Distinct().Order());
            foreach (var stage in events.GroupBy(e => e.Pid))
            {
                // 2 × m × vpp passes on the compute thread; one send after each on the communication thread, and the
                // exposed data-parallel traffic when there is some.
                Assert.Equal(2 * 32 * 2, stage.Count(e => e.Cat is "forward" or "backward" && e.Tid == 1));
                Assert.Equal(2 * 32 * 2, stage.Count(e => e.Cat == "p2p" && e.Tid == 2));
                Assert.All(stage.Where(e => e.Cat is "data-parallel"), e => Assert.Equal(2, e.Tid));
                foreach (var thread in stage.GroupBy(e => e.Tid))
                {
                    var ordered = thread.OrderBy(e => e.Ts).ToList();
                    for (var i = 1; i < ordered.Count; i++)
                    {
                        Assert.True(ordered[i].Ts >= ordered[i - 1].Ts + ordered[i - 1].Dur - 1e-6, $"stage {stage.Key} thread {thread.Key}: an event at {ordered[i].Ts} µs overlaps the one before");
                    }
                }
            }

            // The bubble: stage 0 starts at once, the last stage waits for the first micro-batch to reach it (three
            // forward chunks and sends), and stage 0 then idles before its first backward comes back.
            var firstStart = events.Where(e => e.Tid == 1).GroupBy(e => e.Pid).ToDictionary(g => g.Key, g => g.Min(e => e.Ts));
            var chunk = events.First(e => e.Pid == 1 && e.Cat == "forward").Dur + events.First(e => e.Pid == 1 && e.Cat == "p2p").Dur;
            Assert.Equal(0, firstStart[1]);
            Assert.Equal(3 * chunk, firstStart[4], chunk * 0.05);
            var stage0 = events.Where(e => e.Pid == 1).OrderBy(e => e.Ts).ToList();
            var firstBackward = stage0.First(e => e.Cat == "backward").Ts;
            var busyBefore = stage0.Where(e => e.Ts < firstBackward).Sum(e => e.Dur);
            Assert.True(firstBackward - busyBefore > chunk, $"stage 0 idles {firstBackward - busyBefore:F1} µs before its first backward");

            // Makespan: the step model's closed form, to 1% (the simulation waits on the real, imbalanced stages).
            var makespan = events.Max(e => e.Ts + e.Dur) / 1e6;
            Assert.Equal(stepTime, makespan, stepTime * 0.01);
        }
    }

    public sealed class TheTraceOption
    {
        [Fact]
        public void Refuses_an_empty_name()
        {
            var result = CliRunner.Run([.. Train, "--timeline", ""]);

            Assert.Equal((2, "error: --timeline: expected a file name for the timeline, found an empty name\n"), (result.ExitCode, result.Error.ReplaceLineEndings("\n")));
        }

        [Fact]
        public void Refuses_a_folder()
        {
            using var temp = new TempFolder();

            var result = CliRunner.Run([.. Train, "--timeline", temp.Path]);

            Assert.Equal((2, $"error: --timeline: expected a file name for the timeline, found the folder '{temp.Path}'\n"), (result.ExitCode, result.Error.ReplaceLineEndings("\n")));
        }

        [SkippableFact]
        public void Refuses_a_device()
        {
            Skip.If(OperatingSystem.IsWindows(), "no /dev/null on Windows");

            var result = CliRunner.Run([.. Train, "--timeline", "/dev/null"]);

            Assert.Equal((2, "error: --timeline: expected a regular file for the timeline, found a device ('/dev/null')\n"), (result.ExitCode, result.Error.ReplaceLineEndings("\n")));
        }

        [Fact]
        public void Refuses_a_timeline_too_large_to_open()
        {
            using var temp = new TempFolder();

            // 8 GPUs of data parallelism, 2^20 sequences of 1,024 tokens: 131,072 micro-batches, 262,144 passes.
            var result = CliRunner.Run("train", "--model", "llama3.2-1b", "--gpu", "h200-sxm", "--gpus", "8", "--seq-len", "1024", "--global-batch-tokens", "1073741824", "--timeline", Path.Combine(temp.Path, "step.json"));

            Assert.Equal((2, "error: --timeline: expected a timeline of at most 200,000 forward and backward passes (pp × vpp × 2 × micro-batches), found 262,144; use a smaller --global-batch-tokens or a larger --micro-batch\n"), (result.ExitCode, result.Error.ReplaceLineEndings("\n")));
            Assert.Empty(temp.Files());
        }

        [Fact]
        public void Says_when_the_place_cannot_be_written()
        {
            using var temp = new TempFolder();
            var file = temp.File("plain.txt", "a file, not a folder");
            var path = Path.Combine(file, "step.json");

            var result = CliRunner.Run([.. Train, "--timeline", path]);

            Assert.Equal(2, result.ExitCode);
            Assert.StartsWith($"error: --timeline: cannot write {path}: ", result.Error, StringComparison.Ordinal);
            Assert.Single(result.Error.Trim().Split('\n'));
            Assert.Equal(["plain.txt"], temp.Files());
        }
    }
}
