namespace Colossim.Grid;

/// <summary>
/// Tells a coordinator that the cluster lost a gateway (a silo died or left). A client's call to a stateless worker does
/// not know which silo it landed on, and Orleans does not fail such a call when its silo dies: it waits for the response
/// timeout. So on a loss every call in flight is sent again (runs are idempotent and the store keeps the first result);
/// the calls still alive on the other silos are abandoned, at the price of redoing at most the runs in flight.
/// </summary>
public sealed class GridLossSignal : IDisposable
{
    private readonly Lock _lock = new();
    private CancellationTokenSource _current = new();

    /// <summary>A token cancelled at the next loss.</summary>
    public CancellationToken Current
    {
        get
        {
            lock (_lock)
            {
                return _current.Token;
            }
        }
    }

    /// <summary>Losses signalled so far.</summary>
    public int Losses { get; private set; }

    /// <summary>Signals a loss: every call waiting on <see cref="Current"/> is sent again.</summary>
    public void Signal()
    {
        CancellationTokenSource lost;
        lock (_lock)
        {
            lost = _current;
            _current = new CancellationTokenSource();
            Losses++;
        }

        lost.Cancel();
        lost.Dispose();
    }

    /// <summary>Orleans' handler for the client: signals a loss when fewer gateways are connected than before.</summary>
    public void OnGatewayCountChanged(object? sender, GatewayCountChangedEventArgs e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.NumberOfConnectedGateways < e.PreviousNumberOfConnectedGateways)
        {
            Signal();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            _current.Dispose();
        }
    }
}
