using Colossim.Units;

namespace Colossim.Scenarios;

/// <summary>
/// Everything a run of a scenario found, one section per pillar. Today the <see cref="Platform"/> section (what the
/// sites hold and can do at peak) and the lists of tenants and workloads; the Train, Serve, Share and Power pillars add
/// their sections here as they land. Immutable; the same scenario and seed give an equal report.
/// </summary>
public sealed record ScenarioReport
{
    /// <summary>The scenario's name.</summary>
    public required string Scenario { get; init; }

    /// <summary>The scenario's description, when it has one.</summary>
    public string? Description { get; init; }

    /// <summary>The file the scenario came from, as given; <see langword="null"/> when it was parsed from text.</summary>
    public string? SourcePath { get; init; }

    /// <summary>The seed the run used: the scenario's, or the one the caller chose instead.</summary>
    public required long Seed { get; init; }

    /// <summary>What the sites hold and what they can do at peak.</summary>
    public required PlatformReport Platform { get; init; }

    /// <summary>The tenants and the GPUs their shares come to.</summary>
    public required IReadOnlyList<TenantReport> Tenants { get; init; }

    /// <summary>The training workloads as the scenario states them, with their models' sizes.</summary>
    public required IReadOnlyList<TrainingReport> Training { get; init; }

    /// <summary>The serving workloads as the scenario states them, with their models' sizes.</summary>
    public required IReadOnlyList<ServingReport> Serving { get; init; }
}

/// <summary>The platform: each site and the whole.</summary>
public sealed record PlatformReport
{
    /// <summary>One entry per site, in scenario order.</summary>
    public required IReadOnlyList<SitePlatform> Sites { get; init; }

    /// <summary>The sums over all sites.</summary>
    public required PlatformTotals Total { get; init; }
}

/// <summary>One site's GPUs and what they add up to at peak.</summary>
public sealed record SitePlatform
{
    /// <summary>The site's name.</summary>
    public required string Name { get; init; }

    /// <summary>The GPU's catalog id (<c>h100-sxm</c>).</summary>
    public required string GpuId { get; init; }

    /// <summary>The GPU's marketing name (<c>NVIDIA H100 SXM</c>).</summary>
    public required string GpuName { get; init; }

    /// <summary>GPUs at the site.</summary>
    public required long Gpus { get; init; }

    /// <summary>The system whose node power gave <see cref="ItPower"/>, when one did.</summary>
    public string? SystemId { get; init; }

    /// <summary>Nodes (servers or compute trays) of <see cref="SystemId"/>: GPUs / GPUs per node.</summary>
    public long? Nodes { get; init; }

    /// <summary>Peak dense BF16 compute: GPUs × the GPU's dense BF16 peak.</summary>
    public required FlopRate DenseBf16 { get; init; }

    /// <summary>Peak dense FP8 compute; <see langword="null"/> when the GPU has no FP8 tensor cores.</summary>
    public FlopRate? DenseFp8 { get; init; }

    /// <summary>High-bandwidth memory over all GPUs.</summary>
    public required Bytes HbmCapacity { get; init; }

    /// <summary>Aggregate high-bandwidth memory bandwidth: GPUs × one GPU's.</summary>
    public required Bandwidth HbmBandwidth { get; init; }

    /// <summary>The GPUs' power at their thermal design power: GPUs × TDP.</summary>
    public required Watts GpuPower { get; init; }

    /// <summary>
    /// Server power at full load: nodes × the system's node power (GPUs, CPUs, memory, NICs, fans); network switches and
    /// storage are not counted. <see langword="null"/> when no system describes the site's nodes.
    /// </summary>
    public Watts? ItPower { get; init; }

    /// <summary>How <see cref="ItPower"/> was estimated, or why it was not, in a sentence.</summary>
    public required string ItPowerBasis { get; init; }

    /// <summary>Facility power at full load: <see cref="ItPower"/> × PUE; <see langword="null"/> with it.</summary>
    public Watts? FacilityPower { get; init; }

    /// <summary>The site's power description, as the scenario gives it (defaults filled in).</summary>
    public required SitePower Power { get; init; }

    /// <summary>The site's fabric description, as the scenario gives it (defaults filled in).</summary>
    public required SiteFabric Fabric { get; init; }
}

/// <summary>The platform as a whole.</summary>
public sealed record PlatformTotals
{
    /// <summary>Sites.</summary>
    public required int Sites { get; init; }

    /// <summary>GPUs over all sites.</summary>
    public required long Gpus { get; init; }

    /// <summary>Peak dense BF16 compute over all sites.</summary>
    public required FlopRate DenseBf16 { get; init; }

    /// <summary>Peak dense FP8 compute over the sites whose GPUs have FP8; <see langword="null"/> when none has.</summary>
    public FlopRate? DenseFp8 { get; init; }

    /// <summary>High-bandwidth memory over all sites.</summary>
    public required Bytes HbmCapacity { get; init; }

    /// <summary>Aggregate high-bandwidth memory bandwidth over all sites.</summary>
    public required Bandwidth HbmBandwidth { get; init; }

    /// <summary>GPU power at TDP over all sites.</summary>
    public required Watts GpuPower { get; init; }

    /// <summary>Server power over all sites; <see langword="null"/> when a site's is unknown.</summary>
    public Watts? ItPower { get; init; }

    /// <summary>Facility power over all sites; <see langword="null"/> when a site's is unknown.</summary>
    public Watts? FacilityPower { get; init; }

    /// <summary>Grid capacity over all sites; <see langword="null"/> when a site does not state it.</summary>
    public Watts? Grid { get; init; }

    /// <summary>Battery storage over all sites.</summary>
    public required Energy Battery { get; init; }
}

/// <summary>A tenant and what its share comes to.</summary>
public sealed record TenantReport
{
    /// <summary>The tenant's name.</summary>
    public required string Name { get; init; }

    /// <summary>Its share of the capacity, in (0, 1].</summary>
    public required double Share { get; init; }

    /// <summary>Share × all GPUs: the GPUs the tenant is entitled to on average (not rounded).</summary>
    public required double Gpus { get; init; }
}

/// <summary>A training workload as the scenario states it.</summary>
public sealed record TrainingReport
{
    /// <summary>The workload's name.</summary>
    public required string Name { get; init; }

    /// <summary>The tenant running it, if the scenario has tenants.</summary>
    public string? Tenant { get; init; }

    /// <summary>The site it runs on.</summary>
    public required string Site { get; init; }

    /// <summary>The model's catalog name.</summary>
    public required string Model { get; init; }

    /// <summary>The model's parameters, all experts counted.</summary>
    public required double Parameters { get; init; }

    /// <summary>Parameters one token passes through (equal to <see cref="Parameters"/> for a dense model).</summary>
    public required double ActiveParameters { get; init; }

    /// <summary>GPUs.</summary>
    public required int Gpus { get; init; }

    /// <summary>Tokens to train on.</summary>
    public required double Tokens { get; init; }

    /// <summary>The fixed layout, if the scenario gives one.</summary>
    public Parallelism? Parallelism { get; init; }
}

/// <summary>A serving workload as the scenario states it.</summary>
public sealed record ServingReport
{
    /// <summary>The workload's name.</summary>
    public required string Name { get; init; }

    /// <summary>The tenant running it, if the scenario has tenants.</summary>
    public string? Tenant { get; init; }

    /// <summary>The site it runs on.</summary>
    public required string Site { get; init; }

    /// <summary>The model's catalog name.</summary>
    public required string Model { get; init; }

    /// <summary>The model's parameters, all experts counted.</summary>
    public required double Parameters { get; init; }

    /// <summary>Parameters one token passes through.</summary>
    public required double ActiveParameters { get; init; }

    /// <summary>GPUs, when the scenario fixes them.</summary>
    public int? Gpus { get; init; }

    /// <summary>The requests.</summary>
    public required Traffic Traffic { get; init; }

    /// <summary>The latency targets, if any.</summary>
    public Slo? Slo { get; init; }
}

/// <summary>How a run is done beyond what the scenario says.</summary>
public sealed record ScenarioRunOptions
{
    /// <summary>Runs with the scenario's own settings.</summary>
    public static ScenarioRunOptions Default { get; } = new();

    /// <summary>A seed in [0, 2^53] to use instead of the scenario's; <see langword="null"/> keeps the scenario's.</summary>
    public long? Seed { get; init; }
}
