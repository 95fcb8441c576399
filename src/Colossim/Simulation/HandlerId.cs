namespace Colossim.Simulation;

/// <summary>
/// Identifies an <see cref="IEventHandler"/> registered with one <see cref="Simulator"/>; events carry it instead of
/// a delegate, so scheduling allocates nothing. The default value identifies no handler.
/// </summary>
public readonly record struct HandlerId
{
    internal HandlerId(int index) => Value = index + 1;

    /// <summary>One more than the handler's index in its simulator's table; 0 for the default (no handler).</summary>
    public int Value { get; }

    /// <summary>Whether this is the default value, which identifies no handler.</summary>
    public bool IsNone => Value == 0;

    internal int Index => Value - 1;
}
