using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Performance;

namespace Colossim.Tests.Performance;

public sealed class CalibrationChecksTests
{
    private static readonly ColossimCatalog Catalog = ColossimCatalog.BuiltIn;

    private static IReadOnlyList<CalibrationDoubt> Doubts(string jsonl, string gpu)
        => CalibrationChecks.Find(MeasurementReader.Parse(jsonl, new Problems()), Catalog.Gpus[gpu], Catalog);

    public sealed class TheFindMethod
    {
        [Theory]
        [InlineData("data/calibration/h200-sxm/microbench.jsonl")]
        [InlineData("data/calibration/h200-sxm/probe-gpu-times.jsonl")]
        [InlineData("tools/gpu-probe/results/h200-2026-11-28.jsonl")]
        [InlineData("tools/gpu-probe/results/h200-2026-11-28-fp8-layers.jsonl")]
        public void Finds_nothing_wrong_with_the_h200s_own_measurements(string file)
        {
            var text = File.ReadAllText(Colossim.Tests.Catalog.TestFiles.Repository(file));

            Assert.Empty(Doubts(text, "h200-sxm"));
        }

        [Fact]
        public void Accepts_a_gemm_at_the_peak_within_the_margin()
        {
            // 2 x 4096^3 FLOPs in 0.139 ms is 989 TFLOP/s: the H100's dense bf16 peak exactly.
            Assert.Empty(Doubts("{\"kind\": \"gemm\", \"M\": 4096, \"N\": 4096, \"K\": 4096, \"ms\": 0.139}\n", "h100-sxm"));
        }

        [Fact]
        public void Judges_an_fp8_gemm_against_the_fp8_peak()
        {
            // 2 x 4096^3 FLOPs in 0.0695 ms is 1,978 TFLOP/s: twice the bf16 peak, the fp8 peak.
            Assert.Empty(Doubts("{\"kind\": \"gemm\", \"dtype\": \"fp8\", \"M\": 4096, \"N\": 4096, \"K\": 4096, \"ms\": 0.0695}\n", "h100-sxm"));
            Assert.Single(Doubts("{\"kind\": \"gemm\", \"M\": 4096, \"N\": 4096, \"K\": 4096, \"ms\": 0.0695}\n", "h100-sxm"));
        }

        [Fact]
        public void Uses_the_graph_time_when_it_is_the_faster()
        {
            var doubt = Assert.Single(Doubts("{\"kind\": \"gemm\", \"M\": 4096, \"N\": 4096, \"K\": 4096, \"ms\": 0.2, \"ms_graph\": 0.01}\n", "h100-sxm"));

            Assert.Equal(1, doubt.Line);
        }

        [Fact]
        public void Refuses_a_prefill_attention_above_the_peak()
        {
            // 2 x 8 x 64 x 8192^2 x 128 = 8.8e12 FLOPs in 0.01 ms is 879,609 TFLOP/s.
            var doubt = Assert.Single(Doubts("{\"kind\": \"attn_prefill\", \"B\": 8, \"S\": 8192, \"hq\": 64, \"hkv\": 8, \"hd\": 128, \"ms\": 0.01}\n", "h100-sxm"));

            Assert.StartsWith("a prefill attention at 879,609.3 TFLOP/s is 889.4x", doubt.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Names_a_device_record_of_another_gpu()
        {
            var doubt = Assert.Single(Doubts("{\"kind\": \"device\", \"name\": \"NVIDIA H200\"}\n", "h100-sxm"));

            Assert.Equal(new CalibrationDoubt(1, "the device record names 'NVIDIA H200' (h200-sxm), not h100-sxm"), doubt);
        }

        [Fact]
        public void Says_nothing_of_a_device_the_catalog_does_not_know()
        {
            Assert.Empty(Doubts("{\"kind\": \"device\", \"name\": \"Acme Tensor 9000\"}\n", "h100-sxm"));
        }
    }
}
