using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Serving;

namespace Colossim.Tests.Serving;

public sealed class DiurnalShapeTests
{
    public sealed class TheRelativeRateMethod
    {
        [Fact]
        public void Has_the_peak_to_trough_ratio_between_noon_and_midnight_and_a_mean_of_one()
        {
            var trough = DiurnalShape.RelativeRate(0, 4);
            var peak = DiurnalShape.RelativeRate(43_200, 4);
            var mean = Enumerable.Range(0, 86_400).Average(s => DiurnalShape.RelativeRate(s, 4));

            Assert.Equal(4, peak / trough, 12);
            Assert.Equal(1, mean, 9);
        }
    }

    public sealed class TheMapMethod
    {
        [Theory]
        [InlineData(0.0)]
        [InlineData(1.0)]
        [InlineData(3_600.0)]
        [InlineData(43_200.0)]
        [InlineData(100_000.0)]
        public void Inverts_the_cumulative_rate_to_within_a_nanosecond(double seconds)
        {
            const double ratio = 10;
            var a = (ratio - 1) / (ratio + 1);
            var t = DiurnalShape.Map(seconds, ratio);

            var cumulative = t - (a * DiurnalShape.PeriodSeconds / (2 * Math.PI) * Math.Sin(2 * Math.PI * t / DiurnalShape.PeriodSeconds));
            Assert.Equal(seconds, cumulative, 1e-9);
        }

        [Fact]
        public void Keeps_a_whole_day_a_whole_day()
        {
            Assert.Equal(86_400, DiurnalShape.Map(86_400, 3), 1e-9);
            Assert.Equal(5, DiurnalShape.Map(5, 1), 0);
        }
    }

    public sealed class WithServeRequests
    {
        [Fact]
        public void Sends_four_times_as_many_requests_in_the_peak_hour_as_in_the_trough_hour_for_a_ratio_of_four()
        {
            // One day at 2 requests/s: 172,800 requests. Hour 0 (around the trough) and hour 12 (around the peak).
            var setup = new ServeRequest { Model = "llama3-8b", Gpu = "h200-sxm", Gpus = 1, Rate = 2, InputLen = 10, OutputLen = 2, Requests = 172_800, Diurnal = 4 }
                .Resolve(ColossimCatalog.BuiltIn, new Problems())!;

            int Hour(int h) => setup.Requests.Count(r => r.ArrivalNanoseconds >= h * 3600e9 && r.ArrivalNanoseconds < (h + 1) * 3600e9);

            // The expected counts are the integrals of the rate over each hour (about 2,930 and 11,470); their Poisson
            // noise is 1.8 % and 0.9 %; allow 5 %.
            var a = 3 / 5.0;
            double Expected(int h) => 2 * 3600 * (1 - (a * Math.Sin(2 * Math.PI * (h + 1) / 24) / (2 * Math.PI / 24)) + (a * Math.Sin(2 * Math.PI * h / 24) / (2 * Math.PI / 24)));
            Assert.Equal(Expected(0), Hour(0), Expected(0) * 0.05);
            Assert.Equal(Expected(12), Hour(12), Expected(12) * 0.05);
            Assert.Equal(86_400, setup.Requests[^1].ArrivalNanoseconds / 1e9, 86_400 * 0.01);
        }
    }
}
