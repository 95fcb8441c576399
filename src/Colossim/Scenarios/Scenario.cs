using Colossim.Catalog;
using Colossim.Training;
using Colossim.Units;

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

    /// <summary>The seed every random stream of a run derives from, in [0, 2^53]; 0 when the document gives none.</summary>
    public long Seed { get; init; }

    /// <summary>The sites, at least one, with unique names, in document order.</summary>
    public required IReadOnlyList<Site> Sites { get; init; }

    /// <summary>The partners sharing the capacity, with unique names and shares adding up to at most 1; may be empty.</summary>
    public IReadOnlyList<Tenant> Tenants { get; init; } = [];

    /// <summary>What runs on the platform.</summary>
    public Workloads Workloads { get; init; } = Workloads.None;

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

/// <summary>One datacenter campus (or building): its GPUs, the network joining them and its power.</summary>
public sealed record Site
{
    /// <summary>Unique name within the scenario (<c>memphis</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The GPUs installed.</summary>
    public required SiteGpus Gpus { get; init; }

    /// <summary>The server or rack-scale system the GPUs come in (<c>hgx-h100</c>), when the document names one.</summary>
    public SystemSpec? System { get; init; }

    /// <summary>The scale-out network.</summary>
    public SiteFabric Fabric { get; init; } = SiteFabric.Default;

    /// <summary>Grid connection, batteries, cooling overhead and electricity price.</summary>
    public SitePower Power { get; init; } = SitePower.Default;
}

/// <summary>The GPUs of a site: one type, a count.</summary>
public sealed record SiteGpus
{
    /// <summary>The GPU, as the catalog describes it.</summary>
    public required GpuSpec Type { get; init; }

    /// <summary>How many, in [1, 10,000,000]; a multiple of the system's GPUs per node when a system is named.</summary>
    public required int Count { get; init; }
}

/// <summary>The physical kind of a scale-out network.</summary>
public enum FabricKind
{
    /// <summary>InfiniBand (NVIDIA Quantum): credit-based, lossless.</summary>
    Infiniband,

    /// <summary>Ethernet with RDMA (RoCE), such as NVIDIA Spectrum-X: the Colossus fabric.</summary>
    EthernetRdma,

    /// <summary>Ordinary Ethernet (TCP), for storage or loosely coupled serving.</summary>
    Ethernet,
}

/// <summary>How the scale-out switches are arranged.</summary>
public enum FabricTopology
{
    /// <summary>A folded Clos (fat tree) where every GPU's NIC goes to any leaf.</summary>
    FatTree,

    /// <summary>A fat tree whose leaves are rails: NIC i of every node goes to leaf group i (NVIDIA SuperPOD style).</summary>
    RailOptimizedFatTree,

    /// <summary>Rails only, no spine: GPUs of different rails talk through the scale-up domain.</summary>
    RailOnly,
}

/// <summary>A site's scale-out network as the scenario describes it; the Build pillar turns it into switches and optics.</summary>
public sealed record SiteFabric
{
    /// <summary>InfiniBand unless told otherwise, on a rail-optimised fat tree without oversubscription.</summary>
    public static SiteFabric Default { get; } = new();

    /// <summary>The physical kind (default InfiniBand).</summary>
    public FabricKind Kind { get; init; } = FabricKind.Infiniband;

    /// <summary>The arrangement of switches (default rail-optimised fat tree).</summary>
    public FabricTopology Topology { get; init; } = FabricTopology.RailOptimizedFatTree;

    /// <summary>Downlink to uplink bandwidth ratio at the leaves, in [1, 64]; 1 means non-blocking (the default).</summary>
    public double Oversubscription { get; init; } = 1;

    /// <summary>The switch family (<c>spectrum-x</c>), when the document names one; its kind matches <see cref="Kind"/>.</summary>
    public FabricSpec? Switch { get; init; }
}

/// <summary>A site's power supply and what electricity costs there.</summary>
public sealed record SitePower
{
    /// <summary>No grid limit given, no batteries, PUE 1.2, $0.08 per kWh.</summary>
    public static SitePower Default { get; } = new();

    /// <summary>The grid connection's capacity; <see langword="null"/> when the document does not limit it.</summary>
    public Watts? Grid { get; init; }

    /// <summary>Battery storage on site (default none).</summary>
    public Energy Battery { get; init; }

    /// <summary>Power usage effectiveness, facility power over IT power, in [1, 3] (default 1.2, a liquid-cooled AI hall).</summary>
    public double Pue { get; init; } = 1.2;

    /// <summary>The price of one kilowatt-hour (default $0.08, a US industrial rate).</summary>
    public Usd PricePerKwh { get; init; } = new(0.08);
}

/// <summary>A partner that owns a share of the capacity (the AI Infrastructure Partnership's members, say).</summary>
public sealed record Tenant
{
    /// <summary>Unique name within the scenario (<c>xai</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The fraction of the capacity the tenant is entitled to, in (0, 1].</summary>
    public required double Share { get; init; }
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
}

/// <summary>How requests arrive when they are generated at a rate rather than replayed from a trace.</summary>
public enum ArrivalProcess
{
    /// <summary>Exponential gaps between requests (the default).</summary>
    Poisson,

    /// <summary>Evenly spaced requests.</summary>
    Constant,
}

/// <summary>The requests a service receives: a replayed trace, or a rate with request lengths; either scaled.</summary>
public sealed record Traffic
{
    /// <summary>
    /// A known trace id (see <see cref="KnownTraces"/>) or the full path of a trace file (CSV or JSON lines);
    /// <see langword="null"/> when requests are generated from <see cref="Rate"/>.
    /// </summary>
    public string? Trace { get; init; }

    /// <summary>Requests per second, above 0, when requests are generated; <see langword="null"/> with a trace.</summary>
    public double? Rate { get; init; }

    /// <summary>Request lengths, given exactly when <see cref="Rate"/> is.</summary>
    public RequestLengths? Lengths { get; init; }

    /// <summary>How generated requests are spaced (default Poisson).</summary>
    public ArrivalProcess Arrival { get; init; } = ArrivalProcess.Poisson;

    /// <summary>A factor on the request rate, above 0 and at most 1,000,000 (default 1): 50 replays a trace 50 times as fast.</summary>
    public double Scale { get; init; } = 1;

    /// <summary>Trace ids the scenario format knows; the Serve pillar finds their files.</summary>
    public static IReadOnlyList<string> KnownTraces { get; } =
        ["azure-code-2023", "azure-conv-2023", "mooncake-conversation", "mooncake-synthetic"];
}

/// <summary>The mean lengths of generated requests, in tokens.</summary>
public sealed record RequestLengths
{
    /// <summary>Prompt tokens per request, at least 1.</summary>
    public required double Input { get; init; }

    /// <summary>Generated tokens per request, at least 1.</summary>
    public required double Output { get; init; }
}

/// <summary>Latency targets of a service; at least one is set.</summary>
public sealed record Slo
{
    /// <summary>99th percentile of the time to the first token.</summary>
    public Duration? TtftP99 { get; init; }

    /// <summary>99th percentile of the time per output token after the first.</summary>
    public Duration? TpotP99 { get; init; }
}

/// <summary>A format of the run's report.</summary>
public enum ReportFormat
{
    /// <summary>Tables for people.</summary>
    Text,

    /// <summary>A page with charts that opens offline.</summary>
    Html,

    /// <summary>One JSON document for programs.</summary>
    Json,
}

/// <summary>What the run's report holds.</summary>
public sealed record ReportOptions
{
    /// <summary>Text only.</summary>
    public static ReportOptions Default { get; } = new();

    /// <summary>The formats to write, without repeats, in document order (default text).</summary>
    public IReadOnlyList<ReportFormat> Formats { get; init; } = [ReportFormat.Text];
}
