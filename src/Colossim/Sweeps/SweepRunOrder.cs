using Colossim.Catalog;
using Colossim.Documents;

namespace Colossim.Sweeps;

/// <summary>
/// One run of a sweep, described so that another process (a worker of a cluster) can make it without the scenario's
/// file or the rest of the plan: the scenario's text, the varied keys with this point's values, the replica and the
/// run's content hash. <see cref="Run"/> rebuilds the run, checks that its hash is the one the coordinator planned
/// (the same scenario, the same code version) and runs it with <see cref="SweepRunner.Run(SweepPlan, SweepRun, CancellationToken)"/>.
/// </summary>
public sealed record SweepRunOrder
{
    /// <summary>The scenario file's absolute path on the coordinator: messages name it, and files the scenario names resolve beside it.</summary>
    public required string ScenarioPath { get; init; }

    /// <summary>The scenario document's text, before overrides.</summary>
    public required string ScenarioText { get; init; }

    /// <summary>The varied keys, in the order of the plan's axes.</summary>
    public required IReadOnlyList<string> Keys { get; init; }

    /// <summary>This point's value of each key, in the order of <see cref="Keys"/>.</summary>
    public required IReadOnlyList<string> Values { get; init; }

    /// <summary>Which of the point's seeds (0 or more): the scenario's seed plus this.</summary>
    public required int Replica { get; init; }

    /// <summary>The run's content hash as the coordinator planned it (32 hex digits).</summary>
    public required string Hash { get; init; }

    /// <summary>The order for <paramref name="run"/> of <paramref name="plan"/>, whose scenario's text is <paramref name="scenarioText"/>.</summary>
    public static SweepRunOrder For(SweepPlan plan, SweepRun run, string scenarioText)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(scenarioText);
        return new SweepRunOrder
        {
            ScenarioPath = Path.GetFullPath(plan.ScenarioPath),
            ScenarioText = scenarioText,
            Keys = [.. plan.Axes.Select(a => a.Key)],
            Values = plan.Points[run.Point].Values,
            Replica = run.Replica,
            Hash = run.Hash,
        };
    }

    /// <summary>
    /// Makes the run with the names of <paramref name="catalog"/>: its result (done, or failed with the loader's or the
    /// run's errors), or <see langword="null"/> with <paramref name="mismatch"/> saying why when this process would make
    /// another run than the one planned (another code version, a scenario text that does not read or has changed).
    /// </summary>
    public SweepRunResult? Run(ColossimCatalog catalog, out string? mismatch, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        mismatch = null;
        if (Keys.Count != Values.Count || Replica < 0)
        {
            mismatch = $"expected one value per key and a replica of 0 or more, found {Keys.Count} keys, {Values.Count} values and replica {Replica}";
            return null;
        }

        var problems = new Problems(ScenarioPath);
        if (DocReader.Parse(ScenarioText, problems) is not { } root)
        {
            mismatch = $"the scenario's text does not read here: {string.Join("; ", problems.Where(p => p.Severity == Severity.Error))}";
            return null;
        }

        var version = SweepRequest.CodeVersion();
        var axes = Keys.Select((k, i) => new SweepAxis(k, [Values[i]])).ToList();
        var point = new SweepPoint(0, Values);
        var run = new SweepRun(0, Replica, Hash);
        var plan = new SweepPlan(ScenarioPath, "", root, catalog, axes, [point], [run], Replica + 1, null, false, "", version);
        var applied = plan.Apply(point, new Problems(ScenarioPath));
        var hash = applied is null ? "" : SweepRequest.Hash($"{ScenarioOverrides.Canonical(applied)}\n{version}\n{Replica}");
        if (hash != Hash)
        {
            mismatch = $"this worker would make run {(hash.Length == 0 ? "(none: an override does not apply)" : hash)} where run {Hash} was planned: run the same Colossim version (this one is {version}) on the coordinator and every worker";
            return null;
        }

        return SweepRunner.Run(plan, run, cancel);
    }
}
