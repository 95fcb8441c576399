using System.Globalization;
using Colossim.Documents;

namespace Colossim.Cluster.Traces;

/// <summary>
/// Reads a tenants file: YAML (or JSON) <c>tenants: [{name, share, borrowing_limit, lending_limit, weight}]</c>, the
/// partners sharing a cluster as Kueue cluster queues in one cohort. Every problem is collected with its path and line:
/// names unique and non-empty, shares in [0, 1] adding up to at most 1, limits in [0, 1] (a lending limit at most the
/// tenant's own share), weights above 0; unknown keys are warnings with a "did you mean".
/// </summary>
public static class TenantFile
{
    /// <summary>The largest tenants file read: 1 MiB.</summary>
    public const long MaxBytes = 1L << 20;

    /// <summary>The keys of one tenant's mapping.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["name", "share", "borrowing_limit", "lending_limit", "weight"];

    /// <summary>Reads the tenants file at <paramref name="path"/>; <see langword="null"/> when it has an error.</summary>
    public static IReadOnlyList<TenantSpec>? Read(string path, Problems problems)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(problems);
        var local = new Problems(path);
        var root = DocReader.ReadFile(path, local, new DocLimits { MaxBytes = MaxBytes });
        var tenants = root is null ? null : Bind(root, local);
        problems.AddRange(local);
        return local.HasErrors ? null : tenants;
    }

    /// <summary>Reads a tenants document held in <paramref name="text"/>; <see langword="null"/> when it has an error.</summary>
    public static IReadOnlyList<TenantSpec>? Parse(string text, Problems problems)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(problems);
        var before = problems.Count(p => p.Severity == Severity.Error);
        var root = DocReader.Parse(text, problems, new DocLimits { MaxBytes = MaxBytes });
        var tenants = root is null ? null : Bind(root, problems);
        return problems.Count(p => p.Severity == Severity.Error) > before ? null : tenants;
    }

    private static List<TenantSpec>? Bind(DocNode root, Problems problems)
    {
        if (MapReader.From(root, problems, "a mapping with a tenants list") is not { } r)
        {
            return null;
        }

        var listNode = r.Node("tenants", required: true);
        var items = r.List("tenants");
        r.Finish();
        if (listNode is DocSeq { Items.Count: 0 })
        {
            problems.Error(listNode.Path, "expected at least one tenant, found an empty list", listNode.Line);
            return null;
        }

        var tenants = new List<TenantSpec>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var total = 0.0;
        foreach (var node in items)
        {
            if (MapReader.From(node, problems, "a tenant mapping (name, share, borrowing_limit, lending_limit, weight)") is not { } t)
            {
                continue;
            }

            var name = t.Text("name", required: true);
            if (name is not null && string.IsNullOrWhiteSpace(name))
            {
                t.Error("name", "expected a name, found an empty text");
                name = null;
            }

            if (name is not null && !seen.TryAdd(name, node.Path))
            {
                t.Error("name", $"the name '{name}' is already used by {seen[name]}");
                name = null;
            }

            var share = t.Number("share", required: true, min: 0, max: 1, expected: "a share");
            var limits = ReadLimits(t, share);
            t.Finish();
            total += share ?? 0;
            if (name is not null && share is not null && limits is { } l)
            {
                tenants.Add(new TenantSpec { Name = name, Share = share.Value, BorrowingLimit = l.Borrowing, LendingLimit = l.Lending, Weight = l.Weight });
            }
        }

        if (total > 1 + 1e-9)
        {
            problems.Error(listNode!.Path, $"the shares add up to {total.ToString("0.###", CultureInfo.InvariantCulture)}; they must add up to at most 1", listNode.Line);
        }

        return tenants;
    }

    /// <summary>
    /// Reads a tenant's <c>borrowing_limit</c>, <c>lending_limit</c> and <c>weight</c> (shared by tenants files and
    /// scenarios); <see langword="null"/> when one is bad (the problem is recorded).
    /// </summary>
    internal static (double? Borrowing, double? Lending, double Weight)? ReadLimits(MapReader t, double? share)
    {
        var borrowing = t.Number("borrowing_limit", min: 0, max: 1, expected: "a share of the cluster");
        var lending = t.Number("lending_limit", min: 0, max: 1, expected: "a share of the cluster");
        var weight = t.Number("weight", min: 0, max: 1e6, expected: "a weight");
        var ok = t.ReadOrAbsent("borrowing_limit", borrowing) && t.ReadOrAbsent("lending_limit", lending) && t.ReadOrAbsent("weight", weight);
        if (weight == 0)
        {
            t.Error("weight", $"expected a weight above 0, found {t.Map["weight"]!.Describe()}");
            ok = false;
        }

        if (lending is { } l && share is { } s && l > s + 1e-12)
        {
            t.Error("lending_limit", $"expected at most the tenant's own share ({s.ToString("0.###", CultureInfo.InvariantCulture)}), found {t.Map["lending_limit"]!.Describe()}");
            ok = false;
        }

        return ok ? (borrowing, lending, weight ?? 1) : null;
    }
}
