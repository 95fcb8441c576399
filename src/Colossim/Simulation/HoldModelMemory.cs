using System.Globalization;

namespace Colossim.Simulation;

/// <summary>
/// Sizes a <see cref="HoldModel"/> run before it starts: how many pending events fit in a share of the memory available
/// to the process, counting the engine's queue (and the <see cref="PriorityQueue{TElement, TPriority}"/> peer's when
/// it runs beside it), so that a benchmark asked for more is refused instead of exhausting the machine.
/// </summary>
public static class HoldModelMemory
{
    /// <summary>The share of the available memory a benchmark may fill: 0.75 (3/4).</summary>
    public const double Share = 0.75;

    /// <summary>
    /// The bytes each pending event takes: <see cref="HoldModel.EngineBytesPerPendingEvent"/>, plus
    /// <see cref="HoldModel.BaselineBytesPerPendingEvent"/> when the peer runs too.
    /// </summary>
    public static int BytesPerPendingEvent(bool baseline) =>
        HoldModel.EngineBytesPerPendingEvent + (baseline ? HoldModel.BaselineBytesPerPendingEvent : 0);

    /// <summary>The most pending events that fit in <see cref="Share"/> of <paramref name="availableBytes"/> (0 or more bytes).</summary>
    public static long MaxPending(long availableBytes, bool baseline)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(availableBytes);
        return (long)(availableBytes * Share) / BytesPerPendingEvent(baseline);
    }

    /// <summary>
    /// Why <paramref name="pending"/> events do not fit in <see cref="Share"/> of <paramref name="availableBytes"/> (the
    /// GC's <c>TotalAvailableMemoryBytes</c>: physical memory or the container's limit), as a message saying what was
    /// expected and what was found; <see langword="null"/> when they fit.
    /// </summary>
    public static string? Refusal(long pending, bool baseline, long availableBytes)
    {
        var fits = MaxPending(availableBytes, baseline);
        if (pending <= fits)
        {
            return null;
        }

        var perEvent = BytesPerPendingEvent(baseline);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"expected at most {fits:N0} pending events (3/4 of the {availableBytes / 1e9:#,0.#} GB of memory available, at {perEvent} B per pending event{(baseline ? " for the engine and the baseline" : "")}), found {pending:N0}, which would need {(double)pending * perEvent / 1e9:#,0.#} GB");
    }
}
