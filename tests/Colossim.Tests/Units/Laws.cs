using CsCheck;

namespace Colossim.Tests.Units;

/// <summary>The laws every double-valued quantity obeys, checked over random values.</summary>
internal static class Laws
{
    /// <summary><c>Parse(ToString(x)) == x</c> for every finite value of zero or more, and for everyday values.</summary>
    public static void RoundTrip<T>(Func<double, T> make, Func<string, T> parse)
        where T : struct
    {
        Gen.OneOf(Gens.NonNegative, Gens.Everyday).Sample(v =>
        {
            var x = make(v);
            var text = x.ToString()!;
            Assert.Equal(x, parse(text));
        }, iter: 2_000);
    }

    /// <summary>Comparison and the operators agree with the underlying values, and equal values are equal quantities.</summary>
    public static void Order<T>(Func<double, T> make, Func<T, T, bool> less, Func<T, T, bool> greater, Func<T, T, bool> atMost, Func<T, T, bool> atLeast)
        where T : struct, IComparable<T>
    {
        // Draw pairs that are often equal so that the equal case is exercised.
        var value = Gen.OneOf(Gens.Everyday, Gen.Int[0, 3].Select(i => (double)i));
        Gen.Select(value, value).Sample((a, b) =>
        {
            T x = make(a), y = make(b);
            Assert.Equal(Math.Sign(a.CompareTo(b)), Math.Sign(x.CompareTo(y)));
            Assert.Equal(a < b, less(x, y));
            Assert.Equal(a > b, greater(x, y));
            Assert.Equal(a <= b, atMost(x, y));
            Assert.Equal(a >= b, atLeast(x, y));
            Assert.Equal(a == b, x.Equals(y));
            if (a == b)
            {
                Assert.Equal(x.GetHashCode(), y.GetHashCode());
            }
        }, iter: 1_000);
    }
}
