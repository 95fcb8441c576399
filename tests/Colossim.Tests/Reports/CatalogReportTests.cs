using Colossim.Catalog;
using Colossim.Reports;

namespace Colossim.Tests.Reports;

public sealed class CatalogReportTests
{
    private static IReadOnlyList<string> Row(ReportTable table, string first) => table.Rows.Single(r => r[0] == first);

    public sealed class TheTableMethod
    {
        [Fact]
        public void Writes_a_gpu_row_with_each_quantity_in_its_unit()
        {
            var table = CatalogReport.Table(ColossimCatalog.BuiltIn, CatalogSection.Gpus);

            Assert.Equal(["id", "name", "BF16", "FP8", "FP4", "HBM", "HBM BW", "scale-up", "domain", "TDP", "price"], table.Columns.Select(c => c.Header));
            Assert.Equal(
                ["h100-sxm", "NVIDIA H100 SXM", "989 TFLOPS", "1.979 PFLOPS", "-", "80 GB", "3.35 TB/s", "900 GB/s", "8", "700 W", "$30k"],
                Row(table, "h100-sxm"));
            Assert.Equal(ColossimCatalog.BuiltIn.Gpus.Count, table.Rows.Count);
        }

        [Fact]
        public void Writes_a_system_row_with_the_network_card_in_gigabits()
        {
            var table = CatalogReport.Table(ColossimCatalog.BuiltIn, CatalogSection.Systems);

            Assert.Equal(
                ["dgx-b200", "NVIDIA DGX B200", "b200", "8", "16", "14.3 kW", "1", "400 Gb/s", "8", "$379.272k"],
                Row(table, "dgx-b200"));
        }

        [Fact]
        public void Writes_a_fabric_row_with_switch_and_optic_prices()
        {
            var table = CatalogReport.Table(ColossimCatalog.BuiltIn, CatalogSection.Fabrics);

            Assert.Equal(
                ["infiniband-ndr", "NVIDIA Quantum-2 QM9700 (NDR InfiniBand)", "infiniband", "64", "400 Gb/s", "750 W", "$36k", "$1.28k", "17 W"],
                Row(table, "infiniband-ndr"));
        }

        [Fact]
        public void Writes_experts_and_latent_attention_in_a_model_row()
        {
            var table = CatalogReport.Table(ColossimCatalog.BuiltIn, CatalogSection.Models);

            Assert.Equal(
                ["deepseek-v3", "61", "7168", "128 MLA", "128", "18432", "swiglu", "256 top-8 +1 shared x 2048", "129280", "671.03B", "37.55B"],
                Row(table, "deepseek-v3"));
            Assert.Equal(
                ["llama3-8b", "32", "4096", "32/8", "128", "14336", "swiglu", "-", "128256", "8.03B", "8.03B"],
                Row(table, "llama3-8b"));
        }
    }

    public sealed class TheBlocksMethod
    {
        [Fact]
        public void Titles_each_section_with_its_count_and_separates_sections_with_a_blank_line()
        {
            var catalog = ColossimCatalog.BuiltIn;

            var blocks = CatalogReport.Blocks(catalog);

            Assert.Equal(11, blocks.Count); // four titles, four tables, three blank lines
            Assert.Equal(new ReportText($"GPUs ({catalog.Gpus.Count})"), blocks[0]);
            Assert.IsType<ReportTable>(blocks[1]);
            Assert.Equal(ReportText.Blank, blocks[2]);
            Assert.Equal(new ReportText($"Models ({catalog.Models.Count})"), blocks[9]);
        }

        [Fact]
        public void Says_how_to_add_entries_when_a_section_is_empty()
        {
            var blocks = CatalogReport.Blocks(ColossimCatalog.Empty);

            Assert.Equal(
                [
                    new ReportText("GPUs: none (add some with --catalog FILE)"), ReportText.Blank,
                    new ReportText("Systems: none (add some with --catalog FILE)"), ReportText.Blank,
                    new ReportText("Fabrics: none (add some with --catalog FILE)"), ReportText.Blank,
                    new ReportText("Models: none (add some with --catalog FILE)"),
                ],
                blocks);
        }

        [Fact]
        public void Shows_one_section_alone_or_a_hint_when_it_is_empty()
        {
            Assert.IsType<ReportTable>(Assert.Single(CatalogReport.Blocks(ColossimCatalog.BuiltIn, CatalogSection.Fabrics)));
            Assert.Equal(
                new ReportText("No fabrics in the catalog (add some with --catalog FILE)"),
                Assert.Single(CatalogReport.Blocks(ColossimCatalog.Empty, CatalogSection.Fabrics)));
        }
    }

    public sealed class TheNameAndTitleMethods
    {
        [Fact]
        public void Name_the_four_sections_in_listing_order()
        {
            Assert.Equal(["gpus", "systems", "fabrics", "models"], CatalogReport.Sections.Select(CatalogReport.Name));
            Assert.Equal(["GPUs", "Systems", "Fabrics", "Models"], CatalogReport.Sections.Select(CatalogReport.Title));
        }

        [Fact]
        public void Throw_for_an_unknown_section() =>
            Assert.Throws<ArgumentOutOfRangeException>(() => CatalogReport.Name((CatalogSection)42));
    }

    public sealed class TheParametersMethod
    {
        [Theory]
        [InlineData(8.03e9, "8.03B")]
        [InlineData(671.026e9, "671.03B")]
        [InlineData(1.5e12, "1.5T")]
        [InlineData(125e6, "125M")]
        [InlineData(999_999, "999999")]
        [InlineData(0, "0")]
        public void Writes_a_count_with_at_most_two_decimals_of_its_unit(double count, string expected) =>
            Assert.Equal(expected, CatalogReport.Parameters(count));
    }
}
