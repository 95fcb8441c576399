namespace Colossim.Simulation;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood 2014; the reference seeder for the xoshiro family) and the FNV-1a hash used to
/// turn a stream name into bits. Both are fixed algorithms, so their outputs never change between processes,
/// machines or .NET versions, unlike <see cref="string.GetHashCode()"/>.
/// </summary>
internal static class SplitMix64
{
    private const ulong FnvOffsetBasis = 0xCBF29CE484222325;
    private const ulong FnvPrime = 0x100000001B3;

    /// <summary>Advances <paramref name="state"/> by the golden-ratio increment and returns the mixed value.</summary>
    public static ulong Next(ref ulong state)
    {
        unchecked
        {
            state += 0x9E3779B97F4A7C15;
            return Mix(state);
        }
    }

    /// <summary>The SplitMix64 finaliser: a bijection on 64 bits with good avalanche.</summary>
    public static ulong Mix(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            return z ^ (z >> 31);
        }
    }

    /// <summary>64-bit FNV-1a over the bytes.</summary>
    public static ulong Fnv1a(ReadOnlySpan<byte> bytes)
    {
        unchecked
        {
            var hash = FnvOffsetBasis;
            foreach (var b in bytes)
            {
                hash = (hash ^ b) * FnvPrime;
            }

            return hash;
        }
    }
}
