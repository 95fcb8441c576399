using Colossim.Cluster;
using Colossim.Cluster.Traces;
using Colossim.Documents;
using Colossim.Tests.Scenarios;
using Colossim.Units;
using static Colossim.Tests.Cluster.Traces.TraceFiles;

namespace Colossim.Tests.Cluster.Traces;

public sealed class HeliosQuotaTests
{
    public sealed class TheReadMethod
    {
        [Fact]
        public void Reads_the_virtual_clusters_and_their_gpus_per_day()
        {
            var problems = new Problems();

            var table = HeliosQuota.Read(TestData("helios-cluster_gpu_number.csv"), problems)!;

            Assert.Empty(problems);
            Assert.Equal(["vcA", "vcB"], table.Tenants);
            Assert.Equal(["2020-04-01", "2020-04-02", "2020-04-03"], table.Days.Select(d => d.Date));
            Assert.Equal(Duration.FromHours(24), table.Days[1].Start);
            Assert.Equal([64, 32], table.Days[1].Gpus);
            Assert.Equal(96, table.Days[1].Total);
        }

        [Fact]
        public void Reports_bad_rows_with_their_line()
        {
            using var temp = new TempDirectory();
            var file = temp.Write("cluster_gpu_number.csv", "date,vcA,vcB,total\n2020-04-01,72,24,97\n2020-04-02,64,x,96\n2020-04-02,64,32,96\n2020-04-02,64,32,96\n2020-04-04,1,1\n");
            var problems = new Problems();

            Assert.Null(HeliosQuota.Read(file, problems));
            Assert.Equal(
            [
                $"{file}:2: total: expected the sum of the virtual clusters' GPUs (96), found '97'",
                $"{file}:3: vcB: expected a whole number between 0 and 1,000,000, found 'x'",
                $"{file}:5: date: expected a day after the previous row's, found '2020-04-02'",
                $"{file}:6: expected 4 fields as in the header, found 3",
            ], Messages(problems));
        }

        [Fact]
        public void Refuses_a_file_without_the_header()
        {
            using var temp = new TempDirectory();
            var file = temp.Write("cluster_gpu_number.csv", "2020-04-01,72,24,96\n");
            var problems = new Problems();

            Assert.Null(HeliosQuota.Read(file, problems));
            Assert.Equal([$"{file}:1: expected a Helios cluster_gpu_number.csv header: date, then one column per virtual cluster, then total"], Messages(problems));
        }

        [SkippableFact]
        public void Reads_the_venus_cluster_table_when_shared_data_is_here()
        {
            const string Venus = "/work/shared/data/traces/helios-venus/cluster_gpu_number.csv";
            Skip.IfNot(File.Exists(Venus), "../shared/data/traces/helios-venus is not here");
            var problems = new Problems();

            var table = HeliosQuota.Read(Venus, problems)!;

            // ../shared/data/traces/README.md: 25 virtual clusters, 181 days from 2020-04-01 to 2020-09-28, 968 to 1,264 GPUs.
            Assert.Empty(problems);
            Assert.Equal((25, 181), (table.Tenants.Count, table.Days.Count));
            Assert.Equal(("2020-04-01", "2020-09-28"), (table.Days[0].Date, table.Days[^1].Date));
            Assert.Equal((968, 1264), (table.Days[0].Total, table.Days.Max(d => d.Total)));
        }
    }

    public sealed class TheSharesOnMethod
    {
        [Fact]
        public void Gives_each_tenant_its_gpus_over_the_day_total_and_zeros_for_an_empty_day()
        {
            var table = HeliosQuota.Read(TestData("helios-cluster_gpu_number.csv"), new Problems())!;

            Assert.Equal([new TenantSpec { Name = "vcA", Share = 64 / 96.0 }, new TenantSpec { Name = "vcB", Share = 32 / 96.0 }], table.SharesOn(1));
            Assert.All(table.SharesOn(2), t => Assert.Equal(0, t.Share));
            Assert.Throws<ArgumentOutOfRangeException>(() => table.SharesOn(3));
        }
    }
}
