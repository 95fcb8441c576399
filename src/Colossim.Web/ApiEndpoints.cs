using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Reports;
using Colossim.Runs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Colossim.Web;

/// <summary>
/// The HTTP API (the page uses nothing else). Every 4xx is <c>application/problem+json</c> (RFC 9457) with a
/// <c>detail</c> in words and, for a scenario's problems, a <c>problems</c> array in the shape of <see cref="ProblemsJson"/>.
/// <list type="bullet">
/// <item><c>POST /api/check</c>: scenario text → 200 with <c>colossim check --format json</c>'s document.</item>
/// <item><c>POST /api/runs</c>: scenario text → 202 with the queued run (and <c>Location</c>); 400 with its problems;
/// 413 over 1 MiB; 415 for a body that is not YAML, JSON or text; 429 with <c>Retry-After</c> when the queue is full.</item>
/// <item><c>GET /api/runs</c> (<c>?limit=1..1000</c>), <c>GET /api/runs/{id}</c>, <c>GET /api/runs/{id}/report</c>
/// (report.html, else report.txt), <c>GET /api/runs/{id}/scenario</c>, <c>POST /api/runs/{id}/cancel</c>,
/// <c>GET /api/runs/{id}/events</c> (progress as server-sent events, then the final status).</item>
/// <item><c>GET /api/compare?a=ID&amp;b=ID</c>: two runs compared as <c>colossim compare</c> compares them.</item>
/// <item><c>GET /api/catalog</c>: <c>colossim catalog --format json</c>'s document.</item>
/// </list>
/// </summary>
internal static class ApiEndpoints
{
    /// <summary>The rate-limiting policy of the endpoints that check a scenario (check and submit).</summary>
    public const string CheckPolicy = "check";

    /// <summary>How many checks may wait for a core before the next gets 429.</summary>
    public const int CheckQueue = 64;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly string[] Accepted = ["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "application/json", "text/plain"];

    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapPost("/check", Check).RequireRateLimiting(CheckPolicy);
        api.MapGet("/catalog", () => Results.Text(CatalogJson.ToJson(ColossimCatalog.BuiltIn), "application/json; charset=utf-8"));
        var runs = api.MapGroup("/runs");
        runs.MapPost("/", Submit).RequireRateLimiting(CheckPolicy);
        runs.MapGet("/", List);
        runs.MapGet("/{id}", Get);
        runs.MapGet("/{id}/report", Report);
        runs.MapGet("/{id}/scenario", ScenarioText);
        runs.MapPost("/{id}/cancel", Cancel);
        runs.MapGet("/{id}/events", Events);
        api.MapGet("/compare", Compare);
        api.Map("/{**rest}", (string? rest) => Problem(HttpStatusCode.NotFound, "no such API", $"there is no API at /api/{Shown(rest ?? "")}; see docs/web.md"));
    }

    /// <summary>Writes a problem document with <paramref name="status"/>, a title and a detail in words.</summary>
    public static Task Problem(HttpContext context, HttpStatusCode status, string title, string detail) =>
        Problem(status, title, detail).ExecuteAsync(context);

    private static async Task<IResult> Check(HttpRequest request)
    {
        var (text, error) = await ReadScenario(request).ConfigureAwait(false);
        if (text is null)
        {
            return error!;
        }

        var result = ScenarioSubmission.Check(text);
        var summary = result.Scenario is { } s ? new CheckSummary(s.Sites.Count, s.TotalGpus, s.Tenants.Count, s.Workloads.Count) : null;
        return Results.Text(CheckReport.ToJson("scenario", result.Problems, summary), "application/json; charset=utf-8");
    }

    private static async Task<IResult> Submit(HttpRequest request, RunService runs)
    {
        var (text, error) = await ReadScenario(request).ConfigureAwait(false);
        if (text is null)
        {
            return error!;
        }

        var submission = runs.Submit(text);
        switch (submission.Outcome)
        {
            case SubmitOutcome.Accepted:
                var run = submission.Run!;
                var body = RunJson.Detail(run, null, hasReport: false);
                body["warnings"] = ProblemsJson.ToNode(submission.Problems);
                return new Located(Results.Text(ReportJson.Serialize(body), "application/json; charset=utf-8", Encoding.UTF8, StatusCodes.Status202Accepted), $"/api/runs/{run.Id}");
            case SubmitOutcome.Invalid:
                return Problem(HttpStatusCode.BadRequest, "invalid scenario", $"the scenario has {Plural(submission.Problems.Count(p => p.Severity == Severity.Error), "error")}; see problems", submission.Problems);
            case SubmitOutcome.Full:
                var seconds = (int)Math.Ceiling(submission.RetryAfter.TotalSeconds);
                return new RetryAfter(Problem(HttpStatusCode.TooManyRequests, "too many runs", $"{runs.Options.Workers} running and {runs.Options.Capacity} waiting, the most this server takes; try again in {seconds} s"), seconds);
            default:
                return Problem(HttpStatusCode.ServiceUnavailable, "stopping", "the server is stopping and takes no new runs");
        }
    }

    private static IResult List(HttpRequest request, RunService runs)
    {
        var limit = 100;
        if (request.Query.TryGetValue("limit", out var values))
        {
            if (values.Count != 1 || !int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 1000)
            {
                return Problem(HttpStatusCode.BadRequest, "bad limit", $"limit: expected a whole number from 1 to 1000, found '{Shown(values.ToString())}'");
            }
        }

        return Results.Text(RunJson.List(runs.Store.List(limit)), "application/json; charset=utf-8");
    }

    private static IResult Get(string id, RunService runs)
    {
        if (Find(id, runs) is not { } run)
        {
            return Unknown(id);
        }

        return Results.Text(ReportJson.Serialize(RunJson.Detail(run, runs.Progress(run.Id), ReportFile(run) is not null)), "application/json; charset=utf-8");
    }

    private static IResult Report(string id, RunService runs, HttpResponse response)
    {
        if (Find(id, runs) is not { } run)
        {
            return Unknown(id);
        }

        if (ReportFile(run) is not { } file)
        {
            return Problem(HttpStatusCode.NotFound, "no report", run.IsFinished
                ? $"run {run.Id} has no report ({EnumNames.Of(run.Status)}{(run.Error is { } e ? ": " + e.Split('\n')[0] : "")})"
                : $"run {run.Id} has no report yet: it is {EnumNames.Of(run.Status)}");
        }

        // The report is shown in a frame: keep its scripts away from the dashboard's origin.
        response.Headers.ContentSecurityPolicy = "sandbox allow-scripts";
        var html = file.EndsWith(".html", StringComparison.Ordinal);
        return Results.Text(File.ReadAllText(file), html ? "text/html; charset=utf-8" : "text/plain; charset=utf-8");
    }

    // Progress as server-sent events: `progress` whenever the status or the progress changes (checked every
    // EventInterval), then one `done` with the run as GET /api/runs/{id} gives it, without the summary; the stream then
    // ends. It also ends when the client goes or the server stops.
    private static IResult Events(string id, RunService runs, Microsoft.Extensions.Hosting.IHostApplicationLifetime lifetime, HttpContext context)
    {
        if (Find(id, runs) is not { } first)
        {
            return Unknown(id);
        }

        context.Response.Headers.CacheControl = "no-cache";
        return TypedResults.ServerSentEvents(Stream(first, runs, CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping)));
    }

    /// <summary>How often the event stream looks for a change of a run's status or progress.</summary>
    public static readonly TimeSpan EventInterval = TimeSpan.FromMilliseconds(100);

    private static async IAsyncEnumerable<System.Net.ServerSentEvents.SseItem<string>> Stream(RunRecord run, RunService runs, CancellationTokenSource stop)
    {
        using var _ = stop;
        string? last = null;
        while (!stop.IsCancellationRequested)
        {
            if (run.IsFinished)
            {
                var done = RunJson.Detail(run, null, ReportFile(run) is not null);
                done.Remove("summary");
                yield return new System.Net.ServerSentEvents.SseItem<string>(done.ToJsonString(), "done");
                yield break;
            }

            var progress = RunJson.Detail(run, runs.Progress(run.Id), hasReport: false);
            progress.Remove("summary");
            progress.Remove("has_report");
            var text = progress.ToJsonString();
            if (text != last)
            {
                last = text;
                yield return new System.Net.ServerSentEvents.SseItem<string>(text, "progress");
            }

            try
            {
                await Task.Delay(EventInterval, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }

            if (runs.Store.Get(run.Id) is not { } now)
            {
                yield break;
            }

            run = now;
        }
    }

    // Two runs of the history compared as `colossim compare ID_A ID_B --format json` compares them, with the rows of its
    // tables as the terminal shows them (`rows`, `input_rows`) for the page.
    private static IResult Compare(HttpRequest request, RunService runs)
    {
        string?[] ids = [request.Query["a"].ToString(), request.Query["b"].ToString()];
        List<(string Id, string Summary)> found = [];
        for (var i = 0; i < 2; i++)
        {
            var key = i == 0 ? "a" : "b";
            var id = ids[i] ?? "";
            if (id.Length == 0)
            {
                return Problem(HttpStatusCode.BadRequest, "missing run", $"{key}: expected a run id (32 hexadecimal digits, as GET /api/runs gives it), found nothing");
            }

            if (Find(id, runs) is not { } run)
            {
                return Problem(HttpStatusCode.NotFound, "unknown run", $"{key}: no run with id '{Shown(id)}' (an id is 32 hexadecimal digits, as GET /api/runs gives it)");
            }

            if (run.Summary is not { } summary)
            {
                return Problem(HttpStatusCode.Conflict, "no summary", $"{key}: run {run.Id} has no summary to compare (it is {EnumNames.Of(run.Status)}); compare two succeeded runs");
            }

            found.Add((run.Id, summary));
        }

        var problems = new Problems();
        if (RunComparison.Compare(found[0].Id, found[0].Summary, $"run {found[0].Id}", found[1].Id, found[1].Summary, $"run {found[1].Id}", problems, "a", "b") is not { } comparison)
        {
            return Problem(HttpStatusCode.Conflict, "cannot compare", string.Join("; ", problems.Select(p => $"{p.Path}: {p.Message}")));
        }

        var body = CompareReport.Json(comparison);
        var tables = CompareReport.Blocks(comparison).OfType<ReportTable>().ToList();
        body["rows"] = Rows(tables.Count > 0 ? tables[0] : null);
        body["input_rows"] = Rows(tables.Count > 1 ? tables[1] : null);
        return Results.Text(ReportJson.Serialize(body), "application/json; charset=utf-8");
    }

    private static JsonArray Rows(ReportTable? table) =>
        table is null ? [] : new JsonArray([.. table.Rows.Select(r => (JsonNode?)new JsonArray([.. r.Select(c => (JsonNode?)c)]))]);

    private static IResult ScenarioText(string id, RunService runs) =>
        Find(id, runs) is { } run ? Results.Text(run.Scenario, "text/yaml; charset=utf-8") : Unknown(id);

    private static IResult Cancel(string id, RunService runs)
    {
        if (Find(id, runs) is not { } run)
        {
            return Unknown(id);
        }

        return runs.Cancel(run.Id)
            ? Results.Text(ReportJson.Serialize(new JsonObject { ["id"] = run.Id, ["cancelling"] = true }), "application/json; charset=utf-8", Encoding.UTF8, StatusCodes.Status202Accepted)
            : Problem(HttpStatusCode.Conflict, "not running here", $"run {run.Id} is {EnumNames.Of(run.Status)}{(run.IsFinished ? "" : " in another process")}; only a queued or running run of this server can be cancelled");
    }

    // A run by id: 32 lowercase hex digits, else unknown (no lookup for anything else).
    private static RunRecord? Find(string id, RunService runs) =>
        id.Length == 32 && id.All(char.IsAsciiHexDigitLower) ? runs.Store.Get(id) : null;

    private static IResult Unknown(string id) => Problem(HttpStatusCode.NotFound, "unknown run", $"no run with id '{Shown(id)}' (an id is 32 hexadecimal digits, as POST /api/runs and GET /api/runs give it)");

    // The report to show: report.html when the run's folder has one, else report.txt, else none.
    private static string? ReportFile(RunRecord run)
    {
        if (run.Status != RunStatus.Succeeded || run.ReportFolder is not { } folder)
        {
            return null;
        }

        foreach (var name in new[] { "report.html", ReportFolder.TextFile })
        {
            var path = Path.Combine(folder, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }

    // The body as text: a YAML, JSON or plain-text content type, at most MaxRequestBytes, UTF-8.
    private static async Task<(string? Text, IResult? Error)> ReadScenario(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !Accepted.Contains(type.MediaType.Value ?? "", StringComparer.OrdinalIgnoreCase))
        {
            return (null, Problem(HttpStatusCode.UnsupportedMediaType, "unsupported content type", $"expected a scenario as application/yaml, application/json or text/plain, found '{Shown(request.ContentType ?? "none")}'"));
        }

        if (type.Charset.HasValue && !string.Equals(type.Charset.Value, "utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problem(HttpStatusCode.UnsupportedMediaType, "unsupported charset", $"expected UTF-8 text, found charset '{Shown(type.Charset.Value ?? "")}'"));
        }

        var max = DashboardOptions.MaxRequestBytes;
        if (request.ContentLength > max)
        {
            return (null, TooLarge(request.ContentLength.Value));
        }

        using var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted).ConfigureAwait(false)) > 0)
            {
                body.Write(buffer, 0, read);
                if (body.Length > max)
                {
                    return (null, TooLarge(null));
                }
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(null));
        }

        if (body.Length == 0)
        {
            return (null, Problem(HttpStatusCode.BadRequest, "empty scenario", "expected a scenario (YAML or JSON) in the request body, found nothing"));
        }

        try
        {
            var bytes = body.GetBuffer().AsSpan(0, (int)body.Length);
            if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                bytes = bytes[3..];
            }

            return (StrictUtf8.GetString(bytes), null);
        }
        catch (DecoderFallbackException)
        {
            return (null, Problem(HttpStatusCode.BadRequest, "not UTF-8", "expected a scenario in UTF-8 text, found bytes that are not UTF-8"));
        }
    }

    private static IResult TooLarge(long? length) => Problem(
        HttpStatusCode.RequestEntityTooLarge,
        "scenario too large",
        $"expected a scenario of at most {DashboardOptions.MaxRequestBytes / 1024} KiB, found {(length is { } n ? $"{n / 1024} KiB" : "more")}");

    private static IResult Problem(HttpStatusCode status, string title, string detail, IEnumerable<Problem>? problems = null)
    {
        var extensions = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (problems is not null)
        {
            extensions["problems"] = ProblemsJson.ToNode(problems);
        }

        return Results.Problem(detail: detail, statusCode: (int)status, title: title, extensions: extensions);
    }

    private static string Plural(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    private static string Shown(string value)
    {
        var clean = new string([.. value.Take(80).Select(c => char.IsControl(c) ? '?' : c)]);
        return value.Length <= 80 ? clean : clean[..77] + "...";
    }

    // A result with a Location header.
    private sealed class Located(IResult inner, string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return inner.ExecuteAsync(httpContext);
        }
    }

    // A result with a Retry-After header (seconds).
    private sealed class RetryAfter(IResult inner, int seconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
