using Colossim.Catalog;
using Colossim.Sweeps;
using Orleans.Concurrency;

namespace Colossim.Grid;

/// <summary>
/// Makes one run of a sweep on a silo. Keyed by the run's hash, and a stateless worker: each call is activated on the
/// silo that receives it, so a coordinator spreads runs over the cluster's gateways, and the silo's
/// <see cref="GridWorkerSlots"/> bound how many run at once. Idempotent: the same order always makes the same run.
/// </summary>
public interface ISweepRunGrain : IGrainWithStringKey
{
    /// <summary>Makes the run <paramref name="order"/> describes and gives its result, or why this silo would make another run.</summary>
    Task<GridRunReply> Run(GridRunOrder order);
}

/// <summary>A run of a sweep as it travels to a silo: <see cref="SweepRunOrder"/>'s fields.</summary>
/// <param name="ScenarioPath">The scenario file's absolute path on the coordinator.</param>
/// <param name="ScenarioText">The scenario document's text.</param>
/// <param name="Keys">The varied keys.</param>
/// <param name="Values">This point's value of each key.</param>
/// <param name="Replica">Which of the point's seeds, 0 or more.</param>
/// <param name="Hash">The run's content hash (32 hex digits).</param>
[GenerateSerializer, Immutable]
public sealed record GridRunOrder(
    [property: Id(0)] string ScenarioPath,
    [property: Id(1)] string ScenarioText,
    [property: Id(2)] string[] Keys,
    [property: Id(3)] string[] Values,
    [property: Id(4)] int Replica,
    [property: Id(5)] string Hash)
{
    /// <summary>The order for a library <see cref="SweepRunOrder"/>.</summary>
    public static GridRunOrder From(SweepRunOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return new GridRunOrder(order.ScenarioPath, order.ScenarioText, [.. order.Keys], [.. order.Values], order.Replica, order.Hash);
    }

    /// <summary>The library's <see cref="SweepRunOrder"/> for this order.</summary>
    public SweepRunOrder ToOrder() => new() { ScenarioPath = ScenarioPath, ScenarioText = ScenarioText, Keys = Keys, Values = Values, Replica = Replica, Hash = Hash };
}

/// <summary>What a silo gives back for a run.</summary>
/// <param name="Hash">The run's hash.</param>
/// <param name="Done">Whether the run finished (otherwise it failed, with <paramref name="Error"/>), when there is no <paramref name="Mismatch"/>.</param>
/// <param name="Summary">The run's <c>summary.json</c> text when done.</param>
/// <param name="Error">Why the run failed.</param>
/// <param name="ElapsedSeconds">The run's wall time on the silo, in seconds.</param>
/// <param name="Worker">The silo that made it (its address).</param>
/// <param name="Mismatch">Set when the silo would make another run than the one planned (another code version): nothing was run.</param>
[GenerateSerializer, Immutable]
public sealed record GridRunReply(
    [property: Id(0)] string Hash,
    [property: Id(1)] bool Done,
    [property: Id(2)] string? Summary,
    [property: Id(3)] string? Error,
    [property: Id(4)] double ElapsedSeconds,
    [property: Id(5)] string Worker,
    [property: Id(6)] string? Mismatch)
{
    /// <summary>The library's result, or <see langword="null"/> when there is a <see cref="Mismatch"/>.</summary>
    public SweepRunResult? ToResult() => Mismatch is null ? new SweepRunResult(Hash, Done ? SweepRunStatus.Done : SweepRunStatus.Failed, Summary, Error, ElapsedSeconds) : null;
}

/// <summary>
/// How many runs a silo makes at once (<c>colossim worker --jobs N</c>) and the catalog its runs resolve names in:
/// one per silo, shared by its grain activations.
/// </summary>
public sealed class GridWorkerSlots : IDisposable
{
    private readonly SemaphoreSlim _slots;

    /// <summary>A silo's slots: <paramref name="jobs"/> runs at once (1 or more), names resolved in <paramref name="catalog"/>.</summary>
    public GridWorkerSlots(int jobs, ColossimCatalog catalog)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(jobs, 1);
        ArgumentNullException.ThrowIfNull(catalog);
        Jobs = jobs;
        Catalog = catalog;
        _slots = new SemaphoreSlim(jobs, jobs);
    }

    /// <summary>Runs at once, 1 or more.</summary>
    public int Jobs { get; }

    /// <summary>The catalog the runs' names resolve in.</summary>
    public ColossimCatalog Catalog { get; }

    /// <summary>Runs <paramref name="work"/> on the thread pool when a slot is free, off Orleans' scheduler.</summary>
    public async Task<T> RunAsync<T>(Func<T> work, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(work);
        await _slots.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            return await Task.Run(work, cancel).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _slots.Dispose();
}

/// <summary>The grain behind <see cref="ISweepRunGrain"/>.</summary>
[StatelessWorker]
internal sealed class SweepRunGrain(GridWorkerSlots slots, ILocalSiloDetails silo) : Grain, ISweepRunGrain
{
    public async Task<GridRunReply> Run(GridRunOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var worker = silo.SiloAddress.ToString();
        var (result, mismatch) = await slots.RunAsync(() =>
        {
            var made = order.ToOrder().Run(slots.Catalog, out var why);
            return (made, why);
        }, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext);
        return result is null
            ? new GridRunReply(order.Hash, false, null, null, 0, worker, mismatch ?? "the run was not made")
            : new GridRunReply(result.Hash, result.Status == SweepRunStatus.Done, result.Summary, result.Error, result.ElapsedSeconds, worker, null);
    }
}
