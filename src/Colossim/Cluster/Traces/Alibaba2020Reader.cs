using Colossim.Documents;

namespace Colossim.Cluster.Traces;

/// <summary>
/// Reads Alibaba PAI's 2020 GPU trace (<c>alibaba/clusterdata/cluster-trace-gpu-v2020</c>): the job table
/// (<c>pai_job_table.csv</c>: <c>job_name,inst_id,user,status,start_time,end_time</c>), the task table
/// (<c>pai_task_table.csv</c>: <c>job_name,task_name,inst_num,status,start_time,end_time,plan_cpu,plan_mem,plan_gpu,gpu_type</c>)
/// and, when given, the machine list (<c>pai_machine_spec.csv</c>: <c>machine,gpu_type,cap_cpu,cap_mem,cap_gpu</c>).
/// The files have no header row (the columns are in the upstream <c>data/*.header</c> files); a first row that is the
/// header is skipped.
/// </summary>
/// <remarks>
/// Mapping (docs/traces.md): a job's tenant is its <c>user</c> (PAI has no virtual clusters); the job's
/// <c>start_time</c> is its submission; its GPU demand is the sum over its tasks of <c>inst_num × plan_gpu / 100</c>:
/// below one GPU it is a fractional job of one GPU, above it the demand rounded up to whole GPUs; it was scheduled when
/// its first task started and ended at the job's <c>end_time</c>. <c>Terminated</c> is succeeded, <c>Failed</c> failed,
/// <c>Running</c> running and <c>Waiting</c> pending. A job without a task names no GPU demand and is left out, with one
/// warning counting them. The <c>gpu_type</c> a task ran on is not made a constraint.
/// </remarks>
public static class Alibaba2020Reader
{
    private static readonly string[] JobColumns = ["job_name", "inst_id", "user", "status", "start_time", "end_time"];
    private static readonly string[] TaskColumns = ["job_name", "task_name", "inst_num", "status", "start_time", "end_time", "plan_cpu", "plan_mem", "plan_gpu", "gpu_type"];
    private static readonly string[] MachineColumns = ["machine", "gpu_type", "cap_cpu", "cap_mem", "cap_gpu"];
    private static readonly string[] Statuses = ["Terminated", "Failed", "Running", "Waiting"];

    /// <summary>Reads the job table, its task table and (optionally) the machine list; <see langword="null"/> when any cannot be used.</summary>
    public static JobTrace? Read(string jobsPath, string tasksPath, Problems problems, string? machinesPath = null)
    {
        ArgumentNullException.ThrowIfNull(jobsPath);
        ArgumentNullException.ThrowIfNull(tasksPath);
        ArgumentNullException.ThrowIfNull(problems);
        var jobBytes = TraceInput.Read(jobsPath, problems, JobTraces.MaxBytes);
        var taskBytes = TraceInput.Read(tasksPath, problems, JobTraces.MaxBytes);
        IReadOnlyList<NodeSpec>? nodes = [];
        if (machinesPath is not null)
        {
            nodes = TraceInput.Read(machinesPath, problems, JobTraces.MaxBytes) is { } m ? ParseMachines(m, new RowProblems(problems, machinesPath)) : null;
        }

        if (jobBytes is null || taskBytes is null)
        {
            return null;
        }

        var tasks = ParseTasks(taskBytes, new RowProblems(problems, tasksPath));
        if (tasks is null)
        {
            return null;
        }

        var jobs = ParseJobs(jobBytes, tasks, new RowProblems(problems, jobsPath));
        return jobs is null || nodes is null ? null : TraceBuilder.Build(jobs, nodes);
    }

    private sealed class Tasks
    {
        public double Demand;
        public double? FirstStart;
    }

    private static IEnumerable<(int Line, string[] Fields)> Rows(byte[] bytes, string[] columns, RowProblems rows)
    {
        var first = true;
        foreach (var (line, text) in TraceInput.Lines(bytes))
        {
            var fields = TraceInput.Split(text);
            if (first)
            {
                first = false;
                if (fields.Length > 0 && fields[0].Trim() == columns[0])
                {
                    continue;
                }
            }

            if (fields.Length != columns.Length)
            {
                rows.Error(line, "", $"expected {columns.Length} fields ({string.Join(",", columns)}), found {fields.Length}");
                continue;
            }

            yield return (line, fields);
        }
    }

    private static Dictionary<string, Tasks>? ParseTasks(byte[] bytes, RowProblems rows)
    {
        var tasks = new Dictionary<string, Tasks>(StringComparer.Ordinal);
        foreach (var (line, f) in Rows(bytes, TaskColumns, rows))
        {
            var job = f[0].Trim();
            if (job.Length == 0)
            {
                rows.Error(line, "job_name", "expected a job name, found an empty field");
                continue;
            }

            var instances = rows.Whole(line, "inst_num", f[2], 0, JobTraces.MaxGpusPerJob);
            double? gpu = TraceInput.IsEmpty(f[8]) ? 0 : rows.Number(line, "plan_gpu", f[8], 0, 100.0 * JobTraces.MaxGpusPerNode, "a GPU share in percent (50 is half a GPU)");
            double? start = TraceInput.IsEmpty(f[4]) ? null : rows.Seconds(line, "start_time", f[4]);
            if (instances is null || gpu is null || (start is null && !TraceInput.IsEmpty(f[4])))
            {
                continue;
            }

            if (!tasks.TryGetValue(job, out var t))
            {
                tasks[job] = t = new Tasks();
            }

            t.Demand += instances.Value * gpu.Value / 100;
            if (start is { } s)
            {
                t.FirstStart = t.FirstStart is { } earlier ? Math.Min(earlier, s) : s;
            }
        }

        rows.Finish();
        return rows.Errors > 0 ? null : tasks;
    }

    private static List<RawJob>? ParseJobs(byte[] bytes, Dictionary<string, Tasks> tasks, RowProblems rows)
    {
        var jobs = new List<RawJob>();
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var withoutTasks = 0;
        var any = false;
        foreach (var (line, f) in Rows(bytes, JobColumns, rows))
        {
            any = true;
            var name = f[0].Trim();
            var user = f[2].Trim();
            if (name.Length == 0 || user.Length == 0)
            {
                rows.Error(line, name.Length == 0 ? "job_name" : "user", $"expected a {(name.Length == 0 ? "job name" : "user")}, found an empty field");
                continue;
            }

            if (!names.TryAdd(name, line))
            {
                rows.Error(line, "job_name", $"the job '{name}' is already listed at line {names[name]}");
                continue;
            }

            var status = Alibaba2023Reader.Pick(rows, line, "status", f[3].Trim(), Statuses);
            var submit = rows.Seconds(line, "start_time", f[4]);
            double? end = TraceInput.IsEmpty(f[5]) ? null : rows.Seconds(line, "end_time", f[5]);
            if (status is null || submit is null || (end is null && !TraceInput.IsEmpty(f[5])))
            {
                continue;
            }

            if (!tasks.TryGetValue(name, out var t))
            {
                withoutTasks++;
                continue;
            }

            var scheduled = status == "Waiting" ? null : t.FirstStart;
            if (scheduled < submit)
            {
                // Task launches logged a moment before the job's submission: the job started when it was submitted.
                scheduled = submit;
            }

            if (end < scheduled)
            {
                rows.Error(line, "end_time", $"expected a time at or after the first task's start ({TraceInput.Count((long)scheduled!.Value)}), found {TraceInput.Show(f[5].Trim())}");
                continue;
            }

            var demand = t.Demand;
            jobs.Add(new RawJob
            {
                Id = name,
                Tenant = user,
                Submit = submit.Value,
                Scheduled = scheduled,
                End = end,
                Gpus = demand <= 0 ? 0 : demand < 1 ? 1 : (int)Math.Min(JobTraces.MaxGpusPerJob, Math.Ceiling(demand - 1e-9)),
                Fraction = demand is > 0 and < 1 ? demand : 1,
                Outcome = status switch
                {
                    "Terminated" => TraceOutcome.Succeeded,
                    "Failed" => TraceOutcome.Failed,
                    "Running" => TraceOutcome.Running,
                    _ => TraceOutcome.Pending,
                },
                Models = [],
            });
        }

        if (!any && rows.Errors == 0)
        {
            rows.FileError($"the file is empty; expected PAI's pai_job_table.csv ({string.Join(",", JobColumns)})");
            return null;
        }

        if (withoutTasks > 0)
        {
            rows.Warning($"{TraceInput.Count(withoutTasks)} jobs have no task in the task table (so no GPU demand) and are left out");
        }

        rows.Finish();
        return rows.Errors > 0 ? null : jobs;
    }

    private static List<NodeSpec>? ParseMachines(byte[] bytes, RowProblems rows)
    {
        var nodes = new List<NodeSpec>();
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, f) in Rows(bytes, MachineColumns, rows))
        {
            var machine = f[0].Trim();
            if (machine.Length == 0 || !names.TryAdd(machine, line))
            {
                rows.Error(line, "machine", machine.Length == 0 ? "expected a machine name, found an empty field" : $"the machine '{machine}' is already listed at line {names[machine]}");
                continue;
            }

            var gpus = rows.Whole(line, "cap_gpu", f[4], 0, JobTraces.MaxGpusPerNode);
            if (gpus is not null)
            {
                nodes.Add(new NodeSpec(machine, (int)gpus.Value, TraceInput.IsEmpty(f[1]) ? null : f[1].Trim()));
            }
        }

        rows.Finish();
        return rows.Errors > 0 ? null : nodes;
    }
}
