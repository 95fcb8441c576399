using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Performance;
using Colossim.Tests.Cli;

namespace Colossim.Tests.Performance;

public sealed class CalibrationStoreTests
{
    private static readonly ColossimCatalog Catalog = ColossimCatalog.BuiltIn;

    public sealed class TheDefaultDirectoryMethod
    {
        [Fact]
        public void Takes_the_environment_value_when_set()
        {
            Assert.Equal("/data/cal", CalibrationStore.DefaultDirectory("/data/cal", "/home/u"));
        }

        [Fact]
        public void Falls_back_to_the_home_folder()
        {
            Assert.Equal(Path.Combine("/home/u", ".colossim", "calibration"), CalibrationStore.DefaultDirectory("", "/home/u"));
        }
    }

    public sealed class TheImportMethod : IDisposable
    {
        private readonly TempFolder _temp = new();

        public void Dispose() => _temp.Dispose();

        [Fact]
        public void Stores_the_file_under_the_gpu_and_returns_its_set()
        {
            var file = _temp.File("probe.jsonl", "{\"kind\": \"gemm\", \"M\": 4096, \"N\": 4096, \"K\": 4096, \"ms\": 0.2}\n");
            var problems = new Problems();

            var import = new CalibrationStore(Path.Combine(_temp.Path, "store")).Import(file, Catalog.Gpus["h100-sxm"], Catalog, force: false, problems);

            Assert.Empty(problems);
            Assert.NotNull(import);
            Assert.Equal(Path.Combine(_temp.Path, "store", "h100-sxm", "probe.jsonl"), import.StoredFile);
            Assert.Equal(0.2e-3, Assert.Single(import.Set.Gemms).Seconds, 1e-15); // the time as read (1e-15 s)
        }

        [Fact]
        public void Stores_nothing_when_a_record_is_malformed()
        {
            var file = _temp.File("probe.jsonl", "{\"kind\": \"gemm\", \"M\": 4096, \"N\": 4096, \"K\": 4096, \"ms\": 0.2}\n{\"kind\": \"gemm\"}\n");
            var problems = new Problems();

            var import = new CalibrationStore(Path.Combine(_temp.Path, "store")).Import(file, Catalog.Gpus["h100-sxm"], Catalog, force: true, problems);

            Assert.Null(import);
            Assert.True(problems.HasErrors);
            Assert.False(Directory.Exists(Path.Combine(_temp.Path, "store")));
        }
    }

    public sealed class TheLoadUserSetMethod : IDisposable
    {
        private readonly TempFolder _temp = new();

        public void Dispose() => _temp.Dispose();

        [Fact]
        public void Is_null_for_a_folder_without_the_gpu()
        {
            var problems = new Problems();

            Assert.Null(CalibrationStore.LoadUserSet(_temp.Path, "h100-sxm", named: true, problems));
            Assert.Empty(problems);
        }

        [Fact]
        public void Says_nothing_of_a_missing_default_folder()
        {
            var problems = new Problems();

            Assert.Null(CalibrationStore.LoadUserSet(Path.Combine(_temp.Path, "absent"), "h100-sxm", named: false, problems));
            Assert.Empty(problems);
        }

        [Fact]
        public void Merges_the_files_of_the_gpus_folder()
        {
            var folder = Path.Combine(_temp.Path, "h100-sxm");
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "a.jsonl"), "{\"kind\": \"gemm\", \"M\": 64, \"N\": 64, \"K\": 64, \"ms\": 0.01}\n");
            File.WriteAllText(Path.Combine(folder, "b.jsonl"), "{\"kind\": \"gemm\", \"M\": 128, \"N\": 64, \"K\": 64, \"ms\": 0.01}\n");
            File.WriteAllText(Path.Combine(folder, ".b.jsonl.0123.tmp"), "not json");
            var problems = new Problems();

            var set = CalibrationStore.LoadUserSet(_temp.Path, "h100-sxm", named: true, problems);

            Assert.Empty(problems);
            Assert.Equal(["a.jsonl", "b.jsonl"], set!.Sources.ToArray());
        }
    }

    public sealed class TheKernelModelForMethod
    {
        private static readonly CalibrationSource Nowhere = new(Path.Combine(Path.GetTempPath(), "colossim-tests", "no-such-store"), Named: false);

        [Fact]
        public void Uses_the_built_in_set_when_the_default_store_has_none()
        {
            var problems = new Problems();

            var model = CalibrationStore.KernelModelFor(ColossimCatalog.BuiltIn, "h200-sxm", Nowhere, problems);

            Assert.Empty(problems);
            Assert.NotNull(model!.Calibration);
        }

        [Fact]
        public void Reports_an_unknown_gpu_at_its_option()
        {
            var problems = new Problems();

            Assert.Null(CalibrationStore.KernelModelFor(ColossimCatalog.BuiltIn, "h900", Nowhere, problems));

            Assert.Equal("--gpu", Assert.Single(problems).Path);
        }

        [Fact]
        public void Reports_a_named_store_that_does_not_exist_at_calibration()
        {
            var problems = new Problems();

            Assert.Null(CalibrationStore.KernelModelFor(ColossimCatalog.BuiltIn, "h200-sxm", Nowhere with { Named = true }, problems));

            Assert.Equal("--calibration", Assert.Single(problems).Path);
        }

        [Fact]
        public void Refuses_the_leave_one_out_check_of_a_gpu_without_a_set()
        {
            var problems = new Problems();

            Assert.Null(CalibrationStore.LeaveOneOut(ColossimCatalog.BuiltIn, "b200", Nowhere, problems));

            Assert.Equal(["--gpu: b200 has no calibration set; import one with colossim calibrate import"], problems.Select(p => p.ToString()));
        }
    }
}
