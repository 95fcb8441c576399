using System.Globalization;
using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Facility;
using Colossim.Network;
using Colossim.Performance;
using Colossim.Training;
using Colossim.Units;

namespace Colossim.Scenarios;

/// <summary>
/// The Build and Power models applied to a scenario's sites: each site's GPUs, system, fabric and power section become
/// a <see cref="ClusterPlan"/>, and its workloads a <see cref="PowerScenario"/> (training jobs' synchronous swings,
/// serving's diurnal load, the site's batteries).
/// </summary>
public static class SiteBuild
{
    /// <summary>How long the power timeline of a site runs unless told otherwise (one day, as <c>colossim power</c>).</summary>
    public static Duration TimelineLength { get; } = Duration.FromHours(24);

    /// <summary>Time between samples of the power timeline unless told otherwise (1 s, as <c>colossim power</c>: training steps take seconds).</summary>
    public static Duration TimelineStep { get; } = Duration.FromSeconds(1);

    /// <summary>
    /// The plan of <paramref name="site"/>: its GPU count on its system (or the catalog's first system holding the GPU,
    /// noted in the plan; or a generic server, with a warning), its fabric (the named switch, or the catalog's best match
    /// for its kind), PUE, electricity price, oversubscription and batteries. Problems are recorded at the site's path
    /// (<c>sites[0].fabric</c>, as the loader names it) and <see langword="null"/> returned.
    /// </summary>
    public static ClusterPlan? Plan(Scenario scenario, Site site, Problems problems, FacilityDefaults? defaults = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(problems);
        var d = (defaults ?? FacilityDefaults.BuiltIn) with
        {
            Pue = site.Power.Pue,
            UsdPerKilowattHour = site.Power.PricePerKwh.Dollars,
            Oversubscription = Math.Max(1, site.Fabric.Oversubscription),
        };
        var path = PathOf(scenario, site);
        var gpu = site.Gpus.Type;
        var system = site.System ?? ClusterPlanner.ResolveSystem(scenario.Catalog, gpu, null, d, problems, $"{path}.system");
        if (system is null)
        {
            return null;
        }

        var kind = site.Fabric.Kind == FabricKind.Infiniband ? "infiniband" : "ethernet";
        var fabric = site.Fabric.Switch ?? ClusterPlanner.ResolveFabric(scenario.Catalog, system, kind, problems, $"{path}.fabric");
        if (fabric is null)
        {
            return null;
        }

        var plan = ClusterPlanner.Plan(new PlanTarget.GpuCount(site.Gpus.Count), new PlanOptions
        {
            Gpu = gpu,
            System = system,
            Fabric = fabric,
            Defaults = d,
            BatteryCapacity = site.Power.Battery,
            Topology = site.Fabric.Topology,
            Work = Work(scenario, site, gpu, d),
        }, problems, $"{path}.gpus");
        if (plan is not null && site.System is null && scenario.Catalog.Systems.ContainsKey(system.Id))
        {
            plan = plan with { Notes = [$"{system.Id} assumed: the catalog's first system holding {gpu.Id} (name one with {path}.system)", .. plan.Notes] };
        }

        return plan;
    }

    /// <summary>
    /// What a busy GPU of <paramref name="site"/> draws for its plan's average power (energy, opex, $/GPU-hour): a
    /// training step of the site's first training workload (its model and tensor-parallel degree), else a decode step
    /// of its first serving workload's model, else <see langword="null"/> (the facility's documented default activity).
    /// </summary>
    public static GpuWorkPower? Work(Scenario scenario, Site site, GpuSpec gpu, FacilityDefaults defaults)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(site);
        var here = (string s) => string.Equals(s, site.Name, StringComparison.OrdinalIgnoreCase);
        if (scenario.Workloads.Training.FirstOrDefault(w => here(w.Site)) is { } training)
        {
            return GpuWorkPower.Training(gpu, training.Model, training.Parallelism?.Tp, defaults);
        }

        return scenario.Workloads.Serving.FirstOrDefault(w => here(w.Site)) is { } serving ? GpuWorkPower.Serving(gpu, serving.Model, null, defaults) : null;
    }

    /// <summary>
    /// <see cref="Plan"/> and then <see cref="CheckGrid"/>: a site as every command plans it (run, check, power), so
    /// they give the same problems. <see langword="null"/> when the site cannot be planned.
    /// </summary>
    public static ClusterPlan? PlanChecked(Scenario scenario, Site site, Problems problems)
    {
        if (Plan(scenario, site, problems) is not { } plan)
        {
            return null;
        }

        CheckGrid(scenario, site, plan, problems);
        return plan;
    }

    /// <summary>
    /// The grid rule of every command (<see cref="GridCheck"/>) for a planned site: a warning at
    /// <c>sites[i].power.grid_mw</c> when its nameplate facility power exceeds its grid connection plus its batteries'
    /// power. Returns whether the supply suffices (also when the site's grid is not limited).
    /// </summary>
    public static bool CheckGrid(Scenario scenario, Site site, ClusterPlan plan, Problems problems)
    {
        ArgumentNullException.ThrowIfNull(site);
        return GridCheck.Check(plan, site.Power.Grid, problems, $"{PathOf(scenario, site)}.power.grid_mw");
    }

    /// <summary>
    /// <c>colossim power</c>'s work, for any front end: loads the scenario named in <paramref name="request"/>, checks
    /// the options (problems at <c>--duration</c>, <c>--step</c>, <c>--policy</c>, <c>--site</c>), plans each chosen
    /// site, applies the grid check and simulates its timeline. A site that cannot be planned or simulated records its
    /// problems; the study is <see langword="null"/> when any problem is an error (all of them are recorded first).
    /// </summary>
    public static PowerStudy? Study(PowerRequest request, ColossimCatalog catalog, Problems problems)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(problems);
        if (!Duration.TryParse(request.Duration, out var length, out var error) || length <= Duration.Zero)
        {
            problems.Error(PowerRequest.Names.Duration, error ?? $"expected a positive duration like 24h, found '{request.Duration}'");
        }

        if (!Duration.TryParse(request.Step, out var step, out error) || step <= Duration.Zero)
        {
            problems.Error(PowerRequest.Names.Step, error ?? $"expected a positive duration like 1s, found '{request.Step}'");
        }

        else if (length > Duration.Zero && length / step > PowerTimeline.MaxSamples)
        {
            problems.Error(PowerRequest.Names.Step, string.Create(CultureInfo.InvariantCulture, $"expected at most {PowerTimeline.MaxSamples:N0} samples, found {length / step:N0} ({request.Duration} / {request.Step}); use a longer step"));
        }

        var policy = BatteryPolicyNames.Parse(request.Policy, problems, PowerRequest.Names.Policy);
        var loaded = ScenarioLoader.LoadFile(request.Scenario, catalog);
        problems.AddRange(loaded.Problems);
        if (problems.HasErrors || loaded.Scenario is not { } scenario || policy is not { } dispatch)
        {
            return null;
        }

        var sites = scenario.Sites.ToList();
        if (request.Site is { } only)
        {
            sites = [.. sites.Where(s => string.Equals(s.Name, only, StringComparison.OrdinalIgnoreCase))];
            if (sites.Count == 0)
            {
                var names = scenario.Sites.Select(s => s.Name).ToList();
                problems.Error(PowerRequest.Names.Site, $"expected one of the scenario's sites ({string.Join(", ", names)}), found '{only}'{Suggestions.DidYouMean(only, names)}");
                return null;
            }
        }

        var runs = new List<SitePowerRun>();
        foreach (var site in sites)
        {
            if (PlanChecked(scenario, site, problems) is not { } plan)
            {
                continue;
            }

            var power = Power(scenario, site, plan, length, step, dispatch);
            if (PowerTimeline.Simulate(power, problems) is { } timeline)
            {
                runs.Add(new SitePowerRun { Site = site.Name, Grid = site.Power.Grid, Plan = plan, Scenario = power, Timeline = timeline });
            }
        }

        return problems.HasErrors ? null : new PowerStudy { Scenario = scenario.Name, Length = length, Step = step, Policy = dispatch, Sites = runs };
    }

    /// <summary>
    /// The site's path in problems, as the loader writes it: <c>sites[0]</c> for the scenario's first site;
    /// <c>sites[NAME]</c> for a site that is not one of <paramref name="scenario"/>'s.
    /// </summary>
    public static string PathOf(Scenario scenario, Site site)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(site);
        for (var i = 0; i < scenario.Sites.Count; i++)
        {
            if (ReferenceEquals(scenario.Sites[i], site))
            {
                return $"sites[{i}]";
            }
        }

        return $"sites[{site.Name}]";
    }

    /// <summary>
    /// The GPUs of each serving workload of <paramref name="site"/>, in the scenario's order: the count it gives, or
    /// for a workload without one an even share of the GPUs the site's training and sized serving workloads leave
    /// free (the first ones taking the remainder), as the power timeline shares them.
    /// </summary>
    public static IReadOnlyDictionary<ServingWorkload, long> ServingGpus(Scenario scenario, Site site)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(site);
        var here = (string s) => string.Equals(s, site.Name, StringComparison.OrdinalIgnoreCase);
        var training = scenario.Workloads.Training.Where(w => here(w.Site)).Sum(w => (long)w.Gpus);
        var serving = scenario.Workloads.Serving.Where(w => here(w.Site)).ToList();
        var free = Math.Max(0, site.Gpus.Count - training - serving.Sum(w => (long)(w.Gpus ?? 0)));
        var unsized = serving.Count(w => w.Gpus is null);
        var gpus = new Dictionary<ServingWorkload, long>(ReferenceEqualityComparer.Instance);
        var index = 0;
        foreach (var w in serving)
        {
            gpus[w] = w.Gpus ?? ((free / unsized) + (index++ < free % unsized ? 1 : 0));
        }

        return gpus;
    }

    /// <summary>
    /// The Train pillar for a training workload of <paramref name="scenario"/> on its site's <paramref name="plan"/>
    /// (<see cref="TrainRequest.Answer"/>: the site's GPU, system and fabric): the workload's layout timed, or the best
    /// one searched when it gives none, and the run of its tokens. Sequences of <see cref="TrainRequest.DefaultSeqLen"/>
    /// tokens; the global batch is <see cref="TrainRequest.DefaultGlobalBatchTokens"/> (Llama 3's starting batch) or
    /// one sequence per 8 GPUs when that is more (Llama 3's 16M tokens on 16,384 GPUs), rounded up to a multiple of the
    /// data-parallel degree for a given layout, or of GPUs ÷ gcd(GPUs, 8) for a search (so data parallelism over
    /// GPUs ÷ 8 divides it). A given layout takes <c>colossim train</c>'s defaults for what a scenario does not say
    /// (ZeRO-1, sequence parallelism, micro-batch 1, no recomputation). Problems at
    /// <c>workloads.training[i]</c>; <see langword="null"/> when the workload cannot be simulated.
    /// </summary>
    public static TrainResult? Train(Scenario scenario, TrainingWorkload workload, ClusterPlan plan, Problems problems, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(problems);
        var index = -1;
        for (var i = 0; i < scenario.Workloads.Training.Count; i++)
        {
            if (ReferenceEquals(scenario.Workloads.Training[i], workload))
            {
                index = i;
            }
        }

        var path = string.Create(CultureInfo.InvariantCulture, $"workloads.training[{Math.Max(0, index)}]");
        var seqLen = TrainRequest.DefaultSeqLen;
        var sequences = Math.Max(TrainRequest.DefaultGlobalBatchTokens / seqLen, (workload.Gpus + 7) / 8);
        var layout = workload.Parallelism is { } given ? given with { Zero = ZeroStage.Optimizer, SequenceParallel = true } : null;
        var unit = layout?.Dp ?? workload.Gpus / (int)System.Numerics.BigInteger.GreatestCommonDivisor(workload.Gpus, 8);
        sequences = (sequences + unit - 1) / unit * unit;
        var job = new TrainingJob { Model = workload.Model, Gpu = plan.Gpu, Gpus = workload.Gpus, SeqLen = seqLen, GlobalBatchTokens = sequences * seqLen };
        var kernels = KernelModel.For(plan.Gpu, scenario.Catalog);
        var result = TrainRequest.Answer(job, layout, null, plan, kernels, workload.Tokens, FailureModel.Default, null, problems, path, path, cancel: cancel);
        // The step's timeline for the report (its chart and trace.json), when it is small enough to open in a viewer.
        if (result is not null && PipelineSchedule.Passes(result.Step) <= PipelineSchedule.MaxPasses)
        {
            var topology = Topology.FromPlan(plan);
            result = result with { Schedule = PipelineSchedule.Of(new TrainingStepModel(job, kernels, topology, new CollectiveModel(topology)), result.Step) };
        }

        StepTimes.GetOrCreateValue(workload)[StepKey(plan)] = result?.Step.Time;
        return result;
    }

    // Step times of the workloads simulated so far, per plan's network and GPU: the power timeline asks again for what the
    // training stage computed (a search of a large job takes most of a second).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<TrainingWorkload, System.Collections.Concurrent.ConcurrentDictionary<(Topology, string, string), Duration?>> StepTimes = [];

    private static (Topology, string, string) StepKey(ClusterPlan plan) => (Topology.FromPlan(plan), plan.Gpu.Id, plan.System.Id);

    // The workload's simulated step time (the Train pillar), or null when it cannot be simulated (its problems are the
    // Training stage's to report).
    private static Duration? TrainingStepOf(Scenario scenario, TrainingWorkload workload, ClusterPlan plan) =>
        StepTimes.TryGetValue(workload, out var known) && known.TryGetValue(StepKey(plan), out var time)
            ? time
            : Train(scenario, workload, plan, new Problems())?.Step.Time;

    /// <summary>
    /// The power timeline inputs of <paramref name="site"/>: its training workloads as synchronous jobs (the step period simulated by
    /// the Train pillar, <see cref="Train"/>, or the defaults' when it cannot; communication share from the defaults; GPU power from a training step of the workload's model and layout,
    /// <see cref="GpuWorkPower.Training"/>), serving GPUs at the power of a decode step of their model when busy
    /// (<see cref="GpuWorkPower.Serving"/>); its serving workloads under diurnal load (a serving workload without a
    /// GPU count shares the GPUs training leaves free), the rest idle; its battery dispatched by <paramref name="policy"/>
    /// (peak shaving holds the grid at the site's grid capacity, or the mean load when none is given, starting full;
    /// smoothing starts at half charge).
    /// </summary>
    public static PowerScenario Power(Scenario scenario, Site site, ClusterPlan plan, Duration length, Duration step, BatteryPolicy policy = BatteryPolicy.Smooth, FacilityDefaults? defaults = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(plan);
        var d = (defaults ?? FacilityDefaults.BuiltIn) with { Pue = site.Power.Pue, UsdPerKilowattHour = site.Power.PricePerKwh.Dollars };
        var loads = new List<FacilityLoad>();
        var here = (string s) => string.Equals(s, site.Name, StringComparison.OrdinalIgnoreCase);
        foreach (var w in scenario.Workloads.Training.Where(w => here(w.Site)))
        {
            loads.Add(new TrainingLoad
            {
                Name = w.Name,
                Gpus = w.Gpus,
                Step = TrainingStepOf(scenario, w, plan) ?? d.TrainingStep,
                CommunicationFraction = d.TrainingCommunicationFraction,
                Power = GpuWorkPower.Training(plan.Gpu, w.Model, w.Parallelism?.Tp, d),
            });
        }

        var serving = scenario.Workloads.Serving.Where(w => here(w.Site)).ToList();
        var free = Math.Max(0, plan.Gpus - loads.Sum(l => l.Gpus) - serving.Sum(w => (long)(w.Gpus ?? 0)));
        var unsized = serving.Count(w => w.Gpus is null);
        var index = 0;
        foreach (var w in serving)
        {
            long gpus;
            if (w.Gpus is { } given)
            {
                gpus = given;
            }
            else
            {
                // Share the free GPUs evenly; the first ones take the remainder.
                gpus = (free / unsized) + (index < free % unsized ? 1 : 0);
                index++;
            }

            loads.Add(new ServingLoad
            {
                Name = w.Name,
                Gpus = gpus,
                PeakUtilization = d.ServingPeakUtilization,
                TroughUtilization = d.ServingTroughUtilization,
                PeakHour = d.ServingPeakHour,
                Power = GpuWorkPower.Serving(plan.Gpu, w.Model, null, d),
            });
        }

        BatterySpec? battery = null;
        if (site.Power.Battery.Joules > 0)
        {
            battery = new BatterySpec
            {
                Capacity = site.Power.Battery,
                Power = plan.Power.BatteryPower,
                RoundTripEfficiency = d.BatteryRoundTripEfficiency,
                Policy = policy,
                GridCap = site.Power.Grid,

                // A peak-shaving battery waits full for the next peak; a smoothing one sits at half charge to move both ways.
                InitialCharge = policy == BatteryPolicy.PeakShave ? 1 : 0.5,
            };
        }

        return new PowerScenario
        {
            Plan = plan,
            Loads = loads,
            Length = length,
            Step = step,
            Battery = battery,
            Defaults = d,
        };
    }
}

/// <summary><c>colossim power</c>'s request as typed: the scenario file and the options, unparsed (see <see cref="SiteBuild.Study"/>).</summary>
public sealed record PowerRequest
{
    /// <summary>The option names, the paths of the problems <see cref="SiteBuild.Study"/> records.</summary>
    public static class Names
    {
        /// <summary><c>--duration</c>.</summary>
        public const string Duration = "--duration";

        /// <summary><c>--step</c>.</summary>
        public const string Step = "--step";

        /// <summary><c>--policy</c>.</summary>
        public const string Policy = "--policy";

        /// <summary><c>--site</c>.</summary>
        public const string Site = "--site";
    }

    /// <summary>The scenario file (YAML or JSON).</summary>
    public required string Scenario { get; init; }

    /// <summary>How long the timeline runs: <c>24h</c> (the default).</summary>
    public string Duration { get; init; } = "24h";

    /// <summary>Time between samples: <c>1s</c> (the default).</summary>
    public string Step { get; init; } = "1s";

    /// <summary>The battery policy's name (<see cref="BatteryPolicyNames"/>): <c>smooth</c> (the default).</summary>
    public string Policy { get; init; } = "smooth";

    /// <summary>Only this site (matched ignoring case); <see langword="null"/> for every site.</summary>
    public string? Site { get; init; }
}
