using System.Runtime.Serialization;

namespace Colossim.Cluster.Traces;

/// <summary>
/// The job-trace formats <see cref="JobTraces.Read"/> understands; documents and flags name them
/// <c>philly</c>, <c>helios</c>, <c>alibaba-2020</c> and <c>alibaba-2023</c> (through <see cref="Documents.EnumNames"/>).
/// </summary>
public enum JobTraceFormat
{
    /// <summary>Microsoft Philly's <c>cluster_job_log</c> (a JSON list of jobs with their scheduling attempts); tenants are virtual clusters.</summary>
    Philly,

    /// <summary>SenseTime Helios' <c>cluster_log.csv</c> (one Slurm job a row, with a header); tenants are virtual clusters.</summary>
    Helios,

    /// <summary>Alibaba PAI 2020's <c>pai_job_table.csv</c> with its <c>pai_task_table.csv</c> (no headers); tenants are users.</summary>
    [EnumMember(Value = "alibaba-2020")]
    Alibaba2020,

    /// <summary>Alibaba's 2023 GPU pod list (<c>openb_pod_list_*.csv</c>, with a header); tenants are QoS classes.</summary>
    [EnumMember(Value = "alibaba-2023")]
    Alibaba2023,
}
