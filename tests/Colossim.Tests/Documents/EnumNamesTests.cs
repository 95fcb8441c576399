using Colossim.Documents;
using Colossim.Facility;

namespace Colossim.Tests.Documents;

public sealed class EnumNamesTests
{
    public sealed class TheOfMethod
    {
        [Theory]
        [InlineData(FabricTopology.RailOptimizedFatTree, "rail-optimized-fat-tree")]
        [InlineData(FabricTopology.FatTree, "fat-tree")]
        [InlineData(FabricTopology.RailOnly, "rail-only")]
        public void Writes_the_member_name_in_kebab_case(FabricTopology value, string name) =>
            Assert.Equal(name, EnumNames.Of(value));

        [Fact]
        public void Refuses_a_value_that_is_not_a_member() =>
            Assert.Throws<ArgumentOutOfRangeException>(() => EnumNames.Of((FabricKind)42));
    }

    public sealed class TheParseMethod
    {
        [Fact]
        public void Round_trips_every_name_of_an_enum()
        {
            foreach (var value in Enum.GetValues<FabricKind>())
            {
                Assert.Equal(value, EnumNames.Parse<FabricKind>(EnumNames.Of(value)));
            }
        }

        [Theory]
        [InlineData("Ethernet")]
        [InlineData("ethernet_rdma")]
        [InlineData("")]
        [InlineData(null)]
        public void Finds_nothing_for_a_name_that_is_not_exactly_one(string? name) =>
            Assert.Null(EnumNames.Parse<FabricKind>(name));
    }

    public sealed class TheAllMethod
    {
        [Fact]
        public void Lists_the_names_in_declaration_order() =>
            Assert.Equal(["infiniband", "ethernet-rdma", "ethernet"], EnumNames.All<FabricKind>());
    }
}
