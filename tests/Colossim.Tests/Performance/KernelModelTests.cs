using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Performance;
using Colossim.Units;

namespace Colossim.Tests.Performance;

public sealed class KernelModelTests
{
    internal static GpuSpec H200 => ColossimCatalog.BuiltIn.Gpus["h200-sxm"];

    internal static KernelModel H200Model { get; } = KernelModel.For(H200, ColossimCatalog.BuiltIn);

    internal static GpuSpec Toy => new()
    {
        Id = "toy",
        Name = "Toy GPU",
        Vendor = "test",
        DenseBf16 = FlopRate.FromTeraFlops(100),
        HbmCapacity = new Bytes(80e9),
        HbmBandwidth = new Bandwidth(1e12),
        ScaleUpBandwidth = new Bandwidth(1e11),
        ScaleUpDomain = 8,
        Tdp = new Watts(400),
        Price = new Usd(1000),
    };

    public sealed class TheGemmMethod
    {
        [Fact]
        public void Matches_a_hand_roofline_without_calibration()
        {
            var model = KernelModel.Create(Toy, null);

            // 4096^3: 1.374e11 FLOP at 100 TFLOP/s x 0.70 = 1.963 ms, plus 1 us launch; bytes (3 x 32 MiB) at 0.89 TB/s = 0.113 ms.
            var t = model.Gemm(4096, 4096, 4096).Seconds;

            Assert.Equal((2.0 * 4096 * 4096 * 4096 / 70e12) + 1e-6, t, 1e-9);
            Assert.Equal(KernelPath.Roofline, model.Path);
        }

        [Fact]
        public void Returns_the_measured_graph_time_at_a_measured_shape()
        {
            var model = KernelModel.For(H200, ColossimCatalog.BuiltIn);

            // probe-gpu-times.jsonl: M=1 x 6144 x 4096 timed twice in a CUDA graph, 15.09 and 15.87 us (llama3-8b and
            // mixtral qkv): their geometric mean, 15.475 us. The eager reference timing, 22 us, measured the host.
            Assert.Equal(Math.Sqrt(15.0918e-6 * 15.8682e-6), model.Gemm(1, 6144, 4096).Seconds, 0.01e-6);
            Assert.Equal(KernelPath.Calibrated, model.Path);
        }

        [Fact]
        public void Keeps_a_graph_time_when_a_larger_M_was_measured_faster()
        {
            var model = KernelModel.For(H200, ColossimCatalog.BuiltIn);

            // probe-gpu-times.jsonl, llama3-70b/tp8/gate_up in a CUDA graph: M=1 33.30 us, M=64 31.49 us (cuBLAS picks
            // a split-K kernel at M=1, a faster one at M=64). The M=1 time is exact, not an upper bound to lower.
            Assert.Equal(33.30e-6, model.Gemm(1, 7168, 8192).Seconds, 0.01e-6);
            Assert.Equal(31.49e-6, model.Gemm(64, 7168, 8192).Seconds, 0.01e-6);
        }

        [Fact]
        public void Never_gets_faster_by_more_than_10_percent_as_M_grows()
        {
            // Graph-timed points are kept as measured, so a kernel change between two measured M may dip (7% at most in
            // the H200 data); eager points above a later point are still lowered.
            var model = KernelModel.For(H200, ColossimCatalog.BuiltIn);
            foreach (var (n, k) in new[] { (6144L, 4096L), (1280L, 8192L), (100_000L, 5000L), (3000L, 3000L) })
            {
                var previous = 0.0;
                for (long m = 1; m <= 1 << 15; m *= 2)
                {
                    var t = model.Gemm(m, n, k).Seconds;
                    Assert.True(t >= previous * 0.90, $"{m}x{n}x{k}: {t} < {previous}");
                    previous = t;
                }
            }
        }

        [Fact]
        public void Scales_an_uncalibrated_gpu_from_the_reference_by_bandwidth_when_memory_bound()
        {
            var h100 = H200 with { Id = "h100-test", HbmBandwidth = new Bandwidth(3.35e12) };
            var reference = KernelModel.For(H200, ColossimCatalog.BuiltIn);
            var model = KernelModel.Create(h100, null, reference);

            var ratio = model.Gemm(1, 57344, 8192).Seconds / reference.Gemm(1, 57344, 8192).Seconds;

            // A 0.94 GB weight read: time scales with 4.8 / 3.35 (launch costs aside), within 2%.
            Assert.Equal(4.8 / 3.35, ratio, 0.03);
            Assert.Equal(KernelPath.Roofline, model.Path);
        }
    }

    public sealed class TheAttentionDecodeMethod
    {
        [Fact]
        public void Grows_with_the_cached_tokens()
        {
            var model = KernelModel.For(H200, ColossimCatalog.BuiltIn);

            var shortContext = model.AttentionDecode(64, 64 * 1024.0, 32, 8, 128).Seconds;
            var longContext = model.AttentionDecode(64, 64 * 8192.0, 32, 8, 128).Seconds;

            Assert.True(longContext > 4 * shortContext, $"{longContext} vs {shortContext}");
        }
    }

    public sealed class TheAttentionDecodeLatentMethod
    {
        [Fact]
        public void Counts_the_latent_cache_once_and_every_heads_scores_and_weighted_sum()
        {
            // DeepSeek-V3: 128 heads, latent 512, rotary key 64; 4 sequences of 1,000 cached tokens, bf16 cache.
            var k = H200Model.AttentionDecodeLatent(4, 4000, 128, 512, 64, 2);

            Assert.Equal(2.0 * 128 * 4000 * (576 + 512), k.FlopCount, 1e-3);                   // 1.114 GFLOP
            Assert.Equal((576.0 * 2 * 4000) + (2.0 * 4 * 128 * (576 + 512)), k.ByteCount, 1e-3); // latent cache, queries and outputs
            Assert.Equal(1, k.Kernels);
        }

        [Fact]
        public void Reads_one_byte_per_cached_element_from_an_fp8_cache()
        {
            var k = H200Model.AttentionDecodeLatent(4, 4000, 128, 512, 64, 1);

            Assert.Equal((576.0 * 4000) + (2.0 * 4 * 128 * (576 + 512)), k.ByteCount, 1e-3);
        }

        [Fact]
        public void Is_held_by_its_flops_when_128_heads_share_an_fp8_cache()
        {
            // 64 sequences of 4,096 tokens: 73 GFLOP against 151 MB of fp8 latent, above the H200's ridge point, so halving
            // the cache bytes saves far less than half the time (a dense model's decode kernel is memory-bound).
            var bf16 = H200Model.AttentionDecodeLatent(64, 64 * 4096.0, 128, 512, 64, 2);
            var fp8 = H200Model.AttentionDecodeLatent(64, 64 * 4096.0, 128, 512, 64, 1);

            Assert.True(fp8.Seconds > 0.75 * bf16.Seconds, $"{fp8.Seconds} vs {bf16.Seconds}");
            Assert.True(fp8.Seconds >= H200Model.Roofline(fp8.FlopCount, fp8.ByteCount), "no faster than its roofline");
        }
    }

    public sealed class TheExpertsMethod
    {
        [Fact]
        public void Takes_longer_with_skewed_routing()
        {
            var model = KernelModel.For(H200, ColossimCatalog.BuiltIn);

            var balanced = model.Experts(4096, 8, 2, 6144, 4096);
            var skewed = model.Experts(4096, 8, 2, 6144, 4096, hotLoad: 3);

            Assert.Equal(8, balanced.ActiveExperts);
            Assert.True(skewed.GateUp.Seconds > 1.5 * balanced.GateUp.Seconds, $"{skewed.GateUp.Seconds} vs {balanced.GateUp.Seconds}");
        }
    }

    public sealed class TheHostProfile
    {
        [Fact]
        public void Comes_from_the_probes_eager_launch_records()
        {
            var model = KernelModel.For(H200, ColossimCatalog.BuiltIn);

            // probe-gpu-times.jsonl: add 6.37, mul 6.13, linear 12.15, sdpa 14.51 us (view is not a kernel): median 9.26 us.
            Assert.Equal(9.26e-6, model.Host.EagerSecondsPerKernel, 0.01e-6);
            Assert.InRange(model.Host.GraphSecondsPerKernel, 0.5e-6, 1.5e-6);
            Assert.StartsWith("median of 4 eager op launch records", model.Host.Source, StringComparison.Ordinal);
        }

        [Fact]
        public void Takes_an_imported_sets_own_launch_records()
        {
            var problems = new Problems("x.jsonl");
            var records = MeasurementReader.Parse(
                "{\"kind\": \"gemm\", \"M\": 16, \"N\": 4096, \"K\": 4096, \"ms\": 0.02}\n" +
                "{\"kind\": \"launch\", \"op\": \"add\", \"mode\": \"eager\", \"us_per_op\": 4}\n" +
                "{\"kind\": \"launch\", \"op\": \"linear\", \"mode\": \"eager\", \"us_per_op\": 8}\n" +
                "{\"kind\": \"launch\", \"op\": \"sdpa\", \"mode\": \"eager\", \"us_per_op\": 10}\n", problems);

            var model = KernelModel.Create(ColossimCatalog.BuiltIn.Gpus["h100-sxm"], CalibrationSet.FromRecords("h100-sxm", records, problems, "x.jsonl"));

            Assert.Equal(8e-6, model.Host.EagerSecondsPerKernel, 1e-12);
            Assert.Equal("median of 3 eager op launch records", model.Host.Source);
        }

        [Fact]
        public void Prefers_the_reference_layers_own_host_time_when_the_probe_measured_it()
        {
            var problems = new Problems("x.jsonl");
            var records = MeasurementReader.Parse(
                "{\"kind\": \"gemm\", \"M\": 16, \"N\": 4096, \"K\": 4096, \"ms\": 0.02}\n" +
                "{\"kind\": \"launch\", \"op\": \"add\", \"mode\": \"eager\", \"us_per_op\": 4}\n" +
                "{\"kind\": \"launch\", \"op\": \"layer\", \"mode\": \"eager\", \"us_per_op\": 11, \"kernels_per_call\": 26}\n", problems);

            var model = KernelModel.Create(ColossimCatalog.BuiltIn.Gpus["h100-sxm"], CalibrationSet.FromRecords("h100-sxm", records, problems, "x.jsonl"));

            Assert.Empty(problems);
            Assert.Equal(11e-6, model.Host.EagerSecondsPerKernel, 1e-12);
            Assert.Equal("median of 1 reference-layer launch records", model.Host.Source);
        }

        [Fact]
        public void Borrows_the_built_in_launch_records_for_an_imported_set_without_them()
        {
            var problems = new Problems("x.jsonl");
            var records = MeasurementReader.Parse("{\"kind\": \"gemm\", \"M\": 16, \"N\": 4096, \"K\": 4096, \"ms\": 0.02}\n", problems);

            var model = KernelModel.Create(ColossimCatalog.BuiltIn.Gpus["h100-sxm"], CalibrationSet.FromRecords("h100-sxm", records, problems, "x.jsonl"));

            Assert.Equal(KernelModel.For(H200, ColossimCatalog.BuiltIn).Host.EagerSecondsPerKernel, model.Host.EagerSecondsPerKernel, 1e-12);
            Assert.EndsWith("borrowed: no eager launch records for h100-sxm", model.Host.Source, StringComparison.Ordinal);
        }
    }

    public sealed class TheElementwiseMethod
    {
        [Fact]
        public void Prices_a_fused_kernel_from_its_fit_where_no_sweep_was_measured()
        {
            var model = KernelModel.For(H200, ColossimCatalog.BuiltIn);
            var fit = model.Calibration!.FusedKernels.Single(f => f.Op == ElementwiseOp.FusedRmsNorm);

            var tiny = model.Elementwise(ElementwiseOp.FusedRmsNorm, 1, 8192).Seconds;
            var large = model.Elementwise(ElementwiseOp.FusedRmsNorm, 16384, 8192).Seconds;

            Assert.True(fit.CrossGpu);
            Assert.Equal(fit.FloorSeconds + (fit.FloorSecondsPerWidth * 8192), tiny, 1e-12);
            Assert.Equal(16384.0 * 8192 * fit.BytesPerElement / model.Bandwidth, large, 1e-12);
        }

        [Fact]
        public void Reads_a_fit_and_reports_a_bad_one_with_its_line()
        {
            var problems = new Problems("f.jsonl");
            var records = MeasurementReader.Parse(
                "{\"kind\": \"fused_kernel\", \"op\": \"rope\", \"bytes_per_element\": 8, \"floor_us\": 1, \"floor_us_per_width\": 0.0002, \"cross_gpu\": true}\n" +
                "{\"kind\": \"fused_kernel\", \"op\": \"rope\", \"bytes_per_element\": 1e308, \"floor_us\": 1, \"floor_us_per_width\": 0}\n", problems);

            var set = CalibrationSet.FromRecords("toy", records, problems, "f.jsonl");

            var fit = Assert.Single(set.FusedKernels);
            Assert.Equal((ElementwiseOp.Rope, 8.0, 1e-6, 2e-10, true), (fit.Op, fit.BytesPerElement, fit.FloorSeconds, fit.FloorSecondsPerWidth, fit.CrossGpu));
            Assert.Empty(set.Sources); // a file of fits is not a source of measured kernel times
            Assert.StartsWith("f.jsonl:2: bytes_per_element: ", Assert.Single(problems).ToString(), StringComparison.Ordinal);
        }
    }

    public sealed class TheGraphKernelSecondsMethod
    {
        [Fact]
        public void Follows_the_graph_launch_records_and_holds_their_ends()
        {
            var model = KernelModel.For(H200, ColossimCatalog.BuiltIn);

            // probe-gpu-times.jsonl: 0.876 us per kernel in a graph of 16, 0.821 in 128, 0.994 in 512.
            Assert.Equal(0.8762e-6, model.GraphKernelSeconds(KernelModel.CalibrationGraphKernels), 0.0001e-6);
            Assert.Equal(0.8214e-6, model.GraphKernelSeconds(128), 0.0001e-6);
            Assert.Equal((0.8214e-6 + 0.9937e-6) / 2, model.GraphKernelSeconds(256), 0.0001e-6); // halfway in log(kernels)
            Assert.Equal(0.9937e-6, model.GraphKernelSeconds(10_000), 0.0001e-6);
        }

        [Fact]
        public void Falls_back_to_the_host_profile_without_sized_graph_records()
        {
            var problems = new Problems("x.jsonl");
            var records = MeasurementReader.Parse("{\"kind\": \"gemm\", \"M\": 16, \"N\": 4096, \"K\": 4096, \"ms\": 0.02}\n{\"kind\": \"launch\", \"op\": \"add\", \"mode\": \"graph\", \"us_per_op\": 2}\n", problems);

            var model = KernelModel.Create(ColossimCatalog.BuiltIn.Gpus["h100-sxm"], CalibrationSet.FromRecords("h100-sxm", records, problems, "x.jsonl"));

            Assert.Equal(2e-6, model.GraphKernelSeconds(1000), 1e-12);
        }
    }

    public sealed class TheUncertaintyPct
    {
        [Fact]
        public void Is_the_cross_gpu_error_measured_for_a_gpu_on_the_roofline_path()
        {
            var h100 = KernelModel.For(ColossimCatalog.BuiltIn.Gpus["h100-sxm"], ColossimCatalog.BuiltIn);
            var measured = CalibrationSet.BuiltIn("h200-sxm")!.CrossGpuErrors.Single(e => e.Gpu == "h100-sxm");

            Assert.Equal(KernelPath.Roofline, h100.Path);
            Assert.Equal(measured.UncertaintyPct, h100.UncertaintyPct);
            Assert.StartsWith("cross-GPU error measured for h100-sxm from h200-sxm: ", h100.UncertaintyBasis, StringComparison.Ordinal);
        }

        [Fact]
        public void Is_the_largest_measured_for_a_gpu_without_a_measurement()
        {
            var b200 = KernelModel.For(ColossimCatalog.BuiltIn.Gpus["b200"], ColossimCatalog.BuiltIn);

            Assert.Equal(CalibrationSet.BuiltIn("h200-sxm")!.CrossGpuErrors.Max(e => e.UncertaintyPct), b200.UncertaintyPct);
            Assert.StartsWith("no cross-GPU measurement for b200", b200.UncertaintyBasis, StringComparison.Ordinal);
        }

        [Fact]
        public void Is_absent_for_a_calibrated_gpu()
        {
            Assert.Null(KernelModel.For(H200, ColossimCatalog.BuiltIn).UncertaintyPct);
        }
    }

    public sealed class TheCalibrationSet
    {
        [Fact]
        public void Ships_h200_as_an_embedded_resource()
        {
            var set = CalibrationSet.BuiltIn("h200-sxm");

            Assert.NotNull(set);
            Assert.True(set.Gemms.Length > 200);
            Assert.Equal(4271.1e9, set.CopyBandwidthBytesPerSecond, 1e9);
        }

        [Fact]
        public void Reports_a_bad_kernel_record_with_its_line()
        {
            var problems = new Problems("x.jsonl");
            var records = MeasurementReader.Parse("{\"kind\": \"gemm\", \"M\": 1, \"N\": 2, \"K\": 3, \"ms\": 0.01}\n{\"kind\": \"gemm\", \"M\": 1, \"N\": 2, \"ms\": 0.01}\n", problems);

            var set = CalibrationSet.FromRecords("toy", records, problems, "x.jsonl");

            Assert.Single(set.Gemms);
            Assert.Equal("x.jsonl:2: K: is required", Assert.Single(problems).ToString());
        }
    }
}
