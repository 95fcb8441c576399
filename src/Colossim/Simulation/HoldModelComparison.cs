namespace Colossim.Simulation;

/// <summary>
/// The outcome of <see cref="HoldModel.Compare(long, int, ulong, TimeSpan)"/>: the hold model on the engine and on
/// .NET's <see cref="PriorityQueue{TElement, TPriority}"/>, measured in the same run.
/// </summary>
public sealed record HoldModelComparison
{
    /// <summary>The engine's result.</summary>
    public required HoldModelResult Engine { get; init; }

    /// <summary>The <c>PriorityQueue&lt;int, long&gt;</c> peer's result (same workload, same event count).</summary>
    public required HoldModelResult Baseline { get; init; }

    /// <summary>The engine's events per second divided by the peer's; above 1 when the engine is faster.</summary>
    public required double Speedup { get; init; }
}
