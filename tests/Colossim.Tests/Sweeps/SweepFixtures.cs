using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Sweeps;
using Colossim.Tests.Scenarios;

namespace Colossim.Tests.Sweeps;

/// <summary>Scenarios and plans the sweep tests share.</summary>
internal static class SweepFixtures
{
    /// <summary>One site and no workloads: each run is a plan of the site (milliseconds).</summary>
    public static string PlanSized => Path.Combine(AppContext.BaseDirectory, "TestData", "Sweeps", "plan-sized.yaml");

    /// <summary>A small site with one training workload (tp 1, pp 1, dp 8 on 8 GPUs).</summary>
    public static string Training => Path.Combine(AppContext.BaseDirectory, "TestData", "Sweeps", "training.yaml");

    /// <summary>The plan of <paramref name="request"/>, which must be valid.</summary>
    public static SweepPlan Plan(SweepRequest request)
    {
        var problems = new Problems();
        var plan = request.Plan(ColossimCatalog.BuiltIn, problems);
        Assert.True(plan is not null, string.Join("\n", problems.Select(p => p.ToString())));
        return plan!;
    }

    /// <summary>The problems of <paramref name="request"/>, which must be invalid.</summary>
    public static string[] Errors(SweepRequest request)
    {
        var problems = new Problems();
        Assert.Null(request.Plan(ColossimCatalog.BuiltIn, problems));
        return [.. problems.Where(p => p.Severity == Severity.Error).Select(p => p.ToString())];
    }

    /// <summary>The repository's scenario file <paramref name="name"/>.</summary>
    public static string Scenario(string name) => ScenarioFiles.Scenario(name);
}
