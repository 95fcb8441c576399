using System.Text.Json;
using Colossim.Tests.Scenarios;

namespace Colossim.Tests.Cli;

public sealed class PredictCommandTests
{
    private static readonly string[] Decode70b = ["predict", "--model", "llama3-70b", "--gpu", "h200-sxm", "--tp", "8", "--phase", "decode", "--batch", "64", "--context", "2048"];

    public sealed class ThePredictCommand
    {
        [Fact]
        public void Adds_the_tensor_parallel_all_reduces_to_the_step_and_none_for_one_gpu()
        {
            using var tp8 = JsonDocument.Parse(CliRunner.Run([.. Decode70b, "--format", "json"]).Out);
            using var tp1 = JsonDocument.Parse(CliRunner.Run(["predict", "--model", "llama3-8b", "--gpu", "h200-sxm", "--phase", "decode", "--batch", "64", "--context", "2048", "--format", "json"]).Out);

            // 80 layers x 2 all-reduces of 64 tokens x 8192 x 2 bytes = 1 MiB each over 8 H200s' NVLink: tens of us each.
            var perAllReduce = tp8.RootElement.GetProperty("breakdown_ms").GetProperty("communication").GetDouble() / 160;
            Assert.InRange(perAllReduce, 0.010, 0.060);
            Assert.Equal(0, tp1.RootElement.GetProperty("breakdown_ms").GetProperty("communication").GetDouble());
        }

        [Fact]
        public void Shows_in_the_readme_what_it_prints()
        {
            var readme = File.ReadAllText(Path.Combine(ScenarioFiles.RepoRoot, "README.md")).ReplaceLineEndings("\n");
            var command = readme.IndexOf("-- " + string.Join(' ', Decode70b), StringComparison.Ordinal);
            Assert.True(command >= 0, "the README shows the predict example");
            var start = readme.IndexOf("```text\n", command, StringComparison.Ordinal) + "```text\n".Length;
            var block = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];

            var result = CliRunner.Run(Decode70b);

            Assert.Equal((0, ""), (result.ExitCode, result.Error));
            Assert.Equal(block, result.Out.ReplaceLineEndings("\n"));
        }

        [Fact]
        public void Splits_the_step_time_into_its_kernel_classes_in_json()
        {
            var result = CliRunner.Run([.. Decode70b, "--format", "json"]);

            Assert.Equal(0, result.ExitCode);
            using var doc = JsonDocument.Parse(result.Out);
            var root = doc.RootElement;
            var parts = root.GetProperty("breakdown_ms").EnumerateObject().Sum(p => p.Value.GetDouble());
            Assert.Equal(root.GetProperty("time_ms").GetDouble(), parts, 9); // the classes add up to the step (1e-9 ms)
            Assert.Equal(("calibrated", "memory"), (root.GetProperty("path").GetString(), root.GetProperty("bound").GetString()));
        }

        [Fact]
        public void Says_a_gpu_without_calibration_takes_the_roofline_path()
        {
            var result = CliRunner.Run("predict", "--model", "llama3-8b", "--gpu", "b200", "--phase", "prefill", "--batch", "4", "--context", "2048", "--format", "json");

            Assert.Equal(0, result.ExitCode);
            using var doc = JsonDocument.Parse(result.Out);
            Assert.Equal(("roofline", "compute"), (doc.RootElement.GetProperty("path").GetString(), doc.RootElement.GetProperty("bound").GetString()));
        }

        [Fact]
        public void States_the_measured_cross_gpu_error_for_a_gpu_without_calibration()
        {
            var expected = Colossim.Performance.CalibrationSet.BuiltIn("h200-sxm")!.CrossGpuErrors.Single(e => e.Gpu == "h100-sxm").UncertaintyPct;

            var json = CliRunner.Run("predict", "--model", "llama3-8b", "--gpu", "h100-sxm", "--phase", "decode", "--batch", "8", "--context", "2048", "--format", "json");
            var text = CliRunner.Run("predict", "--model", "llama3-8b", "--gpu", "h100-sxm", "--phase", "decode", "--batch", "8", "--context", "2048");
            var calibrated = CliRunner.Run("predict", "--model", "llama3-8b", "--gpu", "h200-sxm", "--phase", "decode", "--batch", "8", "--context", "2048", "--format", "json");

            using var doc = JsonDocument.Parse(json.Out);
            Assert.Equal(expected, doc.RootElement.GetProperty("uncertainty_pct").GetDouble(), 1e-9);
            Assert.Contains(FormattableString.Invariant($"no calibration for h100-sxm: uncertainty ±{expected:0.#}% (cross-GPU error measured for h100-sxm from h200-sxm: "), text.Out, StringComparison.Ordinal);
            using var h200 = JsonDocument.Parse(calibrated.Out);
            Assert.Equal(JsonValueKind.Null, h200.RootElement.GetProperty("uncertainty_pct").ValueKind);
        }

        [Theory]
        [InlineData("--model llama3-7b --gpu h200-sxm --phase decode --context 2048", "error: --model: unknown model 'llama3-7b'; close matches: llama2-7b, llama3-70b, llama3-8b (or give the path of a YAML file describing it)")]
        [InlineData("--model llama3-8b --gpu h200-sxm --phase decode", "error: --context: is required for --phase decode (cached tokens per sequence)")]
        [InlineData("--model llama3-8b --gpu h200-sxm --tp 0 --phase decode --context 2048", "error: --tp: expected a whole number between 1 and 1,024, found 0")]
        [InlineData("--model llama3-8b --gpu h201 --phase prefill --batch 1 --context 128", "error: --gpu: unknown GPU 'h201'; close matches: b200, h800 (or give the path of a YAML file describing it)")]
        public void Exits_with_2_and_says_what_is_wrong(string arguments, string message)
        {
            var result = CliRunner.Run(["predict", .. arguments.Split(' ')]);

            Assert.Equal((2, ""), (result.ExitCode, result.Out));
            Assert.Equal(message, result.Error.ReplaceLineEndings("\n").TrimEnd('\n'));
        }

        [Theory]
        [InlineData("--model llama3-70b --gpu h200-sxm --tp 3 --phase decode --context 2048", "error: --tp: expected a divisor of the 64 attention heads of llama3-70b, found 3")]
        [InlineData("--model llama3-70b --gpu h200-sxm --tp 7 --phase decode --context 2048", "error: --tp: expected a divisor of the 64 attention heads of llama3-70b, found 7")]
        [InlineData("--model llama3-70b --gpu h200-sxm --tp 128 --phase decode --context 2048", "error: --tp: expected a divisor of the 64 attention heads of llama3-70b, found 128")]
        [InlineData("--model grok-1 --gpu h200-sxm --tp 12 --phase decode --context 2048", "error: --tp: expected a divisor or a multiple of the 8 KV heads of grok-1, found 12")]
        [InlineData("--model mixtral-8x7b --gpu h200-sxm --ep 3 --phase decode --context 2048", "error: --ep: expected a divisor of the 8 experts of mixtral-8x7b, found 3")]
        [InlineData("--model mixtral-8x7b --gpu h200-sxm --ep 16 --phase decode --context 2048", "error: --ep: expected a divisor of the 8 experts of mixtral-8x7b, found 16")]
        [InlineData("--model llama3-8b --gpu h200-sxm --ep 8 --phase decode --context 2048", "error: --ep: expected 1 for llama3-8b, a dense model, found 8")]
        public void Refuses_a_split_the_model_cannot_take_with_the_rules_of_scenarios(string arguments, string message)
        {
            var result = CliRunner.Run(["predict", .. arguments.Split(' ')]);

            Assert.Equal((2, ""), (result.ExitCode, result.Out));
            Assert.Equal(message, result.Error.ReplaceLineEndings("\n").TrimEnd('\n'));
        }

        [Theory]
        [InlineData("NaN")]
        [InlineData("Infinity")]
        [InlineData("-Infinity")]
        public void Refuses_a_hot_expert_load_that_is_not_a_finite_number(string load)
        {
            var result = CliRunner.Run("predict", "--model", "mixtral-8x7b", "--gpu", "h200-sxm", "--phase", "decode", "--context", "2048", "--hot-expert-load", load);

            Assert.Equal((2, ""), (result.ExitCode, result.Out));
            Assert.Equal($"error: --hot-expert-load: expected a finite number, found '{load}'\nRun 'colossim predict --help' for usage.", result.Error.ReplaceLineEndings("\n").TrimEnd('\n'));
        }

        [Theory]
        [InlineData("1e308")]
        [InlineData("1e9")]
        [InlineData("4.5")]
        [InlineData("0.5")]
        public void Bounds_the_hot_expert_load_by_experts_over_top_k(string load)
        {
            var result = CliRunner.Run("predict", "--model", "mixtral-8x7b", "--gpu", "h200-sxm", "--phase", "decode", "--context", "2048", "--hot-expert-load", load);

            var found = double.Parse(load, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture).ToLowerInvariant();
            Assert.Equal((2, ""), (result.ExitCode, result.Out));
            Assert.Equal($"error: --hot-expert-load: expected between 1 (balanced routing) and 4 (every token on the busiest expert: experts ÷ top-k = 8 ÷ 2 for mixtral-8x7b), found {found}", result.Error.ReplaceLineEndings("\n").TrimEnd('\n'));
        }

        [Fact]
        public void Accepts_the_largest_hot_expert_load()
        {
            var result = CliRunner.Run("predict", "--model", "mixtral-8x7b", "--gpu", "h200-sxm", "--phase", "decode", "--context", "2048", "--hot-expert-load", "4");

            Assert.Equal((0, ""), (result.ExitCode, result.Error));
        }

        [Fact]
        public void Refuses_a_hot_expert_load_for_a_dense_model()
        {
            var result = CliRunner.Run("predict", "--model", "llama3-8b", "--gpu", "h200-sxm", "--phase", "decode", "--context", "2048", "--hot-expert-load", "2");

            Assert.Equal((2, ""), (result.ExitCode, result.Out));
            Assert.Equal("error: --hot-expert-load: expected 1 for llama3-8b, a dense model (no experts to balance), found 2", result.Error.TrimEnd('\n', '\r'));
        }

        [Fact]
        public void Prints_nothing_when_the_calibration_is_missing()
        {
            var result = CliRunner.Run([.. Decode70b, "--calibration", "/nonexistent"]);

            Assert.Equal((2, ""), (result.ExitCode, result.Out));
            Assert.Equal("error: --calibration: expected a folder or a .jsonl file, found nothing at '/nonexistent'", result.Error.TrimEnd('\n', '\r'));
        }

        [Fact]
        public void Reports_absurd_gpu_figures_as_a_problem()
        {
            var catalog = Path.Combine(Path.GetTempPath(), $"colossim-absurd-{Environment.ProcessId}.yaml");
            File.WriteAllText(catalog, """
                gpus:
                  - id: absurd
                    name: Absurd GPU
                    vendor: nvidia
                    dense_bf16: 1FLOPS
                    hbm_capacity: 80GB
                    hbm_bandwidth: 3.35TB/s
                    scale_up_bandwidth: 900GB/s
                    scale_up_domain: 8
                    tdp: 700W
                    price: $30k
                """);
            try
            {
                var result = CliRunner.Run("predict", "--catalog", catalog, "--gpu", "absurd", "--model", "llama3-8b", "--phase", "decode", "--context", "100");

                Assert.Equal((2, ""), (result.ExitCode, result.Out));
                Assert.Equal("error: --gpu: the figures of absurd (dense bf16 1 FLOPS, HBM 3.35 TB/s) give a step of 1.68E+10 s, more than the 2,000,000,000 s (63 years) a step may take; check its peak rates and bandwidth", result.Error.TrimEnd('\n', '\r'));
            }
            finally
            {
                File.Delete(catalog);
            }
        }

        [Theory]
        [InlineData("--model llama3-405b --gpu h200-sxm --phase decode --batch 256 --context 131072", "18.129 TB")]
        [InlineData("--model llama3-70b --gpu h200-sxm --tp 8 --phase train --batch 1 --seq-len 4096", "153.17 GB")]
        public void Says_a_step_that_does_not_fit_the_gpu_and_exits_2(string arguments, string total)
        {
            var result = CliRunner.Run(["predict", .. arguments.Split(' ')]);
            var json = CliRunner.Run(["predict", .. arguments.Split(' '), "--format", "json"]);

            Assert.Equal(2, result.ExitCode);
            Assert.EndsWith($"does not fit: {total} per GPU is more than the 141 GB of h200-sxm", result.Out.TrimEnd('\n', '\r'), StringComparison.Ordinal);
            Assert.Equal($"error: memory: does not fit: the step needs {total} per GPU, more than the 141 GB of h200-sxm (split it over more GPUs, shorten the batch or context, or give --allow-overflow)", result.Error.TrimEnd('\n', '\r'));
            Assert.Equal(2, json.ExitCode);
            using var doc = JsonDocument.Parse(json.Out);
            Assert.False(doc.RootElement.GetProperty("fits").GetBoolean());
            var memory = doc.RootElement.GetProperty("memory_gb");
            Assert.Equal(141, memory.GetProperty("capacity").GetDouble(), 1e-9);
            Assert.True(memory.GetProperty("total").GetDouble() > 141);
        }

        [Fact]
        public void Prints_a_step_that_does_not_fit_with_a_warning_under_allow_overflow()
        {
            var result = CliRunner.Run("predict", "--model", "llama3-405b", "--gpu", "h200-sxm", "--phase", "decode", "--batch", "256", "--context", "131072", "--allow-overflow");

            Assert.Equal(0, result.ExitCode);
            Assert.Contains("does not fit: 18.129 TB per GPU", result.Out, StringComparison.Ordinal);
            Assert.Equal("warning: memory: does not fit: the step needs 18.129 TB per GPU, more than the 141 GB of h200-sxm", result.Error.TrimEnd('\n', '\r'));
        }

        [Fact]
        public void Runs_fp4_on_a_b200_with_fp4_weights_and_no_slower_than_bf16()
        {
            string[] step = ["predict", "--model", "llama3-70b", "--gpu", "b200", "--phase", "decode", "--batch", "16", "--context", "2048", "--format", "json"];
            var bf16 = CliRunner.Run(step);
            var fp4 = CliRunner.Run([.. step, "--dtype", "fp4"]);

            Assert.Equal((0, 0), (bf16.ExitCode, fp4.ExitCode));
            using var b = JsonDocument.Parse(bf16.Out);
            using var f = JsonDocument.Parse(fp4.Out);
            var (bfWeights, fpWeights) = (b.RootElement.GetProperty("memory_gb").GetProperty("weights").GetDouble(), f.RootElement.GetProperty("memory_gb").GetProperty("weights").GetDouble());
            Assert.Equal(bfWeights * 0.5625 / 2, fpWeights, 1e-6); // half a byte and a 1-byte scale per 16 weights, against 2 bytes (1e-6 GB)
            Assert.True(f.RootElement.GetProperty("time_ms").GetDouble() < b.RootElement.GetProperty("time_ms").GetDouble());
            Assert.Equal("memory", f.RootElement.GetProperty("bound").GetString());
        }

        [Fact]
        public void Refuses_fp4_on_a_gpu_without_fp4()
        {
            var result = CliRunner.Run([.. Decode70b, "--dtype", "fp4"]);

            Assert.Equal((2, ""), (result.ExitCode, result.Out));
            Assert.Equal("error: --dtype: h200-sxm has no fp4 tensor cores", result.Error.TrimEnd('\n', '\r'));
        }

        [Fact]
        public void Writes_times_in_whole_nanoseconds_in_json()
        {
            var result = CliRunner.Run([.. Decode70b, "--format", "json"]);

            using var doc = JsonDocument.Parse(result.Out);
            var ms = doc.RootElement.GetProperty("time_ms").GetDouble();
            Assert.Equal(Math.Round(ms * 1e6), ms * 1e6, 1e-3); // a whole number of nanoseconds (1e-3 ns)
            Assert.True(doc.RootElement.GetProperty("fits").GetBoolean());
        }

        [Fact]
        public void Says_in_its_help_that_the_step_includes_the_collectives_between_the_gpus()
        {
            var result = CliRunner.Run("predict", "--help");

            var words = string.Join(' ', result.Out.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("With --tp or --ep the step is that of one GPU's shard of the model plus the collectives between the tp x ep GPUs (tensor-parallel all-reduces, expert-parallel all-to-alls) over the GPU's system, as `colossim comm` times them, not overlapped with compute.", words, StringComparison.Ordinal);
        }
    }
}
