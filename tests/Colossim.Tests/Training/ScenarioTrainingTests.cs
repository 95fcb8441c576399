using System.Text.Json;
using Colossim.Tests.Cli;
using Colossim.Tests.Scenarios;

namespace Colossim.Tests.Training;

/// <summary>The training section of <c>colossim run</c>: the Train pillar on each site's plan.</summary>
public sealed class ScenarioTrainingTests
{
    public sealed class TheRunCommand
    {
        [Fact]
        public void Reports_the_numbers_colossim_train_gives_for_the_same_workload()
        {
            // single-node-h200's fine-tune: llama3-8b on 4 of the lab's 8 H200s, tp 1 · pp 1 · dp 4 with train's defaults for
            // what the scenario does not say (ZeRO-1, micro-batch 1), 1e9 tokens, 512 sequences of 8,192 tokens per step. One node:
            // the same network as train's own plan; price and PUE are the site's, so cost and energy differ.
            var run = CliRunner.Run("run", ScenarioFiles.Scenario("single-node-h200.yaml"), "--format", "json");
            var train = CliRunner.Run("train", "--model", "llama3-8b", "--gpu", "h200-sxm", "--gpus", "4", "--tp", "1", "--pp", "1", "--dp", "4", "--tokens", "1e9", "--format", "json");
            Assert.Equal(0, run.ExitCode);
            Assert.Equal(0, train.ExitCode);
            using var runDoc = JsonDocument.Parse(run.Out);
            using var trainDoc = JsonDocument.Parse(train.Out);
            var workload = runDoc.RootElement.GetProperty("workloads").GetProperty("training")[0];
            var expected = trainDoc.RootElement;

            foreach (var key in new[] { "seq_len", "global_batch_tokens", "step_time_s", "tokens_per_s", "tflops_per_gpu", "mfu", "memory_per_gpu_gib", "fits", "steps", "days", "gpu_hours", "goodput", "board_power_per_gpu_w" })
            {
                Assert.True(expected.GetProperty(key).GetRawText() == workload.GetProperty(key).GetRawText(), $"{key}: run {workload.GetProperty(key).GetRawText()}, train {expected.GetProperty(key).GetRawText()}");
            }

            Assert.Equal(JsonSerializer.Serialize(expected.GetProperty("layout")), JsonSerializer.Serialize(workload.GetProperty("layout")));
            Assert.Equal(2.0867, workload.GetProperty("usd_per_gpu_hour").GetDouble(), 4); // the lab's plan, not train's
            Assert.Contains("PUE 1.40", workload.GetProperty("power_source").GetString(), StringComparison.Ordinal);
            Assert.Equal(4, workload.GetProperty("parallelism").GetProperty("dp").GetInt32()); // the described keys stay
        }

        [Fact]
        public void Shows_the_simulated_training_as_a_table()
        {
            var run = CliRunner.Run("run", ScenarioFiles.Scenario("single-node-h200.yaml"));

            Assert.Equal(0, run.ExitCode);
            Assert.Contains("Training simulated (Train pillar on the site's plan)", run.Out, StringComparison.Ordinal);
            Assert.Contains("training energy: each step's board power (fine-tune: ", run.Out, StringComparison.Ordinal);
        }

        [Fact]
        public void Warns_at_the_workload_when_its_layout_does_not_fit_the_gpus_memory()
        {
            using var dir = new TempDirectory();
            var file = dir.Write("big.yaml", "name: big\nsites: [ { name: a, gpus: { type: h100-sxm, count: 8 } } ]\nworkloads: { training: [ { name: t, model: llama3-70b, gpus: 8, tokens: 1e9, parallelism: { tp: 1, pp: 1, dp: 8 } } ] }\n");

            var result = CliRunner.Run("run", file, "--format", "json");

            Assert.Equal(0, result.ExitCode);
            Assert.StartsWith($"{file}: warning: workloads.training[0]: does not fit: the layout needs ", result.Error, StringComparison.Ordinal);
            using var doc = JsonDocument.Parse(result.Out);
            Assert.False(doc.RootElement.GetProperty("workloads").GetProperty("training")[0].GetProperty("fits").GetBoolean());
        }

        [Fact]
        public void Reports_a_layout_the_train_pillar_rejects_as_a_problem_at_the_workload()
        {
            using var dir = new TempDirectory();
            var file = dir.Write("cp.yaml", "name: cp\nsites: [ { name: a, gpus: { type: h100-sxm, count: 8 } } ]\nworkloads: { training: [ { name: t, model: llama3-8b, gpus: 6, tokens: 1e9, parallelism: { tp: 1, pp: 1, cp: 3, dp: 2 } } ] }\n");

            var result = CliRunner.Run("run", file);

            Assert.Equal(2, result.ExitCode);
            Assert.Equal($"error: {file}: workloads.training[0]: expected 2 × cp (6) to divide the sequence length 8,192, found cp 3 (the layout tp 1 · pp 1 · cp 3 · dp 2 · ep 1 · vpp 1 · mb 1 · recompute none · zero 1)\n", result.Error);
        }
    }
}
