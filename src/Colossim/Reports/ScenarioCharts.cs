using System.Globalization;
using Colossim.Cluster;
using Colossim.Facility;
using Colossim.Serving;
using Colossim.Training;
using Colossim.Units;

namespace Colossim.Reports;

/// <summary>
/// The charts of a run's report, built from its <see cref="ScenarioReport"/>, and the chart functions behind them, which
/// take plain series so results the report does not hold yet (a sweep's load points, a schedule's shares) chart the
/// same way. Every chart has a title and axes with units. In reading order: power with and without batteries, load by
/// site and hour, capex and opex by category, the training step timeline and where a run's time goes, then the
/// serving latency distributions.
/// </summary>
public static class ScenarioCharts
{
    /// <summary>At most this many spans of a training step's timeline are charted (the trace file holds them all).</summary>
    public const int MaxTimelineSpans = 3000;

    /// <summary>At most this many time buckets per power line; each keeps its minimum and maximum, so swings stay visible.</summary>
    public const int MaxPowerBuckets = 1440;

    /// <summary>The charts for <paramref name="report"/>, for the pillars it holds results of.</summary>
    public static IReadOnlyList<Chart> Of(ScenarioReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        List<Chart> charts = [];
        var days = report.Build.Sites.Where(s => s.Power?.Timeline is not null).ToList();
        foreach (var site in days)
        {
            charts.Add(Power(site.Site, site.Power!.Timeline!));
        }

        if (days.Count > 0)
        {
            charts.Add(LoadHeatmap([.. days.Select(s => (s.Site, s.Plan.Power.Facility, s.Power!.Timeline!))]));
        }

        if (report.Build.Sites.Count > 0)
        {
            var sites = report.Build.Sites.Select(s => s.Site).ToList();
            charts.Add(CostBreakdown("capex", "Capital expenditure by category", "capex", sites, [.. report.Build.Sites.Select(s => s.Plan.Capex.Categories)]));
            charts.Add(CostBreakdown("opex", "Operating expenditure per year by category", "opex per year", sites, [.. report.Build.Sites.Select(s => s.Plan.Opex.Categories)]));
        }

        foreach (var w in report.Training)
        {
            if (w.Simulated?.Schedule is { } schedule)
            {
                charts.Add(StepTimeline(w.Name, schedule));
            }
        }

        var trained = report.Training.Where(w => w.Simulated is not null).ToList();
        if (trained.Count > 0)
        {
            charts.Add(StepBreakdown([.. trained.Select(w => (w.Name, w.Simulated!.Step))]));
            var runs = trained.Where(w => w.Simulated!.Run is not null).Select(w => (w.Name, w.Simulated!.Run!)).ToList();
            if (runs.Count > 0)
            {
                charts.Add(RunBreakdown(runs));
            }
        }

        var served = report.Serving.Where(w => w.Simulation is not null).ToList();
        if (served.Count > 0)
        {
            charts.Add(LatencyCdf("ttft", "Time to first token", [.. served.Select(w => (w.Name, w.Simulation!.Result.Ttft))]));
            charts.Add(LatencyCdf("tpot", "Time per output token", [.. served.Select(w => (w.Name, w.Simulation!.Result.Tpot))]));
            charts.Add(LatencyCdf("e2e", "End-to-end latency", [.. served.Select(w => (w.Name, w.Simulation!.Result.E2e))]));
        }

        var laddered = served.Where(w => w.Simulation!.LoadLadder.Count > 0).ToList();
        if (laddered.Count > 0)
        {
            charts.Add(ThroughputVsLoad([.. laddered.Select(w => (w.Name, Offered(w), (IReadOnlyList<double>)[.. w.Simulation!.LoadLadder.Select(p => p.Result.SustainedOutputTokensPerSecond)]))]));
            charts.Add(LatencyVsLoad("ttft", "Time to first token", [.. laddered.Select(w => (w.Name, Offered(w), P99(w, r => r.Ttft), w.Slo?.TtftP99))]));
            charts.Add(LatencyVsLoad("tpot", "Time per output token", [.. laddered.Select(w => (w.Name, Offered(w), P99(w, r => r.Tpot), w.Slo?.TpotP99))]));
        }

        foreach (var sharing in report.Sharing)
        {
            var series = sharing.Result.ShareOverTime;
            var hours = series.Bucket.TotalHours;
            var shares = TenantShare([.. series.Tenants.Select((t, i) => (t, (IReadOnlyList<double>)[.. series.Shares[i].Select((_, k) => k * hours)], series.Shares[i]))]);
            var chart = shares with { XRange = series.Shares.Count == 0 ? null : TimeRange(series.Shares.Max(x => x.Count) * hours, hours: true) };
            charts.Add(report.Sharing.Count == 1 ? chart : chart with { Id = $"tenant-share-{sharing.Site}", Title = $"{chart.Title}: {sharing.Site}" });
            var heat = GpuUseHeatmap(series);
            charts.Add(report.Sharing.Count == 1 ? heat : heat with { Id = $"gpu-use-{Slug(sharing.Site)}", Title = $"{heat.Title}: {sharing.Site}" });
        }

        return charts;
    }

    /// <summary>
    /// A site's draw over its timeline: the facility's (what the grid would supply without batteries) and the grid's with
    /// the batteries dispatched, in MW over hours (seconds for a timeline under 3 h); long timelines are charted as each
    /// bucket's minimum and maximum (at most <see cref="MaxPowerBuckets"/> buckets), so swings stay visible.
    /// </summary>
    public static LineChart Power(string site, PowerTimelineResult timeline)
    {
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(timeline);
        var hours = timeline.Length >= Duration.FromHours(3);
        var unit = hours ? 3600.0 : 1.0;
        var step = timeline.Step.TotalSeconds / unit;
        var facility = Megawatts(timeline.Facility);
        var grid = Megawatts(timeline.Grid);
        var (fx, fy) = Envelope(facility, step, MaxPowerBuckets);
        var (gx, gy) = Envelope(grid, step, MaxPowerBuckets);
        var bucketed = facility.Length > 2 * MaxPowerBuckets;
        return new LineChart
        {
            Id = $"power-{Slug(site)}",
            Title = $"Power of {site}: facility draw without batteries and grid draw with them",
            Subtitle = bucketed
                ? I($"{timeline.Count:N0} samples of {timeline.Step.ToDisplayString()}; each line shows the minimum and maximum of every {Duration.FromSeconds(timeline.Length.TotalSeconds / MaxPowerBuckets).ToDisplayString()}")
                : I($"{timeline.Count:N0} samples of {timeline.Step.ToDisplayString()}"),
            XAxis = new ChartAxis("time", hours ? "h" : "s"),
            YAxis = new ChartAxis("power", "MW"),
            Series = [new LineSeries("facility (without batteries)", fx, fy), new LineSeries("grid (with batteries)", gx, gy)],
            XRange = TimeRange(timeline.Length.TotalSeconds / unit, hours),
        };
    }

    /// <summary>
    /// Each site's mean facility draw per hour of its timeline as a share of its nameplate facility power (%): a row per
    /// site, a column per hour.
    /// </summary>
    public static HeatmapChart LoadHeatmap(IReadOnlyList<(string Site, Watts Nameplate, PowerTimelineResult Timeline)> sites)
    {
        ArgumentNullException.ThrowIfNull(sites);
        var hours = sites.Count == 0 ? 0 : (int)Math.Ceiling(sites.Max(s => s.Timeline.Length.TotalHours) - 1e-9);
        List<IReadOnlyList<double>> rows = [];
        foreach (var (_, nameplate, t) in sites)
        {
            var sums = new double[hours];
            var counts = new int[hours];
            var facility = t.Facility;
            var dt = t.Step.TotalSeconds;
            for (var i = 0; i < t.Count; i++)
            {
                var h = Math.Min(hours - 1, (int)(i * dt / 3600));
                sums[h] += facility[i].Value;
                counts[h]++;
            }

            rows.Add([.. sums.Select((s, h) => counts[h] == 0 || nameplate.Value <= 0 ? double.NaN : 100 * s / counts[h] / nameplate.Value)]);
        }

        return new HeatmapChart
        {
            Id = "load-by-hour",
            Title = "Facility load by site and hour (mean draw as a share of nameplate facility power)",
            XAxis = new ChartAxis("hour of the timeline", "h"),
            YAxis = new ChartAxis("site", ""),
            ValueAxis = new ChartAxis("load", "%"),
            Columns = [.. Enumerable.Range(0, hours).Select(h => h.ToString(CultureInfo.InvariantCulture))],
            Rows = [.. sites.Select(s => s.Site)],
            Values = rows,
        };
    }

    /// <summary>Money by category, one stacked series per site, in millions of dollars.</summary>
    public static BarChart CostBreakdown(string id, string title, string what, IReadOnlyList<string> sites, IReadOnlyList<IReadOnlyList<KeyValuePair<string, Usd>>> categories)
    {
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentNullException.ThrowIfNull(categories);
        var names = categories.Count == 0 ? [] : categories[0].Select(c => c.Key).ToList();
        return new BarChart
        {
            Id = id,
            Title = title,
            CategoryAxis = new ChartAxis("category", ""),
            Categories = [.. names.Select(n => n.Replace('_', ' '))],
            ValueAxis = new ChartAxis(what, "$M"),
            Series = [.. sites.Select((site, i) => new BarSeries(site, [.. names.Select(n => categories[i].FirstOrDefault(c => c.Key == n).Value.Dollars / 1e6)]))],
            Stacked = true,
        };
    }

    /// <summary>
    /// One training step as a timeline per pipeline stage (compute and communication tracks): forwards, backwards,
    /// pipeline sends, exposed data-parallel traffic and the optimizer, in milliseconds; the first
    /// <see cref="MaxTimelineSpans"/> operations.
    /// </summary>
    public static TimelineChart StepTimeline(string workload, PipelineSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(schedule);
        string[] categories = ["forward", "backward", "pipeline send", "data-parallel (exposed)", "optimizer"];
        List<TimelineSpan> spans = [];
        foreach (var op in schedule.Ops.Take(MaxTimelineSpans))
        {
            var (category, label) = op.Kind switch
            {
                PipelineOpKind.Forward => (categories[0], I($"forward, micro-batch {op.MicroBatch}")),
                PipelineOpKind.Backward => (categories[1], I($"backward, micro-batch {op.MicroBatch}")),
                PipelineOpKind.SendActivations => (categories[2], I($"send activations, micro-batch {op.MicroBatch}")),
                PipelineOpKind.SendGradients => (categories[2], I($"send gradients, micro-batch {op.MicroBatch}")),
                PipelineOpKind.DataParallel => (categories[3], "data-parallel gradients (exposed)"),
                _ => (categories[4], "optimizer"),
            };
            var track = (2 * op.Stage) + (op.IsCommunication ? 1 : 0);
            spans.Add(new TimelineSpan(track, op.Start.TotalMilliseconds, op.End.TotalMilliseconds, category, label));
        }

        var shown = schedule.Ops.Count > MaxTimelineSpans ? I($"the first {MaxTimelineSpans:N0} of {schedule.Ops.Count:N0} operations (trace.json holds all)") : I($"{schedule.Ops.Count:N0} operations");
        return new TimelineChart
        {
            Id = $"step-{Slug(workload)}",
            Title = $"Training step of {workload}: pipeline timeline",
            Subtitle = I($"tp {schedule.Step.Layout.Tp} · pp {schedule.Stages} · dp {schedule.Step.Layout.Dp}, {schedule.MicroBatches:N0} micro-batch{(schedule.MicroBatches == 1 ? "" : "es")}; {shown}"),
            TimeAxis = new ChartAxis("time in the step", "ms"),
            Tracks = [.. Enumerable.Range(0, schedule.Stages).SelectMany(s => new[] { I($"stage {s} compute"), I($"stage {s} communication") })],
            Categories = categories,
            Spans = spans,
        };
    }

    /// <summary>Where a training step's time goes, per workload: compute, pipeline bubble, model-parallel communication, exposed data-parallel communication, optimizer (seconds, stacked).</summary>
    public static BarChart StepBreakdown(IReadOnlyList<(string Workload, TrainingStep Step)> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        (string Name, Func<TrainingStep, Duration> Part)[] parts =
        [
            ("compute", s => s.ComputeTime - s.ModelParallelCommunication),
            ("pipeline bubble", s => s.BubbleTime),
            ("model-parallel communication", s => s.ModelParallelCommunication),
            ("data-parallel communication (exposed)", s => s.ExposedDataParallel),
            ("optimizer", s => s.OptimizerTime),
        ];
        return new BarChart
        {
            Id = "step-breakdown",
            Title = "Training step time by part",
            CategoryAxis = new ChartAxis("workload", ""),
            Categories = [.. steps.Select(s => s.Workload)],
            ValueAxis = new ChartAxis("step time", "s"),
            Series = [.. parts.Select(p => new BarSeries(p.Name, [.. steps.Select(s => Math.Max(0, p.Part(s.Step).TotalSeconds))]))],
            Stacked = true,
        };
    }

    /// <summary>
    /// Where a training run's days go, per workload: productive steps, and the time lost to checkpoints, failures and
    /// restarts (days, stacked); the run's cost splits the same way, as the GPUs are paid for all of it.
    /// </summary>
    public static BarChart RunBreakdown(IReadOnlyList<(string Workload, TrainingRun Run)> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return new BarChart
        {
            Id = "run-breakdown",
            Title = "Time to train: productive days and days lost to checkpoints, failures and restarts",
            Subtitle = string.Join("; ", runs.Select(r => $"{r.Workload}: {r.Run.Cost.ToDisplayString()} in all")),
            CategoryAxis = new ChartAxis("workload", ""),
            Categories = [.. runs.Select(r => r.Workload)],
            ValueAxis = new ChartAxis("wall-clock time", "days"),
            Series =
            [
                new BarSeries("productive steps", [.. runs.Select(r => Math.Min(r.Run.Productive.TotalHours, r.Run.Wall.TotalHours) / 24)]),
                new BarSeries("checkpoints, failures and restarts", [.. runs.Select(r => Math.Max(0, (r.Run.Wall - r.Run.Productive).TotalHours / 24))]),
            ],
            Stacked = true,
        };
    }

    /// <summary>
    /// The cumulative distribution of a latency, one line per workload: the share of requests (or tokens) at or below
    /// each latency (ms). Workloads whose summary kept no percentiles are left out.
    /// </summary>
    public static LineChart LatencyCdf(string metric, string name, IReadOnlyList<(string Workload, LatencySummary Latency)> workloads)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(workloads);
        List<LineSeries> series = [];
        foreach (var (workload, latency) in workloads)
        {
            var values = latency.Percentiles.Values;
            if (values.Count == 0)
            {
                continue;
            }

            series.Add(new LineSeries(workload, [.. values.Select(v => v.TotalMilliseconds)], [.. Enumerable.Range(0, values.Count).Select(p => (double)p)]));
        }

        return new LineChart
        {
            Id = $"cdf-{metric}",
            Title = $"{name}: cumulative distribution",
            XAxis = new ChartAxis(name.ToLowerInvariant(), "ms"),
            YAxis = new ChartAxis("requests at or below", "%"),
            Series = series,
        };
    }

    /// <summary>
    /// Throughput against offered load, one line per workload or deployment (points ordered by load): the chart of a
    /// load sweep. Plain series, so a sweep's table charts without the report model knowing sweeps.
    /// </summary>
    public static LineChart ThroughputVsLoad(IReadOnlyList<(string Name, IReadOnlyList<double> OfferedPerSecond, IReadOnlyList<double> OutputTokensPerSecond)> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return new LineChart
        {
            Id = "throughput-vs-load",
            Title = "Serving throughput against offered load",
            XAxis = new ChartAxis("offered load", "requests/s"),
            YAxis = new ChartAxis("throughput", "output tokens/s"),
            Series = [.. lines.Select(l => new LineSeries(l.Name, l.OfferedPerSecond, l.OutputTokensPerSecond))],
            Markers = true,
            XRange = ZeroToRound(lines.SelectMany(l => l.OfferedPerSecond)),
        };
    }

    /// <summary>
    /// A latency's 99th percentile against offered load, one line per workload (points ordered by load), with each
    /// workload's target as a dashed line in its colour when it has one: where the load ladder crosses its SLO.
    /// </summary>
    /// <param name="metric">The metric's id in the chart's id: <c>ttft</c> gives <c>ttft-vs-load</c>.</param>
    /// <param name="name">The metric's name for people (<c>Time to first token</c>).</param>
    /// <param name="lines">Per workload: its name, the offered loads (requests/s), the p99 at each, and its target (or <see langword="null"/>).</param>
    public static LineChart LatencyVsLoad(string metric, string name, IReadOnlyList<(string Name, IReadOnlyList<double> OfferedPerSecond, IReadOnlyList<Duration> P99, Duration? Target)> lines)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(lines);
        return new LineChart
        {
            Id = $"{metric}-vs-load",
            Title = $"{name}, 99th percentile, against offered load",
            Subtitle = lines.Any(l => l.Target is not null) ? "dashed: the workload's target (SLO)" : null,
            XAxis = new ChartAxis("offered load", "requests/s"),
            YAxis = new ChartAxis($"{name.ToLowerInvariant()} p99", "ms"),
            Series = [.. lines.Select(l => new LineSeries(l.Name, l.OfferedPerSecond, [.. l.P99.Select(d => d.TotalMilliseconds)]))],
            Guides = [.. lines.Select((l, i) => (l, i)).Where(x => x.l.Target is not null).Select(x => new ChartGuide($"{x.l.Name}: target {x.l.Target!.Value.ToDisplayString()}", x.l.Target!.Value.TotalMilliseconds, x.i))],
            Markers = true,
            XRange = ZeroToRound(lines.SelectMany(l => l.OfferedPerSecond)),
        };
    }

    /// <summary>
    /// Each tenant's share of the GPUs over time as steps (the Share pillar's schedule; times in hours, shares as
    /// fractions 0-1 charted in %). Plain series: the schedule's result plugs in without the report model knowing it.
    /// </summary>
    public static LineChart TenantShare(IReadOnlyList<(string Tenant, IReadOnlyList<double> Hours, IReadOnlyList<double> Share)> tenants)
    {
        ArgumentNullException.ThrowIfNull(tenants);
        return new LineChart
        {
            Id = "tenant-share",
            Title = "Share of the GPUs each tenant received over time",
            XAxis = new ChartAxis("time", "h"),
            YAxis = new ChartAxis("share of GPUs", "%"),
            Series = [.. tenants.Select(t => new LineSeries(t.Tenant, t.Hours, [.. t.Share.Select(s => 100 * s)]))],
            Step = true,
        };
    }

    /// <summary>
    /// The sharing stage's GPU utilisation as a heatmap: a row per tenant (its allocated GPUs as % of the site's GPUs)
    /// and a last row for all tenants together, a column per span of time of a round width (1, 2, 3, 4, 6, 8 or 12 hours,
    /// or whole days: the narrowest that leaves at most <see cref="MaxHeatmapColumns"/> columns; each the time-weighted
    /// mean of the schedule's buckets it overlaps, labelled by the hour it starts).
    /// </summary>
    public static HeatmapChart GpuUseHeatmap(ShareSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var buckets = series.Shares.Count == 0 ? 0 : series.Shares.Max(s => s.Count);
        var bucket = series.Bucket.TotalHours;
        var span = buckets * bucket;
        // Columns of a round width (1, 2, 3, 4, 6, 8, 12 h, then whole days), the narrowest that gives at most MaxHeatmapColumns.
        double[] widths = [1, 2, 3, 4, 6, 8, 12, 24];
        var width = widths.FirstOrDefault(w => span / w <= MaxHeatmapColumns, 24 * Math.Ceiling(span / 24 / MaxHeatmapColumns));
        width = Math.Max(width, bucket > 1 ? Math.Ceiling(bucket) : 0);
        var columns = Math.Max(1, (int)Math.Ceiling((span / width) - 1e-9));
        List<IReadOnlyList<double>> rows = [];
        var total = new double[columns];
        foreach (var shares in series.Shares)
        {
            // Each column's time-weighted mean over the buckets that overlap it.
            var sums = new double[columns];
            var weights = new double[columns];
            for (var b = 0; b < shares.Count; b++)
            {
                var (start, end) = (b * bucket, (b + 1) * bucket);
                for (var c = Math.Min(columns - 1, (int)(start / width)); c < columns && c * width < end; c++)
                {
                    var overlap = Math.Min(end, (c + 1) * width) - Math.Max(start, c * width);
                    if (overlap > 0)
                    {
                        sums[c] += shares[b] * overlap;
                        weights[c] += overlap;
                    }
                }
            }

            var row = new double[columns];
            for (var c = 0; c < columns; c++)
            {
                row[c] = weights[c] > 0 ? 100 * sums[c] / weights[c] : double.NaN;
                total[c] += weights[c] > 0 ? row[c] : 0;
            }

            rows.Add(row);
        }

        rows.Add(total);
        return new HeatmapChart
        {
            Id = "gpu-use",
            Title = "GPU utilisation by tenant over time (allocated GPUs as a share of the site's)",
            Subtitle = I($"each column {Duration.FromHours(width).ToDisplayString()}, labelled by the hour it starts; the last row is all tenants together"),
            XAxis = new ChartAxis("time", "h"),
            YAxis = new ChartAxis("tenant", ""),
            ValueAxis = new ChartAxis("GPUs allocated", "%"),
            Columns = [.. Enumerable.Range(0, columns).Select(c => (c * width).ToString("0.#", CultureInfo.InvariantCulture))],
            Rows = [.. series.Tenants, "all tenants"],
            Values = rows,
        };
    }

    /// <summary>At most this many columns in the sharing heatmap (<see cref="GpuUseHeatmap"/>).</summary>
    public const int MaxHeatmapColumns = 48;

    /// <summary>
    /// <paramref name="values"/> at x = index × <paramref name="step"/>, reduced to at most <paramref name="buckets"/>
    /// buckets of two points each (the bucket's minimum and maximum, in time order), so fast swings stay visible.
    /// </summary>
    public static (double[] X, double[] Y) Envelope(ReadOnlySpan<double> values, double step, int buckets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        if (values.Length <= 2 * buckets)
        {
            var x = new double[values.Length];
            for (var i = 0; i < x.Length; i++)
            {
                x[i] = i * step;
            }

            return (x, values.ToArray());
        }

        var xs = new double[2 * buckets];
        var ys = new double[2 * buckets];
        var per = (double)values.Length / buckets;
        for (var b = 0; b < buckets; b++)
        {
            var start = (int)(b * per);
            var end = Math.Min(values.Length, (int)((b + 1) * per));
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

            var (first, second) = lo <= hi ? (lo, hi) : (hi, lo);
            xs[2 * b] = first * step;
            ys[2 * b] = values[first];
            xs[(2 * b) + 1] = second * step;
            ys[(2 * b) + 1] = values[second];
        }

        return (xs, ys);
    }

    /// <summary>A name as an identifier: lower-case letters and digits, other characters as dashes.</summary>
    public static string Slug(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return string.Concat(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'));
    }

    // A time axis from 0 to the timeline's end (a whole number of hours, or seconds), with round ticks.
    private static ChartRange TimeRange(double length, bool hours)
    {
        var whole = Math.Max(1, Math.Ceiling(length - 1e-6));
        var tick = hours ? whole switch { <= 6 => 1, <= 12 => 2, <= 24 => 3, <= 48 => 6, <= 96 => 12, _ => 24 * Math.Ceiling(whole / 24 / 8) } : NiceStep(whole / 8);
        return new ChartRange(0, tick * Math.Ceiling((whole / tick) - 1e-9), tick);
    }

    // From 0 to a round number at or above the largest value, with about six ticks.
    private static ChartRange ZeroToRound(IEnumerable<double> values)
    {
        var max = values.Where(double.IsFinite).DefaultIfEmpty(1).Max();
        var tick = NiceStep(Math.Max(max, 1e-9) / 6);
        return new ChartRange(0, tick * Math.Max(1, Math.Ceiling((max / tick) - 1e-9)), tick);
    }

    // 1, 2 or 5 times a power of ten, at least x.
    private static double NiceStep(double x)
    {
        var power = Math.Pow(10, Math.Floor(Math.Log10(Math.Max(x, 1e-9))));
        return x <= power ? power : x <= 2 * power ? 2 * power : x <= 5 * power ? 5 * power : 10 * power;
    }

    private static IReadOnlyList<double> Offered(ServingReport w) => [.. w.Simulation!.LoadLadder.Select(p => p.OfferedRequestsPerSecond)];

    private static IReadOnlyList<Duration> P99(ServingReport w, Func<ServingResult, LatencySummary> metric) => [.. w.Simulation!.LoadLadder.Select(p => metric(p.Result).P99)];

    private static double[] Megawatts(ReadOnlySpan<Watts> values)
    {
        var result = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = values[i].Megawatts;
        }

        return result;
    }

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
