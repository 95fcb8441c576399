using Colossim.Documents;
using Colossim.Units;

namespace Colossim.Cluster;

/// <summary>One kind of failure: how often it strikes a node and how long the node is out.</summary>
/// <param name="Name">The kind's name (gpu, node, switch, software).</param>
/// <param name="PerGpuHour">Failures per GPU-hour of the cluster, at least 0 (a node is struck at its GPUs times this).</param>
/// <param name="Repair">How long the struck node is out of service; zero: it is not (the jobs on it just restart).</param>
public sealed record FailureKind(string Name, double PerGpuHour, Duration Repair);

/// <summary>
/// Failure rates and repair times (<c>data/cluster/failures.yaml</c>: Llama 3's 419 unexpected interruptions in 54 days
/// on 16,384 H100s). Every failure strikes one node at random; the jobs with GPUs on it restart from their last
/// checkpoint. Immutable.
/// </summary>
public sealed record ClusterFailures
{
    private static readonly Lazy<ClusterFailures> Shipped = new(LoadBuiltIn);

    /// <summary>The shipped model (<c>data/cluster/failures.yaml</c>).</summary>
    public static ClusterFailures Llama3 => Shipped.Value;

    /// <summary>The kinds of failure.</summary>
    public required IReadOnlyList<FailureKind> Kinds { get; init; }

    /// <summary>All kinds together, failures per GPU-hour.</summary>
    public double PerGpuHour => Kinds.Sum(k => k.PerGpuHour);

    /// <summary>The same model with every rate multiplied by <paramref name="factor"/> (0 or more).</summary>
    public ClusterFailures Scaled(double factor)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(factor);
        return this with { Kinds = [.. Kinds.Select(k => k with { PerGpuHour = k.PerGpuHour * factor })] };
    }

    /// <summary>Reads a model in the shape of <c>data/cluster/failures.yaml</c>; problems are recorded and <see langword="null"/> returned on an error.</summary>
    public static ClusterFailures? Read(DocNode root, Problems problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (MapReader.From(root, problems, "a mapping with window and kinds") is not { } r)
        {
            return null;
        }

        var window = r.Child("window", required: true);
        var gpus = window?.Number("gpus", required: true, min: 1, max: 1e9);
        var hours = window?.Number("hours", required: true, min: 1e-3, max: 1e7);
        window?.Finish();
        var kinds = new List<FailureKind>();
        if (r.Child("kinds", required: true) is { } k)
        {
            foreach (var (name, _) in k.Map.Entries)
            {
                if (k.Child(name) is not { } kind)
                {
                    continue;
                }

                var count = kind.Number("interruptions", required: true, max: 1e9);
                var repair = kind.Duration("repair", required: true);
                kind.Finish();
                if (count is { } c && repair is { } d && gpus is { } g && hours is { } h)
                {
                    kinds.Add(new FailureKind(name, c / (g * h), d));
                }
            }

            k.Finish();
        }

        r.Finish();
        return problems.HasErrors || kinds.Count == 0 ? null : new ClusterFailures { Kinds = kinds };
    }

    private static ClusterFailures LoadBuiltIn()
    {
        var problems = new Problems("data/cluster/failures.yaml");
        var bytes = ShippedData.Files("cluster").Where(f => f.Name == "cluster/failures.yaml").Select(f => f.Bytes).FirstOrDefault()
            ?? throw new InvalidOperationException("The built-in failure model is missing from the assembly.");
        var root = DocReader.Parse(bytes, problems);
        var model = root is null ? null : Read(root, problems);
        return model is null || problems.Count > 0
            ? throw new InvalidOperationException("The built-in failure model is invalid: " + string.Join("; ", problems))
            : model;
    }
}
