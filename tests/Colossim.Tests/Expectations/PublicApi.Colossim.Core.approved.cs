[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Colossim.Benchmarks")]
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Colossim.Tests")]
namespace Colossim.Catalog
{
    public static class CatalogReader
    {
        public static Colossim.Catalog.FabricSpec? ReadFabric(Colossim.Documents.MapReader r) { }
        public static Colossim.Catalog.GpuSpec? ReadGpu(Colossim.Documents.MapReader r) { }
        public static Colossim.Catalog.ModelSpec? ReadModel(Colossim.Documents.MapReader r) { }
        public static Colossim.Catalog.SystemSpec? ReadSystem(Colossim.Documents.MapReader r) { }
    }
    public sealed class ColossimCatalog
    {
        public System.Collections.Immutable.ImmutableSortedDictionary<string, Colossim.Catalog.FabricSpec> Fabrics { get; }
        public System.Collections.Immutable.ImmutableSortedDictionary<string, Colossim.Catalog.GpuSpec> Gpus { get; }
        public System.Collections.Immutable.ImmutableSortedDictionary<string, Colossim.Catalog.ModelSpec> Models { get; }
        public System.Collections.Immutable.ImmutableSortedDictionary<string, Colossim.Catalog.SystemSpec> Systems { get; }
        public static Colossim.Catalog.ColossimCatalog BuiltIn { get; }
        public static Colossim.Catalog.ColossimCatalog Empty { get; }
        public Colossim.Catalog.FabricSpec? ResolveFabric(string idOrPath, Colossim.Documents.Problems problems, string path = "fabric") { }
        public Colossim.Catalog.GpuSpec? ResolveGpu(string idOrPath, Colossim.Documents.Problems problems, string path = "gpu") { }
        public Colossim.Catalog.ModelSpec? ResolveModel(string nameOrPath, Colossim.Documents.Problems problems, string path = "model") { }
        public Colossim.Catalog.SystemSpec? ResolveSystem(string idOrPath, Colossim.Documents.Problems problems, string path = "system") { }
        public bool TryGetGpu(string id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Colossim.Catalog.GpuSpec? gpu) { }
        public bool TryGetModel(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Colossim.Catalog.ModelSpec? model) { }
        public Colossim.Catalog.ColossimCatalog WithDocument(Colossim.Documents.DocNode root, Colossim.Documents.Problems problems) { }
        public Colossim.Catalog.ColossimCatalog WithFile(string path, Colossim.Documents.Problems problems) { }
        public static bool LooksLikePath(string text) { }
    }
    public enum DataType
    {
        Bf16 = 0,
        Fp16 = 1,
        Fp8 = 2,
        Fp4 = 3,
        Tf32 = 4,
        Fp32 = 5,
    }
    public static class DataTypes
    {
        public static double BytesPerElement(this Colossim.Catalog.DataType dtype) { }
        public static bool TryParse(string? text, out Colossim.Catalog.DataType dtype) { }
    }
    public sealed class FabricSpec : System.IEquatable<Colossim.Catalog.FabricSpec>
    {
        public FabricSpec() { }
        public required string Id { get; init; }
        public required string Kind { get; init; }
        public int MaxBreakout { get; init; }
        public required string Name { get; init; }
        public required Colossim.Units.Bandwidth PortBandwidth { get; init; }
        public int PortsPerTransceiver { get; init; }
        public required int Radix { get; init; }
        public System.Collections.Generic.IReadOnlyDictionary<string, string> Sources { get; init; }
        public required Colossim.Units.Watts SwitchPower { get; init; }
        public required Colossim.Units.Usd SwitchPrice { get; init; }
        public required Colossim.Units.Watts TransceiverPower { get; init; }
        public required Colossim.Units.Usd TransceiverPrice { get; init; }
    }
    public sealed class GpuSpec : System.IEquatable<Colossim.Catalog.GpuSpec>
    {
        public GpuSpec() { }
        public int? ComputeUnits { get; init; }
        public required Colossim.Units.FlopRate DenseBf16 { get; init; }
        public Colossim.Units.FlopRate? DenseFp4 { get; init; }
        public Colossim.Units.FlopRate? DenseFp8 { get; init; }
        public Colossim.Units.FlopRate? DenseTf32 { get; init; }
        public required Colossim.Units.Bandwidth HbmBandwidth { get; init; }
        public required Colossim.Units.Bytes HbmCapacity { get; init; }
        public required string Id { get; init; }
        public Colossim.Units.Watts? IdlePower { get; init; }
        public required string Name { get; init; }
        public required Colossim.Units.Usd Price { get; init; }
        public required Colossim.Units.Bandwidth ScaleUpBandwidth { get; init; }
        public required int ScaleUpDomain { get; init; }
        public System.Collections.Generic.IReadOnlyDictionary<string, string> Sources { get; init; }
        public required Colossim.Units.Watts Tdp { get; init; }
        public required string Vendor { get; init; }
        public Colossim.Units.FlopRate? PeakFor(Colossim.Catalog.DataType dtype) { }
    }
    public enum MlpKind
    {
        SwiGlu = 0,
        Gelu = 1,
    }
    public sealed class ModelSpec : System.IEquatable<Colossim.Catalog.ModelSpec>
    {
        public ModelSpec() { }
        public int ActiveExperts { get; init; }
        public double ActiveParameters { get; }
        public required int AttentionHeads { get; init; }
        public double AttentionParametersPerLayer { get; }
        public int DenseLayers { get; init; }
        public int ExpertFfnHiddenSize { get; init; }
        public int Experts { get; init; }
        public required int FfnHiddenSize { get; init; }
        public required int HeadDim { get; init; }
        public required int HiddenSize { get; init; }
        public bool IsLatentAttention { get; }
        public bool IsMixtureOfExperts { get; }
        public double KvElementsPerTokenPerLayer { get; }
        public required int KvHeads { get; init; }
        public int KvLoraRank { get; init; }
        public required int Layers { get; init; }
        public Colossim.Catalog.MlpKind Mlp { get; init; }
        public int MlpMatrices { get; }
        public int MoeLayers { get; }
        public required string Name { get; init; }
        public double Parameters { get; }
        public int QLoraRank { get; init; }
        public int QkRopeHeadDim { get; init; }
        public int SharedExperts { get; init; }
        public string? Source { get; init; }
        public bool TiedEmbeddings { get; init; }
        public required int VocabSize { get; init; }
    }
    public sealed class SystemSpec : System.IEquatable<Colossim.Catalog.SystemSpec>
    {
        public SystemSpec() { }
        public string? Cooling { get; init; }
        public required string Gpu { get; init; }
        public required int GpusPerNode { get; init; }
        public required int GpusPerRack { get; init; }
        public required string Id { get; init; }
        public required string Name { get; init; }
        public required Colossim.Units.Bandwidth NicBandwidth { get; init; }
        public required double NicsPerGpu { get; init; }
        public required Colossim.Units.Watts NodePower { get; init; }
        public required Colossim.Units.Usd NodePrice { get; init; }
        public int? ScalableUnitGpus { get; init; }
        public required int ScaleUpDomain { get; init; }
        public System.Collections.Generic.IReadOnlyDictionary<string, string> Sources { get; init; }
    }
}
namespace Colossim.Cluster
{
    public sealed class ClusterFailures : System.IEquatable<Colossim.Cluster.ClusterFailures>
    {
        public ClusterFailures() { }
        public required System.Collections.Generic.IReadOnlyList<Colossim.Cluster.FailureKind> Kinds { get; init; }
        public double PerGpuHour { get; }
        public static Colossim.Cluster.ClusterFailures Llama3 { get; }
        public Colossim.Cluster.ClusterFailures Scaled(double factor) { }
        public static Colossim.Cluster.ClusterFailures? Read(Colossim.Documents.DocNode root, Colossim.Documents.Problems problems) { }
    }
    public sealed class ClusterOptions : System.IEquatable<Colossim.Cluster.ClusterOptions>
    {
        public ClusterOptions() { }
        public int BackfillDepth { get; init; }
        public Colossim.Units.Duration CheckpointInterval { get; init; }
        public Colossim.Cluster.ClusterFailures? Failures { get; init; }
        public Colossim.Units.Duration FairShareHalfLife { get; init; }
        public Colossim.Units.Duration? Horizon { get; init; }
        public Colossim.Cluster.TopologyLevel Locality { get; init; }
        public bool LocalityRequired { get; init; }
        public string Policy { get; init; }
        public Colossim.Units.Duration PreemptionDelay { get; init; }
        public int QueueDepth { get; init; }
        public Colossim.Units.Duration RecomputeInterval { get; init; }
        public Colossim.Units.Duration RestartOverhead { get; init; }
        public long Seed { get; init; }
    }
    public sealed class ClusterShape : System.IEquatable<Colossim.Cluster.ClusterShape>
    {
        public const int MaxGpusPerNode = 64;
        public const int MaxNodes = 4000000;
        public ClusterShape() { }
        public int DomainsPerLeaf { get; init; }
        public int Gpus { get; }
        public System.Collections.Generic.IReadOnlyList<Colossim.Cluster.NodeSpec>? Inventory { get; init; }
        public int LeavesPerPod { get; init; }
        public required System.Collections.Generic.IReadOnlyList<int> NodeGpus { get; init; }
        public int NodesPerDomain { get; init; }
        public int NodesPerLeaf { get; }
        public int NodesPerPod { get; }
        public static Colossim.Cluster.ClusterShape FromNodes(System.Collections.Generic.IReadOnlyList<Colossim.Cluster.NodeSpec> nodes, int nodesPerDomain = 1, int domainsPerLeaf = 32, int leavesPerPod = 16) { }
        public static Colossim.Cluster.ClusterShape Uniform(int gpus, int gpusPerNode = 8, int nodesPerDomain = 1, int domainsPerLeaf = 32, int leavesPerPod = 16) { }
    }
    public static class ClusterSimulation
    {
        public static Colossim.Cluster.ScheduleResult Run(Colossim.Cluster.ClusterShape shape, System.Collections.Generic.IReadOnlyList<Colossim.Cluster.TenantSpec> tenants, System.Collections.Generic.IReadOnlyList<Colossim.Cluster.JobSpec> jobs, Colossim.Cluster.ClusterOptions options, Colossim.Cluster.IJobRuntime? runtime = null, System.Threading.CancellationToken cancel = default) { }
    }
    public sealed class DurationStats : System.IEquatable<Colossim.Cluster.DurationStats>
    {
        public DurationStats(int Count, Colossim.Units.Duration Mean, Colossim.Units.Duration P50, Colossim.Units.Duration P99) { }
        public int Count { get; init; }
        public Colossim.Units.Duration Mean { get; init; }
        public Colossim.Units.Duration P50 { get; init; }
        public Colossim.Units.Duration P99 { get; init; }
        public static Colossim.Cluster.DurationStats Empty { get; }
        public static Colossim.Cluster.DurationStats Of(long[] values, int count) { }
    }
    public sealed class FailureCount : System.IEquatable<Colossim.Cluster.FailureCount>
    {
        public FailureCount(string Kind, int Count) { }
        public int Count { get; init; }
        public string Kind { get; init; }
    }
    public sealed class FailureKind : System.IEquatable<Colossim.Cluster.FailureKind>
    {
        public FailureKind(string Name, double PerGpuHour, Colossim.Units.Duration Repair) { }
        public string Name { get; init; }
        public double PerGpuHour { get; init; }
        public Colossim.Units.Duration Repair { get; init; }
    }
    public interface IJobRuntime
    {
        Colossim.Units.Duration? RuntimeOf(Colossim.Cluster.JobSpec job, int gpus);
    }
    public sealed class JobCounts : System.IEquatable<Colossim.Cluster.JobCounts>
    {
        public JobCounts() { }
        public required int Completed { get; init; }
        public required int CpuOnly { get; init; }
        public required int Failed { get; init; }
        public required int Interrupted { get; init; }
        public int NeverStarted { get; init; }
        public required int Preempted { get; init; }
        public required int Queued { get; init; }
        public required int Running { get; init; }
        public required int Submitted { get; init; }
        public int Withdrawn { get; init; }
    }
    public enum JobKind
    {
        Training = 0,
        Inference = 1,
        Batch = 2,
    }
    public sealed class JobSpec : System.IEquatable<Colossim.Cluster.JobSpec>
    {
        public JobSpec() { }
        public long CpuMilli { get; init; }
        public double GpuFraction { get; init; }
        public System.Collections.Generic.IReadOnlyList<string> GpuModels { get; init; }
        public required int Gpus { get; init; }
        public required string Id { get; init; }
        public Colossim.Cluster.JobKind Kind { get; init; }
        public Colossim.Units.Duration? MaxWait { get; init; }
        public long MemoryMib { get; init; }
        public int MinGpus { get; init; }
        public Colossim.Cluster.TraceOutcome? Outcome { get; init; }
        public Colossim.Cluster.PriorityClass Priority { get; init; }
        public Colossim.Units.Duration? Runtime { get; init; }
        public required Colossim.Units.Duration Submit { get; init; }
        public required string Tenant { get; init; }
        public Colossim.Units.Duration? TraceScheduled { get; init; }
    }
    public sealed class JobTrace : System.IEquatable<Colossim.Cluster.JobTrace>
    {
        public JobTrace(System.Collections.Generic.IReadOnlyList<Colossim.Cluster.JobSpec> Jobs, System.Collections.Generic.IReadOnlyList<Colossim.Cluster.TenantSpec> Tenants, System.Collections.Generic.IReadOnlyList<Colossim.Cluster.NodeSpec> Nodes) { }
        public System.Collections.Generic.IReadOnlyList<Colossim.Cluster.JobSpec> Jobs { get; init; }
        public System.Collections.Generic.IReadOnlyList<Colossim.Cluster.NodeSpec> Nodes { get; init; }
        public System.Collections.Generic.IReadOnlyList<Colossim.Cluster.TenantSpec> Tenants { get; init; }
    }
    public sealed class NodeSpec : System.IEquatable<Colossim.Cluster.NodeSpec>
    {
        public NodeSpec(string Id, int Gpus, string? GpuModel) { }
        public long CpuMilli { get; init; }
        public string? GpuModel { get; init; }
        public int Gpus { get; init; }
        public string Id { get; init; }
        public long MemoryMib { get; init; }
    }
    public enum PriorityClass
    {
        Guaranteed = 0,
        Spot = 1,
    }
    public sealed class ScheduleResult : System.IEquatable<Colossim.Cluster.ScheduleResult>
    {
        public ScheduleResult() { }
        public required double AllocatedUtilization { get; init; }
        public double? ArrivalWindowUtilization { get; init; }
        public required double BusyUtilization { get; init; }
        public required System.Collections.Generic.IReadOnlyList<Colossim.Cluster.SizeClassResult> BySize { get; init; }
        public required long Events { get; init; }
        public required System.Collections.Generic.IReadOnlyList<Colossim.Cluster.FailureCount> Failures { get; init; }
        public required double FragmentedGpuHours { get; init; }
        public required int Gpus { get; init; }
        public required Colossim.Cluster.DurationStats Jct { get; init; }
        public required Colossim.Cluster.JobCounts Jobs { get; init; }
        public required double LostGpuHours { get; init; }
        public required Colossim.Units.Duration Makespan { get; init; }
        public required int Nodes { get; init; }
        public required string Policy { get; init; }
        public required int Preemptions { get; init; }
        public required Colossim.Cluster.DurationStats Queue { get; init; }
        public required double RepairGpuHours { get; init; }
        public required Colossim.Cluster.ShareSeries ShareOverTime { get; init; }
        public required System.Collections.Generic.IReadOnlyList<Colossim.Cluster.TenantResult> Tenants { get; init; }
        public required double WallSeconds { get; init; }
    }
    public static class SchedulingPolicies
    {
        public static System.Collections.Generic.IReadOnlyDictionary<string, string> Descriptions { get; }
        public static System.Collections.Generic.IReadOnlyList<string> Names { get; }
        public static bool IsKnown(string? name) { }
    }
    public sealed class ShareSeries : System.IEquatable<Colossim.Cluster.ShareSeries>
    {
        public ShareSeries() { }
        public required Colossim.Units.Duration Bucket { get; init; }
        public required System.Collections.Generic.IReadOnlyList<System.Collections.Generic.IReadOnlyList<double>> Shares { get; init; }
        public required System.Collections.Generic.IReadOnlyList<string> Tenants { get; init; }
    }
    public sealed class SizeClassResult : System.IEquatable<Colossim.Cluster.SizeClassResult>
    {
        public SizeClassResult() { }
        public required Colossim.Cluster.DurationStats Jct { get; init; }
        public required int Jobs { get; init; }
        public required string Label { get; init; }
        public required Colossim.Cluster.DurationStats Queue { get; init; }
    }
    public sealed class SpecRuntime : Colossim.Cluster.IJobRuntime
    {
        public static Colossim.Cluster.SpecRuntime Instance { get; }
        public Colossim.Units.Duration? RuntimeOf(Colossim.Cluster.JobSpec job, int gpus) { }
    }
    public sealed class SyntheticJobs : System.IEquatable<Colossim.Cluster.SyntheticJobs>
    {
        public SyntheticJobs() { }
        public required double ArrivalsPerHour { get; init; }
        public double Burstiness { get; init; }
        public double FractionalShare { get; init; }
        public required int Jobs { get; init; }
        public int MaxGpus { get; init; }
        public Colossim.Units.Duration MedianRuntime { get; init; }
        public double RuntimeSigma { get; init; }
        public double SizeDecay { get; init; }
        public double SpotShare { get; init; }
        public static Colossim.Units.Duration MaxRuntime { get; }
        public System.Collections.Generic.IReadOnlyList<Colossim.Cluster.JobSpec> Generate(System.Collections.Generic.IReadOnlyList<Colossim.Cluster.TenantSpec> tenants, Colossim.Simulation.RandomStreams streams) { }
    }
    public sealed class TenantResult : System.IEquatable<Colossim.Cluster.TenantResult>
    {
        public TenantResult() { }
        public required int Completed { get; init; }
        public required double EntitledShare { get; init; }
        public double? FinishTimeFairness { get; init; }
        public required double GpuHours { get; init; }
        public required Colossim.Cluster.DurationStats Jct { get; init; }
        public required int Jobs { get; init; }
        public required string Name { get; init; }
        public required Colossim.Cluster.DurationStats Queue { get; init; }
        public required double ReceivedShare { get; init; }
        public double? ReceivedShareWhileDemand { get; init; }
    }
    public sealed class TenantSpec : System.IEquatable<Colossim.Cluster.TenantSpec>
    {
        public TenantSpec() { }
        public double? BorrowingLimit { get; init; }
        public double? LendingLimit { get; init; }
        public required string Name { get; init; }
        public required double Share { get; init; }
        public double Weight { get; init; }
    }
    public enum TopologyLevel
    {
        Node = 0,
        Domain = 1,
        Leaf = 2,
        Pod = 3,
        Cluster = 4,
    }
    public enum TraceOutcome
    {
        Succeeded = 0,
        Failed = 1,
        Running = 2,
        Pending = 3,
    }
}
namespace Colossim.Cluster.Traces
{
    public static class Alibaba2020Reader
    {
        public static Colossim.Cluster.JobTrace? Read(string jobsPath, string tasksPath, Colossim.Documents.Problems problems, string? machinesPath = null) { }
    }
    public static class Alibaba2023Reader
    {
        public static System.Collections.Generic.IReadOnlyList<string> NodeColumns { get; }
        public static System.Collections.Generic.IReadOnlyList<string> PodColumns { get; }
        public static Colossim.Cluster.JobTrace? Read(string podsPath, Colossim.Documents.Problems problems, string? nodesPath = null) { }
        public static System.Collections.Generic.IReadOnlyList<Colossim.Cluster.NodeSpec>? ReadNodes(string nodesPath, Colossim.Documents.Problems problems) { }
    }
    public sealed class DurationSummary : System.IEquatable<Colossim.Cluster.Traces.DurationSummary>
    {
        public DurationSummary(int Count, Colossim.Units.Duration Mean, Colossim.Units.Duration P50, Colossim.Units.Duration P99) { }
        public int Count { get; init; }
        public Colossim.Units.Duration Mean { get; init; }
        public Colossim.Units.Duration P50 { get; init; }
        public Colossim.Units.Duration P99 { get; init; }
        public static Colossim.Cluster.Traces.DurationSummary? Of(System.Collections.Generic.IReadOnlyList<Colossim.Units.Duration> values) { }
    }
    public sealed class GpuSize : System.IEquatable<Colossim.Cluster.Traces.GpuSize>
    {
        public GpuSize(int Gpus, double Weight) { }
        public int Gpus { get; init; }
        public double Weight { get; init; }
    }
    public static class HeliosQuota
    {
        public const long MaxBytes = 16777216;
        public static Colossim.Cluster.Traces.QuotaTable? Read(string path, Colossim.Documents.Problems problems) { }
    }
    public static class HeliosReader
    {
        public static System.Collections.Generic.IReadOnlyList<string> Columns { get; }
        public static Colossim.Cluster.JobTrace? Read(string path, Colossim.Documents.Problems problems) { }
    }
    public enum JobArrival
    {
        Poisson = 0,
        Gamma = 1,
    }
    public sealed class JobStreamSpec : System.IEquatable<Colossim.Cluster.Traces.JobStreamSpec>
    {
        public const int MaxJobs = 10000000;
        public JobStreamSpec() { }
        public Colossim.Cluster.Traces.JobArrival Arrival { get; init; }
        public int? Count { get; init; }
        public double Cv { get; init; }
        public Colossim.Cluster.JobKind Kind { get; init; }
        public required string Name { get; init; }
        public Colossim.Cluster.PriorityClass Priority { get; init; }
        public double? Rate { get; init; }
        public required Colossim.Cluster.Traces.RuntimeDistribution Runtime { get; init; }
        public required System.Collections.Generic.IReadOnlyList<Colossim.Cluster.Traces.GpuSize> Sizes { get; init; }
        public required string Tenant { get; init; }
        public Colossim.Units.Duration? Window { get; init; }
        public System.Collections.Generic.IReadOnlyList<Colossim.Cluster.JobSpec> Generate(Colossim.Simulation.RandomStreams streams) { }
    }
    public enum JobTraceFormat
    {
        Philly = 0,
        Helios = 1,
        [System.Runtime.Serialization.EnumMember(Value="alibaba-2020")]
        Alibaba2020 = 2,
        [System.Runtime.Serialization.EnumMember(Value="alibaba-2023")]
        Alibaba2023 = 3,
    }
    public static class JobTraces
    {
        public const long MaxBytes = 536870912;
        public const long MaxCpuMilli = 1000000000;
        public const int MaxGpusPerJob = 1000000;
        public const int MaxGpusPerNode = 1024;
        public const long MaxMemoryMib = 1073741824;
        public static Colossim.Cluster.JobTrace? Read(string path, Colossim.Cluster.Traces.JobTraceFormat format, Colossim.Documents.Problems problems, string? nodesPath = null, string? tasksPath = null) { }
    }
    public static class PhillyReader
    {
        public static Colossim.Cluster.JobTrace? Read(string path, Colossim.Documents.Problems problems, string? nodesPath = null) { }
    }
    public sealed class QuotaDay : System.IEquatable<Colossim.Cluster.Traces.QuotaDay>
    {
        public QuotaDay(string Date, Colossim.Units.Duration Start, System.Collections.Generic.IReadOnlyList<int> Gpus, int Total) { }
        public string Date { get; init; }
        public System.Collections.Generic.IReadOnlyList<int> Gpus { get; init; }
        public Colossim.Units.Duration Start { get; init; }
        public int Total { get; init; }
    }
    public sealed class QuotaTable : System.IEquatable<Colossim.Cluster.Traces.QuotaTable>
    {
        public QuotaTable(System.Collections.Generic.IReadOnlyList<string> Tenants, System.Collections.Generic.IReadOnlyList<Colossim.Cluster.Traces.QuotaDay> Days) { }
        public System.Collections.Generic.IReadOnlyList<Colossim.Cluster.Traces.QuotaDay> Days { get; init; }
        public System.Collections.Generic.IReadOnlyList<string> Tenants { get; init; }
        public System.Collections.Generic.IReadOnlyList<Colossim.Cluster.TenantSpec> SharesOn(int day) { }
    }
    public sealed class RuntimeDistribution : System.IEquatable<Colossim.Cluster.Traces.RuntimeDistribution>
    {
        public const double MaxSigma = 4D;
        public RuntimeDistribution(Colossim.Units.Duration Median, double Sigma = 0) { }
        public Colossim.Units.Duration Median { get; init; }
        public double Sigma { get; init; }
        public static Colossim.Units.Duration MaxRuntime { get; }
    }
    public static class TenantFile
    {
        public const long MaxBytes = 1048576;
        public static System.Collections.Generic.IReadOnlyList<string> Keys { get; }
        public static System.Collections.Generic.IReadOnlyList<Colossim.Cluster.TenantSpec>? Parse(string text, Colossim.Documents.Problems problems) { }
        public static System.Collections.Generic.IReadOnlyList<Colossim.Cluster.TenantSpec>? Read(string path, Colossim.Documents.Problems problems) { }
    }
    public sealed class TraceReplay : System.IEquatable<Colossim.Cluster.Traces.TraceReplay>
    {
        public TraceReplay() { }
        public required Colossim.Cluster.Traces.JobTraceFormat Format { get; init; }
        public string? NodesPath { get; init; }
        public required string Path { get; init; }
        public string? TasksPath { get; init; }
        public string? Tenant { get; init; }
        public Colossim.Cluster.JobTrace? Read(Colossim.Documents.Problems problems) { }
    }
    public sealed class TraceStatistics : System.IEquatable<Colossim.Cluster.Traces.TraceStatistics>
    {
        public TraceStatistics() { }
        public required int FractionalJobs { get; init; }
        public required double GpuRequests { get; init; }
        public required int Jobs { get; init; }
        public required System.Collections.Generic.IReadOnlyDictionary<int, int> JobsByGpus { get; init; }
        public required System.Collections.Generic.IReadOnlyDictionary<Colossim.Cluster.TraceOutcome, int> JobsByOutcome { get; init; }
        public required System.Collections.Generic.IReadOnlyDictionary<Colossim.Cluster.PriorityClass, int> JobsByPriority { get; init; }
        public required System.Collections.Generic.IReadOnlyDictionary<string, int> JobsByTenant { get; init; }
        public required long NodeGpus { get; init; }
        public required System.Collections.Generic.IReadOnlyList<System.Collections.Generic.KeyValuePair<string, long>> NodeGpusByModel { get; init; }
        public required int Nodes { get; init; }
        public required System.Collections.Generic.IReadOnlyDictionary<int, int> NodesByGpus { get; init; }
        public Colossim.Cluster.Traces.DurationSummary? QueueDelay { get; init; }
        public required Colossim.Units.Duration Span { get; init; }
        public static Colossim.Cluster.Traces.TraceStatistics Of(Colossim.Cluster.JobTrace trace) { }
    }
}
namespace Colossim.Documents
{
    public static class AtomicFile
    {
        public static bool TryWrite(string path, byte[] content, out string error) { }
        public static bool TryWrite(string path, string content, out string error) { }
    }
    public sealed class DocLimits : System.IEquatable<Colossim.Documents.DocLimits>
    {
        public DocLimits() { }
        public long MaxBytes { get; init; }
        public int MaxDepth { get; init; }
        public int MaxNodes { get; init; }
        public static Colossim.Documents.DocLimits Default { get; }
    }
    public sealed class DocMap : Colossim.Documents.DocNode, System.IEquatable<Colossim.Documents.DocMap>
    {
        public DocMap(string Path, int Line, System.Collections.Generic.IReadOnlyList<System.Collections.Generic.KeyValuePair<string, Colossim.Documents.DocNode>> Entries) { }
        public System.Collections.Generic.IReadOnlyList<System.Collections.Generic.KeyValuePair<string, Colossim.Documents.DocNode>> Entries { get; init; }
        public Colossim.Documents.DocNode? this[string key] { get; }
        public override string Describe() { }
    }
    public abstract class DocNode : System.IEquatable<Colossim.Documents.DocNode>
    {
        protected DocNode(string Path, int Line) { }
        public int Line { get; init; }
        public string Path { get; init; }
        public abstract string Describe();
    }
    public static class DocReader
    {
        public static Colossim.Documents.DocNode? Parse(System.ReadOnlySpan<byte> utf8, Colossim.Documents.Problems problems, Colossim.Documents.DocLimits? limits = null) { }
        public static Colossim.Documents.DocNode? Parse(string text, Colossim.Documents.Problems problems, Colossim.Documents.DocLimits? limits = null) { }
        public static byte[]? ReadBytes(string path, Colossim.Documents.Problems problems, long maxBytes) { }
        public static Colossim.Documents.DocNode? ReadFile(string path, Colossim.Documents.Problems problems, Colossim.Documents.DocLimits? limits = null) { }
        public static string? ReadText(string path, Colossim.Documents.Problems problems, long maxBytes) { }
    }
    public sealed class DocScalar : Colossim.Documents.DocNode, System.IEquatable<Colossim.Documents.DocScalar>
    {
        public DocScalar(string Path, int Line, string Value, bool IsPlain) { }
        public bool IsNull { get; }
        public bool IsPlain { get; init; }
        public string Value { get; init; }
        public override string Describe() { }
    }
    public sealed class DocSeq : Colossim.Documents.DocNode, System.IEquatable<Colossim.Documents.DocSeq>
    {
        public DocSeq(string Path, int Line, System.Collections.Generic.IReadOnlyList<Colossim.Documents.DocNode> Items) { }
        public System.Collections.Generic.IReadOnlyList<Colossim.Documents.DocNode> Items { get; init; }
        public override string Describe() { }
    }
    public static class EnumNames
    {
        public static System.Collections.Generic.IReadOnlyList<string> All<TEnum>()
            where TEnum :  struct, System.Enum { }
        public static string Kebab(string pascal) { }
        public static string Of<TEnum>(TEnum value)
            where TEnum :  struct, System.Enum { }
        public static TEnum? Parse<TEnum>(string? name)
            where TEnum :  struct, System.Enum { }
    }
    public sealed class InvalidInputException : System.Exception
    {
        public InvalidInputException() { }
        public InvalidInputException(System.Collections.Generic.IReadOnlyList<Colossim.Documents.Problem> problems) { }
        public InvalidInputException(string message) { }
        public InvalidInputException(string message, System.Exception innerException) { }
        public System.Collections.Generic.IReadOnlyList<Colossim.Documents.Problem> Problems { get; }
    }
    public sealed class MapReader
    {
        public MapReader(Colossim.Documents.DocMap map, Colossim.Documents.Problems problems) { }
        public Colossim.Documents.DocMap Map { get; }
        public Colossim.Documents.Problems Problems { get; }
        public Colossim.Units.Bandwidth? Bandwidth(string key, bool required = false) { }
        public bool? Bool(string key, bool required = false) { }
        public Colossim.Units.Bytes? Bytes(string key, bool required = false) { }
        public Colossim.Documents.MapReader? Child(string key, bool required = false) { }
        public string? Choice(string key, System.Collections.Generic.IReadOnlyCollection<string> allowed, bool required = false) { }
        public int? Count(string key, bool required = false, int min = 0, int max = 2147483647) { }
        public Colossim.Units.Duration? Duration(string key, bool required = false) { }
        public Colossim.Units.Energy? Energy(string key, bool required = false) { }
        public void Finish() { }
        public Colossim.Units.FlopRate? FlopRate(string key, bool required = false) { }
        public Colossim.Units.Flops? Flops(string key, bool required = false) { }
        public bool Has(string key) { }
        public System.Collections.Generic.IReadOnlyList<Colossim.Documents.DocNode> List(string key, bool required = false) { }
        public Colossim.Documents.DocNode? Node(string key, bool required = false) { }
        public double? Number(string key, bool required = false, double min = 0, double max = 1.7976931348623157E+308, string expected = "a number") { }
        public string PathOf(string key) { }
        public string? Text(string key, bool required = false) { }
        public Colossim.Units.Usd? Usd(string key, bool required = false) { }
        public Colossim.Units.Watts? Watts(string key, bool required = false) { }
        public long? Whole(string key, bool required = false, long min = 0, long max = 9223372036854775807) { }
        public static Colossim.Documents.MapReader? From(Colossim.Documents.DocNode? node, Colossim.Documents.Problems problems, string what = "a mapping") { }
    }
    public sealed class Problem : System.IEquatable<Colossim.Documents.Problem>
    {
        public Problem(string Path, string Message, Colossim.Documents.Severity Severity = 0, int? Line = default, string? File = null) { }
        public string? File { get; init; }
        public int? Line { get; init; }
        public string Message { get; init; }
        public string Path { get; init; }
        public Colossim.Documents.Severity Severity { get; init; }
        public override string ToString() { }
    }
    public sealed class Problems : System.Collections.Generic.IEnumerable<Colossim.Documents.Problem>, System.Collections.Generic.IReadOnlyCollection<Colossim.Documents.Problem>, System.Collections.Generic.IReadOnlyList<Colossim.Documents.Problem>, System.Collections.IEnumerable
    {
        public Problems(string? file = null) { }
        public int Count { get; }
        public string? File { get; set; }
        public bool HasErrors { get; }
        public Colossim.Documents.Problem this[int index] { get; }
        public void Add(Colossim.Documents.Problem problem) { }
        public void AddRange(System.Collections.Generic.IEnumerable<Colossim.Documents.Problem> others) { }
        public void Error(string path, string message, int? line = default) { }
        public System.Collections.Generic.IEnumerator<Colossim.Documents.Problem> GetEnumerator() { }
        public void Warning(string path, string message, int? line = default) { }
    }
    public enum Severity
    {
        Error = 0,
        Warning = 1,
    }
    public static class Suggestions
    {
        public static System.Collections.Generic.IReadOnlyList<string> Closest(string name, System.Collections.Generic.IEnumerable<string> candidates, int max = 3) { }
        public static string DidYouMean(string name, System.Collections.Generic.IEnumerable<string> candidates) { }
    }
}
namespace Colossim.Facility
{
    public sealed class AnnualizedCapex : System.IEquatable<Colossim.Facility.AnnualizedCapex>
    {
        public AnnualizedCapex(string Category, Colossim.Units.Usd Capex, double LifeYears, Colossim.Units.Usd PerYear) { }
        public Colossim.Units.Usd Capex { get; init; }
        public string Category { get; init; }
        public double LifeYears { get; init; }
        public Colossim.Units.Usd PerYear { get; init; }
    }
    public enum BatteryPolicy
    {
        None = 0,
        PeakShave = 1,
        Smooth = 2,
    }
    public static class BatteryPolicyNames
    {
        public static System.Collections.Generic.IReadOnlyList<string> All { get; }
        public static string Name(Colossim.Facility.BatteryPolicy policy) { }
        public static Colossim.Facility.BatteryPolicy? Parse(string name, Colossim.Documents.Problems problems, string path) { }
        public static string Words(Colossim.Facility.BatteryPolicy policy) { }
    }
    public sealed class BatterySpec : System.IEquatable<Colossim.Facility.BatterySpec>
    {
        public BatterySpec() { }
        public required Colossim.Units.Energy Capacity { get; init; }
        public Colossim.Units.Watts? GridCap { get; init; }
        public double InitialCharge { get; init; }
        public Colossim.Facility.BatteryPolicy Policy { get; init; }
        public required Colossim.Units.Watts Power { get; init; }
        public double RoundTripEfficiency { get; init; }
        public Colossim.Units.Duration Window { get; init; }
    }
    public sealed class CapexBreakdown : System.IEquatable<Colossim.Facility.CapexBreakdown>
    {
        public CapexBreakdown() { }
        public required Colossim.Units.Usd Batteries { get; init; }
        public System.Collections.Generic.IReadOnlyList<System.Collections.Generic.KeyValuePair<string, Colossim.Units.Usd>> Categories { get; }
        public required Colossim.Units.Usd Facility { get; init; }
        public required Colossim.Units.Usd Generation { get; init; }
        public required Colossim.Units.Usd Gpus { get; init; }
        public Colossim.Units.Usd ItHardware { get; }
        public required Colossim.Units.Usd Network { get; init; }
        public required Colossim.Units.Usd Servers { get; init; }
        public required Colossim.Units.Usd Storage { get; init; }
        public Colossim.Units.Usd Total { get; }
    }
    public sealed class ClusterPlan : System.IEquatable<Colossim.Facility.ClusterPlan>
    {
        public ClusterPlan() { }
        public required System.Collections.Generic.IReadOnlyList<Colossim.Facility.AnnualizedCapex> AnnualizedCapex { get; init; }
        public Colossim.Units.Usd AnnualizedCapexTotal { get; }
        public required long Buildings { get; init; }
        public required Colossim.Facility.CapexBreakdown Capex { get; init; }
        public required Colossim.Facility.Cooling Cooling { get; init; }
        public Colossim.Units.Usd CostPerYear { get; }
        public required Colossim.Units.Usd DepreciationPerYear { get; init; }
        public required Colossim.Units.Energy EnergyPerYear { get; init; }
        public required Colossim.Catalog.GpuSpec Gpu { get; init; }
        public double GpuHoursPerYear { get; }
        public required long Gpus { get; init; }
        public required int GpusPerUnit { get; init; }
        public Colossim.Units.Watts ItPerGpu { get; }
        public required Colossim.Facility.NetworkPlan Network { get; init; }
        public required long Nodes { get; init; }
        public required System.Collections.Generic.IReadOnlyList<string> Notes { get; init; }
        public required Colossim.Facility.OpexBreakdown Opex { get; init; }
        public required Colossim.Facility.PowerPlan Power { get; init; }
        public required Colossim.Units.Watts RackPower { get; init; }
        public required long Racks { get; init; }
        public required long Rows { get; init; }
        public required long ScalableUnits { get; init; }
        public required long Sites { get; init; }
        public required Colossim.Catalog.SystemSpec System { get; init; }
        public Colossim.Units.Usd Tco { get; }
        public required double TonnesCo2PerYear { get; init; }
        public Colossim.Units.Usd UsdPerGpuHour { get; }
        public required double UsdPerKilowattHour { get; init; }
        public required double Utilization { get; init; }
        public required double Wacc { get; init; }
        public Colossim.Facility.GpuWorkPower? Work { get; init; }
        public required double Years { get; init; }
    }
    public static class ClusterPlanner
    {
        public const double HoursPerYear = 8766D;
        public static Colossim.Facility.ClusterPlan Build(long gpus, Colossim.Facility.PlanOptions options) { }
        public static double CapitalRecoveryFactor(double rate, double years) { }
        public static Colossim.Catalog.SystemSpec GenericSystem(Colossim.Catalog.GpuSpec gpu, Colossim.Facility.FacilityDefaults defaults) { }
        public static int GpusPerUnit(Colossim.Catalog.SystemSpec system) { }
        public static Colossim.Facility.ClusterPlan? Plan(Colossim.Facility.PlanTarget target, Colossim.Facility.PlanOptions options, Colossim.Documents.Problems problems, string? path = null) { }
        public static Colossim.Catalog.FabricSpec? ResolveFabric(Colossim.Catalog.ColossimCatalog catalog, Colossim.Catalog.SystemSpec system, string kindOrIdOrPath, Colossim.Documents.Problems problems, string path = "fabric") { }
        public static Colossim.Catalog.SystemSpec? ResolveSystem(Colossim.Catalog.ColossimCatalog catalog, Colossim.Catalog.GpuSpec gpu, string? systemIdOrPath, Colossim.Facility.FacilityDefaults defaults, Colossim.Documents.Problems problems, string path = "system") { }
    }
    public enum Cooling
    {
        Air = 0,
        Liquid = 1,
    }
    public static class CoolingNames
    {
        public static string Name(this Colossim.Facility.Cooling cooling) { }
    }
    public enum FabricKind
    {
        Infiniband = 0,
        EthernetRdma = 1,
        Ethernet = 2,
    }
    public enum FabricTopology
    {
        FatTree = 0,
        RailOptimizedFatTree = 1,
        RailOnly = 2,
    }
    public static class FabricTopologyWords
    {
        public static string Words(this Colossim.Facility.FabricTopology topology) { }
    }
    public sealed class FacilityDefaults : System.IEquatable<Colossim.Facility.FacilityDefaults>
    {
        public FacilityDefaults() { }
        public Colossim.Units.Watts AirMaxRackPower { get; init; }
        public double BatteryMaintenanceFraction { get; init; }
        public double BatteryMegawattsPerMegawattHour { get; init; }
        public double BatteryRoundTripEfficiency { get; init; }
        public double BatteryUsdPerKilowattHour { get; init; }
        public Colossim.Units.Watts BuildingMaxPower { get; init; }
        public System.Collections.Generic.IReadOnlyDictionary<string, double> DepreciationYears { get; init; }
        public double FacilityOperationsFraction { get; init; }
        public Colossim.Units.Usd FacilityUsdPerMegawatt { get; init; }
        public double GenerationFuelUsdPerKilowattHour { get; init; }
        public double GenerationGramsCo2PerKilowattHour { get; init; }
        public Colossim.Units.Usd GenerationUsdPerMegawatt { get; init; }
        public double GenericChipToServerPower { get; init; }
        public int GenericGpusPerNode { get; init; }
        public double GenericServerCostOverhead { get; init; }
        public double GpuIdleFraction { get; init; }
        public double GridGramsCo2PerKilowattHour { get; init; }
        public double MaintenanceFraction { get; init; }
        public double Oversubscription { get; init; }
        public string PowerModel { get; init; }
        public int PowerServingBatch { get; init; }
        public int PowerServingContext { get; init; }
        public int PowerTrainingTokens { get; init; }
        public double Pue { get; init; }
        public Colossim.Units.Watts RowMaxPower { get; init; }
        public double ServerRestBusyFraction { get; init; }
        public double ServerRestIdleFraction { get; init; }
        public double ServingPeakHour { get; init; }
        public double ServingPeakUtilization { get; init; }
        public double ServingTroughUtilization { get; init; }
        public Colossim.Units.Watts SiteMaxPower { get; init; }
        public System.Collections.Generic.IReadOnlyDictionary<string, string> Sources { get; init; }
        public double StorageFraction { get; init; }
        public double TrainingCommunicationFraction { get; init; }
        public Colossim.Units.Duration TrainingStep { get; init; }
        public double UsdPerKilowattHour { get; init; }
        public double Utilization { get; init; }
        public double Wacc { get; init; }
        public static Colossim.Facility.FacilityDefaults BuiltIn { get; }
        public static System.Collections.Generic.IReadOnlyList<string> CapexCategories { get; }
        public double LifeOf(string category) { }
        public Colossim.Facility.FacilityDefaults WithDocument(Colossim.Documents.DocNode root, Colossim.Documents.Problems problems) { }
        public Colossim.Facility.FacilityDefaults WithFile(string path, Colossim.Documents.Problems problems) { }
    }
    public static class FacilityLimits
    {
        public static Colossim.Facility.NumberLimit Pue { get; }
    }
    public abstract class FacilityLoad : System.IEquatable<Colossim.Facility.FacilityLoad>
    {
        protected FacilityLoad() { }
        public required long Gpus { get; init; }
        public Colossim.Units.Duration? Length { get; init; }
        public required string Name { get; init; }
        public Colossim.Units.Duration Start { get; init; }
        protected abstract Colossim.Units.Watts ActiveAverage(double startSeconds, double endSeconds, Colossim.Facility.NodePowerModel node);
        public Colossim.Units.Watts AveragePerGpu(double from, double to, Colossim.Facility.NodePowerModel node) { }
    }
    public static class FatTree
    {
        public const int MaxTiers = 6;
        public static double Capacity(int tiers, int radix, double oversubscription = 1) { }
        public static Colossim.Facility.NetworkPlan Design(long gpus, Colossim.Catalog.SystemSpec system, Colossim.Catalog.FabricSpec fabric, double oversubscription = 1, Colossim.Facility.FabricTopology topology = 1) { }
    }
    public enum GpuActivity
    {
        Idle = 0,
        Compute = 1,
        Memory = 2,
        Communication = 3,
    }
    public sealed class GpuWorkPower : System.IEquatable<Colossim.Facility.GpuWorkPower>
    {
        public GpuWorkPower() { }
        public required string Activity { get; init; }
        public required Colossim.Units.Watts Busy { get; init; }
        public required Colossim.Units.Watts Communication { get; init; }
        public bool IsDefault { get; init; }
        public required string Source { get; init; }
        public string Describe() { }
        public static Colossim.Facility.GpuWorkPower DefaultServing(Colossim.Catalog.GpuSpec gpu, Colossim.Facility.FacilityDefaults defaults, Colossim.Catalog.ColossimCatalog? catalog = null) { }
        public static int DefaultTp(Colossim.Catalog.GpuSpec gpu, Colossim.Catalog.ModelSpec model) { }
        public static Colossim.Facility.GpuWorkPower DefaultTraining(Colossim.Catalog.GpuSpec gpu, Colossim.Facility.FacilityDefaults defaults, Colossim.Catalog.ColossimCatalog? catalog = null) { }
        public static Colossim.Facility.GpuWorkPower Serving(Colossim.Catalog.GpuSpec gpu, Colossim.Catalog.ModelSpec model, int? tp, Colossim.Facility.FacilityDefaults defaults) { }
        public static Colossim.Facility.GpuWorkPower Training(Colossim.Catalog.GpuSpec gpu, Colossim.Catalog.ModelSpec model, int? tp, Colossim.Facility.FacilityDefaults defaults) { }
    }
    public static class GridCheck
    {
        public static bool Check(Colossim.Facility.ClusterPlan plan, Colossim.Units.Watts? grid, Colossim.Documents.Problems problems, string path) { }
        public static bool Check(Colossim.Units.Watts facility, Colossim.Units.Watts? grid, Colossim.Units.Watts onsite, Colossim.Units.Watts battery, Colossim.Documents.Problems problems, string path) { }
    }
    public sealed class NetworkPlan : System.IEquatable<Colossim.Facility.NetworkPlan>
    {
        public NetworkPlan() { }
        public Colossim.Units.Bandwidth BisectionPerGpu { get; }
        public required int Breakout { get; init; }
        public long Cables { get; }
        public required Colossim.Units.Usd Cost { get; init; }
        public required long Endpoints { get; init; }
        public required long EndpointsPerPod { get; init; }
        public required Colossim.Catalog.FabricSpec Fabric { get; init; }
        public required System.Collections.Generic.IReadOnlyList<Colossim.Facility.SwitchTier> Levels { get; init; }
        public required Colossim.Units.Bandwidth LinkBandwidth { get; init; }
        public required long Nics { get; init; }
        public required double Oversubscription { get; init; }
        public required long Pods { get; init; }
        public required Colossim.Units.Watts Power { get; init; }
        public required int Radix { get; init; }
        public required Colossim.Units.Bandwidth ScaleOutPerGpu { get; init; }
        public required long SwitchTransceivers { get; init; }
        public long Switches { get; }
        public int Tiers { get; }
        public Colossim.Facility.FabricTopology Topology { get; init; }
        public long Transceivers { get; }
        public long Trees { get; init; }
    }
    public sealed class NodePowerModel : System.IEquatable<Colossim.Facility.NodePowerModel>
    {
        public NodePowerModel() { }
        public required Colossim.Units.Watts GpuCommunication { get; init; }
        public required Colossim.Units.Watts GpuCompute { get; init; }
        public required Colossim.Units.Watts GpuIdle { get; init; }
        public required Colossim.Units.Watts GpuMemory { get; init; }
        public required int GpusPerNode { get; init; }
        public required Colossim.Units.Watts Nameplate { get; init; }
        public required Colossim.Units.Watts RestBusy { get; init; }
        public required Colossim.Units.Watts RestIdle { get; init; }
        public Colossim.Units.Watts Gpu(Colossim.Facility.GpuActivity activity) { }
        public Colossim.Units.Watts Node(Colossim.Facility.GpuActivity activity) { }
        public Colossim.Units.Watts PerGpu(Colossim.Facility.GpuActivity activity) { }
        public Colossim.Units.Watts PerGpuAt(double utilization, Colossim.Facility.GpuActivity busy = 1) { }
        public Colossim.Units.Watts PerGpuDrawing(Colossim.Units.Watts board) { }
        public static Colossim.Facility.NodePowerModel For(Colossim.Catalog.SystemSpec system, Colossim.Catalog.GpuSpec gpu, Colossim.Facility.FacilityDefaults defaults, Colossim.Facility.GpuWorkPower? training = null, Colossim.Facility.GpuWorkPower? serving = null) { }
    }
    public sealed class NumberLimit : System.IEquatable<Colossim.Facility.NumberLimit>
    {
        public NumberLimit(double Min, double Max, string Expected) { }
        public string Expectation { get; }
        public string Expected { get; init; }
        public double Max { get; init; }
        public double Min { get; init; }
        public bool Contains(double value) { }
    }
    public sealed class OpexBreakdown : System.IEquatable<Colossim.Facility.OpexBreakdown>
    {
        public OpexBreakdown() { }
        public required Colossim.Units.Usd Batteries { get; init; }
        public System.Collections.Generic.IReadOnlyList<System.Collections.Generic.KeyValuePair<string, Colossim.Units.Usd>> Categories { get; }
        public required Colossim.Units.Usd Energy { get; init; }
        public required Colossim.Units.Usd FacilityOperations { get; init; }
        public Colossim.Units.Usd Fuel { get; init; }
        public required Colossim.Units.Usd Maintenance { get; init; }
        public Colossim.Units.Usd Total { get; }
    }
    public sealed class PlanInput : System.IEquatable<Colossim.Facility.PlanInput>
    {
        public PlanInput(Colossim.Facility.PlanTarget Target, Colossim.Facility.PlanOptions Options, string TargetPath, Colossim.Units.Watts? Grid) { }
        public Colossim.Units.Watts? Grid { get; init; }
        public Colossim.Facility.PlanOptions Options { get; init; }
        public Colossim.Facility.PlanTarget Target { get; init; }
        public string TargetPath { get; init; }
    }
    public sealed class PlanOptions : System.IEquatable<Colossim.Facility.PlanOptions>
    {
        public PlanOptions() { }
        public Colossim.Units.Energy BatteryCapacity { get; init; }
        public Colossim.Units.Watts? BatteryPower { get; init; }
        public Colossim.Facility.FacilityDefaults Defaults { get; init; }
        public required Colossim.Catalog.FabricSpec Fabric { get; init; }
        public required Colossim.Catalog.GpuSpec Gpu { get; init; }
        public Colossim.Units.Watts OnsiteGeneration { get; init; }
        public required Colossim.Catalog.SystemSpec System { get; init; }
        public Colossim.Facility.FabricTopology Topology { get; init; }
        public Colossim.Facility.GpuWorkPower? Work { get; init; }
        public double Years { get; init; }
    }
    public sealed class PlanRequest : System.IEquatable<Colossim.Facility.PlanRequest>
    {
        public PlanRequest() { }
        public string? BatteryMw { get; init; }
        public string? BatteryMwh { get; init; }
        public string? BudgetUsd { get; init; }
        public string? DefaultsFile { get; init; }
        public string Fabric { get; init; }
        public string? Gpu { get; init; }
        public string? Gpus { get; init; }
        public string? GridMw { get; init; }
        public string? OnsiteMw { get; init; }
        public string? Oversubscription { get; init; }
        public string? PowerMw { get; init; }
        public string? Pue { get; init; }
        public string? SiteMaxMw { get; init; }
        public string? System { get; init; }
        public string? Topology { get; init; }
        public string? UsdPerKwh { get; init; }
        public string? Utilization { get; init; }
        public string? Wacc { get; init; }
        public string? Years { get; init; }
        public static System.Collections.Generic.IReadOnlyList<string> TopologyNames { get; }
        public Colossim.Facility.ClusterPlan? Plan(Colossim.Catalog.ColossimCatalog catalog, Colossim.Documents.Problems problems) { }
        public Colossim.Facility.PlanInput? Validate(Colossim.Catalog.ColossimCatalog catalog, Colossim.Documents.Problems problems) { }
        public static class Names
        {
            public const string BatteryEnergy = "--battery-mwh";
            public const string BatteryPower = "--battery-mw";
            public const string Budget = "--budget-usd";
            public const string Defaults = "--defaults";
            public const string Fabric = "--fabric";
            public const string Gpu = "--gpu";
            public const string Gpus = "--gpus";
            public const string Grid = "--grid-mw";
            public const string Onsite = "--onsite-mw";
            public const string Oversubscription = "--oversubscription";
            public const string Power = "--power-mw";
            public const string Price = "--usd-per-kwh";
            public const string Pue = "--pue";
            public const string SiteMax = "--site-max-mw";
            public const string System = "--system";
            public const string Topology = "--topology";
            public const string Utilization = "--utilization";
            public const string Wacc = "--wacc";
            public const string Years = "--years";
        }
    }
    public abstract class PlanTarget : System.IEquatable<Colossim.Facility.PlanTarget>
    {
        public sealed class Budget : Colossim.Facility.PlanTarget, System.IEquatable<Colossim.Facility.PlanTarget.Budget>
        {
            public Budget(Colossim.Units.Usd Amount) { }
            public Colossim.Units.Usd Amount { get; init; }
        }
        public sealed class GpuCount : Colossim.Facility.PlanTarget, System.IEquatable<Colossim.Facility.PlanTarget.GpuCount>
        {
            public GpuCount(long Count) { }
            public long Count { get; init; }
        }
        public sealed class Power : Colossim.Facility.PlanTarget, System.IEquatable<Colossim.Facility.PlanTarget.Power>
        {
            public Power(Colossim.Units.Watts Facility) { }
            public Colossim.Units.Watts Facility { get; init; }
        }
    }
    public sealed class PowerPlan : System.IEquatable<Colossim.Facility.PowerPlan>
    {
        public PowerPlan() { }
        public Colossim.Units.Watts AverageFacility { get; }
        public required Colossim.Units.Watts AverageIt { get; init; }
        public required Colossim.Units.Energy BatteryCapacity { get; init; }
        public required Colossim.Units.Watts BatteryPower { get; init; }
        public required Colossim.Units.Watts Compute { get; init; }
        public Colossim.Units.Watts Facility { get; }
        public Colossim.Units.Watts Grid { get; }
        public Colossim.Units.Watts It { get; }
        public required Colossim.Units.Watts Network { get; init; }
        public required Colossim.Units.Watts OnsiteGeneration { get; init; }
        public required double Pue { get; init; }
        public required Colossim.Units.Watts Storage { get; init; }
    }
    public sealed class PowerScenario : System.IEquatable<Colossim.Facility.PowerScenario>
    {
        public PowerScenario() { }
        public Colossim.Facility.BatterySpec? Battery { get; init; }
        public Colossim.Facility.FacilityDefaults Defaults { get; init; }
        public required Colossim.Units.Duration Length { get; init; }
        public required System.Collections.Generic.IReadOnlyList<Colossim.Facility.FacilityLoad> Loads { get; init; }
        public required Colossim.Facility.ClusterPlan Plan { get; init; }
        public required Colossim.Units.Duration Step { get; init; }
    }
    public sealed class PowerStudy : System.IEquatable<Colossim.Facility.PowerStudy>
    {
        public PowerStudy() { }
        public required Colossim.Units.Duration Length { get; init; }
        public required Colossim.Facility.BatteryPolicy Policy { get; init; }
        public required string Scenario { get; init; }
        public required System.Collections.Generic.IReadOnlyList<Colossim.Facility.SitePowerRun> Sites { get; init; }
        public required Colossim.Units.Duration Step { get; init; }
    }
    public readonly struct PowerSwing : System.IEquatable<Colossim.Facility.PowerSwing>
    {
        public PowerSwing(Colossim.Units.Watts Size, Colossim.Units.Duration Time, Colossim.Units.Duration RiseTime) { }
        public Colossim.Units.Duration RiseTime { get; init; }
        public Colossim.Units.Watts Size { get; init; }
        public Colossim.Units.Duration Time { get; init; }
        public double WattsPerSecond { get; }
        public static Colossim.Facility.PowerSwing Largest(System.ReadOnlySpan<double> values, Colossim.Units.Duration step) { }
    }
    public static class PowerTimeline
    {
        public const int MaxSamples = 10000000;
        [return: System.Runtime.CompilerServices.TupleElementNames(new string[] {
                "Grid",
                "Battery",
                "StateOfCharge"})]
        public static System.ValueTuple<double[], double[], double[]> Dispatch(double[] load, double stepSeconds, Colossim.Facility.BatterySpec? battery) { }
        public static Colossim.Facility.PowerTimelineResult? Simulate(Colossim.Facility.PowerScenario scenario, Colossim.Documents.Problems problems) { }
        public static Colossim.Facility.PowerTimelineResult? Simulate(Colossim.Facility.PowerScenario scenario, Colossim.Documents.Problems problems, Colossim.Facility.PowerTimelineBuffers? buffers) { }
    }
    public sealed class PowerTimelineBuffers
    {
        public PowerTimelineBuffers() { }
        public int Count { get; }
        public long Generation { get; }
        public int InUse { get; }
        public void Release() { }
    }
    public sealed class PowerTimelineResult : System.IEquatable<Colossim.Facility.PowerTimelineResult>
    {
        public System.ReadOnlySpan<Colossim.Units.Watts> Battery { get; }
        public int Count { get; }
        public Colossim.Units.Usd EnergyCost { get; }
        public System.ReadOnlySpan<Colossim.Units.Watts> Facility { get; }
        public Colossim.Units.Energy FacilityEnergy { get; }
        public Colossim.Facility.PowerSwing FacilitySwing { get; }
        public System.ReadOnlySpan<Colossim.Units.Watts> Grid { get; }
        public Colossim.Units.Energy GridEnergy { get; }
        public Colossim.Facility.PowerSwing GridSwing { get; }
        public Colossim.Units.Duration LastStep { get; }
        public Colossim.Units.Duration Length { get; }
        public Colossim.Units.Energy MaxCharge { get; }
        public double MaxFacilityRamp { get; }
        public double MaxGridRamp { get; }
        public Colossim.Units.Watts MeanFacility { get; }
        public Colossim.Units.Watts MeanGrid { get; }
        public Colossim.Units.Energy MinCharge { get; }
        public Colossim.Units.Watts MinFacility { get; }
        public Colossim.Units.Watts MinGrid { get; }
        public Colossim.Units.Watts PeakFacility { get; }
        public Colossim.Units.Watts PeakGrid { get; }
        public double PeakReduction { get; }
        public System.ReadOnlySpan<Colossim.Units.Energy> StateOfCharge { get; }
        public Colossim.Units.Duration Step { get; }
        public double SwingReduction { get; }
        public double TonnesCo2 { get; }
        public Colossim.Units.Duration StepAt(int index) { }
        public Colossim.Units.Duration TimeOf(int index) { }
    }
    public sealed class ServingLoad : Colossim.Facility.FacilityLoad, System.IEquatable<Colossim.Facility.ServingLoad>
    {
        public ServingLoad() { }
        public required double PeakHour { get; init; }
        public required double PeakUtilization { get; init; }
        public Colossim.Facility.GpuWorkPower? Power { get; init; }
        public required double TroughUtilization { get; init; }
        protected override Colossim.Units.Watts ActiveAverage(double startSeconds, double endSeconds, Colossim.Facility.NodePowerModel node) { }
        public double UtilizationAt(double seconds) { }
    }
    public sealed class Site : System.IEquatable<Colossim.Facility.Site>
    {
        public Site() { }
        public Colossim.Facility.SiteFabric Fabric { get; init; }
        public required Colossim.Facility.SiteGpus Gpus { get; init; }
        public required string Name { get; init; }
        public Colossim.Facility.SitePower Power { get; init; }
        public Colossim.Catalog.SystemSpec? System { get; init; }
    }
    public sealed class SiteFabric : System.IEquatable<Colossim.Facility.SiteFabric>
    {
        public SiteFabric() { }
        public Colossim.Facility.FabricKind Kind { get; init; }
        public double Oversubscription { get; init; }
        public Colossim.Catalog.FabricSpec? Switch { get; init; }
        public Colossim.Facility.FabricTopology Topology { get; init; }
        public static Colossim.Facility.SiteFabric Default { get; }
    }
    public sealed class SiteGpus : System.IEquatable<Colossim.Facility.SiteGpus>
    {
        public SiteGpus() { }
        public required int Count { get; init; }
        public required Colossim.Catalog.GpuSpec Type { get; init; }
    }
    public sealed class SitePower : System.IEquatable<Colossim.Facility.SitePower>
    {
        public SitePower() { }
        public Colossim.Units.Energy Battery { get; init; }
        public Colossim.Units.Watts? Grid { get; init; }
        public Colossim.Units.Usd PricePerKwh { get; init; }
        public double Pue { get; init; }
        public static Colossim.Facility.SitePower Default { get; }
    }
    public sealed class SitePowerRun : System.IEquatable<Colossim.Facility.SitePowerRun>
    {
        public SitePowerRun() { }
        public Colossim.Units.Watts? Grid { get; init; }
        public bool GridExceeded { get; }
        public required Colossim.Facility.ClusterPlan Plan { get; init; }
        public required Colossim.Facility.PowerScenario Scenario { get; init; }
        public required string Site { get; init; }
        public required Colossim.Facility.PowerTimelineResult Timeline { get; init; }
    }
    public sealed class SwitchTier : System.IEquatable<Colossim.Facility.SwitchTier>
    {
        public SwitchTier(string Name, long Switches, int DownPorts, int UpPorts, long LinksDown) { }
        public int DownPorts { get; init; }
        public long LinksDown { get; init; }
        public string Name { get; init; }
        public long Switches { get; init; }
        public int UpPorts { get; init; }
    }
    public sealed class TrainingLoad : Colossim.Facility.FacilityLoad, System.IEquatable<Colossim.Facility.TrainingLoad>
    {
        public TrainingLoad() { }
        public required double CommunicationFraction { get; init; }
        public Colossim.Facility.GpuWorkPower? Power { get; init; }
        public required Colossim.Units.Duration Step { get; init; }
        protected override Colossim.Units.Watts ActiveAverage(double startSeconds, double endSeconds, Colossim.Facility.NodePowerModel node) { }
    }
}
namespace Colossim.Network
{
    public sealed class AlphaBetaCommunication : Colossim.Performance.ICommunication
    {
        public AlphaBetaCommunication(Colossim.Network.Topology topology) { }
        public Colossim.Network.Topology Topology { get; }
        public Colossim.Units.Duration Time(Colossim.Performance.Collective collective, Colossim.Units.Bytes perRank, Colossim.Performance.CommGroup group) { }
    }
    public enum CollectiveAlgorithm
    {
        Auto = 0,
        Ring = 1,
        Tree = 2,
        Nvls = 3,
        Hierarchical = 4,
    }
    public sealed class CollectiveModel : Colossim.Performance.ICommunication
    {
        public CollectiveModel(Colossim.Network.Topology topology, Colossim.Network.NetworkDefaults? defaults = null) { }
        public Colossim.Network.NetworkDefaults Defaults { get; }
        public Colossim.Network.ScaleUpGeneration Generation { get; }
        public Colossim.Network.Topology Topology { get; }
        public bool CanRun(Colossim.Performance.Collective collective, Colossim.Performance.CommGroup group, Colossim.Network.CollectiveAlgorithm algorithm, out string reason) { }
        public Colossim.Network.CollectivePrediction Predict(Colossim.Performance.Collective collective, Colossim.Units.Bytes perRank, Colossim.Performance.CommGroup group, Colossim.Network.CollectiveAlgorithm algorithm = 0, int concurrentGroups = 1) { }
        public Colossim.Units.Duration Time(Colossim.Performance.Collective collective, Colossim.Units.Bytes perRank, Colossim.Performance.CommGroup group) { }
    }
    public sealed class CollectivePrediction : System.IEquatable<Colossim.Network.CollectivePrediction>
    {
        public CollectivePrediction() { }
        public required Colossim.Network.CollectiveAlgorithm Algorithm { get; init; }
        public Colossim.Units.Bandwidth AlgorithmBandwidth { get; }
        public required Colossim.Network.LinkClass Bottleneck { get; init; }
        public Colossim.Units.Bandwidth BusBandwidth { get; }
        public required Colossim.Units.Bytes Bytes { get; init; }
        public required Colossim.Performance.Collective Collective { get; init; }
        public required Colossim.Network.CollectiveProtocol Protocol { get; init; }
        public required int Ranks { get; init; }
        public required Colossim.Units.Duration Time { get; init; }
        public static double BusFactor(Colossim.Performance.Collective collective, int ranks) { }
    }
    public enum CollectiveProtocol
    {
        Ll = 0,
        Ll128 = 1,
        Simple = 2,
    }
    public sealed class CommRequest : System.IEquatable<Colossim.Network.CommRequest>
    {
        public const long MaxGpus = 10000000;
        public CommRequest() { }
        public string? Algo { get; init; }
        public string Fabric { get; init; }
        public string? Gpu { get; init; }
        public string? Gpus { get; init; }
        public string? Op { get; init; }
        public string? Placement { get; init; }
        public string? Size { get; init; }
        public string? Sizes { get; init; }
        public string? System { get; init; }
        public static System.Collections.Generic.IReadOnlyList<string> AlgoNames { get; }
        public static System.Collections.Generic.IReadOnlyList<string> OpNames { get; }
        public Colossim.Network.CommResult? Run(Colossim.Catalog.ColossimCatalog catalog, Colossim.Documents.Problems problems) { }
        public static class Names
        {
            public const string Algo = "--algo";
            public const string Fabric = "--fabric";
            public const string Gpu = "--gpu";
            public const string Gpus = "--gpus";
            public const string Op = "--op";
            public const string Placement = "--placement";
            public const string Size = "--size";
            public const string Sizes = "--sizes";
            public const string System = "--system";
        }
    }
    public sealed class CommResult : System.IEquatable<Colossim.Network.CommResult>
    {
        public CommResult() { }
        public required Colossim.Performance.Collective Collective { get; init; }
        public required string Generation { get; init; }
        public required string Gpu { get; init; }
        public required Colossim.Performance.CommGroup Group { get; init; }
        public required Colossim.Network.Placement Placement { get; init; }
        public required int Ranks { get; init; }
        public required System.Collections.Generic.IReadOnlyList<Colossim.Network.CollectivePrediction> Rows { get; init; }
        public required string System { get; init; }
    }
    public static class FlowSharing
    {
        public static double[] MaxMinRates(System.Collections.Generic.IReadOnlyList<double> capacities, System.Collections.Generic.IReadOnlyList<System.Collections.Generic.IReadOnlyList<int>> flows) { }
    }
    public sealed class InGraphAllReduce : Colossim.Performance.ICommunication
    {
        public InGraphAllReduce(Colossim.Network.CollectiveModel nccl, Colossim.Network.InGraphAllReduceConstants? constants = null) { }
        public Colossim.Network.InGraphAllReduceConstants Constants { get; }
        public Colossim.Network.CollectiveModel Nccl { get; }
        public Colossim.Units.Duration? Kernel(Colossim.Performance.Collective collective, Colossim.Units.Bytes perRank, Colossim.Performance.CommGroup group) { }
        public Colossim.Units.Duration Time(Colossim.Performance.Collective collective, Colossim.Units.Bytes perRank, Colossim.Performance.CommGroup group) { }
    }
    public sealed class InGraphAllReduceConstants : System.IEquatable<Colossim.Network.InGraphAllReduceConstants>
    {
        public InGraphAllReduceConstants() { }
        public required double LinkEfficiency { get; init; }
        public required Colossim.Units.Bytes MaxBytes { get; init; }
        public required int MaxRanks { get; init; }
        public required double OneShotBaseMicroseconds { get; init; }
        public required double PerRankMicroseconds { get; init; }
        public System.Collections.Generic.IReadOnlyDictionary<string, string> Sources { get; init; }
        public required int TwoShotBarriers { get; init; }
        public static Colossim.Network.InGraphAllReduceConstants BuiltIn { get; }
        public static Colossim.Network.InGraphAllReduceConstants? Read(Colossim.Documents.DocNode root, Colossim.Documents.Problems problems) { }
    }
    public enum LinkClass
    {
        ScaleUp = 0,
        ScaleOut = 1,
        Core = 2,
    }
    public sealed class NetworkDefaults : System.IEquatable<Colossim.Network.NetworkDefaults>
    {
        public NetworkDefaults() { }
        [System.Runtime.CompilerServices.TupleElementNames(new string[] {
                "Generation",
                "Gpus"})]
        public required System.Collections.Generic.IReadOnlyList<System.ValueTuple<Colossim.Network.ScaleUpGeneration, System.Collections.Generic.IReadOnlyList<string>>> Generations { get; init; }
        public required Colossim.Network.ProtocolConstants Ll { get; init; }
        public required Colossim.Network.ProtocolConstants Ll128 { get; init; }
        public required double NvlsAlgorithmBandwidthFraction { get; init; }
        public required double NvlsBaseMicroseconds { get; init; }
        public required double ScaleOutEfficiency { get; init; }
        public required Colossim.Network.ProtocolConstants Simple { get; init; }
        public System.Collections.Generic.IReadOnlyDictionary<string, string> Sources { get; init; }
        public required double SwitchHopMicroseconds { get; init; }
        public static Colossim.Network.NetworkDefaults BuiltIn { get; }
        public Colossim.Network.ScaleUpGeneration GenerationOf(string gpuId) { }
        public Colossim.Network.ProtocolConstants Protocol(Colossim.Network.CollectiveProtocol protocol) { }
        public static Colossim.Network.NetworkDefaults? Read(Colossim.Documents.DocNode root, Colossim.Documents.Problems problems) { }
    }
    public static class NetworkValidation
    {
        public static Colossim.Units.Bytes BandwidthRegime { get; }
        public static Colossim.Units.Bytes LatencyRegime { get; }
        [return: System.Runtime.CompilerServices.TupleElementNames(new string[] {
                "Key",
                "Rows",
                "Gpu",
                "Collective",
                "Ranks"})]
        public static System.Collections.Generic.IReadOnlyList<System.ValueTuple<System.ValueTuple<string, Colossim.Performance.Collective, int>, System.Collections.Generic.IReadOnlyList<Colossim.Network.NetworkValidationRow>>> Groups(System.Collections.Generic.IReadOnlyList<Colossim.Network.NetworkValidationRow> rows) { }
        public static string Markdown(System.Collections.Generic.IReadOnlyList<Colossim.Network.NetworkValidationRow> vidur, System.Collections.Generic.IReadOnlyList<Colossim.Network.PublishedBandwidthRow> published) { }
        public static double Median(System.Collections.Generic.IReadOnlyList<Colossim.Network.NetworkValidationRow> rows) { }
        public static System.Collections.Generic.IReadOnlyList<Colossim.Network.PublishedBandwidthRow> Published(Colossim.Catalog.ColossimCatalog catalog) { }
        public static System.Collections.Generic.IReadOnlyList<Colossim.Network.NetworkValidationRow> Vidur(string networkDir, Colossim.Catalog.ColossimCatalog catalog, Colossim.Documents.Problems problems) { }
    }
    public sealed class NetworkValidationRow : System.IEquatable<Colossim.Network.NetworkValidationRow>
    {
        public NetworkValidationRow(string Gpu, Colossim.Performance.Collective Collective, int Ranks, Colossim.Units.Bytes Size, Colossim.Units.Duration Measured, Colossim.Units.Duration Predicted, Colossim.Network.CollectiveAlgorithm Algorithm, Colossim.Network.CollectiveProtocol Protocol) { }
        public Colossim.Network.CollectiveAlgorithm Algorithm { get; init; }
        public Colossim.Performance.Collective Collective { get; init; }
        public double ErrorPct { get; }
        public string Gpu { get; init; }
        public Colossim.Units.Duration Measured { get; init; }
        public Colossim.Units.Duration Predicted { get; init; }
        public Colossim.Network.CollectiveProtocol Protocol { get; init; }
        public int Ranks { get; init; }
        public Colossim.Units.Bytes Size { get; init; }
    }
    public enum Placement
    {
        Packed = 0,
        Spread = 1,
    }
    public sealed class ProtocolConstants : System.IEquatable<Colossim.Network.ProtocolConstants>
    {
        public ProtocolConstants(double BaseMicroseconds, double ScaleUpHopMicroseconds, double ScaleOutHopMicroseconds, double BandwidthFraction) { }
        public double BandwidthFraction { get; init; }
        public double BaseMicroseconds { get; init; }
        public double ScaleOutHopMicroseconds { get; init; }
        public double ScaleUpHopMicroseconds { get; init; }
    }
    public sealed class PublishedBandwidthRow : System.IEquatable<Colossim.Network.PublishedBandwidthRow>
    {
        public PublishedBandwidthRow(string Case, string Gpu, int Ranks, Colossim.Network.CollectiveAlgorithm Algorithm, double PublishedGBps, double PredictedGBps, string Source) { }
        public Colossim.Network.CollectiveAlgorithm Algorithm { get; init; }
        public string Case { get; init; }
        public double ErrorPct { get; }
        public string Gpu { get; init; }
        public double PredictedGBps { get; init; }
        public double PublishedGBps { get; init; }
        public int Ranks { get; init; }
        public string Source { get; init; }
    }
    public sealed class ScaleUpGeneration : System.IEquatable<Colossim.Network.ScaleUpGeneration>
    {
        public ScaleUpGeneration(string Name, double OverheadMicroseconds, double HopScale, double Efficiency, bool Nvls) { }
        public double Efficiency { get; init; }
        public double HopScale { get; init; }
        public string Name { get; init; }
        public bool Nvls { get; init; }
        public double OverheadMicroseconds { get; init; }
    }
    public static class StepForecasts
    {
        public static Colossim.Performance.ICommunication For(Colossim.Catalog.ColossimCatalog catalog, Colossim.Catalog.GpuSpec gpu, int gpus) { }
        public static Colossim.Performance.StepForecast? Forecast(Colossim.Performance.StepQuery query, Colossim.Catalog.ColossimCatalog catalog, Colossim.Documents.Problems problems) { }
    }
    public enum TensorParallelAllReduce
    {
        InGraph = 0,
        Nccl = 1,
    }
    public sealed class Topology : System.IEquatable<Colossim.Network.Topology>
    {
        public Topology() { }
        public Colossim.Network.ScaleUpGeneration? Generation { get; init; }
        public required long Gpus { get; init; }
        public required long GpusPerLeaf { get; init; }
        public required int GpusPerNode { get; init; }
        public required long GpusPerPod { get; init; }
        public required int GpusPerScaleUpDomain { get; init; }
        public required double Oversubscription { get; init; }
        public Colossim.Units.Duration ScaleOutLatency { get; init; }
        public required Colossim.Units.Bandwidth ScaleOutPerGpu { get; init; }
        public Colossim.Units.Duration ScaleUpLatency { get; init; }
        public required Colossim.Units.Bandwidth ScaleUpPerGpu { get; init; }
        public Colossim.Units.Duration SwitchHopLatency { get; init; }
        public static Colossim.Units.Duration DefaultScaleOutLatency { get; }
        public static Colossim.Units.Duration DefaultScaleUpLatency { get; }
        public static Colossim.Units.Duration DefaultSwitchHopLatency { get; }
        public Colossim.Units.Bandwidth Bottleneck(Colossim.Performance.CommGroup group) { }
        public Colossim.Performance.CommGroup Group(int ranks) { }
        public Colossim.Performance.CommGroup Group(int ranks, Colossim.Network.Placement placement) { }
        public Colossim.Performance.CommGroup Group(int ranks, long stride, long span) { }
        public Colossim.Units.Duration StepLatency(Colossim.Performance.CommGroup group) { }
        public static Colossim.Network.Topology FromPlan(Colossim.Facility.ClusterPlan plan) { }
    }
}
namespace Colossim.Performance
{
    public sealed class AttentionDecodeSample : System.IEquatable<Colossim.Performance.AttentionDecodeSample>
    {
        public AttentionDecodeSample(int Batch, int Context, int QHeads, int KvHeads, int HeadDim, double Seconds, bool GpuOnly, double EagerSeconds) { }
        public int Batch { get; init; }
        public int Context { get; init; }
        public double EagerSeconds { get; init; }
        public bool GpuOnly { get; init; }
        public int HeadDim { get; init; }
        public int KvHeads { get; init; }
        public int QHeads { get; init; }
        public double Seconds { get; init; }
    }
    public sealed class AttentionPrefillSample : System.IEquatable<Colossim.Performance.AttentionPrefillSample>
    {
        public AttentionPrefillSample(int Batch, int SeqLen, int QHeads, int KvHeads, int HeadDim, double Seconds, bool GpuOnly, double EagerSeconds) { }
        public int Batch { get; init; }
        public double EagerSeconds { get; init; }
        public bool GpuOnly { get; init; }
        public int HeadDim { get; init; }
        public int KvHeads { get; init; }
        public int QHeads { get; init; }
        public double Seconds { get; init; }
        public int SeqLen { get; init; }
    }
    public static class CalibrationChecks
    {
        public const double Margin = 1.1D;
        public static System.Collections.Generic.IReadOnlyList<Colossim.Performance.CalibrationDoubt> Find(System.Collections.Generic.IReadOnlyList<Colossim.Performance.MeasurementRecord> records, Colossim.Catalog.GpuSpec gpu, Colossim.Catalog.ColossimCatalog catalog) { }
    }
    public static class CalibrationDevices
    {
        public static System.Collections.Generic.IReadOnlyList<Colossim.Catalog.GpuSpec> Candidates(string deviceName, Colossim.Catalog.ColossimCatalog catalog) { }
        [return: System.Runtime.CompilerServices.TupleElementNames(new string[] {
                "Record",
                "Name"})]
        public static System.ValueTuple<Colossim.Performance.MeasurementRecord, string>? DeviceRecord(System.Collections.Generic.IEnumerable<Colossim.Performance.MeasurementRecord> records) { }
        public static Colossim.Catalog.GpuSpec? Match(string deviceName, Colossim.Catalog.ColossimCatalog catalog) { }
        public static Colossim.Catalog.GpuSpec? Resolve(System.Collections.Generic.IReadOnlyList<Colossim.Performance.MeasurementRecord> records, string? gpuOption, Colossim.Catalog.ColossimCatalog catalog, Colossim.Documents.Problems problems) { }
    }
    public sealed class CalibrationDoubt : System.IEquatable<Colossim.Performance.CalibrationDoubt>
    {
        public CalibrationDoubt(int? Line, string Message) { }
        public int? Line { get; init; }
        public string Message { get; init; }
    }
    public sealed class CalibrationImport : System.IEquatable<Colossim.Performance.CalibrationImport>
    {
        public CalibrationImport() { }
        public required Colossim.Catalog.GpuSpec Gpu { get; init; }
        public required Colossim.Performance.KernelModel Model { get; init; }
        public required Colossim.Performance.CalibrationSet Set { get; init; }
        public required string StoredFile { get; init; }
    }
    public sealed class CalibrationSet
    {
        public const long MaxDimension = 1073741824;
        public const double MaxKernelMilliseconds = 3600000D;
        public System.Collections.Immutable.ImmutableArray<Colossim.Performance.AttentionDecodeSample> AttentionDecode { get; }
        public System.Collections.Immutable.ImmutableArray<Colossim.Performance.AttentionPrefillSample> AttentionPrefill { get; }
        public double CopyBandwidthBytesPerSecond { get; }
        public System.Collections.Immutable.ImmutableArray<Colossim.Performance.CrossGpuError> CrossGpuErrors { get; }
        public System.Collections.Immutable.ImmutableArray<double> EagerLaunchSeconds { get; }
        public System.Collections.Immutable.ImmutableArray<double> EagerLayerSecondsPerKernel { get; }
        public System.Collections.Immutable.ImmutableArray<Colossim.Performance.ElementwiseSample> Elementwise { get; }
        public System.Collections.Immutable.ImmutableArray<Colossim.Performance.FusedKernelFit> FusedKernels { get; }
        public System.Collections.Immutable.ImmutableArray<Colossim.Performance.GemmSample> Gemms { get; }
        public string Gpu { get; }
        public System.Collections.Immutable.ImmutableArray<double> GraphLaunchSeconds { get; }
        public System.Collections.Immutable.ImmutableArray<Colossim.Performance.GraphLaunchSample> GraphLaunches { get; }
        public bool IsEmpty { get; }
        public System.Collections.Immutable.ImmutableArray<Colossim.Performance.PowerPhaseSample> PowerPhases { get; }
        public System.Collections.Immutable.ImmutableArray<string> Sources { get; }
        public static System.Collections.Generic.IReadOnlyCollection<string> BuiltInGpus { get; }
        public Colossim.Performance.CalibrationSet Merge(Colossim.Performance.CalibrationSet other) { }
        public Colossim.Performance.CalibrationSet WithAddedGemms(System.Collections.Generic.IEnumerable<Colossim.Performance.GemmSample> gemms, string source) { }
        public Colossim.Performance.CalibrationSet WithGemms(System.Collections.Generic.IEnumerable<Colossim.Performance.GemmSample> gemms) { }
        public static Colossim.Performance.CalibrationSet? BuiltIn(string gpu) { }
        public static Colossim.Performance.CalibrationSet Empty(string gpu) { }
        public static Colossim.Performance.CalibrationSet FromDirectory(string gpu, string directory, Colossim.Documents.Problems problems) { }
        public static Colossim.Performance.CalibrationSet FromFile(string gpu, string path, Colossim.Documents.Problems problems) { }
        public static Colossim.Performance.CalibrationSet FromRecords(string gpu, System.Collections.Generic.IEnumerable<Colossim.Performance.MeasurementRecord> records, Colossim.Documents.Problems problems, string source) { }
    }
    public sealed class CalibrationSource : System.IEquatable<Colossim.Performance.CalibrationSource>
    {
        public CalibrationSource(string Path, bool Named) { }
        public bool Named { get; init; }
        public string Path { get; init; }
    }
    public sealed class CalibrationStore
    {
        public const string EnvironmentVariable = "COLOSSIM_CALIBRATION_DIR";
        public CalibrationStore(string directory, string optionName = "--out") { }
        public string Directory { get; }
        public string OptionName { get; }
        public Colossim.Performance.CalibrationImport? Import(string file, Colossim.Catalog.GpuSpec gpu, Colossim.Catalog.ColossimCatalog catalog, bool force, Colossim.Documents.Problems problems) { }
        public static string DefaultDirectory(string? environmentValue, string homeDirectory) { }
        public static Colossim.Performance.KernelModel? KernelModelFor(Colossim.Catalog.ColossimCatalog catalog, string gpu, Colossim.Performance.CalibrationSource source, Colossim.Documents.Problems problems, string gpuPath = "--gpu") { }
        public static System.Collections.Generic.IReadOnlyList<System.Collections.Generic.KeyValuePair<string, Colossim.Performance.ErrorSummary>>? LeaveOneOut(Colossim.Catalog.ColossimCatalog catalog, string gpu, Colossim.Performance.CalibrationSource source, Colossim.Documents.Problems problems, string gpuPath = "--gpu") { }
        public static Colossim.Performance.CalibrationSet? LoadUserSet(string path, string gpu, bool named, Colossim.Documents.Problems problems, string option = "--calibration") { }
    }
    public static class CalibrationValidation
    {
        public static Colossim.Performance.ValidationReport? Run(Colossim.Performance.CalibrationValidationRequest request, Colossim.Catalog.ColossimCatalog catalog, Colossim.Documents.Problems problems) { }
    }
    public sealed class CalibrationValidationRequest : System.IEquatable<Colossim.Performance.CalibrationValidationRequest>
    {
        public CalibrationValidationRequest() { }
        public string? Calibration { get; init; }
        public required string CalibrationDirectory { get; init; }
        public string? Gpu { get; init; }
        public required string Measurements { get; init; }
    }
    public enum Collective
    {
        AllReduce = 0,
        ReduceScatter = 1,
        AllGather = 2,
        AllToAll = 3,
        Broadcast = 4,
        SendRecv = 5,
    }
    public sealed class CommGroup : System.IEquatable<Colossim.Performance.CommGroup>
    {
        public CommGroup() { }
        public bool CrossesScaleOut { get; }
        public int Leaves { get; init; }
        public int Nodes { get; init; }
        public int Pods { get; init; }
        public required int Ranks { get; init; }
        public required int RanksPerScaleUpDomain { get; init; }
        public int ScaleUpDomains { get; init; }
        public static Colossim.Performance.CommGroup OneRank { get; }
        public static Colossim.Performance.CommGroup InOneScaleUpDomain(int ranks) { }
    }
    public sealed class CrossGpuError : System.IEquatable<Colossim.Performance.CrossGpuError>
    {
        public CrossGpuError(string Gpu, double UncertaintyPct, string Basis) { }
        public string Basis { get; init; }
        public string Gpu { get; init; }
        public double UncertaintyPct { get; init; }
    }
    public enum ElementwiseOp
    {
        RmsNorm = 0,
        SiluMul = 1,
        Add = 2,
        Copy = 3,
        FusedRmsNorm = 4,
        FusedSiluMul = 5,
        Rope = 6,
        Cast = 7,
        CrossEntropy = 8,
        Embedding = 9,
        Reduction = 10,
    }
    public sealed class ElementwiseSample : System.IEquatable<Colossim.Performance.ElementwiseSample>
    {
        public ElementwiseSample(Colossim.Performance.ElementwiseOp Op, double Rows, double Width, double Seconds) { }
        public double Elements { get; }
        public Colossim.Performance.ElementwiseOp Op { get; init; }
        public double Rows { get; init; }
        public double Seconds { get; init; }
        public double Width { get; init; }
    }
    public sealed class ErrorSummary : System.IEquatable<Colossim.Performance.ErrorSummary>
    {
        public ErrorSummary(int Count, double MedianAbsErrorPct, double P90AbsErrorPct, double MaxAbsErrorPct) { }
        public int Count { get; init; }
        public double MaxAbsErrorPct { get; init; }
        public double MedianAbsErrorPct { get; init; }
        public double P90AbsErrorPct { get; init; }
        public double TimeWeightedAbsErrorPct { get; init; }
        public static Colossim.Performance.ErrorSummary Of(System.Collections.Generic.IEnumerable<Colossim.Performance.ValidationCase> cases) { }
    }
    public sealed class FusedKernelFit : System.IEquatable<Colossim.Performance.FusedKernelFit>
    {
        public FusedKernelFit(Colossim.Performance.ElementwiseOp Op, double BytesPerElement, double FloorSeconds, double FloorSecondsPerWidth, bool CrossGpu, string Source) { }
        public double BytesPerElement { get; init; }
        public bool CrossGpu { get; init; }
        public double FloorSeconds { get; init; }
        public double FloorSecondsPerWidth { get; init; }
        public Colossim.Performance.ElementwiseOp Op { get; init; }
        public string Source { get; init; }
        public double Seconds(double elements, double width, double bandwidth) { }
    }
    public static class GemmLeaveOneOut
    {
        public static System.Collections.Generic.IReadOnlyList<System.Collections.Generic.KeyValuePair<string, Colossim.Performance.ErrorSummary>> Run(Colossim.Catalog.GpuSpec gpu, Colossim.Performance.CalibrationSet set) { }
    }
    public sealed class GemmSample : System.IEquatable<Colossim.Performance.GemmSample>
    {
        public GemmSample(long M, long N, long K, Colossim.Catalog.DataType Dtype, double Seconds, bool GpuOnly, double EagerSeconds) { }
        public Colossim.Catalog.DataType Dtype { get; init; }
        public double EagerSeconds { get; init; }
        public bool GpuOnly { get; init; }
        public long K { get; init; }
        public long M { get; init; }
        public long N { get; init; }
        public double Seconds { get; init; }
    }
    public sealed class GpuPowerModel
    {
        public const double ClockEnergyExponent = 2D;
        public const double ClockedIdleOverIdle = 1.5074877275834213D;
        public const double SensorWindowSeconds = 1D;
        public bool Calibrated { get; }
        public Colossim.Units.Watts Communication { get; }
        public Colossim.Units.Watts Compute { get; }
        public Colossim.Units.Watts Floor { get; }
        public Colossim.Catalog.GpuSpec Gpu { get; }
        public Colossim.Units.Watts Idle { get; }
        public Colossim.Units.Watts Limit { get; }
        public Colossim.Units.Watts Memory { get; }
        public string Source { get; }
        public string Describe() { }
        public Colossim.Performance.KernelPower Kernel(Colossim.Performance.KernelTime kernel, Colossim.Catalog.DataType dtype = 0) { }
        public Colossim.Performance.KernelPower Kernel(Colossim.Units.Duration time, Colossim.Units.Flops flops, Colossim.Units.Bytes bytes, Colossim.Catalog.DataType dtype = 0) { }
        public static Colossim.Performance.GpuPowerModel For(Colossim.Performance.KernelModel kernels) { }
        public static Colossim.Units.Watts ProbeMean(Colossim.Units.Watts steady, Colossim.Units.Watts before, Colossim.Units.Duration window) { }
        public static double ProbeSteady(Colossim.Performance.PowerPhaseSample phase, double before) { }
        public static Colossim.Performance.GpuPowerModel Scaled(Colossim.Catalog.GpuSpec gpu, Colossim.Performance.GpuPowerModel? reference) { }
        [return: System.Runtime.CompilerServices.TupleElementNames(new string[] {
                "Compute",
                "Memory"})]
        public static System.ValueTuple<double, double> Shares(Colossim.Catalog.GpuSpec gpu, Colossim.Performance.PowerPhaseSample phase) { }
        public static bool TryFit(Colossim.Catalog.GpuSpec gpu, Colossim.Performance.CalibrationSet set, out Colossim.Performance.GpuPowerModel model) { }
    }
    public sealed class GraphLaunchSample : System.IEquatable<Colossim.Performance.GraphLaunchSample>
    {
        public GraphLaunchSample(int Kernels, double SecondsPerKernel) { }
        public int Kernels { get; init; }
        public double SecondsPerKernel { get; init; }
    }
    public sealed class HostProfile : System.IEquatable<Colossim.Performance.HostProfile>
    {
        public HostProfile() { }
        public required double EagerSecondsPerKernel { get; init; }
        public required double GraphSecondsPerKernel { get; init; }
        public required string Source { get; init; }
        public static Colossim.Performance.HostProfile Default { get; }
    }
    public interface ICommunication
    {
        Colossim.Units.Duration Time(Colossim.Performance.Collective collective, Colossim.Units.Bytes perRank, Colossim.Performance.CommGroup group);
    }
    public enum Implementation
    {
        Reference = 0,
        Engine = 1,
    }
    public enum KernelClass
    {
        Gemm = 0,
        Attention = 1,
        Other = 2,
    }
    public sealed class KernelModel
    {
        public const int CalibrationGraphKernels = 12;
        public double Bandwidth { get; }
        public Colossim.Performance.CalibrationSet? Calibration { get; }
        public Colossim.Catalog.GpuSpec Gpu { get; }
        public Colossim.Performance.HostProfile Host { get; }
        public Colossim.Performance.KernelPath Path { get; }
        public string PathDescription { get; }
        public string? UncertaintyBasis { get; }
        public double? UncertaintyPct { get; }
        public Colossim.Performance.KernelTime AttentionDecode(int batch, double totalContext, int qHeads, int kvHeads, int headDim) { }
        public Colossim.Performance.KernelTime AttentionPrefill(int batch, int seqLen, int prefix, int qHeads, int kvHeads, int headDim) { }
        public Colossim.Performance.KernelTime Elementwise(Colossim.Performance.ElementwiseOp op, double rows, double width) { }
        [return: System.Runtime.CompilerServices.TupleElementNames(new string[] {
                "GateUp",
                "Down",
                "ActiveExperts",
                "TokensPerExpert"})]
        public System.ValueTuple<Colossim.Performance.KernelTime, Colossim.Performance.KernelTime, double, double> Experts(long tokens, int experts, int topK, long hidden, long inter, Colossim.Catalog.DataType dtype = 0, double hotLoad = 1) { }
        public Colossim.Performance.KernelTime Gemm(long m, long n, long k, Colossim.Catalog.DataType dtype = 0) { }
        public double GraphKernelSeconds(double graphKernels) { }
        public double Peak(Colossim.Catalog.DataType dtype) { }
        public double Roofline(double flops, double bytes, Colossim.Catalog.DataType dtype = 0) { }
        public bool Supports(Colossim.Catalog.DataType dtype) { }
        public static Colossim.Performance.KernelModel Create(Colossim.Catalog.GpuSpec gpu, Colossim.Performance.CalibrationSet? calibration, Colossim.Performance.KernelModel? reference = null) { }
        public static Colossim.Performance.KernelModel For(Colossim.Catalog.GpuSpec gpu, Colossim.Catalog.ColossimCatalog catalog, Colossim.Performance.CalibrationSet? extra = null) { }
    }
    public enum KernelPath
    {
        Calibrated = 0,
        Roofline = 1,
    }
    public readonly struct KernelPower : System.IEquatable<Colossim.Performance.KernelPower>
    {
        public KernelPower(Colossim.Units.Watts Power, double ClockRatio, Colossim.Units.Duration Time) { }
        public bool Capped { get; }
        public double ClockRatio { get; init; }
        public Colossim.Units.Energy Energy { get; }
        public Colossim.Units.Watts Power { get; init; }
        public Colossim.Units.Duration Time { get; init; }
    }
    public readonly struct KernelTime : System.IEquatable<Colossim.Performance.KernelTime>
    {
        public Colossim.Units.Bytes Bytes { get; }
        public Colossim.Units.Flops Flops { get; }
        public int Kernels { get; }
        public Colossim.Units.Duration Time { get; }
    }
    public sealed class LayoutProblem : System.IEquatable<Colossim.Performance.LayoutProblem>
    {
        public LayoutProblem(string? Field, string Message) { }
        public string? Field { get; init; }
        public string Message { get; init; }
    }
    public static class MeasurementReader
    {
        public const long MaxBytes = 67108864;
        public static System.Collections.Generic.IReadOnlyList<Colossim.Performance.MeasurementRecord> Parse(string text, Colossim.Documents.Problems problems) { }
        public static System.Collections.Generic.IReadOnlyList<Colossim.Performance.MeasurementRecord> ReadFile(string path, Colossim.Documents.Problems problems) { }
    }
    public sealed class MeasurementRecord : System.IEquatable<Colossim.Performance.MeasurementRecord>
    {
        public MeasurementRecord(int Line, string Kind, Colossim.Documents.DocMap Fields) { }
        public Colossim.Documents.DocMap Fields { get; init; }
        public string Kind { get; init; }
        public int Line { get; init; }
        public Colossim.Documents.MapReader Reader(Colossim.Documents.Problems problems) { }
    }
    public sealed class MemoryEstimate : System.IEquatable<Colossim.Performance.MemoryEstimate>
    {
        public MemoryEstimate() { }
        public required Colossim.Units.Bytes Activations { get; init; }
        public required Colossim.Units.Bytes KvCache { get; init; }
        public required Colossim.Units.Bytes KvCachePerToken { get; init; }
        public required Colossim.Units.Bytes OptimizerStates { get; init; }
        public Colossim.Units.Bytes Total { get; }
        public required Colossim.Units.Bytes Weights { get; init; }
    }
    public sealed class NoCommunication : Colossim.Performance.ICommunication
    {
        public static Colossim.Performance.NoCommunication Instance { get; }
        public Colossim.Units.Duration Time(Colossim.Performance.Collective collective, Colossim.Units.Bytes perRank, Colossim.Performance.CommGroup group) { }
    }
    public static class PowerPhaseRecords
    {
        public const double MaxWatts = 10000D;
        public static Colossim.Performance.PowerPhaseSample? Read(Colossim.Documents.MapReader r, Colossim.Documents.Problems problems) { }
    }
    public sealed class PowerPhaseSample : System.IEquatable<Colossim.Performance.PowerPhaseSample>
    {
        public PowerPhaseSample(string Phase, double Seconds, double MsPerCall, double WattsMean, double FlopsPerCall, double BytesPerCall, Colossim.Catalog.DataType Dtype, bool HasActivity) { }
        public double BytesPerCall { get; init; }
        public Colossim.Catalog.DataType Dtype { get; init; }
        public double FlopsPerCall { get; init; }
        public bool HasActivity { get; init; }
        public bool IsClockedIdle { get; }
        public bool IsIdle { get; }
        public double MsPerCall { get; init; }
        public string Phase { get; init; }
        public double Seconds { get; init; }
        public double WattsMean { get; init; }
    }
    public sealed class ResolvedStep : System.IEquatable<Colossim.Performance.ResolvedStep>
    {
        public ResolvedStep() { }
        public bool AllowOverflow { get; init; }
        public Colossim.Performance.ICommunication? Communication { get; init; }
        public required Colossim.Catalog.GpuSpec Gpu { get; init; }
        public string GpuPath { get; init; }
        public required Colossim.Catalog.ModelSpec Model { get; init; }
        public required Colossim.Performance.StepRequest Request { get; init; }
        public required Colossim.Performance.Sharding Sharding { get; init; }
        public Colossim.Performance.StepForecast? Predict(Colossim.Catalog.ColossimCatalog catalog, Colossim.Performance.CalibrationSet? calibration, Colossim.Documents.Problems problems) { }
    }
    public sealed class Sharding : System.IEquatable<Colossim.Performance.Sharding>
    {
        public Sharding() { }
        public int Ep { get; init; }
        public Colossim.Performance.CommGroup? ExpertGroup { get; init; }
        public Colossim.Performance.CommGroup? TensorGroup { get; init; }
        public int Tp { get; init; }
        public int ZeroShards { get; init; }
        public static Colossim.Performance.Sharding None { get; }
        public System.Collections.Generic.IReadOnlyList<Colossim.Performance.LayoutProblem> Check(Colossim.Catalog.ModelSpec model) { }
    }
    public sealed class SkippedRecord : System.IEquatable<Colossim.Performance.SkippedRecord>
    {
        public SkippedRecord(int Line, string Kind, string Reason) { }
        public string Kind { get; init; }
        public int Line { get; init; }
        public string Reason { get; init; }
    }
    public sealed class StepForecast : System.IEquatable<Colossim.Performance.StepForecast>
    {
        public StepForecast() { }
        public Colossim.Units.Bytes Capacity { get; }
        public bool Fits { get; }
        public required Colossim.Performance.KernelPath KernelPath { get; init; }
        public required string KernelPathDescription { get; init; }
        public required Colossim.Performance.MemoryEstimate Memory { get; init; }
        public string PowerSource { get; init; }
        public required Colossim.Performance.StepPrediction Prediction { get; init; }
        public required Colossim.Performance.ResolvedStep Step { get; init; }
        public string? UncertaintyBasis { get; init; }
        public double? UncertaintyPct { get; init; }
    }
    public sealed class StepModel
    {
        public StepModel(Colossim.Catalog.ModelSpec model, Colossim.Performance.KernelModel kernels, Colossim.Performance.Sharding? sharding = null, Colossim.Performance.ICommunication? communication = null) { }
        public Colossim.Performance.ICommunication Communication { get; }
        public Colossim.Performance.CommGroup ExpertGroup { get; }
        public Colossim.Performance.KernelModel Kernels { get; }
        public Colossim.Catalog.ModelSpec Model { get; }
        public Colossim.Performance.GpuPowerModel Power { get; }
        public Colossim.Performance.Sharding Sharding { get; }
        public Colossim.Performance.CommGroup TensorGroup { get; }
        public Colossim.Performance.MemoryEstimate Memory(Colossim.Performance.StepRequest request) { }
        public Colossim.Performance.StepPrediction Predict(Colossim.Performance.StepRequest request) { }
        public static double MaxHotExpertLoad(Colossim.Catalog.ModelSpec model) { }
    }
    public sealed class StepOutOfRangeException : System.Exception
    {
        public StepOutOfRangeException() { }
        public StepOutOfRangeException(double seconds) { }
        public StepOutOfRangeException(string message) { }
        public StepOutOfRangeException(string message, System.Exception innerException) { }
        public double Seconds { get; }
    }
    public enum StepPhase
    {
        Prefill = 0,
        Decode = 1,
        Mixed = 2,
        Train = 3,
    }
    public sealed class StepPrediction : System.IEquatable<Colossim.Performance.StepPrediction>
    {
        public StepPrediction() { }
        public Colossim.Units.Bandwidth AchievedBandwidth { get; }
        public Colossim.Units.FlopRate AchievedFlopRate { get; }
        public required Colossim.Units.Duration AttentionTime { get; init; }
        public required Colossim.Units.Bytes Bytes { get; init; }
        public required Colossim.Units.Duration CommunicationTime { get; init; }
        public required bool ComputeBound { get; init; }
        public Colossim.Units.Energy Energy { get; init; }
        public required Colossim.Units.Flops Flops { get; init; }
        public required Colossim.Units.Duration GemmTime { get; init; }
        public required Colossim.Units.Duration GpuTime { get; init; }
        public required Colossim.Units.Duration HostTime { get; init; }
        public required int Kernels { get; init; }
        public required Colossim.Units.Duration LaunchTime { get; init; }
        public required Colossim.Units.Duration OtherTime { get; init; }
        public required Colossim.Performance.KernelPath Path { get; init; }
        public Colossim.Units.Watts Power { get; init; }
        public Colossim.Units.Duration PowerLimitedTime { get; init; }
        public required Colossim.Units.Duration Time { get; init; }
    }
    public sealed class StepQuery : System.IEquatable<Colossim.Performance.StepQuery>
    {
        public StepQuery() { }
        public bool AllowOverflow { get; init; }
        public int Batch { get; init; }
        public Colossim.Performance.CalibrationSource? Calibration { get; init; }
        public int? Chunk { get; init; }
        public Colossim.Performance.ICommunication? Communication { get; init; }
        public int? Context { get; init; }
        public string Dtype { get; init; }
        public bool Eager { get; init; }
        public bool Engine { get; init; }
        public int Ep { get; init; }
        public required string Gpu { get; init; }
        public bool Graph { get; init; }
        public double HotExpertLoad { get; init; }
        public required string Model { get; init; }
        public required Colossim.Performance.StepPhase Phase { get; init; }
        public bool Recompute { get; init; }
        public int? SeqLen { get; init; }
        public int Tp { get; init; }
        public Colossim.Performance.StepForecast? Forecast(Colossim.Catalog.ColossimCatalog catalog, Colossim.Documents.Problems problems) { }
        public Colossim.Performance.ResolvedStep? Resolve(Colossim.Catalog.ColossimCatalog catalog, Colossim.Documents.Problems problems, System.Func<string, string>? pathOf = null) { }
        public static void CheckHotExpertLoad(Colossim.Catalog.ModelSpec? model, double load, Colossim.Documents.Problems problems, string path) { }
        public static string PhaseName(Colossim.Performance.StepPhase phase) { }
    }
    public sealed class StepRequest : System.IEquatable<Colossim.Performance.StepRequest>
    {
        public StepRequest() { }
        public int Batch { get; init; }
        public int Chunk { get; init; }
        public int ChunkPrefix { get; init; }
        public int Context { get; init; }
        public System.Collections.Generic.IReadOnlyList<int>? Contexts { get; init; }
        public bool? CudaGraph { get; init; }
        public Colossim.Catalog.DataType Dtype { get; init; }
        public double HotExpertLoad { get; init; }
        public Colossim.Performance.Implementation Implementation { get; init; }
        public Colossim.Catalog.DataType KvDtype { get; init; }
        public int? Layers { get; init; }
        public required Colossim.Performance.StepPhase Phase { get; init; }
        public bool Recompute { get; init; }
        public int SeqLen { get; init; }
        public bool WithHead { get; init; }
    }
    public sealed class ValidationCase : System.IEquatable<Colossim.Performance.ValidationCase>
    {
        public ValidationCase(int Line, string Kind, string? Model, string Shape, Colossim.Units.Duration Measured, Colossim.Units.Duration Predicted) { }
        public double ErrorPct { get; }
        public bool HostSensitive { get; init; }
        public string Kind { get; init; }
        public int Line { get; init; }
        public Colossim.Units.Duration Measured { get; init; }
        public double MeasuredMs { get; }
        public string? Model { get; init; }
        public Colossim.Units.Duration Predicted { get; init; }
        public double PredictedMs { get; }
        public string Shape { get; init; }
    }
    public sealed class ValidationReport : System.IEquatable<Colossim.Performance.ValidationReport>
    {
        public ValidationReport() { }
        public required System.Collections.Generic.IReadOnlyList<Colossim.Performance.ValidationCase> Cases { get; init; }
        public required string Gpu { get; init; }
        public System.Collections.Generic.IReadOnlyList<Colossim.Performance.ValidationCase> Layers { get; init; }
        public required string Path { get; init; }
        public required System.Collections.Generic.IReadOnlyList<Colossim.Performance.SkippedRecord> Skipped { get; init; }
        public System.Collections.Generic.IReadOnlyList<System.Collections.Generic.KeyValuePair<string, Colossim.Performance.ErrorSummary>> Summary { get; }
    }
    public static class Validator
    {
        public static System.Collections.Generic.IReadOnlyList<string> InformationKinds { get; }
        public static System.Collections.Generic.IReadOnlyList<string> PredictedKinds { get; }
        public static Colossim.Performance.ValidationReport Run(System.Collections.Generic.IReadOnlyList<Colossim.Performance.MeasurementRecord> records, Colossim.Performance.KernelModel kernels, Colossim.Catalog.ColossimCatalog catalog, Colossim.Documents.Problems problems) { }
    }
    public static class VidurCsv
    {
        public static System.Collections.Generic.IReadOnlyList<Colossim.Performance.VidurRow> Parse(string text, Colossim.Documents.Problems problems) { }
        public static System.Collections.Generic.IReadOnlyList<Colossim.Performance.VidurRow> ReadFile(string path, Colossim.Documents.Problems problems) { }
        public static string ToJsonl(System.Collections.Generic.IEnumerable<Colossim.Performance.VidurRow> rows) { }
        public static Colossim.Performance.ValidationReport Validate(System.Collections.Generic.IReadOnlyList<Colossim.Performance.VidurRow> rows, Colossim.Performance.KernelModel kernels) { }
    }
    public sealed class VidurRow : System.IEquatable<Colossim.Performance.VidurRow>
    {
        public VidurRow(int Line, int Tokens, int Tp, int Heads, int KvHeads, int Hidden, int Inter, bool Gated, System.Collections.Generic.IReadOnlyDictionary<string, double> MedianMs) { }
        public bool Gated { get; init; }
        public int HeadDim { get; }
        public int Heads { get; init; }
        public int Hidden { get; init; }
        public int Inter { get; init; }
        public int KvHeads { get; init; }
        public int Line { get; init; }
        public int LocalHeads { get; }
        public int LocalKvHeads { get; }
        public System.Collections.Generic.IReadOnlyDictionary<string, double> MedianMs { get; init; }
        public int Tokens { get; init; }
        public int Tp { get; init; }
    }
}
namespace Colossim.Reports
{
    public sealed class BarChart : Colossim.Reports.Chart, System.IEquatable<Colossim.Reports.BarChart>
    {
        public BarChart() { }
        public required System.Collections.Generic.IReadOnlyList<string> Categories { get; init; }
        public required Colossim.Reports.ChartAxis CategoryAxis { get; init; }
        public required System.Collections.Generic.IReadOnlyList<Colossim.Reports.BarSeries> Series { get; init; }
        public bool Stacked { get; init; }
        public required Colossim.Reports.ChartAxis ValueAxis { get; init; }
    }
    public sealed class BarSeries : System.IEquatable<Colossim.Reports.BarSeries>
    {
        public BarSeries(string Name, System.Collections.Generic.IReadOnlyList<double> Values) { }
        public string Name { get; init; }
        public System.Collections.Generic.IReadOnlyList<double> Values { get; init; }
    }
    public static class BenchReport
    {
        public static System.Collections.Generic.IReadOnlyList<Colossim.Reports.ReportBlock> Blocks(Colossim.Simulation.HoldModelResult result, Colossim.Simulation.HoldModelComparison? comparison) { }
        public static string StartLine(long events, long pending, ulong seed, bool baseline) { }
        public static string ToJson(Colossim.Simulation.HoldModelResult result, Colossim.Simulation.HoldModelComparison? comparison, bool optimized) { }
    }
    public sealed class BuildReport : System.IEquatable<Colossim.Reports.BuildReport>
    {
        public BuildReport() { }
        public required System.Collections.Generic.IReadOnlyList<Colossim.Reports.SiteBuildReport> Sites { get; init; }
        public required Colossim.Reports.BuildTotals Total { get; init; }
    }
    public sealed class BuildTotals : System.IEquatable<Colossim.Reports.BuildTotals>
    {
        public BuildTotals() { }
        public required Colossim.Facility.CapexBreakdown Capex { get; init; }
        public required Colossim.Units.Watts FacilityPower { get; init; }
        public required long Gpus { get; init; }
        public required Colossim.Units.Watts ItPower { get; init; }
        public required long Nodes { get; init; }
        public required Colossim.Units.Usd OpexPerYear { get; init; }
        public required long Racks { get; init; }
        public required long Switches { get; init; }
        public required Colossim.Units.Usd Tco { get; init; }
        public required long Transceivers { get; init; }
        public Colossim.Units.Usd? UsdPerGpuHour { get; init; }
    }
    public static class CalibrationReport
    {
        public static System.Collections.Generic.IReadOnlyList<Colossim.Reports.ReportBlock> ImportBlocks(Colossim.Performance.CalibrationImport import) { }
        public static string ImportJson(Colossim.Performance.CalibrationImport import) { }
        public static System.Collections.Generic.IReadOnlyList<Colossim.Reports.ReportBlock> LeaveOneOutBlocks(System.Collections.Generic.IReadOnlyList<System.Collections.Generic.KeyValuePair<string, Colossim.Performance.ErrorSummary>> result) { }
        public static string LeaveOneOutJson(System.Collections.Generic.IReadOnlyList<System.Collections.Generic.KeyValuePair<string, Colossim.Performance.ErrorSummary>> result) { }
        public static string LeaveOneOutMarkdown(System.Collections.Generic.IReadOnlyList<System.Collections.Generic.KeyValuePair<string, Colossim.Performance.ErrorSummary>> result) { }
        public static System.Collections.Generic.IReadOnlyList<Colossim.Reports.ReportBlock> ShowBlocks(Colossim.Performance.KernelModel model) { }
        public static string ShowJson(Colossim.Performance.KernelModel model) { }
    }
    public static class CatalogJson
    {
        public static string ToJson(Colossim.Catalog.ColossimCatalog catalog) { }
        public static string ToJson(Colossim.Catalog.ColossimCatalog catalog, Colossim.Reports.CatalogSection section) { }
    }
    public static class CatalogReport
    {
        public static System.Collections.Generic.IReadOnlyList<Colossim.Reports.CatalogSection> Sections { get; }
        public static System.Collections.Generic.IReadOnlyList<Colossim.Reports.ReportBlock> Blocks(Colossim.Catalog.ColossimCatalog catalog) { }
        public static System.Collections.Generic.IReadOnlyList<Colossim.Reports.ReportBlock> Blocks(Colossim.Catalog.ColossimCatalog catalog, Colossim.Reports.CatalogSection section) { }
        public static int Count(Colossim.Catalog.ColossimCatalog catalog, Colossim.Reports.CatalogSection section) { }
        public static Colossim.Reports.ReportTable FabricTable(System.Collections.Generic.IEnumerable<Colossim.Catalog.FabricSpec> fabrics) { }
        public static Colossim.Reports.ReportTable GpuTable(System.Collections.Generic.IEnumerable<Colossim.Catalog.GpuSpec> gpus) { }
        public static Colossim.Reports.ReportTable ModelTable(System.Collections.Generic.IEnumerable<Colossim.Catalog.ModelSpec> models) { }
        public static string Name(Colossim.Reports.CatalogSection section) { }
        public static string Parameters(double count) { }
        public static Colossim.Reports.ReportTable SystemTable(System.Collections.Generic.IEnumerable<Colossim.Catalog.SystemSpec> systems) { }
        public static Colossim.Reports.ReportTable Table(Colossim.Catalog.ColossimCatalog catalog, Colossim.Reports.CatalogSection section) { }
        public static string Title(Colossim.Reports.CatalogSection section) { }
    }
    public enum CatalogSection
    {
        Gpus = 0,
        Systems = 1,
        Fabrics = 2,
        Models = 3,
    }
    public abstract class Chart : System.IEquatable<Colossim.Reports.Chart>
    {
        protected Chart() { }
        public required string Id { get; init; }
        public string? Subtitle { get; init; }
        public required string Title { get; init; }
        public static System.Collections.Generic.IReadOnlyList<string> Palette { get; }
    }
    public sealed class ChartAxis : System.IEquatable<Colossim.Reports.ChartAxis>
    {
        public ChartAxis(string Label, string Unit) { }
        public string Label { get; init; }
        public string Text { get; }
        public string Unit { get; init; }
    }
    public sealed class ChartGuide : System.IEquatable<Colossim.Reports.ChartGuide>
    {
        public ChartGuide(string Name, double Y, int Colour) { }
        public int Colour { get; init; }
        public string Name { get; init; }
        public double Y { get; init; }
    }
    public sealed class ChartRange : System.IEquatable<Colossim.Reports.ChartRange>
    {
        public ChartRange(double Min, double Max, double Tick) { }
        public double Max { get; init; }
        public double Min { get; init; }
        public double Tick { get; init; }
    }
    public static class CheckReport
    {
        public static System.Collections.Generic.IReadOnlyList<Colossim.Reports.ReportBlock> Blocks(string file, System.Collections.Generic.IEnumerable<Colossim.Documents.Problem> problems, Colossim.Reports.CheckSummary? summary) { }
        public static string Plural(long n, string noun) { }
        public static string Summary(Colossim.Reports.CheckSummary summary) { }
        public static string ToJson(string file, System.Collections.Generic.IEnumerable<Colossim.Documents.Problem> problems, Colossim.Reports.CheckSummary? summary) { }
    }
    public sealed class CheckSummary : System.IEquatable<Colossim.Reports.CheckSummary>
    {
        public CheckSummary(int Sites, long Gpus, int Tenants, int Workloads) { }
        public long Gpus { get; init; }
        public int Sites { get; init; }
        public int Tenants { get; init; }
        public int Workloads { get; init; }
    }
    public sealed class ChromeTrace
    {
        public ChromeTrace() { }
        public System.Collections.Generic.IReadOnlyList<Colossim.Reports.TraceEvent> Events { get; }
        public void Complete(string name, string category, Colossim.Units.Duration start, Colossim.Units.Duration duration, int pid, int tid, System.Collections.Generic.IReadOnlyList<System.Collections.Generic.KeyValuePair<string, string>>? args = null) { }
        public void NameProcess(int pid, string name, int? sortIndex = default) { }
        public void NameThread(int pid, int tid, string name, int? sortIndex = default) { }
        public string ToJson() { }
        public bool TryWrite(string path, out string error) { }
        public void WriteTo(System.IO.Stream stream) { }
    }
    public enum ColumnAlignment
    {
        Left = 0,
        Right = 1,
    }
    public static class CommReport
    {
        public static System.Collections.Generic.Dictionary<string, object> Json(Colossim.Network.CommResult result) { }
        public static System.Collections.Generic.IReadOnlyList<Colossim.Reports.ReportBlock> Text(Colossim.Network.CommResult result) { }
    }
    public static class CompareReport
    {
        public const string HtmlFile = "compare.html";
        public const string JsonFile = "compare.json";
        public static System.Collections.Generic.IReadOnlyList<Colossim.Reports.ReportBlock> Blocks(Colossim.Reports.RunComparison comparison) { }
        public static Colossim.Reports.BarChart Chart(Colossim.Reports.RunComparison comparison) { }
        public static string Html(Colossim.Reports.RunComparison comparison) { }
        public static System.Text.Json.Nodes.JsonObject Json(Colossim.Reports.RunComparison comparison) { }
        public static System.Collections.Generic.IReadOnlyList<string> Write(Colossim.Reports.RunComparison comparison, string directory, Colossim.Documents.Problems problems, string path = "--out") { }
    }
    public static class DeploymentSearchReport
    {
        public static void AddChoice(System.Text.Json.Nodes.JsonObject json, Colossim.Serving.DeploymentSearchResult search) { }
        public static System.Collections.Generic.IReadOnlyList<Colossim.Reports.ReportBlock> Blocks(Colossim.Serving.DeploymentSearchResult search, double? wallSeconds) { }
        public static System.Text.Json.Nodes.JsonObject Json(Colossim.Serving.DeploymentSearchResult search, double wallSeconds) { }
        public static System.Text.Json.Nodes.JsonObject Summary(Colossim.Serving.DeploymentSearchResult search, double? wallSeconds) { }
        public static System.Collections.Generic.IReadOnlyList<Colossim.Reports.ReportBlock> Text(Colossim.Serving.DeploymentSearchResult search, double wallSeconds) { }
    }
    public static class EChartsOption
    {
        public static System.Text.Json.Nodes.JsonObject Of(Colossim.Reports.Chart chart) { }
    }
    public static class Figures
    {
        public static string Big(double x) { }
        public static string Fixed(double x, string format) { }
        public static string Gbps(Colossim.Units.Bandwidth x) { }
        public static string Number(double x) { }
        public static string Percent(double x) { }
        public static string Show(Colossim.Units.Bandwidth x) { }
        public static string Show(Colossim.Units.Bytes x) { }
        public static string Show(Colossim.Units.Energy x) { }
        public static string Show(Colossim.Units.FlopRate x) { }
        public static string Show(Colossim.Units.Usd x) { }
        public static string Show(Colossim.Units.Watts x) { }
        public static double Significant(double x) { }
        public static string Whole(double x) { }
    }
    public sealed class HeatmapChart : Colossim.Reports.Chart, System.IEquatable<Colossim.Reports.HeatmapChart>
    {
        public HeatmapChart() { }
        public required System.Collections.Generic.IReadOnlyList<string> Columns { get; init; }
        public required System.Collections.Generic.IReadOnlyList<string> Rows { get; init; }
        public required Colossim.Reports.ChartAxis ValueAxis { get; init; }
        public required System.Collections.Generic.IReadOnlyList<System.Collections.Generic.IReadOnlyList<double>> Values { get; init; }
        public required Colossim.Reports.ChartAxis XAxis { get; init; }
        public required Colossim.Reports.ChartAxis YAxis { get; init; }
    }
    public static class HtmlPage
    {
        public const string ChartLibrary = "Apache ECharts 6.1.0";
        public static string Render(string title, System.Collections.Generic.IReadOnlyList<Colossim.Reports.ReportBlock> blocks, System.Collections.Generic.IReadOnlyList<Colossim.Reports.Chart> charts, int chartsAfter, string footer) { }
    }
    public sealed class InputChange : System.IEquatable<Colossim.Reports.InputChange>
    {
        public InputChange(string Path, string? A, string? B) { }
        public string? A { get; init; }
        public string? B { get; init; }
        public string Path { get; init; }
    }
    public sealed class LineChart : Colossim.Reports.Chart, System.IEquatable<Colossim.Reports.LineChart>
    {
        public LineChart() { }
        public System.Collections.Generic.IReadOnlyList<Colossim.Reports.ChartGuide> Guides { get; init; }
        public bool Markers { get; init; }
        public required System.Collections.Generic.IReadOnlyList<Colossim.Reports.LineSeries> Series { get; init; }
        public bool Step { get; init; }
        public required Colossim.Reports.ChartAxis XAxis { get; init; }
        public Colossim.Reports.ChartRange? XRange { get; init; }
        public required Colossim.Reports.ChartAxis YAxis { get; init; }
    }
    public sealed class LineSeries : System.IEquatable<Colossim.Reports.LineSeries>
    {
        public LineSeries(string Name, System.Collections.Generic.IReadOnlyList<double> X, System.Collections.Generic.IReadOnlyList<double> Y) { }
        public string Name { get; init; }
        public System.Collections.Generic.IReadOnlyList<double> X { get; init; }
        public System.Collections.Generic.IReadOnlyList<double> Y { get; init; }
    }
    public sealed class MetricDifference : System.IEquatable<Colossim.Reports.MetricDifference>
    {
        public MetricDifference(string Group, string Name, Colossim.Reports.MetricKind Kind, double? A, double? B, bool? HigherIsBetter) { }
        public double? A { get; init; }
        public double? B { get; init; }
        public double? Change { get; }
        public string Group { get; init; }
        public bool? HigherIsBetter { get; init; }
        public Colossim.Reports.MetricKind Kind { get; init; }
        public string Name { get; init; }
        public double? RelativeChange { get; }
        public string Verdict { get; }
    }
    public enum MetricKind
    {
        Money = 0,
        Power = 1,
        Energy = 2,
        Seconds = 3,
        Milliseconds = 4,
        Days = 5,
        Fraction = 6,
        Number = 7,
    }
    public static class PlainText
    {
        public static string Render(System.Collections.Generic.IEnumerable<Colossim.Reports.ReportBlock> blocks) { }
    }
    public static class PlanReport
    {
        public static System.Collections.Generic.IReadOnlyList<Colossim.Reports.ReportBlock> Blocks(Colossim.Facility.ClusterPlan plan) { }
        public static System.Collections.Generic.Dictionary<string, object?> Json(Colossim.Facility.ClusterPlan plan) { }
    }
    public sealed class PlatformReport : System.IEquatable<Colossim.Reports.PlatformReport>
    {
        public PlatformReport() { }
        public required System.Collections.Generic.IReadOnlyList<Colossim.Reports.SitePlatform> Sites { get; init; }
        public required Colossim.Reports.PlatformTotals Total { get; init; }
    }
    public sealed class PlatformTotals : System.IEquatable<Colossim.Reports.PlatformTotals>
    {
        public PlatformTotals() { }
        public required Colossim.Units.Energy Battery { get; init; }
        public required Colossim.Units.FlopRate DenseBf16 { get; init; }
        public Colossim.Units.FlopRate? DenseFp8 { get; init; }
        public Colossim.Units.Watts? FacilityPower { get; init; }
        public required Colossim.Units.Watts GpuPower { get; init; }
        public required long Gpus { get; init; }
        public Colossim.Units.Watts? Grid { get; init; }
        public required Colossim.Units.Bandwidth HbmBandwidth { get; init; }
        public required Colossim.Units.Bytes HbmCapacity { get; init; }
        public Colossim.Units.Watts? ItPower { get; init; }
        public required int Sites { get; init; }
    }
    public static class PowerChart
    {
        public static string Svg(string scenario, Colossim.Facility.SitePowerRun run) { }
    }
    public static class PowerCsv
    {
        public const string Header = "time_s,facility_mw,grid_mw,battery_mw,battery_charge_mwh";
        public static void Write(System.IO.TextWriter writer, Colossim.Facility.PowerTimelineResult timeline) { }
    }
    public sealed class PowerDay : System.IEquatable<Colossim.Reports.PowerDay>
    {
        public PowerDay() { }
        public required Colossim.Units.Usd EnergyCost { get; init; }
        public required Colossim.Units.Energy GridEnergy { get; init; }
        public required Colossim.Units.Duration Length { get; init; }
        public required Colossim.Units.Watts PeakGrid { get; init; }
        public required Colossim.Units.Watts PeakWithoutBatteries { get; init; }
        public required Colossim.Facility.BatteryPolicy Policy { get; init; }
        public required Colossim.Units.Duration Step { get; init; }
        public Colossim.Facility.PowerTimelineResult? Timeline { get; init; }
        public required double TonnesCo2 { get; init; }
    }
    public static class PowerFiles
    {
        public const string DefaultFolder = "colossim-out";
        public static System.Collections.Generic.IReadOnlyList<Colossim.Reports.SitePowerFiles>? Write(Colossim.Facility.PowerStudy study, string folder, Colossim.Documents.Problems problems, string path = "--out") { }
    }
    public static class PowerReport
    {
        public static System.Collections.Generic.IReadOnlyList<Colossim.Reports.ReportBlock> Blocks(Colossim.Facility.PowerStudy study, System.Collections.Generic.IReadOnlyList<Colossim.Reports.SitePowerFiles> files) { }
        public static System.Collections.Generic.Dictionary<string, object?> Json(Colossim.Facility.PowerStudy study, System.Collections.Generic.IReadOnlyList<Colossim.Reports.SitePowerFiles> files) { }
    }
    public static class PredictReport
    {
        public static System.Text.Json.Nodes.JsonObject Json(Colossim.Performance.StepForecast forecast) { }
        public static System.Collections.Generic.IReadOnlyList<Colossim.Reports.ReportBlock> Text(Colossim.Performance.StepForecast forecast) { }
    }
    public static class ProblemsJson
    {
        public static string ToJson(int exitCode, System.Collections.Generic.IEnumerable<Colossim.Documents.Problem> problems) { }
        public static System.Text.Json.Nodes.JsonArray ToNode(System.Collections.Generic.IEnumerable<Colossim.Documents.Problem> problems) { }
    }
    public abstract class ReportBlock : System.IEquatable<Colossim.Reports.ReportBlock>
    {
        protected ReportBlock() { }
    }
    public sealed class ReportColumn : System.IEquatable<Colossim.Reports.ReportColumn>
    {
        public ReportColumn(string Header, Colossim.Reports.ColumnAlignment Alignment = 0) { }
        public Colossim.Reports.ColumnAlignment Alignment { get; init; }
        public string Header { get; init; }
    }
    public static class ReportFolder
    {
        public const string ChartsFolder = "charts";
        public const string HtmlFile = "report.html";
        public const string SummaryFile = "summary.json";
        public const string TablesFolder = "tables";
        public const string TextFile = "report.txt";
        public const string TraceFile = "trace.json";
        public static string Describe(string directory, System.Collections.Generic.IReadOnlyList<string> written) { }
        public static System.Collections.Generic.IReadOnlyList<string> Write(Colossim.Reports.ScenarioReport report, string directory, System.Collections.Generic.IReadOnlyList<Colossim.Reports.ReportFormat> formats, Colossim.Documents.Problems problems, string path = "--out") { }
    }
    public enum ReportFormat
    {
        Text = 0,
        Html = 1,
        Json = 2,
    }
    public static class ReportJson
    {
        public static System.Text.Json.JsonSerializerOptions Options { get; }
        public static string Serialize(System.Text.Json.Nodes.JsonNode node) { }
        public static string Serialize<T>(T value) { }
        public static System.Text.Json.Nodes.JsonNode? ToNode(object? value) { }
    }
    public sealed class ReportTable : Colossim.Reports.ReportBlock, System.IEquatable<Colossim.Reports.ReportTable>
    {
        public ReportTable() { }
        public required System.Collections.Generic.IReadOnlyList<Colossim.Reports.ReportColumn> Columns { get; init; }
        public required System.Collections.Generic.IReadOnlyList<System.Collections.Generic.IReadOnlyList<string>> Rows { get; init; }
        public string? Title { get; init; }
    }
    public sealed class ReportTableBuilder
    {
        public ReportTableBuilder(string? title = null) { }
        public Colossim.Reports.ReportTable Build() { }
        public Colossim.Reports.ReportTableBuilder Column(string header, Colossim.Reports.ColumnAlignment alignment) { }
        public Colossim.Reports.ReportTableBuilder Columns(params string[] headers) { }
        public Colossim.Reports.ReportTableBuilder Row(params string[] cells) { }
    }
    public sealed class ReportText : Colossim.Reports.ReportBlock, System.IEquatable<Colossim.Reports.ReportText>
    {
        public ReportText(string Text, bool Strong = false) { }
        public bool Strong { get; init; }
        public string Text { get; init; }
        public static Colossim.Reports.ReportText Blank { get; }
    }
    public sealed class ResultColumn
    {
        public int Count { get; }
        public string Name { get; }
        public Colossim.Reports.ResultColumnType Type { get; }
        public System.Array Values { get; }
        public static Colossim.Reports.ResultColumn Real(string name, double?[] values) { }
        public static Colossim.Reports.ResultColumn Text(string name, string?[] values) { }
        public static Colossim.Reports.ResultColumn Whole(string name, long[] values) { }
    }
    public enum ResultColumnType
    {
        Text = 0,
        Whole = 1,
        Real = 2,
    }
    public static class ResultFiles
    {
        public static string Csv(Colossim.Reports.ResultTable table) { }
        public static byte[] Parquet(Colossim.Reports.ResultTable table) { }
    }
    public sealed class ResultTable : System.IEquatable<Colossim.Reports.ResultTable>
    {
        public ResultTable(string name, System.Collections.Generic.IReadOnlyList<Colossim.Reports.ResultColumn> columns) { }
        public System.Collections.Generic.IReadOnlyList<Colossim.Reports.ResultColumn> Columns { get; }
        public string Name { get; }
        public int RowCount { get; }
    }
    public sealed class RunComparison : System.IEquatable<Colossim.Reports.RunComparison>
    {
        public const long MaxSummaryBytes = 67108864;
        public RunComparison() { }
        public required string A { get; init; }
        public required string B { get; init; }
        public required System.Collections.Generic.IReadOnlyList<Colossim.Reports.InputChange> Inputs { get; init; }
        public required System.Collections.Generic.IReadOnlyList<Colossim.Reports.MetricDifference> Metrics { get; init; }
        public required string ScenarioA { get; init; }
        public required string ScenarioB { get; init; }
        public static Colossim.Reports.RunComparison? Compare(string labelA, string jsonA, string fileA, string labelB, string jsonB, string fileB, Colossim.Documents.Problems problems, string pathA = "RUN_A", string pathB = "RUN_B") { }
        public static Colossim.Reports.RunComparison? Load(string a, string b, Colossim.Documents.Problems problems, string pathA = "RUN_A", string pathB = "RUN_B") { }
        [return: System.Runtime.CompilerServices.TupleElementNames(new string[] {
                "Text",
                "File"})]
        public static System.ValueTuple<string, string>? Read(string run, Colossim.Documents.Problems problems, string path) { }
    }
    public static class ScenarioCharts
    {
        public const int MaxHeatmapColumns = 48;
        public const int MaxPowerBuckets = 1440;
        public const int MaxTimelineSpans = 3000;
        public static Colossim.Reports.BarChart CostBreakdown(string id, string title, string what, System.Collections.Generic.IReadOnlyList<string> sites, System.Collections.Generic.IReadOnlyList<System.Collections.Generic.IReadOnlyList<System.Collections.Generic.KeyValuePair<string, Colossim.Units.Usd>>> categories) { }
        [return: System.Runtime.CompilerServices.TupleElementNames(new string[] {
                "X",
                "Y"})]
        public static System.ValueTuple<double[], double[]> Envelope(System.ReadOnlySpan<double> values, double step, int buckets) { }
        public static Colossim.Reports.HeatmapChart GpuUseHeatmap(Colossim.Cluster.ShareSeries series) { }
        public static Colossim.Reports.LineChart LatencyCdf(string metric, string name, [System.Runtime.CompilerServices.TupleElementNames(new string[] {
                "Workload",
                "Latency"})] System.Collections.Generic.IReadOnlyList<System.ValueTuple<string, Colossim.Serving.LatencySummary>> workloads) { }
        public static Colossim.Reports.LineChart LatencyVsLoad(string metric, string name, [System.Runtime.CompilerServices.TupleElementNames(new string[] {
                "Name",
                "OfferedPerSecond",
                "P99",
                "Target"})] System.Collections.Generic.IReadOnlyList<System.ValueTuple<string, System.Collections.Generic.IReadOnlyList<double>, System.Collections.Generic.IReadOnlyList<Colossim.Units.Duration>, Colossim.Units.Duration?>> lines) { }
        public static Colossim.Reports.HeatmapChart LoadHeatmap([System.Runtime.CompilerServices.TupleElementNames(new string[] {
                "Site",
                "Nameplate",
                "Timeline"})] System.Collections.Generic.IReadOnlyList<System.ValueTuple<string, Colossim.Units.Watts, Colossim.Facility.PowerTimelineResult>> sites) { }
        public static System.Collections.Generic.IReadOnlyList<Colossim.Reports.Chart> Of(Colossim.Reports.ScenarioReport report) { }
        public static Colossim.Reports.LineChart Power(string site, Colossim.Facility.PowerTimelineResult timeline) { }
        public static Colossim.Reports.BarChart RunBreakdown([System.Runtime.CompilerServices.TupleElementNames(new string[] {
                "Workload",
                "Run"})] System.Collections.Generic.IReadOnlyList<System.ValueTuple<string, Colossim.Training.TrainingRun>> runs) { }
        public static string Slug(string name) { }
        public static Colossim.Reports.BarChart StepBreakdown([System.Runtime.CompilerServices.TupleElementNames(new string[] {
                "Workload",
                "Step"})] System.Collections.Generic.IReadOnlyList<System.ValueTuple<string, Colossim.Training.TrainingStep>> steps) { }
        public static Colossim.Reports.TimelineChart StepTimeline(string workload, Colossim.Training.PipelineSchedule schedule) { }
        public static Colossim.Reports.LineChart TenantShare([System.Runtime.CompilerServices.TupleElementNames(new string[] {
                "Tenant",
                "Hours",
                "Share"})] System.Collections.Generic.IReadOnlyList<System.ValueTuple<string, System.Collections.Generic.IReadOnlyList<double>, System.Collections.Generic.IReadOnlyList<double>>> tenants) { }
        public static Colossim.Reports.LineChart ThroughputVsLoad([System.Runtime.CompilerServices.TupleElementNames(new string[] {
                "Name",
                "OfferedPerSecond",
                "OutputTokensPerSecond"})] System.Collections.Generic.IReadOnlyList<System.ValueTuple<string, System.Collections.Generic.IReadOnlyList<double>, System.Collections.Generic.IReadOnlyList<double>>> lines) { }
    }
    public static class ScenarioHtml
    {
        public static string Render(Colossim.Reports.ScenarioReport report, System.Collections.Generic.IReadOnlyList<Colossim.Reports.Chart>? charts = null) { }
    }
    public sealed class ScenarioReport : System.IEquatable<Colossim.Reports.ScenarioReport>
    {
        public ScenarioReport() { }
        public required Colossim.Reports.BuildReport Build { get; init; }
        public string? Description { get; init; }
        public bool HasErrors { get; }
        public required Colossim.Reports.PlatformReport Platform { get; init; }
        public System.Collections.Generic.IReadOnlyList<Colossim.Documents.Problem> Problems { get; init; }
        public required string Scenario { get; init; }
        public required long Seed { get; init; }
        public required System.Collections.Generic.IReadOnlyList<Colossim.Reports.ServingReport> Serving { get; init; }
        public System.Collections.Generic.IReadOnlyList<Colossim.Reports.SiteSharingReport> Sharing { get; init; }
        public string? SourcePath { get; init; }
        public required System.Collections.Generic.IReadOnlyList<Colossim.Reports.TenantReport> Tenants { get; init; }
        public required System.Collections.Generic.IReadOnlyList<Colossim.Reports.TrainingReport> Training { get; init; }
    }
    public static class ScenarioReportJson
    {
        public const int Version = 1;
        public static string ToJson(Colossim.Reports.ScenarioReport report) { }
        public static System.Text.Json.Nodes.JsonObject ToJsonObject(Colossim.Reports.ScenarioReport report) { }
    }
    public static class ScenarioReportText
    {
        public const string AnswersTitle = "Answers";
        public const string NotYet = @"Serving is simulated over a minute of its traffic, then drained. Sharing runs each site's workloads once from time zero, with the scenario's jobs section on its first site (FIFO, Llama 3 failure rates; colossim schedule for policies and synthetic workloads).";
        public static Colossim.Reports.ReportTable? Answers(Colossim.Reports.ScenarioReport report) { }
        public static System.Collections.Generic.IReadOnlyList<Colossim.Reports.ReportBlock> Blocks(Colossim.Reports.ScenarioReport report) { }
    }
    public static class ScenarioTables
    {
        public static System.Collections.Generic.IReadOnlyList<Colossim.Reports.ResultTable> Of(Colossim.Reports.ScenarioReport report) { }
    }
    public static class ScenarioTrace
    {
        public const int PidsPerWorkload = 1000;
        public static Colossim.Reports.ChromeTrace? Of(Colossim.Reports.ScenarioReport report) { }
    }
    public static class ScheduleReport
    {
        public static System.Collections.Generic.IReadOnlyList<Colossim.Reports.ReportBlock> Blocks(Colossim.Cluster.ScheduleResult result) { }
        public static System.Text.Json.Nodes.JsonObject Json(Colossim.Cluster.ScheduleResult result) { }
        public static System.Text.Json.Nodes.JsonObject Json(Colossim.Cluster.ScheduleResult result, string? site, bool wallClock) { }
    }
    public static class ServeReport
    {
        public static System.Text.Json.Nodes.JsonObject Json(Colossim.Serving.ServingResult result, double wallSeconds) { }
        public static System.Text.Json.Nodes.JsonObject SearchJson(Colossim.Serving.RateSearchResult search, double wallSeconds) { }
        public static System.Collections.Generic.IReadOnlyList<Colossim.Reports.ReportBlock> SearchText(Colossim.Serving.RateSearchResult search, double wallSeconds) { }
        public static string SplitwiseMarkdown(System.Collections.Generic.IReadOnlyList<Colossim.Serving.SplitwiseRow> rows, int derived) { }
        public static System.Collections.Generic.IReadOnlyList<Colossim.Reports.ReportBlock> Text(Colossim.Serving.ServingResult result, double wallSeconds) { }
        public static Colossim.Reports.ChromeTrace Timeline(Colossim.Serving.ServingResult result) { }
        public static string ValidationMarkdown(System.Collections.Generic.IReadOnlyList<Colossim.Serving.ServingValidationRow> rows) { }
    }
    public sealed class ServingLoadPoint : System.IEquatable<Colossim.Reports.ServingLoadPoint>
    {
        public ServingLoadPoint() { }
        public required double Fraction { get; init; }
        public required double OfferedRequestsPerSecond { get; init; }
        public required Colossim.Serving.ServingResult Result { get; init; }
    }
    public sealed class ServingReport : System.IEquatable<Colossim.Reports.ServingReport>
    {
        public ServingReport() { }
        public required double ActiveParameters { get; init; }
        public int? Gpus { get; init; }
        public required string Model { get; init; }
        public required string Name { get; init; }
        public required double Parameters { get; init; }
        public Colossim.Reports.ServingSimulationReport? Simulation { get; init; }
        public required string Site { get; init; }
        public Colossim.Serving.Slo? Slo { get; init; }
        public string? Tenant { get; init; }
        public required Colossim.Serving.Traffic Traffic { get; init; }
    }
    public sealed class ServingSimulationReport : System.IEquatable<Colossim.Reports.ServingSimulationReport>
    {
        public ServingSimulationReport() { }
        public int Ep { get; init; }
        public required long Gpus { get; init; }
        public System.Collections.Generic.IReadOnlyList<Colossim.Reports.ServingLoadPoint> LoadLadder { get; init; }
        public required int Pp { get; init; }
        public required Colossim.Serving.ServingResult Result { get; init; }
        public Colossim.Serving.SchedulerKind Scheduler { get; init; }
        public Colossim.Serving.DeploymentSearchResult? Search { get; init; }
        public required Colossim.Units.Duration SimulatedTime { get; init; }
        public required int Tp { get; init; }
    }
    public sealed class SiteBuildReport : System.IEquatable<Colossim.Reports.SiteBuildReport>
    {
        public SiteBuildReport() { }
        public required Colossim.Facility.ClusterPlan Plan { get; init; }
        public Colossim.Reports.PowerDay? Power { get; init; }
        public required string Site { get; init; }
    }
    public sealed class SitePlatform : System.IEquatable<Colossim.Reports.SitePlatform>
    {
        public SitePlatform() { }
        public required Colossim.Units.FlopRate DenseBf16 { get; init; }
        public Colossim.Units.FlopRate? DenseFp8 { get; init; }
        public required Colossim.Facility.SiteFabric Fabric { get; init; }
        public Colossim.Units.Watts? FacilityPower { get; init; }
        public required string GpuId { get; init; }
        public required string GpuName { get; init; }
        public required Colossim.Units.Watts GpuPower { get; init; }
        public required long Gpus { get; init; }
        public required Colossim.Units.Bandwidth HbmBandwidth { get; init; }
        public required Colossim.Units.Bytes HbmCapacity { get; init; }
        public Colossim.Units.Watts? ItPower { get; init; }
        public required string Name { get; init; }
        public long? Nodes { get; init; }
        public required Colossim.Facility.SitePower Power { get; init; }
        public string? SystemId { get; init; }
    }
    public sealed class SitePowerFiles : System.IEquatable<Colossim.Reports.SitePowerFiles>
    {
        public SitePowerFiles(string Site, string Csv, string Svg) { }
        public string Csv { get; init; }
        public string Site { get; init; }
        public string Svg { get; init; }
    }
    public sealed class SiteSharingReport : System.IEquatable<Colossim.Reports.SiteSharingReport>
    {
        public SiteSharingReport() { }
        public required Colossim.Cluster.ScheduleResult Result { get; init; }
        public required string Site { get; init; }
    }
    public static class StaticChart
    {
        public const int DefaultHeight = 480;
        public const int DefaultWidth = 960;
        public static byte[] Png(Colossim.Reports.Chart chart, int width = 960, int height = 480) { }
        public static string Svg(Colossim.Reports.Chart chart, int width = 960, int height = 480) { }
    }
    public static class SweepCharts
    {
        public static ScottPlot.Plot ObjectiveAgainst(Colossim.Reports.SweepReport report, int key) { }
        public static ScottPlot.Plot? Pareto(Colossim.Reports.SweepReport report) { }
        public static System.Collections.Generic.IReadOnlyList<string> Write(Colossim.Reports.SweepReport report, string folder) { }
    }
    public static class SweepFiles
    {
        public static bool CheckFolder(string folder, Colossim.Documents.Problems problems, string path = "--out") { }
        public static System.Collections.Generic.IReadOnlyList<string> Columns(Colossim.Reports.SweepReport report) { }
        public static string Csv(Colossim.Reports.SweepReport report) { }
        public static System.Threading.Tasks.Task<System.Collections.Generic.IReadOnlyList<string>?> WriteAsync(Colossim.Reports.SweepReport report, string folder, Colossim.Documents.Problems problems, string path = "--out", System.Threading.CancellationToken cancel = default) { }
        public static System.Threading.Tasks.Task WriteParquetAsync(Colossim.Reports.SweepReport report, System.IO.Stream stream, System.Threading.CancellationToken cancel = default) { }
    }
    public sealed class SweepReport : System.IEquatable<Colossim.Reports.SweepReport>
    {
        public const string CostMetric = "build.total.tco_usd";
        public SweepReport() { }
        public required double ElapsedSeconds { get; init; }
        public required int Failed { get; init; }
        public required string Id { get; init; }
        public required int Jobs { get; init; }
        public required System.Collections.Generic.IReadOnlyList<string> Keys { get; init; }
        public bool Maximize { get; init; }
        public required System.Collections.Generic.IReadOnlyList<string> Metrics { get; init; }
        public string? Objective { get; init; }
        public System.Collections.Generic.IReadOnlyList<Colossim.Documents.Problem> Problems { get; init; }
        public required int Ran { get; init; }
        public System.Collections.Generic.IReadOnlyList<Colossim.Reports.SweepRow> Ranked { get; }
        public required int Reused { get; init; }
        public required System.Collections.Generic.IReadOnlyList<Colossim.Reports.SweepRow> Rows { get; init; }
        public required string Scenario { get; init; }
        public required int Seeds { get; init; }
        public required string Store { get; init; }
        public int TotalRuns { get; }
        public System.Collections.Generic.IReadOnlyList<Colossim.Reports.SweepRow> ParetoFront() { }
        public System.Text.Json.Nodes.JsonObject ToJson(System.Collections.Generic.IReadOnlyList<string>? files = null) { }
    }
    public static class SweepReportText
    {
        public const int Shown = 15;
        public static System.Collections.Generic.IReadOnlyList<Colossim.Reports.ReportBlock> Blocks(Colossim.Reports.SweepReport report, System.Collections.Generic.IReadOnlyList<string>? files = null) { }
        public static string Stat(Colossim.Reports.SweepStat? stat) { }
    }
    public sealed class SweepRow : System.IEquatable<Colossim.Reports.SweepRow>
    {
        public SweepRow() { }
        public string? Error { get; init; }
        public required int Failed { get; init; }
        public required System.Collections.Generic.IReadOnlyList<Colossim.Reports.SweepStat?> Metrics { get; init; }
        public Colossim.Reports.SweepStat? Objective { get; init; }
        public required int Point { get; init; }
        public required int Runs { get; init; }
        public required System.Collections.Generic.IReadOnlyList<string> Values { get; init; }
    }
    public sealed class SweepStat : System.IEquatable<Colossim.Reports.SweepStat>
    {
        public SweepStat(double Mean, double? Low, double? High, int Count) { }
        public int Count { get; init; }
        public double? High { get; init; }
        public double? Low { get; init; }
        public double Mean { get; init; }
        public static Colossim.Reports.SweepStat? Of(System.Collections.Generic.IReadOnlyList<double> values) { }
        public static double TQuantile(int degrees) { }
    }
    public sealed class TenantReport : System.IEquatable<Colossim.Reports.TenantReport>
    {
        public TenantReport() { }
        public required double Gpus { get; init; }
        public required string Name { get; init; }
        public required double Share { get; init; }
    }
    public sealed class TimelineChart : Colossim.Reports.Chart, System.IEquatable<Colossim.Reports.TimelineChart>
    {
        public TimelineChart() { }
        public required System.Collections.Generic.IReadOnlyList<string> Categories { get; init; }
        public required System.Collections.Generic.IReadOnlyList<Colossim.Reports.TimelineSpan> Spans { get; init; }
        public required Colossim.Reports.ChartAxis TimeAxis { get; init; }
        public required System.Collections.Generic.IReadOnlyList<string> Tracks { get; init; }
    }
    public sealed class TimelineSpan : System.IEquatable<Colossim.Reports.TimelineSpan>
    {
        public TimelineSpan(int Track, double Start, double End, string Category, string Label) { }
        public string Category { get; init; }
        public double End { get; init; }
        public string Label { get; init; }
        public double Start { get; init; }
        public int Track { get; init; }
    }
    public sealed class TraceEvent : System.IEquatable<Colossim.Reports.TraceEvent>
    {
        public TraceEvent(string Name, string Category, Colossim.Units.Duration Start, Colossim.Units.Duration Duration, int Pid, int Tid, System.Collections.Generic.IReadOnlyList<System.Collections.Generic.KeyValuePair<string, string>> Args) { }
        public System.Collections.Generic.IReadOnlyList<System.Collections.Generic.KeyValuePair<string, string>> Args { get; init; }
        public string Category { get; init; }
        public Colossim.Units.Duration Duration { get; init; }
        public string Name { get; init; }
        public int Pid { get; init; }
        public Colossim.Units.Duration Start { get; init; }
        public int Tid { get; init; }
    }
    public static class TrainReport
    {
        public static System.Collections.Generic.IReadOnlyList<Colossim.Reports.ReportBlock> Blocks(Colossim.Training.TrainResult result) { }
        public static System.Text.Json.Nodes.JsonObject Json(Colossim.Training.TrainResult result) { }
    }
    public static class TrainTrace
    {
        public const int CommunicationThread = 2;
        public const int ComputeThread = 1;
        public static void AddTo(Colossim.Reports.ChromeTrace trace, Colossim.Training.PipelineSchedule schedule, int pidOffset, string prefix) { }
        public static Colossim.Reports.ChromeTrace Of(Colossim.Training.PipelineSchedule schedule) { }
    }
    public static class TrainValidationReport
    {
        public static System.Text.Json.Nodes.JsonObject Json(System.Collections.Generic.IReadOnlyList<Colossim.Training.TrainingValidationRow> rows) { }
        public static string Markdown(System.Collections.Generic.IReadOnlyList<Colossim.Training.TrainingValidationRow> rows) { }
    }
    public sealed class TrainingReport : System.IEquatable<Colossim.Reports.TrainingReport>
    {
        public TrainingReport() { }
        public required double ActiveParameters { get; init; }
        public required int Gpus { get; init; }
        public required string Model { get; init; }
        public required string Name { get; init; }
        public Colossim.Training.ParallelLayout? Parallelism { get; init; }
        public required double Parameters { get; init; }
        public Colossim.Training.TrainResult? Simulated { get; init; }
        public required string Site { get; init; }
        public string? Tenant { get; init; }
        public required double Tokens { get; init; }
    }
    public static class ValidateReport
    {
        public static System.Collections.Generic.IReadOnlyList<Colossim.Reports.ReportBlock> Blocks(Colossim.Performance.ValidationReport report) { }
        public static string Markdown(Colossim.Performance.ValidationReport report) { }
        public static string ToJson(Colossim.Performance.ValidationReport report) { }
    }
}
namespace Colossim.Runs
{
    public static class RunJson
    {
        public static System.Collections.Generic.IReadOnlyList<Colossim.Reports.ReportBlock> Blocks(System.Collections.Generic.IReadOnlyList<Colossim.Runs.RunRecord> runs, string databasePath) { }
        public static System.Text.Json.Nodes.JsonObject Detail(Colossim.Runs.RunRecord run, Colossim.Scenarios.RunProgress? progress, bool hasReport) { }
        public static System.Text.Json.Nodes.JsonObject Entry(Colossim.Runs.RunRecord run) { }
        public static string List(System.Collections.Generic.IEnumerable<Colossim.Runs.RunRecord> runs) { }
    }
    public sealed class RunRecord : System.IEquatable<Colossim.Runs.RunRecord>
    {
        public RunRecord() { }
        public required System.DateTimeOffset Created { get; init; }
        public string? Error { get; init; }
        public System.DateTimeOffset? Finished { get; init; }
        public required string Id { get; init; }
        public bool IsFinished { get; }
        public required string Name { get; init; }
        public int OwnerProcess { get; init; }
        public string? ReportFolder { get; init; }
        public required string Scenario { get; init; }
        public required string Source { get; init; }
        public required Colossim.Runs.RunStatus Status { get; init; }
        public string? Summary { get; init; }
    }
    public sealed class RunService : System.IAsyncDisposable
    {
        public RunService(Colossim.Runs.RunStore store, Colossim.Runs.RunServiceOptions options, Colossim.Catalog.ColossimCatalog? catalog = null) { }
        public Colossim.Runs.RunServiceOptions Options { get; }
        public int PeakPending { get; }
        public int Pending { get; }
        public Colossim.Runs.RunStore Store { get; }
        public int Unrecorded { get; }
        public bool Cancel(string id) { }
        public System.Threading.Tasks.ValueTask DisposeAsync() { }
        public Colossim.Scenarios.RunProgress? Progress(string id) { }
        public Colossim.Runs.Submission Submit(string scenario) { }
    }
    public sealed class RunServiceOptions : System.IEquatable<Colossim.Runs.RunServiceOptions>
    {
        public RunServiceOptions() { }
        public int Capacity { get; init; }
        public required string ReportsFolder { get; init; }
        public System.TimeSpan RetryAfter { get; init; }
        public System.TimeSpan RunTimeout { get; init; }
        public string Source { get; init; }
        public int Workers { get; init; }
        public void Validate(Colossim.Documents.Problems problems, string workers = "workers", string capacity = "capacity", string timeout = "run timeout") { }
    }
    public enum RunStatus
    {
        Queued = 0,
        Running = 1,
        Succeeded = 2,
        Failed = 3,
    }
    public sealed class RunStore
    {
        public const string Interrupted = "interrupted: the process that ran it stopped before it finished";
        public const int MaxList = 10000;
        public const int SchemaVersion = 1;
        public string DatabasePath { get; }
        public int Recovered { get; }
        public Colossim.Runs.RunRecord Add(string name, string source, string scenario, Colossim.Runs.RunStatus status = 0) { }
        public long Count() { }
        public bool Fail(string id, string error) { }
        public Colossim.Runs.RunRecord? Get(string id) { }
        public System.Collections.Generic.IReadOnlyList<Colossim.Runs.RunRecord> List(int limit = 100) { }
        public bool MarkRunning(string id) { }
        public bool Succeed(string id, string summary, string? reportFolder) { }
        public static Colossim.Runs.RunStore? Open(string databasePath, Colossim.Documents.Problems problems, string path = "run store", System.TimeProvider? time = null, System.Func<int, bool>? isAlive = null) { }
        public static Colossim.Runs.RunStore? OpenDefault(Colossim.Documents.Problems problems, System.TimeProvider? time = null) { }
    }
    public static class RunStoreLocation
    {
        public const string DatabaseFileName = "colossim.db";
        public const string HomeVariable = "COLOSSIM_HOME";
        public const string NoHistoryVariable = "COLOSSIM_NO_HISTORY";
        public const string RunsFolderName = "runs";
        public const string XdgDataHomeVariable = "XDG_DATA_HOME";
        public static string DatabasePath(System.Func<string, string?>? environment = null) { }
        public static bool HistoryDisabled(System.Func<string, string?>? environment = null) { }
        public static string Home(System.Func<string, string?>? environment = null) { }
    }
    public static class ScenarioSubmission
    {
        public const int MaxBytes = 1048576;
        public const string NoFiles = "a scenario sent to the dashboard cannot name a file on the server";
        public static Colossim.Scenarios.ScenarioLoadResult Check(string text, Colossim.Catalog.ColossimCatalog? catalog = null) { }
        public static System.Collections.Generic.IEnumerable<Colossim.Documents.Problem> FileReferences(Colossim.Documents.DocNode root) { }
    }
    public static class StoredComparison
    {
        public static Colossim.Reports.RunComparison? Load(string a, string b, Colossim.Documents.Problems problems, string? databasePath = null) { }
    }
    public sealed class Submission : System.IEquatable<Colossim.Runs.Submission>
    {
        public Submission() { }
        public required Colossim.Runs.SubmitOutcome Outcome { get; init; }
        public System.Collections.Generic.IReadOnlyList<Colossim.Documents.Problem> Problems { get; init; }
        public System.TimeSpan RetryAfter { get; init; }
        public Colossim.Runs.RunRecord? Run { get; init; }
    }
    public enum SubmitOutcome
    {
        Accepted = 0,
        Invalid = 1,
        Full = 2,
        Stopping = 3,
    }
}
namespace Colossim.Scenarios
{
    public sealed class PowerRequest : System.IEquatable<Colossim.Scenarios.PowerRequest>
    {
        public PowerRequest() { }
        public string Duration { get; init; }
        public string Policy { get; init; }
        public required string Scenario { get; init; }
        public string? Site { get; init; }
        public string Step { get; init; }
        public static class Names
        {
            public const string Duration = "--duration";
            public const string Policy = "--policy";
            public const string Site = "--site";
            public const string Step = "--step";
        }
    }
    public sealed class ReportOptions : System.IEquatable<Colossim.Scenarios.ReportOptions>
    {
        public ReportOptions() { }
        public System.Collections.Generic.IReadOnlyList<Colossim.Reports.ReportFormat> Formats { get; init; }
        public static Colossim.Scenarios.ReportOptions Default { get; }
    }
    public sealed class RunProgress : System.IEquatable<Colossim.Scenarios.RunProgress>
    {
        public RunProgress(string Stage, int StageIndex, int StageCount, double StageFraction, string? Detail = null) { }
        public string? Detail { get; init; }
        public double Fraction { get; }
        public string Stage { get; init; }
        public int StageCount { get; init; }
        public double StageFraction { get; init; }
        public int StageIndex { get; init; }
    }
    public sealed class Scenario : System.IEquatable<Colossim.Scenarios.Scenario>
    {
        public const long MaxSeed = 9007199254740992;
        public Scenario() { }
        public required Colossim.Catalog.ColossimCatalog Catalog { get; init; }
        public string? Description { get; init; }
        public Colossim.Scenarios.ScenarioJobs Jobs { get; init; }
        public required string Name { get; init; }
        public Colossim.Scenarios.ReportOptions Report { get; init; }
        public long Seed { get; init; }
        public required System.Collections.Generic.IReadOnlyList<Colossim.Facility.Site> Sites { get; init; }
        public string? SourcePath { get; init; }
        public System.Collections.Generic.IReadOnlyList<Colossim.Scenarios.Tenant> Tenants { get; init; }
        public long TotalGpus { get; }
        public Colossim.Scenarios.Workloads Workloads { get; init; }
        public Colossim.Facility.Site? FindSite(string name) { }
    }
    public static class ScenarioChecks
    {
        public static Colossim.Scenarios.ScenarioLoadResult Check(Colossim.Scenarios.Scenario scenario, Colossim.Scenarios.ScenarioLoadResult loaded) { }
        public static Colossim.Scenarios.ScenarioLoadResult CheckFile(string path, Colossim.Catalog.ColossimCatalog? catalog = null) { }
        public static void Shares(Colossim.Scenarios.Scenario scenario, Colossim.Documents.Problems problems) { }
    }
    public sealed class ScenarioJobs : System.IEquatable<Colossim.Scenarios.ScenarioJobs>
    {
        public ScenarioJobs() { }
        public bool IsEmpty { get; }
        public System.Collections.Generic.IReadOnlyList<Colossim.Cluster.Traces.JobStreamSpec> Streams { get; init; }
        public System.Collections.Generic.IReadOnlyList<Colossim.Cluster.Traces.TraceReplay> Traces { get; init; }
        public static Colossim.Scenarios.ScenarioJobs None { get; }
        public Colossim.Cluster.JobTrace? ToJobTrace(Colossim.Simulation.RandomStreams streams, System.Collections.Generic.IReadOnlyList<Colossim.Scenarios.Tenant> tenants, Colossim.Documents.Problems problems) { }
    }
    public sealed class ScenarioLoadResult : System.IEquatable<Colossim.Scenarios.ScenarioLoadResult>
    {
        public ScenarioLoadResult() { }
        public bool IsValid { get; }
        public required System.Collections.Generic.IReadOnlyList<Colossim.Documents.Problem> Problems { get; init; }
        public Colossim.Scenarios.Scenario? Scenario { get; init; }
    }
    public static class ScenarioLoader
    {
        public const string DefaultTenant = "default";
        public const int MaxGpus = 10000000;
        public static Colossim.Scenarios.ScenarioLoadResult LoadFile(string path, Colossim.Catalog.ColossimCatalog? catalog = null, Colossim.Documents.DocLimits? limits = null) { }
        public static Colossim.Scenarios.ScenarioLoadResult Parse(string text, Colossim.Catalog.ColossimCatalog? catalog = null, string? baseDirectory = null, Colossim.Documents.DocLimits? limits = null) { }
    }
    public sealed class ScenarioRunOptions : System.IEquatable<Colossim.Scenarios.ScenarioRunOptions>
    {
        public ScenarioRunOptions() { }
        public Colossim.Facility.PowerTimelineBuffers? PowerBuffers { get; init; }
        public long? Seed { get; init; }
        public bool ServingLoadLadder { get; init; }
        public static Colossim.Scenarios.ScenarioRunOptions Default { get; }
    }
    public static class ScenarioRunner
    {
        public static System.Collections.Generic.IReadOnlyList<string> Stages { get; }
        public static Colossim.Reports.ScenarioReport Run(Colossim.Scenarios.Scenario scenario, Colossim.Scenarios.ScenarioRunOptions? options = null, System.IProgress<Colossim.Scenarios.RunProgress>? progress = null, System.Threading.CancellationToken cancel = default) { }
    }
    public static class ScenarioServing
    {
        public const int MaxRequests = 20000;
        [System.Runtime.CompilerServices.TupleElementNames(new string[] {
                "Input",
                "Output"})]
        public static System.Collections.Generic.IReadOnlyDictionary<string, System.ValueTuple<double, double>> KnownTraceLengthSpreads { get; }
        [System.Runtime.CompilerServices.TupleElementNames(new string[] {
                "Rate",
                "Input",
                "Output"})]
        public static System.Collections.Generic.IReadOnlyDictionary<string, System.ValueTuple<double, int, int>> KnownTraceStandIns { get; }
        public static Colossim.Units.Duration SimulatedTime { get; }
        public static Colossim.Serving.ServeRequest SearchRequest(Colossim.Serving.ServeRequest request, Colossim.Serving.DeploymentObjective objective, long gpus) { }
        public static Colossim.Reports.ServingSimulationReport? Simulate(Colossim.Scenarios.Scenario scenario, Colossim.Scenarios.ServingWorkload workload, int index, Colossim.Facility.Site site, long gpus, long seed, Colossim.Documents.Problems problems, System.IProgress<double>? progress = null, System.Threading.CancellationToken cancel = default) { }
    }
    public static class ScenarioServingLoad
    {
        public const int RequestsPerPoint = 1000;
        public static System.Collections.Generic.IReadOnlyList<double> Fractions { get; }
        public static System.Collections.Generic.IReadOnlyList<Colossim.Reports.ServingLoadPoint> Ladder(Colossim.Reports.ServingSimulationReport simulation, System.Threading.CancellationToken cancel = default) { }
    }
    public static class ScenarioSharing
    {
        public static Colossim.Units.Duration ServingOnlyHorizon { get; }
        public static Colossim.Cluster.ClusterShape ShapeOf(Colossim.Facility.Site site, Colossim.Catalog.SystemSpec system) { }
        public static Colossim.Cluster.ScheduleResult? Simulate(Colossim.Scenarios.Scenario scenario, Colossim.Facility.Site site, System.Collections.Generic.IReadOnlyDictionary<string, Colossim.Training.TrainingRun?>? trainingRuns, long seed, Colossim.Documents.Problems problems, System.Threading.CancellationToken cancel = default) { }
        public static Colossim.Scenarios.ScheduleRequest.ScheduleWorkload? Workload(Colossim.Scenarios.Scenario scenario, Colossim.Facility.Site site, System.Collections.Generic.IReadOnlyDictionary<string, Colossim.Training.TrainingRun?>? trainingRuns, Colossim.Documents.Problems problems, System.Threading.CancellationToken cancel = default) { }
    }
    public sealed class ScheduleRequest : System.IEquatable<Colossim.Scenarios.ScheduleRequest>
    {
        public const double MaxArrivalSpeedup = 10000D;
        public const int MaxGpus = 10000000;
        public const int MaxJobs = 10000000;
        public ScheduleRequest() { }
        public double? ArrivalRate { get; init; }
        public double ArrivalSpeedup { get; init; }
        public double Burstiness { get; init; }
        public string? CheckpointInterval { get; init; }
        public string Failures { get; init; }
        public int? Gpus { get; init; }
        public int GpusPerNode { get; init; }
        public string? Horizon { get; init; }
        public int? Jobs { get; init; }
        public double Load { get; init; }
        public string Locality { get; init; }
        public bool LocalityRequired { get; init; }
        public int? MaxJobGpus { get; init; }
        public string? Nodes { get; init; }
        public string Policy { get; init; }
        public string PreemptionDelay { get; init; }
        public string Runtime { get; init; }
        public double RuntimeSigma { get; init; }
        public string? Scenario { get; init; }
        public long Seed { get; init; }
        public string? Shares { get; init; }
        public string? Site { get; init; }
        public double SpotShare { get; init; }
        public string? Tenants { get; init; }
        public string? Trace { get; init; }
        public string? TraceFormat { get; init; }
        public static System.Collections.Generic.IReadOnlyList<string> FailureNames { get; }
        public static System.Collections.Generic.IReadOnlyList<string> LocalityNames { get; }
        public Colossim.Cluster.ScheduleResult? Run(Colossim.Catalog.ColossimCatalog? catalog, Colossim.Documents.Problems problems, System.Threading.CancellationToken cancel = default) { }
        public Colossim.Scenarios.ScheduleRequest.ScheduleWorkload? Workload(Colossim.Catalog.ColossimCatalog? catalog, Colossim.Documents.Problems problems, System.Threading.CancellationToken cancel = default) { }
        public static class Names
        {
            public const string ArrivalRate = "--arrival-rate";
            public const string ArrivalSpeedup = "--arrival-speedup";
            public const string Burstiness = "--burstiness";
            public const string Checkpoint = "--checkpoint-interval";
            public const string Failures = "--failures";
            public const string Gpus = "--gpus";
            public const string GpusPerNode = "--gpus-per-node";
            public const string Horizon = "--horizon";
            public const string Jobs = "--jobs";
            public const string Load = "--load";
            public const string Locality = "--locality";
            public const string LocalityRequired = "--locality-required";
            public const string MaxJobGpus = "--max-job-gpus";
            public const string Nodes = "--nodes";
            public const string Policy = "--policy";
            public const string PreemptionDelay = "--preemption-delay";
            public const string Runtime = "--runtime";
            public const string RuntimeSigma = "--runtime-sigma";
            public const string Scenario = "--scenario";
            public const string Seed = "--seed";
            public const string Shares = "--shares";
            public const string Site = "--site";
            public const string SpotShare = "--spot-share";
            public const string Tenants = "--tenants";
            public const string Trace = "--trace";
            public const string TraceFormat = "--trace-format";
        }
        public sealed class ScheduleWorkload : System.IEquatable<Colossim.Scenarios.ScheduleRequest.ScheduleWorkload>
        {
            public ScheduleWorkload(Colossim.Cluster.ClusterShape Shape, System.Collections.Generic.IReadOnlyList<Colossim.Cluster.TenantSpec> Tenants, System.Collections.Generic.IReadOnlyList<Colossim.Cluster.JobSpec> Jobs, Colossim.Cluster.IJobRuntime Runtime) { }
            public Colossim.Units.Duration? CheckpointInterval { get; init; }
            public System.Collections.Generic.IReadOnlyList<Colossim.Cluster.JobSpec> Jobs { get; init; }
            public Colossim.Units.Duration? RestartOverhead { get; init; }
            public Colossim.Cluster.IJobRuntime Runtime { get; init; }
            public Colossim.Cluster.ClusterShape Shape { get; init; }
            public System.Collections.Generic.IReadOnlyList<Colossim.Cluster.TenantSpec> Tenants { get; init; }
        }
    }
    public sealed class ServingWorkload : System.IEquatable<Colossim.Scenarios.ServingWorkload>
    {
        public ServingWorkload() { }
        public Colossim.Serving.PoolRatio? Disaggregation { get; init; }
        public int Ep { get; init; }
        public int? Gpus { get; init; }
        public Colossim.Serving.KvTransferMode KvTransfer { get; init; }
        public required Colossim.Catalog.ModelSpec Model { get; init; }
        public required string Name { get; init; }
        public Colossim.Serving.DeploymentObjective? Search { get; init; }
        public required string Site { get; init; }
        public Colossim.Serving.Slo? Slo { get; init; }
        public string? Tenant { get; init; }
        public required Colossim.Serving.Traffic Traffic { get; init; }
    }
    public static class SiteBuild
    {
        public static Colossim.Units.Duration TimelineLength { get; }
        public static Colossim.Units.Duration TimelineStep { get; }
        public static bool CheckGrid(Colossim.Scenarios.Scenario scenario, Colossim.Facility.Site site, Colossim.Facility.ClusterPlan plan, Colossim.Documents.Problems problems) { }
        public static string PathOf(Colossim.Scenarios.Scenario scenario, Colossim.Facility.Site site) { }
        public static Colossim.Facility.ClusterPlan? Plan(Colossim.Scenarios.Scenario scenario, Colossim.Facility.Site site, Colossim.Documents.Problems problems, Colossim.Facility.FacilityDefaults? defaults = null) { }
        public static Colossim.Facility.ClusterPlan? PlanChecked(Colossim.Scenarios.Scenario scenario, Colossim.Facility.Site site, Colossim.Documents.Problems problems) { }
        public static Colossim.Facility.PowerScenario Power(Colossim.Scenarios.Scenario scenario, Colossim.Facility.Site site, Colossim.Facility.ClusterPlan plan, Colossim.Units.Duration length, Colossim.Units.Duration step, Colossim.Facility.BatteryPolicy policy = 2, Colossim.Facility.FacilityDefaults? defaults = null) { }
        public static System.Collections.Generic.IReadOnlyDictionary<Colossim.Scenarios.ServingWorkload, long> ServingGpus(Colossim.Scenarios.Scenario scenario, Colossim.Facility.Site site) { }
        public static Colossim.Facility.PowerStudy? Study(Colossim.Scenarios.PowerRequest request, Colossim.Catalog.ColossimCatalog catalog, Colossim.Documents.Problems problems) { }
        public static Colossim.Training.TrainResult? Train(Colossim.Scenarios.Scenario scenario, Colossim.Scenarios.TrainingWorkload workload, Colossim.Facility.ClusterPlan plan, Colossim.Documents.Problems problems, System.Threading.CancellationToken cancel = default) { }
        public static Colossim.Facility.GpuWorkPower? Work(Colossim.Scenarios.Scenario scenario, Colossim.Facility.Site site, Colossim.Catalog.GpuSpec gpu, Colossim.Facility.FacilityDefaults defaults) { }
    }
    public sealed class Tenant : System.IEquatable<Colossim.Scenarios.Tenant>
    {
        public Tenant() { }
        public double? BorrowingLimit { get; init; }
        public double? LendingLimit { get; init; }
        public required string Name { get; init; }
        public required double Share { get; init; }
        public double Weight { get; init; }
        public Colossim.Cluster.TenantSpec ToSpec() { }
    }
    public sealed class TrainingWorkload : System.IEquatable<Colossim.Scenarios.TrainingWorkload>
    {
        public TrainingWorkload() { }
        public required int Gpus { get; init; }
        public required Colossim.Catalog.ModelSpec Model { get; init; }
        public required string Name { get; init; }
        public Colossim.Training.ParallelLayout? Parallelism { get; init; }
        public required string Site { get; init; }
        public string? Tenant { get; init; }
        public required double Tokens { get; init; }
    }
    public sealed class Workloads : System.IEquatable<Colossim.Scenarios.Workloads>
    {
        public Workloads() { }
        public int Count { get; }
        public System.Collections.Generic.IReadOnlyList<Colossim.Scenarios.ServingWorkload> Serving { get; init; }
        public System.Collections.Generic.IReadOnlyList<Colossim.Scenarios.TrainingWorkload> Training { get; init; }
        public static Colossim.Scenarios.Workloads None { get; }
    }
}
namespace Colossim.Serving
{
    public enum ArrivalProcess
    {
        Poisson = 0,
        Constant = 1,
        Gamma = 2,
    }
    public sealed class Deployment : System.IEquatable<Colossim.Serving.Deployment>
    {
        public Deployment() { }
        public int Ep { get; init; }
        public long Gpus { get; }
        public int GpusPerReplica { get; }
        public required int Pp { get; init; }
        public required int Replicas { get; init; }
        public Colossim.Serving.SchedulerKind Scheduler { get; init; }
        public required int Tp { get; init; }
        public Colossim.Serving.ServeRequest ApplyTo(Colossim.Serving.ServeRequest request) { }
    }
    public sealed class DeploymentCandidate : System.IEquatable<Colossim.Serving.DeploymentCandidate>
    {
        public DeploymentCandidate() { }
        public required Colossim.Serving.Deployment Deployment { get; init; }
        public double MaxRate { get; init; }
        public bool MeetsSlo { get; init; }
        public double OutputTokensPerSecond { get; }
        public string? Refused { get; init; }
        public Colossim.Serving.ServingResult? Run { get; init; }
        public int Simulations { get; init; }
        public double SustainedOutputTokensPerSecond { get; }
        public double UsdPerHour { get; }
    }
    public enum DeploymentObjective
    {
        Throughput = 0,
        MaxRate = 1,
        Cheapest = 2,
    }
    public static class DeploymentSearch
    {
        public const int MaxPipelineStages = 8;
        public static System.Collections.Generic.IReadOnlyList<Colossim.Serving.Deployment> Enumerate(Colossim.Catalog.ModelSpec model, long gpus) { }
        public static Colossim.Serving.DeploymentSearchResult? Run(Colossim.Serving.ServeRequest request, Colossim.Catalog.ColossimCatalog catalog, Colossim.Documents.Problems problems, System.IProgress<double>? progress = null, int parallelism = -1, System.Threading.CancellationToken cancel = default) { }
    }
    public sealed class DeploymentSearchResult : System.IEquatable<Colossim.Serving.DeploymentSearchResult>
    {
        public DeploymentSearchResult() { }
        public Colossim.Serving.DeploymentCandidate? Best { get; }
        public required System.Collections.Generic.IReadOnlyList<Colossim.Serving.DeploymentCandidate> Candidates { get; init; }
        public int DeploymentsEvaluated { get; }
        public required long Gpus { get; init; }
        public required Colossim.Serving.DeploymentObjective Objective { get; init; }
        public int Simulations { get; }
        public double? TargetRate { get; init; }
    }
    public static class DisaggregatedSearch
    {
        public const int MaxSplits = 15;
        public static Colossim.Serving.RateSearchResult BestSplit(Colossim.Serving.ServingSetup setup, int iterations = 10, Colossim.Serving.KvTransferMode kvTransfer = 0, System.Threading.CancellationToken cancel = default) { }
    }
    public sealed class Disaggregation : System.IEquatable<Colossim.Serving.Disaggregation>
    {
        public Disaggregation() { }
        public required int DecodeReplicas { get; init; }
        public required Colossim.Units.Bytes KvBytesPerTokenPerGpu { get; init; }
        public int LayersPerGpu { get; init; }
        public Colossim.Serving.KvTransferMode Mode { get; init; }
        public required int PrefillReplicas { get; init; }
        public required Colossim.Serving.IKvTransferCost Transfer { get; init; }
    }
    public sealed class DisaggregationResult : System.IEquatable<Colossim.Serving.DisaggregationResult>
    {
        public DisaggregationResult() { }
        public required double DecodeBusy { get; init; }
        public required int DecodeReplicas { get; init; }
        public required Colossim.Units.Bytes KvBytesPerRequest { get; init; }
        public required Colossim.Serving.LatencySummary KvTransfer { get; init; }
        public required double PrefillBusy { get; init; }
        public required int PrefillReplicas { get; init; }
        public required Colossim.Serving.LatencySummary TransferWait { get; init; }
        public required long Transfers { get; init; }
    }
    public static class DiurnalShape
    {
        public const double MaxPeakToTrough = 1000D;
        public const double PeriodSeconds = 86400D;
        public static double Map(double uniformSeconds, double peakToTrough) { }
        public static double RelativeRate(double seconds, double peakToTrough) { }
    }
    public sealed class FabricKvTransfer : Colossim.Serving.IKvTransferCost
    {
        public FabricKvTransfer(Colossim.Network.CollectiveModel network, int prefillReplicas, int gpusPerReplica) { }
        public Colossim.Performance.CommGroup Pair(int prefill, int decode) { }
        public Colossim.Units.Duration Time(int prefill, int decode, Colossim.Units.Bytes perGpu) { }
    }
    public sealed class FixedKvTransfer : Colossim.Serving.IKvTransferCost, System.IEquatable<Colossim.Serving.FixedKvTransfer>
    {
        public FixedKvTransfer(Colossim.Units.Duration Latency, Colossim.Units.Bandwidth Bandwidth) { }
        public Colossim.Units.Bandwidth Bandwidth { get; init; }
        public Colossim.Units.Duration Latency { get; init; }
        public Colossim.Units.Duration Time(int prefill, int decode, Colossim.Units.Bytes perGpu) { }
    }
    public interface IKvTransferCost
    {
        Colossim.Units.Duration Time(int prefill, int decode, Colossim.Units.Bytes perGpu);
    }
    public enum KvAdmission
    {
        Greedy = 0,
        Reserve = 1,
    }
    public enum KvTransferMode
    {
        AfterPrefill = 0,
        Layerwise = 1,
    }
    public sealed class LatencyPercentiles : System.IEquatable<Colossim.Serving.LatencyPercentiles>
    {
        public System.Collections.Generic.IReadOnlyList<Colossim.Units.Duration> Values { get; }
        public static Colossim.Serving.LatencyPercentiles None { get; }
        public bool Equals(Colossim.Serving.LatencyPercentiles? other) { }
        public override bool Equals(object? obj) { }
        public override int GetHashCode() { }
    }
    public sealed class LatencySummary : System.IEquatable<Colossim.Serving.LatencySummary>
    {
        public LatencySummary() { }
        public required long Count { get; init; }
        public required Colossim.Units.Duration Mean { get; init; }
        public required Colossim.Units.Duration P50 { get; init; }
        public required Colossim.Units.Duration P90 { get; init; }
        public required Colossim.Units.Duration P99 { get; init; }
        public Colossim.Serving.LatencyPercentiles Percentiles { get; init; }
        public static Colossim.Serving.LatencySummary Empty { get; }
    }
    public enum LengthDistribution
    {
        Fixed = 0,
        Uniform = 1,
        LogNormal = 2,
    }
    public enum LoadMode
    {
        Open = 0,
        Closed = 1,
    }
    public readonly struct PoolRate : System.IEquatable<Colossim.Serving.PoolRate>
    {
        public PoolRate(int Prefill, int Decode, double MaxRate) { }
        public int Decode { get; init; }
        public double MaxRate { get; init; }
        public int Prefill { get; init; }
    }
    public readonly struct PoolRatio : System.IEquatable<Colossim.Serving.PoolRatio>
    {
        public PoolRatio(long Prefill, long Decode) { }
        public long Decode { get; init; }
        public bool IsAuto { get; }
        public long Prefill { get; init; }
        public static Colossim.Serving.PoolRatio? Parse(string text, Colossim.Documents.Problems problems, string path) { }
    }
    public static class PrefixAffinity
    {
        public static bool Overloaded(long load, long least, int tokenBudget) { }
    }
    public sealed class PrefixCacheStats : System.IEquatable<Colossim.Serving.PrefixCacheStats>
    {
        public PrefixCacheStats() { }
        public required int BlockTokens { get; init; }
        public required long EvictedBlocks { get; init; }
        public required long HitBlocks { get; init; }
        public double HitRate { get; }
        public required long HitTokens { get; init; }
        public required long PromptTokens { get; init; }
    }
    public sealed class RateSearchResult : System.IEquatable<Colossim.Serving.RateSearchResult>
    {
        public RateSearchResult() { }
        public int DeploymentsEvaluated { get; init; }
        public required double MaxRate { get; init; }
        public required int RatesEvaluated { get; init; }
        public System.Collections.Generic.IReadOnlyList<Colossim.Serving.PoolRate> Ratios { get; init; }
        public required Colossim.Serving.ServingResult Run { get; init; }
    }
    public sealed class ReplicaEngine : System.IEquatable<Colossim.Serving.ReplicaEngine>
    {
        public ReplicaEngine() { }
        public Colossim.Serving.KvAdmission Admission { get; init; }
        public int BlockSize { get; init; }
        public required long KvBlocks { get; init; }
        public int MaxBatch { get; init; }
        public int PipelineStages { get; init; }
        public Colossim.Serving.SchedulerKind Scheduler { get; init; }
        public required Colossim.Serving.StepTimeTable Steps { get; init; }
        public int TokenBudget { get; init; }
    }
    public sealed class RequestLengths : System.IEquatable<Colossim.Serving.RequestLengths>
    {
        public RequestLengths() { }
        public Colossim.Serving.LengthDistribution Distribution { get; init; }
        public required double Input { get; init; }
        public required double Output { get; init; }
        public double Spread { get; init; }
    }
    public enum RouterKind
    {
        RoundRobin = 0,
        LeastOutstandingTokens = 1,
        Affinity = 2,
    }
    public enum SchedulerKind
    {
        Continuous = 0,
        PrefillFirst = 1,
        Static = 2,
    }
    public sealed class ServeDeployment : System.IEquatable<Colossim.Serving.ServeDeployment>
    {
        public ServeDeployment() { }
        public required string Dtype { get; init; }
        public int Ep { get; init; }
        public required string Gpu { get; init; }
        public required long KvBlocks { get; init; }
        public required Colossim.Units.Bytes KvBytesPerToken { get; init; }
        public string KvDtype { get; init; }
        public required string Model { get; init; }
        public required int Pp { get; init; }
        public required string PriceSource { get; init; }
        public required int StepTableEntries { get; init; }
        public required int Tp { get; init; }
        public required string Traffic { get; init; }
        public Colossim.Units.Bytes WeightsPerGpu { get; init; }
    }
    public readonly struct ServeIteration : System.IEquatable<Colossim.Serving.ServeIteration>
    {
        public ServeIteration(int Replica, long StartNanoseconds, long DurationNanoseconds, int PromptTokens, int Decodes) { }
        public int Decodes { get; init; }
        public long DurationNanoseconds { get; init; }
        public int PromptTokens { get; init; }
        public int Replica { get; init; }
        public long StartNanoseconds { get; init; }
    }
    public sealed class ServeRequest : System.IEquatable<Colossim.Serving.ServeRequest>
    {
        public const int MaxFleetRequests = 2000000000;
        public const long MaxGpus = 10000000;
        public const int MaxRequests = 10000000;
        public const int TimelineReplicas = 16;
        public ServeRequest() { }
        public Colossim.Network.TensorParallelAllReduce AllReduce { get; init; }
        public string Arrival { get; init; }
        public int BlockSize { get; init; }
        public double Burstiness { get; init; }
        public int? Concurrency { get; init; }
        public string? Disaggregate { get; init; }
        public double? Diurnal { get; init; }
        public string Dtype { get; init; }
        public int Ep { get; init; }
        public string? Gpu { get; init; }
        public double GpuMemoryUtilization { get; init; }
        public long? Gpus { get; init; }
        public double HotExpertLoad { get; init; }
        public int? InputLen { get; init; }
        public string KvAdmission { get; init; }
        public string KvDtype { get; init; }
        public string? KvTransfer { get; init; }
        public double LengthSpread { get; init; }
        public string Lengths { get; init; }
        public int MaxBatch { get; init; }
        public string? Mode { get; init; }
        public string? Model { get; init; }
        public int? OutputLen { get; init; }
        public int Pp { get; init; }
        public string PrefixCaching { get; init; }
        public double? Rate { get; init; }
        public double RateScale { get; init; }
        public int? Requests { get; init; }
        public string Router { get; init; }
        public int? SampleReplicas { get; init; }
        public string Scheduler { get; init; }
        public bool Search { get; init; }
        public long Seed { get; init; }
        public string? SloTpot { get; init; }
        public string? SloTtft { get; init; }
        public string? Timeline { get; init; }
        public int TokenBudget { get; init; }
        public int Tp { get; init; }
        public string? Trace { get; init; }
        public string TraceFormat { get; init; }
        public double? UsdPerGpuHour { get; init; }
        public System.Collections.Generic.IReadOnlyList<Colossim.Serving.TraceRequest>? Workload { get; init; }
        public Colossim.Serving.ServingSetup? Resolve(Colossim.Catalog.ColossimCatalog catalog, Colossim.Documents.Problems problems) { }
    }
    public sealed class ServingCase : System.IEquatable<Colossim.Serving.ServingCase>
    {
        public ServingCase(string Source, string Model, string Gpu, int Gpus, int Tp, string Dtype, string Scenario, int InputLen, int OutputLen, bool Spread, double Measured) { }
        public string Dtype { get; init; }
        public string Gpu { get; init; }
        public int Gpus { get; init; }
        public int InputLen { get; init; }
        public double Measured { get; init; }
        public string Model { get; init; }
        public int OutputLen { get; init; }
        public string Scenario { get; init; }
        public string Source { get; init; }
        public bool Spread { get; init; }
        public int Tp { get; init; }
    }
    public static class ServingEnergy
    {
        public static Colossim.Units.Energy StepEnergy(double wattsPerGpu, Colossim.Units.Duration time, int gpus) { }
        public static double StepPower(Colossim.Performance.StepPrediction step) { }
    }
    public sealed class ServingResult : System.IEquatable<Colossim.Serving.ServingResult>
    {
        public ServingResult() { }
        public Colossim.Units.Duration ArrivalWindow { get; init; }
        public required long Arrived { get; init; }
        public Colossim.Units.Energy BoardEnergy { get; init; }
        public Colossim.Units.Energy BoardEnergyPerOutputToken { get; }
        public required long Completed { get; init; }
        public Colossim.Units.Usd CostPerMillionOutputTokens { get; }
        public Colossim.Serving.DisaggregationResult? Disaggregation { get; init; }
        public required Colossim.Serving.LatencySummary E2e { get; init; }
        public required Colossim.Units.Energy Energy { get; init; }
        public Colossim.Units.Energy EnergyPerOutputToken { get; }
        public required long Events { get; init; }
        public required double GpuBusy { get; init; }
        public long Gpus { get; }
        public required long InputTokens { get; init; }
        public double InputTokensPerSecond { get; }
        public required long Iterations { get; init; }
        public required Colossim.Serving.LatencySummary Itl { get; init; }
        public required double KvCachePeak { get; init; }
        public required double KvCacheUse { get; init; }
        public required Colossim.Units.Duration Makespan { get; init; }
        public required long OutputTokens { get; init; }
        public double OutputTokensInArrivalWindow { get; init; }
        public double OutputTokensPerSecond { get; }
        public required long Preemptions { get; init; }
        public Colossim.Serving.PrefixCacheStats? PrefixCache { get; init; }
        public required long Rejected { get; init; }
        public double RequestsPerSecond { get; }
        public required long Running { get; init; }
        public required Colossim.Serving.LatencySummary SchedulingDelay { get; init; }
        public required Colossim.Serving.ServingSetup Setup { get; init; }
        public int SimulatedReplicas { get; init; }
        public required double SloAttainment { get; init; }
        public Colossim.Units.Usd SustainedCostPerMillionOutputTokens { get; }
        public double SustainedOutputTokensPerSecond { get; }
        public System.Collections.Generic.IReadOnlyList<Colossim.Serving.ServeIteration> Timeline { get; init; }
        public required Colossim.Serving.LatencySummary Tpot { get; init; }
        public required Colossim.Serving.LatencySummary Ttft { get; init; }
    }
    public static class ServingSample
    {
        public static bool Keeps(long index, int replicas, int sample) { }
        public static Colossim.Serving.TraceRequest[] RoundRobinShare(System.Collections.Generic.IReadOnlyList<Colossim.Serving.TraceRequest> requests, int replicas, int sample) { }
    }
    public static class ServingSearch
    {
        public static Colossim.Serving.RateSearchResult MaxRate(Colossim.Serving.ServingSetup setup, int iterations = 10, System.Threading.CancellationToken cancel = default) { }
        public static bool Meets(Colossim.Serving.ServingResult run, Colossim.Serving.Slo slo) { }
    }
    public sealed class ServingSetup : System.IEquatable<Colossim.Serving.ServingSetup>
    {
        public const int MaxTimelineIterations = 200000;
        public ServingSetup() { }
        public int Concurrency { get; init; }
        public Colossim.Serving.ServeDeployment? Deployment { get; init; }
        public Colossim.Serving.Disaggregation? Disaggregation { get; init; }
        public required Colossim.Serving.ReplicaEngine Engine { get; init; }
        public required int GpusPerReplica { get; init; }
        public Colossim.Units.Watts IdlePowerPerGpu { get; init; }
        public Colossim.Serving.LoadMode Mode { get; init; }
        public int PrefixBlockTokens { get; init; }
        public double Pue { get; init; }
        public required int Replicas { get; init; }
        public required System.Collections.Generic.IReadOnlyList<Colossim.Serving.TraceRequest> Requests { get; init; }
        public Colossim.Units.Watts RestBusyPowerPerGpu { get; init; }
        public Colossim.Units.Watts RestIdlePowerPerGpu { get; init; }
        public Colossim.Serving.RouterKind Router { get; init; }
        public int? SampledReplicas { get; init; }
        public Colossim.Serving.Slo? Slo { get; init; }
        public int TimelineReplicas { get; init; }
        public Colossim.Units.Usd UsdPerGpuHour { get; init; }
    }
    public static class ServingSimulation
    {
        public static Colossim.Serving.ServingResult Run(Colossim.Serving.ServingSetup setup, System.IProgress<double>? progress = null, System.Threading.CancellationToken cancel = default) { }
    }
    public static class ServingTraces
    {
        public const long MaxBytes = 268435456;
        public const int MaxRows = 10000000;
        public const int MooncakeBlockTokens = 512;
        public static System.Collections.Generic.IReadOnlyList<Colossim.Serving.TraceRequest>? Parse(string text, Colossim.Serving.TraceFormat format, Colossim.Documents.Problems problems, string path) { }
        public static System.Collections.Generic.IReadOnlyList<Colossim.Serving.TraceRequest>? Read(string file, Colossim.Serving.TraceFormat format, Colossim.Documents.Problems problems, string path) { }
    }
    public static class ServingValidation
    {
        public const int MaxBatch = 2048;
        public const int MlperfTp = 2;
        public const int RequestsPerRun = 1000;
        public const int TokenBudget = 8192;
        public static System.Collections.Generic.IReadOnlyList<Colossim.Serving.ServingCase> ParseReference(string markdown, Colossim.Documents.Problems problems) { }
        public static Colossim.Serving.ServingValidationRow Run(Colossim.Serving.ServingCase c, Colossim.Catalog.ColossimCatalog catalog) { }
        public static System.Collections.Generic.IReadOnlyList<Colossim.Serving.ServingValidationRow> RunAll(System.Collections.Generic.IReadOnlyList<Colossim.Serving.ServingCase> cases, Colossim.Catalog.ColossimCatalog catalog, System.IProgress<double>? progress = null) { }
    }
    public sealed class ServingValidationRow : System.IEquatable<Colossim.Serving.ServingValidationRow>
    {
        public ServingValidationRow(Colossim.Serving.ServingCase Case, double? Predicted, string? Note) { }
        public Colossim.Serving.ServingCase Case { get; init; }
        public double? Error { get; }
        public string? Note { get; init; }
        public double? Predicted { get; init; }
    }
    public sealed class Slo : System.IEquatable<Colossim.Serving.Slo>
    {
        public Slo() { }
        public Colossim.Units.Duration? TpotP99 { get; init; }
        public Colossim.Units.Duration? TtftP99 { get; init; }
    }
    public sealed class SplitwisePoint : System.IEquatable<Colossim.Serving.SplitwisePoint>
    {
        public SplitwisePoint(string Hardware, string Gpu, int Tp, int Prompt, int Batch, int Tokens, double PrefillMs, double DecodeMs, int Repetitions) { }
        public int Batch { get; init; }
        public double DecodeMs { get; init; }
        public string Gpu { get; init; }
        public string Hardware { get; init; }
        public double PrefillMs { get; init; }
        public int Prompt { get; init; }
        public int Repetitions { get; init; }
        public int Tokens { get; init; }
        public int Tp { get; init; }
    }
    public sealed class SplitwiseRow : System.IEquatable<Colossim.Serving.SplitwiseRow>
    {
        public SplitwiseRow(Colossim.Serving.SplitwisePoint Point, double? PrefillMs, double? DecodeMs, double? PrefillBoundMs, string? Note) { }
        public double? DecodeError { get; }
        public double? DecodeMs { get; init; }
        public string? Note { get; init; }
        public Colossim.Serving.SplitwisePoint Point { get; init; }
        public bool PrefillBelowBound { get; }
        public double? PrefillBoundMs { get; init; }
        public double? PrefillError { get; }
        public double? PrefillMs { get; init; }
    }
    public static class SplitwiseValidation
    {
        public const int DecodeSamples = 16;
        public const string Header = "model,hardware,prompt_size,batch_size,token_size,peak_power,average_power,prompt_" +
            "time,token_time,e2e_time,tensor_parallel";
        public static System.Collections.Generic.IReadOnlyList<Colossim.Serving.SplitwisePoint>? Read(string text, Colossim.Documents.Problems problems, string path, out int derived) { }
        public static System.Collections.Generic.IReadOnlyList<Colossim.Serving.SplitwiseRow> Run(System.Collections.Generic.IReadOnlyList<Colossim.Serving.SplitwisePoint> points, Colossim.Catalog.ColossimCatalog catalog) { }
    }
    public sealed class StepTimeTable
    {
        public int AttentionRanks { get; }
        public int Entries { get; }
        public int MaxContext { get; }
        public int MaxDecodes { get; }
        public int MaxTokens { get; }
        [return: System.Runtime.CompilerServices.TupleElementNames(new string[] {
                "Mean",
                "P99",
                "Max"})]
        public System.ValueTuple<double, double, double> MeasureError(Colossim.Performance.StepModel model, Colossim.Catalog.DataType dtype, Colossim.Simulation.RandomStream random, int samples) { }
        public Colossim.Units.Duration PrefillStep(int sequences, double meanLength) { }
        public Colossim.Units.Duration Step(int promptTokens, int chunks, double meanPrefix, int decodes, double meanContext) { }
        public static Colossim.Serving.StepTimeTable Build(Colossim.Performance.StepModel model, Colossim.Catalog.DataType dtype, int maxTokens, int maxDecodes, int maxContext, int? layers = default, System.Func<Colossim.Performance.StepPrediction, double>? power = null, Colossim.Catalog.DataType kvDtype = 0, int attentionRanks = 1, double hotExpertLoad = 1) { }
    }
    public enum TraceFormat
    {
        Azure = 0,
        Mooncake = 1,
    }
    public readonly struct TraceRequest : System.IEquatable<Colossim.Serving.TraceRequest>
    {
        public TraceRequest(long ArrivalNanoseconds, int Input, int Output) { }
        public long ArrivalNanoseconds { get; init; }
        public System.Collections.Generic.IReadOnlyList<int>? HashIds { get; init; }
        public int Input { get; init; }
        public int Output { get; init; }
    }
    public sealed class Traffic : System.IEquatable<Colossim.Serving.Traffic>
    {
        public Traffic() { }
        public Colossim.Serving.ArrivalProcess Arrival { get; init; }
        public double Burstiness { get; init; }
        public double? Diurnal { get; init; }
        public Colossim.Serving.RequestLengths? Lengths { get; init; }
        public double? Rate { get; init; }
        public double Scale { get; init; }
        public string? Trace { get; init; }
        public Colossim.Serving.TraceFormat TraceFormat { get; init; }
        public static System.Collections.Generic.IReadOnlyList<string> KnownTraces { get; }
    }
}
namespace Colossim.Simulation
{
    public readonly struct EventHandle : System.IEquatable<Colossim.Simulation.EventHandle>
    {
        public bool IsNone { get; }
    }
    public readonly struct HandlerId : System.IEquatable<Colossim.Simulation.HandlerId>
    {
        public bool IsNone { get; }
        public int Value { get; }
    }
    public static class HoldModel
    {
        public static int BaselineBytesPerPendingEvent { get; }
        public static System.TimeSpan DefaultWarmup { get; }
        public static int EngineBytesPerPendingEvent { get; }
        public static bool IsOptimizedBuild { get; }
        public static int MaxPending { get; }
        public static Colossim.Units.Duration MeanDelay { get; }
        public static Colossim.Simulation.HoldModelComparison Compare(long events, int pending, ulong seed, System.TimeSpan minimumWarmup) { }
        public static Colossim.Simulation.HoldModelResult Run(long events, int pending, ulong seed) { }
        public static Colossim.Simulation.HoldModelResult Run(long events, int pending, ulong seed, System.TimeSpan minimumWarmup) { }
    }
    public sealed class HoldModelComparison : System.IEquatable<Colossim.Simulation.HoldModelComparison>
    {
        public HoldModelComparison() { }
        public required Colossim.Simulation.HoldModelResult Baseline { get; init; }
        public required Colossim.Simulation.HoldModelResult Engine { get; init; }
        public required double Speedup { get; init; }
    }
    public static class HoldModelMemory
    {
        public const double Share = 0.75D;
        public static int BytesPerPendingEvent(bool baseline) { }
        public static long MaxPending(long availableBytes, bool baseline) { }
        public static string? Refusal(long pending, bool baseline, long availableBytes) { }
    }
    public sealed class HoldModelResult : System.IEquatable<Colossim.Simulation.HoldModelResult>
    {
        public HoldModelResult() { }
        public required double AllocatedBytesPerEvent { get; init; }
        public required long Events { get; init; }
        public required double EventsPerSecond { get; init; }
        public required int Pending { get; init; }
        public required int PendingAtEnd { get; init; }
        public required double WallSeconds { get; init; }
        public required long WarmupEvents { get; init; }
    }
    public interface IEventHandler
    {
        void Handle(Colossim.Simulation.Simulator simulator, in Colossim.Simulation.SimEvent e);
    }
    public sealed class RandomStream
    {
        public string Name { get; }
        public static Colossim.Units.Duration MaxExponentialMean { get; }
        public bool Bernoulli(double p) { }
        public Colossim.Units.Duration Exponential(Colossim.Units.Duration mean) { }
        public double Exponential(double rate) { }
        public double ExponentialMean(double mean) { }
        public double Gamma(double shape) { }
        public double LogNormal(double mu, double sigma) { }
        public int Next(int maxExclusive) { }
        public int Next(int min, int maxExclusive) { }
        public double NextDouble() { }
        public long NextInt64(long maxExclusive) { }
        public ulong NextUInt64() { }
        public double Normal(double mean, double standardDeviation) { }
        public double Uniform(double min, double max) { }
    }
    public sealed class RandomStreams
    {
        public RandomStreams(ulong seed) { }
        public ulong Seed { get; }
        public Colossim.Simulation.RandomStream Get(string name) { }
    }
    public readonly struct SimEvent
    {
        public long Arg0 { get; }
        public long Arg1 { get; }
        public Colossim.Simulation.EventHandle Handle { get; }
        public Colossim.Simulation.HandlerId Handler { get; }
        public int Kind { get; }
        public Colossim.Units.SimTime Time { get; }
    }
    public sealed class Simulator
    {
        public const int MaxPriority = 32767;
        public const int MinPriority = -32768;
        public Simulator() { }
        public Simulator(int initialCapacity) { }
        public long EventsProcessed { get; }
        public bool IsRunning { get; }
        public Colossim.Units.SimTime? NextEventTime { get; }
        public Colossim.Units.SimTime Now { get; }
        public int PendingCount { get; }
        public bool Cancel(Colossim.Simulation.EventHandle handle) { }
        public bool IsPending(Colossim.Simulation.EventHandle handle) { }
        public Colossim.Simulation.HandlerId Register(Colossim.Simulation.IEventHandler handler) { }
        public Colossim.Simulation.StopReason Run() { }
        public Colossim.Simulation.StopReason Run(Colossim.Simulation.StopCondition stop) { }
        public Colossim.Simulation.StopReason RunUntil(Colossim.Units.SimTime time) { }
        public Colossim.Simulation.EventHandle Schedule(Colossim.Units.Duration delay, Colossim.Simulation.HandlerId handler, int kind = 0, long arg0 = 0, long arg1 = 0, int priority = 0) { }
        public Colossim.Simulation.EventHandle ScheduleAt(Colossim.Units.SimTime time, Colossim.Simulation.HandlerId handler, int kind = 0, long arg0 = 0, long arg1 = 0, int priority = 0) { }
        public bool Step() { }
        public void Stop() { }
    }
    public sealed class StopCondition : System.IEquatable<Colossim.Simulation.StopCondition>
    {
        public StopCondition() { }
        public long MaxEvents { get; init; }
        public Colossim.Units.SimTime Until { get; init; }
        public System.Func<Colossim.Simulation.Simulator, bool>? When { get; init; }
        public static Colossim.Simulation.StopCondition None { get; }
        public static Colossim.Simulation.StopCondition AfterEvents(long count) { }
        public static Colossim.Simulation.StopCondition At(Colossim.Units.SimTime time) { }
        public static Colossim.Simulation.StopCondition WhenTrue(System.Func<Colossim.Simulation.Simulator, bool> predicate) { }
    }
    public enum StopReason
    {
        QueueEmpty = 0,
        TimeReached = 1,
        EventLimitReached = 2,
        PredicateSatisfied = 3,
        Stopped = 4,
    }
}
namespace Colossim.Sweeps
{
    public static class ScenarioOverrides
    {
        public static Colossim.Documents.DocNode? Apply(Colossim.Documents.DocNode root, string path, string value, out string error) { }
        public static string Canonical(Colossim.Documents.DocNode root) { }
        public static bool TryParsePath(string path, out System.Collections.Generic.IReadOnlyList<object> segments, out string error) { }
    }
    public static class SummaryValues
    {
        public static string Describe(System.Text.Json.Nodes.JsonNode? summary, string path) { }
        public static System.Collections.Generic.IReadOnlyList<string> Headlines(System.Text.Json.Nodes.JsonNode? summary) { }
        public static double? Number(System.Text.Json.Nodes.JsonNode? summary, string path) { }
        public static double?[] Numbers(string summary, System.Collections.Generic.IReadOnlyList<string> paths) { }
    }
    public sealed class SweepAxis : System.IEquatable<Colossim.Sweeps.SweepAxis>
    {
        public SweepAxis(string Key, System.Collections.Generic.IReadOnlyList<string> Values) { }
        public string Key { get; init; }
        public System.Collections.Generic.IReadOnlyList<string> Values { get; init; }
        public static Colossim.Sweeps.SweepAxis? Parse(string text, Colossim.Documents.Problems problems, long maxValues, string option = "--vary") { }
    }
    public static class SweepComparison
    {
        public const int MinHashDigits = 8;
        public static Colossim.Reports.RunComparison? Load(string storePath, string a, string b, Colossim.Documents.Problems problems, string storeOption = "--sweep-store") { }
    }
    public sealed class SweepMember : System.IEquatable<Colossim.Sweeps.SweepMember>
    {
        public SweepMember(int Point, int Replica, string Hash, string Overrides) { }
        public string Hash { get; init; }
        public string Overrides { get; init; }
        public int Point { get; init; }
        public int Replica { get; init; }
    }
    public sealed class SweepOutcome : System.IEquatable<Colossim.Sweeps.SweepOutcome>
    {
        public SweepOutcome(int Ran, int Reused, int Failed, System.TimeSpan Elapsed, System.Collections.Generic.IReadOnlyList<Colossim.Documents.Problem> Problems) { }
        public System.TimeSpan Elapsed { get; init; }
        public int Failed { get; init; }
        public System.Collections.Generic.IReadOnlyList<Colossim.Documents.Problem> Problems { get; init; }
        public int Ran { get; init; }
        public int Reused { get; init; }
    }
    public sealed class SweepPlan
    {
        public System.Collections.Generic.IReadOnlyList<Colossim.Sweeps.SweepAxis> Axes { get; }
        public Colossim.Catalog.ColossimCatalog Catalog { get; }
        public string CodeVersion { get; }
        public Colossim.Documents.DocNode Document { get; }
        public string Id { get; }
        public bool Maximize { get; }
        public string? Objective { get; }
        public System.Collections.Generic.IReadOnlyList<Colossim.Sweeps.SweepPoint> Points { get; }
        public System.Collections.Generic.IReadOnlyList<Colossim.Sweeps.SweepRun> Runs { get; }
        public string ScenarioName { get; }
        public string ScenarioPath { get; }
        public int Seeds { get; }
        public Colossim.Scenarios.ScenarioLoadResult Load(Colossim.Sweeps.SweepPoint point) { }
    }
    public sealed class SweepPoint : System.IEquatable<Colossim.Sweeps.SweepPoint>
    {
        public SweepPoint(int Index, System.Collections.Generic.IReadOnlyList<string> Values) { }
        public int Index { get; init; }
        public System.Collections.Generic.IReadOnlyList<string> Values { get; init; }
    }
    public sealed class SweepProgress : System.IEquatable<Colossim.Sweeps.SweepProgress>
    {
        public SweepProgress(int Done, int Total, int Failed, int Reused, System.TimeSpan Elapsed, int RateFrom, System.TimeSpan RateSince) { }
        public int Done { get; init; }
        public System.TimeSpan Elapsed { get; init; }
        public int Failed { get; init; }
        public int InFlight { get; init; }
        public int RateFrom { get; init; }
        public System.TimeSpan RateSince { get; init; }
        public System.TimeSpan? Remaining { get; }
        public int Reused { get; init; }
        public double RunsPerSecond { get; }
        public int Total { get; init; }
    }
    public sealed class SweepReportCache
    {
        public SweepReportCache(Colossim.Sweeps.SweepPlan plan) { }
        public int Count { get; }
        public Colossim.Sweeps.SweepPlan Plan { get; }
        public void Add(System.Collections.Generic.IReadOnlyList<Colossim.Sweeps.SweepRunResult> results) { }
    }
    public sealed class SweepRequest : System.IEquatable<Colossim.Sweeps.SweepRequest>
    {
        public const int MaxRuns = 100000;
        public const int MaxSeeds = 1000;
        public SweepRequest() { }
        public int? Lhs { get; init; }
        public bool Maximize { get; init; }
        public string? Objective { get; init; }
        public int? Random { get; init; }
        public required string Scenario { get; init; }
        public long? Seed { get; init; }
        public int? Seeds { get; init; }
        public System.Collections.Generic.IReadOnlyList<string> Vary { get; init; }
        public Colossim.Sweeps.SweepPlan? Plan(Colossim.Catalog.ColossimCatalog catalog, Colossim.Documents.Problems problems) { }
        public static class Names
        {
            public const string Lhs = "--lhs";
            public const string Objective = "--objective";
            public const string Random = "--random";
            public const string Seed = "--seed";
            public const string Seeds = "--seeds";
            public const string Vary = "--vary";
        }
    }
    public static class SweepResults
    {
        public static Colossim.Reports.SweepReport Report(Colossim.Sweeps.SweepPlan plan, Colossim.Sweeps.SweepStore store, Colossim.Sweeps.SweepOutcome outcome, int jobs, Colossim.Sweeps.SweepReportCache? recorded = null) { }
    }
    public sealed class SweepRun : System.IEquatable<Colossim.Sweeps.SweepRun>
    {
        public SweepRun(int Point, int Replica, string Hash) { }
        public string Hash { get; init; }
        public int Point { get; init; }
        public int Replica { get; init; }
    }
    public sealed class SweepRunOrder : System.IEquatable<Colossim.Sweeps.SweepRunOrder>
    {
        public SweepRunOrder() { }
        public required string Hash { get; init; }
        public required System.Collections.Generic.IReadOnlyList<string> Keys { get; init; }
        public required int Replica { get; init; }
        public required string ScenarioPath { get; init; }
        public required string ScenarioText { get; init; }
        public required System.Collections.Generic.IReadOnlyList<string> Values { get; init; }
        public Colossim.Sweeps.SweepRunResult? Run(Colossim.Catalog.ColossimCatalog catalog, out string? mismatch, System.Threading.CancellationToken cancel = default) { }
        public static Colossim.Sweeps.SweepRunOrder For(Colossim.Sweeps.SweepPlan plan, Colossim.Sweeps.SweepRun run, string scenarioText) { }
    }
    public sealed class SweepRunResult : System.IEquatable<Colossim.Sweeps.SweepRunResult>
    {
        public SweepRunResult(string Hash, Colossim.Sweeps.SweepRunStatus Status, string? Summary, string? Error, double ElapsedSeconds) { }
        public double ElapsedSeconds { get; init; }
        public string? Error { get; init; }
        public string Hash { get; init; }
        public Colossim.Sweeps.SweepRunStatus Status { get; init; }
        public string? Summary { get; init; }
    }
    public enum SweepRunStatus
    {
        Done = 0,
        Failed = 1,
    }
    public static class SweepRunner
    {
        public static Colossim.Sweeps.SweepRunResult Run(Colossim.Sweeps.SweepPlan plan, Colossim.Sweeps.SweepRun run, System.Threading.CancellationToken cancel = default) { }
        public static Colossim.Sweeps.SweepRunResult Run(Colossim.Sweeps.SweepPlan plan, Colossim.Sweeps.SweepRun run, Colossim.Facility.PowerTimelineBuffers? buffers, System.Threading.CancellationToken cancel = default) { }
        public static System.Threading.Tasks.Task<Colossim.Sweeps.SweepOutcome> RunAsync(Colossim.Sweeps.SweepPlan plan, Colossim.Sweeps.SweepStore store, int jobs, [System.Runtime.CompilerServices.TupleElementNames(new string[] {
                "Result",
                "Worker"})] System.Func<Colossim.Sweeps.SweepRun, System.Threading.CancellationToken, System.Threading.Tasks.ValueTask<System.ValueTuple<Colossim.Sweeps.SweepRunResult, string?>?>> make, System.IProgress<Colossim.Sweeps.SweepProgress>? progress = null, System.Threading.CancellationToken cancel = default) { }
        public static System.Threading.Tasks.Task<Colossim.Sweeps.SweepOutcome> RunAsync(Colossim.Sweeps.SweepPlan plan, Colossim.Sweeps.SweepStore store, int jobs, System.IProgress<Colossim.Sweeps.SweepProgress>? progress = null, Colossim.Sweeps.SweepReportCache? report = null, System.Threading.CancellationToken cancel = default) { }
    }
    public static class SweepSampler
    {
        public static long? GridSize(System.Collections.Generic.IReadOnlyList<Colossim.Sweeps.SweepAxis> axes, long max) { }
        public static System.Collections.Generic.IReadOnlyList<Colossim.Sweeps.SweepPoint> Points(System.Collections.Generic.IReadOnlyList<Colossim.Sweeps.SweepAxis> axes, Colossim.Sweeps.SweepSampling sampling, int count, long seed) { }
    }
    public enum SweepSampling
    {
        Grid = 0,
        Random = 1,
        LatinHypercube = 2,
    }
    public sealed class SweepStore : System.IDisposable
    {
        public const string FileName = "colossim.db";
        public const int ReadBatch = 1000;
        public string Path { get; }
        public void Dispose() { }
        public System.Collections.Generic.IReadOnlySet<string> Finished(System.Collections.Generic.IEnumerable<string> hashes) { }
        public int LastPoint() { }
        public System.Collections.Generic.IReadOnlyList<Colossim.Sweeps.SweepMember> MembersAt(int point) { }
        public System.Collections.Generic.IReadOnlyList<Colossim.Sweeps.SweepMember> MembersWithHash(string prefix) { }
        public void ReadResults(System.Collections.Generic.IEnumerable<string> hashes, System.Action<System.Collections.Generic.IReadOnlyList<Colossim.Sweeps.SweepRunResult>> read) { }
        public int Record([System.Runtime.CompilerServices.TupleElementNames(new string[] {
                "Result",
                "Worker"})] System.Collections.Generic.IReadOnlyList<System.ValueTuple<Colossim.Sweeps.SweepRunResult, string?>> runs) { }
        public bool Record(Colossim.Sweeps.SweepRunResult result, string? worker = null) { }
        public void Register(Colossim.Sweeps.SweepPlan plan) { }
        public System.Collections.Generic.IReadOnlyDictionary<string, Colossim.Sweeps.SweepRunResult> Results(System.Collections.Generic.IEnumerable<string> hashes) { }
        public System.Collections.Generic.IReadOnlyDictionary<string, Colossim.Sweeps.SweepRunStatus> Statuses(System.Collections.Generic.IEnumerable<string> hashes) { }
        public static string DefaultPath(System.Func<string, string?> environment) { }
        public static Colossim.Sweeps.SweepStore? Open(string path, Colossim.Documents.Problems problems, System.TimeProvider clock, string option = "--store") { }
        public static Colossim.Sweeps.SweepStore? OpenExisting(string path, Colossim.Documents.Problems problems, string option) { }
    }
}
namespace Colossim.Training
{
    public enum AttentionKernel
    {
        Flash = 0,
        Materialized = 1,
    }
    public sealed class FailureModel : System.IEquatable<Colossim.Training.FailureModel>
    {
        public FailureModel() { }
        public Colossim.Units.Bandwidth CheckpointWriteBandwidth { get; init; }
        public double InterruptionsPerGpuHour { get; init; }
        public Colossim.Units.Duration Restart { get; init; }
        public static Colossim.Training.FailureModel Default { get; }
        public static double Llama3InterruptionsPerGpuHour { get; }
        public Colossim.Units.Duration MeanTimeBetweenInterruptions(long gpus) { }
        public static Colossim.Units.Bytes CheckpointSize(double parameters) { }
    }
    public enum FlopConvention
    {
        ModelFlops = 0,
        MegatronEq3 = 1,
    }
    public static class Goodput
    {
        public static double Analytic(Colossim.Units.Duration interval, Colossim.Units.Duration checkpoint, Colossim.Units.Duration restart, Colossim.Units.Duration mtbf) { }
        public static Colossim.Training.GoodputSample MonteCarlo(Colossim.Units.Duration interval, Colossim.Units.Duration checkpoint, Colossim.Units.Duration restart, Colossim.Units.Duration mtbf, Colossim.Units.Duration horizon, ulong seed, int replications = 1) { }
        public static Colossim.Units.Duration OptimalInterval(Colossim.Units.Duration checkpoint, Colossim.Units.Duration mtbf) { }
    }
    public sealed class GoodputSample : System.IEquatable<Colossim.Training.GoodputSample>
    {
        public GoodputSample(double Goodput, double Interruptions) { }
        public double Goodput { get; init; }
        public double Interruptions { get; init; }
    }
    public sealed class LayoutConstraints : System.IEquatable<Colossim.Training.LayoutConstraints>
    {
        public LayoutConstraints() { }
        public int? Cp { get; init; }
        public int? Dp { get; init; }
        public int? Ep { get; init; }
        public int? MicroBatch { get; init; }
        public int? Pp { get; init; }
        public Colossim.Training.Recomputation? Recompute { get; init; }
        public bool? SequenceParallel { get; init; }
        public int? Tp { get; init; }
        public int? Vpp { get; init; }
        public Colossim.Training.ZeroStage? Zero { get; init; }
        public static Colossim.Training.LayoutConstraints None { get; }
    }
    public static class LayoutSearch
    {
        public const int MaxCp = 32;
        public const int MaxMicroBatch = 16;
        public const int MaxVpp = 8;
        public static bool IsBetter(Colossim.Training.TrainingStep a, Colossim.Training.TrainingStep b) { }
        public static Colossim.Training.LayoutSearchResult Search(Colossim.Training.TrainingStepModel model, int keep = 10, Colossim.Training.LayoutConstraints? fixedTo = null, System.Threading.CancellationToken cancel = default) { }
    }
    public sealed class LayoutSearchResult : System.IEquatable<Colossim.Training.LayoutSearchResult>
    {
        public LayoutSearchResult() { }
        public Colossim.Training.TrainingStep? Best { get; }
        public required long LayoutsEvaluated { get; init; }
        public required System.Collections.Generic.IReadOnlyList<Colossim.Training.TrainingStep> Ranked { get; init; }
        public required int ShapesTimed { get; init; }
        public required Colossim.Units.Duration Wall { get; init; }
    }
    public sealed class ParallelLayout : System.IEquatable<Colossim.Training.ParallelLayout>
    {
        public ParallelLayout() { }
        public int Cp { get; init; }
        public int Dp { get; init; }
        public int Ep { get; init; }
        public long Gpus { get; }
        public int MicroBatch { get; init; }
        public int Pp { get; init; }
        public Colossim.Training.Recomputation Recompute { get; init; }
        public bool SequenceParallel { get; init; }
        public int Tp { get; init; }
        public int Vpp { get; init; }
        public Colossim.Training.ZeroStage Zero { get; init; }
        public static Colossim.Training.ParallelLayout OneGpu { get; }
        public System.Collections.Generic.IReadOnlyList<Colossim.Performance.LayoutProblem> Check(Colossim.Catalog.ModelSpec model, long gpus) { }
        public Colossim.Performance.Sharding ToSharding() { }
        public override string ToString() { }
        public bool Validate(Colossim.Catalog.ModelSpec model, long gpus, Colossim.Documents.Problems problems, string path, int? line = default) { }
    }
    public sealed class PipelineOp : System.IEquatable<Colossim.Training.PipelineOp>
    {
        public PipelineOp(int Stage, Colossim.Training.PipelineOpKind Kind, long MicroBatch, int Chunk, Colossim.Units.Duration Start, Colossim.Units.Duration Duration) { }
        public int Chunk { get; init; }
        public Colossim.Units.Duration Duration { get; init; }
        public Colossim.Units.Duration End { get; }
        public bool IsCommunication { get; }
        public Colossim.Training.PipelineOpKind Kind { get; init; }
        public long MicroBatch { get; init; }
        public int Stage { get; init; }
        public Colossim.Units.Duration Start { get; init; }
    }
    public enum PipelineOpKind
    {
        Forward = 0,
        Backward = 1,
        SendActivations = 2,
        SendGradients = 3,
        DataParallel = 4,
        Optimizer = 5,
    }
    public sealed class PipelineSchedule
    {
        public const long MaxPasses = 200000;
        public Colossim.Units.Duration ClosedFormPipelineTime { get; }
        public Colossim.Units.Duration Makespan { get; }
        public long MicroBatches { get; }
        public System.Collections.Generic.IReadOnlyList<Colossim.Training.PipelineOp> Ops { get; }
        public Colossim.Units.Duration PipelineTime { get; }
        public System.Collections.Generic.IReadOnlyList<Colossim.Training.PipelineStageTime> StageTimes { get; }
        public int Stages { get; }
        public Colossim.Training.TrainingStep Step { get; }
        public int VirtualStages { get; }
        public static Colossim.Training.PipelineSchedule Of(Colossim.Training.TrainingStepModel model, Colossim.Training.TrainingStep step) { }
        public static double Passes(Colossim.Training.TrainingStep step) { }
        public static Colossim.Training.PipelineSchedule Simulate(Colossim.Training.TrainingStep step, System.Collections.Generic.IReadOnlyList<Colossim.Training.PipelineStageTime> stages) { }
    }
    public sealed class PipelineStageTime : System.IEquatable<Colossim.Training.PipelineStageTime>
    {
        public PipelineStageTime() { }
        public required Colossim.Units.Duration Compute { get; init; }
        public required int Layers { get; init; }
        public required Colossim.Units.Duration ModelParallelCommunication { get; init; }
        public required Colossim.Units.Duration PipelineSends { get; init; }
        public Colossim.Units.Duration Total { get; }
    }
    public enum Recomputation
    {
        None = 0,
        Selective = 1,
        Full = 2,
    }
    public sealed class TrainRequest : System.IEquatable<Colossim.Training.TrainRequest>
    {
        public const long DefaultGlobalBatchTokens = 4194304;
        public const int DefaultSeqLen = 8192;
        public const long MaxGpus = 10000000;
        public const int MaxSeqLen = 16777216;
        public const double MaxTokens = 10000000000000000D;
        public TrainRequest() { }
        public int? Cp { get; init; }
        public int? Dp { get; init; }
        public string Dtype { get; init; }
        public int? Ep { get; init; }
        public Colossim.Training.FailureModel Failures { get; init; }
        public long GlobalBatchTokens { get; init; }
        public required string Gpu { get; init; }
        public required long Gpus { get; init; }
        public int? MicroBatch { get; init; }
        public required string Model { get; init; }
        public int? Pp { get; init; }
        public string? Recompute { get; init; }
        public bool Search { get; init; }
        public int SeqLen { get; init; }
        public double? Tokens { get; init; }
        public int? Tp { get; init; }
        public string? Trace { get; init; }
        public double? UsdPerGpuHour { get; init; }
        public int? Vpp { get; init; }
        public string? Zero { get; init; }
        public Colossim.Training.TrainResult? Run(Colossim.Catalog.ColossimCatalog catalog, Colossim.Documents.Problems problems, System.Threading.CancellationToken cancel = default) { }
        public static Colossim.Training.TrainResult? Answer(Colossim.Training.TrainingJob job, Colossim.Training.ParallelLayout? layout, Colossim.Training.LayoutConstraints? constraints, Colossim.Facility.ClusterPlan plan, Colossim.Performance.KernelModel kernels, double? tokens, Colossim.Training.FailureModel failures, Colossim.Units.Usd? usdPerGpuHour, Colossim.Documents.Problems problems, string path, string memoryPath, bool withSchedule = false, System.Threading.CancellationToken cancel = default) { }
        public static class Names
        {
            public const string Cp = "--cp";
            public const string Dp = "--dp";
            public const string Dtype = "--dtype";
            public const string Ep = "--ep";
            public const string GlobalBatchTokens = "--global-batch-tokens";
            public const string Gpu = "--gpu";
            public const string Gpus = "--gpus";
            public const string MicroBatch = "--micro-batch";
            public const string Model = "--model";
            public const string Pp = "--pp";
            public const string Recompute = "--recompute";
            public const string Search = "--search";
            public const string SeqLen = "--seq-len";
            public const string Tokens = "--tokens";
            public const string Tp = "--tp";
            public const string Trace = "--timeline";
            public const string UsdPerGpuHour = "--usd-per-gpu-hour";
            public const string Vpp = "--vpp";
            public const string Zero = "--zero";
        }
    }
    public sealed class TrainResult : System.IEquatable<Colossim.Training.TrainResult>
    {
        public TrainResult() { }
        public required Colossim.Training.TrainingJob Job { get; init; }
        public required Colossim.Facility.ClusterPlan Plan { get; init; }
        public Colossim.Training.TrainingRun? Run { get; init; }
        public Colossim.Training.PipelineSchedule? Schedule { get; init; }
        public Colossim.Training.LayoutSearchResult? Search { get; init; }
        public required Colossim.Training.TrainingStep Step { get; init; }
    }
    public sealed class TrainingJob : System.IEquatable<Colossim.Training.TrainingJob>
    {
        public TrainingJob() { }
        public Colossim.Training.AttentionKernel Attention { get; init; }
        public Colossim.Catalog.DataType Dtype { get; init; }
        public required long GlobalBatchTokens { get; init; }
        public required Colossim.Catalog.GpuSpec Gpu { get; init; }
        public required long Gpus { get; init; }
        public required Colossim.Catalog.ModelSpec Model { get; init; }
        public required int SeqLen { get; init; }
        public long Sequences { get; }
        public System.Collections.Generic.IReadOnlyList<Colossim.Performance.LayoutProblem> Check(Colossim.Training.ParallelLayout layout) { }
        public double ModelFlopsPerToken() { }
    }
    public sealed class TrainingMemory : System.IEquatable<Colossim.Training.TrainingMemory>
    {
        public TrainingMemory() { }
        public required Colossim.Units.Bytes Activations { get; init; }
        public required Colossim.Units.Bytes Capacity { get; init; }
        public bool Fits { get; }
        public required Colossim.Units.Bytes Gradients { get; init; }
        public Colossim.Units.Bytes Headroom { get; }
        public required double InFlightMicroBatches { get; init; }
        public required Colossim.Units.Bytes OptimizerStates { get; init; }
        public required int Stage { get; init; }
        public Colossim.Units.Bytes Total { get; }
        public required Colossim.Units.Bytes Weights { get; init; }
    }
    public static class TrainingNames
    {
        public static string Of(Colossim.Training.Recomputation recompute) { }
        public static string Of(Colossim.Training.ZeroStage zero) { }
        public static bool TryParseRecomputation(string? text, out Colossim.Training.Recomputation recompute) { }
        public static bool TryParseZero(string? text, out Colossim.Training.ZeroStage zero) { }
    }
    public sealed class TrainingRun : System.IEquatable<Colossim.Training.TrainingRun>
    {
        public TrainingRun() { }
        public required Colossim.Units.Watts BoardPowerPerGpu { get; init; }
        public required Colossim.Units.Duration CheckpointInterval { get; init; }
        public required Colossim.Units.Bytes CheckpointSize { get; init; }
        public required Colossim.Units.Duration CheckpointTime { get; init; }
        public required Colossim.Units.Usd Cost { get; init; }
        public double Days { get; }
        public required Colossim.Units.Energy Energy { get; init; }
        public required double ExpectedInterruptions { get; init; }
        public required double Goodput { get; init; }
        public required double GpuHours { get; init; }
        public required Colossim.Units.Duration MeanTimeBetweenInterruptions { get; init; }
        public required Colossim.Units.Watts PowerPerGpu { get; init; }
        public required string PowerSource { get; init; }
        public required Colossim.Units.Duration Productive { get; init; }
        public required Colossim.Units.Duration Restart { get; init; }
        public required long Steps { get; init; }
        public required double Tokens { get; init; }
        public required Colossim.Units.Usd UsdPerGpuHour { get; init; }
        public required Colossim.Units.Duration Wall { get; init; }
        public static Colossim.Training.TrainingRun Estimate(Colossim.Training.TrainingJob job, Colossim.Training.TrainingStep step, Colossim.Facility.ClusterPlan plan, double tokens, Colossim.Training.FailureModel failures, Colossim.Units.Usd? usdPerGpuHour = default) { }
        public static Colossim.Units.Watts FacilityPowerPerGpu(Colossim.Facility.ClusterPlan plan, Colossim.Units.Watts board) { }
    }
    public sealed class TrainingStep : System.IEquatable<Colossim.Training.TrainingStep>
    {
        public TrainingStep() { }
        public Colossim.Units.Watts BoardPower { get; }
        public required Colossim.Units.Duration BubbleTime { get; init; }
        public double CommunicationShare { get; }
        public required Colossim.Units.Duration ComputeTime { get; init; }
        public required Colossim.Training.TrainingStepEnergy Energy { get; init; }
        public required Colossim.Units.Duration ExposedDataParallel { get; init; }
        public required Colossim.Training.ParallelLayout Layout { get; init; }
        public required Colossim.Training.TrainingMemory Memory { get; init; }
        public required double Mfu { get; init; }
        public required long MicroBatches { get; init; }
        public required Colossim.Units.FlopRate ModelFlopRatePerGpu { get; init; }
        public required Colossim.Units.Flops ModelFlops { get; init; }
        public required Colossim.Units.Duration ModelParallelCommunication { get; init; }
        public required Colossim.Units.Duration OptimizerTime { get; init; }
        public required Colossim.Units.Duration StageTime { get; init; }
        public required Colossim.Units.Duration Time { get; init; }
        public required double TokensPerSecond { get; init; }
    }
    public sealed class TrainingStepEnergy : System.IEquatable<Colossim.Training.TrainingStepEnergy>
    {
        public TrainingStepEnergy() { }
        public required Colossim.Units.Energy Busy { get; init; }
        public required Colossim.Units.Energy DataParallel { get; init; }
        public required Colossim.Units.Energy Optimizer { get; init; }
        public required string Source { get; init; }
        public Colossim.Units.Energy Total { get; }
        public required Colossim.Units.Energy Waiting { get; init; }
    }
    public sealed class TrainingStepModel
    {
        public TrainingStepModel(Colossim.Training.TrainingJob job, Colossim.Performance.KernelModel kernels, Colossim.Network.Topology topology, Colossim.Performance.ICommunication communication) { }
        public Colossim.Performance.ICommunication Communication { get; }
        public double FlopsPerToken { get; }
        public Colossim.Training.TrainingJob Job { get; }
        public Colossim.Performance.KernelModel Kernels { get; }
        public double Peak { get; }
        public Colossim.Performance.GpuPowerModel Power { get; }
        public int ShapesTimed { get; }
        public Colossim.Network.Topology Topology { get; }
        public Colossim.Training.TrainingStep Evaluate(Colossim.Training.ParallelLayout layout) { }
        public Colossim.Training.TrainingMemory Memory(Colossim.Training.ParallelLayout layout) { }
        public System.Collections.Generic.IReadOnlyList<Colossim.Training.PipelineStageTime> StageTimes(Colossim.Training.ParallelLayout layout) { }
        public static double BubbleFraction(int pp, int vpp, long microBatches) { }
        public static int[] StageLayers(int layers, int pp) { }
    }
    public static class TrainingValidation
    {
        public static System.Collections.Generic.IReadOnlyList<Colossim.Training.TrainingValidationCase> Cases { get; }
        public static double MedianAbsoluteError(System.Collections.Generic.IEnumerable<Colossim.Training.TrainingValidationRow> rows) { }
        public static double MegatronEq3Flops(Colossim.Catalog.ModelSpec model, long sequences, int seqLen) { }
        public static System.Collections.Generic.IReadOnlyList<Colossim.Training.TrainingValidationRow> Run(Colossim.Catalog.ColossimCatalog catalog, Colossim.Documents.Problems problems, System.Collections.Generic.IReadOnlyList<Colossim.Training.TrainingValidationCase>? cases = null) { }
    }
    public sealed class TrainingValidationCase : System.IEquatable<Colossim.Training.TrainingValidationCase>
    {
        public TrainingValidationCase() { }
        public Colossim.Training.AttentionKernel Attention { get; init; }
        public Colossim.Training.FlopConvention Convention { get; init; }
        public required long GlobalBatchTokens { get; init; }
        public required string Gpu { get; init; }
        public required long Gpus { get; init; }
        public long? GpusPerPod { get; init; }
        public double? MeasuredTflopsPerGpu { get; init; }
        public required string Model { get; init; }
        public required string Name { get; init; }
        public double? Oversubscription { get; init; }
        public bool Ran { get; init; }
        public Colossim.Units.Bandwidth? ScaleOutPerGpu { get; init; }
        public required int SeqLen { get; init; }
        public required string Source { get; init; }
        public required Colossim.Training.LayoutConstraints Stated { get; init; }
    }
    public sealed class TrainingValidationRow : System.IEquatable<Colossim.Training.TrainingValidationRow>
    {
        public TrainingValidationRow(Colossim.Training.TrainingValidationCase Case, Colossim.Training.TrainingStep? Step, double PredictedTflopsPerGpu, long LayoutsSearched) { }
        public Colossim.Training.TrainingValidationCase Case { get; init; }
        public double? Error { get; }
        public bool FitAgrees { get; }
        public bool Fits { get; }
        public long LayoutsSearched { get; init; }
        public double PredictedTflopsPerGpu { get; init; }
        public Colossim.Training.TrainingStep? Step { get; init; }
    }
    public enum ZeroStage
    {
        None = 0,
        Optimizer = 1,
        Gradients = 2,
        Parameters = 3,
    }
}
namespace Colossim.Units
{
    public readonly struct Bandwidth : System.IComparable<Colossim.Units.Bandwidth>, System.IEquatable<Colossim.Units.Bandwidth>
    {
        public Bandwidth(double BytesPerSecond) { }
        public double BytesPerSecond { get; init; }
        public double GigabitsPerSecond { get; }
        public double GigabytesPerSecond { get; }
        public static Colossim.Units.Bandwidth Zero { get; }
        public int CompareTo(Colossim.Units.Bandwidth other) { }
        public string ToDisplayString() { }
        public override string ToString() { }
        public static Colossim.Units.Bandwidth FromGigabitsPerSecond(double gbps) { }
        public static Colossim.Units.Bandwidth Parse(string text) { }
        public static bool TryParse(string? text, out Colossim.Units.Bandwidth value, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error) { }
        public static Colossim.Units.Bandwidth operator *(Colossim.Units.Bandwidth a, double factor) { }
        public static Colossim.Units.Bytes operator *(Colossim.Units.Bandwidth rate, Colossim.Units.Duration time) { }
        public static Colossim.Units.Bytes operator *(Colossim.Units.Duration time, Colossim.Units.Bandwidth rate) { }
        public static Colossim.Units.Bandwidth operator *(double factor, Colossim.Units.Bandwidth a) { }
        public static Colossim.Units.Bandwidth operator +(Colossim.Units.Bandwidth a, Colossim.Units.Bandwidth b) { }
        public static Colossim.Units.Bandwidth operator -(Colossim.Units.Bandwidth a, Colossim.Units.Bandwidth b) { }
        public static double operator /(Colossim.Units.Bandwidth a, Colossim.Units.Bandwidth b) { }
        public static Colossim.Units.Bandwidth operator /(Colossim.Units.Bandwidth a, double divisor) { }
        public static bool operator <(Colossim.Units.Bandwidth a, Colossim.Units.Bandwidth b) { }
        public static bool operator <=(Colossim.Units.Bandwidth a, Colossim.Units.Bandwidth b) { }
        public static bool operator >(Colossim.Units.Bandwidth a, Colossim.Units.Bandwidth b) { }
        public static bool operator >=(Colossim.Units.Bandwidth a, Colossim.Units.Bandwidth b) { }
    }
    public readonly struct Bytes : System.IComparable<Colossim.Units.Bytes>, System.IEquatable<Colossim.Units.Bytes>
    {
        public Bytes(double Value) { }
        public double Gibibytes { get; }
        public double Gigabytes { get; }
        public double Value { get; init; }
        public static Colossim.Units.Bytes Zero { get; }
        public int CompareTo(Colossim.Units.Bytes other) { }
        public string ToDisplayString() { }
        public override string ToString() { }
        public static Colossim.Units.Bytes Parse(string text) { }
        public static bool TryParse(string? text, out Colossim.Units.Bytes value, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error) { }
        public static Colossim.Units.Bytes operator *(Colossim.Units.Bytes a, double factor) { }
        public static Colossim.Units.Bytes operator *(double factor, Colossim.Units.Bytes a) { }
        public static Colossim.Units.Bytes operator +(Colossim.Units.Bytes a, Colossim.Units.Bytes b) { }
        public static Colossim.Units.Bytes operator -(Colossim.Units.Bytes a, Colossim.Units.Bytes b) { }
        public static double operator /(Colossim.Units.Bytes a, Colossim.Units.Bytes b) { }
        public static Colossim.Units.Bytes operator /(Colossim.Units.Bytes a, double divisor) { }
        public static Colossim.Units.Duration operator /(Colossim.Units.Bytes size, Colossim.Units.Bandwidth rate) { }
        public static Colossim.Units.Bandwidth operator /(Colossim.Units.Bytes size, Colossim.Units.Duration time) { }
        public static bool operator <(Colossim.Units.Bytes a, Colossim.Units.Bytes b) { }
        public static bool operator <=(Colossim.Units.Bytes a, Colossim.Units.Bytes b) { }
        public static bool operator >(Colossim.Units.Bytes a, Colossim.Units.Bytes b) { }
        public static bool operator >=(Colossim.Units.Bytes a, Colossim.Units.Bytes b) { }
    }
    public static class Count
    {
        public static double Parse(string text) { }
        public static bool TryParse(string? text, out double value, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error) { }
    }
    public readonly struct Duration : System.IComparable<Colossim.Units.Duration>, System.IEquatable<Colossim.Units.Duration>
    {
        public Duration(long Nanoseconds) { }
        public long Nanoseconds { get; init; }
        public double TotalHours { get; }
        public double TotalMicroseconds { get; }
        public double TotalMilliseconds { get; }
        public double TotalSeconds { get; }
        public static Colossim.Units.Duration Epsilon { get; }
        public static Colossim.Units.Duration MaxValue { get; }
        public static Colossim.Units.Duration Zero { get; }
        public int CompareTo(Colossim.Units.Duration other) { }
        public string ToDisplayString() { }
        public override string ToString() { }
        public static Colossim.Units.Duration FromHours(double hours) { }
        public static Colossim.Units.Duration FromMicroseconds(double microseconds) { }
        public static Colossim.Units.Duration FromMilliseconds(double milliseconds) { }
        public static Colossim.Units.Duration FromNanoseconds(double nanoseconds) { }
        public static Colossim.Units.Duration FromSeconds(double seconds) { }
        public static Colossim.Units.Duration Max(Colossim.Units.Duration a, Colossim.Units.Duration b) { }
        public static Colossim.Units.Duration Min(Colossim.Units.Duration a, Colossim.Units.Duration b) { }
        public static Colossim.Units.Duration Parse(string text) { }
        public static bool TryParse(string? text, out Colossim.Units.Duration value, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error) { }
        public static Colossim.Units.Duration operator *(Colossim.Units.Duration a, double factor) { }
        public static Colossim.Units.Duration operator *(double factor, Colossim.Units.Duration a) { }
        public static Colossim.Units.Duration operator +(Colossim.Units.Duration a, Colossim.Units.Duration b) { }
        public static Colossim.Units.Duration operator -(Colossim.Units.Duration a) { }
        public static Colossim.Units.Duration operator -(Colossim.Units.Duration a, Colossim.Units.Duration b) { }
        public static double operator /(Colossim.Units.Duration a, Colossim.Units.Duration b) { }
        public static Colossim.Units.Duration operator /(Colossim.Units.Duration a, double divisor) { }
        public static bool operator <(Colossim.Units.Duration a, Colossim.Units.Duration b) { }
        public static bool operator <=(Colossim.Units.Duration a, Colossim.Units.Duration b) { }
        public static bool operator >(Colossim.Units.Duration a, Colossim.Units.Duration b) { }
        public static bool operator >=(Colossim.Units.Duration a, Colossim.Units.Duration b) { }
    }
    public readonly struct Energy : System.IComparable<Colossim.Units.Energy>, System.IEquatable<Colossim.Units.Energy>
    {
        public Energy(double Joules) { }
        public double Joules { get; init; }
        public double KilowattHours { get; }
        public double MegawattHours { get; }
        public static Colossim.Units.Energy Zero { get; }
        public int CompareTo(Colossim.Units.Energy other) { }
        public string ToDisplayString() { }
        public override string ToString() { }
        public static Colossim.Units.Energy FromKilowattHours(double kwh) { }
        public static Colossim.Units.Energy Parse(string text) { }
        public static bool TryParse(string? text, out Colossim.Units.Energy value, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error) { }
        public static Colossim.Units.Energy operator *(Colossim.Units.Energy a, double factor) { }
        public static Colossim.Units.Energy operator *(double factor, Colossim.Units.Energy a) { }
        public static Colossim.Units.Energy operator +(Colossim.Units.Energy a, Colossim.Units.Energy b) { }
        public static Colossim.Units.Energy operator -(Colossim.Units.Energy a, Colossim.Units.Energy b) { }
        public static double operator /(Colossim.Units.Energy a, Colossim.Units.Energy b) { }
        public static Colossim.Units.Energy operator /(Colossim.Units.Energy a, double divisor) { }
        public static Colossim.Units.Watts operator /(Colossim.Units.Energy energy, Colossim.Units.Duration time) { }
        public static Colossim.Units.Duration operator /(Colossim.Units.Energy energy, Colossim.Units.Watts power) { }
        public static bool operator <(Colossim.Units.Energy a, Colossim.Units.Energy b) { }
        public static bool operator <=(Colossim.Units.Energy a, Colossim.Units.Energy b) { }
        public static bool operator >(Colossim.Units.Energy a, Colossim.Units.Energy b) { }
        public static bool operator >=(Colossim.Units.Energy a, Colossim.Units.Energy b) { }
    }
    public readonly struct FlopRate : System.IComparable<Colossim.Units.FlopRate>, System.IEquatable<Colossim.Units.FlopRate>
    {
        public FlopRate(double FlopsPerSecond) { }
        public double FlopsPerSecond { get; init; }
        public double TeraFlopsPerSecond { get; }
        public static Colossim.Units.FlopRate Zero { get; }
        public int CompareTo(Colossim.Units.FlopRate other) { }
        public string ToDisplayString() { }
        public override string ToString() { }
        public static Colossim.Units.FlopRate FromTeraFlops(double tflops) { }
        public static Colossim.Units.FlopRate Parse(string text) { }
        public static bool TryParse(string? text, out Colossim.Units.FlopRate value, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error) { }
        public static Colossim.Units.Flops operator *(Colossim.Units.Duration time, Colossim.Units.FlopRate rate) { }
        public static Colossim.Units.FlopRate operator *(Colossim.Units.FlopRate a, double factor) { }
        public static Colossim.Units.Flops operator *(Colossim.Units.FlopRate rate, Colossim.Units.Duration time) { }
        public static Colossim.Units.FlopRate operator *(double factor, Colossim.Units.FlopRate a) { }
        public static Colossim.Units.FlopRate operator +(Colossim.Units.FlopRate a, Colossim.Units.FlopRate b) { }
        public static Colossim.Units.FlopRate operator -(Colossim.Units.FlopRate a, Colossim.Units.FlopRate b) { }
        public static double operator /(Colossim.Units.FlopRate a, Colossim.Units.FlopRate b) { }
        public static Colossim.Units.FlopRate operator /(Colossim.Units.FlopRate a, double divisor) { }
        public static bool operator <(Colossim.Units.FlopRate a, Colossim.Units.FlopRate b) { }
        public static bool operator <=(Colossim.Units.FlopRate a, Colossim.Units.FlopRate b) { }
        public static bool operator >(Colossim.Units.FlopRate a, Colossim.Units.FlopRate b) { }
        public static bool operator >=(Colossim.Units.FlopRate a, Colossim.Units.FlopRate b) { }
    }
    public readonly struct Flops : System.IComparable<Colossim.Units.Flops>, System.IEquatable<Colossim.Units.Flops>
    {
        public Flops(double Value) { }
        public double Value { get; init; }
        public static Colossim.Units.Flops Zero { get; }
        public int CompareTo(Colossim.Units.Flops other) { }
        public string ToDisplayString() { }
        public override string ToString() { }
        public static Colossim.Units.Flops Parse(string text) { }
        public static bool TryParse(string? text, out Colossim.Units.Flops value, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error) { }
        public static Colossim.Units.Flops operator *(Colossim.Units.Flops a, double factor) { }
        public static Colossim.Units.Flops operator *(double factor, Colossim.Units.Flops a) { }
        public static Colossim.Units.Flops operator +(Colossim.Units.Flops a, Colossim.Units.Flops b) { }
        public static Colossim.Units.Flops operator -(Colossim.Units.Flops a, Colossim.Units.Flops b) { }
        public static double operator /(Colossim.Units.Flops a, Colossim.Units.Flops b) { }
        public static Colossim.Units.Flops operator /(Colossim.Units.Flops a, double divisor) { }
        public static Colossim.Units.FlopRate operator /(Colossim.Units.Flops work, Colossim.Units.Duration time) { }
        public static Colossim.Units.Duration operator /(Colossim.Units.Flops work, Colossim.Units.FlopRate rate) { }
        public static bool operator <(Colossim.Units.Flops a, Colossim.Units.Flops b) { }
        public static bool operator <=(Colossim.Units.Flops a, Colossim.Units.Flops b) { }
        public static bool operator >(Colossim.Units.Flops a, Colossim.Units.Flops b) { }
        public static bool operator >=(Colossim.Units.Flops a, Colossim.Units.Flops b) { }
    }
    public readonly struct SimTime : System.IComparable<Colossim.Units.SimTime>, System.IEquatable<Colossim.Units.SimTime>
    {
        public SimTime(long Nanoseconds) { }
        public long Nanoseconds { get; init; }
        public double Seconds { get; }
        public static Colossim.Units.SimTime MaxValue { get; }
        public static Colossim.Units.SimTime Zero { get; }
        public int CompareTo(Colossim.Units.SimTime other) { }
        public override string ToString() { }
        public static Colossim.Units.SimTime FromSeconds(double seconds) { }
        public static Colossim.Units.SimTime operator +(Colossim.Units.SimTime t, Colossim.Units.Duration d) { }
        public static Colossim.Units.Duration operator -(Colossim.Units.SimTime a, Colossim.Units.SimTime b) { }
        public static Colossim.Units.SimTime operator -(Colossim.Units.SimTime t, Colossim.Units.Duration d) { }
        public static bool operator <(Colossim.Units.SimTime a, Colossim.Units.SimTime b) { }
        public static bool operator <=(Colossim.Units.SimTime a, Colossim.Units.SimTime b) { }
        public static bool operator >(Colossim.Units.SimTime a, Colossim.Units.SimTime b) { }
        public static bool operator >=(Colossim.Units.SimTime a, Colossim.Units.SimTime b) { }
    }
    public readonly struct Usd : System.IComparable<Colossim.Units.Usd>, System.IEquatable<Colossim.Units.Usd>
    {
        public Usd(double Dollars) { }
        public double Dollars { get; init; }
        public static Colossim.Units.Usd Zero { get; }
        public int CompareTo(Colossim.Units.Usd other) { }
        public string ToDisplayString() { }
        public override string ToString() { }
        public static Colossim.Units.Usd Parse(string text) { }
        public static bool TryParse(string? text, out Colossim.Units.Usd value, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error) { }
        public static Colossim.Units.Usd operator *(Colossim.Units.Usd a, double factor) { }
        public static Colossim.Units.Usd operator *(double factor, Colossim.Units.Usd a) { }
        public static Colossim.Units.Usd operator +(Colossim.Units.Usd a, Colossim.Units.Usd b) { }
        public static Colossim.Units.Usd operator -(Colossim.Units.Usd a, Colossim.Units.Usd b) { }
        public static double operator /(Colossim.Units.Usd a, Colossim.Units.Usd b) { }
        public static Colossim.Units.Usd operator /(Colossim.Units.Usd a, double divisor) { }
        public static bool operator <(Colossim.Units.Usd a, Colossim.Units.Usd b) { }
        public static bool operator <=(Colossim.Units.Usd a, Colossim.Units.Usd b) { }
        public static bool operator >(Colossim.Units.Usd a, Colossim.Units.Usd b) { }
        public static bool operator >=(Colossim.Units.Usd a, Colossim.Units.Usd b) { }
    }
    public readonly struct Watts : System.IComparable<Colossim.Units.Watts>, System.IEquatable<Colossim.Units.Watts>
    {
        public Watts(double Value) { }
        public double Megawatts { get; }
        public double Value { get; init; }
        public static Colossim.Units.Watts Zero { get; }
        public int CompareTo(Colossim.Units.Watts other) { }
        public string ToDisplayString() { }
        public override string ToString() { }
        public static Colossim.Units.Watts FromMegawatts(double megawatts) { }
        public static Colossim.Units.Watts Parse(string text) { }
        public static bool TryParse(string? text, out Colossim.Units.Watts value, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error) { }
        public static Colossim.Units.Energy operator *(Colossim.Units.Duration time, Colossim.Units.Watts power) { }
        public static Colossim.Units.Watts operator *(Colossim.Units.Watts a, double factor) { }
        public static Colossim.Units.Energy operator *(Colossim.Units.Watts power, Colossim.Units.Duration time) { }
        public static Colossim.Units.Watts operator *(double factor, Colossim.Units.Watts a) { }
        public static Colossim.Units.Watts operator +(Colossim.Units.Watts a, Colossim.Units.Watts b) { }
        public static Colossim.Units.Watts operator -(Colossim.Units.Watts a, Colossim.Units.Watts b) { }
        public static double operator /(Colossim.Units.Watts a, Colossim.Units.Watts b) { }
        public static Colossim.Units.Watts operator /(Colossim.Units.Watts a, double divisor) { }
        public static bool operator <(Colossim.Units.Watts a, Colossim.Units.Watts b) { }
        public static bool operator <=(Colossim.Units.Watts a, Colossim.Units.Watts b) { }
        public static bool operator >(Colossim.Units.Watts a, Colossim.Units.Watts b) { }
        public static bool operator >=(Colossim.Units.Watts a, Colossim.Units.Watts b) { }
    }
}