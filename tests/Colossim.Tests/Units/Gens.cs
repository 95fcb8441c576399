using CsCheck;

namespace Colossim.Tests.Units;

/// <summary>Generators shared by the unit property tests.</summary>
internal static class Gens
{
    /// <summary>Every finite double of zero or more, subnormals included, spread evenly over the bit patterns (so over magnitudes).</summary>
    public static readonly Gen<double> NonNegative = Gen.Long[0, 0x7FEF_FFFF_FFFF_FFFF].Select(BitConverter.Int64BitsToDouble);

    /// <summary>Doubles in a range people write (1e-6 to 1e18), with short decimal forms as well as long ones.</summary>
    public static readonly Gen<double> Everyday = Gen.OneOf(
        Gen.Double[1e-6, 1e18],
        Gen.Int[0, 100_000].Select(Gen.Int[-6, 12], (m, e) => m * Math.Pow(10, e)));
}
