using Colossim.Catalog;
using Colossim.Cluster;
using Colossim.Facility;
using Colossim.Reports;
using Colossim.Serving;
using Colossim.Training;

namespace Colossim.Scenarios;

/// <summary>
/// A scenario: the platform that exists (sites with their GPUs, fabric and power), who shares it (tenants) and what
/// runs on it (workloads), every name already resolved through the catalog and every reference checked. Produced by
/// <see cref="ScenarioLoader"/> from a YAML or JSON document (see <c>docs/scenario.md</c>); immutable.
/// </summary>
public sealed record Scenario
{
    /// <summary>The scenario's name (<c>colossus-phase-1</c>); free text, never empty.</summary>
    public required string Name { get; init; }

    /// <summary>A sentence or two for people; <see langword="null"/> when the document has none.</summary>
    public string? Description { get; init; }

    /// <summary>The largest seed (2^53): every seed up to it is exact in JSON, whose numbers are doubles.</summary>
    public const long MaxSeed = 1L << 53;

    /// <summary>The seed every random stream of a run derives from, in [0, <see cref="MaxSeed"/>]; 0 when the document gives none.</summary>
    public long Seed { get; init; }

    /// <summary>The sites, at least one, with unique names, in document order.</summary>
    public required IReadOnlyList<Site> Sites { get; init; }

    /// <summary>The partners sharing the capacity, with unique names and shares adding up to at most 1; may be empty.</summary>
    public IReadOnlyList<Tenant> Tenants { get; init; } = [];

    /// <summary>What runs on the platform.</summary>
    public Workloads Workloads { get; init; } = Workloads.None;

    /// <summary>The jobs the partners share the cluster with (synthetic streams and trace replays); none when the document has no <c>jobs</c> section.</summary>
    public ScenarioJobs Jobs { get; init; } = ScenarioJobs.None;

    /// <summary>What the run's report holds.</summary>
    public ReportOptions Report { get; init; } = ReportOptions.Default;

    /// <summary>The catalog the scenario's names were resolved in: the built-in one plus the scenario's inline entries.</summary>
    public required ColossimCatalog Catalog { get; init; }

    /// <summary>The file the scenario was read from, as given; <see langword="null"/> when it was parsed from text.</summary>
    public string? SourcePath { get; init; }

    /// <summary>GPUs over all sites.</summary>
    public long TotalGpus
    {
        get
        {
            long total = 0;
            foreach (var site in Sites)
            {
                total += site.Gpus.Count;
            }

            return total;
        }
    }

    /// <summary>The site named <paramref name="name"/> (case-sensitive), or <see langword="null"/>.</summary>
    public Site? FindSite(string name)
    {
        foreach (var site in Sites)
        {
            if (site.Name == name)
            {
                return site;
            }
        }

        return null;
    }
}

/// <summary>A partner that owns a share of the capacity (the AI Infrastructure Partnership's members, say).</summary>
public sealed record Tenant
{
    /// <summary>Unique name within the scenario (<c>xai</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The fraction of the capacity the tenant is entitled to, in (0, 1].</summary>
    public required double Share { get; init; }

    /// <summary>The most it may borrow beyond its share, as a share of the capacity in [0, 1]; <see langword="null"/>: no limit.</summary>
    public double? BorrowingLimit { get; init; }

    /// <summary>The most of its share it lends to others when idle, in [0, <see cref="Share"/>]; <see langword="null"/>: all of it.</summary>
    public double? LendingLimit { get; init; }

    /// <summary>Fair-share weight, above 0 (default 1).</summary>
    public double Weight { get; init; } = 1;

    /// <summary>The tenant as the Share pillar's scheduler takes it.</summary>
    public TenantSpec ToSpec() => new() { Name = Name, Share = Share, BorrowingLimit = BorrowingLimit, LendingLimit = LendingLimit, Weight = Weight };
}

/// <summary>Everything the scenario runs; workload names are unique across both lists.</summary>
public sealed record Workloads
{
    /// <summary>No workloads.</summary>
    public static Workloads None { get; } = new();

    /// <summary>Training jobs, in document order.</summary>
    public IReadOnlyList<TrainingWorkload> Training { get; init; } = [];

    /// <summary>Inference services, in document order.</summary>
    public IReadOnlyList<ServingWorkload> Serving { get; init; } = [];

    /// <summary>Training and serving workloads together.</summary>
    public int Count => Training.Count + Serving.Count;
}

/// <summary>A training job: a model trained on a number of tokens with a number of GPUs of one site.</summary>
public sealed record TrainingWorkload
{
    /// <summary>Unique name among the scenario's workloads.</summary>
    public required string Name { get; init; }

    /// <summary>The tenant that runs it; <see langword="null"/> only when the scenario lists no tenants.</summary>
    public string? Tenant { get; init; }

    /// <summary>The site it runs on (the only site when the document names none).</summary>
    public required string Site { get; init; }

    /// <summary>The model architecture.</summary>
    public required ModelSpec Model { get; init; }

    /// <summary>GPUs the job uses, in [1, the site's GPU count].</summary>
    public required int Gpus { get; init; }

    /// <summary>Tokens to train on, at least 1 (<c>1.5e13</c>).</summary>
    public required double Tokens { get; init; }

    /// <summary>The parallel layout, when the document fixes one; otherwise the Train pillar searches for the best.</summary>
    public ParallelLayout? Parallelism { get; init; }
}

/// <summary>An inference service: a model answering a stream of requests, with latency targets.</summary>
public sealed record ServingWorkload
{
    /// <summary>Unique name among the scenario's workloads.</summary>
    public required string Name { get; init; }

    /// <summary>The tenant that runs it; <see langword="null"/> only when the scenario lists no tenants.</summary>
    public string? Tenant { get; init; }

    /// <summary>The site it runs on (the only site when the document names none).</summary>
    public required string Site { get; init; }

    /// <summary>The model architecture.</summary>
    public required ModelSpec Model { get; init; }

    /// <summary>GPUs the service may use, in [1, the site's GPU count]; <see langword="null"/> to let the Serve pillar size it.</summary>
    public int? Gpus { get; init; }

    /// <summary>The requests.</summary>
    public required Traffic Traffic { get; init; }

    /// <summary>Latency targets, when the document sets any.</summary>
    public Slo? Slo { get; init; }

    /// <summary>A prefill:decode split of the replicas (Splitwise, DistServe), scaled to the replicas the GPUs hold; <see langword="null"/> for colocated replicas.</summary>
    public PoolRatio? Disaggregation { get; init; }

    /// <summary>Expert-parallel degree of each replica (<see cref="Serving.ServeRequest.Ep"/>), 1 to 1,024: 1 for a dense model, else a divisor of its experts.</summary>
    public int Ep { get; init; } = 1;

    /// <summary>When a disaggregated workload's KV cache leaves the prefill replica (<c>disaggregation.kv_transfer</c>); after the prefill by default.</summary>
    public KvTransferMode KvTransfer { get; init; }

    /// <summary>
    /// What the deployment search (<see cref="Serving.DeploymentSearch"/>, as <c>colossim serve --search</c> runs it)
    /// ranks this workload's deployments by (<c>search</c>); <see langword="null"/> (the default) for no search, the
    /// first deployment that fits. <see cref="Serving.DeploymentObjective.Throughput"/> only without an SLO, the other
    /// two only with one.
    /// </summary>
    public Serving.DeploymentObjective? Search { get; init; }
}

/// <summary>What the run's report holds.</summary>
public sealed record ReportOptions
{
    /// <summary>Text and HTML.</summary>
    public static ReportOptions Default { get; } = new();

    /// <summary>The formats to write, without repeats, in document order (default text and html).</summary>
    public IReadOnlyList<ReportFormat> Formats { get; init; } = [ReportFormat.Text, ReportFormat.Html];
}
