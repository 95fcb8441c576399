using Colossim.Catalog;

namespace Colossim.Tests.Catalog;

public sealed class GpuSpecTests
{
    public sealed class ThePeakForMethod
    {
        [Fact]
        public void Gives_the_dense_peak_for_each_data_type()
        {
            var h100 = ColossimCatalog.BuiltIn.Gpus["h100-sxm"];

            Assert.Equal(989.0, h100.PeakFor(DataType.Bf16)?.TeraFlopsPerSecond);
            Assert.Equal(989.0, h100.PeakFor(DataType.Fp16)?.TeraFlopsPerSecond);
            Assert.Equal(1979.0, h100.PeakFor(DataType.Fp8)?.TeraFlopsPerSecond);
            Assert.Null(h100.PeakFor(DataType.Fp4));
            Assert.Equal(494.0, h100.PeakFor(DataType.Tf32)?.TeraFlopsPerSecond);
            Assert.Equal(61.75, h100.PeakFor(DataType.Fp32)?.TeraFlopsPerSecond);
        }

        [Fact]
        public void Gives_nothing_for_a_type_the_gpu_lacks()
        {
            Assert.Null(ColossimCatalog.BuiltIn.Gpus["a100-sxm-80gb"].PeakFor(DataType.Fp8));
            Assert.Equal(9000.0, ColossimCatalog.BuiltIn.Gpus["b200"].PeakFor(DataType.Fp4)?.TeraFlopsPerSecond);
        }
    }
}
