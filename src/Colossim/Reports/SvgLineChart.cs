using System.Globalization;
using System.Security;
using System.Text;

namespace Colossim.Reports;

/// <summary>One line of a chart: a name for the legend, a CSS colour, and values at evenly spaced x.</summary>
/// <param name="Name">Legend text.</param>
/// <param name="Color">CSS colour (<c>#1f77b4</c>).</param>
/// <param name="Values">The y values, one per x step.</param>
public sealed record ChartSeries(string Name, string Color, IReadOnlyList<double> Values);

/// <summary>
/// A line chart as a self-contained SVG document: axes with round ticks, a legend, and lines that keep their swings
/// when there are more points than pixels (each pixel column draws its minimum and maximum). No fonts or scripts to
/// fetch, so it renders anywhere, headless included.
/// </summary>
public static class SvgLineChart
{
    private const int Left = 70;
    private const int Right = 20;
    private const int Top = 40;
    private const int Bottom = 50;

    /// <summary>Renders <paramref name="series"/> against x = index × <paramref name="xStep"/> (in <paramref name="xLabel"/>'s unit).</summary>
    public static string Render(string title, string xLabel, string yLabel, double xStep, IReadOnlyList<ChartSeries> series, int width = 960, int height = 420)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, Left + Right + 50);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, Top + Bottom + 50);
        var count = series.Count == 0 ? 0 : series.Max(s => s.Values.Count);
        var finite = series.SelectMany(s => s.Values).Where(double.IsFinite).ToList();
        var yMin = finite.Count == 0 ? 0 : Math.Min(0, finite.Min());
        var yMax = finite.Count == 0 ? 1 : finite.Max();
        var (y0, y1, yTick) = NiceRange(yMin, yMax);
        var xMax = Math.Max(xStep * Math.Max(count - 1, 1), 1e-12);
        var (_, _, xTick) = NiceRange(0, xMax);
        var plotW = width - Left - Right;
        var plotH = height - Top - Bottom;
        double X(double x) => Left + (x / xMax * plotW);
        double Y(double y) => Top + plotH - ((y - y0) / (y1 - y0) * plotH);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{width / 2}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">{Escape(title)}</text>\n");
        for (var y = y0; y <= y1 + (yTick / 2); y += yTick)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{width - Right}\" y1=\"{F(Y(y))}\" y2=\"{F(Y(y))}\" stroke=\"#e5e5e5\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{F(Y(y) + 4)}\" text-anchor=\"end\">{Label(y)}</text>\n");
        }

        for (var x = 0.0; x <= xMax + (xTick / 2); x += xTick)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(X(x))}\" x2=\"{F(X(x))}\" y1=\"{Top}\" y2=\"{Top + plotH}\" stroke=\"#f0f0f0\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(X(x))}\" y=\"{Top + plotH + 18}\" text-anchor=\"middle\">{Label(x)}</text>\n");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{plotW}\" height=\"{plotH}\" fill=\"none\" stroke=\"#888\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + (plotW / 2)}\" y=\"{height - 10}\" text-anchor=\"middle\">{Escape(xLabel)}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate(16 {Top + (plotH / 2)}) rotate(-90)\" text-anchor=\"middle\">{Escape(yLabel)}</text>\n");

        var legendX = Left + 10;
        foreach (var s in series)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{Escape(s.Color)}\" stroke-width=\"1.2\" points=\"");
            foreach (var (x, y) in Points(s.Values, plotW))
            {
                svg.Append(CultureInfo.InvariantCulture, $"{F(X(x * xStep))},{F(Y(y))} ");
            }

            svg.Append("\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{legendX}\" y=\"{Top + 8}\" width=\"14\" height=\"3\" fill=\"{Escape(s.Color)}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{legendX + 18}\" y=\"{Top + 13}\">{Escape(s.Name)}</text>\n");
            legendX += 30 + (7 * s.Name.Length);
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    // At most two points per pixel column (its min and max, in time order), so fast swings stay visible.
    private static IEnumerable<(double X, double Y)> Points(IReadOnlyList<double> values, int columns)
    {
        if (values.Count <= 2 * columns)
        {
            for (var i = 0; i < values.Count; i++)
            {
                yield return (i, values[i]);
            }

            yield break;
        }

        var perColumn = (double)values.Count / columns;
        for (var c = 0; c < columns; c++)
        {
            var start = (int)(c * perColumn);
            var end = Math.Min(values.Count, (int)((c + 1) * perColumn));
            int lo = start, hi = start;
            for (var i = start; i < end; i++)
            {
                if (values[i] < values[lo])
                {
                    lo = i;
                }

                if (values[i] > values[hi])
                {
                    hi = i;
                }
            }

            yield return (Math.Min(lo, hi), values[Math.Min(lo, hi)]);
            yield return (Math.Max(lo, hi), values[Math.Max(lo, hi)]);
        }
    }

    private static (double Min, double Max, double Tick) NiceRange(double min, double max)
    {
        if (max <= min)
        {
            max = min + 1;
        }

        var raw = (max - min) / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var tick = new[] { 1, 2, 2.5, 5, 10 }.Select(m => m * magnitude).First(t => t >= raw);
        return (Math.Floor(min / tick) * tick, Math.Ceiling(max / tick) * tick, tick);
    }

    private static string Label(double v) => Math.Abs(v) < 1e-9 ? "0" : v.ToString("G4", CultureInfo.InvariantCulture);

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Escape(string text) => SecurityElement.Escape(text);
}
