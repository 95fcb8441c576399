using Colossim.Catalog;
using Colossim.Performance;

namespace Colossim.Tests.Performance;

public sealed class CalibrationDevicesTests
{
    private static readonly ColossimCatalog Catalog = ColossimCatalog.BuiltIn;

    public sealed class TheMatchMethod
    {
        [Theory]
        [InlineData("NVIDIA H200", "h200-sxm")]
        [InlineData("NVIDIA H100 80GB HBM3", "h100-sxm")]
        [InlineData("nvidia b200", "b200")]
        public void Finds_the_catalog_gpu_of_a_device_name(string name, string id)
        {
            Assert.Equal(id, CalibrationDevices.Match(name, Catalog)?.Id);
        }

        [Theory]
        [InlineData("Synthetic GPU")]
        [InlineData("")]
        [InlineData("NVIDIA")]
        public void Is_null_for_a_name_no_gpu_has(string name)
        {
            Assert.Null(CalibrationDevices.Match(name, Catalog));
        }
    }
}
