using Colossim.Catalog;
using Colossim.Documents;

using static Colossim.Reports.Figures;

namespace Colossim.Scenarios;

/// <summary>
/// What <c>colossim check</c> reports: the loader's problems and, for a scenario that loads, the rules that need each
/// site's plan and the tenants' shares (<see cref="Shares"/>) — the plan's own problems (a system assumed, a generic server) and the grid check
/// (<see cref="SiteBuild.CheckGrid"/>). <see cref="ScenarioRunner"/> applies the same rules in its build stage, so
/// <c>check</c> and <c>run</c> print the same warnings, as <c>plan</c> and <c>power</c> do for a site.
/// </summary>
public static class ScenarioChecks
{
    /// <summary>Loads and checks the scenario file at <paramref name="path"/> without running it.</summary>
    public static ScenarioLoadResult CheckFile(string path, ColossimCatalog? catalog = null)
    {
        var loaded = ScenarioLoader.LoadFile(path, catalog);
        return loaded.Scenario is { } scenario ? Check(scenario, loaded) : loaded;
    }

    /// <summary>
    /// The tenants' shares against what their workloads fix (training GPUs, serving GPUs where given), all running at
    /// once as the report and the power day assume. A tenant above its guaranteed share borrows the other tenants' idle
    /// share, as Kubernetes Kueue's cohorts do: a warning that says how much. When the other tenants' own workloads
    /// leave too little idle share to borrow, the workloads cannot run together: an error. Shares are of the whole
    /// platform (every site's GPUs).
    /// </summary>
    public static void Shares(Scenario scenario, Problems problems)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(problems);
        var platform = scenario.TotalGpus;
        var used = scenario.Tenants.Select(t => Fixed(scenario, t.Name)).ToList();
        var entitled = scenario.Tenants.Select(t => Math.Floor((t.Share * platform) + 1e-6)).ToList();

        // What a tenant above its share can borrow: the others' unused shares (its own is used up) and the capacity no
        // tenant is guaranteed (shares adding up to less than 1).
        var idle = used.Select((u, k) => Math.Max(0, entitled[k] - u)).Sum() + Math.Max(0, platform - entitled.Sum());
        for (var i = 0; i < scenario.Tenants.Count; i++)
        {
            if (used[i] <= entitled[i])
            {
                continue;
            }

            var tenant = scenario.Tenants[i];
            var borrow = used[i] - entitled[i];
            var message = $"{tenant.Name}'s workloads fix {Whole(used[i])} GPUs at once, above its share ({Number(tenant.Share)} of {Whole(platform)} GPUs is {Whole(entitled[i])})";
            if (borrow <= idle)
            {
                problems.Warning($"tenants[{i}].share", $"{message}: it borrows {Whole(borrow)} GPUs of the other tenants' idle share");
            }
            else
            {
                problems.Error($"tenants[{i}].share", $"{message}, and the other tenants leave only {Whole(idle)} idle GPUs to borrow; raise its share or shrink the workloads");
            }
        }
    }

    // GPUs a tenant's workloads fix: every training job's, and every serving deployment's that gives a count.
    private static double Fixed(Scenario scenario, string tenant) =>
        scenario.Workloads.Training.Where(w => w.Tenant == tenant).Sum(w => (double)w.Gpus)
        + scenario.Workloads.Serving.Where(w => w.Tenant == tenant && w.Gpus is not null).Sum(w => (double)w.Gpus!.Value);

    /// <summary>Adds the site rules to a loaded scenario's problems; the scenario is dropped when one is an error.</summary>
    public static ScenarioLoadResult Check(Scenario scenario, ScenarioLoadResult loaded)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(loaded);
        var problems = new Problems(scenario.SourcePath);
        Shares(scenario, problems);
        foreach (var site in scenario.Sites)
        {
            SiteBuild.PlanChecked(scenario, site, problems);
        }

        return loaded with { Problems = [.. loaded.Problems, .. problems], Scenario = problems.HasErrors ? null : scenario };
    }
}
