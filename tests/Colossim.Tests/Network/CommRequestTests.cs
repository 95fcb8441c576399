using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Network;
using Colossim.Performance;

namespace Colossim.Tests.Network;

public sealed class CommRequestTests
{
    public sealed class TheRunMethod
    {
        [Fact]
        public void Records_every_bad_option_at_its_name()
        {
            var problems = new Problems();

            var result = new CommRequest { Op = "gather", Gpu = "h100-sxm", Gpus = "0", Size = "0", Placement = "far" }.Run(ColossimCatalog.BuiltIn, problems);

            Assert.Null(result);
            Assert.Equal(["--op", "--placement", "--gpus", "--size"], problems.Select(p => p.Path));
        }

        [Fact]
        public void Plans_a_spread_site_with_one_domain_per_rank()
        {
            var problems = new Problems();

            var result = new CommRequest { Op = "all-reduce", Gpu = "h200-sxm", Gpus = "4", Size = "1GiB", Placement = "spread", Algo = "ring" }.Run(ColossimCatalog.BuiltIn, problems);

            Assert.Empty(problems);
            Assert.NotNull(result);
            Assert.Equal((4, 1, 4), (result.Group.Ranks, result.Group.RanksPerScaleUpDomain, result.Group.ScaleUpDomains));
            Assert.Equal(LinkClass.ScaleOut, result.Rows[0].Bottleneck);
        }

        [Fact]
        public void Sweeps_sizes_by_doubling()
        {
            var problems = new Problems();

            var result = new CommRequest { Op = "send-recv", Gpu = "h100-sxm", Gpus = "2", Sizes = "1KiB:1MiB" }.Run(ColossimCatalog.BuiltIn, problems);

            Assert.NotNull(result);
            Assert.Equal(Collective.SendRecv, result.Collective);
            Assert.Equal(Enumerable.Range(10, 11).Select(e => Math.Pow(2, e)), result.Rows.Select(r => r.Bytes.Value));
        }
    }
}
