using System.Globalization;
using Colossim.Cluster;
using Colossim.Cluster.Traces;
using Colossim.Documents;

namespace Colossim.Scenarios;

/// <summary>The binder of the scenario's <c>jobs</c> section (docs/scenario.md, "Jobs").</summary>
public static partial class ScenarioLoader
{
    /// <summary>The tenant of synthetic jobs in a scenario that lists no tenants.</summary>
    public const string DefaultTenant = "default";

    private sealed partial class Binder
    {
        private static readonly string[] JobArrivals = [.. EnumNames.All<JobArrival>()];
        private static readonly string[] Priorities = [.. EnumNames.All<PriorityClass>()];
        private static readonly string[] Kinds = [.. EnumNames.All<JobKind>()];
        private static readonly string[] TraceFormats = [.. EnumNames.All<JobTraceFormat>()];
        private static readonly string[] StreamKeys = ["name", "count", "rate", "window", "arrival", "cv", "gpus", "runtime", "priority", "kind"];
        private static readonly string[] ReplayKeys = ["format", "nodes", "tasks"];

        private ScenarioJobs ReadJobs(MapReader r)
        {
            var streams = new List<JobStreamSpec>();
            var replays = new List<TraceReplay>();
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            var items = r.List("jobs");
            for (var i = 0; i < items.Count; i++)
            {
                if (MapReader.From(items[i], problems, "a job stream (tenant, count or rate, gpus, runtime) or a trace to replay (trace, format)") is not { } j)
                {
                    continue;
                }

                if (j.Has("trace"))
                {
                    if (ReadReplay(j) is { } replay)
                    {
                        replays.Add(replay);
                    }
                }
                else if (ReadStream(j, i, names) is { } stream)
                {
                    streams.Add(stream);
                }

                j.Finish();
            }

            return streams.Count == 0 && replays.Count == 0 ? ScenarioJobs.None : new ScenarioJobs { Streams = streams, Traces = replays };
        }

        private JobStreamSpec? ReadStream(MapReader r, int index, Dictionary<string, string> names)
        {
            var ok = true;
            foreach (var key in ReplayKeys)
            {
                if (r.Node(key) is { } extra)
                {
                    problems.Error(extra.Path, "is used only with trace (a trace to replay)", extra.Line);
                    ok = false;
                }
            }

            var (tenant, tenantFailed) = CheckTenant(r);
            ok &= !tenantFailed;
            var name = NonEmpty(r, "name");
            ok &= r.ReadOrAbsent("name", name);
            name ??= $"{tenant ?? DefaultTenant}-{index.ToString(CultureInfo.InvariantCulture)}";
            if (!names.TryAdd(name, r.Map.Path))
            {
                r.Error(r.Has("name") ? "name" : "tenant", $"the job stream name '{name}' is already used by {names[name]}{(r.Has("name") ? "" : "; give this one a name")}");
                ok = false;
            }

            var count = r.Count("count", min: 1, max: JobStreamSpec.MaxJobs);
            ok &= r.ReadOrAbsent("count", count);
            var rate = JobRate(r, ref ok);
            var window = PositiveDuration(r, "window");
            ok &= r.ReadOrAbsent("window", window);
            if (r.Has("count") && r.Has("window"))
            {
                problems.Error(r.PathOf("window"), "expected either count or window, found both (count jobs arrive at rate; or jobs arrive at rate until window)", r.Map["window"]!.Line);
                ok = false;
            }
            else if (r.Has("window") && !r.Has("rate"))
            {
                problems.Error(r.PathOf("window"), "is used only with rate (jobs arrive at rate until window)", r.Map["window"]!.Line);
                ok = false;
            }
            else if (!r.Has("count") && !r.Has("window"))
            {
                problems.Error(r.Map.Path, r.Has("rate")
                    ? "expected count (how many jobs) or window (until when they arrive) with rate, found neither"
                    : "expected count (how many jobs) or rate and window (how often, until when), found neither", r.Map.Line);
                ok = false;
            }
            else if (rate is { } perSecond && window is { } until && perSecond * until.TotalSeconds > JobStreamSpec.MaxJobs)
            {
                problems.Error(r.PathOf("window"), $"expected at most {JobStreamSpec.MaxJobs:N0} jobs (rate × window), found about {perSecond * until.TotalSeconds:N0}", r.Map["window"]!.Line);
                ok = false;
            }

            var arrivalText = r.Choice("arrival", JobArrivals);
            ok &= r.ReadOrAbsent("arrival", arrivalText);
            var arrival = EnumNames.Parse<JobArrival>(arrivalText) ?? JobArrival.Poisson;
            var cv = r.Number("cv", min: 0, max: 100, expected: "a coefficient of variation");
            ok &= r.ReadOrAbsent("cv", cv);
            if (cv == 0)
            {
                r.Error("cv", $"expected a coefficient of variation above 0, found {r.Map["cv"]!.Describe()}");
                ok = false;
            }
            else if (cv is not null && arrival != JobArrival.Gamma)
            {
                r.Error("cv", "is used only with arrival: gamma");
                ok = false;
            }

            if (r.Has("arrival") && !r.Has("rate"))
            {
                r.Error("arrival", "is used only with rate (without a rate every job is submitted at the start)");
                ok = false;
            }

            var sizes = JobSizes(r, ref ok);
            var runtime = JobRuntime(r, ref ok);
            var priority = r.Choice("priority", Priorities);
            ok &= r.ReadOrAbsent("priority", priority);
            var kind = r.Choice("kind", Kinds);
            ok &= r.ReadOrAbsent("kind", kind);
            return ok && sizes is not null && runtime is not null
                ? new JobStreamSpec
                {
                    Name = name,
                    Tenant = tenant ?? DefaultTenant,
                    Count = count,
                    Rate = rate,
                    Window = window,
                    Arrival = arrival,
                    Cv = cv ?? 1,
                    Sizes = sizes,
                    Runtime = runtime,
                    Priority = EnumNames.Parse<PriorityClass>(priority) ?? PriorityClass.Guaranteed,
                    Kind = EnumNames.Parse<JobKind>(kind) ?? JobKind.Training,
                }
                : null;
        }

        private TraceReplay? ReadReplay(MapReader r)
        {
            var ok = true;
            foreach (var key in StreamKeys)
            {
                if (r.Node(key) is { } extra)
                {
                    problems.Error(extra.Path, "is used only with synthetic jobs (without trace): a trace has its own jobs", extra.Line);
                    ok = false;
                }
            }

            var trace = TextAt(r, "trace");
            var formatText = r.Choice("format", TraceFormats, required: true);
            var format = EnumNames.Parse<JobTraceFormat>(formatText);
            var path = trace is { } t ? ExistingFile(t, "trace") : null;
            ok &= path is not null && format is not null;
            string? nodes = null, tasks = null;
            if (TextAt(r, "nodes") is { } n)
            {
                if (format == JobTraceFormat.Helios)
                {
                    problems.Error(n.Node.Path, "the helios format has no node list; leave nodes out", n.Node.Line);
                    ok = false;
                }
                else
                {
                    nodes = ExistingFile(n, "node list");
                    ok &= nodes is not null;
                }
            }

            if (TextAt(r, "tasks") is { } k)
            {
                if (format is not null and not JobTraceFormat.Alibaba2020)
                {
                    problems.Error(k.Node.Path, $"is used only with format alibaba-2020 (its task table), not {formatText}", k.Node.Line);
                    ok = false;
                }
                else
                {
                    tasks = ExistingFile(k, "task table");
                    ok &= tasks is not null;
                }
            }
            else if (format == JobTraceFormat.Alibaba2020 && path is not null)
            {
                var sibling = Path.Combine(Path.GetDirectoryName(path) ?? "", "pai_task_table.csv");
                if (!File.Exists(sibling))
                {
                    problems.Error(trace!.Value.Node.Path, $"expected the task table pai_task_table.csv next to '{path}' (or give tasks), found none", trace.Value.Node.Line);
                    ok = false;
                }
            }

            string? tenant = null;
            if (TextAt(r, "tenant") is { } tt)
            {
                if (_tenantNames.Count > 0 && !_tenantNames.Contains(tt.Value))
                {
                    problems.Error(tt.Node.Path, $"unknown tenant '{tt.Value}'{Suggestions.DidYouMean(tt.Value, _tenantNames)}; tenants: {string.Join(", ", _tenantNames)}", tt.Node.Line);
                    ok = false;
                }

                tenant = tt.Value;
            }

            return ok ? new TraceReplay { Path = path!, Format = format!.Value, NodesPath = nodes, TasksPath = tasks, Tenant = tenant } : null;
        }

        private string? ExistingFile(Text t, string what)
        {
            var path = Rebase(t.Value);
            if (Directory.Exists(path) || !File.Exists(path))
            {
                problems.Error(t.Node.Path, Directory.Exists(path) ? $"expected a {what} file, found the directory '{path}'" : $"the {what} file '{path}' does not exist", t.Node.Line);
                return null;
            }

            return path;
        }

        private double? JobRate(MapReader r, ref bool ok) =>
            PerSecond(r, "a job rate like 20/h, 0.5/min, 100/d or 2 (per second)", "above 0 and at most 1e6 per second", 1e6, perDay: true, ref ok);

        private List<GpuSize>? JobSizes(MapReader r, ref bool ok)
        {
            var node = r.Node("gpus", required: true);
            var max = (int)Math.Min(MaxGpus, Math.Max(1, _siteGpuCounts.Values.Sum(x => (long)x)));
            switch (node)
            {
                case null:
                    ok = false;
                    return null;
                case DocScalar:
                    var n = r.Count("gpus", min: 1, max: MaxGpus);
                    if (n > max && _siteGpuCounts.Count > 0)
                    {
                        r.Error("gpus", $"expected at most the {max:N0} GPUs of the scenario's sites, found {n:N0}");
                        n = null;
                    }

                    ok &= n is not null;
                    return n is { } gpus ? [new GpuSize(gpus, 1)] : null;
                case DocSeq { Items.Count: 0 }:
                    problems.Error(node.Path, "expected at least one size, found an empty list", node.Line);
                    ok = false;
                    return null;
                case DocSeq seq:
                    var sizes = new List<GpuSize>();
                    var good = true;
                    foreach (var item in seq.Items)
                    {
                        if (MapReader.From(item, problems, "a size mapping (size, weight)") is not { } s)
                        {
                            good = false;
                            continue;
                        }

                        var size = s.Count("size", required: true, min: 1, max: MaxGpus);
                        if (size > max && _siteGpuCounts.Count > 0)
                        {
                            s.Error("size", $"expected at most the {max:N0} GPUs of the scenario's sites, found {size:N0}");
                            size = null;
                        }

                        var weight = s.Number("weight", required: true, min: 0, max: 1e9, expected: "a weight");
                        if (weight == 0)
                        {
                            s.Error("weight", $"expected a weight above 0, found {s.Map["weight"]!.Describe()}");
                            weight = null;
                        }

                        s.Finish();
                        if (size is null || weight is null)
                        {
                            good = false;
                            continue;
                        }

                        sizes.Add(new GpuSize(size.Value, weight.Value));
                    }

                    ok &= good;
                    return good ? sizes : null;
                default:
                    problems.Error(node.Path, $"expected a GPU count or a list of sizes with weights, found {node.Describe()}", node.Line);
                    ok = false;
                    return null;
            }
        }

        private RuntimeDistribution? JobRuntime(MapReader r, ref bool ok)
        {
            var node = r.Node("runtime", required: true);
            if (node is null)
            {
                ok = false;
                return null;
            }

            if (node is DocScalar)
            {
                var fixedTime = PositiveDuration(r, "runtime");
                ok &= fixedTime is not null;
                return fixedTime is { } f ? new RuntimeDistribution(f) : null;
            }

            if (MapReader.From(node, problems, "a run time (2h) or a mapping with median and sigma") is not { } m)
            {
                ok = false;
                return null;
            }

            var median = PositiveDuration(m, "median");
            if (median is null && !m.Has("median"))
            {
                problems.Error(m.PathOf("median"), "is required", m.Map.Line);
            }

            var sigma = m.Number("sigma", required: true, min: 0, max: RuntimeDistribution.MaxSigma, expected: "a log-normal sigma");
            m.Finish();
            ok &= median is not null && sigma is not null;
            return median is { } med && sigma is { } sg ? new RuntimeDistribution(med, sg) : null;
        }
    }
}
