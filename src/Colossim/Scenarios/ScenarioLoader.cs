using System.Globalization;
using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Facility;
using Colossim.Reports;
using Colossim.Serving;
using Colossim.Training;
using Colossim.Units;

namespace Colossim.Scenarios;

/// <summary>What loading a scenario gave: the scenario when it is valid, and every problem found either way.</summary>
public sealed record ScenarioLoadResult
{
    /// <summary>The scenario; <see langword="null"/> when the document has an error.</summary>
    public Scenario? Scenario { get; init; }

    /// <summary>Every error and warning, each with its path and (where known) line, in the order found.</summary>
    public required IReadOnlyList<Problem> Problems { get; init; }

    /// <summary>Whether the scenario could be used (warnings allowed).</summary>
    public bool IsValid => Scenario is not null;
}

/// <summary>
/// Reads a scenario document (YAML, or JSON, which is the same reader) into a <see cref="Scenario"/>: binds every field
/// with its unit, resolves every GPU, system, switch and model through the catalog (an id, or the path of a YAML file
/// relative to the scenario), cross-checks references (tenants, sites, GPU counts, parallel layouts) and reports every
/// problem with its path and line instead of stopping at the first. Unknown keys are warnings with a "did you mean".
/// </summary>
public static partial class ScenarioLoader
{
    /// <summary>The largest GPU count a site or workload may have (10 million).</summary>
    public const int MaxGpus = 10_000_000;

    /// <summary>Loads the scenario file at <paramref name="path"/>; names are resolved in <paramref name="catalog"/> (default the built-in one).</summary>
    public static ScenarioLoadResult LoadFile(string path, ColossimCatalog? catalog = null, DocLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var problems = new Problems(path);
        var root = DocReader.ReadFile(path, problems, limits);
        return Load(root, catalog ?? ColossimCatalog.BuiltIn, Path.GetDirectoryName(path) ?? "", problems, path);
    }

    /// <summary>
    /// Loads a scenario held in <paramref name="text"/>; file names in it are taken relative to
    /// <paramref name="baseDirectory"/> (default the current directory).
    /// </summary>
    public static ScenarioLoadResult Parse(string text, ColossimCatalog? catalog = null, string? baseDirectory = null, DocLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var problems = new Problems();
        var root = DocReader.Parse(text, problems, limits);
        return Load(root, catalog ?? ColossimCatalog.BuiltIn, baseDirectory ?? "", problems, sourcePath: null);
    }

    /// <summary>Binds a parsed document; <paramref name="keysRead"/> sees every mapping's accepted keys (for the schema tests).</summary>
    internal static ScenarioLoadResult Load(DocNode? root, ColossimCatalog catalog, string baseDirectory, Problems problems, string? sourcePath, Action<string, IReadOnlyCollection<string>>? keysRead = null)
    {
        Scenario? scenario = null;
        if (root is not null)
        {
            problems.KeysRead = keysRead;
            scenario = new Binder(problems, catalog, baseDirectory).Bind(root, sourcePath);
            problems.KeysRead = null;
        }

        return new ScenarioLoadResult { Scenario = problems.HasErrors ? null : scenario, Problems = [.. problems] };
    }

    /// <summary>A scalar's text and the node it came from (for its path and line).</summary>
    private readonly record struct Text(string Value, DocNode Node);

    private sealed partial class Binder(Problems problems, ColossimCatalog catalog, string baseDirectory)
    {
        private static readonly string[] FabricKinds = [.. EnumNames.All<FabricKind>()];
        private static readonly string[] Topologies = [.. EnumNames.All<FabricTopology>()];
        private static readonly string[] Arrivals = [.. EnumNames.All<ArrivalProcess>()];
        private static readonly string[] KvTransferModes = [.. EnumNames.All<KvTransferMode>()];
        private static readonly string[] Formats = [.. EnumNames.All<ReportFormat>()];

        private readonly List<Site> _sites = [];
        private readonly List<Tenant> _tenants = [];
        private readonly HashSet<string> _workloadNames = new(StringComparer.Ordinal);

        // Every site and tenant named, valid or not, so that a mistake in one is not reported again by each reference.
        private readonly List<string> _siteNames = [];
        private readonly Dictionary<string, int> _siteGpuCounts = new(StringComparer.Ordinal);
        private readonly List<string> _tenantNames = [];

        public Scenario? Bind(DocNode root, string? sourcePath)
        {
            if (MapReader.From(root, problems, "a scenario mapping (name, sites, tenants, workloads)") is not { } r)
            {
                return null;
            }

            _ = r.Text("$schema");
            var name = NonEmpty(r, "name", required: true);
            var description = r.Text("description");
            var seed = r.Whole("seed", min: 0, max: Scenario.MaxSeed) ?? 0;

            // Inline catalog entries first: the names below may refer to them.
            if (r.Node("catalog") is { } inline)
            {
                catalog = catalog.WithDocument(inline, problems);
            }

            var sitesNode = r.Node("sites", required: true);
            var siteNodes = r.List("sites", required: false);
            if (sitesNode is DocSeq { Items.Count: 0 })
            {
                problems.Error(sitesNode.Path, "expected at least one site, found an empty list", sitesNode.Line);
            }

            var siteNames = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var node in siteNodes)
            {
                var (site, siteName) = ReadSite(node);
                if (siteName is null)
                {
                    continue;
                }

                if (!FirstUse(siteNames, siteName, node))
                {
                    continue;
                }

                _siteNames.Add(siteName);
                if (site is not null)
                {
                    _sites.Add(site);
                }
            }

            ReadTenants(r);
            var workloads = Workloads.None;
            if (r.Child("workloads") is { } w)
            {
                workloads = new Workloads
                {
                    Training = [.. w.List("training").Select(ReadTraining).OfType<TrainingWorkload>()],
                    Serving = [.. w.List("serving").Select(ReadServing).OfType<ServingWorkload>()],
                };
                w.Finish();
            }

            var jobs = ReadJobs(r);
            var report = r.Child("report") is { } rep ? ReadReport(rep) : ReportOptions.Default;
            r.Finish();
            return name is null
                ? null
                : new Scenario
                {
                    Name = name,
                    Description = description,
                    Seed = seed,
                    Sites = _sites,
                    Tenants = _tenants,
                    Workloads = workloads,
                    Jobs = jobs,
                    Report = report,
                    Catalog = catalog,
                    SourcePath = sourcePath,
                };
        }

        private (Site? Site, string? Name) ReadSite(DocNode node)
        {
            if (MapReader.From(node, problems, "a site mapping (name, gpus, fabric, power)") is not { } r)
            {
                return (null, null);
            }

            var name = NonEmpty(r, "name", required: true);
            SystemSpec? system = null;
            if (TextAt(r, "system") is { } systemText)
            {
                system = Resolve(catalog.ResolveSystem, systemText);
            }

            int? count = null;
            var gpus = r.Child("gpus", required: true) is { } g ? ReadGpus(g, system, r, out count) : null;
            if (name is not null && count is { } n)
            {
                _siteGpuCounts.TryAdd(name, n);
            }

            var fabric = r.Child("fabric") is { } f ? ReadFabric(f) : SiteFabric.Default;
            var power = r.Child("power") is { } p ? ReadPower(p) : SitePower.Default;
            r.Finish();
            return name is null || gpus is null || fabric is null || power is null
                ? (null, name)
                : (new Site { Name = name, Gpus = gpus, System = system, Fabric = fabric, Power = power }, name);
        }

        private SiteGpus? ReadGpus(MapReader r, SystemSpec? system, MapReader site, out int? validCount)
        {
            var typeText = TextAt(r, "type", required: system is null);
            var count = r.Count("count", required: true, min: 1, max: MaxGpus);
            GpuSpec? gpu = null;
            if (typeText is { } t)
            {
                gpu = Resolve(catalog.ResolveGpu, t);
                if (gpu is not null && system is not null && !string.Equals(system.Gpu, gpu.Id, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Error(t.Node.Path, $"expected '{system.Gpu}', the GPU of system '{system.Id}', found '{t.Value}'", t.Node.Line);
                    gpu = null;
                }
            }
            else if (system is not null)
            {
                if (!catalog.TryGetGpu(system.Gpu, out gpu))
                {
                    site.Error("system", $"the GPU of system '{system.Id}', '{system.Gpu}', is not in the catalog; add it or give gpus.type");
                }
            }

            if (count is { } n && system is not null && n % system.GpusPerNode != 0)
            {
                r.Error("count", $"expected a multiple of {system.GpusPerNode} (the GPUs per node of system '{system.Id}'), found {n:N0}");
                count = null;
            }

            r.Finish();
            validCount = count;
            return gpu is null || count is null ? null : new SiteGpus { Type = gpu, Count = count.Value };
        }

        private SiteFabric? ReadFabric(MapReader r)
        {
            var ok = true;
            var kindText = r.Choice("kind", FabricKinds);
            ok &= r.ReadOrAbsent("kind", kindText);
            var topologyText = r.Choice("topology", Topologies);
            ok &= r.ReadOrAbsent("topology", topologyText);
            var oversubscription = Ratio(r, "oversubscription", ref ok);
            FabricSpec? switchSpec = null;
            if (TextAt(r, "switch") is { } s)
            {
                switchSpec = Resolve(catalog.ResolveFabric, s);
                ok &= switchSpec is not null;
            }

            // No kind: the switch's, else the default.
            var kind = EnumNames.Parse<FabricKind>(kindText)
                ?? (switchSpec?.Kind == "ethernet" ? FabricKind.EthernetRdma : SiteFabric.Default.Kind);
            if (switchSpec is not null && kindText is not null && (switchSpec.Kind == "infiniband") != (kind == FabricKind.Infiniband))
            {
                r.Error("switch", $"expected a switch for kind {kindText}, found '{switchSpec.Id}', an {switchSpec.Kind} switch");
                ok = false;
            }

            r.Finish();
            return ok
                ? new SiteFabric
                {
                    Kind = kind,
                    Topology = EnumNames.Parse<FabricTopology>(topologyText) ?? FabricTopology.RailOptimizedFatTree,
                    Oversubscription = oversubscription ?? 1,
                    Switch = switchSpec,
                }
                : null;
        }

        private SitePower? ReadPower(MapReader r)
        {
            var ok = true;
            var grid = UnitOrBare<Watts>(r, "grid_mw", 1e6, "MW", Watts.TryParse, x => new Watts(x), x => x.Value, max: 100e9, ref ok);
            var battery = UnitOrBare<Energy>(r, "battery_mwh", 3.6e9, "MWh", Energy.TryParse, x => new Energy(x), x => x.Joules, max: 3.6e15, ref ok);
            if (grid is { Value: 0 })
            {
                r.Error("grid_mw", $"expected a power above 0 (leave grid_mw out for no limit), found {r.Map["grid_mw"]!.Describe()}");
                ok = false;
            }

            var pue = r.Number("pue", min: Colossim.Facility.FacilityLimits.Pue.Min, max: Colossim.Facility.FacilityLimits.Pue.Max, expected: Colossim.Facility.FacilityLimits.Pue.Expected);
            ok &= r.ReadOrAbsent("pue", pue);
            var price = r.Usd("usd_per_kwh");
            if (price is { } pr && (pr.Dollars > 10 || pr.Dollars < 0))
            {
                r.Error("usd_per_kwh", $"expected a price per kWh between $0 and $10, found {r.Map["usd_per_kwh"]!.Describe()}");
                price = null;
            }

            ok &= r.ReadOrAbsent("usd_per_kwh", price);
            r.Finish();
            return ok
                ? new SitePower
                {
                    Grid = grid,
                    Battery = battery ?? Energy.Zero,
                    Pue = pue ?? SitePower.Default.Pue,
                    PricePerKwh = price ?? SitePower.Default.PricePerKwh,
                }
                : null;
        }

        private void ReadTenants(MapReader r)
        {
            var seen = new Dictionary<string, string>(StringComparer.Ordinal);
            var total = 0.0;
            var listNode = r.Node("tenants");
            foreach (var node in r.List("tenants"))
            {
                if (MapReader.From(node, problems, "a tenant mapping (name, share)") is not { } t)
                {
                    continue;
                }

                var name = NonEmpty(t, "name", required: true);
                var share = t.Number("share", required: true, min: 0, max: 1, expected: "a share");
                if (share == 0)
                {
                    t.Error("share", $"expected a share above 0, found {t.Map["share"]!.Describe()}");
                    share = null;
                }

                var limits = Colossim.Cluster.Traces.TenantFile.ReadLimits(t, share);
                t.Finish();
                if (name is null)
                {
                    continue;
                }

                if (!FirstUse(seen, name, node))
                {
                    continue;
                }

                _tenantNames.Add(name);
                if (share is null)
                {
                    continue;
                }

                total += share.Value;
                if (limits is { } l)
                {
                    _tenants.Add(new Tenant { Name = name, Share = share.Value, BorrowingLimit = l.Borrowing, LendingLimit = l.Lending, Weight = l.Weight });
                }
            }

            if (total > 1 + 1e-9)
            {
                problems.Error(listNode!.Path, $"the shares add up to {total.ToString("0.###", CultureInfo.InvariantCulture)}; they must add up to at most 1", listNode.Line);
            }
        }

        private TrainingWorkload? ReadTraining(DocNode node)
        {
            if (MapReader.From(node, problems, "a training workload mapping (name, tenant, model, gpus, tokens)") is not { } r)
            {
                return null;
            }

            var name = WorkloadName(r);
            var tenant = CheckTenant(r);
            var (site, siteName) = CheckSite(r);
            var model = TextAt(r, "model", required: true) is { } m ? Resolve(catalog.ResolveModel, m) : null;
            var gpus = r.Count("gpus", required: true, min: 1, max: MaxGpus);
            var tokens = r.Number("tokens", required: true, min: 1, max: 1e18, expected: "a token count");
            gpus = CheckGpusFit(r, gpus, siteName);
            var parallelism = r.Child("parallelism") is { } p ? ReadParallelism(p, gpus, model) : null;
            var parallelismOk = r.ReadOrAbsent("parallelism", parallelism);
            r.Finish();
            return name is null || tenant.Failed || site is null || model is null || gpus is null || tokens is null || !parallelismOk
                ? null
                : new TrainingWorkload
                {
                    Name = name,
                    Tenant = tenant.Name,
                    Site = site.Name,
                    Model = model,
                    Gpus = gpus.Value,
                    Tokens = tokens.Value,
                    Parallelism = parallelism,
                };
        }

        private ParallelLayout? ReadParallelism(MapReader r, int? gpus, ModelSpec? model)
        {
            var tp = r.Count("tp", min: 1, max: 1 << 20);
            var pp = r.Count("pp", min: 1, max: 1 << 20);
            var cp = r.Count("cp", min: 1, max: 1 << 20);
            var dp = r.Count("dp", min: 1, max: MaxGpus);
            var ep = r.Count("ep", min: 1, max: 1 << 20);
            var ok = r.ReadOrAbsent("tp", tp) && r.ReadOrAbsent("pp", pp) && r.ReadOrAbsent("cp", cp)
                && r.ReadOrAbsent("dp", dp) && r.ReadOrAbsent("ep", ep);
            if (!ok || gpus is null || model is null)
            {
                r.Finish();
                return null;
            }

            var (t, p, c, e) = (tp ?? 1, pp ?? 1, cp ?? 1, ep ?? 1);
            var modelSplit = (long)t * p * c;
            long d;
            if (dp is { } given)
            {
                d = given;
                if (modelSplit * d != gpus)
                {
                    problems.Error(r.Map.Path, $"expected tp × pp × cp × dp to equal gpus ({gpus:N0}), found {t} × {p} × {c} × {d} = {modelSplit * d:N0}", r.Map.Line);
                    ok = false;
                }
            }
            else if (gpus % modelSplit != 0)
            {
                problems.Error(r.Map.Path, $"expected tp × pp × cp ({t} × {p} × {c} = {modelSplit:N0}) to divide gpus ({gpus:N0})", r.Map.Line);
                ok = false;
                d = 1;
            }
            else
            {
                d = gpus.Value / modelSplit;
            }

            var layout = new ParallelLayout { Tp = t, Pp = p, Cp = c, Dp = checked((int)d), Ep = e };
            foreach (var problem in ok ? layout.Check(model, gpus.Value) : layout.Check(model, layout.Gpus))
            {
                if (problem.Field is null)
                {
                    problems.Error(r.Map.Path, problem.Message, r.Map.Line);
                }
                else
                {
                    r.Error(problem.Field, problem.Message);
                }

                ok = false;
            }

            r.Finish();
            return ok ? layout : null;
        }

        private ServingWorkload? ReadServing(DocNode node)
        {
            if (MapReader.From(node, problems, "a serving workload mapping (name, tenant, model, traffic, slo)") is not { } r)
            {
                return null;
            }

            var name = WorkloadName(r);
            var tenant = CheckTenant(r);
            var (site, siteName) = CheckSite(r);
            var model = TextAt(r, "model", required: true) is { } m ? Resolve(catalog.ResolveModel, m) : null;
            var gpus = r.Count("gpus", min: 1, max: MaxGpus);
            gpus = CheckGpusFit(r, gpus, siteName);
            var gpusOk = r.ReadOrAbsent("gpus", gpus);
            var traffic = r.Child("traffic", required: true) is { } t ? ReadTraffic(t) : null;
            var slo = r.Child("slo") is { } s ? ReadSlo(s) : null;
            var sloOk = r.ReadOrAbsent("slo", slo);
            var kvTransfer = KvTransferMode.AfterPrefill;
            var split = r.Child("disaggregation") is { } dg ? ReadDisaggregation(dg, out kvTransfer) : null;
            var splitOk = r.ReadOrAbsent("disaggregation", split);
            var ep = r.Count("ep", min: 1, max: 1024);
            var epOk = r.ReadOrAbsent("ep", ep);
            if (epOk && ep is { } e && model is not null)
            {
                // The step model's rule, as serve and predict apply it (ep only for mixture-of-experts models, dividing the experts).
                foreach (var problem in new Colossim.Performance.Sharding { Ep = e }.Check(model).Where(p => p.Field == "ep"))
                {
                    r.Error("ep", problem.Message);
                    epOk = false;
                }

                if (e > 1 && split is not null)
                {
                    r.Error("ep", "expert parallelism is simulated on colocated replicas; give it without disaggregation");
                    epOk = false;
                }
            }

            var search = ReadSearch(r, sloOk ? slo : null, sloOk);
            var searchOk = search.Ok && (search.Objective is null || SearchAlone(r, r.Has("disaggregation"), traffic));
            r.Finish();
            return name is null || tenant.Failed || site is null || model is null || !gpusOk || traffic is null || !sloOk || !splitOk || !epOk || !searchOk
                ? null
                : new ServingWorkload
                {
                    Name = name,
                    Tenant = tenant.Name,
                    Site = site.Name,
                    Model = model,
                    Gpus = gpus,
                    Traffic = traffic,
                    Slo = slo,
                    Disaggregation = split,
                    Ep = ep ?? 1,
                    KvTransfer = kvTransfer,
                    Search = search.Objective,
                };
        }

        /// <summary>
        /// A serving workload's <c>search</c>: <c>true</c> (the objective <c>colossim serve --search</c> takes from the
        /// SLO: throughput without one, else the cheapest deployment carrying the traffic's rate), <c>false</c>, or an
        /// objective by name (<c>throughput</c> without an SLO; <c>max-rate</c> or <c>cheapest</c> with one).
        /// </summary>
        private static (bool Ok, DeploymentObjective? Objective) ReadSearch(MapReader r, Slo? slo, bool sloKnown)
        {
            if (r.Node("search") is not { } node || node is DocScalar { IsNull: true })
            {
                return (true, null);
            }

            var names = EnumNames.All<DeploymentObjective>();
            DeploymentObjective? objective;
            if (node is DocScalar { IsPlain: true } flag && bool.TryParse(flag.Value, out var on))
            {
                objective = !on ? null : slo is null ? DeploymentObjective.Throughput : DeploymentObjective.Cheapest;
            }
            else if (node is DocScalar text && names.FirstOrDefault(n => string.Equals(n, text.Value, StringComparison.OrdinalIgnoreCase)) is { } name)
            {
                objective = EnumNames.Parse<DeploymentObjective>(name);
            }
            else
            {
                var found = node is DocScalar scalar ? scalar.Value : "";
                r.Error("search", $"expected true, false or an objective ({string.Join(", ", names)}), found {node.Describe()}{Suggestions.DidYouMean(found, names)}");
                return (false, null);
            }

            if (!sloKnown)
            {
                return (true, objective);
            }

            if (objective == DeploymentObjective.Throughput && slo is not null)
            {
                r.Error("search", "throughput ranks deployments by output tokens/s, without SLOs; with the workload's slo give search: max-rate (the highest rate meeting it) or cheapest (the cheapest deployment carrying the traffic's rate), or no slo");
                return (false, null);
            }

            if (objective is DeploymentObjective.MaxRate or DeploymentObjective.Cheapest && slo is null)
            {
                r.Error("search", $"{EnumNames.Of(objective.Value)} needs targets to meet: give the workload an slo (ttft_p99, tpot_p99 or both), or search: throughput");
                return (false, null);
            }

            return (true, objective);
        }

        /// <summary>
        /// What a searched workload may not also say, as <c>colossim serve --search</c> refuses it: the deployment the
        /// search chooses (<c>ep</c>, and <c>tp</c>, <c>pp</c> or <c>scheduler</c>, which a workload does not take),
        /// disaggregation, or a trace file (the search runs generated traffic; a known trace id is generated).
        /// </summary>
        private bool SearchAlone(MapReader r, bool disaggregated, Traffic? traffic)
        {
            var ok = true;
            foreach (var key in (string[])["tp", "ep", "pp", "scheduler"])
            {
                if (r.Map[key] is { } given)
                {
                    problems.Error(given.Path, $"search chooses the deployment (tp, ep, pp, replicas, scheduler); give {key} without search, or search without {key}", given.Line);
                    ok = false;
                }
            }

            if (disaggregated)
            {
                r.Error("search", "searches deployments of colocated replicas; give it without disaggregation");
                ok = false;
            }

            if (traffic?.Trace is { } trace && !Traffic.KnownTraces.Contains(trace, StringComparer.OrdinalIgnoreCase))
            {
                r.Error("search", "searches deployments for generated traffic; give it without a trace file (traffic with rate and lengths, or a known trace id)");
                ok = false;
            }

            return ok;
        }

        /// <summary>A serving workload's <c>disaggregation: {prefill: P, decode: D, kv_transfer: M}</c>: the prefill:decode ratio of its replicas and when the KV cache moves.</summary>
        private static PoolRatio? ReadDisaggregation(MapReader r, out KvTransferMode kvTransfer)
        {
            var prefill = r.Count("prefill", required: true, min: 1, max: 1_000_000);
            var decode = r.Count("decode", required: true, min: 1, max: 1_000_000);
            var mode = r.Choice("kv_transfer", KvTransferModes);
            var modeOk = r.ReadOrAbsent("kv_transfer", mode);
            r.Finish();
            kvTransfer = EnumNames.Parse<KvTransferMode>(mode) ?? KvTransferMode.AfterPrefill;
            return prefill is { } p && decode is { } d && modeOk ? new PoolRatio(p, d) : null;
        }

        private Traffic? ReadTraffic(MapReader r)
        {
            var ok = true;
            var traceText = TextAt(r, "trace");
            var rate = Rate(r, ref ok);
            var lengthsNode = r.Node("lengths");
            var arrival = r.Choice("arrival", Arrivals);
            ok &= r.ReadOrAbsent("arrival", arrival);
            var scale = r.Number("scale", min: 0, max: 1e6, expected: "a scale factor");
            if (scale == 0)
            {
                r.Error("scale", "expected a scale factor above 0, found '0'");
                scale = null;
            }

            ok &= r.ReadOrAbsent("scale", scale);
            var diurnal = r.Number("diurnal", min: 1, max: DiurnalShape.MaxPeakToTrough, expected: "a peak-to-trough ratio of the rate over a day");
            ok &= r.ReadOrAbsent("diurnal", diurnal);
            string? trace = null;
            if (traceText is { } t)
            {
                trace = Trace(t);
                ok &= trace is not null;
            }

            var hasRate = r.Has("rate");
            if (traceText is not null && hasRate)
            {
                problems.Error(r.Map.Path, "expected either trace or rate, found both", r.Map.Line);
                ok = false;
            }
            else if (traceText is null && !hasRate)
            {
                problems.Error(r.Map.Path, "expected trace (a recorded trace) or rate and lengths (generated requests), found neither", r.Map.Line);
                ok = false;
            }

            RequestLengths? lengths = null;
            if (traceText is not null)
            {
                foreach (var key in (string[])["lengths", "arrival"])
                {
                    if (r.Map[key] is { } extra)
                    {
                        problems.Error(extra.Path, "is used only with rate: a trace has its own lengths and arrival times", extra.Line);
                        ok = false;
                    }
                }
            }
            else if (hasRate)
            {
                if (lengthsNode is null)
                {
                    problems.Error(r.PathOf("lengths"), "is required with rate", r.Map.Line);
                    ok = false;
                }
                else if (MapReader.From(lengthsNode, problems, "a mapping with input and output token counts") is { } l)
                {
                    var input = l.Number("input", required: true, min: 1, max: 1e7, expected: "a token count");
                    var output = l.Number("output", required: true, min: 1, max: 1e7, expected: "a token count");
                    l.Finish();
                    lengths = input is null || output is null ? null : new RequestLengths { Input = input.Value, Output = output.Value };
                    ok &= lengths is not null;
                }
                else
                {
                    ok = false;
                }
            }

            r.Finish();
            return ok
                ? new Traffic
                {
                    Trace = trace,
                    Rate = rate,
                    Lengths = lengths,
                    Arrival = EnumNames.Parse<ArrivalProcess>(arrival) ?? ArrivalProcess.Poisson,
                    Scale = scale ?? 1,
                    Diurnal = diurnal,
                }
                : null;
        }

        private Slo? ReadSlo(MapReader r)
        {
            var ttft = PositiveDuration(r, "ttft_p99");
            var tpot = PositiveDuration(r, "tpot_p99");
            var ok = r.ReadOrAbsent("ttft_p99", ttft) && r.ReadOrAbsent("tpot_p99", tpot);
            if (ok && ttft is null && tpot is null)
            {
                problems.Error(r.Map.Path, "expected at least one target (ttft_p99 or tpot_p99), found none", r.Map.Line);
                ok = false;
            }

            r.Finish();
            return ok ? new Slo { TtftP99 = ttft, TpotP99 = tpot } : null;
        }

        private ReportOptions ReadReport(MapReader r)
        {
            var formats = new List<ReportFormat>();
            foreach (var node in r.List("formats"))
            {
                if (node is not DocScalar { IsNull: false } s)
                {
                    problems.Error(node.Path, $"expected one of {string.Join(", ", Formats)}, found {node.Describe()}", node.Line);
                    continue;
                }

                var format = EnumNames.Parse<ReportFormat>(s.Value.Trim().ToLowerInvariant());
                if (format is null)
                {
                    problems.Error(node.Path, $"expected one of {string.Join(", ", Formats)}, found {node.Describe()}{Suggestions.DidYouMean(s.Value, Formats)}", node.Line);
                }
                else if (formats.Contains(format.Value))
                {
                    problems.Warning(node.Path, $"'{s.Value}' is listed twice", node.Line);
                }
                else
                {
                    formats.Add(format.Value);
                }
            }

            r.Finish();
            return r.Has("formats") ? new ReportOptions { Formats = formats } : ReportOptions.Default;
        }

        // Whether node is the first to use name (seen maps each name to its first node's path); a repeat is an error at its name.
        private bool FirstUse(Dictionary<string, string> seen, string name, DocNode node)
        {
            if (seen.TryGetValue(name, out var first))
            {
                problems.Error($"{node.Path}.name", $"the name '{name}' is already used by {first}", node.Line);
                return false;
            }

            seen[name] = node.Path;
            return true;
        }

        private string? WorkloadName(MapReader r)
        {
            var name = NonEmpty(r, "name", required: true);
            if (name is not null && !_workloadNames.Add(name))
            {
                r.Error("name", $"the name '{name}' is already used by another workload");
                return null;
            }

            return name;
        }

        private (string? Name, bool Failed) CheckTenant(MapReader r)
        {
            var text = TextAt(r, "tenant");
            var names = _tenantNames;
            if (text is not { } t)
            {
                if (names.Count > 0)
                {
                    problems.Error(r.PathOf("tenant"), $"is required when the scenario lists tenants ({string.Join(", ", names)})", r.Map.Line);
                    return (null, true);
                }

                return (null, false);
            }

            if (names.Count == 0)
            {
                problems.Error(t.Node.Path, $"unknown tenant '{t.Value}': the scenario lists no tenants", t.Node.Line);
                return (null, true);
            }

            if (!names.Contains(t.Value))
            {
                problems.Error(t.Node.Path, $"unknown tenant '{t.Value}'{Suggestions.DidYouMean(t.Value, names)}; tenants: {string.Join(", ", names)}", t.Node.Line);
                return (null, true);
            }

            // A tenant named but invalid has its own error already.
            return (t.Value, !_tenants.Exists(x => x.Name == t.Value));
        }

        // The site a workload runs on, and its name; the site is null (and the name not) when the site itself is invalid.
        private (Site? Site, string? Name) CheckSite(MapReader r)
        {
            string name;
            if (TextAt(r, "site") is not { } s)
            {
                if (_siteNames.Count > 1)
                {
                    problems.Error(r.PathOf("site"), $"is required when the scenario has more than one site ({string.Join(", ", _siteNames)})", r.Map.Line);
                }

                if (_siteNames.Count != 1)
                {
                    return (null, null);
                }

                name = _siteNames[0];
            }
            else if (!_siteNames.Contains(s.Value))
            {
                var names = _siteNames;
                problems.Error(s.Node.Path, $"unknown site '{s.Value}'{Suggestions.DidYouMean(s.Value, names)}; sites: {string.Join(", ", names)}", s.Node.Line);
                return (null, null);
            }
            else
            {
                name = s.Value;
            }

            return (_sites.Find(x => x.Name == name), name);
        }

        // Checked against the site's GPU count even when the site has another mistake, so that both are reported at once.
        private int? CheckGpusFit(MapReader r, int? gpus, string? site)
        {
            if (gpus is { } n && site is not null && _siteGpuCounts.TryGetValue(site, out var capacity) && n > capacity)
            {
                r.Error("gpus", $"expected at most the {capacity:N0} GPUs of site '{site}', found {n:N0}");
                return null;
            }

            return gpus;
        }

        private string? Trace(Text t)
        {
            foreach (var known in Traffic.KnownTraces)
            {
                if (string.Equals(known, t.Value, StringComparison.OrdinalIgnoreCase))
                {
                    return known;
                }
            }

            if (!ColossimCatalog.LooksLikePath(t.Value) && !t.Value.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && !t.Value.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
            {
                var close = Suggestions.Closest(t.Value, Traffic.KnownTraces);
                var hint = close.Count > 0 ? $"close matches: {string.Join(", ", close)}" : $"known: {string.Join(", ", Traffic.KnownTraces)}";
                problems.Error(t.Node.Path, $"unknown trace '{t.Value}'; {hint} (or give the path of a trace file, CSV or JSON lines)", t.Node.Line);
                return null;
            }

            var path = Rebase(t.Value);
            if (!File.Exists(path))
            {
                problems.Error(t.Node.Path, $"the trace file '{path}' does not exist", t.Node.Line);
                return null;
            }

            return path;
        }

        private double? Rate(MapReader r, ref bool ok) =>
            PerSecond(r, "a request rate like 20 (per second), 20/s or 1200/min", "at most 1e9 per second and above 0", 1e9, perDay: false, ref ok);

        /// <summary>
        /// The <c>rate</c> key as events per second: a count, optionally over a unit (<c>/s</c>, <c>/min</c>, <c>/h</c>,
        /// and <c>/d</c> when <paramref name="perDay"/>), above 0 and at most <paramref name="maxPerSecond"/>; null (and a
        /// problem naming <paramref name="expected"/> and <paramref name="limits"/>) otherwise, or when the key is absent.
        /// </summary>
        private double? PerSecond(MapReader r, string expected, string limits, double maxPerSecond, bool perDay, ref bool ok)
        {
            if (TextAt(r, "rate") is not { } t)
            {
                ok &= !r.Has("rate");
                return null;
            }

            var text = t.Value.Trim();
            var per = 1.0;
            var slash = text.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0)
            {
                per = text[(slash + 1)..].Trim() switch
                {
                    "s" or "sec" or "second" => 1,
                    "min" or "minute" => 60,
                    "h" or "hr" or "hour" => 3600,
                    "d" or "day" when perDay => 86400,
                    _ => double.NaN,
                };
                text = text[..slash].Trim();
            }

            if (double.IsNaN(per) || !Units.Count.TryParse(text, out var count, out _) || count <= 0 || count / per > maxPerSecond)
            {
                problems.Error(t.Node.Path, $"expected {expected}, {limits}, found {t.Node.Describe()}", t.Node.Line);
                ok = false;
                return null;
            }

            return count / per;
        }

        private double? Ratio(MapReader r, string key, ref bool ok)
        {
            if (r.Node(key) is DocScalar s && s.Value.Contains(':', StringComparison.Ordinal))
            {
                var parts = s.Value.Split(':');
                if (parts.Length == 2
                    && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var down)
                    && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var up)
                    && up > 0 && down / up is >= 1 and <= 64)
                {
                    return down / up;
                }

                problems.Error(s.Path, $"expected an oversubscription between 1 and 64, like 1 or 3:1, found {s.Describe()}", s.Line);
                ok = false;
                return null;
            }

            var value = r.Number(key, min: 1, max: 64, expected: "an oversubscription like 1 or 3:1");
            ok &= r.ReadOrAbsent(key, value);
            return value;
        }

        private static Duration? PositiveDuration(MapReader r, string key)
        {
            var value = r.Duration(key);
            if (value is { Nanoseconds: <= 0 })
            {
                r.Error(key, $"expected a duration above 0, found {r.Map[key]!.Describe()}");
                return null;
            }

            return value;
        }

        // A bare number is in the unit the key names (grid_mw: 150 means 150 MW); text is parsed with its unit.
        private T? UnitOrBare<T>(MapReader r, string key, double bareScale, string bareUnit, TryParseFn<T> parse, Func<double, T> make, Func<T, double> value, double max, ref bool ok)
            where T : struct
        {
            if (TextAt(r, key) is not { } t)
            {
                ok &= !r.Has(key);
                return null;
            }

            var text = t.Value.Trim();
            T result;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var bare))
            {
                if (!double.IsFinite(bare) || bare < 0)
                {
                    problems.Error(t.Node.Path, $"expected a number of {bareUnit} at least 0, or a value with its unit, found {t.Node.Describe()}", t.Node.Line);
                    ok = false;
                    return null;
                }

                result = make(bare * bareScale);
            }
            else if (!parse(text, out result, out var error))
            {
                problems.Error(t.Node.Path, $"{error}; a bare number means {bareUnit}", t.Node.Line);
                ok = false;
                return null;
            }

            if (value(result) > max || !double.IsFinite(value(result)))
            {
                problems.Error(t.Node.Path, $"expected at most {make(max)}, found {t.Node.Describe()}", t.Node.Line);
                ok = false;
                return null;
            }

            return result;
        }

        private static string? NonEmpty(MapReader r, string key, bool required = false)
        {
            var text = r.Text(key, required);
            if (text is not null && string.IsNullOrWhiteSpace(text))
            {
                r.Error(key, "expected a name, found an empty text");
                return null;
            }

            return text;
        }

        private static Text? TextAt(MapReader r, string key, bool required = false)
        {
            var value = r.Text(key, required);
            return value is null ? null : new Text(value, r.Map[key]!);
        }

        // Resolves a catalog id or file (relative to the scenario); problems the catalog reports without a line get the
        // line of the name in the scenario.
        private T? Resolve<T>(Func<string, Problems, string, T?> resolve, Text name)
            where T : class
        {
            var local = new Problems(problems.File);
            var found = resolve(ColossimCatalog.LooksLikePath(name.Value) ? Rebase(name.Value) : name.Value, local, name.Node.Path);
            foreach (var p in local)
            {
                problems.Add(p.Line is null && p.File == problems.File ? p with { Line = name.Node.Line } : p);
            }

            return local.HasErrors ? null : found;
        }

        private string Rebase(string path) => Path.IsPathRooted(path) ? path : Path.Combine(baseDirectory, path);
    }
}
