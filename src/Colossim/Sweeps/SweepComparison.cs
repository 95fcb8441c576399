using System.Globalization;
using Colossim.Documents;
using Colossim.Reports;

namespace Colossim.Sweeps;

/// <summary>
/// Compares two runs of a sweep store as <c>colossim compare</c> compares two report folders: each run named by its
/// point's number, as <c>colossim sweep</c>'s table and CSV number them, or by the start of its content hash (at least
/// <see cref="MinHashDigits"/> hex digits, as the store's <c>sweep_runs.hash</c> holds it). The comparison lives here,
/// beside the store, because the run store's comparison (<c>Runs</c>) may not depend on sweeps.
/// </summary>
public static class SweepComparison
{
    /// <summary>The fewest hex digits a hash prefix has (8): shorter numbers are point numbers.</summary>
    public const int MinHashDigits = 8;

    /// <summary>
    /// Opens the sweep store at <paramref name="storePath"/> (read only), finds the runs <paramref name="a"/> and
    /// <paramref name="b"/> name and compares their summaries; <see langword="null"/> with problems at
    /// <paramref name="storeOption"/> (the store), <c>RUN_A</c> and <c>RUN_B</c> when the store cannot be read, a name
    /// matches no run or several, or a run has no summary (failed, or not run yet).
    /// </summary>
    public static RunComparison? Load(string storePath, string a, string b, Problems problems, string storeOption = "--sweep-store")
    {
        ArgumentNullException.ThrowIfNull(storePath);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(problems);
        using var store = SweepStore.OpenExisting(storePath, problems, storeOption);
        if (store is null)
        {
            return null;
        }

        var runA = Resolve(store, a, "RUN_A", problems);
        var runB = Resolve(store, b, "RUN_B", problems);
        return runA is { } ra && runB is { } rb
            ? RunComparison.Compare(ra.Label, ra.Summary, ra.File, rb.Label, rb.Summary, rb.File, problems)
            : null;
    }

    private static (string Label, string Summary, string File)? Resolve(SweepStore store, string name, string path, Problems problems)
    {
        var key = name.Trim();
        IReadOnlyList<SweepMember> members;
        string what;
        if (key.Length is > 0 and < MinHashDigits && key.All(char.IsAsciiDigit))
        {
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var point))
            {
                problems.Error(path, $"expected a point number or a run's hash, found '{name}'");
                return null;
            }

            members = store.MembersAt(point);
            what = $"point {point}";
            if (members.Count == 0)
            {
                var last = store.LastPoint();
                problems.Error(path, last < 0
                    ? $"expected a point of a sweep in {store.Path}, found point {point} and a store with no sweep"
                    : $"expected a point of a sweep in {store.Path} (0 to {last.ToString("N0", CultureInfo.InvariantCulture)}), found point {point}");
                return null;
            }

            if (members.Count > 1)
            {
                problems.Error(path, $"point {point} names {members.Count} runs in {store.Path} (several sweeps or seeds); name one by its hash: {Hashes(members)}");
                return null;
            }
        }
        else if (key.Length is >= MinHashDigits and <= 32 && key.All(char.IsAsciiHexDigit))
        {
            var prefix = key.ToLowerInvariant();
            members = store.MembersWithHash(prefix);
            what = $"run {prefix}";
            if (members.Count == 0)
            {
                problems.Error(path, $"expected the hash of a run in {store.Path}, found no run whose hash starts with {prefix}");
                return null;
            }

            if (members.Count > 1)
            {
                problems.Error(path, $"{prefix} starts the hashes of {members.Count} runs in {store.Path} ({Hashes(members)}); give more digits");
                return null;
            }
        }
        else
        {
            problems.Error(path, $"expected a point number (as colossim sweep's table shows it) or a run's hash ({MinHashDigits} to 32 hex digits), found '{name}'");
            return null;
        }

        var member = members[0];
        var label = $"point {member.Point.ToString(CultureInfo.InvariantCulture)}{(member.Replica > 0 ? $" seed {member.Replica.ToString(CultureInfo.InvariantCulture)}" : "")} ({member.Overrides.Replace('\n', ' ')})";
        var result = store.Results([member.Hash]).GetValueOrDefault(member.Hash);
        if (result is null)
        {
            problems.Error(path, $"{what} ({member.Hash}) has not run yet in {store.Path}: run the sweep again to finish it");
            return null;
        }

        if (result.Summary is not { } summary)
        {
            problems.Error(path, $"{what} ({member.Hash}) failed, so it has no summary to compare: {result.Error}");
            return null;
        }

        return (label, summary, $"run {member.Hash} in {store.Path}");
    }

    private static string Hashes(IReadOnlyList<SweepMember> members) =>
        string.Join(", ", members.Take(4).Select(m => m.Hash[..12])) + (members.Count > 4 ? ", …" : "");
}
