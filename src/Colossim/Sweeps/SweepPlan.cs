using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Scenarios;

namespace Colossim.Sweeps;

/// <summary>One point of a sweep: the values it gives each varied key, in the order of the plan's axes.</summary>
/// <param name="Index">The point's position in the sweep, from 0.</param>
/// <param name="Values">The value of each varied key, in the order of <see cref="SweepPlan.Axes"/>.</param>
public sealed record SweepPoint(int Index, IReadOnlyList<string> Values);

/// <summary>
/// One run of a point: a point runs once, or once per seed for a Monte Carlo sweep (<c>--seeds N</c>). Its
/// <see cref="Hash"/> is the content hash of the scenario after the point's overrides, the code version and the
/// replica, so that a finished run is never run again, by this sweep or any other.
/// </summary>
/// <param name="Point">The point's index.</param>
/// <param name="Replica">Which of the point's seeds, from 0 (the scenario's own seed plus <paramref name="Replica"/>).</param>
/// <param name="Hash">The run's content hash: 32 lowercase hex digits.</param>
public sealed record SweepRun(int Point, int Replica, string Hash);

/// <summary>
/// A checked sweep, ready to run: the base scenario document, the varied keys, every point and run with its content
/// hash, and the objective. Made by <see cref="SweepRequest.Plan"/>, which has already checked every varied value
/// against the scenario's rules; a point can still fail when its values only clash in combination (a layout that does
/// not divide the GPUs), and is then recorded as failed with the loader's messages.
/// </summary>
public sealed class SweepPlan
{
    internal SweepPlan(string scenarioPath, string scenarioName, DocNode document, ColossimCatalog catalog, IReadOnlyList<SweepAxis> axes, IReadOnlyList<SweepPoint> points, IReadOnlyList<SweepRun> runs, int seeds, string? objective, bool maximize, string id, string codeVersion)
    {
        ScenarioPath = scenarioPath;
        ScenarioName = scenarioName;
        Document = document;
        Catalog = catalog;
        Axes = axes;
        Points = points;
        Runs = runs;
        Seeds = seeds;
        Objective = objective;
        Maximize = maximize;
        Id = id;
        CodeVersion = codeVersion;
    }

    /// <summary>The scenario file, as given.</summary>
    public string ScenarioPath { get; }

    /// <summary>The scenario's name.</summary>
    public string ScenarioName { get; }

    /// <summary>The scenario document before overrides.</summary>
    public DocNode Document { get; }

    /// <summary>The catalog names resolve in.</summary>
    public ColossimCatalog Catalog { get; }

    /// <summary>The varied keys and their values.</summary>
    public IReadOnlyList<SweepAxis> Axes { get; }

    /// <summary>Every point, in order.</summary>
    public IReadOnlyList<SweepPoint> Points { get; }

    /// <summary>Every run: each point's seeds in turn (<see cref="Seeds"/> runs per point).</summary>
    public IReadOnlyList<SweepRun> Runs { get; }

    /// <summary>Runs per point, 1 or more: each with the scenario's seed plus its replica number.</summary>
    public int Seeds { get; }

    /// <summary>The objective: a path into <c>summary.json</c> (<c>build.total.tco_usd</c>), or <see langword="null"/>.</summary>
    public string? Objective { get; }

    /// <summary>Whether a larger objective is better (otherwise smaller is).</summary>
    public bool Maximize { get; }

    /// <summary>The sweep's identity: a hash of its runs and objective (32 hex digits).</summary>
    public string Id { get; }

    /// <summary>The code version every run's hash includes.</summary>
    public string CodeVersion { get; }

    /// <summary>The scenario of <paramref name="point"/>: the document with its overrides, loaded and checked.</summary>
    public ScenarioLoadResult Load(SweepPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        var problems = new Problems(ScenarioPath);
        var root = Apply(point, problems);
        return ScenarioLoader.Load(root, Catalog, Path.GetDirectoryName(ScenarioPath) ?? "", problems, ScenarioPath);
    }

    /// <summary>The document of <paramref name="point"/>, or <see langword="null"/> with a problem when an override does not apply.</summary>
    internal DocNode? Apply(SweepPoint point, Problems problems)
    {
        var root = Document;
        for (var i = 0; i < Axes.Count; i++)
        {
            if (ScenarioOverrides.Apply(root, Axes[i].Key, point.Values[i], out var error) is not { } next)
            {
                problems.Error(Axes[i].Key, error);
                return null;
            }

            root = next;
        }

        return root;
    }
}
