using System.Text.Json;

namespace Colossim.Tests.Cli;

public sealed class CommCommandTests
{
    public sealed class TheBadInputs
    {
        [Theory]
        [InlineData("--gpus: expected a whole rank count from 1 to 10,000,000, found '0'", "--gpus", "0", "--size", "1MiB")]
        [InlineData("--gpus: expected a whole rank count from 1 to 10,000,000, found '-8'", "--gpus=-8", "--size", "1MiB")]
        [InlineData("--gpus: expected a whole rank count from 1 to 10,000,000, found '2.5'", "--gpus", "2.5", "--size", "1MiB")]
        [InlineData("--size: expected a size per rank from 1 byte to 1PiB such as 64MiB, found '0'", "--gpus", "8", "--size", "0")]
        [InlineData("--size: expected a size per rank from 1 byte to 1PiB such as 64MiB, found '-1MiB'", "--gpus", "8", "--size=-1MiB")]
        [InlineData("--size: expected exactly one of --size (64MiB) or --sizes (1KiB:8GiB), found neither", "--gpus", "8")]
        [InlineData("--sizes: expected exactly one of --size (64MiB) or --sizes (1KiB:8GiB), found both", "--gpus", "8", "--size", "1MiB", "--sizes", "1KiB:1MiB")]
        [InlineData("--sizes: expected FROM no larger than TO, found '8GiB:1KiB'", "--gpus", "8", "--sizes", "8GiB:1KiB")]
        [InlineData("--sizes: expected FROM:TO such as 1KiB:8GiB, found '1KiB'", "--gpus", "8", "--sizes", "1KiB")]
        [InlineData("--placement: expected one of packed, spread, found 'scattered'", "--gpus", "8", "--size", "1MiB", "--placement", "scattered")]
        [InlineData("--algo: expected one of auto, ring, tree, nvls, hierarchical, found 'pat'", "--gpus", "8", "--size", "1MiB", "--algo", "pat")]
        [InlineData("--algo: tree cannot run all-gather on 8 × h100-sxm: the tree algorithm runs all-reduce only", "--gpus", "8", "--size", "1MiB", "--algo", "tree", "--op-override", "all-gather")]
        [InlineData("--algo: hierarchical cannot run all-reduce on 8 × h100-sxm: the hierarchical algorithm needs at least 2 ranks in each of at least 2 scale-up domains", "--gpus", "8", "--size", "1MiB", "--algo", "hierarchical")]
        [InlineData("--algo: nvls cannot run all-reduce on 16 × h100-sxm: NVLS reduces inside one scale-up domain of 8 GPUs; the group spans 2", "--gpus", "16", "--size", "1MiB", "--algo", "nvls")]
        public void Exits_with_2_and_says_what_was_expected(string message, params string[] args)
        {
            var op = "all-reduce";
            var rest = new List<string>();
            for (var i = 0; i < args.Length; i++)
            {
                if (args[i] == "--op-override")
                {
                    op = args[++i];
                }
                else
                {
                    rest.Add(args[i]);
                }
            }

            var result = CliRunner.Run(["comm", "--op", op, "--gpu", "h100-sxm", .. rest]);

            Assert.Equal(2, result.ExitCode);
            Assert.Equal($"error: {message}\n", result.Error.ReplaceLineEndings("\n"));
            Assert.Equal("", result.Out);
        }

        [Fact]
        public void Refuses_NVLS_on_a_system_without_NVLink_SHARP()
        {
            var result = CliRunner.Run("comm", "--op", "all-reduce", "--gpu", "a100-sxm-80gb", "--gpus", "8", "--size", "1GiB", "--algo", "nvls");

            Assert.Equal(2, result.ExitCode);
            Assert.Equal(
                "error: --algo: nvls cannot run all-reduce on 8 × a100-sxm-80gb: NVLS needs NVLink SHARP (NVSwitch of the Hopper generation or later); this system's scale-up (nvlink3) has none\n",
                result.Error.ReplaceLineEndings("\n"));
        }

        [Fact]
        public void Refuses_a_spread_placement_that_does_not_fit()
        {
            var result = CliRunner.Run("comm", "--op", "all-reduce", "--gpu", "gb200", "--gpus", "200k", "--size", "1GiB", "--placement", "spread");

            Assert.Equal(2, result.ExitCode);
            Assert.Equal(
                "error: --placement: spread puts one rank per scale-up domain of 72 GPUs: 200,000 ranks need 14,400,000 GPUs, more than the 10,000,000 a site may hold here\n",
                result.Error.ReplaceLineEndings("\n"));
        }

        [Fact]
        public void Refuses_an_unknown_operation()
        {
            var result = CliRunner.Run("comm", "--op", "allreduce", "--gpu", "h100-sxm", "--gpus", "8", "--size", "1MiB");

            Assert.Equal(2, result.ExitCode);
            Assert.Equal("error: --op: expected one of all-reduce, reduce-scatter, all-gather, all-to-all, broadcast, send-recv, found 'allreduce'\n", result.Error.ReplaceLineEndings("\n"));
        }

        [Fact]
        public void Refuses_an_unknown_GPU_with_the_plan_message()
        {
            var result = CliRunner.Run("comm", "--op", "all-reduce", "--gpu", "h1000", "--gpus", "8", "--size", "1MiB");

            Assert.Equal(2, result.ExitCode);
            Assert.StartsWith("error: --gpu: ", result.Error, StringComparison.Ordinal);
            Assert.Single(result.Error.TrimEnd().Split('\n'));
        }
    }

    public sealed class TheJsonOutput
    {
        [Fact]
        public void Has_exactly_the_contract_fields()
        {
            var result = CliRunner.Run("comm", "--op", "all-reduce", "--gpu", "h100-sxm", "--gpus", "8", "--sizes", "1KiB:1GiB", "--format", "json");

            Assert.Equal(0, result.ExitCode);
            using var doc = JsonDocument.Parse(result.Out);
            var root = doc.RootElement;
            Assert.Equal(["op", "gpus", "rows"], root.EnumerateObject().Select(p => p.Name));
            Assert.Equal("all-reduce", root.GetProperty("op").GetString());
            Assert.Equal(8, root.GetProperty("gpus").GetInt32());
            var rows = root.GetProperty("rows").EnumerateArray().ToList();
            Assert.Equal(21, rows.Count);
            Assert.Equal(["bytes", "time_us", "algbw_gbps", "busbw_gbps", "algorithm", "protocol", "bottleneck"], rows[0].EnumerateObject().Select(p => p.Name));
            Assert.Equal(1024, rows[0].GetProperty("bytes").GetDouble());
            var last = rows[^1];
            Assert.Equal("nvls", last.GetProperty("algorithm").GetString());
            Assert.Equal("simple", last.GetProperty("protocol").GetString());
            Assert.Equal("scale-up", last.GetProperty("bottleneck").GetString());

            // busbw = algbw x 2(n-1)/n for all-reduce (3-decimal rounding).
            Assert.Equal(last.GetProperty("algbw_gbps").GetDouble() * 1.75, last.GetProperty("busbw_gbps").GetDouble(), 0.01);
        }
    }

    public sealed class TheTextOutput
    {
        [Fact]
        public void Names_the_group_and_prints_one_row_per_size()
        {
            var result = CliRunner.Run("comm", "--op", "all-to-all", "--gpu", "h200-sxm", "--gpus", "16", "--sizes", "1MiB:4MiB");

            Assert.Equal(0, result.ExitCode);
            Assert.Contains("all-to-all on 16 × h200-sxm (dgx-h200, packed: 2 scale-up domains (8 ranks each), 1 leaf switch, 1 pod; nvlink4 constants)", result.Out, StringComparison.Ordinal);
            Assert.Contains("busbw (GB/s)", result.Out, StringComparison.Ordinal);
            Assert.Contains("4,194,304", result.Out, StringComparison.Ordinal);
            Assert.Contains("scale-out", result.Out, StringComparison.Ordinal);
        }
    }
}
