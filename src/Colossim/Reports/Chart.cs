namespace Colossim.Reports;

/// <summary>
/// A chart as data: what it shows, with a title and axes that say their units, independent of how it is drawn. Two
/// renderers draw the same chart: <see cref="EChartsOption"/> (interactive, in <c>report.html</c>, with the embedded
/// Apache ECharts script) and <see cref="StaticChart"/> (SVG and PNG with ScottPlot, for files and the README). Chart
/// functions (<see cref="ScenarioCharts"/>) take plain series, so any pillar's result can be charted.
/// </summary>
public abstract record Chart
{
    /// <summary>
    /// The colours of series and categories in order, shared by both renderers so a chart looks the same in the page and
    /// in a file (a colour-blind-safe palette: Okabe and Ito's, blue first).
    /// </summary>
    public static IReadOnlyList<string> Palette { get; } = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"];

    /// <summary>An identifier unique within a page: letters, digits and dashes (<c>power-memphis</c>).</summary>
    public required string Id { get; init; }

    /// <summary>The title shown above the chart.</summary>
    public required string Title { get; init; }

    /// <summary>A line under the title saying what the chart is drawn from, if anything needs saying.</summary>
    public string? Subtitle { get; init; }
}

/// <summary>An axis: what it measures and in which unit (<c>power</c>, <c>MW</c>); shown as <c>power (MW)</c>.</summary>
/// <param name="Label">What the axis measures.</param>
/// <param name="Unit">The unit of its values (<c>MW</c>, <c>s</c>, <c>%</c>); empty for a pure count or a fraction shown as is.</param>
public sealed record ChartAxis(string Label, string Unit)
{
    /// <summary>The axis title: <c>label (unit)</c>, or the label alone without a unit.</summary>
    public string Text => Unit.Length == 0 ? Label : $"{Label} ({Unit})";
}

/// <summary>One line of a <see cref="LineChart"/>: a legend name and points (x ascending; as many x as y).</summary>
/// <param name="Name">Legend text.</param>
/// <param name="X">The x values, in the x axis's unit, ascending.</param>
/// <param name="Y">The y values, in the y axis's unit; one per x.</param>
public sealed record LineSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y);

/// <summary>Lines over a numeric x axis (time series, cumulative distributions).</summary>
public sealed record LineChart : Chart
{
    /// <summary>The horizontal axis.</summary>
    public required ChartAxis XAxis { get; init; }

    /// <summary>The vertical axis.</summary>
    public required ChartAxis YAxis { get; init; }

    /// <summary>The lines, in legend order.</summary>
    public required IReadOnlyList<LineSeries> Series { get; init; }

    /// <summary>Whether each line holds its value until the next point (a step function: shares, queue lengths).</summary>
    public bool Step { get; init; }

    /// <summary>Whether each point is marked (a few measured points, such as a load ladder's), besides the line through them.</summary>
    public bool Markers { get; init; }

    /// <summary>Horizontal reference lines (a latency target), drawn dashed and named in the legend; none by default.</summary>
    public IReadOnlyList<ChartGuide> Guides { get; init; } = [];

    /// <summary>The x axis's extent and tick spacing; <see langword="null"/> fits the axis to the data.</summary>
    public ChartRange? XRange { get; init; }
}

/// <summary>A horizontal reference line of a <see cref="LineChart"/>: a target or a limit.</summary>
/// <param name="Name">Legend text (<c>chat: TTFT p99 target</c>).</param>
/// <param name="Y">Its height, in the y axis's unit.</param>
/// <param name="Colour">The index of its colour in <see cref="Chart.Palette"/> (0 or more; wraps around), usually its series'.</param>
public sealed record ChartGuide(string Name, double Y, int Colour);

/// <summary>An axis's extent and the spacing of its ticks, in the axis's unit.</summary>
/// <param name="Min">The axis's first value.</param>
/// <param name="Max">The axis's last value (above <paramref name="Min"/>).</param>
/// <param name="Tick">The distance between labelled ticks (above 0), starting at <paramref name="Min"/>.</param>
public sealed record ChartRange(double Min, double Max, double Tick);

/// <summary>One group of bars of a <see cref="BarChart"/>: a legend name and one value per category.</summary>
/// <param name="Name">Legend text.</param>
/// <param name="Values">One value per category of the chart, in the value axis's unit.</param>
public sealed record BarSeries(string Name, IReadOnlyList<double> Values);

/// <summary>Bars over named categories, side by side or stacked (cost breakdowns, time breakdowns).</summary>
public sealed record BarChart : Chart
{
    /// <summary>The category axis (its unit is usually empty).</summary>
    public required ChartAxis CategoryAxis { get; init; }

    /// <summary>The category names, in order.</summary>
    public required IReadOnlyList<string> Categories { get; init; }

    /// <summary>The value axis.</summary>
    public required ChartAxis ValueAxis { get; init; }

    /// <summary>The series, in legend (and stacking) order.</summary>
    public required IReadOnlyList<BarSeries> Series { get; init; }

    /// <summary>Whether the series are stacked in one bar per category (else side by side).</summary>
    public bool Stacked { get; init; }
}

/// <summary>A grid of cells coloured by value (utilisation by site and hour).</summary>
public sealed record HeatmapChart : Chart
{
    /// <summary>The horizontal axis (its categories are <see cref="Columns"/>).</summary>
    public required ChartAxis XAxis { get; init; }

    /// <summary>The vertical axis (its categories are <see cref="Rows"/>).</summary>
    public required ChartAxis YAxis { get; init; }

    /// <summary>What the colour measures.</summary>
    public required ChartAxis ValueAxis { get; init; }

    /// <summary>Column names, left to right.</summary>
    public required IReadOnlyList<string> Columns { get; init; }

    /// <summary>Row names, top to bottom.</summary>
    public required IReadOnlyList<string> Rows { get; init; }

    /// <summary>The values: one list per row, one value per column (NaN for a cell without data).</summary>
    public required IReadOnlyList<IReadOnlyList<double>> Values { get; init; }
}

/// <summary>One span of a <see cref="TimelineChart"/>: something that happened on a track from a start to an end.</summary>
/// <param name="Track">The track's index in <see cref="TimelineChart.Tracks"/>.</param>
/// <param name="Start">Start, in the time axis's unit.</param>
/// <param name="End">End (≥ start), in the time axis's unit.</param>
/// <param name="Category">The kind of span; spans of one category share a colour and a legend entry.</param>
/// <param name="Label">What the span is (shown when it is pointed at).</param>
public sealed record TimelineSpan(int Track, double Start, double End, string Category, string Label);

/// <summary>Spans on named tracks over time (a training step's pipeline timeline).</summary>
public sealed record TimelineChart : Chart
{
    /// <summary>The time axis.</summary>
    public required ChartAxis TimeAxis { get; init; }

    /// <summary>Track names, top to bottom.</summary>
    public required IReadOnlyList<string> Tracks { get; init; }

    /// <summary>The categories in legend order (each span's category is one of them).</summary>
    public required IReadOnlyList<string> Categories { get; init; }

    /// <summary>The spans.</summary>
    public required IReadOnlyList<TimelineSpan> Spans { get; init; }
}
