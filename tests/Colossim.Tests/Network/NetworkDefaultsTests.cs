using Colossim.Documents;
using Colossim.Network;

namespace Colossim.Tests.Network;

public sealed class NetworkDefaultsTests
{
    public sealed class TheBuiltInConstants
    {
        [Fact]
        public void Load_with_every_source()
        {
            var d = NetworkDefaults.BuiltIn;

            Assert.Equal(0.5, d.Ll.BandwidthFraction, 1e-12);
            Assert.True(d.Simple.BaseMicroseconds > 0);
            Assert.Contains("protocols", d.Sources.Keys);
            Assert.Contains("generations", d.Sources.Keys);
        }

        [Theory]
        [InlineData("a100-sxm-80gb", "nvlink3", false)]
        [InlineData("h100-sxm", "nvlink4", true)]
        [InlineData("h200-sxm", "nvlink4", true)]
        [InlineData("h800", "nvlink4", true)]
        [InlineData("gb200", "nvlink5", true)]
        [InlineData("mi300x", "nvlink4-without-nvls", false)]
        public void Give_each_GPU_its_generation(string gpu, string generation, bool nvls)
        {
            var g = NetworkDefaults.BuiltIn.GenerationOf(gpu);

            Assert.Equal((generation, nvls), (g.Name, g.Nvls));
        }
    }

    public sealed class TheReadMethod
    {
        [Fact]
        public void Reports_a_fraction_out_of_range_at_its_path()
        {
            var problems = new Problems();
            var root = DocReader.Parse("""
                protocols:
                  ll: {base_us: 1, scale_up_hop_us: 1, scale_out_hop_us: 1, bandwidth_fraction: 2}
                  ll128: {base_us: 1, scale_up_hop_us: 1, scale_out_hop_us: 1, bandwidth_fraction: 1}
                  simple: {base_us: 1, scale_up_hop_us: 1, scale_out_hop_us: 1, bandwidth_fraction: 1}
                nvls: {base_us: 1, algorithm_bandwidth_fraction: 0.5}
                scale_out: {efficiency: 1, switch_hop_us: 1}
                generations:
                  - {name: g, gpus: [x], overhead_us: 0, hop_scale: 1, efficiency: 1, nvls: false}
                """, problems);

            var d = NetworkDefaults.Read(root!, problems);

            Assert.Null(d);
            Assert.Contains(problems, p => p.Path == "protocols.ll.bandwidth_fraction");
        }
    }
}
