using Colossim.Reports;
using Colossim.Tests.Scenarios;

namespace Colossim.Tests.Reports;

public sealed class ResultFilesTests
{
    private static ResultTable Sample() => new("sample",
    [
        ResultColumn.Text("name", ["plain", "with, comma", "with \"quotes\"", null]),
        ResultColumn.Whole("count", [1, -2, 0, long.MaxValue]),
        ResultColumn.Real("value_s", [0.1, double.NaN, 1e300, null]),
    ]);

    public sealed class TheCsvMethod
    {
        [Fact]
        public void Writes_a_header_and_quotes_only_the_fields_that_need_it_with_missing_values_empty()
        {
            Assert.Equal(
                "name,count,value_s\nplain,1,0.1\n\"with, comma\",-2,\n\"with \"\"quotes\"\"\",0,1E+300\n,9223372036854775807,\n",
                ResultFiles.Csv(Sample()));
        }
    }

    public sealed class TheParquetMethod
    {
        [Fact]
        public void Writes_a_file_that_reads_back_as_the_same_typed_columns()
        {
            using var dir = new TempDirectory();
            var file = Path.Combine(dir.Path, "sample.parquet");
            File.WriteAllBytes(file, ResultFiles.Parquet(Sample()));

            var columns = ReportFolderTests.ParquetColumns(file);

            Assert.Equal(["name", "count", "value_s"], columns.Select(c => c.Name));
            Assert.Equal(["plain", "with, comma", "with \"quotes\"", null], columns[0].Values);
            Assert.Equal([1L, -2L, 0L, long.MaxValue], columns[1].Values);
            Assert.Equal([0.1, null, 1e300, null], columns[2].Values);
        }

        [Fact]
        public void Starts_and_ends_with_the_parquet_magic_bytes()
        {
            var bytes = ResultFiles.Parquet(Sample());

            Assert.Equal("PAR1"u8.ToArray(), bytes[..4]);
            Assert.Equal("PAR1"u8.ToArray(), bytes[^4..]);
        }
    }
}

public sealed class ResultTableTests
{
    public sealed class TheConstructor
    {
        [Fact]
        public void Refuses_columns_of_different_lengths()
        {
            var e = Assert.Throws<ArgumentException>(() => new ResultTable("t", [ResultColumn.Whole("a", [1, 2]), ResultColumn.Whole("b", [1])]));

            Assert.StartsWith("the columns of t have different lengths: a 2, b 1", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Refuses_a_repeated_column_name()
        {
            Assert.Throws<ArgumentException>(() => new ResultTable("t", [ResultColumn.Whole("a", [1]), ResultColumn.Whole("a", [2])]));
        }

        [Fact]
        public void Refuses_a_table_without_columns()
        {
            Assert.Throws<ArgumentException>(() => new ResultTable("t", []));
        }
    }
}
