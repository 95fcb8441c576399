namespace Colossim.Facility;

/// <summary>
/// Sample arrays that power timelines reuse from one run to the next, so a worker that runs many scenarios one after
/// another (a sweep) does not allocate a day's four 86,400-sample series for every run: each series is a large object,
/// and fresh ones cost the process page faults and garbage collections that stall every worker at once.
/// <para>
/// One owner at a time (not thread-safe): the owner passes the buffers to <see cref="PowerTimeline.Simulate(PowerScenario, Colossim.Documents.Problems, PowerTimelineBuffers?)"/>
/// as often as it likes (each timeline gets arrays of its own), reads what it needs from the timelines, then calls
/// <see cref="Release"/>, after which those timelines can no longer be read (their series and figures throw
/// <see cref="InvalidOperationException"/>) and their arrays serve the next timelines. Timelines simulated without
/// buffers own their arrays, so two simulations in one process never share a series unless they share an owner.
/// </para>
/// </summary>
public sealed class PowerTimelineBuffers
{
    // Arrays [0, _used) are held by live timelines; the rest are free. Lengths vary only when the step or length does.
    private const int MaxFree = 16;
    private readonly List<double[]> _arrays = [];
    private int _used;

    /// <summary>Arrays held, in use or free (0 or more): what the buffers keep alive between runs.</summary>
    public int Count => _arrays.Count;

    /// <summary>Arrays held by timelines not yet released (0 to <see cref="Count"/>).</summary>
    public int InUse => _used;

    /// <summary>How many times the buffers have been released (0 or more); a timeline made before the last release is stale.</summary>
    public long Generation { get; private set; }

    /// <summary>
    /// Makes every array free again: every timeline simulated with these buffers so far becomes unreadable. Call it once
    /// the run's results (its summary, its report) have been taken.
    /// </summary>
    public void Release()
    {
        _used = 0;
        Generation++;
    }

    // A free array of exactly `length` samples (its contents are stale: the caller writes every element), else a new one.
    internal double[] Take(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        for (var i = _used; i < _arrays.Count; i++)
        {
            if (_arrays[i].Length == length)
            {
                (_arrays[i], _arrays[_used]) = (_arrays[_used], _arrays[i]);
                return _arrays[_used++];
            }
        }

        if (_arrays.Count - _used >= MaxFree)
        {
            _arrays.RemoveAt(_arrays.Count - 1); // lengths changed: let the oldest free array go rather than grow without end
        }

        var fresh = new double[length];
        _arrays.Insert(_used++, fresh);
        return fresh;
    }
}
