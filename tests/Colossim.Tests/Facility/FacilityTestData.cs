using Colossim.Catalog;
using Colossim.Facility;
using Colossim.Units;

namespace Colossim.Tests.Facility;

/// <summary>Hardware for facility tests, built here so the tests do not depend on catalog entries other branches own.</summary>
internal static class FacilityTestData
{
    public static GpuSpec H100 { get; } = new()
    {
        Id = "h100-sxm",
        Name = "NVIDIA H100 SXM",
        Vendor = "nvidia",
        DenseBf16 = FlopRate.Parse("989TFLOPS"),
        HbmCapacity = Bytes.Parse("80GB"),
        HbmBandwidth = Bandwidth.Parse("3.35TB/s"),
        ScaleUpBandwidth = Bandwidth.Parse("900GB/s"),
        ScaleUpDomain = 8,
        Tdp = new Watts(700),
        IdlePower = new Watts(75),
        Price = new Usd(30_000),
    };

    public static GpuSpec Gb200 { get; } = H100 with { Id = "gb200", Name = "NVIDIA GB200", ScaleUpDomain = 72, Tdp = new Watts(1200), IdlePower = null, Price = new Usd(35_000) };

    /// <summary>A DGX H100 as data/catalog/systems.yaml describes it.</summary>
    public static SystemSpec DgxH100 { get; } = new()
    {
        Id = "dgx-h100",
        Name = "NVIDIA DGX H100",
        Gpu = "h100-sxm",
        GpusPerNode = 8,
        GpusPerRack = 32,
        NodePower = new Watts(10_200),
        NicsPerGpu = 1,
        NicBandwidth = Bandwidth.FromGigabitsPerSecond(400),
        ScaleUpDomain = 8,
        NodePrice = new Usd(270_000),
        ScalableUnitGpus = 256,
    };

    public static SystemSpec Gb200Nvl72 { get; } = DgxH100 with
    {
        Id = "gb200-nvl72",
        Gpu = "gb200",
        GpusPerNode = 4,
        GpusPerRack = 72,
        NodePower = new Watts(6_700),
        ScaleUpDomain = 72,
        NodePrice = new Usd(3e6 / 18),
        ScalableUnitGpus = 576,
        Cooling = "liquid",
    };

    public static FabricSpec Ndr => ColossimCatalog.BuiltIn.Fabrics["infiniband-ndr"];

    public static FabricSpec Xdr => ColossimCatalog.BuiltIn.Fabrics["infiniband-xdr"];

    public static FabricSpec SpectrumX => ColossimCatalog.BuiltIn.Fabrics["spectrum-x"];

    public static PlanOptions H100Options(FabricSpec? fabric = null) => new() { Gpu = H100, System = DgxH100, Fabric = fabric ?? Ndr };
}
