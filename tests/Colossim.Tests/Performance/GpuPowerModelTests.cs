using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Performance;
using Colossim.Units;

namespace Colossim.Tests.Performance;

public sealed class GpuPowerModelTests
{
    // Steady power read off the calibration CSVs (shared/calibration/h200, samples after the one-second sensor ramp):
    // 8192^3 bf16 GEMMs 692.1 W (power-gemm-8192-bf16.csv rows 21-68), 4 GiB HBM copies 632.5 W
    // (power-hbm-copy-4GiB.csv rows 21-67), the earlier GEMM load 692.0 W (power-under-gemm-load.csv rows 12-37).
    private const double GemmPlateau = 692.1;
    private const double CopyPlateau = 632.5;
    private const double LoadPlateau = 692.0;

    internal static GpuPowerModel H200 { get; } = GpuPowerModel.For(KernelModelTests.H200Model);

    private static PowerPhaseSample Phase(string name) => KernelModelTests.H200Model.Calibration!.PowerPhases.Single(p => p.Phase == name);

    private static double Probe(PowerPhaseSample phase) =>
        GpuPowerModel.ProbeMean(H200.Kernel(Duration.FromSeconds(phase.MsPerCall / 1e3), new Flops(phase.FlopsPerCall), new Bytes(phase.BytesPerCall)).Power, H200.Floor, Duration.FromSeconds(phase.Seconds)).Value;

    public sealed class TheForMethod
    {
        [Fact]
        public void Fits_the_h200_to_its_own_power_records()
        {
            Assert.True(H200.Calibrated);
            Assert.Equal(80.465, H200.Idle.Value, 3);
            Assert.Equal(121.3, H200.Floor.Value, 1);
            Assert.Equal(700, H200.Limit.Value);
            Assert.StartsWith("fitted to h200-sxm's power_phase records (idle, gemm-8192-bf16, hbm-copy-4GiB", H200.Source, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("gemm-8192-bf16")]
        [InlineData("hbm-copy-4GiB")]
        [InlineData("idle")]
        public void Reproduces_the_records_it_is_fitted_to_through_the_probes_sensor(string name)
        {
            var phase = Phase(name);

            var predicted = name == "idle" ? H200.Idle.Value : Probe(phase);

            Assert.Equal(phase.WattsMean, predicted, phase.WattsMean * 0.001); // 0.1%: two coefficients, two active records
        }

        [Theory]
        [InlineData("gemm-8192-bf16", GemmPlateau)]
        [InlineData("hbm-copy-4GiB", CopyPlateau)]
        public void Predicts_the_steady_power_of_the_csv_samples_within_2_percent(string name, double plateau)
        {
            var phase = Phase(name);

            var steady = H200.Kernel(Duration.FromSeconds(phase.MsPerCall / 1e3), new Flops(phase.FlopsPerCall), new Bytes(phase.BytesPerCall)).Power.Value;

            Assert.Equal(plateau, steady, plateau * 0.02);
        }

        [Fact]
        public void Predicts_the_earlier_gemm_load_run_and_its_sustained_rate()
        {
            // The calibration's own 8192^3 GEMM time (short bursts) sustained under the cap, against the power_load record
            // (661.4 TFLOP/s over 8 s) and the steady power of its CSV; neither was used to fit.
            var gemm = KernelModelTests.H200Model.Gemm(8192, 8192, 8192);

            var power = H200.Kernel(gemm);
            var sustained = gemm.Flops.Value / power.Time.TotalSeconds / 1e12;

            Assert.Equal(LoadPlateau, power.Power.Value, LoadPlateau * 0.02);
            Assert.Equal(661.4, sustained, 661.4 * 0.05);
        }

        [Fact]
        public void Fits_the_new_probe_phases_with_the_floor_from_the_clocked_idle_phase()
        {
            // Records in the shape tools/gpu-probe's power section writes (numbers invented for the test).
            const string Jsonl = """
                {"kind": "power_phase", "phase": "idle", "seconds": 4, "ms_per_call": 50, "watts_mean": 70, "flops_per_call": 0, "bytes_per_call": 0}
                {"kind": "power_phase", "phase": "idle-clocked", "seconds": 6, "ms_per_call": 1.1, "watts_mean": 110, "flops_per_call": 0, "bytes_per_call": 8}
                {"kind": "power_phase", "phase": "gemm-70b-tp8-m8", "seconds": 6, "ms_per_call": 10, "watts_mean": 450, "flops_per_call": 1e11, "bytes_per_call": 3.5e10}
                {"kind": "power_phase", "phase": "gemm-8192-bf16", "seconds": 6, "ms_per_call": 16, "watts_mean": 640, "flops_per_call": 1.1e13, "bytes_per_call": 4e9}
                """;
            var problems = new Problems();
            var set = CalibrationSet.FromRecords("h200-sxm", MeasurementReader.Parse(Jsonl, problems), problems, "p.jsonl");

            Assert.True(GpuPowerModel.TryFit(KernelModelTests.H200, set, out var model));

            Assert.Empty(problems);
            Assert.Equal(70, model.Idle.Value, 1e-9);
            Assert.Equal(GpuPowerModel.ProbeSteady(set.PowerPhases[1], 70), model.Floor.Value, 1e-9);
            Assert.True(model.Compute.Value > 0 && model.Memory.Value > 0);
            Assert.DoesNotContain("clocked idle", model.Source, StringComparison.Ordinal);
        }

        [Fact]
        public void Does_not_fit_without_an_idle_record()
        {
            var problems = new Problems();
            var set = CalibrationSet.FromRecords("h200-sxm", MeasurementReader.Parse("""{"kind": "power_phase", "phase": "gemm-8192-bf16", "seconds": 6, "ms_per_call": 16, "watts_mean": 640}""", problems), problems, "p.jsonl");

            Assert.False(GpuPowerModel.TryFit(KernelModelTests.H200, set, out _));
        }

        [Fact]
        public void Scales_the_h200_by_tdp_for_a_gpu_without_records()
        {
            var b200 = ColossimCatalog.BuiltIn.Gpus["b200"];

            var model = GpuPowerModel.For(KernelModel.For(b200, ColossimCatalog.BuiltIn));

            Assert.False(model.Calibrated);
            Assert.Equal(b200.Tdp, model.Limit);
            Assert.Equal(H200.Compute.Value * b200.Tdp.Value / 700, model.Compute.Value, 1e-6);
            Assert.StartsWith("scaled from h200-sxm's by TDP (1000 W / 700 W; no power records for b200)", model.Source, StringComparison.Ordinal);
        }
    }

    public sealed class TheKernelMethod
    {
        [Fact]
        public void Gives_the_floor_to_a_kernel_that_does_nothing_and_the_idle_power_to_a_gpu_at_rest()
        {
            var nothing = H200.Kernel(Duration.FromMilliseconds(1), new Flops(0), new Bytes(0));

            Assert.Equal(H200.Floor, nothing.Power);
            Assert.Equal(1, nothing.ClockRatio);
            Assert.Equal(80.465, H200.Idle.Value, 3);
            Assert.True(H200.Floor > H200.Idle);
        }

        [Fact]
        public void Holds_a_gemm_at_peak_rate_at_the_cap_near_the_gemm_plateau()
        {
            var flops = 2.0 * 8192 * 8192 * 8192;
            var atPeak = Duration.FromSeconds(flops / 989e12);

            var p = H200.Kernel(atPeak, new Flops(flops), new Bytes(3.0 * 8192 * 8192 * 2));

            Assert.Equal(700, p.Power.Value, 1e-9);
            Assert.Equal(GemmPlateau, p.Power.Value, GemmPlateau * 0.015);
            Assert.True(p.Capped);
            Assert.InRange(p.ClockRatio, 0.7, 0.95);
            Assert.Equal(atPeak.TotalSeconds / p.ClockRatio, p.Time.TotalSeconds, 1e-9);
        }

        [Fact]
        public void Puts_an_hbm_copy_at_the_measured_bandwidth_near_the_copy_plateau()
        {
            var bytes = 2.0 * 4 * 1024 * 1024 * 1024;

            var p = H200.Kernel(Duration.FromSeconds(bytes / KernelModelTests.H200Model.Bandwidth), new Flops(0), new Bytes(bytes));

            Assert.Equal(CopyPlateau, p.Power.Value, CopyPlateau * 0.02);
            Assert.False(p.Capped);
        }

        [Fact]
        public void Never_exceeds_the_limit_and_only_slows_kernels_down()
        {
            for (var uc = 0.0; uc <= 1.2; uc += 0.05)
            {
                for (var um = 0.0; um <= 1.2; um += 0.05)
                {
                    var t = 1e-3;
                    var p = H200.Kernel(Duration.FromSeconds(t), new Flops(uc * 989e12 * t), new Bytes(um * 4.8e12 * t));

                    Assert.True(p.Power <= H200.Limit, $"u_c {uc}, u_m {um}: {p.Power}");
                    Assert.InRange(p.ClockRatio, 1e-6, 1);
                    Assert.True(p.Time.TotalSeconds >= t - 1e-9);
                    Assert.Equal(p.Power.Value * p.Time.TotalSeconds, p.Energy.Joules, 1e-9);
                }
            }
        }
    }

    public sealed class TheProbeMeanMethod
    {
        [Fact]
        public void Takes_half_the_sensor_window_of_ramp_off_the_mean()
        {
            var mean = GpuPowerModel.ProbeMean(new Watts(700), new Watts(100), Duration.FromSeconds(6));

            Assert.Equal(700 - (600 * 0.5 / 6), mean.Value, 1e-9);
        }
    }
}

public sealed class PowerPhaseRecordsTests
{
    private static (CalibrationSet Set, string[] Problems) Read(string jsonl)
    {
        var problems = new Problems();
        var set = CalibrationSet.FromRecords("h200-sxm", MeasurementReader.Parse(jsonl, problems), problems, "p.jsonl");
        return (set, problems.Select(p => p.ToString()).ToArray());
    }

    public sealed class TheReadMethod
    {
        [Fact]
        public void Accepts_the_new_probe_phases_with_their_activity()
        {
            var (set, problems) = Read("""{"kind": "power_phase", "phase": "gemm-70b-tp8-m8", "seconds": 6, "ms_per_call": 2.5, "watts_mean": 400, "flops_per_call": 1e10, "bytes_per_call": 5e9, "dtype": "bfloat16"}""");

            Assert.Empty(problems);
            var phase = Assert.Single(set.PowerPhases);
            Assert.True(phase.HasActivity);
            Assert.Equal(5e9, phase.BytesPerCall);
        }

        [Fact]
        public void Keeps_a_step_phase_without_activity_for_checks_only()
        {
            var (set, problems) = Read("""{"kind": "power_phase", "phase": "decode-70b-tp8-b64", "seconds": 6, "ms_per_call": 120, "watts_mean": 400}""");

            Assert.Empty(problems);
            Assert.False(Assert.Single(set.PowerPhases).HasActivity);
        }

        [Fact]
        public void Refuses_a_record_without_its_mean_power()
        {
            var (set, problems) = Read("""{"kind": "power_phase", "phase": "idle", "seconds": 4}""");

            Assert.Empty(set.PowerPhases);
            Assert.Equal(["p.jsonl:1: watts_mean: is required"], problems);
        }

        [Fact]
        public void Refuses_an_impossible_power()
        {
            var (_, problems) = Read("""{"kind": "power_phase", "phase": "idle", "seconds": 4, "watts_mean": -3}""");

            Assert.Equal(["p.jsonl:1: watts_mean: expected a mean power in watts between 0 and 10,000, found '-3'"], problems);
        }

        [Fact]
        public void Refuses_flops_without_bytes()
        {
            var (_, problems) = Read("""{"kind": "power_phase", "phase": "x", "seconds": 4, "ms_per_call": 1, "watts_mean": 300, "flops_per_call": 1e9}""");

            Assert.Equal(["p.jsonl:1: bytes_per_call: expected flops_per_call and bytes_per_call together (what one call of the phase does), found only one"], problems);
        }

        [Fact]
        public void Refuses_an_active_phase_without_its_call_time()
        {
            var (_, problems) = Read("""{"kind": "power_phase", "phase": "hbm-copy-4GiB", "seconds": 6, "watts_mean": 580}""");

            Assert.Equal(["p.jsonl:1: ms_per_call: expected the milliseconds of one call of phase 'hbm-copy-4GiB' (above 0: the work's rate sets its power), found none"], problems);
        }
    }
}
