using Colossim.Reports;

namespace Colossim.Tests.Reports;

public sealed class SweepReportTests
{
    internal static SweepRow Row(int point, double objective, double cost, string value = "v") => new()
    {
        Point = point,
        Values = [value],
        Runs = 1,
        Failed = 0,
        Objective = new SweepStat(objective, null, null, 1),
        Metrics = [new SweepStat(cost, null, null, 1)],
    };

    internal static SweepReport Report(bool maximize, params SweepRow[] rows) => new()
    {
        Scenario = "s",
        Id = "id",
        Store = "db",
        Keys = ["k"],
        Objective = "o",
        Maximize = maximize,
        Seeds = 1,
        Metrics = [SweepReport.CostMetric],
        Rows = rows,
        Ran = rows.Length,
        Reused = 0,
        Failed = 0,
        ElapsedSeconds = 1,
        Jobs = 1,
    };

    public sealed class TheParetoFrontMethod
    {
        [Fact]
        public void Keeps_the_points_no_cheaper_point_beats_by_rising_cost()
        {
            // (cost, objective to maximise): 2 is beaten by 1 (cheaper, better); 4 by 3.
            var report = Report(maximize: true, Row(0, 5, 10), Row(1, 7, 20), Row(2, 6, 25), Row(3, 9, 30), Row(4, 9, 40));

            Assert.Equal([0, 1, 3], report.ParetoFront().Select(r => r.Point));
        }

        [Fact]
        public void Minimises_when_asked_to()
        {
            var report = Report(maximize: false, Row(0, 5, 10), Row(1, 3, 20), Row(2, 4, 25), Row(3, 1, 30));

            Assert.Equal([0, 1, 3], report.ParetoFront().Select(r => r.Point));
        }
    }

    public sealed class TheRankedProperty
    {
        [Fact]
        public void Puts_the_best_first_and_breaks_ties_by_point()
        {
            Assert.Equal([2, 0, 1], Report(maximize: false, Row(0, 5, 1), Row(1, 5, 1), Row(2, 1, 1)).Ranked.Select(r => r.Point));
        }
    }
}

public sealed class SweepStatTests
{
    public sealed class TheOfMethod
    {
        [Fact]
        public void Gives_the_students_t_interval_of_the_mean()
        {
            // Mean 2, sample standard deviation 1, t(0.975, 2) = 4.303: half-width 4.303 / sqrt(3) = 2.4843.
            var stat = SweepStat.Of([1, 2, 3])!;

            Assert.Equal(2, stat.Mean, 12);
            Assert.Equal(2 - 2.48434, stat.Low!.Value, 4);
            Assert.Equal(2 + 2.48434, stat.High!.Value, 4);
        }

        [Fact]
        public void Gives_no_interval_for_one_value_and_nothing_for_none()
        {
            Assert.Equal(new SweepStat(4, null, null, 1), SweepStat.Of([4]));
            Assert.Null(SweepStat.Of([]));
        }
    }

    public sealed class TheTQuantileMethod
    {
        [Theory]
        [InlineData(1, 12.706)]
        [InlineData(30, 2.042)]
        [InlineData(40, 2.021)]
        [InlineData(120, 1.980)]
        [InlineData(100000, 1.960)]
        public void Matches_the_table_of_students_t_within_a_thousandth(int degrees, double t)
        {
            Assert.Equal(t, SweepStat.TQuantile(degrees), 0.0015);
        }
    }
}
