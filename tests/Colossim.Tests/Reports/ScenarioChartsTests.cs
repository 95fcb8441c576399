using Colossim.Reports;
using Colossim.Serving;

namespace Colossim.Tests.Reports;

public sealed class ScenarioChartsTests
{
    public sealed class TheOfMethod
    {
        [Fact]
        public void Charts_power_load_costs_training_and_serving_each_with_a_title_and_axes_with_units()
        {
            var charts = ScenarioCharts.Of(ReportSamples.SingleNode);

            Assert.Equal(["power-lab", "load-by-hour", "capex", "opex", "step-fine-tune", "step-breakdown", "run-breakdown", "cdf-ttft", "cdf-tpot", "cdf-e2e", "throughput-vs-load", "ttft-vs-load", "tpot-vs-load", "tenant-share", "gpu-use"], charts.Select(c => c.Id));
            Assert.All(charts, c => Assert.False(string.IsNullOrWhiteSpace(c.Title)));
            foreach (var chart in charts)
            {
                ChartAxis[] axes = chart switch
                {
                    LineChart l => [l.XAxis, l.YAxis],
                    BarChart b => [b.ValueAxis],
                    HeatmapChart h => [h.XAxis, h.ValueAxis],
                    TimelineChart t => [t.TimeAxis],
                    _ => [],
                };
                Assert.All(axes, a => Assert.NotEqual("", a.Unit));
            }
        }

        [Fact]
        public void Draws_each_tenants_share_over_time_from_the_sharing_simulation()
        {
            var sharing = Assert.Single(ReportSamples.SingleNode.Sharing).Result.ShareOverTime;

            var chart = Assert.IsType<LineChart>(ScenarioCharts.Of(ReportSamples.SingleNode).Single(c => c.Id == "tenant-share"));

            Assert.Equal(sharing.Tenants, chart.Series.Select(s => s.Name));
            var first = chart.Series[0];
            Assert.Equal(sharing.Shares[0].Count, first.Y.Count);
            Assert.Equal(100 * sharing.Shares[0][0], first.Y[0], 9);
            Assert.Equal(sharing.Bucket.TotalHours * (first.X.Count - 1), first.X[^1], 9);
        }

        [Fact]
        public void Draws_throughput_and_p99_latencies_against_the_load_ladders_offered_load_with_the_slo_dashed()
        {
            var charts = ScenarioCharts.Of(ReportSamples.SingleNode);
            var serving = ReportSamples.SingleNode.Serving[0];
            var ladder = serving.Simulation!.LoadLadder;

            var throughput = Assert.IsType<LineChart>(charts.Single(c => c.Id == "throughput-vs-load"));
            var ttft = Assert.IsType<LineChart>(charts.Single(c => c.Id == "ttft-vs-load"));
            var tpot = Assert.IsType<LineChart>(charts.Single(c => c.Id == "tpot-vs-load"));

            Assert.Equal(ladder.Select(p => p.OfferedRequestsPerSecond), Assert.Single(throughput.Series).X);
            Assert.Equal(ladder.Select(p => p.Result.SustainedOutputTokensPerSecond), throughput.Series[0].Y);
            Assert.Equal(ladder.Select(p => p.Result.Ttft.P99.TotalMilliseconds), Assert.Single(ttft.Series).Y);
            Assert.Equal(ladder.Select(p => p.Result.Tpot.P99.TotalMilliseconds), Assert.Single(tpot.Series).Y);
            Assert.True(throughput.Markers);
            var target = Assert.Single(ttft.Guides);
            Assert.Equal(1000, target.Y, 9);
            Assert.Equal("assistant: target 1 s", target.Name);
            Assert.Equal(50, Assert.Single(tpot.Guides).Y, 9);
        }

        [Fact]
        public void Leaves_out_the_load_charts_when_the_run_has_no_ladder()
        {
            var report = ReportSamples.SingleNode with { Serving = [.. ReportSamples.SingleNode.Serving.Select(s => s with { Simulation = s.Simulation! with { LoadLadder = [] } })] };

            var ids = ScenarioCharts.Of(report).Select(c => c.Id).ToList();

            Assert.DoesNotContain("throughput-vs-load", ids);
            Assert.DoesNotContain("ttft-vs-load", ids);
            Assert.Contains("cdf-ttft", ids);
        }

        [Fact]
        public void Draws_each_latency_distribution_from_its_101_percentiles()
        {
            var ttft = Assert.IsType<LineChart>(ScenarioCharts.Of(ReportSamples.SingleNode).Single(c => c.Id == "cdf-ttft"));
            var latency = ReportSamples.SingleNode.Serving[0].Simulation!.Result.Ttft;

            var series = Assert.Single(ttft.Series);
            Assert.Equal(101, series.X.Count);
            Assert.Equal(latency.P50.TotalMilliseconds, series.X[50], 9);
            Assert.Equal(latency.P99.TotalMilliseconds, series.X[99], 9);
            Assert.Equal(Enumerable.Range(0, 101).Select(p => (double)p), series.Y);
        }
    }

    public sealed class ThePowerMethod
    {
        [Fact]
        public void Charts_a_day_in_hours_with_the_facility_and_grid_lines_bucketed_to_their_extremes()
        {
            var timeline = ReportSamples.SingleNode.Build.Sites[0].Power!.Timeline!;

            var chart = ScenarioCharts.Power("lab", timeline);

            Assert.Equal("h", chart.XAxis.Unit);
            Assert.Equal("MW", chart.YAxis.Unit);
            Assert.Equal(2, chart.Series.Count);
            Assert.Equal(2 * ScenarioCharts.MaxPowerBuckets, chart.Series[0].X.Count);
            var max = 0.0;
            foreach (var w in timeline.Facility)
            {
                max = Math.Max(max, w.Megawatts);
            }

            Assert.Equal(max, chart.Series[0].Y.Max(), 12);
        }

        [Fact]
        public void Ends_the_time_axis_at_the_timelines_last_whole_hour_with_a_tick_every_three_hours()
        {
            var timeline = ReportSamples.SingleNode.Build.Sites[0].Power!.Timeline!;

            var chart = ScenarioCharts.Power("lab", timeline);

            Assert.Equal(new ChartRange(0, 24, 3), chart.XRange);
            Assert.True(chart.Series[0].X[^1] < 24);
        }
    }

    public sealed class TheGpuUseHeatmapMethod
    {
        [Fact]
        public void Gives_each_tenant_a_row_in_percent_and_a_last_row_for_all_tenants()
        {
            var series = new Colossim.Cluster.ShareSeries { Bucket = Colossim.Units.Duration.FromHours(1), Tenants = ["xai", "microsoft"], Shares = [[0.5, 0.25, 0.0], [0.25, 0.5, 0.125]] };

            var chart = ScenarioCharts.GpuUseHeatmap(series);

            Assert.Equal(["xai", "microsoft", "all tenants"], chart.Rows);
            Assert.Equal(["0", "1", "2"], chart.Columns);
            Assert.Equal([50.0, 25, 0], chart.Values[0]);
            Assert.Equal([75.0, 75, 12.5], chart.Values[2]);
            Assert.Equal("GPUs allocated (%)", chart.ValueAxis.Text);
        }

        [Fact]
        public void Averages_buckets_into_columns_of_a_round_width_so_that_at_most_48_remain()
        {
            // 100 buckets of 30 min (50 h): columns of 2 h, four buckets each; the first ten buckets full.
            var shares = Enumerable.Range(0, 100).Select(i => i < 10 ? 1.0 : 0.0).ToList();
            var series = new Colossim.Cluster.ShareSeries { Bucket = Colossim.Units.Duration.FromHours(0.5), Tenants = ["a"], Shares = [shares] };

            var chart = ScenarioCharts.GpuUseHeatmap(series);

            Assert.Equal(25, chart.Columns.Count);
            Assert.Equal(["0", "2", "4"], chart.Columns.Take(3));
            Assert.Equal([100.0, 100, 50, 0], chart.Values[0].Take(4));
        }

        [Fact]
        public void Weighs_a_bucket_that_straddles_two_columns_by_its_time_in_each()
        {
            var series = new Colossim.Cluster.ShareSeries { Bucket = Colossim.Units.Duration.FromHours(0.75), Tenants = ["a"], Shares = [[1.0, 0.0]] };

            var chart = ScenarioCharts.GpuUseHeatmap(series);

            Assert.Equal(["0", "1"], chart.Columns);
            Assert.Equal(75, chart.Values[0][0], 9);
            Assert.Equal(0, chart.Values[0][1], 9);
        }
    }

    public sealed class TheEnvelopeMethod
    {
        [Fact]
        public void Keeps_each_buckets_minimum_and_maximum_in_time_order()
        {
            var values = Enumerable.Range(0, 1000).Select(i => Math.Sin(i / 7.0) * (i % 13)).ToArray();

            var (x, y) = ScenarioCharts.Envelope(values, 0.5, 10);

            Assert.Equal(20, x.Length);
            for (var b = 0; b < 10; b++)
            {
                var bucket = values[(b * 100)..((b + 1) * 100)];
                Assert.Equal(new[] { bucket.Min(), bucket.Max() }.Order(), new[] { y[2 * b], y[(2 * b) + 1] }.Order());
                Assert.True(x[2 * b] <= x[(2 * b) + 1]);
                Assert.Equal(values[(int)(x[2 * b] / 0.5)], y[2 * b]);
            }
        }

        [Fact]
        public void Keeps_every_point_when_there_are_few()
        {
            var (x, y) = ScenarioCharts.Envelope(new double[] { 3, 1, 2 }, 2, 10);

            Assert.Equal([0.0, 2, 4], x);
            Assert.Equal([3.0, 1, 2], y);
        }
    }

    public sealed class TheLoadHeatmapMethod
    {
        [Fact]
        public void Gives_each_hour_its_mean_draw_as_a_share_of_the_nameplate()
        {
            var site = ReportSamples.SingleNode.Build.Sites[0];
            var timeline = site.Power!.Timeline!;

            var chart = ScenarioCharts.LoadHeatmap([("lab", site.Plan.Power.Facility, timeline)]);

            Assert.Equal(24, chart.Columns.Count);
            Assert.Equal(["lab"], chart.Rows);
            var samples = timeline.Facility.ToArray();
            for (var h = 0; h < 24; h++)
            {
                var expected = 100 * samples.Skip(h * 3600).Take(3600).Average(w => w.Value) / site.Plan.Power.Facility.Value;
                Assert.Equal(expected, chart.Values[0][h], 9);
            }
        }
    }

    public sealed class TheTenantShareMethod
    {
        [Fact]
        public void Charts_shares_in_percent_as_steps_over_hours()
        {
            var chart = ScenarioCharts.TenantShare([("xai", [0.0, 1, 2], [0.6, 0.7, 0.5]), ("microsoft", [0.0, 1, 2], [0.4, 0.3, 0.5])]);

            Assert.True(chart.Step);
            Assert.Equal("share of GPUs (%)", chart.YAxis.Text);
            Assert.Equal("time (h)", chart.XAxis.Text);
            Assert.Equal([60.0, 70, 50], chart.Series[0].Y);
            Assert.Equal(["xai", "microsoft"], chart.Series.Select(s => s.Name));
        }
    }

    public sealed class TheThroughputVsLoadMethod
    {
        [Fact]
        public void Charts_throughput_against_offered_load_with_units()
        {
            var chart = ScenarioCharts.ThroughputVsLoad([("tp 8", [1.0, 2, 4], [100.0, 190, 300])]);

            Assert.Equal("offered load (requests/s)", chart.XAxis.Text);
            Assert.Equal("throughput (output tokens/s)", chart.YAxis.Text);
            Assert.Equal([100.0, 190, 300], chart.Series[0].Y);
            // From zero to a round load, so the axis does not start or end at an odd measured rate.
            Assert.Equal(new ChartRange(0, 4, 1), chart.XRange);
        }
    }

    public sealed class TheLatencyVsLoadMethod
    {
        [Fact]
        public void Charts_p99_in_milliseconds_with_a_dashed_target_only_for_workloads_that_have_one()
        {
            var chart = ScenarioCharts.LatencyVsLoad("ttft", "Time to first token",
            [
                ("chat", [1.0, 2], [Colossim.Units.Duration.FromMilliseconds(80), Colossim.Units.Duration.FromMilliseconds(300)], Colossim.Units.Duration.FromSeconds(2)),
                ("batch", [1.0, 2], [Colossim.Units.Duration.FromMilliseconds(90), Colossim.Units.Duration.FromMilliseconds(400)], null),
            ]);

            Assert.Equal("ttft-vs-load", chart.Id);
            Assert.Equal("time to first token p99 (ms)", chart.YAxis.Text);
            Assert.Equal([80.0, 300], chart.Series[0].Y);
            var guide = Assert.Single(chart.Guides);
            Assert.Equal(new ChartGuide("chat: target 2 s", 2000, 0), guide);
        }
    }

    public sealed class TheLatencyCdfMethod
    {
        [Fact]
        public void Leaves_out_a_workload_without_percentiles()
        {
            var chart = ScenarioCharts.LatencyCdf("ttft", "Time to first token", [("empty", LatencySummary.Empty)]);

            Assert.Empty(chart.Series);
        }
    }
}
