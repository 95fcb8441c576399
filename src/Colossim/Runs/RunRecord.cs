namespace Colossim.Runs;

/// <summary>Where a run stands in the store; written in kebab case (<c>queued</c>, <c>running</c>, <c>succeeded</c>, <c>failed</c>).</summary>
public enum RunStatus
{
    /// <summary>Accepted and waiting for a worker.</summary>
    Queued,

    /// <summary>Being run now.</summary>
    Running,

    /// <summary>Finished with a report.</summary>
    Succeeded,

    /// <summary>Stopped without a report: bad input found while running, the run time limit, a cancellation, or a crash of its process (<c>interrupted</c>).</summary>
    Failed,
}

/// <summary>One run in the history: what was run, when, by whom, and how it ended.</summary>
public sealed record RunRecord
{
    /// <summary>The run's id: 32 lowercase hexadecimal digits, ordered by creation time.</summary>
    public required string Id { get; init; }

    /// <summary>When the run was recorded (UTC).</summary>
    public required DateTimeOffset Created { get; init; }

    /// <summary>When it succeeded or failed (UTC); <see langword="null"/> while queued or running.</summary>
    public DateTimeOffset? Finished { get; init; }

    /// <summary>Where it stands.</summary>
    public required RunStatus Status { get; init; }

    /// <summary>The scenario's name (its <c>name:</c>).</summary>
    public required string Name { get; init; }

    /// <summary>What started it: <c>cli</c> (<c>colossim run</c>) or <c>web</c> (the dashboard), or another front end's name.</summary>
    public required string Source { get; init; }

    /// <summary>The scenario document as submitted (YAML or JSON text).</summary>
    public required string Scenario { get; init; }

    /// <summary>The run's <c>summary.json</c> (the same bytes as <c>colossim run --format json</c>) once it succeeded.</summary>
    public string? Summary { get; init; }

    /// <summary>The absolute path of the run's report folder, when one was written.</summary>
    public string? ReportFolder { get; init; }

    /// <summary>Why it failed (one line per problem), when it did.</summary>
    public string? Error { get; init; }

    /// <summary>The id of the process that owns a queued or running run (a run whose process has died is marked failed when a store opens).</summary>
    public int OwnerProcess { get; init; }

    /// <summary>Whether the run is over (succeeded or failed).</summary>
    public bool IsFinished => Status is RunStatus.Succeeded or RunStatus.Failed;
}
