using Colossim.Documents;
using Colossim.Facility;
using Colossim.Reports;
using Colossim.Tests.Facility;
using Colossim.Units;

namespace Colossim.Tests.Reports;

public sealed class PowerCsvTests
{
    public sealed class TheWriteMethod
    {
        [Fact]
        public void Writes_a_header_and_one_row_per_sample_starting_at_its_time()
        {
            var plan = ClusterPlanner.Build(1_024, FacilityTestData.H100Options());
            var timeline = PowerTimeline.Simulate(new PowerScenario { Plan = plan, Loads = [], Length = Duration.FromSeconds(10), Step = Duration.FromSeconds(4) }, new Problems())!;
            using var writer = new StringWriter();

            PowerCsv.Write(writer, timeline);

            var lines = writer.ToString().Split('\n');
            Assert.Equal(PowerCsv.Header, lines[0]);
            Assert.Equal(5, lines.Length); // header, 3 samples (4 s, 4 s, 2 s), and the empty string after the last \n
            Assert.StartsWith("8,", lines[3], StringComparison.Ordinal);
            Assert.Equal("", lines[4]);
            var mw = double.Parse(lines[1].Split(',')[1], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(timeline.Facility[0].Megawatts, mw, 1e-6); // written to 6 decimals
        }
    }
}
