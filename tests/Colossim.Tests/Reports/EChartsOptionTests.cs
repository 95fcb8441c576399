using Colossim.Reports;

namespace Colossim.Tests.Reports;

public sealed class EChartsOptionTests
{
    public sealed class TheOfMethod
    {
        [Fact]
        public void Gives_a_line_chart_its_title_axis_names_with_units_and_points_with_gaps_for_nan()
        {
            var chart = new LineChart
            {
                Id = "l",
                Title = "Power",
                XAxis = new ChartAxis("time", "h"),
                YAxis = new ChartAxis("power", "MW"),
                Series = [new LineSeries("grid", [0, 1, 2], [10, double.NaN, 12.3456789])],
                Step = true,
            };

            var option = EChartsOption.Of(chart);

            Assert.Equal("Power", (string?)option["title"]!["text"]);
            Assert.Equal("time (h)", (string?)option["xAxis"]!["name"]);
            Assert.Equal("power (MW)", (string?)option["yAxis"]!["name"]);
            var series = option["series"]![0]!;
            Assert.Equal("line", (string?)series["type"]);
            Assert.Equal("end", (string?)series["step"]);
            Assert.Equal("[[0,10],[1,null],[2,12.3457]]", series["data"]!.ToJsonString());
        }

        [Fact]
        public void Stacks_bar_series_when_asked_and_slants_long_category_names()
        {
            var chart = new BarChart
            {
                Id = "b",
                Title = "Capex",
                CategoryAxis = new ChartAxis("category", ""),
                Categories = ["gpus", "a category with a long name"],
                ValueAxis = new ChartAxis("capex", "$M"),
                Series = [new BarSeries("a", [1, 2]), new BarSeries("b", [3, 4])],
                Stacked = true,
            };

            var option = EChartsOption.Of(chart);

            Assert.Equal(["total", "total"], option["series"]!.AsArray().Select(s => (string?)s!["stack"]));
            Assert.Equal("category", (string?)option["xAxis"]!["name"]);
            Assert.Equal("capex ($M)", (string?)option["yAxis"]!["name"]);
            Assert.Null(option["xAxis"]!["axisLabel"]);
        }

        [Fact]
        public void Slants_category_names_only_when_they_would_not_fit_side_by_side_leaving_the_room_the_longest_needs()
        {
            BarChart Bars(IReadOnlyList<string> names) => new()
            {
                Id = "b",
                Title = "Capex",
                CategoryAxis = new ChartAxis("category", ""),
                Categories = names,
                ValueAxis = new ChartAxis("capex", "$M"),
                Series = [new BarSeries("a", [.. names.Select(_ => 1.0)])],
            };

            var seven = EChartsOption.Of(Bars(["gpus", "servers", "network", "storage", "facility", "batteries", "generation"]));
            var long20 = EChartsOption.Of(Bars([.. Enumerable.Range(0, 8).Select(i => $"a category named {i:000}")]));

            Assert.Null(seven["xAxis"]!["axisLabel"]);
            Assert.Equal(30, (int)long20["xAxis"]!["axisLabel"]!["rotate"]!);
            // 20 characters at about 7 px, at 30 degrees: 84 px of labels, the axis name under them.
            Assert.Equal(100, (int)long20["xAxis"]!["nameGap"]!);
            Assert.Equal(130, (int)long20["grid"]!["bottom"]!);
        }

        [Fact]
        public void Draws_a_guide_as_a_dashed_line_across_the_data_and_fixes_the_x_axis_to_its_range()
        {
            var chart = new LineChart
            {
                Id = "l",
                Title = "TTFT",
                XAxis = new ChartAxis("offered load", "requests/s"),
                YAxis = new ChartAxis("p99", "ms"),
                Series = [new LineSeries("chat", [1, 2, 4], [50, 80, 900])],
                Guides = [new ChartGuide("chat: target 2 s", 2000, 0)],
                Markers = true,
                XRange = new ChartRange(0, 5, 1),
            };

            var option = EChartsOption.Of(chart);

            var series = option["series"]!.AsArray();
            Assert.Equal(2, series.Count);
            Assert.True((bool)series[0]!["showSymbol"]!);
            Assert.Equal("dashed", (string?)series[1]!["lineStyle"]!["type"]);
            Assert.Equal("[[0,2000],[5,2000]]", series[1]!["data"]!.ToJsonString());
            Assert.Equal(["chat", "chat: target 2 s"], option["legend"]!["data"]!.AsArray().Select(n => (string?)n));
            Assert.Equal((0.0, 5.0, 1.0), ((double)option["xAxis"]!["min"]!, (double)option["xAxis"]!["max"]!, (double)option["xAxis"]!["interval"]!));
        }

        [Fact]
        public void Gives_a_heatmap_its_cells_as_column_row_value_and_leaves_out_cells_without_data()
        {
            var chart = new HeatmapChart
            {
                Id = "h",
                Title = "Load",
                XAxis = new ChartAxis("hour", "h"),
                YAxis = new ChartAxis("site", ""),
                ValueAxis = new ChartAxis("load", "%"),
                Columns = ["0", "1"],
                Rows = ["a", "b"],
                Values = [[10, 20], [double.NaN, 40]],
            };

            var option = EChartsOption.Of(chart);

            Assert.Equal("[[0,0,10],[1,0,20],[1,1,40]]", option["series"]![0]!["data"]!.ToJsonString());
            Assert.Equal(10, (double)option["visualMap"]!["min"]!);
            Assert.Equal(40, (double)option["visualMap"]!["max"]!);
        }

        [Fact]
        public void Gives_a_timeline_one_custom_series_per_category_with_track_start_end()
        {
            var chart = new TimelineChart
            {
                Id = "t",
                Title = "Step",
                TimeAxis = new ChartAxis("time", "ms"),
                Tracks = ["compute", "communication"],
                Categories = ["forward", "p2p"],
                Spans = [new TimelineSpan(0, 0, 5, "forward", "F0"), new TimelineSpan(1, 5, 6, "p2p", "send 0")],
            };

            var option = EChartsOption.Of(chart);

            var series = option["series"]!.AsArray();
            Assert.Equal(["custom", "custom"], series.Select(s => (string?)s!["type"]));
            Assert.Equal("""[{"name":"F0","value":[0,0,5]}]""", series[0]!["data"]!.ToJsonString());
            Assert.True((bool)option["yAxis"]!["inverse"]!);
        }
    }
}
