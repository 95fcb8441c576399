using Colossim.Documents;

namespace Colossim.Facility;

/// <summary>The names of <see cref="BatteryPolicy"/> as options, scenarios and reports write them (the one table of them).</summary>
public static class BatteryPolicyNames
{
    private static readonly (string Name, BatteryPolicy Policy, string Words)[] Table =
    [
        ("smooth", BatteryPolicy.Smooth, "smoothing"),
        ("peak-shave", BatteryPolicy.PeakShave, "peak shaving"),
        ("none", BatteryPolicy.None, "idle"),
    ];

    /// <summary>The names, in the order messages list them: <c>smooth</c>, <c>peak-shave</c>, <c>none</c>.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Table.Select(t => t.Name)];

    /// <summary>The name of <paramref name="policy"/>: <c>smooth</c>, <c>peak-shave</c> or <c>none</c>.</summary>
    public static string Name(BatteryPolicy policy) => Array.Find(Table, t => t.Policy == policy).Name
        ?? throw new ArgumentOutOfRangeException(nameof(policy), policy, "unknown battery policy");

    /// <summary>What the battery does under <paramref name="policy"/>, in words for people: <c>smoothing</c>, <c>peak shaving</c>, <c>idle</c>.</summary>
    public static string Words(BatteryPolicy policy) => Array.Find(Table, t => t.Policy == policy).Words
        ?? throw new ArgumentOutOfRangeException(nameof(policy), policy, "unknown battery policy");

    /// <summary>The policy named <paramref name="name"/> (exact, lower case); otherwise an error at <paramref name="path"/> listing the names.</summary>
    public static BatteryPolicy? Parse(string name, Problems problems, string path)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(problems);
        foreach (var t in Table)
        {
            if (string.Equals(t.Name, name, StringComparison.Ordinal))
            {
                return t.Policy;
            }
        }

        problems.Error(path, $"expected one of {string.Join(", ", All)}, found '{name}'{Suggestions.DidYouMean(name, All)}");
        return null;
    }
}
