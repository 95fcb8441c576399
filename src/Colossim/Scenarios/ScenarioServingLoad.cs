using Colossim.Reports;
using Colossim.Serving;

namespace Colossim.Scenarios;

/// <summary>
/// A serving workload's load ladder: the same deployment (replicas, tensor and pipeline parallelism, engine) simulated
/// at a few offered loads around the workload's own (<see cref="Fractions"/>), for the report's throughput-versus-load
/// and latency-versus-load charts. Each point replays the workload's own requests with their arrival times divided by
/// the fraction (a Poisson stream at rate r becomes one at rate f·r; a trace keeps its shape), so the points differ
/// only in load, and no new random draws are made. To stay cheap, each point simulates a round-robin sample of the
/// replicas (<see cref="ServingSetup.SampledReplicas"/>, as <c>colossim serve --sample-replicas</c>: evenly spaced
/// replicas, over whole rounds of the round-robin router) sized to hold about <see cref="RequestsPerPoint"/> requests,
/// and scales the fleet's totals up; a fleet with fewer requests than replicas is simulated whole.
/// </summary>
public static class ScenarioServingLoad
{
    /// <summary>The offered loads simulated, as fractions of the workload's own rate: 20 % to 120 % in steps of 20 %.</summary>
    public static IReadOnlyList<double> Fractions { get; } = [0.2, 0.4, 0.6, 0.8, 1.0, 1.2];

    /// <summary>About this many requests are simulated at the workload's own load (fewer below it, as many at every point's fraction of it); all of them when the workload has fewer.</summary>
    public const int RequestsPerPoint = 1000;

    /// <summary>
    /// The load ladder of <paramref name="simulation"/> (a workload's run at its own load): one point per
    /// <see cref="Fractions"/> entry, in that order; empty when the run was not open-loop round-robin traffic (a
    /// closed loop or an offline batch has no offered rate to scale) or had no requests.
    /// </summary>
    /// <param name="simulation">The workload's run at its own load.</param>
    /// <param name="cancel">Stops between and inside the points' simulations.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> was cancelled.</exception>
    public static IReadOnlyList<ServingLoadPoint> Ladder(ServingSimulationReport simulation, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        var setup = simulation.Result.Setup;
        if (setup.Mode != LoadMode.Open || setup.Router != RouterKind.RoundRobin || setup.Requests.Count < 2)
        {
            return [];
        }

        // The requests already held are those of the first `held` replicas (all of them unless the run was sampled);
        // within that list, round-robin over `held` still gives each replica its own requests.
        var held = Math.Min(setup.SampledReplicas ?? setup.Replicas, setup.Replicas);
        var rounds = setup.Requests.Count / held;
        var wanted = rounds < 1 ? held : (int)Math.Clamp(Math.Ceiling((double)held * RequestsPerPoint / setup.Requests.Count), 1, held);

        // The sample is every stride-th replica (evenly spaced, so its requests spread over each round of the router
        // instead of coming first in it) over whole rounds only (every replica one request a round): it then holds
        // exactly its share of the requests over the same span of time as the fleet's, and the fleet's totals scale up
        // without bias. Round-robin over the sample then gives each sampled replica its own requests.
        var stride = held / wanted;
        var sample = (held + stride - 1) / stride;
        TraceRequest[] share;
        if (sample < held)
        {
            share = new TraceRequest[rounds * sample];
            var n = 0;
            for (var i = 0; i < rounds * held; i++)
            {
                if (i % held % stride == 0)
                {
                    share[n++] = setup.Requests[i];
                }
            }
        }
        else
        {
            share = [.. setup.Requests];
        }

        var fleetRate = simulation.Result.Arrived / Math.Max(1e-9, simulation.SimulatedTime.TotalSeconds);
        var points = new List<ServingLoadPoint>(Fractions.Count);
        foreach (var fraction in Fractions)
        {
            cancel.ThrowIfCancellationRequested();
            var scaled = new TraceRequest[share.Length];
            for (var i = 0; i < share.Length; i++)
            {
                scaled[i] = share[i] with { ArrivalNanoseconds = (long)Math.Round(share[i].ArrivalNanoseconds / fraction) };
            }

            var point = setup with
            {
                Requests = scaled,
                SampledReplicas = sample < setup.Replicas ? sample : null,
                TimelineReplicas = 0,
            };
            var result = ServingSimulation.Run(point, null, cancel);
            points.Add(new ServingLoadPoint
            {
                Fraction = fraction,
                OfferedRequestsPerSecond = fraction * fleetRate,
                Result = result,
            });
        }

        return points;
    }
}
