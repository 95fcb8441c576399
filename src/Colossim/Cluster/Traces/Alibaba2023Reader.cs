using Colossim.Documents;

namespace Colossim.Cluster.Traces;

/// <summary>
/// Reads Alibaba's 2023 GPU pod list (<c>cluster-trace-gpu-v2023/csv/openb_pod_list_*.csv</c>, columns
/// <c>name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time</c>,
/// found by name in the header) and its node list (<c>openb_node_list_*.csv</c>: <c>sn,cpu_milli,memory_mib,gpu,model</c>).
/// </summary>
/// <remarks>
/// Mapping (docs/traces.md): the trace names no user, so a pod's tenant is its QoS class (<c>LS</c>, <c>BE</c>,
/// <c>Burstable</c>, <c>Guaranteed</c>); <c>BE</c> (best effort) pods are <see cref="PriorityClass.Spot"/>, the others
/// guaranteed; <c>gpu_milli</c>/1000 is the <see cref="JobSpec.GpuFraction"/> of a one-GPU pod; <c>gpu_spec</c>
/// (<c>|</c>-separated) the allowed GPU models; the run time is <c>deletion_time − scheduled_time</c> for every scheduled
/// pod, <c>Running</c> ones included (their phase is the last one recorded before the deletion; a pod still running at
/// the end of the trace has an empty <c>deletion_time</c> and no run time); <c>deletion_time − creation_time</c> is the
/// pod's <see cref="JobSpec.MaxWait"/> (a pod not started by its deletion is withdrawn) and, for a <c>Pending</c> pod
/// (never scheduled, so its run is unknown), its run time should a replay start it: as long as it existed in the
/// trace; <c>scheduled_time</c> is <see cref="JobSpec.TraceScheduled"/> (empty
/// for a pod never scheduled); <c>cpu_milli</c> and <c>memory_mib</c>, when the files have them, are the pod's
/// <see cref="JobSpec.CpuMilli"/> and <see cref="JobSpec.MemoryMib"/> and the node's <see cref="NodeSpec.CpuMilli"/> and
/// <see cref="NodeSpec.MemoryMib"/> (empty: 0, no request or no limit).
/// </remarks>
public static class Alibaba2023Reader
{
    /// <summary>The columns a pod list must have.</summary>
    public static IReadOnlyList<string> PodColumns { get; } = ["name", "num_gpu", "gpu_milli", "gpu_spec", "qos", "pod_phase", "creation_time", "deletion_time", "scheduled_time"];

    /// <summary>The columns a node list must have.</summary>
    public static IReadOnlyList<string> NodeColumns { get; } = ["sn", "gpu", "model"];

    private static readonly string[] QosClasses = ["LS", "BE", "Burstable", "Guaranteed"];
    private static readonly string[] Phases = ["Running", "Succeeded", "Failed", "Pending"];

    /// <summary>
    /// Reads the pod list at <paramref name="podsPath"/> and, when given, the node list at <paramref name="nodesPath"/>;
    /// <see langword="null"/> when either file cannot be used (every problem is in <paramref name="problems"/>).
    /// </summary>
    public static JobTrace? Read(string podsPath, Problems problems, string? nodesPath = null)
    {
        ArgumentNullException.ThrowIfNull(podsPath);
        ArgumentNullException.ThrowIfNull(problems);
        var before = problems.Count(p => p.Severity == Severity.Error);
        var jobs = TraceInput.Read(podsPath, problems, JobTraces.MaxBytes) is { } bytes ? ParsePods(bytes, new RowProblems(problems, podsPath)) : null;
        IReadOnlyList<NodeSpec> nodes = [];
        if (nodesPath is not null)
        {
            nodes = TraceInput.Read(nodesPath, problems, JobTraces.MaxBytes) is { } nodeBytes ? ParseNodes(nodeBytes, new RowProblems(problems, nodesPath)) ?? [] : [];
        }

        return jobs is null || problems.Count(p => p.Severity == Severity.Error) > before ? null : TraceBuilder.Build(jobs, nodes);
    }

    /// <summary>Reads a node list alone (<c>sn,cpu_milli,memory_mib,gpu,model</c>); <see langword="null"/> when it cannot be used.</summary>
    public static IReadOnlyList<NodeSpec>? ReadNodes(string nodesPath, Problems problems)
    {
        ArgumentNullException.ThrowIfNull(nodesPath);
        ArgumentNullException.ThrowIfNull(problems);
        var rows = new RowProblems(problems, nodesPath);
        var nodes = TraceInput.Read(nodesPath, problems, JobTraces.MaxBytes) is { } bytes ? ParseNodes(bytes, rows) : null;
        return rows.Errors > 0 ? null : nodes;
    }

    private static List<RawJob>? ParsePods(byte[] bytes, RowProblems rows)
    {
        var jobs = new List<RawJob>();
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var table = new CsvTable(bytes, PodColumns, rows, "an Alibaba 2023 pod list");
        foreach (var row in table.Rows())
        {
            var (line, fields, columns) = row;
            string F(string column) => row[column];
            var name = F("name");
            if (name.Length == 0)
            {
                rows.Error(line, "name", "expected a pod name, found an empty field");
                continue;
            }

            if (!names.TryAdd(name, line))
            {
                rows.Error(line, "name", $"the pod '{name}' is already listed at line {names[name]}");
                continue;
            }

            var gpus = rows.Whole(line, "num_gpu", F("num_gpu"), 0, JobTraces.MaxGpusPerJob);
            var milli = rows.Whole(line, "gpu_milli", F("gpu_milli"), 0, 1000);
            var cpu = Optional(rows, line, columns, fields, "cpu_milli", JobTraces.MaxCpuMilli);
            var memory = Optional(rows, line, columns, fields, "memory_mib", JobTraces.MaxMemoryMib);
            var qos = Pick(rows, line, "qos", F("qos"), QosClasses);
            var phase = Pick(rows, line, "pod_phase", F("pod_phase"), Phases);
            var created = rows.Seconds(line, "creation_time", F("creation_time"));
            double? scheduled = null, deleted = null;
            var ok = gpus is not null && milli is not null && qos is not null && phase is not null && created is not null && cpu is not null && memory is not null;
            if (!TraceInput.IsEmpty(F("scheduled_time")))
            {
                scheduled = rows.Seconds(line, "scheduled_time", F("scheduled_time"));
                ok &= scheduled is not null;
            }
            else if (phase is not null and not "Pending")
            {
                rows.Error(line, "scheduled_time", $"expected the time a {phase} pod was scheduled, found an empty field");
                ok = false;
            }

            if (!TraceInput.IsEmpty(F("deletion_time")))
            {
                deleted = rows.Seconds(line, "deletion_time", F("deletion_time"));
                ok &= deleted is not null;
            }

            if (ok && scheduled < created)
            {
                rows.Error(line, "scheduled_time", $"expected a time at or after creation_time ({F("creation_time")}), found {TraceInput.Show(F("scheduled_time"))}");
                ok = false;
            }

            if (ok && deleted < scheduled)
            {
                rows.Error(line, "deletion_time", $"expected a time at or after scheduled_time ({F("scheduled_time")}), found {TraceInput.Show(F("deletion_time"))}");
                ok = false;
            }

            if (!ok)
            {
                continue;
            }

            var spec = F("gpu_spec");
            jobs.Add(new RawJob
            {
                Id = name,
                Tenant = qos!,
                Submit = created!.Value,
                Scheduled = scheduled,
                End = deleted,
                Gpus = (int)gpus!.Value,
                Fraction = gpus == 1 && milli is > 0 and < 1000 ? milli.Value / 1000.0 : 1,
                Priority = qos == "BE" ? PriorityClass.Spot : PriorityClass.Guaranteed,
                Outcome = phase switch
                {
                    "Succeeded" => TraceOutcome.Succeeded,
                    "Failed" => TraceOutcome.Failed,
                    "Pending" => TraceOutcome.Pending,
                    _ => TraceOutcome.Running,
                },
                Models = TraceInput.IsEmpty(spec) ? [] : [.. spec.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)],
                RunKnown = deleted is not null,
                RunSeconds = phase == "Pending" ? deleted - created : null,
                MaxWaitSeconds = deleted - created,
                CpuMilli = cpu!.Value,
                MemoryMib = memory!.Value,
            });
        }

        if (!table.Complete)
        {
            return null;
        }

        rows.Finish();
        return rows.Errors > 0 ? null : jobs;
    }

    private static List<NodeSpec>? ParseNodes(byte[] bytes, RowProblems rows)
    {
        var nodes = new List<NodeSpec>();
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var table = new CsvTable(bytes, NodeColumns, rows, "an Alibaba 2023 node list");
        foreach (var (line, fields, columns) in table.Rows())
        {
            var sn = fields[columns["sn"]].Trim();
            if (sn.Length == 0)
            {
                rows.Error(line, "sn", "expected a node name, found an empty field");
                continue;
            }

            if (!names.TryAdd(sn, line))
            {
                rows.Error(line, "sn", $"the node '{sn}' is already listed at line {names[sn]}");
                continue;
            }

            var gpus = rows.Whole(line, "gpu", fields[columns["gpu"]], 0, JobTraces.MaxGpusPerNode);
            var cpu = Optional(rows, line, columns, fields, "cpu_milli", JobTraces.MaxCpuMilli);
            var memory = Optional(rows, line, columns, fields, "memory_mib", JobTraces.MaxMemoryMib);
            var model = fields[columns["model"]].Trim();
            if (gpus is not null && cpu is not null && memory is not null)
            {
                nodes.Add(new NodeSpec(sn, (int)gpus.Value, TraceInput.IsEmpty(model) ? null : model) { CpuMilli = cpu.Value, MemoryMib = memory.Value });
            }
        }

        if (!table.Complete)
        {
            return null;
        }

        rows.Finish();
        return rows.Errors > 0 ? null : nodes;
    }

    // A whole number in [0, max] from an optional column: 0 when the file has no such column or the field is empty.
    private static long? Optional(RowProblems rows, int line, CsvHeader columns, string[] fields, string column, long max) =>
        !columns.Has(column) || TraceInput.IsEmpty(fields[columns[column]]) ? 0 : rows.Whole(line, column, fields[columns[column]], 0, max);

    /// <summary>One of <paramref name="allowed"/> (case-insensitive), in its canonical spelling; a problem and <see langword="null"/> otherwise.</summary>
    internal static string? Pick(RowProblems rows, int line, string column, string text, IReadOnlyList<string> allowed)
    {
        foreach (var a in allowed)
        {
            if (string.Equals(a, text, StringComparison.OrdinalIgnoreCase))
            {
                return a;
            }
        }

        rows.Error(line, column, $"expected one of {string.Join(", ", allowed)}, found {TraceInput.Show(text)}{Suggestions.DidYouMean(text, allowed)}");
        return null;
    }
}
