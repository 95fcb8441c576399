using Colossim.Units;

namespace Colossim.Catalog;

/// <summary>An accelerator as the catalog describes it: peak dense compute by data type, memory, scale-up link, power and price.</summary>
public sealed record GpuSpec
{
    /// <summary>Catalog id, lower-case kebab (<c>h200-sxm</c>).</summary>
    public required string Id { get; init; }

    /// <summary>Marketing name (<c>NVIDIA H200 SXM</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Vendor (<c>nvidia</c>, <c>amd</c>).</summary>
    public required string Vendor { get; init; }

    /// <summary>Dense (no sparsity) BF16 peak.</summary>
    public required FlopRate DenseBf16 { get; init; }

    /// <summary>Dense FP8 peak; <see langword="null"/> when the GPU has no FP8 tensor cores (A100).</summary>
    public FlopRate? DenseFp8 { get; init; }

    /// <summary>Dense FP4 peak; <see langword="null"/> when the GPU has no FP4 tensor cores (Hopper and older).</summary>
    public FlopRate? DenseFp4 { get; init; }

    /// <summary>Dense TF32 peak, where published.</summary>
    public FlopRate? DenseTf32 { get; init; }

    /// <summary>High-bandwidth memory capacity.</summary>
    public required Bytes HbmCapacity { get; init; }

    /// <summary>High-bandwidth memory peak bandwidth.</summary>
    public required Bandwidth HbmBandwidth { get; init; }

    /// <summary>Scale-up (NVLink, xGMI) bandwidth per GPU, both directions together, as vendors quote it (H100: 900GB/s).</summary>
    public required Bandwidth ScaleUpBandwidth { get; init; }

    /// <summary>GPUs in one scale-up domain (8 for HGX; 72 for NVL72 racks).</summary>
    public required int ScaleUpDomain { get; init; }

    /// <summary>Thermal design power (board power limit).</summary>
    public required Watts Tdp { get; init; }

    /// <summary>Board power when idle, where measured or published; otherwise about 15% of TDP is assumed by power models.</summary>
    public Watts? IdlePower { get; init; }

    /// <summary>Streaming multiprocessors (or compute units).</summary>
    public int? ComputeUnits { get; init; }

    /// <summary>Indicative price of one GPU (the accelerator, not the server).</summary>
    public required Usd Price { get; init; }

    /// <summary>Where each figure comes from, keyed by the field's snake_case name.</summary>
    public IReadOnlyDictionary<string, string> Sources { get; init; } = new Dictionary<string, string>();

    /// <summary>The dense peak for <paramref name="dtype"/>, or <see langword="null"/> when the GPU lacks it.</summary>
    public FlopRate? PeakFor(DataType dtype) => dtype switch
    {
        DataType.Bf16 or DataType.Fp16 => DenseBf16,
        DataType.Fp8 => DenseFp8,
        DataType.Fp4 => DenseFp4,
        DataType.Tf32 => DenseTf32,
        DataType.Fp32 => DenseTf32 is { } tf32 ? tf32 / 8 : null,
        _ => null,
    };
}

/// <summary>Numeric formats of tensors and tensor-core math.</summary>
public enum DataType
{
    /// <summary>bfloat16, 2 bytes.</summary>
    Bf16,

    /// <summary>IEEE half precision, 2 bytes.</summary>
    Fp16,

    /// <summary>8-bit float (e4m3/e5m2), 1 byte.</summary>
    Fp8,

    /// <summary>4-bit float (NVFP4/MXFP4), half a byte.</summary>
    Fp4,

    /// <summary>TensorFloat-32 math on fp32 storage, 4 bytes.</summary>
    Tf32,

    /// <summary>IEEE single precision, 4 bytes.</summary>
    Fp32,
}

/// <summary>Helpers for <see cref="DataType"/>.</summary>
public static class DataTypes
{
    /// <summary>Bytes per element of <paramref name="dtype"/>.</summary>
    public static double BytesPerElement(this DataType dtype) => dtype switch
    {
        DataType.Bf16 or DataType.Fp16 => 2,
        DataType.Fp8 => 1,
        DataType.Fp4 => 0.5,
        _ => 4,
    };

    /// <summary>Parses the names used in scenarios and calibration files (<c>bf16</c>, <c>bfloat16</c>, <c>fp8</c>, …).</summary>
    public static bool TryParse(string? text, out DataType dtype)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "bf16" or "bfloat16": dtype = DataType.Bf16; return true;
            case "fp16" or "float16" or "half": dtype = DataType.Fp16; return true;
            case "fp8" or "e4m3" or "float8": dtype = DataType.Fp8; return true;
            case "fp4" or "nvfp4" or "mxfp4": dtype = DataType.Fp4; return true;
            case "tf32": dtype = DataType.Tf32; return true;
            case "fp32" or "float32": dtype = DataType.Fp32; return true;
            default: dtype = default; return false;
        }
    }
}
