using ScottPlot;

namespace Colossim.Reports;

/// <summary>
/// A <see cref="Chart"/> drawn as a static picture with ScottPlot 5 (SkiaSharp underneath): SVG for files that stay
/// sharp at any size (<c>colossim power --out</c>'s charts, the README's pictures) and PNG where a bitmap is wanted.
/// The same chart data as the page's interactive charts (<see cref="EChartsOption"/>), the same title, axis titles
/// with units, legend and colours (<see cref="Chart.Palette"/>).
/// </summary>
public static class StaticChart
{
    /// <summary>Default width of a picture, pixels.</summary>
    public const int DefaultWidth = 960;

    /// <summary>Default height of a picture, pixels.</summary>
    public const int DefaultHeight = 480;

    /// <summary><paramref name="chart"/> as an SVG document, <paramref name="width"/> × <paramref name="height"/> pixels (each 100 to 10,000).</summary>
    public static string Svg(Chart chart, int width = DefaultWidth, int height = DefaultHeight)
    {
        CheckSize(width, height);
        return Draw(chart).GetSvgXml(width, height);
    }

    /// <summary><paramref name="chart"/> as a PNG image, <paramref name="width"/> × <paramref name="height"/> pixels (each 100 to 10,000).</summary>
    public static byte[] Png(Chart chart, int width = DefaultWidth, int height = DefaultHeight)
    {
        CheckSize(width, height);
        return Draw(chart).GetImageBytes(width, height, ImageFormat.Png);
    }

    private static void CheckSize(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, 10_000);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, 10_000);
    }

    private static Plot Draw(Chart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var plot = new Plot();
        plot.Title(chart.Subtitle is { } sub ? $"{chart.Title}\n{sub}" : chart.Title, size: 15);
        switch (chart)
        {
            case LineChart line:
                Line(plot, line);
                break;
            case BarChart bar:
                Bar(plot, bar);
                break;
            case HeatmapChart heat:
                Heatmap(plot, heat);
                break;
            case TimelineChart timeline:
                Timeline(plot, timeline);
                break;
            default:
                throw new ArgumentException($"no static form for {chart.GetType().Name}", nameof(chart));
        }

        return plot;
    }

    private static Color Colour(int i) => Color.FromHex(Chart.Palette[i % Chart.Palette.Count]);

    private static void Line(Plot plot, LineChart chart)
    {
        for (var i = 0; i < chart.Series.Count; i++)
        {
            var s = chart.Series[i];
            var line = plot.Add.ScatterLine(s.X.ToArray(), s.Y.ToArray(), Colour(i));
            line.LegendText = s.Name;
            line.LineWidth = 1.5f;
            if (chart.Step)
            {
                line.ConnectStyle = ConnectStyle.StepHorizontal;
            }

            if (chart.Markers)
            {
                line.LineWidth = 2;
                line.MarkerSize = 7;
                line.MarkerShape = MarkerShape.FilledCircle;
            }
        }

        foreach (var guide in chart.Guides)
        {
            var rule = plot.Add.HorizontalLine(guide.Y, 1.5f, Colour(guide.Colour), LinePattern.Dashed);
            rule.LegendText = guide.Name;
        }

        if (chart.XRange is { } range)
        {
            plot.Axes.SetLimitsX(range.Min, range.Max);
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(range.Tick);
        }

        plot.XLabel(chart.XAxis.Text);
        plot.YLabel(chart.YAxis.Text);
        plot.ShowLegend(Alignment.UpperLeft);
    }

    private static void Bar(Plot plot, BarChart chart)
    {
        var n = chart.Series.Count;
        var bars = new List<ScottPlot.Bar>();
        var width = chart.Stacked || n == 0 ? 0.6 : 0.8 / n;
        for (var c = 0; c < chart.Categories.Count; c++)
        {
            var stackedBase = 0.0;
            for (var i = 0; i < n; i++)
            {
                var v = chart.Series[i].Values[c];
                if (!double.IsFinite(v))
                {
                    continue;
                }

                var position = chart.Stacked || n == 1 ? c : c - 0.4 + (width * (i + 0.5));
                var bottom = chart.Stacked ? stackedBase : 0;
                bars.Add(new ScottPlot.Bar { Position = position, ValueBase = bottom, Value = bottom + v, FillColor = Colour(i), Size = width, LineWidth = 0 });
                stackedBase += chart.Stacked ? v : 0;
            }
        }

        plot.Add.Bars(bars);
        for (var i = 0; i < n; i++)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = chart.Series[i].Name, FillColor = Colour(i) });
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. Enumerable.Range(0, chart.Categories.Count).Select(i => (double)i)], [.. chart.Categories]);
        plot.Axes.Margins(bottom: 0);
        plot.XLabel(chart.CategoryAxis.Text);
        plot.YLabel(chart.ValueAxis.Text);
        if (n > 1)
        {
            plot.ShowLegend(Alignment.UpperRight);
        }
    }

    private static void Heatmap(Plot plot, HeatmapChart chart)
    {
        var rows = chart.Rows.Count;
        var columns = chart.Columns.Count;
        var values = new double[rows, columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                values[r, c] = chart.Values[r][c];
            }
        }

        var map = plot.Add.Heatmap(values);
        map.Colormap = new ScottPlot.Colormaps.Viridis();
        map.Extent = new CoordinateRect(-0.5, columns - 0.5, -0.5, rows - 0.5);
        var bar = plot.Add.ColorBar(map);
        bar.Label = chart.ValueAxis.Text;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. Enumerable.Range(0, columns).Select(i => (double)i)], [.. chart.Columns]);
        // The heatmap draws its first row at the top.
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. Enumerable.Range(0, rows).Select(i => (double)(rows - 1 - i))], [.. chart.Rows]);
        plot.XLabel(chart.XAxis.Text);
        plot.YLabel(chart.YAxis.Text);
    }

    private static void Timeline(Plot plot, TimelineChart chart)
    {
        var tracks = chart.Tracks.Count;
        foreach (var span in chart.Spans)
        {
            var i = IndexOf(chart.Categories, span.Category);
            var y = tracks - 1 - span.Track;
            var rectangle = plot.Add.Rectangle(span.Start, span.End, y - 0.35, y + 0.35);
            rectangle.FillColor = Colour(i);
            rectangle.LineWidth = 0;
        }

        for (var i = 0; i < chart.Categories.Count; i++)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = chart.Categories[i], FillColor = Colour(i) });
        }

        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. Enumerable.Range(0, tracks).Select(i => (double)(tracks - 1 - i))], [.. chart.Tracks]);
        plot.XLabel(chart.TimeAxis.Text);
        plot.ShowLegend(Alignment.UpperRight);
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }

        return 0;
    }
}
