using Colossim.Documents;
using Colossim.Reports;
using Colossim.Tests.Cli;
using Parquet;

namespace Colossim.Tests.Reports;

public sealed class SweepFilesTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static SweepReport Sample() => SweepReportTests.Report(true, SweepReportTests.Row(0, 5, 10, "a,b"), SweepReportTests.Row(1, 7, 20, "c")) with
    {
        Rows =
        [
            SweepReportTests.Row(0, 5, 10, "a,b"),
            new SweepRow { Point = 1, Values = ["c"], Runs = 1, Failed = 1, Error = "bad \"tp\"", Metrics = [null] },
        ],
    };

    public sealed class TheCsvMethod
    {
        [Fact]
        public void Writes_one_row_per_point_with_quoted_cells_and_empty_absent_values()
        {
            Assert.Equal(
                "point,k,runs,failed,error,objective:o,build.total.tco_usd\n0,\"a,b\",1,0,,5,10\n1,c,1,1,\"bad \"\"tp\"\"\",,\n",
                SweepFiles.Csv(Sample()));
        }

        [Fact]
        public void Adds_interval_columns_when_points_ran_over_seeds()
        {
            Assert.Equal(["point", "k", "runs", "failed", "error", "objective:o", "objective:o_ci95_low", "objective:o_ci95_high", "build.total.tco_usd", "build.total.tco_usd_ci95_low", "build.total.tco_usd_ci95_high"], SweepFiles.Columns(Sample() with { Seeds = 3 }));
        }
    }

    public sealed class TheWriteAsyncMethod : IDisposable
    {
        private readonly TempFolder _temp = new();

        public void Dispose() => _temp.Dispose();

        [Fact]
        public async Task Writes_a_parquet_table_that_reads_back_and_the_charts()
        {
            var files = await SweepFiles.WriteAsync(Sample(), _temp.Path, new Problems());

            Assert.Equal(["objective-vs-k.png", "objective-vs-k.svg", "pareto.png", "pareto.svg", "sweep.csv", "sweep.parquet"], _temp.Files());
            Assert.Equal(6, files!.Count);
            await using var stream = File.OpenRead(Path.Combine(_temp.Path, "sweep.parquet"));
            await using var reader = await ParquetReader.CreateAsync(stream);
            var fields = reader.Schema.GetDataFields();
            Assert.Equal(["point", "k", "runs", "failed", "error", "objective:o", "build.total.tco_usd"], fields.Select(f => f.Name));
            using var group = reader.OpenRowGroupReader(0);
            var keys = new string?[2];
            var objective = new double?[2];
            await group.ReadAsync(fields[1], keys.AsMemory());
            await group.ReadAsync(fields[5], objective.AsMemory());
            Assert.Equal("a,b", keys[0]);
            Assert.Equal("c", keys[1]);
            Assert.Equal([5, null], objective);
            Assert.Contains("<svg", File.ReadAllText(Path.Combine(_temp.Path, "pareto.svg")), StringComparison.Ordinal);
        }

        [Fact]
        public async Task Refuses_a_file_where_the_folder_should_be()
        {
            var file = _temp.File("taken", "x");
            var problems = new Problems();

            Assert.Null(await SweepFiles.WriteAsync(Sample(), file, problems));
            Assert.Equal([$"--out: expected a folder, found the file '{file}'"], problems.Select(p => p.ToString()));
        }
    }
}
