using System.Runtime.CompilerServices;
namespace Colossim.Serving;

/// <summary>
/// What one replica's iterations add up to: busy time, the KV blocks in use integrated over it, the peak, board
/// energy, the count, and the first iterations kept for a timeline. Shared by colocated replicas, both disaggregated
/// pools and <see cref="DecodeRun"/>, so that an iteration is counted the same way whichever path ran it.
/// </summary>
/// <param name="gpus">GPUs of the replica, at least 1 (energy is per GPU times this).</param>
internal sealed class IterationAccounts(int gpus)
{
    private int _logCapacity;

    /// <summary>Nanoseconds spent running iterations.</summary>
    public long BusyNanoseconds { get; private set; }

    /// <summary>KV blocks in use times nanoseconds, summed over iterations.</summary>
    public double KvBlockNanoseconds { get; private set; }

    /// <summary>The most KV blocks in use at the start of an iteration.</summary>
    public long PeakBlocks { get; private set; }

    /// <summary>Board energy of the iterations (joules, every GPU of the replica).</summary>
    public double Joules { get; private set; }

    /// <summary>Iterations counted.</summary>
    public long Iterations { get; private set; }

    /// <summary>The iterations recorded for a timeline (start, duration, prompt tokens, decodes); <see langword="null"/> unless <see cref="StartLog"/> was called.</summary>
    public List<(long Start, long Duration, int Prompt, int Decodes)>? Log { get; private set; }

    /// <summary>Records the first <paramref name="capacity"/> iterations in <see cref="Log"/>.</summary>
    public void StartLog(int capacity)
    {
        _logCapacity = capacity;
        Log = new List<(long, long, int, int)>(Math.Min(capacity, 4096));
    }

    /// <summary>Counts one iteration starting at <paramref name="start"/> for <paramref name="nanoseconds"/> with <paramref name="used"/> KV blocks in use, at <paramref name="watts"/> per GPU.</summary>
    /// <remarks>Optimized from its first call: it runs once per iteration (millions in a replay).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(long start, long nanoseconds, long used, double watts, int prompt, int decodes)
    {
        PeakBlocks = Math.Max(PeakBlocks, used);
        KvBlockNanoseconds += (double)used * nanoseconds;
        BusyNanoseconds += nanoseconds;
        Joules += ServingEnergy.StepEnergy(watts, new Units.Duration(nanoseconds), gpus).Joules;
        Iterations++;
        if (Log is { } log && log.Count < _logCapacity)
        {
            log.Add((start, nanoseconds, prompt, decodes));
        }
    }
}
