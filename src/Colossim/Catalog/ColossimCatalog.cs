using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Colossim.Documents;

namespace Colossim.Catalog;

/// <summary>
/// The catalog: GPUs, systems, fabrics and model architectures by id. The built-in entries come from the YAML files in
/// <c>data/catalog/</c> (embedded in the library); users add or override entries with extra catalog files or inline
/// entries in a scenario, and anywhere a name is expected they may give the path of a YAML file holding one entry.
/// Immutable: every <c>With…</c> method returns a new catalog.
/// </summary>
public sealed class ColossimCatalog
{
    private static readonly Lazy<ColossimCatalog> BuiltInCatalog = new(LoadBuiltIn);

    private ColossimCatalog(
        ImmutableSortedDictionary<string, GpuSpec> gpus,
        ImmutableSortedDictionary<string, SystemSpec> systems,
        ImmutableSortedDictionary<string, FabricSpec> fabrics,
        ImmutableSortedDictionary<string, ModelSpec> models)
    {
        Gpus = gpus;
        Systems = systems;
        Fabrics = fabrics;
        Models = models;
    }

    /// <summary>A catalog with no entries.</summary>
    public static ColossimCatalog Empty { get; } = new(
        ImmutableSortedDictionary.Create<string, GpuSpec>(StringComparer.OrdinalIgnoreCase),
        ImmutableSortedDictionary.Create<string, SystemSpec>(StringComparer.OrdinalIgnoreCase),
        ImmutableSortedDictionary.Create<string, FabricSpec>(StringComparer.OrdinalIgnoreCase),
        ImmutableSortedDictionary.Create<string, ModelSpec>(StringComparer.OrdinalIgnoreCase));

    /// <summary>The catalog shipped with Colossim (the files of <c>data/catalog/</c>).</summary>
    public static ColossimCatalog BuiltIn => BuiltInCatalog.Value;

    /// <summary>GPUs by id (case-insensitive).</summary>
    public ImmutableSortedDictionary<string, GpuSpec> Gpus { get; }

    /// <summary>Systems by id (case-insensitive).</summary>
    public ImmutableSortedDictionary<string, SystemSpec> Systems { get; }

    /// <summary>Fabrics (switch families) by id (case-insensitive).</summary>
    public ImmutableSortedDictionary<string, FabricSpec> Fabrics { get; }

    /// <summary>Model architectures by name (case-insensitive).</summary>
    public ImmutableSortedDictionary<string, ModelSpec> Models { get; }

    /// <summary>
    /// Adds (or replaces) the entries of a catalog document: a mapping with any of the lists <c>gpus</c>,
    /// <c>systems</c>, <c>fabrics</c>, <c>models</c>. Problems are recorded; valid entries are kept.
    /// </summary>
    public ColossimCatalog WithDocument(DocNode root, Problems problems)
    {
        if (MapReader.From(root, problems, "a catalog mapping with lists gpus, systems, fabrics or models") is not { } r)
        {
            return this;
        }

        var gpus = Gpus.ToBuilder();
        var systems = Systems.ToBuilder();
        var fabrics = Fabrics.ToBuilder();
        var models = Models.ToBuilder();
        foreach (var (gpu, _) in Entries(r, "gpus", "a GPU entry", CatalogReader.ReadGpu))
        {
            gpus[gpu.Id] = gpu;
        }

        var added = new List<(SystemSpec System, DocNode Node)>();
        foreach (var (system, node) in Entries(r, "systems", "a system entry", CatalogReader.ReadSystem))
        {
            systems[system.Id] = system;
            added.Add((system, node));
        }

        foreach (var (fabric, _) in Entries(r, "fabrics", "a fabric entry", CatalogReader.ReadFabric))
        {
            fabrics[fabric.Id] = fabric;
        }

        foreach (var (model, _) in Entries(r, "models", "a model entry", CatalogReader.ReadModel))
        {
            models[model.Name] = model;
        }

        r.Finish();
        // A system's GPU may be defined in the same document or an earlier one (the systems already held were checked then).
        foreach (var (system, node) in added)
        {
            if (!gpus.ContainsKey(system.Gpu))
            {
                var gpu = ((DocMap)node)["gpu"];
                problems.Error($"{node.Path}.gpu", $"unknown GPU '{system.Gpu}'{Suggestions.DidYouMean(system.Gpu, gpus.Keys)}", gpu?.Line ?? node.Line);
            }
        }

        return new ColossimCatalog(gpus.ToImmutable(), systems.ToImmutable(), fabrics.ToImmutable(), models.ToImmutable());
    }

    /// <summary>Adds (or replaces) the entries of the catalog file at <paramref name="path"/>.</summary>
    public ColossimCatalog WithFile(string path, Problems problems)
    {
        var fileProblems = new Problems(path);
        var root = DocReader.ReadFile(path, fileProblems);
        var result = root is null ? this : WithDocument(root, fileProblems);
        problems.AddRange(fileProblems);
        return result;
    }

    /// <summary>A GPU by catalog id, or from a YAML file holding one GPU entry; records a problem (with close matches) otherwise.</summary>
    public GpuSpec? ResolveGpu(string idOrPath, Problems problems, string path = "gpu")
        => Resolve(idOrPath, problems, path, "GPU", Gpus, CatalogReader.ReadGpu);

    /// <summary>A system by catalog id, or from a YAML file holding one system entry.</summary>
    public SystemSpec? ResolveSystem(string idOrPath, Problems problems, string path = "system")
        => Resolve(idOrPath, problems, path, "system", Systems, CatalogReader.ReadSystem);

    /// <summary>A fabric by catalog id, or from a YAML file holding one fabric entry.</summary>
    public FabricSpec? ResolveFabric(string idOrPath, Problems problems, string path = "fabric")
        => Resolve(idOrPath, problems, path, "fabric", Fabrics, CatalogReader.ReadFabric);

    /// <summary>A model by catalog name, or from a YAML file holding one model entry (<c>--model ./my-gpt.yaml</c>).</summary>
    public ModelSpec? ResolveModel(string nameOrPath, Problems problems, string path = "model")
        => Resolve(nameOrPath, problems, path, "model", Models, CatalogReader.ReadModel);

    /// <summary>Whether <paramref name="text"/> names a file rather than a catalog entry (it ends in .yaml, .yml or .json, or holds a path separator).</summary>
    public static bool LooksLikePath(string text) =>
        text.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || text.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
        || text.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || text.Contains('/', StringComparison.Ordinal)
        || text.Contains('\\', StringComparison.Ordinal);

    // The valid entries of the list at key, each with its node, read in order (problems are recorded as they are met).
    private static IEnumerable<(T Entry, DocNode Node)> Entries<T>(MapReader r, string key, string what, Func<MapReader, T?> read)
        where T : class
    {
        foreach (var node in r.List(key))
        {
            if (MapReader.From(node, r.Problems, what) is { } e && read(e) is { } entry)
            {
                yield return (entry, node);
            }
        }
    }

    private static T? Resolve<T>(string idOrPath, Problems problems, string path, string kind, ImmutableSortedDictionary<string, T> entries, Func<MapReader, T?> read)
        where T : class
    {
        if (entries.TryGetValue(idOrPath, out var found))
        {
            return found;
        }

        if (LooksLikePath(idOrPath))
        {
            var fileProblems = new Problems(idOrPath);
            var root = DocReader.ReadFile(idOrPath, fileProblems);
            T? entry = null;
            if (root is not null && MapReader.From(root, fileProblems, $"a {kind} entry") is { } r)
            {
                entry = read(r);
            }

            problems.AddRange(fileProblems);
            return fileProblems.HasErrors ? null : entry;
        }

        var close = Suggestions.Closest(idOrPath, entries.Keys);
        var hint = close.Count > 0
            ? $"; close matches: {string.Join(", ", close)}"
            : $"; known: {string.Join(", ", entries.Keys.Take(12))}{(entries.Count > 12 ? ", ..." : "")}";
        problems.Error(path, $"unknown {kind} '{idOrPath}'{hint} (or give the path of a YAML file describing it)");
        return null;
    }

    private static ColossimCatalog LoadBuiltIn()
    {
        var problems = new Problems();
        var catalog = Empty;
        foreach (var (name, bytes) in ShippedData.Files("catalog"))
        {
            problems.File = "data/" + name;
            if (DocReader.Parse(bytes, problems) is { } root)
            {
                catalog = catalog.WithDocument(root, problems);
            }
        }

        // The shipped catalog is part of the program: a problem in it is a bug, caught by the catalog tests.
        return problems.HasErrors
            ? throw new InvalidOperationException("The built-in catalog is invalid: " + string.Join("; ", problems))
            : catalog;
    }

    /// <summary>Tries to look up a GPU by id without recording problems.</summary>
    public bool TryGetGpu(string id, [NotNullWhen(true)] out GpuSpec? gpu) => Gpus.TryGetValue(id, out gpu);

    /// <summary>Tries to look up a model by name without recording problems.</summary>
    public bool TryGetModel(string name, [NotNullWhen(true)] out ModelSpec? model) => Models.TryGetValue(name, out model);
}
