using Colossim.Facility;

namespace Colossim.Scenarios;

/// <summary>How a run is done beyond what the scenario says.</summary>
public sealed record ScenarioRunOptions
{
    /// <summary>Runs with the scenario's own settings.</summary>
    public static ScenarioRunOptions Default { get; } = new();

    /// <summary>A seed in [0, 2^53] to use instead of the scenario's; <see langword="null"/> keeps the scenario's.</summary>
    public long? Seed { get; init; }

    /// <summary>
    /// Whether each simulated serving workload is also simulated at a few loads around its own
    /// (<see cref="ScenarioServingLoad"/>: six short sampled runs) for the report folder's throughput-versus-load charts;
    /// off by default (the terminal report and <c>summary.json</c> do not show it).
    /// </summary>
    public bool ServingLoadLadder { get; init; }

    /// <summary>
    /// Arrays the sites' power days are simulated in (<see cref="PowerTimeline.Simulate(PowerScenario, Documents.Problems, PowerTimelineBuffers?)"/>),
    /// reused from run to run by a worker that runs many (a sweep); <see langword="null"/> (the default) gives each run
    /// arrays of its own. With buffers, the report's power timelines are readable only until the owner releases them.
    /// </summary>
    public PowerTimelineBuffers? PowerBuffers { get; init; }
}

/// <summary>
/// Where a run stands, reported through <see cref="IProgress{T}"/>: the stage (one of
/// <see cref="ScenarioRunner.Stages"/>), its position and how far the stage is (0 to 1).
/// </summary>
/// <param name="Stage">The stage's name: <c>training</c>, <c>serving</c>, <c>sharing</c> or <c>build and power</c>.</param>
/// <param name="StageIndex">The stage's position, from 0.</param>
/// <param name="StageCount">How many stages the run has.</param>
/// <param name="StageFraction">How much of the stage is done, in [0, 1].</param>
/// <param name="Detail">What the stage is doing (a site's name, say), or <see langword="null"/>.</param>
public sealed record RunProgress(string Stage, int StageIndex, int StageCount, double StageFraction, string? Detail = null)
{
    /// <summary>How much of the whole run is done, in [0, 1], counting stages as equal parts.</summary>
    public double Fraction => (StageIndex + StageFraction) / StageCount;
}
