using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Reports;
using Colossim.Serving;

namespace Colossim.Tests.Serving;

public sealed class SplitwiseValidationTests
{
    private const string Header = SplitwiseValidation.Header;

    private static string Row(string hardware, int prompt, int batch, int tokens, double prefill, double decode, int tp = 8, string model = "llama2-70b") =>
        FormattableString.Invariant($"{model},{hardware},{prompt},{batch},{tokens},0,0,{prefill},{decode},0,{tp}");

    private static IReadOnlyList<SplitwisePoint>? Read(string text, out int derived, out IReadOnlyList<string> errors)
    {
        var problems = new Problems();
        var points = SplitwiseValidation.Read(text, problems, "--validate-splitwise", out derived);
        errors = [.. problems.Select(p => p.ToString())];
        return points;
    }

    public sealed class TheReadMethod
    {
        [Fact]
        public void Takes_the_median_of_each_points_repetitions_and_counts_the_derived_rows_apart()
        {
            var csv = string.Join('\n', Header, Row("h100-80gb", 512, 1, 128, 30, 3), Row("h100-80gb", 512, 1, 128, 10, 1), Row("h100-80gb", 512, 1, 128, 20, 2),
                Row("h100-80gb-pcap", 512, 1, 128, 26, 2), Row("a100-80gb", 512, 1, 128, 40, 4, model: "bloom-176b"), Row("a100-80gb", 1024, 2, 256, 7, 5, tp: 4), "");

            var points = Read(csv, out var derived, out var errors);

            Assert.Empty(errors);
            Assert.Equal(1, derived);
            Assert.Equal(
                [new SplitwisePoint("h100-80gb", "h100-sxm", 8, 512, 1, 128, 20, 2, 3), new SplitwisePoint("a100-80gb", "a100-sxm-80gb", 4, 1024, 2, 256, 7, 5, 1)],
                points!);
        }

        [Fact]
        public void Refuses_a_file_whose_header_is_not_SplitwiseSims()
        {
            Assert.Null(Read("TIMESTAMP,ContextTokens,GeneratedTokens\n", out _, out var errors));

            Assert.Equal([$"--validate-splitwise: expected a SplitwiseSim performance database whose header is '{Header}', found 'TIMESTAMP,ContextTokens,GeneratedTokens'"], errors);
        }

        [Fact]
        public void Reports_a_bad_line_with_its_number()
        {
            var csv = string.Join('\n', Header, Row("h100-80gb", 512, 1, 128, 30, 3), "llama2-70b,h100-80gb,512,1,128,0,0,-3,1,0,8", Row("tpu-v5", 512, 1, 128, 30, 3));

            Assert.Null(Read(csv, out _, out var errors));

            Assert.Equal(
            [
                "--validate-splitwise: line 3: expected 11 comma-separated fields with whole sizes and positive times, found 'llama2-70b,h100-80gb,512,1,128,0,0,-3,1,0,8'",
                "--validate-splitwise: line 4: expected hardware a100-80gb, h100-80gb or h100-80gb-pcap, found 'tpu-v5'",
            ], errors);
        }
    }

    public sealed class TheRunMethod
    {
        private static readonly Lazy<IReadOnlyList<SplitwiseRow>> Rows = new(() => SplitwiseValidation.Run(
            [
                new SplitwisePoint("h100-80gb", "h100-sxm", 8, 512, 1, 128, 53.4, 29.8, 15),
                new SplitwisePoint("h100-80gb", "h100-sxm", 8, 512, 1, 8192, 53.4, 30.8, 5),
                new SplitwisePoint("h100-80gb", "h100-sxm", 8, 512, 64, 128, 1.0, 50.2, 5),
            ], ColossimCatalog.BuiltIn));

        [Fact]
        public void Predicts_a_prefill_above_its_compute_bound_and_a_decode_step_that_grows_with_the_context()
        {
            var rows = Rows.Value;

            Assert.All(rows, r => Assert.True(r.PrefillMs > r.PrefillBoundMs, $"prefill {r.PrefillMs} ms, bound {r.PrefillBoundMs} ms"));
            Assert.True(rows[1].DecodeMs > rows[0].DecodeMs, $"{rows[1].DecodeMs} ms over 8,192 outputs, {rows[0].DecodeMs} ms over 128");
            Assert.Equal(rows[0].PrefillMs, rows[1].PrefillMs);
            Assert.Equal((rows[0].PrefillMs!.Value / 53.4) - 1, rows[0].PrefillError!.Value, 1e-12);
        }

        [Fact]
        public void Flags_a_measured_prefill_faster_than_the_GPUs_peak_allows()
        {
            var row = Rows.Value[2];

            Assert.True(row.PrefillBelowBound);
            Assert.False(Rows.Value[0].PrefillBelowBound);
            Assert.StartsWith("measured prefill below the compute bound (", row.Note, StringComparison.Ordinal);
            Assert.Contains("- h100-80gb prefill: 2 points (1 below the compute bound left out)", ServeReport.SplitwiseMarkdown(Rows.Value, 0), StringComparison.Ordinal);
        }
    }

    public sealed class TheSharedDatabase
    {
        [SkippableFact]
        public void Gives_every_measured_Llama_2_70B_point_a_prediction_when_the_shared_data_is_present()
        {
            // ../shared sits beside the repository on the project's machines; a user's clone has none (then: skipped).
            var path = Path.GetFullPath(Path.Combine(Colossim.Tests.Catalog.TestFiles.Repository(".."), "shared", "data", "splitwise-sim", "data", "perf_model.csv"));
            Skip.IfNot(File.Exists(path), $"{path} is absent: SplitwiseSim's database is not shipped with the project");

            var points = Read(File.ReadAllText(path), out var derived, out var errors)!;
            var rows = SplitwiseValidation.Run(points, ColossimCatalog.BuiltIn);

            // 1,260 rows: 945 of Llama-2-70B, 315 of them derived (pcap); 171 points, 57 per hardware.
            Assert.Empty(errors);
            Assert.Equal((114, 315), (points.Count, derived));
            Assert.All(rows, r => Assert.NotNull(r.DecodeMs));

            // A regression guard on the rows the model meets: TP 2, batch 1 decode steps (measured within 9 %).
            Assert.All(rows.Where(r => r.Point.Tp == 2 && r.Point.Batch == 1), r => Assert.InRange(r.DecodeError!.Value, -0.15, 0.15));
        }
    }
}
