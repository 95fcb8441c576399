using Colossim.Cluster;
using Colossim.Cluster.Traces;
using Colossim.Documents;
using Colossim.Simulation;

namespace Colossim.Scenarios;

/// <summary>
/// A scenario's <c>jobs</c> section: synthetic job streams per tenant and recorded traces to replay, which the Share
/// stage schedules on the scenario's GPUs. <see cref="ToJobTrace"/> turns it into the one <see cref="JobTrace"/> the
/// scheduler takes.
/// </summary>
public sealed record ScenarioJobs
{
    /// <summary>No jobs.</summary>
    public static ScenarioJobs None { get; } = new();

    /// <summary>The synthetic streams, in document order, with unique names.</summary>
    public IReadOnlyList<JobStreamSpec> Streams { get; init; } = [];

    /// <summary>The traces to replay, in document order (paths already made relative to the scenario file).</summary>
    public IReadOnlyList<TraceReplay> Traces { get; init; } = [];

    /// <summary>Whether the section holds nothing.</summary>
    public bool IsEmpty => Streams.Count == 0 && Traces.Count == 0;

    /// <summary>
    /// Every job of the section in one trace, sorted by submission (ties: streams in document order, then traces):
    /// each stream's jobs drawn from <paramref name="streams"/> (the run's streams of the scenario seed; each stream
    /// draws from its own named random streams, so the result is the same for the same seed), each trace read (its
    /// times from its own first submission). The tenants are the scenario's when it lists any (followed by any tenant a
    /// replayed trace names that the scenario does not, with share 0: it only borrows), else those the jobs name with
    /// equal shares; the nodes are the traces' node lists. <see langword="null"/> when a trace cannot be read.
    /// </summary>
    public JobTrace? ToJobTrace(RandomStreams streams, IReadOnlyList<Tenant> tenants, Problems problems)
    {
        ArgumentNullException.ThrowIfNull(streams);
        ArgumentNullException.ThrowIfNull(tenants);
        ArgumentNullException.ThrowIfNull(problems);
        var jobs = new List<JobSpec>();
        var nodes = new List<NodeSpec>();
        foreach (var stream in Streams)
        {
            jobs.AddRange(stream.Generate(streams));
        }

        var ok = true;
        foreach (var replay in Traces)
        {
            if (replay.Read(problems) is { } trace)
            {
                jobs.AddRange(trace.Jobs);
                nodes.AddRange(trace.Nodes);
            }
            else
            {
                ok = false;
            }
        }

        if (!ok)
        {
            return null;
        }

        var sorted = jobs.Select((job, index) => (job, index)).OrderBy(x => x.job.Submit).ThenBy(x => x.index).Select(x => x.job).ToList();
        IReadOnlyList<TenantSpec> specs;
        if (tenants.Count > 0)
        {
            var listed = new HashSet<string>(tenants.Select(t => t.Name), StringComparer.Ordinal);
            var others = new SortedSet<string>(sorted.Select(j => j.Tenant).Where(n => !listed.Contains(n)), StringComparer.Ordinal);
            specs = [.. tenants.Select(t => t.ToSpec()), .. others.Select(n => new TenantSpec { Name = n, Share = 0 })];
        }
        else
        {
            var names = new SortedSet<string>(sorted.Select(j => j.Tenant), StringComparer.Ordinal);
            specs = [.. names.Select(n => new TenantSpec { Name = n, Share = 1.0 / names.Count })];
        }

        return new JobTrace(sorted, specs, nodes);
    }
}
