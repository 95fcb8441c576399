using Colossim.Units;

namespace Colossim.Facility;

/// <summary>One site's power study: its plan, the timeline's inputs and the timeline.</summary>
public sealed record SitePowerRun
{
    /// <summary>The site's name.</summary>
    public required string Site { get; init; }

    /// <summary>The site's grid connection; <see langword="null"/> when not limited.</summary>
    public Watts? Grid { get; init; }

    /// <summary>Its cluster plan.</summary>
    public required ClusterPlan Plan { get; init; }

    /// <summary>The loads, battery and assumptions the timeline ran with.</summary>
    public required PowerScenario Scenario { get; init; }

    /// <summary>The timeline.</summary>
    public required PowerTimelineResult Timeline { get; init; }

    /// <summary>Whether the timeline's grid draw goes above <see cref="Grid"/> at some sample (false when not limited).</summary>
    public bool GridExceeded => Grid is { } g && Timeline.PeakGrid > g;
}

/// <summary>What <c>colossim power</c> computes: each chosen site's timeline over the same length, step and battery policy.</summary>
public sealed record PowerStudy
{
    /// <summary>The scenario's name.</summary>
    public required string Scenario { get; init; }

    /// <summary>How long each timeline runs.</summary>
    public required Duration Length { get; init; }

    /// <summary>Time between samples.</summary>
    public required Duration Step { get; init; }

    /// <summary>How the batteries are dispatched.</summary>
    public required BatteryPolicy Policy { get; init; }

    /// <summary>The sites, in the scenario's order.</summary>
    public required IReadOnlyList<SitePowerRun> Sites { get; init; }
}
