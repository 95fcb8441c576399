using System.Xml.Linq;
using Colossim.Reports;

namespace Colossim.Tests.Reports;

public sealed class StaticChartTests
{
    private static readonly LineChart Line = new()
    {
        Id = "l",
        Title = "Power of lab",
        XAxis = new ChartAxis("time", "h"),
        YAxis = new ChartAxis("power", "MW"),
        Series = [new LineSeries("grid", [0, 1, 2], [1, 3, 2])],
    };

    public sealed class TheSvgMethod
    {
        [Fact]
        public void Draws_an_svg_document_with_the_title_and_the_axis_titles_with_units()
        {
            var svg = StaticChart.Svg(Line, 800, 400);

            var root = XDocument.Parse(svg).Root!;
            Assert.Equal("svg", root.Name.LocalName);
            var text = string.Join(" ", root.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value));
            Assert.Contains("Power of lab", text, StringComparison.Ordinal);
            Assert.Contains("time (h)", text, StringComparison.Ordinal);
            Assert.Contains("power (MW)", text, StringComparison.Ordinal);
            Assert.Contains("grid", text, StringComparison.Ordinal);
        }

        [Fact]
        public void Draws_bars_heatmaps_and_timelines()
        {
            Chart[] charts =
            [
                new BarChart { Id = "b", Title = "Capex", CategoryAxis = new ChartAxis("category", ""), Categories = ["a", "b"], ValueAxis = new ChartAxis("capex", "$M"), Series = [new BarSeries("s", [1, 2])], Stacked = true },
                new HeatmapChart { Id = "h", Title = "Load", XAxis = new ChartAxis("hour", "h"), YAxis = new ChartAxis("site", ""), ValueAxis = new ChartAxis("load", "%"), Columns = ["0", "1"], Rows = ["a"], Values = [[1, 2]] },
                new TimelineChart { Id = "t", Title = "Step", TimeAxis = new ChartAxis("time", "ms"), Tracks = ["compute"], Categories = ["forward"], Spans = [new TimelineSpan(0, 0, 1, "forward", "F0")] },
            ];

            foreach (var chart in charts)
            {
                var text = string.Join(" ", XDocument.Parse(StaticChart.Svg(chart)).Root!.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value));
                Assert.Contains(chart.Title, text, StringComparison.Ordinal);
            }
        }

        [Theory]
        [InlineData(99, 400)]
        [InlineData(800, 10_001)]
        public void Refuses_a_size_out_of_range(int width, int height)
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => StaticChart.Svg(Line, width, height));
        }
    }

    public sealed class ThePngMethod
    {
        [Fact]
        public void Draws_a_png_image()
        {
            var png = StaticChart.Png(Line, 400, 200);

            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        }
    }
}
