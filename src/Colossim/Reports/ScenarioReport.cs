using Colossim.Documents;
using Colossim.Facility;
using Colossim.Serving;
using Colossim.Training;
using Colossim.Units;

namespace Colossim.Reports;

/// <summary>
/// Everything a run of a scenario found, one section per pillar. Today the <see cref="Platform"/> section (what the
/// sites hold and can do at peak), the <see cref="Build"/> section (each site planned by the Build and Power model:
/// nodes, network, power, money, a day's power timeline) and the lists of tenants and workloads; the Train, Serve and
/// Share pillars add their sections here as they land. Immutable; the same scenario and seed give the same report.
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

    /// <summary>Each site as the Build and Power model plans it (the model behind <c>colossim plan</c> and <c>colossim power</c>).</summary>
    public required BuildReport Build { get; init; }

    /// <summary>The tenants and the GPUs their shares come to.</summary>
    public required IReadOnlyList<TenantReport> Tenants { get; init; }

    /// <summary>The training workloads as the scenario states them, with their models' sizes.</summary>
    public required IReadOnlyList<TrainingReport> Training { get; init; }

    /// <summary>The serving workloads as the scenario states them, with their models' sizes.</summary>
    public required IReadOnlyList<ServingReport> Serving { get; init; }

    /// <summary>Each site's workloads shared by the tenants (the Share pillar), for the sites that run any; empty when none does.</summary>
    public IReadOnlyList<SiteSharingReport> Sharing { get; init; } = [];

    /// <summary>
    /// What the run found wrong with the scenario beyond what the loader checks: warnings (a generic server assumed
    /// for a GPU no catalog system holds; a site whose workloads do not fit its GPUs at once, so that its power timeline
    /// is left out) and errors (a site that could not be planned). Empty for a clean run.
    /// </summary>
    public IReadOnlyList<Problem> Problems { get; init; } = [];

    /// <summary>Whether a problem is an error: some site could not be planned and its sections are incomplete.</summary>
    public bool HasErrors => Problems.Any(p => p.Severity == Severity.Error);
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

    /// <summary>The system the site's plan buys (see <see cref="SiteBuildReport"/>); <see langword="null"/> when the site could not be planned.</summary>
    public string? SystemId { get; init; }

    /// <summary>Nodes (servers or compute trays) of <see cref="SystemId"/> in the site's plan.</summary>
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
    /// IT power at nameplate from the site's plan: servers (nodes × node power), network (switches and optics) and
    /// storage, exactly <see cref="PowerPlan.It"/>. <see langword="null"/> when the site could not be planned.
    /// </summary>
    public Watts? ItPower { get; init; }

    /// <summary>Facility power at nameplate: <see cref="ItPower"/> × PUE (<see cref="PowerPlan.Facility"/>); <see langword="null"/> with it.</summary>
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

    /// <summary>IT power at nameplate over all sites; <see langword="null"/> when a site's is unknown.</summary>
    public Watts? ItPower { get; init; }

    /// <summary>Facility power over all sites; <see langword="null"/> when a site's is unknown.</summary>
    public Watts? FacilityPower { get; init; }

    /// <summary>Grid capacity over all sites; <see langword="null"/> when a site does not state it.</summary>
    public Watts? Grid { get; init; }

    /// <summary>Battery storage over all sites.</summary>
    public required Energy Battery { get; init; }
}

/// <summary>The Build section: each site's plan and a day of its power, and the sums over the sites.</summary>
public sealed record BuildReport
{
    /// <summary>One entry per site that could be planned (all of them unless the report has errors), in scenario order.</summary>
    public required IReadOnlyList<SiteBuildReport> Sites { get; init; }

    /// <summary>The sums over <see cref="Sites"/>.</summary>
    public required BuildTotals Total { get; init; }
}

/// <summary>
/// One site as <c>colossim plan --gpus N</c> would build it with the site's system, fabric, PUE, electricity price,
/// oversubscription and batteries (<c>Scenarios.SiteBuild.Plan</c>), and its power over a day as <c>colossim power</c>
/// computes it with its defaults.
/// </summary>
public sealed record SiteBuildReport
{
    /// <summary>The site's name.</summary>
    public required string Site { get; init; }

    /// <summary>
    /// The plan: nodes, racks, scalable units, the fat tree (tiers, switches by tier, transceivers, scale-out bandwidth
    /// per GPU), power (servers, network, storage; facility), capex by category, opex, TCO and cost per GPU-hour; its
    /// notes say what was assumed or rounded.
    /// </summary>
    public required ClusterPlan Plan { get; init; }

    /// <summary>The site's power over a day; <see langword="null"/> when its workloads do not fit its GPUs at once (a warning says so).</summary>
    public PowerDay? Power { get; init; }
}

/// <summary>
/// What a site draws over its power timeline (a day in 1 s
/// samples, batteries smoothing: the defaults of <c>colossim power</c>), in short.
/// </summary>
public sealed record PowerDay
{
    /// <summary>How long the timeline ran.</summary>
    public required Duration Length { get; init; }

    /// <summary>Time between samples.</summary>
    public required Duration Step { get; init; }

    /// <summary>How the batteries were dispatched.</summary>
    public required BatteryPolicy Policy { get; init; }

    /// <summary>Highest facility draw: what the grid would supply at peak without batteries.</summary>
    public required Watts PeakWithoutBatteries { get; init; }

    /// <summary>Highest grid draw with the batteries dispatched (equal to <see cref="PeakWithoutBatteries"/> without batteries).</summary>
    public required Watts PeakGrid { get; init; }

    /// <summary>Energy drawn from the grid over <see cref="Length"/> (battery losses included).</summary>
    public required Energy GridEnergy { get; init; }

    /// <summary>What <see cref="GridEnergy"/> costs at the site's electricity price.</summary>
    public required Usd EnergyCost { get; init; }

    /// <summary>CO2 of <see cref="GridEnergy"/>, tonnes (≥ 0).</summary>
    public required double TonnesCo2 { get; init; }

    /// <summary>
    /// The samples themselves (facility draw, grid draw with the batteries, battery power and charge), for the report's
    /// charts and tables; <see langword="null"/> when only the summary is known.
    /// </summary>
    public PowerTimelineResult? Timeline { get; init; }
}

/// <summary>The Build section summed over its sites.</summary>
public sealed record BuildTotals
{
    /// <summary>GPUs in the plans (each site's count rounded up to whole purchase units).</summary>
    public required long Gpus { get; init; }

    /// <summary>Nodes.</summary>
    public required long Nodes { get; init; }

    /// <summary>Compute racks.</summary>
    public required long Racks { get; init; }

    /// <summary>Scale-out switches in all tiers.</summary>
    public required long Switches { get; init; }

    /// <summary>Optical transceivers.</summary>
    public required long Transceivers { get; init; }

    /// <summary>IT power at nameplate.</summary>
    public required Watts ItPower { get; init; }

    /// <summary>Facility power at nameplate.</summary>
    public required Watts FacilityPower { get; init; }

    /// <summary>Capital expenditure by category.</summary>
    public required CapexBreakdown Capex { get; init; }

    /// <summary>Operating expenditure per year.</summary>
    public required Usd OpexPerYear { get; init; }

    /// <summary>Total cost of ownership over each plan's years.</summary>
    public required Usd Tco { get; init; }

    /// <summary>
    /// Cost of one used GPU-hour over all sites: Σ (depreciation + opex) per year / Σ (GPUs × 8,766 h × utilisation);
    /// <see langword="null"/> when there are no sites.
    /// </summary>
    public Usd? UsdPerGpuHour { get; init; }
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

/// <summary>A training workload as the scenario states it, and as the Train pillar simulates it.</summary>
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
    public ParallelLayout? Parallelism { get; init; }

    /// <summary>The Train pillar's answer on the site's plan (the layout's or the best searched layout's step, and the run of the tokens); <see langword="null"/> when the workload could not be simulated (the report's problems say why).</summary>
    public TrainResult? Simulated { get; init; }
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

    /// <summary>The workload simulated (<c>colossim serve</c>'s model); <see langword="null"/> when it could not run (the run's problems say why).</summary>
    public ServingSimulationReport? Simulation { get; init; }
}

/// <summary>One serving workload's simulated run inside <c>colossim run</c>.</summary>
public sealed record ServingSimulationReport
{
    /// <summary>The simulation's result (its setup holds the deployment).</summary>
    public required ServingResult Result { get; init; }

    /// <summary>Tensor-parallel degree of each replica.</summary>
    public required int Tp { get; init; }

    /// <summary>Pipeline stages of each replica.</summary>
    public required int Pp { get; init; }

    /// <summary>Expert-parallel degree of each replica (1 for none).</summary>
    public int Ep { get; init; } = 1;

    /// <summary>GPUs serving (whole replicas of the workload's GPUs).</summary>
    public required long Gpus { get; init; }

    /// <summary>Simulated time from zero to the last request's arrival; the run then drained.</summary>
    public required Duration SimulatedTime { get; init; }

    /// <summary>How each replica batches (the search's choice, or the default continuous batching).</summary>
    public SchedulerKind Scheduler { get; init; } = SchedulerKind.Continuous;

    /// <summary>
    /// The deployment search that chose this deployment (the workload's <c>search</c>: every candidate, best first, the
    /// objective and the simulations run); <see langword="null"/> when the workload was not searched.
    /// </summary>
    public DeploymentSearchResult? Search { get; init; }

    /// <summary>
    /// The same deployment at a few offered loads around the workload's own (its load ladder, in ascending load), for
    /// the throughput-versus-load and latency-versus-load charts and the <c>serving_load</c> table; empty when the run
    /// did not ask for it (<c>colossim run</c> without <c>--out</c>) or the traffic has no rate to scale.
    /// </summary>
    public IReadOnlyList<ServingLoadPoint> LoadLadder { get; init; } = [];
}

/// <summary>One point of a serving workload's load ladder: its deployment simulated at a fraction of its offered load.</summary>
public sealed record ServingLoadPoint
{
    /// <summary>The offered load as a fraction of the workload's own (0.2 is 20 %); above 0.</summary>
    public required double Fraction { get; init; }

    /// <summary>The fleet's offered load, requests per second: the fraction times the workload's own arrival rate.</summary>
    public required double OfferedRequestsPerSecond { get; init; }

    /// <summary>The simulation at this load (sampled replicas scaled up to the fleet: throughput is the fleet's, latencies the sample's).</summary>
    public required ServingResult Result { get; init; }
}

/// <summary>How a site's tenants shared it: its workloads as jobs, simulated by the Share pillar.</summary>
public sealed record SiteSharingReport
{
    /// <summary>The site.</summary>
    public required string Site { get; init; }

    /// <summary>The simulation's result.</summary>
    public required Cluster.ScheduleResult Result { get; init; }
}
