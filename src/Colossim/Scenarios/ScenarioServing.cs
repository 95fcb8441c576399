using System.Globalization;
using Colossim.Documents;
using Colossim.Facility;
using Colossim.Reports;
using Colossim.Serving;
using Colossim.Units;

namespace Colossim.Scenarios;

/// <summary>
/// A scenario's serving workload simulated as <c>colossim serve</c> simulates it (<see cref="ServeRequest"/>, same
/// seed): the site's GPU and server, the workload's GPUs (<see cref="SiteBuild.ServingGpus"/>), its traffic and SLO,
/// for a bounded simulated time (<see cref="SimulatedTime"/>) so that a run stays within seconds.
/// </summary>
/// <remarks>
/// The deployment: the first of tensor-parallel 1, 2, 4, 8 (at most a server's GPUs) × pipeline 1, 2, 4, 8, fewest
/// GPUs per replica first, at which the model fits in bf16 with room for its KV cache; as many replicas as the
/// workload's GPUs hold. A trace named by a known id (<see cref="Traffic.KnownTraces"/>) is not shipped with the
/// program: its requests are generated as Poisson arrivals at the trace's published mean rate with log-normal lengths
/// of its published means and spreads (<see cref="KnownTraceStandIns"/>, <see cref="KnownTraceLengthSpreads"/>).
/// A traffic's <c>diurnal</c> ratio shapes generated requests over a day (<see cref="DiurnalShape"/>).
/// </remarks>
public static class ScenarioServing
{
    /// <summary>How long generated traffic runs (simulated): requests = rate × this, at least one and at most <see cref="MaxRequests"/>; the run then drains.</summary>
    public static Duration SimulatedTime { get; } = Duration.FromSeconds(60);

    /// <summary>The most requests one workload's run takes: a trace file's first ones, or fewer generated requests than <see cref="SimulatedTime"/> would give (a shorter traffic time).</summary>
    public const int MaxRequests = 20_000;

    /// <summary>
    /// The mean rate (requests/s) and mean prompt and output tokens of each known trace, from the project's reference
    /// notes (<c>../shared/reference/inference.md</c> §7 and its trace table: Azure 2023 as Splitwise replays it,
    /// Mooncake FAST'25 conversation); mooncake-synthetic has no published rate and is not simulated.
    /// </summary>
    public static IReadOnlyDictionary<string, (double Rate, int Input, int Output)> KnownTraceStandIns { get; } =
        new Dictionary<string, (double, int, int)>(StringComparer.OrdinalIgnoreCase)
        {
            ["azure-conv-2023"] = (5.53, 1155, 211),
            ["azure-code-2023"] = (2.57, 2048, 28),
            ["mooncake-conversation"] = (3.4, 12035, 343),
        };

    /// <summary>
    /// The coefficients of variation of each known trace's prompt and output lengths, for log-normal stand-ins of its
    /// mean lengths (<see cref="KnownTraceStandIns"/>): fitted to the published mean and median of each (a log-normal
    /// with mean m and median M has σ² = 2 ln(m / M), and CV = √(exp(σ²) − 1)). Azure 2023 medians from the reference
    /// notes' trace table (conversation: prompt 1,020, output 129; code: 1,469 and 13); Mooncake conversation from the
    /// copied trace's README (prompt median 6,909, whose fit predicts a p99 of about 80,000 against 85,401 measured;
    /// output mean 343 below its median 350, which no log-normal has, so its spread is fitted to the median and p99 of
    /// 1,120: σ = ln(1,120 / 350) ÷ 2.326).
    /// </summary>
    public static IReadOnlyDictionary<string, (double Input, double Output)> KnownTraceLengthSpreads { get; } =
        new Dictionary<string, (double, double)>(StringComparer.OrdinalIgnoreCase)
        {
            ["azure-conv-2023"] = (Spread(1155, 1020), Spread(211, 129)),
            ["azure-code-2023"] = (Spread(2048, 1469), Spread(28, 13)),
            ["mooncake-conversation"] = (Spread(12035, 6909), Math.Sqrt(Math.Exp(Math.Pow(Math.Log(1120 / 350.0) / 2.326, 2)) - 1)),
        };

    /// <summary>The coefficient of variation of a log-normal with this mean and median.</summary>
    private static double Spread(double mean, double median) => Math.Sqrt(Math.Exp(2 * Math.Log(mean / median)) - 1);

    /// <summary>
    /// Simulates <paramref name="workload"/> (the <paramref name="index"/>th serving workload) on <paramref name="gpus"/>
    /// GPUs of <paramref name="site"/>; a workload that cannot run (its model fits no deployment, a trace without a stand-in) is
    /// a warning at <c>workloads.serving[index]</c> and <see langword="null"/>. A workload with
    /// <see cref="ServingWorkload.Search"/> has its deployment chosen by <see cref="DeploymentSearch.Run"/> on those GPUs,
    /// as <c>colossim serve --search</c> chooses it for the same request (<see cref="SearchRequest"/>); when no
    /// deployment can run, or none carries the rate within the SLOs, that is a warning at <c>workloads.serving[index].search</c>.
    /// </summary>
    /// <param name="scenario">The scenario (its catalog).</param>
    /// <param name="workload">The serving workload.</param>
    /// <param name="index">Its index in <c>workloads.serving</c>, for problem paths.</param>
    /// <param name="site">The site it runs on.</param>
    /// <param name="gpus">The GPUs it may use, at least 1.</param>
    /// <param name="seed">The run's seed (its generated requests).</param>
    /// <param name="problems">Where problems go, at the workload's path.</param>
    /// <param name="progress">The share of a deployment search done, 0 to 1 (searched workloads only); <see langword="null"/> for none.</param>
    /// <param name="cancel">Stops the search between simulations.</param>
    public static ServingSimulationReport? Simulate(Scenario scenario, ServingWorkload workload, int index, Site site, long gpus, long seed, Problems problems, IProgress<double>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(problems);
        var path = $"workloads.serving[{index}]";
        var t = workload.Traffic;
        var request = new ServeRequest
        {
            ModelSpec = workload.Model,
            GpuSpec = site.Gpus.Type,
            SystemSpec = site.System,
            Seed = seed,
            SloTtft = workload.Slo?.TtftP99 is { } ttft ? Ms(ttft) : null,
            SloTpot = workload.Slo?.TpotP99 is { } tpot ? Ms(tpot) : null,
            Disaggregate = workload.Disaggregation is { } split ? string.Create(CultureInfo.InvariantCulture, $"{split.Prefill}:{split.Decode}") : null,
            KvTransfer = workload.Disaggregation is not null ? EnumNames.Of(workload.KvTransfer) : null,
            Diurnal = workload.Traffic.Diurnal,
        };
        if (t.Trace is { } trace && KnownTraceStandIns.TryGetValue(trace, out var known))
        {
            var spreads = KnownTraceLengthSpreads[trace];
            request = Generated(request, known.Rate * t.Scale, known.Input, known.Output, "poisson", 1) with
            {
                Lengths = "log-normal",
                InputLengthSpread = spreads.Input,
                OutputLengthSpread = spreads.Output,
            };
        }
        else if (t.Trace is { } file)
        {
            if (Traffic.KnownTraces.Contains(file, StringComparer.OrdinalIgnoreCase))
            {
                problems.Warning(path + ".traffic.trace", $"{file} has no published rate to stand in for its file; {workload.Name} is not simulated");
                return null;
            }

            request = request with { Trace = file, TraceFormat = t.TraceFormat == TraceFormat.Mooncake ? "mooncake" : "azure", RateScale = t.Scale, Requests = MaxRequests };
        }
        else if (t.Rate is { } rate && t.Lengths is { } lengths)
        {
            request = Generated(request, rate * t.Scale, (int)Math.Max(1, Math.Round(lengths.Input)), (int)Math.Max(1, Math.Round(lengths.Output)),
                t.Arrival switch { ArrivalProcess.Gamma => "gamma", ArrivalProcess.Constant => "constant", _ => "poisson" }, t.Burstiness);
        }
        else
        {
            problems.Warning(path + ".traffic", $"gives neither a trace nor a rate with lengths; {workload.Name} is not simulated");
            return null;
        }

        if (workload.Search is { } objective)
        {
            return Search(scenario, workload, path, SearchRequest(request, objective, gpus), problems, progress, cancel);
        }

        var maxTp = Math.Max(1, site.System?.GpusPerNode ?? 8);
        var ep = workload.Ep;
        foreach (var (tp, pp) in Deployments(maxTp, workload.Model.Layers))
        {
            if ((long)tp * ep * pp > gpus || workload.Model.AttentionHeads % tp != 0)
            {
                continue;
            }

            // A split deployment takes whole rounds of prefill and decode replicas.
            var replicas = gpus / ((long)tp * ep * pp);
            if (workload.Disaggregation is { } ratio)
            {
                replicas = replicas / (ratio.Prefill + ratio.Decode) * (ratio.Prefill + ratio.Decode);
                if (replicas == 0)
                {
                    continue;
                }
            }

            var attempt = new Problems();
            var candidate = request with { Tp = tp, Pp = pp, Ep = ep, Gpus = replicas * ((long)tp * ep * pp) };
            if (candidate.Resolve(scenario.Catalog, attempt) is { } setup)
            {
                var result = ServingSimulation.Run(setup, cancel: cancel);
                var traffic = new Duration(setup.Requests.Count == 0 ? 0 : setup.Requests[^1].ArrivalNanoseconds);
                return new ServingSimulationReport { Result = result, Tp = tp, Pp = pp, Ep = ep, Gpus = candidate.Gpus!.Value, SimulatedTime = traffic };
            }

            if (!attempt.Any(p => p.Path == "--tp" && p.Message.Contains("does not fit", StringComparison.Ordinal)))
            {
                // Not a question of size: the traffic or the model is wrong; say so once.
                foreach (var p in attempt.Where(p => p.Severity == Severity.Error))
                {
                    problems.Error(path, $"{workload.Name}: {p.Path} {p.Message}");
                }

                return null;
            }
        }

        problems.Warning(path + ".gpus", $"{workload.Model.Name} fits no deployment of {Whole(gpus)} × {site.Gpus.Type.Id} (tensor parallel up to {maxTp}, {(ep > 1 ? $"expert parallel {ep}, " : "")}pipeline up to 8, bf16 weights with room for a KV cache); give the workload more GPUs or a larger GPU");
        return null;
    }

    /// <summary>
    /// The request a searched workload is, as <c>colossim serve --search</c> takes it: <paramref name="request"/> (the
    /// workload's model, GPU, generated traffic, SLOs and seed) on <paramref name="gpus"/> GPUs with
    /// <see cref="ServeRequest.Search"/> set; for <see cref="DeploymentObjective.MaxRate"/> without its rate (the search
    /// finds one), otherwise with it (throughput at that rate, or the cheapest deployment carrying it).
    /// </summary>
    public static ServeRequest SearchRequest(ServeRequest request, DeploymentObjective objective, long gpus)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request with { Search = true, Gpus = gpus, Rate = objective == DeploymentObjective.MaxRate ? null : request.Rate };
    }

    /// <summary>The search of one workload, its chosen deployment's run as the workload's; what it cannot do is a problem at the workload's path.</summary>
    private static ServingSimulationReport? Search(Scenario scenario, ServingWorkload workload, string path, ServeRequest request, Problems problems, IProgress<double>? progress, CancellationToken cancel)
    {
        var attempt = new Problems();
        var found = DeploymentSearch.Run(request, scenario.Catalog, attempt, progress, cancel: cancel);
        if (found?.Best is not { Run: { } run } best)
        {
            foreach (var p in attempt.Where(p => p.Severity == Severity.Error))
            {
                // No deployment that runs, or none that meets the SLOs, is the search's answer; anything else is a mistake in the workload.
                if (p.Path == "--search")
                {
                    problems.Warning(path + ".search", $"{workload.Name} is not simulated: {p.Message}");
                }
                else
                {
                    problems.Error(path, $"{workload.Name}: {p.Path} {p.Message}");
                }
            }

            return null;
        }

        var d = best.Deployment;
        var traffic = new Duration(run.Setup.Requests.Count == 0 ? 0 : run.Setup.Requests[^1].ArrivalNanoseconds);
        return new ServingSimulationReport { Result = run, Tp = d.Tp, Pp = d.Pp, Ep = d.Ep, Gpus = d.Gpus, SimulatedTime = traffic, Scheduler = d.Scheduler, Search = found };
    }

    private static ServeRequest Generated(ServeRequest request, double rate, int input, int output, string arrival, double burstiness) =>
        request with
        {
            Rate = rate,
            InputLen = input,
            OutputLen = output,
            Arrival = arrival,
            Burstiness = burstiness,
            Requests = (int)Math.Clamp(Math.Ceiling(rate * SimulatedTime.TotalSeconds), 1, MaxRequests),
        };

    private static IEnumerable<(int Tp, int Pp)> Deployments(int maxTp, int layers)
    {
        var list = new List<(int, int)>();
        for (var tp = 1; tp <= maxTp; tp *= 2)
        {
            for (var pp = 1; pp <= Math.Min(8, layers); pp *= 2)
            {
                list.Add((tp, pp));
            }
        }

        return list.OrderBy(d => d.Item1 * d.Item2).ThenBy(d => d.Item2);
    }

    private static string Ms(Duration d) => string.Create(CultureInfo.InvariantCulture, $"{d.TotalMilliseconds:R}ms");

    private static string Whole(long n) => n.ToString("#,0", CultureInfo.InvariantCulture);
}
