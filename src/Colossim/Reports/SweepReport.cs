using System.Text.Json.Nodes;
using Colossim.Documents;

namespace Colossim.Reports;

/// <summary>
/// A number over a point's runs: the mean, and with two runs or more the 95% confidence interval of the mean
/// (Student's t with n - 1 degrees of freedom).
/// </summary>
/// <param name="Mean">The mean over <paramref name="Count"/> runs.</param>
/// <param name="Low">The interval's lower end; <see langword="null"/> with one run.</param>
/// <param name="High">The interval's upper end; <see langword="null"/> with one run.</param>
/// <param name="Count">How many runs had the number (1 or more).</param>
public sealed record SweepStat(double Mean, double? Low, double? High, int Count)
{
    // Student's t, two-sided 95%, for 1 to 30 degrees of freedom.
    private static readonly double[] T95 =
    [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
        2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ];

    /// <summary>The mean and 95% interval of <paramref name="values"/>, or <see langword="null"/> when there are none.</summary>
    public static SweepStat? Of(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return null;
        }

        var mean = values.Average();
        if (values.Count == 1)
        {
            return new SweepStat(mean, null, null, 1);
        }

        var variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1);
        var half = TQuantile(values.Count - 1) * Math.Sqrt(variance / values.Count);
        return new SweepStat(mean, mean - half, mean + half, values.Count);
    }

    /// <summary>The two-sided 95% quantile of Student's t with <paramref name="degrees"/> (1 or more) degrees of freedom.</summary>
    public static double TQuantile(int degrees)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degrees, 1);

        // Past 30: the normal quantile with two terms of the Cornish-Fisher expansion (error under 0.0005).
        const double z = 1.959964;
        double v = degrees;
        return degrees <= T95.Length
            ? T95[degrees - 1]
            : z + (((z * z * z) + z) / (4 * v)) + (((5 * Math.Pow(z, 5)) + (16 * z * z * z) + (3 * z)) / (96 * v * v));
    }
}

/// <summary>One point of a sweep as its table shows it.</summary>
public sealed record SweepRow
{
    /// <summary>The point's index, from 0.</summary>
    public required int Point { get; init; }

    /// <summary>The value of each varied key, in the order of <see cref="SweepReport.Keys"/>.</summary>
    public required IReadOnlyList<string> Values { get; init; }

    /// <summary>Runs of the point that finished (done or failed).</summary>
    public required int Runs { get; init; }

    /// <summary>Runs of the point that failed.</summary>
    public required int Failed { get; init; }

    /// <summary>The first failed run's error, or <see langword="null"/>.</summary>
    public string? Error { get; init; }

    /// <summary>The objective over the point's done runs, or <see langword="null"/> (no objective, or no done run).</summary>
    public SweepStat? Objective { get; init; }

    /// <summary>Each headline metric (<see cref="SweepReport.Metrics"/>) over the done runs; <see langword="null"/> where absent.</summary>
    public required IReadOnlyList<SweepStat?> Metrics { get; init; }
}

/// <summary>
/// A sweep's results: one row per point with every varied key, the objective and the headline metrics of each pillar
/// (means, with 95% intervals when each point ran over several seeds), and what the session did.
/// </summary>
public sealed record SweepReport
{
    /// <summary>The metric the Pareto front sets against the objective: the build's total cost of ownership, in USD.</summary>
    public const string CostMetric = "build.total.tco_usd";

    /// <summary>The scenario's name.</summary>
    public required string Scenario { get; init; }

    /// <summary>The sweep's identity (32 hex digits).</summary>
    public required string Id { get; init; }

    /// <summary>The database the runs are stored in.</summary>
    public required string Store { get; init; }

    /// <summary>The varied keys (scenario paths).</summary>
    public required IReadOnlyList<string> Keys { get; init; }

    /// <summary>The objective's path into summary.json, or <see langword="null"/>.</summary>
    public string? Objective { get; init; }

    /// <summary>Whether a larger objective is better.</summary>
    public bool Maximize { get; init; }

    /// <summary>Runs per point.</summary>
    public required int Seeds { get; init; }

    /// <summary>The headline metrics' paths into summary.json, the table's further columns.</summary>
    public required IReadOnlyList<string> Metrics { get; init; }

    /// <summary>One row per point, in point order.</summary>
    public required IReadOnlyList<SweepRow> Rows { get; init; }

    /// <summary>Runs this session ran.</summary>
    public required int Ran { get; init; }

    /// <summary>Runs found already finished in the store.</summary>
    public required int Reused { get; init; }

    /// <summary>Runs of the sweep that failed.</summary>
    public required int Failed { get; init; }

    /// <summary>Wall time of this session's runs, in seconds.</summary>
    public required double ElapsedSeconds { get; init; }

    /// <summary>Parallel runs used.</summary>
    public required int Jobs { get; init; }

    /// <summary>Problems with the sweep as a whole.</summary>
    public IReadOnlyList<Problem> Problems { get; init; } = [];

    /// <summary>All runs of the sweep.</summary>
    public int TotalRuns => Rows.Count * Seeds;

    /// <summary>The rows with an objective, best first (ties in point order).</summary>
    public IReadOnlyList<SweepRow> Ranked => [.. Rows.Where(r => r.Objective is not null).OrderBy(r => Maximize ? -r.Objective!.Mean : r.Objective!.Mean).ThenBy(r => r.Point)];

    /// <summary>
    /// The points no other point beats on both cost (<see cref="CostMetric"/>, lower is better) and the objective: the
    /// Pareto front, by rising cost. Empty without an objective or a cost.
    /// </summary>
    public IReadOnlyList<SweepRow> ParetoFront()
    {
        var cost = Metrics.ToList().IndexOf(CostMetric);
        if (cost < 0 || Objective is null)
        {
            return [];
        }

        var candidates = Rows.Where(r => r.Objective is not null && r.Metrics[cost] is not null)
            .OrderBy(r => r.Metrics[cost]!.Mean).ThenBy(r => Maximize ? -r.Objective!.Mean : r.Objective!.Mean).ToList();
        var front = new List<SweepRow>();
        double? best = null;
        foreach (var row in candidates)
        {
            var value = Maximize ? row.Objective!.Mean : -row.Objective!.Mean;
            if (best is null || value > best)
            {
                front.Add(row);
                best = value;
            }
        }

        return front;
    }

    /// <summary>The report as a JSON object (what <c>colossim sweep --format json</c> prints).</summary>
    public JsonObject ToJson(IReadOnlyList<string>? files = null)
    {
        var ranked = Ranked;
        var best = ranked.Count > 0 ? ranked[0] : null;
        return new JsonObject
        {
            ["sweep"] = Id,
            ["scenario"] = Scenario,
            ["store"] = Store,
            ["keys"] = new JsonArray([.. Keys.Select(k => (JsonNode?)k)]),
            ["objective"] = Objective,
            ["maximize"] = Maximize,
            ["points"] = Rows.Count,
            ["seeds"] = Seeds,
            ["runs"] = TotalRuns,
            ["ran"] = Ran,
            ["reused"] = Reused,
            ["failed"] = Failed,
            ["jobs"] = Jobs,
            ["elapsed_s"] = Math.Round(ElapsedSeconds, 3),
            ["best"] = best is null ? null : Row(best),
            ["rows"] = new JsonArray([.. Rows.Select(r => (JsonNode?)Row(r))]),
            ["files"] = new JsonArray([.. (files ?? []).Select(f => (JsonNode?)f)]),
            ["problems"] = ProblemsJson.ToNode(Problems),
        };
    }

    private JsonObject Row(SweepRow r)
    {
        var values = new JsonObject();
        for (var i = 0; i < Keys.Count; i++)
        {
            values[Keys[i]] = r.Values[i];
        }

        var metrics = new JsonObject();
        for (var i = 0; i < Metrics.Count; i++)
        {
            metrics[Metrics[i]] = Stat(r.Metrics[i]);
        }

        return new JsonObject
        {
            ["point"] = r.Point,
            ["values"] = values,
            ["runs"] = r.Runs,
            ["failed"] = r.Failed,
            ["error"] = r.Error,
            ["objective"] = Stat(r.Objective),
            ["metrics"] = metrics,
        };
    }

    private static JsonObject? Stat(SweepStat? s) => s is null ? null : new JsonObject { ["mean"] = s.Mean, ["ci95_low"] = s.Low, ["ci95_high"] = s.High, ["n"] = s.Count };
}
