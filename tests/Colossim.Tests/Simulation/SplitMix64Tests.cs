using Colossim.Simulation;

namespace Colossim.Tests.Simulation;

public sealed class SplitMix64Tests
{
    public sealed class TheNextMethod
    {
        [Fact]
        public void Matches_the_reference_output_from_state_zero()
        {
            var state = 0UL;

            Assert.Equal(0xE220A8397B1DCDAFUL, SplitMix64.Next(ref state));
            Assert.Equal(0x6E789E6AA1B965F4UL, SplitMix64.Next(ref state));
            Assert.Equal(0x06C45D188009454FUL, SplitMix64.Next(ref state));
        }
    }

    public sealed class TheFnv1aMethod
    {
        [Fact]
        public void Matches_the_published_64_bit_test_vectors()
        {
            Assert.Equal(0xCBF29CE484222325UL, SplitMix64.Fnv1a(""u8));
            Assert.Equal(0xAF63DC4C8601EC8CUL, SplitMix64.Fnv1a("a"u8));
            Assert.Equal(0x85944171F73967E8UL, SplitMix64.Fnv1a("foobar"u8));
        }
    }
}
