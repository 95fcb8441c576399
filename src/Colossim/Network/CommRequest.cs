using System.Globalization;
using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Facility;
using Colossim.Performance;
using Colossim.Units;

namespace Colossim.Network;

/// <summary>
/// A collective benchmark as a person asks for it (<c>colossim comm</c>'s options), every value as typed.
/// <see cref="Run"/> checks all of it (problems carry the option names as paths), plans the site the ranks sit on
/// (<see cref="PlanRequest"/>, so <c>plan</c> and the collectives never disagree) and predicts one row per size.
/// </summary>
public sealed record CommRequest
{
    /// <summary>The most ranks a group may have, and the most GPUs the site holding it may have: 10,000,000.</summary>
    public const long MaxGpus = 10_000_000;

    /// <summary>The option names, which are the paths of the problems <see cref="Run"/> records.</summary>
    public static class Names
    {
        /// <summary><c>--op</c>.</summary>
        public const string Op = "--op";

        /// <summary><c>--gpu</c>.</summary>
        public const string Gpu = "--gpu";

        /// <summary><c>--gpus</c>.</summary>
        public const string Gpus = "--gpus";

        /// <summary><c>--system</c>.</summary>
        public const string System = "--system";

        /// <summary><c>--fabric</c>.</summary>
        public const string Fabric = "--fabric";

        /// <summary><c>--placement</c>.</summary>
        public const string Placement = "--placement";

        /// <summary><c>--algo</c>.</summary>
        public const string Algo = "--algo";

        /// <summary><c>--size</c>.</summary>
        public const string Size = "--size";

        /// <summary><c>--sizes</c>.</summary>
        public const string Sizes = "--sizes";
    }

    /// <summary>The operations <see cref="Op"/> accepts, in the order messages list them.</summary>
    public static IReadOnlyList<string> OpNames { get; } = EnumNames.All<Collective>();

    /// <summary>The algorithms <see cref="Algo"/> accepts (hierarchical included).</summary>
    public static IReadOnlyList<string> AlgoNames { get; } = EnumNames.All<CollectiveAlgorithm>();

    /// <summary>The collective: one of <see cref="OpNames"/> (<c>all-reduce</c>, <c>send-recv</c>, ...).</summary>
    public string? Op { get; init; }

    /// <summary>The GPU: a catalog id or a YAML file.</summary>
    public string? Gpu { get; init; }

    /// <summary>Ranks in the group: 1 to <see cref="MaxGpus"/> (<c>8</c>, <c>100k</c>).</summary>
    public string? Gpus { get; init; }

    /// <summary>The system: a catalog id or a YAML file; <see langword="null"/> for the first catalog system holding the GPU.</summary>
    public string? System { get; init; }

    /// <summary>The scale-out fabric: <c>infiniband</c>, <c>ethernet</c>, a catalog id or a YAML file.</summary>
    public string Fabric { get; init; } = "infiniband";

    /// <summary><c>packed</c> (default) or <c>spread</c>.</summary>
    public string? Placement { get; init; }

    /// <summary>One of <see cref="AlgoNames"/>; <see langword="null"/> for <c>auto</c>.</summary>
    public string? Algo { get; init; }

    /// <summary>One size per rank (<c>64MiB</c>); exactly one of this and <see cref="Sizes"/>.</summary>
    public string? Size { get; init; }

    /// <summary>A sweep <c>FROM:TO</c> doubling from FROM up to TO (<c>1KiB:8GiB</c>), as nccl-tests' <c>-b -e -f 2</c>.</summary>
    public string? Sizes { get; init; }

    /// <summary>The prediction asked for; <see langword="null"/> with every problem recorded when any value is bad.</summary>
    public CommResult? Run(ColossimCatalog catalog, Problems problems)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(problems);
        var op = Choice<Collective>(problems, Names.Op, Op, OpNames, required: true);
        var placement = Placement is null ? Network.Placement.Packed : Choice<Placement>(problems, Names.Placement, Placement, EnumNames.All<Placement>(), required: false);
        var algorithm = Algo is null ? CollectiveAlgorithm.Auto : Choice<CollectiveAlgorithm>(problems, Names.Algo, Algo, AlgoNames, required: false);
        var ranks = ReadRanks(problems);
        var sizes = ReadSizes(problems);
        if (Gpu is null)
        {
            problems.Error(Names.Gpu, "expected a GPU (a catalog id such as h200-sxm, or a YAML file), found nothing");
        }

        if (problems.HasErrors || op is null || placement is null || algorithm is null || ranks is null || sizes is null)
        {
            return null;
        }

        var spread = placement == Network.Placement.Spread;
        if (Plan(catalog, problems, ranks.Value) is not { } plan)
        {
            return null;
        }

        var topology = Topology.FromPlan(plan);
        if (spread && ranks.Value > 1 && (long)ranks.Value * topology.GpusPerScaleUpDomain > MaxGpus)
        {
            problems.Error(Names.Placement, string.Create(CultureInfo.InvariantCulture,
                $"spread puts one rank per scale-up domain of {topology.GpusPerScaleUpDomain} GPUs: {ranks.Value:N0} ranks need {(long)ranks.Value * topology.GpusPerScaleUpDomain:N0} GPUs, more than the {MaxGpus:N0} a site may hold here"));
            return null;
        }

        if (spread && topology.Gpus < (long)ranks.Value * topology.GpusPerScaleUpDomain)
        {
            // Spread: a site with one scale-up domain per rank.
            if (Plan(catalog, problems, (long)ranks.Value * topology.GpusPerScaleUpDomain) is not { } wide)
            {
                return null;
            }

            topology = Topology.FromPlan(wide);
        }

        var group = topology.Group(ranks.Value, placement.Value);
        var model = new CollectiveModel(topology);
        if (!model.CanRun(op.Value, group, algorithm.Value, out var reason))
        {
            problems.Error(Names.Algo, $"{EnumNames.Of(algorithm.Value)} cannot run {EnumNames.Of(op.Value)} on {ranks.Value:N0} × {plan.Gpu.Id}: {reason}");
            return null;
        }

        var rows = sizes.Select(size => model.Predict(op.Value, size, group, algorithm.Value)).ToList();
        return new CommResult
        {
            Collective = op.Value,
            Ranks = ranks.Value,
            Gpu = plan.Gpu.Id,
            System = plan.System.Id,
            Placement = placement.Value,
            Group = group,
            Generation = model.Generation.Name,
            Rows = rows,
        };
    }

    private ClusterPlan? Plan(ColossimCatalog catalog, Problems problems, long gpus)
    {
        var request = new PlanRequest
        {
            Gpus = gpus.ToString(CultureInfo.InvariantCulture),
            Gpu = Gpu,
            System = System,
            Fabric = Fabric,
        };
        var planProblems = new Problems();
        var plan = request.Plan(catalog, planProblems);
        problems.AddRange(planProblems.Where(p => p.Severity == Severity.Error));

        return planProblems.HasErrors ? null : plan;
    }

    private int? ReadRanks(Problems problems)
    {
        if (Gpus is null)
        {
            problems.Error(Names.Gpus, "expected a rank count from 1 to 10,000,000, found nothing");
            return null;
        }

        if ((double.TryParse(Gpus, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || Count.TryParse(Gpus, out n, out _))
            && double.IsFinite(n) && n >= 1 && n <= MaxGpus && n == Math.Floor(n))
        {
            return (int)n;
        }

        problems.Error(Names.Gpus, $"expected a whole rank count from 1 to 10,000,000, found '{Gpus}'");
        return null;
    }

    private List<Bytes>? ReadSizes(Problems problems)
    {
        if ((Size is null) == (Sizes is null))
        {
            problems.Error(Size is null ? Names.Size : Names.Sizes, $"expected exactly one of {Names.Size} (64MiB) or {Names.Sizes} (1KiB:8GiB), found {(Size is null ? "neither" : "both")}");
            return null;
        }

        if (Size is not null)
        {
            return ReadSize(problems, Names.Size, Size) is { } one ? [one] : null;
        }

        var parts = Sizes!.Split(':');
        if (parts.Length != 2)
        {
            problems.Error(Names.Sizes, $"expected FROM:TO such as 1KiB:8GiB, found '{Sizes}'");
            return null;
        }

        var from = ReadSize(problems, Names.Sizes, parts[0]);
        var to = ReadSize(problems, Names.Sizes, parts[1]);
        if (from is null || to is null)
        {
            return null;
        }

        if (to.Value < from.Value)
        {
            problems.Error(Names.Sizes, $"expected FROM no larger than TO, found '{Sizes}'");
            return null;
        }

        var list = new List<Bytes>();
        for (var s = from.Value.Value; s <= to.Value.Value * (1 + 1e-12); s *= 2)
        {
            list.Add(new Bytes(s));
        }

        return list;
    }

    private static Bytes? ReadSize(Problems problems, string name, string text)
    {
        // 1 PiB per rank is far beyond any GPU's memory; the bound keeps every time finite.
        if (Bytes.TryParse(text, out var size, out _) && size.Value >= 1 && size.Value <= 1024.0 * 1024 * 1024 * 1024 * 1024)
        {
            return size;
        }

        problems.Error(name, $"expected a size per rank from 1 byte to 1PiB such as 64MiB, found '{text}'");
        return null;
    }

    private static T? Choice<T>(Problems problems, string name, string? text, IReadOnlyList<string> allowed, bool required)
        where T : struct, Enum
    {
        if (text is null)
        {
            if (required)
            {
                problems.Error(name, $"expected one of {string.Join(", ", allowed)}, found nothing");
            }

            return null;
        }

        if (EnumNames.Parse<T>(text) is { } value)
        {
            return value;
        }

        problems.Error(name, $"expected one of {string.Join(", ", allowed)}, found '{text}'");
        return null;
    }
}

/// <summary>What <c>colossim comm</c> predicted: the group and one row per size.</summary>
public sealed record CommResult
{
    /// <summary>The operation.</summary>
    public required Collective Collective { get; init; }

    /// <summary>Ranks in the group, at least 1.</summary>
    public required int Ranks { get; init; }

    /// <summary>The GPU's catalog id.</summary>
    public required string Gpu { get; init; }

    /// <summary>The system's catalog id.</summary>
    public required string System { get; init; }

    /// <summary>How the ranks were laid out.</summary>
    public required Placement Placement { get; init; }

    /// <summary>Where the ranks are.</summary>
    public required CommGroup Group { get; init; }

    /// <summary>The scale-up generation whose constants were used (<c>nvlink4</c>).</summary>
    public required string Generation { get; init; }

    /// <summary>One prediction per size, in the order asked.</summary>
    public required IReadOnlyList<CollectivePrediction> Rows { get; init; }
}
