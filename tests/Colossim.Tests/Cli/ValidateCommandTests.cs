using Colossim.Tests.Scenarios;

namespace Colossim.Tests.Cli;

public sealed class ValidateCommandTests
{
    private static readonly string SelfCheck = Path.Combine(ScenarioFiles.RepoRoot, "tools", "validation", "h200-selfcheck-2026-11-28.jsonl");
    private static readonly string ProbeTimes = Path.Combine(ScenarioFiles.RepoRoot, "data", "calibration", "h200-sxm", "probe-gpu-times.jsonl");

    public sealed class TheValidateCommand : IDisposable
    {
        private readonly TempFolder _temp = new();

        public void Dispose() => _temp.Dispose();

        [Fact]
        public void Finds_the_gpu_from_the_device_record()
        {
            var result = CliRunner.Run("validate", "--measurements", ProbeTimes, "--calibration", _temp.Path);

            Assert.Equal((0, ""), (result.ExitCode, result.Error));
            Assert.StartsWith("GPU h200-sxm: calibrated (microbench.jsonl, probe-gpu-times.jsonl)\n", result.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        }

        [Fact]
        public void Prints_markdown_tables_with_a_summary_per_kind()
        {
            var result = CliRunner.Run("validate", "--measurements", SelfCheck, "--gpu", "h200-sxm", "--markdown", "--calibration", _temp.Path);

            Assert.Equal((0, ""), (result.ExitCode, result.Error));
            var text = result.Out.ReplaceLineEndings("\n");
            Assert.StartsWith("GPU `h200-sxm`: calibrated (microbench.jsonl, probe-gpu-times.jsonl).\n\n| line | kind | model | shape | measured ms | predicted ms | error |\n", text, StringComparison.Ordinal);
            Assert.Contains("\n| kind | cases | median abs error | p90 abs error | max abs error | time-weighted abs error |\n", text, StringComparison.Ordinal);
            Assert.Contains("\n- skipped line 1 (start): not a timing\n", text, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("/dev/zero", "error: /dev/zero: the file is larger than the 64 MiB accepted")]
        [InlineData("/nonexistent.jsonl", "error: /nonexistent.jsonl: the file does not exist")]
        [InlineData("/nonexistent.csv", "error: /nonexistent.csv: the file does not exist")]
        [InlineData("/tmp", "error: /tmp: expected a file, found a directory")]
        public void Refuses_a_file_it_cannot_read(string file, string message)
        {
            var result = CliRunner.Run("validate", "--measurements", file, "--gpu", "h200-sxm", "--calibration", _temp.Path);

            Assert.Equal((2, ""), (result.ExitCode, result.Out));
            Assert.Equal(message, result.Error.ReplaceLineEndings("\n").TrimEnd('\n'));
        }

        [Fact]
        public void Refuses_an_empty_file()
        {
            var empty = _temp.File("empty.jsonl", "\n");

            var result = CliRunner.Run("validate", "--measurements", empty, "--gpu", "h200-sxm", "--calibration", _temp.Path);

            Assert.Equal((2, ""), (result.ExitCode, result.Out));
            Assert.Equal($"error: {empty}: the file has no records; expected measurements in the calibration format (JSON Lines with a kind) or a Vidur mlp.csv", result.Error.ReplaceLineEndings("\n").TrimEnd('\n'));
        }

        [Fact]
        public void Refuses_a_vidur_csv_with_absurd_sizes()
        {
            var csv = _temp.File("mlp.csv", "n_head,n_kv_head,n_embd,n_expanded_embd,use_gated_mlp,num_tokens,num_tensor_parallel_workers,time_stats.mlp_up_proj.median\n1e30,8,8192,28672,true,512,4,0.9\n");

            var result = CliRunner.Run("validate", "--measurements", csv, "--gpu", "h100-sxm", "--calibration", _temp.Path);

            Assert.Equal((2, ""), (result.ExitCode, result.Out));
            Assert.Equal($"error: {csv}:2: n_head: expected a whole number between 1 and 65,536, found '1e30'", result.Error.ReplaceLineEndings("\n").TrimEnd('\n'));
        }

        [SkippableFact]
        public void Refuses_a_named_pipe_without_waiting_for_a_writer()
        {
            Skip.If(OperatingSystem.IsWindows(), "named pipes are a Unix idea");
            var fifo = Path.Combine(_temp.Path, "m.jsonl");
            using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo))
            {
                mkfifo.WaitForExit();
            }

            var result = CliRunner.Run("validate", "--measurements", fifo, "--gpu", "h200-sxm", "--calibration", _temp.Path);

            Assert.Equal((2, ""), (result.ExitCode, result.Out));
            Assert.Equal($"error: {fifo}: expected a file, found a named pipe (FIFO)", result.Error.ReplaceLineEndings("\n").TrimEnd('\n'));
        }

        [Theory]
        [InlineData("/dev/zero", "error: /dev/zero: the file is larger than the 64 MiB accepted")]
        [InlineData("/nonexistent", "error: --calibration: expected a folder or a .jsonl file, found nothing at '/nonexistent'")]
        public void Prints_nothing_but_the_error_for_a_bad_calibration(string calibration, string message)
        {
            var result = CliRunner.Run("validate", "--measurements", SelfCheck, "--gpu", "h200-sxm", "--calibration", calibration);

            Assert.Equal((2, ""), (result.ExitCode, result.Out));
            Assert.Equal(message, result.Error.ReplaceLineEndings("\n").TrimEnd('\n'));
        }

        [Fact]
        public void Names_the_stored_file_of_a_broken_set()
        {
            var folder = Path.Combine(_temp.Path, "h200-sxm");
            Directory.CreateDirectory(folder);
            var broken = Path.Combine(folder, "broken.jsonl");
            File.WriteAllText(broken, "{\"kind\": \"gemm\", \"M\": 1}\n");

            var result = CliRunner.Run("validate", "--measurements", SelfCheck, "--gpu", "h200-sxm", "--calibration", _temp.Path);

            Assert.Equal((2, ""), (result.ExitCode, result.Out));
            Assert.StartsWith($"error: {broken}:1: N: ", result.Error, StringComparison.Ordinal);
        }
    }
}
