using System.Globalization;
using System.Text.Json.Nodes;
using Colossim.Documents;
using Colossim.Serving;

namespace Colossim.Reports;

/// <summary>
/// What <c>colossim serve --search</c> shows when it searches deployments: the chosen deployment's run as
/// <see cref="ServeReport.Json"/> writes it, with <c>search</c> (every candidate, best first) and the figure the
/// deployments were ranked by; text: the chosen one, the table of candidates and the chosen run.
/// </summary>
public static class DeploymentSearchReport
{
    /// <summary>
    /// The JSON document: the chosen run's keys, <c>max_rate_meeting_slo</c> (requests/s; highest-rate search),
    /// <c>target</c> (rate, GPUs, dollars per hour and per million output tokens; cheapest search), and <c>search</c>
    /// with <c>objective</c>, <c>ranked_by</c>, <c>deployments_evaluated</c>, <c>simulations</c>, <c>wall_s</c> and
    /// <c>candidates</c>.
    /// </summary>
    public static JsonObject Json(DeploymentSearchResult search, double wallSeconds)
    {
        ArgumentNullException.ThrowIfNull(search);
        var best = search.Best ?? throw new ArgumentException("the search chose no deployment", nameof(search));
        var json = ServeReport.Json(best.Run!, wallSeconds);
        AddChoice(json, search);
        json["search"] = Summary(search, wallSeconds);
        return json;
    }

    /// <summary>
    /// Adds the chosen deployment's figure to <paramref name="json"/>: <c>max_rate_meeting_slo</c> (requests/s) for a
    /// highest-rate search, <c>target</c> (<c>rate</c> requests/s, <c>gpus</c>, <c>usd_per_hour</c>,
    /// <c>cost_per_million_output_tokens_usd</c>) for a cheapest-deployment search, nothing for a throughput search.
    /// </summary>
    public static void AddChoice(JsonObject json, DeploymentSearchResult search)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(search);
        var best = search.Best ?? throw new ArgumentException("the search chose no deployment", nameof(search));
        if (search.Objective == DeploymentObjective.MaxRate)
        {
            json["max_rate_meeting_slo"] = best.MaxRate;
        }

        if (search.Objective == DeploymentObjective.Cheapest)
        {
            json["target"] = new JsonObject
            {
                ["rate"] = search.TargetRate,
                ["gpus"] = best.Deployment.Gpus,
                ["usd_per_hour"] = best.UsdPerHour,
                ["cost_per_million_output_tokens_usd"] = best.Run!.SustainedCostPerMillionOutputTokens.Dollars,
            };
        }
    }

    /// <summary>
    /// The <c>search</c> object: <c>objective</c>, <c>ranked_by</c>, <c>deployments_evaluated</c>, <c>simulations</c>,
    /// <c>wall_s</c> (only when <paramref name="wallSeconds"/> is given: a scenario's report leaves wall time out, so that
    /// its bytes depend only on the scenario) and <c>candidates</c> (every deployment tried or refused, best first).
    /// </summary>
    public static JsonObject Summary(DeploymentSearchResult search, double? wallSeconds)
    {
        ArgumentNullException.ThrowIfNull(search);
        var candidates = new JsonArray();
        foreach (var c in search.Candidates)
        {
            candidates.Add((JsonNode)Candidate(c, search.Objective));
        }

        var json = new JsonObject
        {
            ["objective"] = EnumNames.Of(search.Objective),
            ["ranked_by"] = RankedBy(search.Objective),
            ["deployments_evaluated"] = search.DeploymentsEvaluated,
            ["simulations"] = search.Simulations,
        };
        if (wallSeconds is { } wall)
        {
            json["wall_s"] = wall;
        }

        json["candidates"] = candidates;
        return json;
    }

    /// <summary>The text: the chosen deployment and its figure, the candidates best first (refused ones with their reason), then the chosen run.</summary>
    public static IReadOnlyList<ReportBlock> Text(DeploymentSearchResult search, double wallSeconds)
    {
        ArgumentNullException.ThrowIfNull(search);
        var best = search.Best ?? throw new ArgumentException("the search chose no deployment", nameof(search));
        return [.. Blocks(search, wallSeconds), ReportText.Blank, .. ServeReport.Text(best.Run!, wallSeconds)];
    }

    /// <summary>
    /// The search as text: the chosen deployment and its figure, what was simulated (with the wall time when
    /// <paramref name="wallSeconds"/> is given), the candidates best first and the reasons of the refused ones.
    /// </summary>
    public static IReadOnlyList<ReportBlock> Blocks(DeploymentSearchResult search, double? wallSeconds)
    {
        ArgumentNullException.ThrowIfNull(search);
        var best = search.Best ?? throw new ArgumentException("the search chose no deployment", nameof(search));
        var d = best.Deployment;
        var what = I($"tp {d.Tp} × {(d.Ep > 1 ? I($"ep {d.Ep} × ") : "")}pp {d.Pp} × {d.Replicas} {(d.Replicas == 1 ? "replica" : "replicas")}, {EnumNames.Of(d.Scheduler)} scheduler");
        var line = search.Objective switch
        {
            DeploymentObjective.Throughput => I($"best deployment on {Gpus(search.Gpus)}: {what}, {Figures.Whole(best.SustainedOutputTokensPerSecond)} output tokens/s sustained over the arrival window"),
            DeploymentObjective.MaxRate => best.MaxRate > 0
                ? I($"best deployment on {Gpus(search.Gpus)}: {what}, highest Poisson rate meeting the SLOs {Figures.Number(Figures.Significant(best.MaxRate))} requests/s ({Figures.Whole(best.OutputTokensPerSecond)} output tokens/s)")
                : I($"no deployment on {Gpus(search.Gpus)} meets the SLOs at any rate tried; the run below is the lowest rate tried of {what}"),
            _ => I($"cheapest deployment carrying {Figures.Number(Figures.Significant(search.TargetRate ?? 0))} requests/s within the SLOs: {what} on {Gpus(d.Gpus)}, ${best.UsdPerHour:0.##}/hour, ${best.Run!.SustainedCostPerMillionOutputTokens.Dollars:0.###} per million output tokens"),
        };
        var table = new ReportTableBuilder()
            .Column("tp", ColumnAlignment.Right);
        var experts = search.Candidates.Any(c => c.Deployment.Ep > 1);
        if (experts)
        {
            table.Column("ep", ColumnAlignment.Right);
        }

        table.Column("pp", ColumnAlignment.Right)
            .Column("replicas", ColumnAlignment.Right)
            .Column("scheduler", ColumnAlignment.Left);
        switch (search.Objective)
        {
            case DeploymentObjective.MaxRate:
                table.Column("max rate (req/s)", ColumnAlignment.Right);
                break;
            case DeploymentObjective.Cheapest:
                table.Column("GPUs", ColumnAlignment.Right).Column("$/hour", ColumnAlignment.Right).Column("SLO attainment", ColumnAlignment.Right);
                break;
        }

        if (search.Objective == DeploymentObjective.Throughput)
        {
            table.Column("sustained tok/s", ColumnAlignment.Right);
        }

        table.Column("output tok/s", ColumnAlignment.Right).Column("mean e2e (ms)", ColumnAlignment.Right).Column("note", ColumnAlignment.Left);
        var reasons = new List<string>();
        foreach (var c in search.Candidates)
        {
            var x = c.Deployment;
            List<string> cells = [I($"{x.Tp}"), .. experts ? [I($"{x.Ep}")] : Array.Empty<string>(), I($"{x.Pp}"), Figures.Whole(x.Replicas), EnumNames.Of(x.Scheduler)];
            var ran = c.Run is not null;
            switch (search.Objective)
            {
                case DeploymentObjective.MaxRate:
                    cells.Add(ran ? Figures.Number(Figures.Significant(c.MaxRate)) : "-");
                    break;
                case DeploymentObjective.Cheapest:
                    cells.Add(Figures.Whole(x.Gpus));
                    cells.Add(ran ? I($"{c.UsdPerHour:0.##}") : "-");
                    cells.Add(ran ? Figures.Percent(c.Run!.SloAttainment) : "-");
                    break;
            }

            if (search.Objective == DeploymentObjective.Throughput)
            {
                cells.Add(ran ? Figures.Whole(c.SustainedOutputTokensPerSecond) : "-");
            }

            cells.Add(ran ? Figures.Whole(c.OutputTokensPerSecond) : "-");
            cells.Add(ran ? I($"{c.Run!.E2e.Mean.TotalMilliseconds:0.#}") : "-");
            cells.Add(c.Refused is { } reason ? I($"refused ({Reason(reasons, reason)})")
                : ReferenceEquals(c, best) ? "chosen"
                : search.Objective == DeploymentObjective.Cheapest && !c.MeetsSlo ? "misses the SLOs with every replica"
                : "");
            table.Row([.. cells]);
        }

        var summary = I($"{search.DeploymentsEvaluated} deployments simulated ({search.Candidates.Count - search.DeploymentsEvaluated} refused), {search.Simulations} simulations{(wallSeconds is { } wall ? I($" in {wall:0.##} s") : "")}; ranked by {RankedText(search.Objective)}");
        return [new ReportText(line, Strong: true), new ReportText(summary), table.Build(), .. reasons.Select((r, k) => new ReportText(I($"({k + 1}) refused: {r}")))];
    }

    /// <summary>The footnote number of <paramref name="reason"/>, 1 for the first reason met.</summary>
    private static int Reason(List<string> reasons, string reason)
    {
        var k = reasons.IndexOf(reason);
        if (k < 0)
        {
            reasons.Add(reason);
            k = reasons.Count - 1;
        }

        return k + 1;
    }

    private static JsonObject Candidate(DeploymentCandidate c, DeploymentObjective objective)
    {
        var d = c.Deployment;
        var json = new JsonObject
        {
            ["tp"] = d.Tp,
            ["ep"] = d.Ep,
            ["pp"] = d.Pp,
            ["replicas"] = d.Replicas,
            ["scheduler"] = EnumNames.Of(d.Scheduler),
            ["gpus"] = d.Gpus,
        };
        if (c.Refused is { } reason)
        {
            json["refused"] = reason;
            return json;
        }

        var run = c.Run!;
        if (objective == DeploymentObjective.MaxRate)
        {
            json["max_rate_meeting_slo"] = c.MaxRate;
        }

        if (objective == DeploymentObjective.Cheapest)
        {
            json["usd_per_hour"] = c.UsdPerHour;
            json["meets_slo"] = c.MeetsSlo;
        }

        json["output_tokens_per_s"] = c.OutputTokensPerSecond;
        json["sustained_output_tokens_per_s"] = c.SustainedOutputTokensPerSecond;
        json["e2e_mean_ms"] = run.E2e.Mean.TotalMilliseconds;
        json["slo_attainment"] = run.SloAttainment;
        json["simulations"] = c.Simulations;
        return json;
    }

    private static string RankedBy(DeploymentObjective objective) => objective switch
    {
        DeploymentObjective.Throughput => "sustained_output_tokens_per_s",
        DeploymentObjective.MaxRate => "max_rate_meeting_slo",
        _ => "usd_per_hour",
    };

    private static string RankedText(DeploymentObjective objective) => objective switch
    {
        DeploymentObjective.Throughput => "output tokens/s sustained over the arrival window, ties to the lower mean end-to-end latency",
        DeploymentObjective.MaxRate => "the highest Poisson rate meeting every SLO, ties to the lower mean end-to-end latency",
        _ => "cost per hour of the deployments meeting every SLO at the rate (the fewest replicas of each layout), ties to the lower mean end-to-end latency",
    };

    private static string Gpus(long n) => Figures.Whole(n) + (n == 1 ? " GPU" : " GPUs");

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
