using System.Text.Json.Nodes;

namespace Colossim.Reports;

/// <summary>
/// A <see cref="Chart"/> as an Apache ECharts option object (the argument of <c>chart.setOption</c>): title, legend,
/// tooltip, axes named with their units, and the series. <c>report.html</c> embeds the ECharts script and these options,
/// so its charts are interactive (zoom, hover values, legend toggles) and open offline. A <see cref="TimelineChart"/>
/// becomes custom series whose drawing function the page adds (<c>renderItem</c> cannot travel in JSON): the page
/// looks for series with <c>"type": "custom"</c>.
/// </summary>
public static class EChartsOption
{
    /// <summary>The ECharts option of <paramref name="chart"/>.</summary>
    public static JsonObject Of(Chart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var option = chart switch
        {
            LineChart line => Line(line),
            BarChart bar => Bar(bar),
            HeatmapChart heat => Heatmap(heat),
            TimelineChart timeline => Timeline(timeline),
            _ => throw new ArgumentException($"no ECharts form for {chart.GetType().Name}", nameof(chart)),
        };
        option["title"] = new JsonObject { ["text"] = chart.Title, ["subtext"] = chart.Subtitle, ["left"] = "center" };
        option["color"] = new JsonArray([.. Chart.Palette.Select(c => (JsonNode?)c)]);
        option["animation"] = false;
        return option;
    }

    private static JsonObject Line(LineChart chart)
    {
        var series = new JsonArray();
        foreach (var s in chart.Series)
        {
            var data = new JsonArray();
            for (var i = 0; i < s.X.Count; i++)
            {
                data.Add((JsonNode)new JsonArray(Number(s.X[i]), Number(s.Y[i])));
            }

            series.Add((JsonNode)new JsonObject
            {
                ["name"] = s.Name,
                ["type"] = "line",
                ["step"] = chart.Step ? "end" : null,
                ["showSymbol"] = chart.Markers,
                ["symbolSize"] = chart.Markers ? 7 : null,
                ["lineStyle"] = new JsonObject { ["width"] = chart.Markers ? 2 : 1.5 },
                ["data"] = data,
            });
        }

        // A guide is a dashed line across the axis's extent, as its own series so the legend names it.
        var xs = chart.Series.SelectMany(s => s.X).Where(double.IsFinite).ToList();
        var (x0, x1) = chart.XRange is { } range ? (range.Min, range.Max) : xs.Count == 0 ? (0.0, 1.0) : (xs.Min(), xs.Max());
        foreach (var guide in chart.Guides)
        {
            series.Add((JsonNode)new JsonObject
            {
                ["name"] = guide.Name,
                ["type"] = "line",
                ["showSymbol"] = false,
                ["color"] = Chart.Palette[guide.Colour % Chart.Palette.Count],
                ["lineStyle"] = new JsonObject { ["width"] = 1.5, ["type"] = "dashed" },
                ["data"] = new JsonArray(new JsonArray(Number(x0), Number(guide.Y)), new JsonArray(Number(x1), Number(guide.Y))),
            });
        }

        var xAxis = ValueAxis(chart.XAxis, 30);
        if (chart.XRange is { } r)
        {
            xAxis["min"] = Number(r.Min);
            xAxis["max"] = Number(r.Max);
            xAxis["interval"] = Number(r.Tick);
        }
        else
        {
            xAxis = Fitted(xAxis);
        }

        return new JsonObject
        {
            ["tooltip"] = new JsonObject { ["trigger"] = "axis" },
            ["legend"] = Legend(chart.Series.Select(s => s.Name).Concat(chart.Guides.Select(g => g.Name))),
            ["grid"] = Grid(),
            ["xAxis"] = xAxis,
            ["yAxis"] = ValueAxis(chart.YAxis, 60),
            ["dataZoom"] = new JsonArray(new JsonObject { ["type"] = "inside" }),
            ["series"] = series,
        };
    }

    private static JsonObject Bar(BarChart chart)
    {
        var option = BarOption(chart);
        var longest = chart.Categories.Count == 0 ? 0 : chart.Categories.Max(c => c.Length);
        // About 7 px a character at 12 px: names that would not fit side by side in a page-wide chart's slots are slanted,
        // every one shown, with just the room below that the longest needs (its height at 30 degrees).
        if (chart.Categories.Count * (longest + 2) * 7 > SlantWidth)
        {
            var drop = (int)Math.Ceiling((longest * 7 * 0.5) + 14);
            option["xAxis"]!["axisLabel"] = new JsonObject { ["rotate"] = 30, ["interval"] = 0 };
            option["xAxis"]!["nameGap"] = drop + 16;
            option["grid"]!["bottom"] = drop + 46;
        }

        return option;
    }

    // The width (px) of a chart's plot area in the report page, below which a bar chart's names are slanted.
    private const int SlantWidth = 1000;

    private static JsonObject BarOption(BarChart chart) => new()
    {
        ["tooltip"] = new JsonObject { ["trigger"] = "axis", ["axisPointer"] = new JsonObject { ["type"] = "shadow" } },
        ["legend"] = Legend(chart.Series.Select(s => s.Name)),
        ["grid"] = Grid(),
        ["xAxis"] = CategoryAxis(chart.CategoryAxis, chart.Categories, 30),
        ["yAxis"] = ValueAxis(chart.ValueAxis, 60),
        ["series"] = new JsonArray([.. chart.Series.Select(s => (JsonNode?)new JsonObject
        {
            ["name"] = s.Name,
            ["type"] = "bar",
            ["stack"] = chart.Stacked ? "total" : null,
            ["barMaxWidth"] = 90,
            ["data"] = new JsonArray([.. s.Values.Select(Number)]),
        })]),
    };

    private static JsonObject Heatmap(HeatmapChart chart)
    {
        var data = new JsonArray();
        var finite = new List<double>();
        for (var r = 0; r < chart.Rows.Count; r++)
        {
            for (var c = 0; c < chart.Columns.Count; c++)
            {
                var v = chart.Values[r][c];
                if (double.IsFinite(v))
                {
                    data.Add((JsonNode)new JsonArray(c, r, Number(v)));
                    finite.Add(v);
                }
            }
        }

        return new JsonObject
        {
            ["tooltip"] = new JsonObject { ["position"] = "top" },
            ["grid"] = new JsonObject { ["left"] = 110, ["right"] = 30, ["top"] = 70, ["bottom"] = 110 },
            ["xAxis"] = CategoryAxis(chart.XAxis, chart.Columns, 30),
            ["yAxis"] = Inverse(CategoryAxis(chart.YAxis, chart.Rows, 90)),
            ["visualMap"] = new JsonObject
            {
                ["min"] = finite.Count == 0 ? 0 : Number(finite.Min()),
                ["max"] = finite.Count == 0 ? 1 : Number(finite.Max()),
                ["calculable"] = true,
                ["orient"] = "horizontal",
                ["left"] = "center",
                ["bottom"] = 5,
                ["text"] = new JsonArray((JsonNode?)"", chart.ValueAxis.Text),
            },
            ["series"] = new JsonArray(new JsonObject { ["name"] = chart.ValueAxis.Text, ["type"] = "heatmap", ["data"] = data }),
        };
    }

    private static JsonObject Timeline(TimelineChart chart)
    {
        var series = new JsonArray();
        foreach (var category in chart.Categories)
        {
            var data = new JsonArray();
            foreach (var span in chart.Spans.Where(s => s.Category == category))
            {
                data.Add((JsonNode)new JsonObject { ["name"] = span.Label, ["value"] = new JsonArray(span.Track, Number(span.Start), Number(span.End)) });
            }

            series.Add((JsonNode)new JsonObject
            {
                ["name"] = category,
                ["type"] = "custom",
                ["encode"] = new JsonObject { ["x"] = new JsonArray(1, 2), ["y"] = 0 },
                ["data"] = data,
            });
        }

        var yAxis = CategoryAxis(new ChartAxis("", ""), chart.Tracks, 0);
        yAxis["inverse"] = true;
        return new JsonObject
        {
            ["tooltip"] = new JsonObject { ["trigger"] = "item" },
            ["legend"] = Legend(chart.Categories),
            ["grid"] = new JsonObject { ["left"] = 220, ["right"] = 30, ["top"] = 80, ["bottom"] = 60 },
            ["xAxis"] = ValueAxis(chart.TimeAxis, 30),
            ["yAxis"] = yAxis,
            ["dataZoom"] = new JsonArray(new JsonObject { ["type"] = "inside", ["filterMode"] = "weakFilter" }),
            ["series"] = series,
        };
    }

    private static JsonObject Legend(IEnumerable<string> names) => new() { ["top"] = 50, ["data"] = new JsonArray([.. names.Select(n => (JsonNode?)n)]) };

    private static JsonObject Grid() => new() { ["left"] = 90, ["right"] = 30, ["top"] = 90, ["bottom"] = 60 };

    private static JsonObject ValueAxis(ChartAxis axis, int gap) => new()
    {
        ["type"] = "value",
        ["name"] = axis.Text,
        ["nameLocation"] = "middle",
        ["nameGap"] = gap,
        ["scale"] = false,
    };

    // A category axis whose first name is at the top (a heatmap's rows read top to bottom, as in the static picture).
    private static JsonObject Inverse(JsonObject axis)
    {
        axis["inverse"] = true;
        return axis;
    }

    // An axis that ends at the data's ends rather than at the next round number.
    private static JsonObject Fitted(JsonObject axis)
    {
        axis["min"] = "dataMin";
        axis["max"] = "dataMax";
        return axis;
    }

    private static JsonObject CategoryAxis(ChartAxis axis, IReadOnlyList<string> names, int gap) => new()
    {
        ["type"] = "category",
        ["name"] = axis.Text,
        ["nameLocation"] = "middle",
        ["nameGap"] = gap,
        ["data"] = new JsonArray([.. names.Select(n => (JsonNode?)n)]),
    };

    // Finite numbers as JSON numbers rounded to six significant digits (enough for a chart, a third of the bytes); NaN
    // and infinities, which a chart cannot draw, as null (a gap).
    private static JsonNode? Number(double x) => double.IsFinite(x) ? JsonValue.Create(Round(x)) : null;

    private static double Round(double x)
    {
        if (x == 0)
        {
            return 0;
        }

        var digits = 5 - (int)Math.Floor(Math.Log10(Math.Abs(x)));
        return digits is >= 0 and <= 15 ? Math.Round(x, digits) : double.Parse(x.ToString("G6", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);
    }
}
