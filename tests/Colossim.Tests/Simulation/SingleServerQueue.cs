using Colossim.Simulation;
using Colossim.Units;

namespace Colossim.Tests.Simulation;

/// <summary>
/// A single-server FIFO queue built on the engine, for analytic cross-checks: Poisson arrivals at rate lambda and
/// service times that are exponential (M/M/1) or fixed (M/D/1) with rate mu. Times are in nanoseconds; rates are per
/// second. Records each customer's wait in queue and the time-integral of the queue length, after a warm-up.
/// </summary>
internal sealed class SingleServerQueue : IEventHandler
{
    private const int Arrival = 0;
    private const int Departure = 1;

    private readonly Queue<long> _waiting = new();
    private readonly RandomStream _arrivals;
    private readonly RandomStream _service;
    private readonly double _lambda;
    private readonly double _mu;
    private readonly bool _deterministicService;
    private readonly long _warmupCustomers;
    private readonly long _customers;
    private long _arrived;
    private bool _busy;
    private long _measureStart = -1;
    private long _lastChange;
    private double _queueLengthIntegral;
    private double _waitSum;
    private long _waitCount;
    private HandlerId _id;

    public SingleServerQueue(RandomStreams streams, double lambda, double mu, bool deterministicService, long warmupCustomers, long customers)
    {
        _arrivals = streams.Get("arrivals");
        _service = streams.Get("service");
        (_lambda, _mu, _deterministicService, _warmupCustomers, _customers) = (lambda, mu, deterministicService, warmupCustomers, customers);
    }

    /// <summary>Mean wait in queue (excluding service) of the measured customers, in seconds.</summary>
    public double MeanWaitSeconds => _waitSum / _waitCount / 1e9;

    /// <summary>Time-average number waiting (excluding the one in service) over the measured period.</summary>
    public double MeanQueueLength { get; private set; }

    public long MeasuredCustomers => _waitCount;

    public void Start(Simulator simulator)
    {
        _id = simulator.Register(this);
        simulator.Schedule(InterArrival(), _id, Arrival);
    }

    public void Handle(Simulator simulator, in SimEvent e)
    {
        var now = e.Time.Nanoseconds;
        if (_measureStart >= 0)
        {
            _queueLengthIntegral += _waiting.Count * (double)(now - _lastChange);
        }

        _lastChange = now;
        if (e.Kind == Arrival)
        {
            _arrived++;
            if (_arrived == _warmupCustomers + 1)
            {
                _measureStart = now;
            }

            if (_arrived < _warmupCustomers + _customers)
            {
                simulator.Schedule(InterArrival(), _id, Arrival);
            }

            if (_busy)
            {
                _waiting.Enqueue(now);
            }
            else
            {
                StartService(simulator, now, now);
            }
        }
        else if (_waiting.Count > 0)
        {
            StartService(simulator, _waiting.Dequeue(), now);
        }
        else
        {
            _busy = false;
            if (_arrived >= _warmupCustomers + _customers)
            {
                MeanQueueLength = _queueLengthIntegral / (now - _measureStart);
                simulator.Stop();
            }
        }
    }

    private void StartService(Simulator simulator, long arrivedAt, long now)
    {
        _busy = true;
        if (_measureStart >= 0 && arrivedAt >= _measureStart)
        {
            _waitSum += now - arrivedAt;
            _waitCount++;
        }

        var service = _deterministicService ? Duration.FromSeconds(1 / _mu) : Duration.FromSeconds(_service.Exponential(_mu));
        simulator.Schedule(service, _id, Departure);
    }

    private Duration InterArrival() => Duration.FromSeconds(_arrivals.Exponential(_lambda));
}
