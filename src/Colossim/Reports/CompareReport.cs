using System.Globalization;
using System.Text.Json.Nodes;
using Colossim.Documents;
using Colossim.Units;

using static Colossim.Reports.Figures;

namespace Colossim.Reports;

/// <summary>
/// A <see cref="RunComparison"/> as people and programs read it (<c>colossim compare</c>): text blocks for the terminal
/// (the figures with their change and whether B is better or worse, then the inputs that differ), one JSON document, and
/// <c>compare.html</c>, the same rows with a chart of the relative changes.
/// </summary>
public static class CompareReport
{
    /// <summary>The name of the page <c>colossim compare --out DIR</c> writes.</summary>
    public const string HtmlFile = "compare.html";

    /// <summary>The name of the JSON document <c>colossim compare --out DIR</c> writes.</summary>
    public const string JsonFile = "compare.json";

    /// <summary>The comparison as blocks: a title line, the figures table, the inputs table (or a line saying none differ).</summary>
    public static IReadOnlyList<ReportBlock> Blocks(RunComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        List<ReportBlock> blocks =
        [
            new ReportText($"A: {comparison.A} ({comparison.ScenarioA})   B: {comparison.B} ({comparison.ScenarioB})", Strong: true),
            ReportText.Blank,
        ];
        var figures = new ReportTableBuilder("What changed from A to B").Columns("", "figure")
            .Column("A", ColumnAlignment.Right).Column("B", ColumnAlignment.Right).Column("change", ColumnAlignment.Right).Column("change %", ColumnAlignment.Right).Columns("B is");
        foreach (var m in comparison.Metrics)
        {
            figures.Row(m.Group, m.Name, Cell(m.Kind, m.A), Cell(m.Kind, m.B), m.Change is { } c ? Signed(m.Kind, c) : "-",
                m.RelativeChange is { } r ? r.ToString("+0.0%;-0.0%;0%", CultureInfo.InvariantCulture) : "-", m.Verdict);
        }

        blocks.Add(figures.Build());
        blocks.Add(ReportText.Blank);
        if (comparison.Inputs.Count == 0)
        {
            blocks.Add(new ReportText("The inputs are the same (scenario, seed, sites, tenants, workloads)."));
        }
        else
        {
            var inputs = new ReportTableBuilder("Inputs that differ").Columns("path", "A", "B");
            foreach (var i in comparison.Inputs)
            {
                inputs.Row(i.Path, i.A ?? "(absent)", i.B ?? "(absent)");
            }

            blocks.Add(inputs.Build());
        }

        return blocks;
    }

    /// <summary>The comparison as a JSON object: <c>a</c>, <c>b</c>, <c>metrics</c> (group, name, unit, a, b, change, relative_change, verdict) and <c>inputs</c> (path, a, b; values as JSON text).</summary>
    public static JsonObject Json(RunComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        return new JsonObject
        {
            ["a"] = new JsonObject { ["run"] = comparison.A, ["scenario"] = comparison.ScenarioA },
            ["b"] = new JsonObject { ["run"] = comparison.B, ["scenario"] = comparison.ScenarioB },
            ["metrics"] = new JsonArray([.. comparison.Metrics.Select(m => (JsonNode?)new JsonObject
            {
                ["group"] = m.Group,
                ["name"] = m.Name,
                ["unit"] = Unit(m.Kind),
                ["a"] = m.A,
                ["b"] = m.B,
                ["change"] = m.Change,
                ["relative_change"] = m.RelativeChange,
                ["verdict"] = m.Verdict.Length == 0 ? null : m.Verdict,
            })]),
            ["inputs"] = new JsonArray([.. comparison.Inputs.Select(i => (JsonNode?)new JsonObject { ["path"] = i.Path, ["a"] = i.A, ["b"] = i.B })]),
        };
    }

    /// <summary>The chart of the relative changes (%), one bar per figure known in both runs.</summary>
    public static BarChart Chart(RunComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var changed = comparison.Metrics.Where(m => m.RelativeChange is not null).ToList();
        return new BarChart
        {
            Id = "relative-change",
            Title = "Change from A to B by figure",
            Subtitle = "(B − A) / A; for costs, latencies and power, below zero is better",
            CategoryAxis = new ChartAxis("figure", ""),
            Categories = [.. changed.Select(m => $"{m.Group}: {m.Name}")],
            ValueAxis = new ChartAxis("change", "%"),
            Series = [new BarSeries("B against A", [.. changed.Select(m => 100 * m.RelativeChange!.Value)])],
        };
    }

    /// <summary>The page <c>compare.html</c>: the blocks with the chart after the title, offline (<see cref="HtmlPage"/>).</summary>
    public static string Html(RunComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        return HtmlPage.Render($"Colossim: {comparison.A} against {comparison.B}", Blocks(comparison), [Chart(comparison)], 0,
            $"colossim compare {comparison.A} {comparison.B}. Chart drawn with {HtmlPage.ChartLibrary} (Apache-2.0), embedded in this page.");
    }

    /// <summary>
    /// Writes <c>compare.html</c> and <c>compare.json</c> into <paramref name="directory"/> (created if missing); a folder
    /// that cannot be written is an error at <paramref name="path"/>. Returns the files written.
    /// </summary>
    public static IReadOnlyList<string> Write(RunComparison comparison, string directory, Problems problems, string path = "--out")
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(problems);
        if (string.IsNullOrWhiteSpace(directory))
        {
            problems.Error(path, "expected a folder, found an empty name");
            return [];
        }

        if (File.Exists(directory))
        {
            problems.Error(path, $"cannot write {Path.Combine(directory, HtmlFile)}: '{directory}' is a file, not a folder");
            return [];
        }

        List<string> written = [];
        foreach (var (name, content) in new (string, Func<string>)[] { (HtmlFile, () => Html(comparison)), (JsonFile, () => ReportJson.Serialize(Json(comparison)) + "\n") })
        {
            var target = Path.Combine(directory, name);
            if (!AtomicFile.TryWrite(target, content(), out var error))
            {
                problems.Error(path, $"cannot write {target}: {error}");
                return written;
            }

            written.Add(target);
        }

        return written;
    }

    private static string Unit(MetricKind kind) => kind switch
    {
        MetricKind.Money => "usd",
        MetricKind.Power => "w",
        MetricKind.Energy => "j",
        MetricKind.Seconds => "s",
        MetricKind.Milliseconds => "ms",
        MetricKind.Days => "days",
        MetricKind.Fraction => "fraction",
        _ => "",
    };

    private static string Cell(MetricKind kind, double? value) => value is { } v ? Format(kind, v) : "-";

    private static string Signed(MetricKind kind, double change) => change == 0 ? "0" : (change > 0 ? "+" : "−") + Format(kind, Math.Abs(change));

    private static string Format(MetricKind kind, double v) => kind switch
    {
        MetricKind.Money => Math.Abs(v) < 100 ? "$" + Fixed(v, "#,0.###") : Figures.Show(new Usd(v)),
        MetricKind.Power => Figures.Show(new Watts(v)),
        MetricKind.Energy => Figures.Show(new Energy(v)),
        MetricKind.Seconds => Fixed(v, "#,0.###") + " s",
        MetricKind.Milliseconds => Fixed(v, "#,0.##") + " ms",
        MetricKind.Days => Fixed(v, "#,0.0") + " days",
        MetricKind.Fraction => Percent(v),
        _ => Math.Abs(v) >= 1000 ? Whole(v) : Number(Significant(v)),
    };
}
