using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Scenarios;

namespace Colossim.Sweeps;

/// <summary>
/// What <c>colossim sweep</c> was asked, as given on its command line; <see cref="Plan"/> checks it all up front (the
/// scenario, each varied key and value with the messages of <c>colossim check</c>, the sample, the objective's form)
/// and gives the points to run, or every problem with the option's name as its path.
/// </summary>
public sealed record SweepRequest
{
    /// <summary>The most runs (points times seeds) a sweep may have: 100,000.</summary>
    public const int MaxRuns = 100_000;

    /// <summary>The most seeds per point: 1,000.</summary>
    public const int MaxSeeds = 1_000;

    /// <summary>How many values of one range are checked against the scenario up front (evenly spaced, ends included).</summary>
    internal const int MaxCheckedValues = 200;

    /// <summary>The refused values of one key whose messages <see cref="Plan"/> gives in full; the rest are counted.</summary>
    internal const int MaxReportedValues = 3;

    /// <summary>The option names, used as the paths of problems.</summary>
    public static class Names
    {
        /// <summary><c>--vary</c>.</summary>
        public const string Vary = "--vary";

        /// <summary><c>--random</c>.</summary>
        public const string Random = "--random";

        /// <summary><c>--lhs</c>.</summary>
        public const string Lhs = "--lhs";

        /// <summary><c>--seed</c>.</summary>
        public const string Seed = "--seed";

        /// <summary><c>--seeds</c>.</summary>
        public const string Seeds = "--seeds";

        /// <summary><c>--objective</c>.</summary>
        public const string Objective = "--objective";
    }

    /// <summary>The scenario file (YAML or JSON).</summary>
    public required string Scenario { get; init; }

    /// <summary>Each <c>--vary</c>: <c>KEY=V1,V2,…</c> or <c>KEY=START:STOP:STEP</c>; at least one.</summary>
    public IReadOnlyList<string> Vary { get; init; } = [];

    /// <summary>Draw this many random points (1 to <see cref="MaxRuns"/>) instead of the whole grid.</summary>
    public int? Random { get; init; }

    /// <summary>Draw this many Latin-hypercube points (1 to <see cref="MaxRuns"/>) instead of the whole grid.</summary>
    public int? Lhs { get; init; }

    /// <summary>The seed of a random or Latin-hypercube sample, in [0, 2^53]; default 0.</summary>
    public long? Seed { get; init; }

    /// <summary>Runs per point (1 to <see cref="MaxSeeds"/>), each with the scenario's seed plus 0, 1, …; default 1.</summary>
    public int? Seeds { get; init; }

    /// <summary>A path into <c>summary.json</c> (<c>build.total.tco_usd</c>, <c>workloads.training[0].mfu</c>).</summary>
    public string? Objective { get; init; }

    /// <summary>Whether a larger objective is better; default smaller.</summary>
    public bool Maximize { get; init; }

    /// <summary>
    /// Checks the request and makes the sweep's points; every problem goes to <paramref name="problems"/> (paths: the
    /// scenario's own, or the option's name) and the result is <see langword="null"/> when there is an error.
    /// </summary>
    public SweepPlan? Plan(ColossimCatalog catalog, Problems problems)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(problems);
        var file = new Problems(Scenario);
        var root = DocReader.ReadFile(Scenario, file);
        var baseDirectory = Path.GetDirectoryName(Scenario) ?? "";
        var loaded = ScenarioLoader.Load(root, catalog, baseDirectory, file, Scenario);
        problems.AddRange(loaded.Problems);
        if (loaded.Scenario is not { } scenario || root is null)
        {
            return null;
        }

        var axes = new List<SweepAxis>();
        if (Vary.Count == 0)
        {
            problems.Error(Names.Vary, "expected at least one --vary KEY=V1,V2,... (or KEY=START:STOP:STEP), found none");
        }

        foreach (var text in Vary)
        {
            if (SweepAxis.Parse(text, problems, MaxRuns, Names.Vary) is not { } axis)
            {
                continue;
            }

            if (axes.Any(a => a.Key == axis.Key))
            {
                problems.Error(Names.Vary, $"{axis.Key}: expected each key once, found it twice");
                continue;
            }

            axes.Add(axis);
        }

        var seeds = Seeds ?? 1;
        if (seeds is < 1 or > MaxSeeds)
        {
            problems.Error(Names.Seeds, $"expected a whole number of seeds from 1 to {MaxSeeds:N0}, found {seeds}");
        }

        var sampling = SweepSampling.Grid;
        var count = 0;
        if (Random is not null && Lhs is not null)
        {
            problems.Error(Names.Random, "expected --random or --lhs, not both");
        }
        else if ((Random ?? Lhs) is { } n)
        {
            sampling = Random is null ? SweepSampling.LatinHypercube : SweepSampling.Random;
            var name = Random is null ? Names.Lhs : Names.Random;
            if (n < 1 || n > MaxRuns)
            {
                problems.Error(name, $"expected a number of points from 1 to {MaxRuns:N0}, found {n}");
            }

            count = n;
        }
        else if (Seed is not null)
        {
            problems.Error(Names.Seed, "a sample seed needs --random N or --lhs N; a grid has no randomness (use --seeds N for the scenario's seeds)");
        }

        if (Seed is { } s && s is < 0 or > Scenarios.Scenario.MaxSeed)
        {
            problems.Error(Names.Seed, $"expected a whole number between 0 and {Scenarios.Scenario.MaxSeed.ToString("N0", CultureInfo.InvariantCulture)}, found {s}");
        }

        if (Objective is { } objective && !ScenarioOverrides.TryParsePath(objective, out _, out var objectiveError))
        {
            problems.Error(Names.Objective, $"{objectiveError.Replace("a scenario path such as sites[0].gpus.count", "a path into summary.json such as build.total.tco_usd", StringComparison.Ordinal)}, found '{SweepAxis.Shorten(objective)}'");
        }

        CheckValues(Scenario, root, axes, catalog, baseDirectory, problems);
        if (problems.HasErrors)
        {
            return null;
        }

        if (sampling == SweepSampling.Grid)
        {
            var size = SweepSampler.GridSize(axes, MaxRuns);
            if (size is null || size * seeds > MaxRuns)
            {
                problems.Error(Names.Vary, $"the grid has {Describe(axes)} points{(seeds > 1 ? $" times {seeds} seeds" : "")}; a sweep has at most {MaxRuns:N0} runs (use --random N or --lhs N to sample it)");
                return null;
            }
        }
        else if ((long)count * seeds > MaxRuns)
        {
            problems.Error(Names.Seeds, $"{count:N0} points times {seeds} seeds is over {MaxRuns:N0} runs");
            return null;
        }

        var points = SweepSampler.Points(axes, sampling, count, Seed ?? 0);
        var version = CodeVersion();
        var plan = new SweepPlan(Scenario, scenario.Name, root, catalog, axes, points, [], seeds, Objective, Maximize, "", version);
        var runs = new List<SweepRun>(points.Count * seeds);
        var sweepHash = new StringBuilder();
        foreach (var point in points)
        {
            var canonical = ScenarioOverrides.Canonical(plan.Apply(point, new Problems())!);
            for (var r = 0; r < seeds; r++)
            {
                var hash = Hash($"{canonical}\n{version}\n{r}");
                runs.Add(new SweepRun(point.Index, r, hash));
                sweepHash.Append(hash);
            }
        }

        sweepHash.Append('\n').Append(Objective).Append(Maximize ? "+" : "-");
        return new SweepPlan(Scenario, scenario.Name, root, catalog, axes, points, runs, seeds, Objective, Maximize, Hash(sweepHash.ToString()), version);
    }

    // Each value alone on the base scenario: the loader's errors and warnings about the varied key (a value of the wrong
    // kind, an unknown key), as errors, with check's messages. Long ranges are checked at evenly spaced values, ends
    // included. The messages of the first MaxReportedValues refused values of a key are given, then one line counts
    // the rest, so that a range refused from end to end reads as a few lines and not one per value.
    private static void CheckValues(string scenarioPath, DocNode root, List<SweepAxis> axes, ColossimCatalog catalog, string baseDirectory, Problems problems)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var axis in axes)
        {
            var values = axis.Values;
            var picks = values.Count <= MaxCheckedValues
                ? Enumerable.Range(0, values.Count).ToList()
                : Enumerable.Range(0, MaxCheckedValues).Select(i => (int)((long)i * (values.Count - 1) / (MaxCheckedValues - 1))).Distinct().ToList();
            var refused = new List<string>();
            foreach (var i in picks)
            {
                if (ScenarioOverrides.Apply(root, axis.Key, values[i], out var error) is not { } changed)
                {
                    if (seen.Add(error))
                    {
                        problems.Error(Names.Vary, $"{axis.Key}: {error}");
                    }

                    break;
                }

                var file = new Problems(scenarioPath);
                var result = ScenarioLoader.Load(changed, catalog, baseDirectory, file, scenarioPath);
                var isNew = false;
                foreach (var p in result.Problems)
                {
                    // Only what is wrong with the value itself: a rule across values (a layout's product) may hold for
                    // the combinations the sweep makes, and a point that breaks it fails alone with the loader's message.
                    var about = p.Path == axis.Key || p.Path.StartsWith(axis.Key + ".", StringComparison.Ordinal) || p.Path.StartsWith(axis.Key + "[", StringComparison.Ordinal);
                    var problem = p with { Severity = Severity.Error };
                    if (about && seen.Add(problem.ToString()))
                    {
                        isNew = true;
                        if (refused.Count < MaxReportedValues)
                        {
                            problems.Add(problem);
                        }
                    }
                }

                // A value refused with nothing new to say (an unknown key: the same message for every value) is not counted.
                if (isNew)
                {
                    refused.Add(values[i]);
                }
            }

            if (refused.Count > MaxReportedValues)
            {
                var more = refused.Count - MaxReportedValues;
                problems.Error(Names.Vary, $"{axis.Key}: {more.ToString("N0", CultureInfo.InvariantCulture)} more {(more == 1 ? "value" : "values")} of the {picks.Count.ToString("N0", CultureInfo.InvariantCulture)} checked {(more == 1 ? "is" : "are")} refused too ({Listed(refused.Skip(MaxReportedValues).ToList())})");
            }
        }
    }

    // Up to four values, or the first three and the last: "0.17, 0.19, 0.22, ... 5".
    private static string Listed(List<string> values) => values.Count <= 4
        ? string.Join(", ", values.Select(SweepAxis.Shorten))
        : $"{string.Join(", ", values.Take(3).Select(SweepAxis.Shorten))}, ... {SweepAxis.Shorten(values[^1])}";

    private static string Describe(List<SweepAxis> axes) => string.Join(" x ", axes.Select(a => a.Values.Count.ToString("N0", CultureInfo.InvariantCulture))) is var product && axes.Count > 1
        ? $"{product} = {axes.Aggregate(1.0, (p, a) => p * a.Values.Count).ToString("N0", CultureInfo.InvariantCulture)}"
        : product;

    /// <summary>The library's version, with its source revision when the build knows it: part of every run's hash.</summary>
    internal static string CodeVersion()
    {
        var assembly = typeof(SweepRequest).Assembly;
        return assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString() ?? "0";
    }

    internal static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
}
