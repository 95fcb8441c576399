using System.Text;

namespace Colossim.Simulation;

/// <summary>
/// The family of named random streams of one simulation run, derived from the scenario seed. The stream called
/// <c>name</c> depends only on (seed, name): adding, removing or reordering other streams, or drawing from them,
/// never changes its draws. That keeps results comparable when a component is added to a scenario.
/// </summary>
/// <remarks>
/// Derivation: the name's UTF-8 bytes are hashed with 64-bit FNV-1a, the hash is mixed with the SplitMix64 finaliser
/// and XORed into the seed, and SplitMix64 run from that value fills the 256-bit xoshiro256** state. Both algorithms
/// are fixed, so the streams are identical across processes, machines and .NET versions.
/// Not thread-safe: create streams up front, or give each thread its own <see cref="RandomStreams"/>.
/// </remarks>
public sealed class RandomStreams
{
    private readonly Dictionary<string, RandomStream> _streams = new(StringComparer.Ordinal);

    /// <summary>Creates the stream family for a scenario seed.</summary>
    /// <param name="seed">The scenario seed; any 64-bit value.</param>
    public RandomStreams(ulong seed)
    {
        Seed = seed;
    }

    /// <summary>The scenario seed the streams derive from.</summary>
    public ulong Seed { get; }

    /// <summary>
    /// The stream called <paramref name="name"/>. The same instance is returned every time it is asked for here, so
    /// two components that ask for the same name share (and interleave) one sequence; give them distinct names
    /// (for example <c>"arrivals/replica-3"</c>) for independent sequences.
    /// </summary>
    /// <param name="name">A non-empty name; compared ordinally (case-sensitive).</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    public RandomStream Get(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!_streams.TryGetValue(name, out var stream))
        {
            stream = new RandomStream(name, DeriveSeed(Seed, name));
            _streams.Add(name, stream);
        }

        return stream;
    }

    /// <summary>The 64-bit seed of the stream called <paramref name="name"/> under <paramref name="seed"/>.</summary>
    internal static ulong DeriveSeed(ulong seed, string name) =>
        seed ^ SplitMix64.Mix(SplitMix64.Fnv1a(Encoding.UTF8.GetBytes(name)));
}
