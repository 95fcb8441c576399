using System.Text.Json;
using Colossim.Tests.Scenarios;

namespace Colossim.Tests.Cli;

public sealed class CalibrateCommandTests
{
    private static readonly string H200Files = Path.Combine(ScenarioFiles.RepoRoot, "data", "calibration", "h200-sxm");
    private static readonly string Microbench = Path.Combine(H200Files, "microbench.jsonl");

    public sealed class TheImportCommand : IDisposable
    {
        private readonly TempFolder _temp = new();

        private string Store => Path.Combine(_temp.Path, "store");

        public void Dispose() => _temp.Dispose();

        [Fact]
        public void Stores_a_probe_file_for_its_gpu_and_says_where()
        {
            var result = CliRunner.Run("calibrate", "import", Microbench, "--gpu", "h200-sxm", "--out", Store);

            var stored = Path.Combine(Store, "h200-sxm", "microbench.jsonl");
            Assert.Equal((0, ""), (result.ExitCode, result.Error));
            Assert.Equal(
                "imported 145 GEMMs, 10 prefill and 14 decode attentions, 0 memory-bound kernels for h200-sxm\n"
                + $"stored in {stored}; colossim predict and validate use it for h200-sxm\n",
                result.Out.ReplaceLineEndings("\n"));
            Assert.Equal(File.ReadAllText(Microbench), File.ReadAllText(stored));
            Assert.Equal([Path.Combine("store", "h200-sxm", "microbench.jsonl")], _temp.Files()); // no temporary file left
        }

        [Fact]
        public void Keeps_a_long_stored_path_on_one_line()
        {
            var store = Path.Combine(_temp.Path, new string('s', 150));

            var result = CliRunner.Run("calibrate", "import", Microbench, "--gpu", "h200-sxm", "--out", store);

            Assert.Equal(0, result.ExitCode);
            Assert.Equal($"stored in {Path.Combine(store, "h200-sxm", "microbench.jsonl")}; colossim predict and validate use it for h200-sxm", result.Out.ReplaceLineEndings("\n").Split('\n')[1]);
        }

        [Fact]
        public void Says_what_it_stored_in_json()
        {
            var result = CliRunner.Run("calibrate", "import", Microbench, "--gpu", "h200-sxm", "--out", Store, "--format", "json");

            Assert.Equal(0, result.ExitCode);
            using var doc = JsonDocument.Parse(result.Out);
            var root = doc.RootElement;
            Assert.Equal(("h200-sxm", 145, 14), (root.GetProperty("gpu").GetString(), root.GetProperty("gemms").GetInt32(), root.GetProperty("attention_decode").GetInt32()));
            Assert.Equal(4271.1, root.GetProperty("bandwidth_gbps").GetDouble(), 0.1); // the best copy measured (0.1 GB/s)
        }

        [Fact]
        public void Replaces_a_stored_file_of_the_same_name()
        {
            var folder = Path.Combine(Store, "h200-sxm");
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "microbench.jsonl"), "old");

            var result = CliRunner.Run("calibrate", "import", Microbench, "--gpu", "h200-sxm", "--out", Store);

            Assert.Equal(0, result.ExitCode);
            Assert.Equal(File.ReadAllText(Microbench), File.ReadAllText(Path.Combine(folder, "microbench.jsonl")));
        }

        [Theory]
        [InlineData("/dev/zero", "error: /dev/zero: the file is larger than the 64 MiB accepted")]
        [InlineData("/dev/urandom", "error: /dev/urandom: the file is larger than the 64 MiB accepted")]
        [InlineData("/nonexistent.jsonl", "error: /nonexistent.jsonl: the file does not exist")]
        [InlineData("/tmp", "error: /tmp: expected a file, found a directory")]
        public void Refuses_a_file_it_cannot_read(string file, string message)
        {
            var result = CliRunner.Run("calibrate", "import", file, "--gpu", "h100-sxm", "--out", Store);

            Assert.Equal((2, ""), (result.ExitCode, result.Out));
            Assert.Equal(message, result.Error.ReplaceLineEndings("\n").TrimEnd('\n'));
            Assert.Empty(_temp.Files());
        }

        [SkippableFact]
        public void Refuses_a_named_pipe_without_waiting_for_a_writer()
        {
            Skip.If(OperatingSystem.IsWindows(), "named pipes are a Unix idea");
            var fifo = Path.Combine(_temp.Path, "probe.jsonl");
            using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo))
            {
                mkfifo.WaitForExit();
            }

            var result = CliRunner.Run("calibrate", "import", fifo, "--gpu", "h100-sxm", "--out", Store);

            Assert.Equal((2, ""), (result.ExitCode, result.Out));
            Assert.Equal($"error: {fifo}: expected a file, found a named pipe (FIFO)", result.Error.ReplaceLineEndings("\n").TrimEnd('\n'));
        }

        [Theory]
        [InlineData("", "no kernel measurements (gemm, attn_prefill, attn_decode) in the file")]
        [InlineData("{\"kind\": \"gemm\", \"M\": 4096, \"N\": 4096, \"K\": 4096, \"ms\": 1e308}\n", "1: ms: expected a number between 1E-09 and 3,600,000, found '1e308'")]
        [InlineData("{\"kind\": \"gemm\", \"M\": 4096, \"N\": 4096, \"K\": 4096, \"ms\": 1e-9}\n", "1: a bf16 GEMM at 137,438,953,472 TFLOP/s is 138,967,597x the GPU's dense peak of 989 TFLOP/s; not imported (pass --force to import it anyway)")]
        [InlineData("{\"kind\": \"gemm\", \"M\": 4096, \"N\": 4096, \"K\": 4096, \"ms\": 0.12}\n{\"kind\": \"gemm\", \"M\": 4096, \"N\": 4096, \"K\": 4096, \"ms\": 0.05}\n{\"kind\": \"membw\", \"op\": \"copy\", \"gbps\": 9000}\n", "2: a bf16 GEMM at 2,748.8 TFLOP/s is 2.8x the GPU's dense peak of 989 TFLOP/s (2 more records are faster than the datasheet allows); not imported (pass --force to import it anyway)")]
        [InlineData("{\"kind\": \"device\", \"name\": \"Synthetic GPU\", \"synthetic\": true}\n{\"kind\": \"gemm\", \"M\": 4096, \"N\": 4096, \"K\": 4096, \"ms\": 0.2, \"synthetic\": true}\n", "1: 2 records are marked \"synthetic\": true (the output of gpu_probe.py --dry-run), not measurements; not imported (pass --force to import it anyway)")]
        [InlineData("{\"kind\": \"gemm\", \"M\": 4096, \"N\": 4096, \"K\": 4096, \"ms\": 0.2}\n{\"kind\": \"gemm\", \"M\": 4096, \"N\": 4096}\n", "2: K: is required")]
        [InlineData("not json\n", "1: expected a JSON object, found 'not json'")]
        [InlineData("{\"kind\": \"gemm\", \"M\": 1e30, \"N\": 4096, \"K\": 4096, \"ms\": 0.2}\n", "1: M: expected a whole number between 1 and 1,073,741,824, found '1e30'")]
        public void Refuses_a_file_that_is_not_a_measurement_of_the_gpu_and_stores_nothing(string text, string message)
        {
            var file = _temp.File("probe.jsonl", text);

            var result = CliRunner.Run("calibrate", "import", file, "--gpu", "h100-sxm", "--out", Store);

            Assert.Equal((2, ""), (result.ExitCode, result.Out));
            Assert.StartsWith($"error: {file}:", result.Error, StringComparison.Ordinal);
            Assert.Equal($"error: {file}:{(message.Length > 0 && char.IsDigit(message[0]) ? "" : " ")}{message}", result.Error.ReplaceLineEndings("\n").Split('\n')[0]);
            Assert.Equal(["probe.jsonl"], _temp.Files());
        }

        [Fact]
        public void Refuses_a_vidur_csv_with_absurd_sizes_and_stores_nothing()
        {
            var csv = _temp.File("mlp.csv", "n_head,n_kv_head,n_embd,n_expanded_embd,use_gated_mlp,num_tokens,num_tensor_parallel_workers,time_stats.mlp_up_proj.median\n64,8,8192,28672,true,1e12,4,0.9\n");

            var result = CliRunner.Run("calibrate", "import", csv, "--gpu", "h100-sxm", "--out", Store);

            Assert.Equal((2, ""), (result.ExitCode, result.Out));
            Assert.Equal($"error: {csv}:2: num_tokens: expected a whole number between 1 and 16,777,216, found '1e12'", result.Error.ReplaceLineEndings("\n").TrimEnd('\n'));
            Assert.Equal(["mlp.csv"], _temp.Files());
        }

        [Fact]
        public void Refuses_another_gpus_file()
        {
            var result = CliRunner.Run("calibrate", "import", Microbench, "--gpu", "h100-sxm", "--out", Store);

            Assert.Equal((2, ""), (result.ExitCode, result.Out));
            Assert.Equal(
                $"error: {Microbench}:1: the device record names 'NVIDIA H200' (h200-sxm), not h100-sxm; not imported (pass --force to import it anyway)\n"
                + $"error: {Microbench}:161: a decode attention at 4,524.2 GB/s is 1.4x the GPU's HBM bandwidth of 3,350 GB/s (9 more records are faster than the datasheet allows); not imported (pass --force to import it anyway)\n",
                result.Error.ReplaceLineEndings("\n"));
            Assert.Empty(_temp.Files());
        }

        [Fact]
        public void Imports_a_refused_file_with_force_and_warns()
        {
            var file = _temp.File("fast.jsonl", "{\"kind\": \"gemm\", \"M\": 4096, \"N\": 4096, \"K\": 4096, \"ms\": 1e-9}\n");

            var result = CliRunner.Run("calibrate", "import", file, "--gpu", "h100-sxm", "--out", Store, "--force");

            Assert.Equal(0, result.ExitCode);
            Assert.Equal(
                $"{file}:1: warning: a bf16 GEMM at 137,438,953,472 TFLOP/s is 138,967,597x the GPU's dense peak of 989 TFLOP/s; imported anyway (--force)",
                result.Error.ReplaceLineEndings("\n").TrimEnd('\n'));
            Assert.True(File.Exists(Path.Combine(Store, "h100-sxm", "fast.jsonl")));
        }

        [Fact]
        public void Refuses_an_out_that_is_a_file()
        {
            var file = _temp.File("not-a-folder", "");

            var result = CliRunner.Run("calibrate", "import", Microbench, "--gpu", "h200-sxm", "--out", file);

            Assert.Equal((2, ""), (result.ExitCode, result.Out));
            Assert.Equal($"error: --out: cannot write {Path.Combine(file, "h200-sxm", "microbench.jsonl")}: '{file}' is a file, not a folder", result.Error.ReplaceLineEndings("\n").TrimEnd('\n'));
        }

        [SkippableFact]
        public void Refuses_dev_null_as_out()
        {
            Skip.If(OperatingSystem.IsWindows(), "/dev/null is a Unix path");

            var result = CliRunner.Run("calibrate", "import", Microbench, "--gpu", "h200-sxm", "--out", "/dev/null");

            Assert.Equal((2, ""), (result.ExitCode, result.Out));
            Assert.Equal("error: --out: cannot write /dev/null/h200-sxm/microbench.jsonl: '/dev/null' is a file, not a folder", result.Error.ReplaceLineEndings("\n").TrimEnd('\n'));
        }

        [SkippableFact]
        public void Refuses_an_out_it_cannot_create()
        {
            Skip.IfNot(OperatingSystem.IsLinux(), "/proc is Linux's");

            var result = CliRunner.Run("calibrate", "import", Microbench, "--gpu", "h200-sxm", "--out", "/proc/nope");

            Assert.Equal((2, ""), (result.ExitCode, result.Out));
            Assert.StartsWith("error: --out: cannot write /proc/nope/h200-sxm/microbench.jsonl: ", result.Error, StringComparison.Ordinal);
            Assert.Single(result.Error.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'));
        }

        [Fact]
        public void Refuses_an_empty_out()
        {
            var result = CliRunner.Run("calibrate", "import", Microbench, "--gpu", "h200-sxm", "--out", "");

            Assert.Equal((2, ""), (result.ExitCode, result.Out));
            Assert.Equal("error: --out: expected a folder, found an empty name", result.Error.ReplaceLineEndings("\n").TrimEnd('\n'));
        }
    }

    public sealed class TheShowCommand : IDisposable
    {
        private readonly TempFolder _temp = new();

        public void Dispose() => _temp.Dispose();

        [Fact]
        public void Says_which_path_the_model_takes()
        {
            var result = CliRunner.Run("calibrate", "show", "--gpu", "h200-sxm", "--calibration", _temp.Path);

            Assert.Equal((0, ""), (result.ExitCode, result.Error));
            Assert.StartsWith("h200-sxm: calibrated (microbench.jsonl, probe-gpu-times.jsonl)\n  GEMMs 447, ", result.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        }

        [Fact]
        public void Uses_an_imported_set()
        {
            var store = Path.Combine(_temp.Path, "store");
            Assert.Equal(0, CliRunner.Run("calibrate", "import", Microbench, "--gpu", "h200-sxm", "--out", store).ExitCode);

            var result = CliRunner.Run("calibrate", "show", "--gpu", "h200-sxm", "--calibration", store, "--format", "json");

            Assert.Equal(0, result.ExitCode);
            using var doc = JsonDocument.Parse(result.Out);
            Assert.Equal("calibrated (microbench.jsonl, probe-gpu-times.jsonl, microbench.jsonl)", doc.RootElement.GetProperty("description").GetString());
        }

        [Theory]
        [InlineData("/dev/zero", "error: /dev/zero: the file is larger than the 64 MiB accepted")]
        [InlineData("/nonexistent", "error: --calibration: expected a folder or a .jsonl file, found nothing at '/nonexistent'")]
        public void Prints_nothing_but_the_error_for_a_bad_calibration(string calibration, string message)
        {
            var result = CliRunner.Run("calibrate", "show", "--gpu", "h200-sxm", "--calibration", calibration);

            Assert.Equal((2, ""), (result.ExitCode, result.Out));
            Assert.Equal(message, result.Error.ReplaceLineEndings("\n").TrimEnd('\n'));
        }

        [Fact]
        public void Refuses_a_calibration_file_without_measurements()
        {
            var empty = _temp.File("empty.jsonl", "");

            var result = CliRunner.Run("calibrate", "show", "--gpu", "h200-sxm", "--calibration", empty);

            Assert.Equal((2, ""), (result.ExitCode, result.Out));
            Assert.Equal($"error: --calibration: expected measurements (gemm, attn_prefill, attn_decode records) in '{empty}', found none", result.Error.ReplaceLineEndings("\n").TrimEnd('\n'));
        }
    }

    public sealed class TheLooCommand : IDisposable
    {
        private readonly TempFolder _temp = new();

        public void Dispose() => _temp.Dispose();

        [Fact]
        public void Prints_one_markdown_row_per_group()
        {
            var result = CliRunner.Run("calibrate", "loo", "--gpu", "h200-sxm", "--markdown", "--calibration", _temp.Path);

            Assert.Equal((0, ""), (result.ExitCode, result.Error));
            var lines = result.Out.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
            Assert.Equal("| GEMMs left out | count | median abs error | p90 abs error | max abs error |", lines[0]);
            Assert.EndsWith(" |", lines[^1], StringComparison.Ordinal);
            Assert.StartsWith("| all | 315 | ", lines[^1], StringComparison.Ordinal); // the GEMMs of the built-in set that have neighbours
        }

        [Fact]
        public void Says_a_gpu_without_calibration_has_nothing_to_check()
        {
            var result = CliRunner.Run("calibrate", "loo", "--gpu", "b200", "--calibration", _temp.Path);

            Assert.Equal((2, ""), (result.ExitCode, result.Out));
            Assert.Equal("error: --gpu: b200 has no calibration set; import one with colossim calibrate import", result.Error.ReplaceLineEndings("\n").TrimEnd('\n'));
        }
    }
}
