using Colossim.Documents;

namespace Colossim.Cluster.Traces;

/// <summary>
/// Reads a SenseTime Helios job log (<c>HeliosData/data/&lt;cluster&gt;/cluster_log.csv</c>: <c>job_id,user,vc,gpu_num,
/// cpu_num,node_num,state,submit_time,start_time,end_time,duration,queue</c>, found by name in the header, times as
/// <c>2020-06-09 18:41:01</c>).
/// </summary>
/// <remarks>
/// Mapping (docs/traces.md): a job's tenant is its virtual cluster (<c>vc</c>); <c>COMPLETED</c> is succeeded,
/// <c>CANCELLED</c>, <c>FAILED</c>, <c>TIMEOUT</c> and <c>NODE_FAIL</c> failed (as the Helios paper counts them),
/// <c>RUNNING</c> and <c>PENDING</c> as they say; the run time is <c>end_time − start_time</c>; a job without a
/// <c>start_time</c> never ran. Every job is guaranteed (the trace has no priority).
/// </remarks>
public static class HeliosReader
{
    /// <summary>The columns a Helios job log must have.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["job_id", "vc", "gpu_num", "state", "submit_time", "start_time", "end_time"];

    private static readonly string[] States = ["COMPLETED", "CANCELLED", "FAILED", "TIMEOUT", "NODE_FAIL", "RUNNING", "PENDING"];

    /// <summary>Reads the job log at <paramref name="path"/>; <see langword="null"/> when it cannot be used.</summary>
    public static JobTrace? Read(string path, Problems problems)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(problems);
        if (TraceInput.Read(path, problems, JobTraces.MaxBytes) is not { } bytes)
        {
            return null;
        }

        var rows = new RowProblems(problems, path);
        var jobs = Parse(bytes, rows);
        return jobs is null ? null : TraceBuilder.Build(jobs, []);
    }

    private static List<RawJob>? Parse(byte[] bytes, RowProblems rows)
    {
        var jobs = new List<RawJob>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var table = new CsvTable(bytes, Columns, rows, "a Helios cluster_log.csv");
        foreach (var row in table.Rows())
        {
            var line = row.Line;
            string F(string column) => row[column];
            var id = F("job_id");
            var vc = F("vc");
            if (id.Length == 0)
            {
                rows.Error(line, "job_id", "expected a job id, found an empty field");
                continue;
            }

            if (!ids.TryAdd(id, line))
            {
                rows.Error(line, "job_id", $"the job '{id}' is already listed at line {ids[id]}");
                continue;
            }

            if (vc.Length == 0)
            {
                rows.Error(line, "vc", "expected a virtual cluster, found an empty field");
                continue;
            }

            var gpus = rows.Whole(line, "gpu_num", F("gpu_num"), 0, JobTraces.MaxGpusPerJob);
            var state = Alibaba2023Reader.Pick(rows, line, "state", F("state"), States);
            var submit = rows.Timestamp(line, "submit_time", F("submit_time"));
            double? start = null, end = null;
            var ok = gpus is not null && state is not null && submit is not null;
            if (!TraceInput.IsEmpty(F("start_time")))
            {
                start = rows.Timestamp(line, "start_time", F("start_time"));
                ok &= start is not null;
            }
            else if (state is "COMPLETED" or "RUNNING")
            {
                rows.Error(line, "start_time", $"expected the time a {state} job started, found an empty field");
                ok = false;
            }

            if (!TraceInput.IsEmpty(F("end_time")))
            {
                end = rows.Timestamp(line, "end_time", F("end_time"));
                ok &= end is not null;
            }

            if (ok && start < submit)
            {
                rows.Error(line, "start_time", $"expected a time at or after submit_time ({F("submit_time")}), found {TraceInput.Show(F("start_time"))}");
                ok = false;
            }

            if (ok && end < start)
            {
                rows.Error(line, "end_time", $"expected a time at or after start_time ({F("start_time")}), found {TraceInput.Show(F("end_time"))}");
                ok = false;
            }

            if (!ok)
            {
                continue;
            }

            jobs.Add(new RawJob
            {
                Id = id,
                Tenant = vc,
                Submit = submit!.Value,
                Scheduled = start,
                End = end,
                Gpus = (int)gpus!.Value,
                Fraction = 1,
                Outcome = state switch
                {
                    "COMPLETED" => TraceOutcome.Succeeded,
                    "RUNNING" => TraceOutcome.Running,
                    "PENDING" => TraceOutcome.Pending,
                    _ => TraceOutcome.Failed,
                },
                Models = [],
            });
        }

        if (!table.Complete)
        {
            return null;
        }

        rows.Finish();
        return rows.Errors > 0 ? null : jobs;
    }
}
