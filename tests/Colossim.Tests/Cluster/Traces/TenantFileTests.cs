using Colossim.Cluster;
using Colossim.Cluster.Traces;
using Colossim.Documents;
using Colossim.Tests.Scenarios;
using static Colossim.Tests.Cluster.Traces.TraceFiles;

namespace Colossim.Tests.Cluster.Traces;

public sealed class TenantFileTests
{
    public sealed class TheReadMethod
    {
        [Fact]
        public void Reads_shares_limits_and_weights_with_their_defaults()
        {
            var problems = new Problems();

            var tenants = TenantFile.Read(TestData("tenants.yaml"), problems);

            Assert.Empty(problems);
            Assert.Equal(
            [
                new TenantSpec { Name = "microsoft", Share = 0.4, BorrowingLimit = 0.2, LendingLimit = 0.3, Weight = 2 },
                new TenantSpec { Name = "xai", Share = 0.4 },
                new TenantSpec { Name = "mgx", Share = 0.1, Weight = 0.5 },
            ], tenants);
        }

        [Fact]
        public void Reports_problems_with_the_file_and_line()
        {
            using var temp = new TempDirectory();
            var file = temp.Write("tenants.yaml", "tenants:\n  - { name: a, share: 1.5 }\n");
            var problems = new Problems();

            Assert.Null(TenantFile.Read(file, problems));
            Assert.Equal([$"{file}:2: tenants[0].share: expected a share between 0 and 1, found '1.5'"], Messages(problems));
        }

        [Fact]
        public void Refuses_a_directory()
        {
            using var temp = new TempDirectory();
            var problems = new Problems();

            Assert.Null(TenantFile.Read(temp.Path, problems));
            Assert.Equal([$"{temp.Path}: expected a file, found a directory"], Messages(problems));
        }
    }

    public sealed class TheParseMethod
    {
        private static string[] Problems(string yaml)
        {
            var problems = new Problems();
            _ = TenantFile.Parse(yaml, problems);
            return Messages(problems);
        }

        [Theory]
        [InlineData("tenants:\n  - { name: a, share: -0.1 }", "line 2: tenants[0].share: expected a share between 0 and 1, found '-0.1'")]
        [InlineData("tenants:\n  - { name: a, share: 0.5, borrowing_limit: 2 }", "line 2: tenants[0].borrowing_limit: expected a share of the cluster between 0 and 1, found '2'")]
        [InlineData("tenants:\n  - { name: a, share: 0.2, lending_limit: 0.3 }", "line 2: tenants[0].lending_limit: expected at most the tenant's own share (0.2), found '0.3'")]
        [InlineData("tenants:\n  - { name: a, share: 0.2, weight: 0 }", "line 2: tenants[0].weight: expected a weight above 0, found '0'")]
        [InlineData("tenants:\n  - { name: a, share: 0.2, weight: NaN }", "line 2: tenants[0].weight: expected a weight, found 'NaN'")]
        [InlineData("tenants:\n  - { name: a, share: 0.2 }\n  - { name: a, share: 0.2 }", "line 3: tenants[1].name: the name 'a' is already used by tenants[0]")]
        [InlineData("tenants:\n  - { name: ' ', share: 0.2 }", "line 2: tenants[0].name: expected a name, found an empty text")]
        [InlineData("tenants:\n  - { share: 0.2 }", "line 2: tenants[0].name: is required")]
        [InlineData("tenants:\n  - { name: a, share: 0.7 }\n  - { name: b, share: 0.7 }", "line 2: tenants: the shares add up to 1.4; they must add up to at most 1")]
        [InlineData("tenants: []", "line 1: tenants: expected at least one tenant, found an empty list")]
        [InlineData("tenant: []", "line 1: tenants: is required")]
        [InlineData("tenants: 3", "line 1: tenants: expected a list, found '3'")]
        [InlineData("- a", "line 1: expected a mapping with a tenants list, found a list")]
        [InlineData("tenants:\n  - a", "line 2: tenants[0]: expected a tenant mapping (name, share, borrowing_limit, lending_limit, weight), found 'a'")]
        public void Reports_each_mistake_with_its_path_and_line(string yaml, string expected)
        {
            Assert.Contains(expected, Problems(yaml));
        }

        [Fact]
        public void Warns_about_unknown_keys_with_the_closest_known_one()
        {
            var problems = new Problems();

            var tenants = TenantFile.Parse("tenants:\n  - { name: a, share: 0.5, wieght: 2 }\n", problems);

            Assert.Single(tenants!);
            Assert.Equal(["line 2: warning: tenants[0].wieght: unknown key 'wieght' is ignored (did you mean 'weight'?)"], Messages(problems));
        }

        [Fact]
        public void Accepts_a_tenant_with_no_guaranteed_share()
        {
            Assert.Equal(0, TenantFile.Parse("tenants: [{ name: spot-only, share: 0, borrowing_limit: 1 }]", new Problems())!.Single().Share);
        }
    }
}
