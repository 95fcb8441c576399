using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Serialization;
using System.Text;

namespace Colossim.Documents;

/// <summary>
/// The names documents, flags and JSON use for enum values: the member name in kebab case
/// (<c>RailOptimizedFatTree</c> is <c>rail-optimized-fat-tree</c>, <c>EthernetRdma</c> is <c>ethernet-rdma</c>).
/// One rule for every enum, so a name is never spelled differently in two places. A member that kebab case cannot
/// spell (<c>alibaba-2020</c>: a hyphen before digits) names itself with <see cref="EnumMemberAttribute"/>.
/// </summary>
public static class EnumNames
{
    private static readonly ConcurrentDictionary<Type, string[]> Cache = new();

    /// <summary>The kebab-case name of <paramref name="value"/>; throws for a value that is not a declared member.</summary>
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        var values = Enum.GetValues<TEnum>();
        var index = Array.IndexOf(values, value);
        return index < 0 ? throw new ArgumentOutOfRangeException(nameof(value), value, null) : Names<TEnum>()[index];
    }

    /// <summary>The names of every value of <typeparamref name="TEnum"/>, in declaration order (the choices a document has).</summary>
    public static IReadOnlyList<string> All<TEnum>()
        where TEnum : struct, Enum => Names<TEnum>();

    /// <summary>The value whose name is exactly <paramref name="name"/>; <see langword="null"/> for none (or a null name).</summary>
    public static TEnum? Parse<TEnum>(string? name)
        where TEnum : struct, Enum
    {
        var index = Array.IndexOf(Names<TEnum>(), name);
        return index < 0 ? null : Enum.GetValues<TEnum>()[index];
    }

    /// <summary><c>RailOptimizedFatTree</c> to <c>rail-optimized-fat-tree</c>.</summary>
    public static string Kebab(string pascal)
    {
        ArgumentNullException.ThrowIfNull(pascal);
        var text = new StringBuilder(pascal.Length + 8);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsUpper(c) && i > 0)
            {
                text.Append('-');
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }

    private static string[] Names<TEnum>()
        where TEnum : struct, Enum =>
        Cache.GetOrAdd(typeof(TEnum), _ => [.. Enum.GetValues<TEnum>().Select(v =>
            typeof(TEnum).GetField(v.ToString())?.GetCustomAttribute<EnumMemberAttribute>()?.Value ?? Kebab(v.ToString()))]);
}
