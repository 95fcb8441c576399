using System.Globalization;
using Colossim.Catalog;
using Colossim.Cluster;
using Colossim.Cluster.Traces;
using Colossim.Documents;
using Colossim.Simulation;
using Colossim.Units;

namespace Colossim.Scenarios;

/// <summary>
/// A schedule as a person asks for it (<c>colossim schedule</c>'s options): every value as given. <see cref="Run"/>
/// checks all of it at once (problems carry the option names as paths), builds the workload (a synthetic one for
/// <c>--gpus</c> and <c>--jobs</c>, or a scenario's tenants and workloads for <c>--scenario</c>) and simulates it with
/// <see cref="ClusterSimulation"/>. A new workload source (a trace) is one more branch of <see cref="Workload"/>.
/// </summary>
public sealed record ScheduleRequest
{
    /// <summary>The option names, which are the paths of the problems <see cref="Run"/> records.</summary>
    public static class Names
    {
        /// <summary><c>--scenario</c>.</summary>
        public const string Scenario = "--scenario";

        /// <summary><c>--site</c>.</summary>
        public const string Site = "--site";

        /// <summary><c>--gpus</c>.</summary>
        public const string Gpus = "--gpus";

        /// <summary><c>--gpus-per-node</c>.</summary>
        public const string GpusPerNode = "--gpus-per-node";

        /// <summary><c>--jobs</c>.</summary>
        public const string Jobs = "--jobs";

        /// <summary><c>--policy</c>.</summary>
        public const string Policy = "--policy";

        /// <summary><c>--seed</c>.</summary>
        public const string Seed = "--seed";

        /// <summary><c>--load</c>.</summary>
        public const string Load = "--load";

        /// <summary><c>--arrival-rate</c>.</summary>
        public const string ArrivalRate = "--arrival-rate";

        /// <summary><c>--burstiness</c>.</summary>
        public const string Burstiness = "--burstiness";

        /// <summary><c>--max-job-gpus</c>.</summary>
        public const string MaxJobGpus = "--max-job-gpus";

        /// <summary><c>--runtime</c>.</summary>
        public const string Runtime = "--runtime";

        /// <summary><c>--runtime-sigma</c>.</summary>
        public const string RuntimeSigma = "--runtime-sigma";

        /// <summary><c>--spot-share</c>.</summary>
        public const string SpotShare = "--spot-share";

        /// <summary><c>--shares</c>.</summary>
        public const string Shares = "--shares";

        /// <summary><c>--failures</c>.</summary>
        public const string Failures = "--failures";

        /// <summary><c>--checkpoint-interval</c>.</summary>
        public const string Checkpoint = "--checkpoint-interval";

        /// <summary><c>--preemption-delay</c>.</summary>
        public const string PreemptionDelay = "--preemption-delay";

        /// <summary><c>--locality</c>.</summary>
        public const string Locality = "--locality";

        /// <summary><c>--locality-required</c>.</summary>
        public const string LocalityRequired = "--locality-required";

        /// <summary><c>--horizon</c>.</summary>
        public const string Horizon = "--horizon";

        /// <summary><c>--arrival-speedup</c>.</summary>
        public const string ArrivalSpeedup = "--arrival-speedup";

        /// <summary>The job trace option.</summary>
        public const string Trace = "--trace";

        /// <summary>The trace format option.</summary>
        public const string TraceFormat = "--trace-format";

        /// <summary>The trace's node list option.</summary>
        public const string Nodes = "--nodes";

        /// <summary>The tenants file option.</summary>
        public const string Tenants = "--tenants";
    }

    /// <summary>The most GPUs a synthetic cluster may have: 10,000,000.</summary>
    public const int MaxGpus = 10_000_000;

    /// <summary>The most synthetic jobs: 10,000,000.</summary>
    public const int MaxJobs = 10_000_000;

    /// <summary>The values <see cref="Failures"/> accepts.</summary>
    public static IReadOnlyList<string> FailureNames { get; } = ["llama3", "none"];

    /// <summary>The values <see cref="Locality"/> accepts.</summary>
    public static IReadOnlyList<string> LocalityNames { get; } = ["node", "domain", "leaf", "pod", "cluster"];

    /// <summary>A scenario file whose first site (or <see cref="Site"/>), tenants and workloads are scheduled.</summary>
    public string? Scenario { get; init; }

    /// <summary>The scenario's site to schedule; default its first.</summary>
    public string? Site { get; init; }

    /// <summary>GPUs of a synthetic cluster, 1 to <see cref="MaxGpus"/>.</summary>
    public int? Gpus { get; init; }

    /// <summary>GPUs per node of a synthetic cluster, 1 to 64; default 8.</summary>
    public int GpusPerNode { get; init; } = 8;

    /// <summary>Synthetic jobs, 1 to <see cref="MaxJobs"/>.</summary>
    public int? Jobs { get; init; }

    /// <summary>The policy, one of <see cref="SchedulingPolicies.Names"/>.</summary>
    public string Policy { get; init; } = "fifo";

    /// <summary>The seed, 0 to 2^53.</summary>
    public long Seed { get; init; }

    /// <summary>Offered load of the synthetic arrivals (GPU-time asked over GPU-time available), above 0 and at most 100; default 0.9.</summary>
    public double Load { get; init; } = 0.9;

    /// <summary>Arrivals per hour; replaces <see cref="Load"/> when given; above 0 and at most 1e9.</summary>
    public double? ArrivalRate { get; init; }

    /// <summary>Coefficient of variation of arrival gaps (1: Poisson), above 0 and at most 100.</summary>
    public double Burstiness { get; init; } = 1;

    /// <summary>The largest synthetic job, GPUs, 1 to the cluster's GPUs; default 64, or the cluster's GPUs when fewer.</summary>
    public int? MaxJobGpus { get; init; }

    /// <summary>Median run time of synthetic jobs (<c>1h</c>).</summary>
    public string Runtime { get; init; } = "1h";

    /// <summary>Log-normal sigma of synthetic run times, 0 to 10.</summary>
    public double RuntimeSigma { get; init; } = 1.5;

    /// <summary>Share of synthetic jobs that are spot, 0 to 1.</summary>
    public double SpotShare { get; init; } = 0.2;

    /// <summary>Tenants of a synthetic workload and their shares: <c>xai=0.6,microsoft=0.4</c>; none: one tenant.</summary>
    public string? Shares { get; init; }

    /// <summary>Failures: <c>llama3</c> (data/cluster/failures.yaml) or <c>none</c>.</summary>
    public string Failures { get; init; } = "llama3";

    /// <summary>Time between checkpoints (<c>0s</c>: no work lost); default 30 minutes, or a scenario's training runs' own.</summary>
    public string? CheckpointInterval { get; init; }

    /// <summary>How long a tenant under its share waits before preempting (<c>5min</c>).</summary>
    public string PreemptionDelay { get; init; } = "5min";

    /// <summary>The widest topology level a job is kept in: node, domain, leaf, pod, cluster.</summary>
    public string Locality { get; init; } = "leaf";

    /// <summary>Whether <see cref="Locality"/> is required rather than preferred.</summary>
    public bool LocalityRequired { get; init; }

    /// <summary>When the simulation stops at the latest (<c>30d</c>); none: when the jobs are done.</summary>
    public string? Horizon { get; init; }

    /// <summary>
    /// Replays a trace's arrivals this many times faster (submission times divided by it; run times and waits kept), to
    /// offer the cluster that many times the trace's load; above 0, at most <see cref="MaxArrivalSpeedup"/>; default 1.
    /// </summary>
    public double ArrivalSpeedup { get; init; } = 1;

    /// <summary>The largest <see cref="ArrivalSpeedup"/>: 10,000.</summary>
    public const double MaxArrivalSpeedup = 10_000;

    /// <summary>A job trace to replay (with <see cref="TraceFormat"/>), instead of a scenario or a synthetic workload.</summary>
    public string? Trace { get; init; }

    /// <summary>The trace's format: philly, helios, alibaba-2020 or alibaba-2023.</summary>
    public string? TraceFormat { get; init; }

    /// <summary>The trace's node list (Alibaba, Philly), which then is the cluster.</summary>
    public string? Nodes { get; init; }

    /// <summary>A tenants file (YAML) giving the trace's tenants their shares, limits and weights; equal shares without it.</summary>
    public string? Tenants { get; init; }

    /// <summary>Checks the request, builds the workload and simulates it; <see langword="null"/> with problems recorded when the request is wrong.</summary>
    /// <param name="catalog">The catalog a scenario's names resolve in.</param>
    /// <param name="problems">Where problems go, with option names as paths.</param>
    /// <param name="cancel">Stops the simulation.</param>
    public ScheduleResult? Run(ColossimCatalog? catalog, Problems problems, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var options = Options(problems);
        var workload = Workload(catalog, problems, cancel);
        if (problems.HasErrors || options is null || workload is null)
        {
            return null;
        }

        if (CheckpointInterval is null)
        {
            options = options with { CheckpointInterval = workload.CheckpointInterval ?? options.CheckpointInterval, RestartOverhead = workload.RestartOverhead ?? options.RestartOverhead };
        }

        return ClusterSimulation.Run(workload.Shape, workload.Tenants, workload.Jobs, options, workload.Runtime, cancel);
    }

    /// <summary>A workload ready to simulate: the cluster, its tenants, the jobs and how long they run.</summary>
    /// <param name="Shape">The cluster.</param>
    /// <param name="Tenants">The tenants.</param>
    /// <param name="Jobs">The jobs.</param>
    /// <param name="Runtime">Their run times.</param>
    public sealed record ScheduleWorkload(ClusterShape Shape, IReadOnlyList<TenantSpec> Tenants, IReadOnlyList<JobSpec> Jobs, IJobRuntime Runtime)
    {
        /// <summary>The checkpoint interval the workload's jobs use, when it says (a scenario's training runs); else the request's.</summary>
        public Duration? CheckpointInterval { get; init; }

        /// <summary>The restart time the workload's jobs take, when it says; else the default.</summary>
        public Duration? RestartOverhead { get; init; }
    }

    private ClusterOptions? Options(Problems problems)
    {
        if (!SchedulingPolicies.IsKnown(Policy))
        {
            problems.Error(Names.Policy, $"expected one of {string.Join(", ", SchedulingPolicies.Names)}, found '{Policy}'{Suggestions.DidYouMean(Policy, SchedulingPolicies.Names)}");
        }

        if (Seed < 0 || Seed > Colossim.Scenarios.Scenario.MaxSeed)
        {
            problems.Error(Names.Seed, $"expected a whole number from 0 to {Colossim.Scenarios.Scenario.MaxSeed}, found {Seed}");
        }

        if (!FailureNames.Contains(Failures))
        {
            problems.Error(Names.Failures, $"expected {string.Join(" or ", FailureNames)}, found '{Failures}'");
        }

        var locality = LocalityNames.ToList().IndexOf(Locality);
        if (locality < 0)
        {
            problems.Error(Names.Locality, $"expected one of {string.Join(", ", LocalityNames)}, found '{Locality}'");
        }

        var checkpoint = CheckpointInterval is null ? new ClusterOptions().CheckpointInterval : DurationOf(Names.Checkpoint, CheckpointInterval, problems, allowZero: true);
        var delay = DurationOf(Names.PreemptionDelay, PreemptionDelay, problems, allowZero: true);
        var horizon = Horizon is null ? null : DurationOf(Names.Horizon, Horizon, problems, allowZero: false);
        if (problems.HasErrors || checkpoint is null || delay is null)
        {
            return null;
        }

        return new ClusterOptions
        {
            Policy = Policy,
            Seed = Seed,
            Failures = Failures == "llama3" ? ClusterFailures.Llama3 : null,
            CheckpointInterval = checkpoint.Value,
            PreemptionDelay = delay.Value,
            Locality = (TopologyLevel)(locality + (int)TopologyLevel.Node),
            LocalityRequired = LocalityRequired,
            Horizon = horizon,
        };
    }

    /// <summary>The workload the request asks for; <see langword="null"/> with problems recorded when it is wrong.</summary>
    public ScheduleWorkload? Workload(ColossimCatalog? catalog, Problems problems, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (Trace is { } trace)
        {
            if (Scenario is not null || Jobs is not null)
            {
                problems.Error(Names.Trace, $"give one workload: {Names.Scenario}, {Names.Trace}, or {Names.Gpus} with {Names.Jobs}");
                return null;
            }

            return FromTrace(trace, problems);
        }

        if (TraceFormat is not null || Nodes is not null || Tenants is not null || ArrivalSpeedup != 1)
        {
            problems.Error(TraceFormat is not null ? Names.TraceFormat : Nodes is not null ? Names.Nodes : Tenants is not null ? Names.Tenants : Names.ArrivalSpeedup, $"goes with {Names.Trace} FILE");
            return null;
        }

        if (Scenario is { } file)
        {
            if (Gpus is not null || Jobs is not null)
            {
                problems.Error(Names.Scenario, $"give either {Names.Scenario} or {Names.Gpus} with {Names.Jobs}, not both");
                return null;
            }

            return FromScenario(file, catalog, problems, cancel);
        }

        if (Site is not null)
        {
            problems.Error(Names.Site, $"{Names.Site} picks a site of {Names.Scenario}; give a scenario too");
        }

        if (Gpus is null || Jobs is null)
        {
            problems.Error(Gpus is null ? Names.Gpus : Names.Jobs, $"expected {Names.Scenario} FILE, or {Names.Gpus} N with {Names.Jobs} K for a synthetic workload");
            return null;
        }

        return Synthetic(Gpus.Value, Jobs.Value, problems);
    }

    private ScheduleWorkload? FromTrace(string file, Problems problems)
    {
        var formats = EnumNames.All<JobTraceFormat>();
        if (EnumNames.Parse<JobTraceFormat>(TraceFormat) is not { } format)
        {
            problems.Error(Names.TraceFormat, TraceFormat is null
                ? $"expected the trace's format with {Names.Trace}: {string.Join(", ", formats)}"
                : $"expected one of {string.Join(", ", formats)}, found '{TraceFormat}'{Suggestions.DidYouMean(TraceFormat, formats)}");
            return null;
        }

        Number(Names.ArrivalSpeedup, ArrivalSpeedup, 0, MaxArrivalSpeedup, problems, openLow: true);
        var trace = JobTraces.Read(file, format, problems, Nodes);
        if (trace is null || problems.HasErrors)
        {
            return null;
        }

        var tenants = trace.Tenants;
        if (Tenants is { } tenantsFile)
        {
            if (TenantFile.Read(tenantsFile, problems) is not { } listed)
            {
                return null;
            }

            var names = listed.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
            var missing = trace.Tenants.Select(t => t.Name).Where(n => !names.Contains(n)).ToList();
            if (missing.Count > 0)
            {
                problems.Error(Names.Tenants, $"the trace's tenants {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? $" and {missing.Count - 5} more" : "")} are not in {tenantsFile}");
                return null;
            }

            tenants = listed;
        }

        ClusterShape shape;
        if (trace.Nodes.Count > 0)
        {
            if (Gpus is not null)
            {
                problems.Error(Names.Gpus, $"the node list gives the cluster ({trace.Nodes.Sum(n => (long)n.Gpus):N0} GPUs); leave {Names.Gpus} out");
                return null;
            }

            if (NodeProblem(trace.Nodes) is { } problem)
            {
                problems.Error(Names.Nodes, problem);
                return null;
            }

            shape = ClusterShape.FromNodes(trace.Nodes);
            WarnUnknownModels(trace, problems);
        }
        else
        {
            if (Gpus is not { } gpus)
            {
                problems.Error(Names.Gpus, $"expected the cluster's GPUs: the {EnumNames.Of(format)} trace has no node list here (give {Names.Gpus} N, or {Names.Nodes} FILE)");
                return null;
            }

            Whole(Names.Gpus, gpus, 1, MaxGpus, problems);
            Whole(Names.GpusPerNode, GpusPerNode, 1, ClusterShape.MaxGpusPerNode, problems);
            if (problems.HasErrors)
            {
                return null;
            }

            shape = ClusterShape.Uniform(gpus, GpusPerNode);
        }

        var jobs = trace.Jobs;
        if (ArrivalSpeedup != 1)
        {
            var speedup = ArrivalSpeedup;
            jobs = [.. jobs.Select(j => j with { Submit = new Duration((long)(j.Submit.Nanoseconds / speedup)) })];
        }

        return new ScheduleWorkload(shape, tenants, jobs, SpecRuntime.Instance);
    }

    // What the scheduler cannot take from a node list that the readers accept (they allow larger nodes).
    private static string? NodeProblem(IReadOnlyList<NodeSpec> nodes)
    {
        if (nodes.FirstOrDefault(n => n.Gpus > ClusterShape.MaxGpusPerNode) is { } big)
        {
            return $"node {big.Id} has {big.Gpus:N0} GPUs; the scheduler takes at most {ClusterShape.MaxGpusPerNode} per node";
        }

        return nodes.All(n => n.Gpus == 0) ? "no node in the list has GPUs; expected at least one" : null;
    }

    // A job may name GPU models no node has (the trace's spec lists models of other clusters): it can run only on the
    // models that exist, and a job none of whose models exist can never run (it is rejected and counted failed).
    private static void WarnUnknownModels(JobTrace trace, Problems problems)
    {
        var models = trace.Nodes.Where(n => n.Gpus > 0 && n.GpuModel is not null).Select(n => n.GpuModel!).ToHashSet(StringComparer.Ordinal);
        var unknown = new SortedSet<string>(StringComparer.Ordinal);
        int naming = 0, none = 0;
        foreach (var job in trace.Jobs)
        {
            if (job.GpuModels.Count == 0 || job.Gpus == 0)
            {
                continue;
            }

            var missing = job.GpuModels.Where(m => !models.Contains(m)).ToList();
            if (missing.Count == 0)
            {
                continue;
            }

            naming++;
            none += missing.Count == job.GpuModels.Count ? 1 : 0;
            unknown.UnionWith(missing);
        }

        if (naming > 0)
        {
            var names = string.Join(", ", unknown.Take(5)) + (unknown.Count > 5 ? $" and {unknown.Count - 5} more" : "");
            problems.Warning(Names.Nodes, string.Create(CultureInfo.InvariantCulture, $"{naming:N0} jobs name GPU models no node has ({names}); they run only on the models that exist, and the {none:N0} that name none of them can never run (counted failed)"));
        }
    }

    private ScheduleWorkload? Synthetic(int gpus, int jobs, Problems problems)
    {
        Whole(Names.Gpus, gpus, 1, MaxGpus, problems);
        Whole(Names.Jobs, jobs, 1, MaxJobs, problems);
        Whole(Names.GpusPerNode, GpusPerNode, 1, ClusterShape.MaxGpusPerNode, problems);
        var maxJob = MaxJobGpus ?? Math.Clamp(gpus, 1, 64);
        Whole(Names.MaxJobGpus, maxJob, 1, Math.Max(1, gpus), problems);
        Number(Names.Load, Load, 0, 100, problems, openLow: true);
        if (ArrivalRate is { } rate)
        {
            Number(Names.ArrivalRate, rate, 0, 1e9, problems, openLow: true);
        }

        Number(Names.Burstiness, Burstiness, 0, 100, problems, openLow: true);
        Number(Names.RuntimeSigma, RuntimeSigma, 0, 10, problems, openLow: false);
        Number(Names.SpotShare, SpotShare, 0, 1, problems, openLow: false);
        var median = DurationOf(Names.Runtime, Runtime, problems, allowZero: false);
        if (median is { } m && m > SyntheticJobs.MaxRuntime)
        {
            problems.Error(Names.Runtime, $"expected at most {SyntheticJobs.MaxRuntime.ToDisplayString()}, found {Runtime}");
        }

        var tenants = SharesOf(problems);
        if (problems.HasErrors || median is null || tenants is null)
        {
            return null;
        }

        var spec = new SyntheticJobs
        {
            Jobs = jobs,
            ArrivalsPerHour = 1,
            Burstiness = Burstiness,
            MaxGpus = maxJob,
            MedianRuntime = median.Value,
            RuntimeSigma = RuntimeSigma,
            SpotShare = SpotShare,
        };
        var perHour = ArrivalRate ?? Load * gpus / (MeanGpus(spec) * MeanHours(spec));
        if (!(perHour > 0) || !double.IsFinite(perHour) || perHour > 1e9)
        {
            problems.Error(ArrivalRate is null ? Names.Load : Names.ArrivalRate, $"gives {perHour.ToString("g3", CultureInfo.InvariantCulture)} arrivals per hour; expected above 0 and at most 1e9");
            return null;
        }

        var generated = (spec with { ArrivalsPerHour = perHour }).Generate(tenants, new RandomStreams(unchecked((ulong)Seed)));
        return new ScheduleWorkload(ClusterShape.Uniform(gpus, GpusPerNode), tenants, generated, SpecRuntime.Instance);
    }

    // GPU-time per job the generator asks for on average: fractional jobs use part of a GPU.
    private static double MeanGpus(SyntheticJobs spec)
    {
        var sizes = (int)Math.Floor(Math.Log2(spec.MaxGpus)) + 1;
        double sum = 0, weighted = 0;
        for (var k = 0; k < sizes; k++)
        {
            var p = Math.Pow(spec.SizeDecay, k);
            sum += p;
            weighted += p * (k == 0 ? 1 - (spec.FractionalShare * 0.625) : 1 << k);
        }

        return weighted / sum;
    }

    private static double MeanHours(SyntheticJobs spec) =>
        Math.Min(SyntheticJobs.MaxRuntime.TotalHours, spec.MedianRuntime.TotalHours * Math.Exp(spec.RuntimeSigma * spec.RuntimeSigma / 2));

    private List<TenantSpec>? SharesOf(Problems problems)
    {
        if (Shares is null)
        {
            return [];
        }

        var tenants = new List<TenantSpec>();
        foreach (var part in Shares.Split(',', StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=', StringSplitOptions.TrimEntries);
            if (pair.Length != 2 || pair[0].Length == 0 || !double.TryParse(pair[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var share) || !(share >= 0 && share <= 1))
            {
                problems.Error(Names.Shares, $"expected NAME=SHARE pairs with shares from 0 to 1, such as xai=0.6,microsoft=0.4; found '{part}'");
                return null;
            }

            if (tenants.Any(t => t.Name == pair[0]))
            {
                problems.Error(Names.Shares, $"tenant '{pair[0]}' is given twice");
                return null;
            }

            tenants.Add(new TenantSpec { Name = pair[0], Share = share });
        }

        var total = tenants.Sum(t => t.Share);
        if (total > 1 + 1e-9)
        {
            problems.Error(Names.Shares, $"expected shares adding up to at most 1, found {total.ToString("0.###", CultureInfo.InvariantCulture)}");
            return null;
        }

        return tenants;
    }

    private ScheduleWorkload? FromScenario(string file, ColossimCatalog? catalog, Problems problems, CancellationToken cancel)
    {
        var loaded = ScenarioLoader.LoadFile(file, catalog);
        problems.AddRange(loaded.Problems);
        if (loaded.Scenario is not { } scenario)
        {
            return null;
        }

        var site = Site is null ? scenario.Sites[0] : scenario.FindSite(Site);
        if (site is null)
        {
            problems.Error(Names.Site, $"expected one of the scenario's sites ({string.Join(", ", scenario.Sites.Select(s => s.Name))}), found '{Site}'");
            return null;
        }

        return ScenarioSharing.Workload(scenario, site, null, problems, cancel);
    }

    private static void Whole(string name, long value, long min, long max, Problems problems)
    {
        if (value < min || value > max)
        {
            problems.Error(name, $"expected a whole number from {min} to {max}, found {value}");
        }
    }

    private static void Number(string name, double value, double min, double max, Problems problems, bool openLow)
    {
        if (!double.IsFinite(value) || (openLow ? value <= min : value < min) || value > max)
        {
            var low = openLow ? $"above {min}" : $"from {min}";
            problems.Error(name, string.Create(CultureInfo.InvariantCulture, $"expected a number {low} to {max}, found {value}"));
        }
    }

    private static Duration? DurationOf(string name, string text, Problems problems, bool allowZero)
    {
        if (!Duration.TryParse(text, out var value, out var error))
        {
            problems.Error(name, error);
            return null;
        }

        if (value < Duration.Zero || (!allowZero && value == Duration.Zero) || value > Duration.FromHours(100 * 365 * 24))
        {
            problems.Error(name, $"expected a duration {(allowZero ? "from 0s" : "above 0s")} to 100 years, such as 30min, found {text}");
            return null;
        }

        return value;
    }
}
