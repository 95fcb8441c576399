using System.Globalization;
using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Performance;

namespace Colossim.Serving;

/// <summary>
/// One way to deploy a model on GPUs, as the deployment search tries it: the parallel layout of a replica, its
/// scheduler and how many replicas there are. Every field the search varies is here, so that a new dimension (expert
/// of the search is one field and one loop in <see cref="DeploymentSearch.Enumerate"/>.
/// </summary>
public sealed record Deployment
{
    /// <summary>Tensor-parallel degree of a replica, 1 to 1,024.</summary>
    public required int Tp { get; init; }

    /// <summary>Expert-parallel degree of a replica (its attention ranks, the experts sharded over them; 1 for a dense model), 1 to the model's experts.</summary>
    public int Ep { get; init; } = 1;

    /// <summary>Pipeline stages of a replica, 1 to the model's layers.</summary>
    public required int Pp { get; init; }

    /// <summary>Replicas, at least 1.</summary>
    public required int Replicas { get; init; }

    /// <summary>How each replica batches.</summary>
    public SchedulerKind Scheduler { get; init; } = SchedulerKind.Continuous;

    /// <summary>GPUs of a replica: tp × ep × pp.</summary>
    public int GpusPerReplica => Tp * Ep * Pp;

    /// <summary>GPUs in all: tp × ep × pp × replicas.</summary>
    public long Gpus => (long)GpusPerReplica * Replicas;

    /// <summary><paramref name="request"/> with this deployment's GPUs, tp, ep, pp and scheduler, everything else kept.</summary>
    public ServeRequest ApplyTo(ServeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request with { Gpus = Gpus, Tp = Tp, Ep = Ep, Pp = Pp, Scheduler = EnumNames.Of(Scheduler) };
    }
}

/// <summary>What a deployment search ranks deployments by.</summary>
public enum DeploymentObjective
{
    /// <summary>No SLO: the most output tokens per second for the given traffic (sustained over the arrival window), ties to the lower mean end-to-end latency.</summary>
    Throughput,

    /// <summary>SLOs and no rate: the highest Poisson rate meeting every SLO (<see cref="ServingSearch.MaxRate"/>), ties to the lower mean end-to-end latency.</summary>
    MaxRate,

    /// <summary>SLOs and a rate: the lowest cost per hour (GPUs × the GPU-hour price) of a deployment whose run at that rate meets every SLO.</summary>
    Cheapest,
}

/// <summary>One deployment a search tried, or refused without simulating it.</summary>
public sealed record DeploymentCandidate
{
    /// <summary>The deployment (for <see cref="DeploymentObjective.Cheapest"/>, with the fewest replicas of its layout that met the SLOs, or all of them when none did).</summary>
    public required Deployment Deployment { get; init; }

    /// <summary>Why the deployment cannot run (the model does not fit, the heads do not divide); <see langword="null"/> when it ran.</summary>
    public string? Refused { get; init; }

    /// <summary>The run the deployment is ranked by (at its highest rate meeting the SLOs for <see cref="DeploymentObjective.MaxRate"/>); <see langword="null"/> when refused.</summary>
    public ServingResult? Run { get; init; }

    /// <summary>The highest Poisson rate meeting every SLO, requests per second (<see cref="DeploymentObjective.MaxRate"/> only; 0 otherwise).</summary>
    public double MaxRate { get; init; }

    /// <summary>Whether <see cref="Run"/> meets every SLO (<see cref="ServingSearch.Meets"/>); <see langword="false"/> when there is no SLO or no run.</summary>
    public bool MeetsSlo { get; init; }

    /// <summary>Simulations run for this deployment.</summary>
    public int Simulations { get; init; }

    /// <summary>Output tokens per second of <see cref="Run"/> over its makespan (<see cref="ServingResult.OutputTokensPerSecond"/>); 0 when refused.</summary>
    public double OutputTokensPerSecond => Run?.OutputTokensPerSecond ?? 0;

    /// <summary>Output tokens per second of <see cref="Run"/> sustained over its arrival window (<see cref="ServingResult.SustainedOutputTokensPerSecond"/>), what <see cref="DeploymentObjective.Throughput"/> ranks by; 0 when refused.</summary>
    public double SustainedOutputTokensPerSecond => Run?.SustainedOutputTokensPerSecond ?? 0;

    /// <summary>What the deployment's GPUs cost per hour, dollars: GPUs × the GPU-hour price of its run; 0 when refused.</summary>
    public double UsdPerHour => Run is { } r ? r.Setup.UsdPerGpuHour.Dollars * r.Gpus : 0;
}

/// <summary>The deployments a search tried, best first (refused ones last), and the chosen one.</summary>
public sealed record DeploymentSearchResult
{
    /// <summary>What the deployments were ranked by.</summary>
    public required DeploymentObjective Objective { get; init; }

    /// <summary>Every deployment tried or refused, best first, refused last, each group in enumeration order on ties.</summary>
    public required IReadOnlyList<DeploymentCandidate> Candidates { get; init; }

    /// <summary>The GPUs searched over (at most these for <see cref="DeploymentObjective.Cheapest"/>).</summary>
    public required long Gpus { get; init; }

    /// <summary>The target rate of <see cref="DeploymentObjective.Cheapest"/>, requests per second; <see langword="null"/> otherwise.</summary>
    public double? TargetRate { get; init; }

    /// <summary>
    /// The chosen deployment: the first candidate that ran (and, for <see cref="DeploymentObjective.Cheapest"/>, met
    /// the SLOs); <see langword="null"/> when none did.
    /// </summary>
    public DeploymentCandidate? Best => Candidates.Count > 0 && Candidates[0].Run is not null
        && (Objective != DeploymentObjective.Cheapest || Candidates[0].MeetsSlo) ? Candidates[0] : null;

    /// <summary>Deployments simulated (not refused).</summary>
    public int DeploymentsEvaluated => Candidates.Count(c => c.Refused is null);

    /// <summary>Simulations run by the whole search.</summary>
    public int Simulations => Candidates.Sum(c => c.Simulations);
}

/// <summary>
/// Deployment search for <c>colossim serve --search</c>: every deployment of the model on the given GPUs (tp dividing
/// the heads as the step model's <see cref="Sharding.Check"/> allows, pp, replicas = GPUs ÷ (tp × pp), each scheduler)
/// is resolved as <see cref="ServeRequest.Resolve"/> resolves one (so a deployment whose weights leave no room for the
/// KV cache is refused with its reason, not simulated) and ranked by its <see cref="DeploymentObjective"/>. The
/// deployments are simulated in parallel; each simulation is deterministic, so the result does not depend on the
/// number of cores.
/// </summary>
public static class DeploymentSearch
{
    /// <summary>The most pipeline stages a searched deployment has: 8 (a pipeline here runs stages one after another, so deeper ones only lengthen iterations).</summary>
    public const int MaxPipelineStages = 8;

    /// <summary>
    /// Every deployment of <paramref name="model"/> on exactly <paramref name="gpus"/> GPUs: tp, ep and pp whose
    /// product divides them (tp at most 1,024; ep 1, or for a mixture-of-experts model each divisor of its experts;
    /// pp at most <see cref="MaxPipelineStages"/> and the model's layers), replicas = GPUs ÷ (tp × ep × pp), and each
    /// scheduler; ordered by tp, then ep, then pp, then scheduler. Tp degrees the heads do not allow are included (the
    /// search refuses them with the reason).
    /// </summary>
    /// <param name="model">The model served.</param>
    /// <param name="gpus">GPUs in all, 1 to <see cref="ServeRequest.MaxGpus"/>.</param>
    public static IReadOnlyList<Deployment> Enumerate(ModelSpec model, long gpus)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(gpus, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(gpus, ServeRequest.MaxGpus);
        var result = new List<Deployment>();
        for (var tp = 1; tp <= Math.Min(1024, gpus); tp++)
        {
            if (gpus % tp != 0)
            {
                continue;
            }

            for (var ep = 1; ep <= (model.IsMixtureOfExperts ? model.Experts : 1) && (long)tp * ep <= gpus; ep++)
            {
                if (gpus % ((long)tp * ep) != 0 || (ep > 1 && model.Experts % ep != 0))
                {
                    continue;
                }

                for (var pp = 1; pp <= Math.Min(MaxPipelineStages, model.Layers) && (long)tp * ep * pp <= gpus; pp++)
                {
                    var perReplica = (long)tp * ep * pp;
                    if (gpus % perReplica != 0)
                    {
                        continue;
                    }

                    foreach (var scheduler in Enum.GetValues<SchedulerKind>())
                    {
                        result.Add(new Deployment { Tp = tp, Ep = ep, Pp = pp, Replicas = (int)(gpus / perReplica), Scheduler = scheduler });
                    }
                }
            }
        }

        return result;
    }

    /// <summary>
    /// Searches the deployments of <paramref name="request"/> (<see cref="ServeRequest.Search"/> set, no
    /// disaggregation; its tp, pp and scheduler are the search's to choose): without SLOs for the most output tokens
    /// per second, with SLOs and no rate for the highest rate meeting them, with SLOs and a rate for the cheapest
    /// deployment on at most its GPUs whose run at that rate meets them (the fewest replicas of each layout found by
    /// bisection, since more replicas never lengthen latency at a fixed rate). Returns <see langword="null"/> with the
    /// errors in <paramref name="problems"/> when an option is wrong, when every deployment is refused, or when no
    /// deployment carries the target rate within the SLOs.
    /// </summary>
    /// <param name="request">The options, as <c>colossim serve</c> gives them.</param>
    /// <param name="catalog">The catalog the model and GPU are resolved in.</param>
    /// <param name="problems">Where mistakes and warnings go.</param>
    /// <param name="progress">The share of deployments done, 0 to 1; <see langword="null"/> for none.</param>
    /// <param name="parallelism">Deployments simulated at once: -1 (the default) for all cores, else at least 1.</param>
    /// <param name="cancel">Stops between simulations.</param>
    public static DeploymentSearchResult? Run(ServeRequest request, ColossimCatalog catalog, Problems problems, IProgress<double>? progress = null, int parallelism = -1, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(problems);
        if (request.Disaggregate is not null)
        {
            throw new ArgumentException("a deployment search is of colocated replicas (DisaggregatedSearch splits one deployment)", nameof(request));
        }

        if (parallelism is 0 or < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(parallelism), parallelism, "expected -1 or at least 1");
        }

        var model = request.ModelSpec ?? (request.Model is null ? null : catalog.ResolveModel(request.Model, new Problems(), "--model"));
        if (model is null || request.Gpus is not { } gpus || gpus < 1 || gpus > ServeRequest.MaxGpus)
        {
            // The request's own check reports what is wrong (these fail before any deployment is built).
            request.Resolve(catalog, problems);
            return null;
        }

        var objective = request.SloTtft is null && request.SloTpot is null ? DeploymentObjective.Throughput
            : request.Rate is null ? DeploymentObjective.MaxRate
            : DeploymentObjective.Cheapest;
        var deployments = Enumerate(model, gpus);
        var outcomes = new Outcome[deployments.Count];
        var done = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancel };
        Parallel.For(0, deployments.Count, options, i =>
        {
            outcomes[i] = objective == DeploymentObjective.Cheapest
                ? Cheapest(request, catalog, deployments[i], cancel)
                : Evaluate(request, catalog, deployments[i], objective, cancel);
            progress?.Report(Interlocked.Increment(ref done) / (double)deployments.Count);
        });

        // A mistake in an option (not in the deployment) is the same for every deployment: report the first's.
        foreach (var outcome in outcomes)
        {
            if (outcome.Errors is { } errors)
            {
                problems.AddRange(errors.Where(p => p.Path is not ("--tp" or "--ep" or "--pp")));
                return null;
            }
        }

        problems.AddRange(outcomes.Length > 0 ? outcomes[0].Warnings : []);
        var ranked = Rank([.. outcomes.Select(o => o.Candidate)], objective);
        var result = new DeploymentSearchResult { Objective = objective, Candidates = ranked, Gpus = gpus, TargetRate = objective == DeploymentObjective.Cheapest ? request.Rate : null };
        if (result.Best is not null)
        {
            return result;
        }

        problems.Error("--search", NoneMessage(result, model, request));
        return null;
    }

    /// <summary>Candidates ordered best first for <paramref name="objective"/>, refused last; ties keep enumeration order.</summary>
    internal static IReadOnlyList<DeploymentCandidate> Rank(IReadOnlyList<DeploymentCandidate> candidates, DeploymentObjective objective)
    {
        var ran = candidates.Where(c => c.Run is not null);
        var ordered = objective switch
        {
            DeploymentObjective.Throughput => ran.OrderByDescending(c => c.SustainedOutputTokensPerSecond).ThenBy(c => c.Run!.E2e.Mean),
            DeploymentObjective.MaxRate => ran.OrderByDescending(c => c.MaxRate).ThenBy(c => c.Run!.E2e.Mean),
            _ => ran.OrderByDescending(c => c.MeetsSlo)
                .ThenBy(c => c.MeetsSlo ? c.UsdPerHour : 0)
                .ThenByDescending(c => c.MeetsSlo ? 0 : c.Run!.SloAttainment)
                .ThenBy(c => c.Run!.E2e.Mean),
        };
        return [.. ordered, .. candidates.Where(c => c.Run is null)];
    }

    private static string NoneMessage(DeploymentSearchResult result, ModelSpec model, ServeRequest request)
    {
        var first = result.Candidates.Count > 0 ? result.Candidates[0] : null;
        if (first?.Run is not { } run)
        {
            var reasons = string.Join("; ", result.Candidates.Select(c => c.Refused).Distinct().Take(3));
            return I($"no deployment of {model.Name} can run on {Whole(result.Gpus)} × {request.Gpu ?? "the GPU"}: {reasons}");
        }

        var d = first.Deployment;
        return I($"no deployment on at most {Whole(result.Gpus)} {(result.Gpus == 1 ? "GPU" : "GPUs")} meets the SLOs at {Number(result.TargetRate ?? 0)} requests/s; the best found, tp {d.Tp} × {(d.Ep > 1 ? $"ep {d.Ep} × " : "")}pp {d.Pp} × {Whole(d.Replicas)} {(d.Replicas == 1 ? "replica" : "replicas")} ({EnumNames.Of(d.Scheduler)}), has {Number(run.SloAttainment * 100)}% of requests within the SLOs (p99 TTFT {Number(run.Ttft.P99.TotalMilliseconds)} ms, p99 TPOT {Number(run.Tpot.P99.TotalMilliseconds)} ms, {Whole(run.Rejected)} rejected)");
    }

    /// <summary>One deployment resolved and run once (throughput) or rate-searched (max rate).</summary>
    private static Outcome Evaluate(ServeRequest request, ColossimCatalog catalog, Deployment deployment, DeploymentObjective objective, CancellationToken cancel)
    {
        var resolved = Resolve(request, catalog, deployment);
        if (resolved.Setup is not { } setup)
        {
            return resolved;
        }

        if (objective == DeploymentObjective.MaxRate)
        {
            var found = ServingSearch.MaxRate(setup, cancel: cancel);
            return resolved with
            {
                Setup = null,
                Candidate = new DeploymentCandidate { Deployment = deployment, Run = found.Run, MaxRate = found.MaxRate, MeetsSlo = found.MaxRate > 0, Simulations = found.RatesEvaluated },
            };
        }

        var run = ServingSimulation.Run(setup, cancel: cancel);
        return resolved with
        {
            Setup = null,
            Candidate = new DeploymentCandidate { Deployment = deployment, Run = run, MeetsSlo = setup.Slo is { } slo && ServingSearch.Meets(run, slo), Simulations = 1 },
        };
    }

    /// <summary>
    /// The fewest replicas of <paramref name="all"/>'s layout whose run meets the SLOs at the request's rate: all of
    /// them first (when they miss, so does every smaller count), then a bisection between none and all.
    /// </summary>
    private static Outcome Cheapest(ServeRequest request, ColossimCatalog catalog, Deployment all, CancellationToken cancel)
    {
        var resolved = Resolve(request, catalog, all);
        if (resolved.Setup is not { } setup)
        {
            return resolved;
        }

        var slo = setup.Slo!;
        var best = ServingSimulation.Run(setup, cancel: cancel);
        var runs = 1;
        if (!ServingSearch.Meets(best, slo))
        {
            return resolved with { Setup = null, Candidate = new DeploymentCandidate { Deployment = all, Run = best, Simulations = runs } };
        }

        int lo = 0, hi = all.Replicas;
        while (hi - lo > 1)
        {
            cancel.ThrowIfCancellationRequested();
            var mid = lo + ((hi - lo) / 2);
            var fewer = Resolve(request, catalog, all with { Replicas = mid });
            if (fewer.Setup is not { } smaller)
            {
                // Fewer GPUs resolve as more do (the layout is the same); stop at what is known to meet the SLOs.
                break;
            }

            var run = ServingSimulation.Run(smaller, cancel: cancel);
            runs++;
            if (ServingSearch.Meets(run, slo))
            {
                hi = mid;
                best = run;
            }
            else
            {
                lo = mid;
            }
        }

        return resolved with { Setup = null, Candidate = new DeploymentCandidate { Deployment = all with { Replicas = hi }, Run = best, MeetsSlo = true, Simulations = runs } };
    }

    /// <summary>
    /// Resolves one deployment: a deployment the model cannot run on (problems at <c>--tp</c>, <c>--ep</c> or <c>--pp</c> only:
    /// heads not divisible, weights leaving no room for the KV cache) is refused with the reason; any other problem is
    /// a mistake in the options, kept to report.
    /// </summary>
    private static Outcome Resolve(ServeRequest request, ColossimCatalog catalog, Deployment deployment)
    {
        var local = new Problems();
        var setup = deployment.ApplyTo(request).Resolve(catalog, local);
        var errors = local.Where(p => p.Severity == Severity.Error).ToList();
        var warnings = local.Where(p => p.Severity != Severity.Error).ToList();
        if (errors.Count == 0 && setup is not null)
        {
            return new Outcome(new DeploymentCandidate { Deployment = deployment }, setup, null, warnings);
        }

        if (errors.Count > 0 && errors.TrueForAll(p => p.Path is "--tp" or "--ep" or "--pp"))
        {
            var reason = string.Join("; ", errors.Select(p => p.Message));
            return new Outcome(new DeploymentCandidate { Deployment = deployment, Refused = reason }, null, null, warnings);
        }

        return new Outcome(new DeploymentCandidate { Deployment = deployment }, null, local.ToList(), warnings);
    }

    private static string Whole(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>A deployment's candidate, its resolved setup (while it is being run), the option mistakes found resolving it, and its warnings.</summary>
    private sealed record Outcome(DeploymentCandidate Candidate, ServingSetup? Setup, IReadOnlyList<Problem>? Errors, IReadOnlyList<Problem> Warnings);
}
