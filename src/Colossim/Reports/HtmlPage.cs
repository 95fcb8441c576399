using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Colossim.Reports;

/// <summary>
/// One self-contained HTML page of report blocks and charts that opens offline: the styles, the charting script (Apache
/// ECharts, vendored in <c>Reports/Assets</c> and embedded in the library) and every chart's data are inside the file,
/// and nothing is fetched (no <c>http(s)://</c> script, style or image). Blocks are the same rows the terminal prints
/// (<see cref="ReportBlock"/>), so the page and the terminal never disagree; charts are interactive
/// (<see cref="EChartsOption"/>).
/// </summary>
public static class HtmlPage
{
    private static readonly Lazy<string> Script = new(() =>
    {
        using var stream = typeof(HtmlPage).Assembly.GetManifestResourceStream("reports/echarts.min.js")
            ?? throw new InvalidOperationException("the embedded charting script reports/echarts.min.js is missing from the library");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    });

    /// <summary>The embedded charting script and its version (as <c>Reports/Assets/echarts.VERSION</c> records it).</summary>
    public const string ChartLibrary = "Apache ECharts 6.1.0";

    /// <summary>
    /// The page: <paramref name="title"/>, then <paramref name="blocks"/> with <paramref name="charts"/> placed after the
    /// block at index <paramref name="chartsAfter"/> (−1: before every block), and a footer line
    /// (<paramref name="footer"/>).
    /// </summary>
    public static string Render(string title, IReadOnlyList<ReportBlock> blocks, IReadOnlyList<Chart> charts, int chartsAfter, string footer)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentNullException.ThrowIfNull(charts);
        ArgumentNullException.ThrowIfNull(footer);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append("<title>").Append(E(title)).Append("</title>\n<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n<main>\n");
        if (chartsAfter < 0)
        {
            Charts(html, charts);
        }

        var inParagraph = false;
        for (var i = 0; i < blocks.Count; i++)
        {
            inParagraph = Block(html, blocks[i], i == 0, inParagraph);
            if (i == chartsAfter)
            {
                inParagraph = Close(html, inParagraph);
                Charts(html, charts);
            }
        }

        Close(html, inParagraph);
        html.Append("<footer>").Append(E(footer)).Append("</footer>\n</main>\n");
        var options = new JsonObject();
        foreach (var chart in charts)
        {
            options[chart.Id] = EChartsOption.Of(chart);
        }

        // JSON inside a script element: "</" would end the element, so it is written as the equivalent "<\/".
        html.Append("<script type=\"application/json\" id=\"chart-options\">").Append(options.ToJsonString().Replace("</", "<\\/", StringComparison.Ordinal)).Append("</script>\n");
        html.Append("<script>\n").Append(Script.Value).Append("\n</script>\n");
        html.Append("<script>\n").Append(Init).Append("</script>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Charts(StringBuilder html, IReadOnlyList<Chart> charts)
    {
        if (charts.Count == 0)
        {
            return;
        }

        html.Append("<section class=\"charts\">\n");
        foreach (var chart in charts)
        {
            var height = chart switch
            {
                TimelineChart t => Math.Clamp(140 + (36 * t.Tracks.Count), 260, 900),
                BarChart { Categories.Count: > 6 } => 640,
                _ => 440,
            };
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"chart\" id=\"chart-{E(chart.Id)}\" data-chart=\"{E(chart.Id)}\" style=\"height:{height}px\" role=\"img\" aria-label=\"{E(chart.Title)}\"></div>\n");
        }

        html.Append("</section>\n");
    }

    // Writes a block; consecutive text lines share a paragraph. Returns whether a paragraph is open.
    private static bool Block(StringBuilder html, ReportBlock block, bool first, bool inParagraph)
    {
        switch (block)
        {
            case ReportText { Text.Length: 0 }:
                return Close(html, inParagraph);
            case ReportText { Strong: true } text when first:
                Close(html, inParagraph);
                html.Append("<h1>").Append(E(text.Text)).Append("</h1>\n");
                return false;
            case ReportText text:
                if (!inParagraph)
                {
                    html.Append("<p>");
                }
                else
                {
                    html.Append("<br>\n");
                }

                html.Append(text.Strong ? $"<strong>{E(text.Text)}</strong>" : E(text.Text));
                return true;
            case ReportTable table:
                Close(html, inParagraph);
                Table(html, table);
                return false;
            default:
                throw new ArgumentException($"unknown report block {block.GetType().Name}", nameof(block));
        }
    }

    private static bool Close(StringBuilder html, bool inParagraph)
    {
        if (inParagraph)
        {
            html.Append("</p>\n");
        }

        return false;
    }

    private static void Table(StringBuilder html, ReportTable table)
    {
        html.Append("<table>\n");
        if (table.Title is { } title)
        {
            html.Append("<caption>").Append(E(title)).Append("</caption>\n");
        }

        html.Append("<thead><tr>");
        foreach (var column in table.Columns)
        {
            html.Append(column.Alignment == ColumnAlignment.Right ? "<th class=\"num\">" : "<th>").Append(E(column.Header)).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in table.Rows)
        {
            html.Append("<tr>");
            for (var c = 0; c < row.Count; c++)
            {
                html.Append(table.Columns[c].Alignment == ColumnAlignment.Right ? "<td class=\"num\">" : "<td>").Append(E(row[c])).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private const string Style = """
        body { font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: #1a1a1a; background: #fafafa; margin: 0; }
        * { box-sizing: border-box; }
        main { max-width: 1320px; margin: 0 auto; padding: 24px 32px 48px; }
        h1 { font-size: 1.6em; margin: 0.2em 0 0.4em; }
        p { line-height: 1.45; max-width: 110ch; }
        table { border-collapse: collapse; margin: 1.4em 0; background: white; font-size: 0.92em; display: block; max-width: 100%; overflow-x: auto; }
        caption { text-align: left; font-weight: 600; font-size: 1.1em; padding: 0 0 6px; }
        th, td { border: 1px solid #d8d8d8; padding: 4px 10px; vertical-align: top; }
        th { background: #f0f3f7; text-align: left; }
        .num { text-align: right; font-variant-numeric: tabular-nums; }
        tbody tr:nth-child(even) { background: #fbfbfb; }
        .charts { display: grid; grid-template-columns: minmax(0, 1fr); gap: 18px; margin: 1.6em 0; }
        .chart { box-sizing: border-box; background: white; border: 1px solid #e0e0e0; border-radius: 6px; width: 100%; }
        footer { margin-top: 2.5em; color: #666; font-size: 0.85em; }

        """;

    private const string Init = """
        (function () {
          var options = JSON.parse(document.getElementById('chart-options').textContent);
          // Spans of a timeline chart: a rectangle from start to end on the span's track, clipped to the plot.
          function span(params, api) {
            var track = api.value(0), start = api.coord([api.value(1), track]), end = api.coord([api.value(2), track]);
            var height = api.size([0, 1])[1] * 0.7;
            var shape = echarts.graphic.clipRectByRect(
              { x: start[0], y: start[1] - height / 2, width: Math.max(end[0] - start[0], 1), height: height },
              { x: params.coordSys.x, y: params.coordSys.y, width: params.coordSys.width, height: params.coordSys.height });
            return shape && { type: 'rect', transition: [], shape: shape, style: api.style() };
          }
          document.querySelectorAll('.chart').forEach(function (element) {
            var option = options[element.getAttribute('data-chart')];
            (option.series || []).forEach(function (s) { if (s.type === 'custom') { s.renderItem = span; } });
            // A title wider than a narrow chart (a phone, the dashboard's frame) gets a smaller font, never cut off.
            function fit() {
              if (!option.title || !option.title.text) { return; }
              var size = Math.max(11, Math.min(18, (element.clientWidth - 40) / (0.6 * option.title.text.length)));
              option.title.textStyle = { fontSize: Math.floor(size) };
            }
            fit();
            var chart = echarts.init(element);
            chart.setOption(option);
            window.addEventListener('resize', function () { fit(); chart.setOption({ title: option.title }); chart.resize(); });
          });
        })();

        """;
}
