using Colossim.Documents;

namespace Colossim.Cluster.Traces;

/// <summary>
/// Reads a job trace of any known format into a <see cref="JobTrace"/>: jobs sorted by submission (times from the
/// earliest submission), the tenants they name (equal shares) and the node inventory when the format has one. Every
/// file goes through the bounded reader; a bad row is an error at <c>file:line</c> with its column as the path, saying
/// what was expected and what was found. See docs/traces.md for each format's schema, source and mapping.
/// </summary>
public static class JobTraces
{
    /// <summary>The largest trace file read: 512 MiB (Alibaba PAI 2020's job and task tables are about 150 MB each once unpacked).</summary>
    public const long MaxBytes = 512L << 20;

    /// <summary>The most GPUs one job may ask for: 1,000,000.</summary>
    public const int MaxGpusPerJob = 1_000_000;

    /// <summary>The most GPUs one node may hold: 1,024.</summary>
    public const int MaxGpusPerNode = 1024;

    /// <summary>The most CPU a trace's job or node may give, in milli-cores: 1,000,000,000 (a million cores).</summary>
    public const long MaxCpuMilli = 1_000_000_000;

    /// <summary>The most memory a trace's job or node may give, in MiB: 2^30 (1 PiB).</summary>
    public const long MaxMemoryMib = 1L << 30;

    /// <summary>
    /// Reads the trace at <paramref name="path"/> in <paramref name="format"/>; <see langword="null"/> when it cannot be
    /// used (every problem, each with its file and line, is in <paramref name="problems"/>).
    /// </summary>
    /// <param name="path">The job file: Philly's <c>cluster_job_log</c>, Helios' <c>cluster_log.csv</c>, PAI's <c>pai_job_table.csv</c> or an Alibaba 2023 <c>openb_pod_list_*.csv</c>.</param>
    /// <param name="format">The file's format.</param>
    /// <param name="problems">Where problems go.</param>
    /// <param name="nodesPath">
    /// The node inventory, when wanted: Alibaba 2023's <c>openb_node_list_*.csv</c>, Philly's <c>cluster_machine_list</c>,
    /// PAI's <c>pai_machine_spec.csv</c>; Helios has none (a problem when given).
    /// </param>
    /// <param name="tasksPath">Alibaba 2020 only: the task table; default <c>pai_task_table.csv</c> next to the job table.</param>
    public static JobTrace? Read(string path, JobTraceFormat format, Problems problems, string? nodesPath = null, string? tasksPath = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(problems);
        if (tasksPath is not null && format != JobTraceFormat.Alibaba2020)
        {
            problems.Error("", $"a task table is read only with the alibaba-2020 format, not {EnumNames.Of(format)}");
            return null;
        }

        return format switch
        {
            JobTraceFormat.Alibaba2023 => Alibaba2023Reader.Read(path, problems, nodesPath),
            JobTraceFormat.Alibaba2020 => Alibaba2020Reader.Read(path, tasksPath ?? Path.Combine(Path.GetDirectoryName(path) ?? "", "pai_task_table.csv"), problems, nodesPath),
            JobTraceFormat.Helios => NoNodes(nodesPath, format, problems) ? HeliosReader.Read(path, problems) : null,
            JobTraceFormat.Philly => PhillyReader.Read(path, problems, nodesPath),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
        };
    }

    private static bool NoNodes(string? nodesPath, JobTraceFormat format, Problems problems)
    {
        if (nodesPath is null)
        {
            return true;
        }

        problems.Error("", $"the {EnumNames.Of(format)} format has no node list; leave the node file out");
        return false;
    }
}
