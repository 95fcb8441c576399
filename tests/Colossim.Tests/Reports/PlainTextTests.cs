using Colossim.Reports;

namespace Colossim.Tests.Reports;

public sealed class PlainTextTests
{
    public sealed class TheRenderMethod
    {
        [Fact]
        public void Pads_columns_to_the_widest_cell_and_aligns_numbers_right()
        {
            var table = new ReportTableBuilder("Sites").Columns("site").Column("GPUs", ColumnAlignment.Right)
                .Row("memphis", "100,000")
                .Row("a", "8")
                .Build();

            var text = PlainText.Render([new ReportText("header", Strong: true), ReportText.Blank, table]);

            Assert.Equal(
                "header\n\nSites\nsite        GPUs\n-------  -------\nmemphis  100,000\na              8\n",
                text);
        }

        [Fact]
        public void Writes_a_table_without_rows_as_its_header_and_rule()
        {
            var text = PlainText.Render([new ReportTableBuilder().Columns("a", "bb").Build()]);

            Assert.Equal("a  bb\n-  --\n", text);
        }
    }
}

public sealed class ReportTableBuilderTests
{
    public sealed class TheRowMethod
    {
        [Fact]
        public void Refuses_a_row_with_a_cell_too_few()
        {
            var builder = new ReportTableBuilder().Columns("a", "b");

            var e = Assert.Throws<ArgumentException>(() => builder.Row("only one"));

            Assert.StartsWith("a row needs 2 cells, got 1", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Keeps_rows_in_the_order_they_were_added()
        {
            var table = new ReportTableBuilder("t").Columns("x").Row("1").Row("2").Build();

            Assert.Equal("t", table.Title);
            Assert.Equal([["1"], ["2"]], table.Rows);
        }
    }
}
