using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Colossim.Runs;
using Colossim.Tests.Runs;
using Colossim.Tests.Scenarios;

namespace Colossim.Tests.Web;

/// <summary>The HTTP API against a real Kestrel on a loopback port: what a client sees, hostile clients included.</summary>
public sealed class ApiEndpointsTests : IAsyncLifetime
{
    private LiveDashboard _web = null!;

    public async Task InitializeAsync() => _web = await LiveDashboard.StartAsync();

    public async Task DisposeAsync() => await _web.DisposeAsync();

    private static StringContent Yaml(string text, string type = "application/yaml") => new(text, Encoding.UTF8, type);

    private static async Task<JsonElement> Json(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    // A 4xx answer: problem+json with the status and a detail; the server is healthy after it.
    private async Task<JsonElement> AssertProblem(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await Json(response);
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.Equal(detail, body.GetProperty("detail").GetString());
        var health = await _web.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("{\n  \"status\": \"ok\"\n}", await health.Content.ReadAsStringAsync());
        return body;
    }

    [Fact]
    public async Task Runs_a_scenario_from_POST_to_its_summary_report_and_history()
    {
        var posted = await _web.Client.PostAsync("/api/runs", Yaml(ScenarioSubmissionTests.Tiny));
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var id = (await Json(posted)).GetProperty("id").GetString()!;
        Assert.Equal($"/api/runs/{id}", posted.Headers.Location?.OriginalString);

        var run = await _web.WaitForAsync(id);
        var report = await _web.Client.GetAsync($"/api/runs/{id}/report");
        var list = await Json(await _web.Client.GetAsync("/api/runs"));

        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.Equal("tiny", run.GetProperty("summary").GetProperty("scenario").GetString());
        Assert.True(run.GetProperty("has_report").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        var page = await report.Content.ReadAsStringAsync();
        Assert.StartsWith("<!DOCTYPE html>", page, StringComparison.Ordinal);
        Assert.Contains("tiny", page, StringComparison.Ordinal);
        Assert.Equal("sandbox allow-scripts", report.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal(id, list.GetProperty("runs")[0].GetProperty("id").GetString());
        Assert.Equal(ScenarioSubmissionTests.Tiny, await _web.Client.GetStringAsync($"/api/runs/{id}/scenario"));
    }

    [Fact]
    public async Task Accepts_json_scenarios()
    {
        const string json = """{"name": "tiny-json", "sites": [{"name": "lab", "gpus": {"type": "h200-sxm", "count": 8}}]}""";

        var posted = await _web.Client.PostAsync("/api/runs", Yaml(json, "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        Assert.Equal("succeeded", (await _web.WaitForAsync((await Json(posted)).GetProperty("id").GetString()!)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Checks_a_scenario_as_colossim_check_does()
    {
        var text = File.ReadAllText(ScenarioFiles.Scenario("single-node-h200.yaml")).Replace("ttft_p99: 1s", "ttft_p99: soon", StringComparison.Ordinal);

        var body = await Json(await _web.Client.PostAsync("/api/check", Yaml(text)));

        Assert.False(body.GetProperty("valid").GetBoolean());
        var problem = body.GetProperty("problems").EnumerateArray().Single(p => p.GetProperty("severity").GetString() == "error");
        Assert.Equal("workloads.serving[0].slo.ttft_p99", problem.GetProperty("path").GetString());
        Assert.Equal(19, problem.GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task Answers_an_invalid_scenario_with_400_and_its_problems()
    {
        var body = await AssertProblem(await _web.Client.PostAsync("/api/runs", Yaml("name: x\nsites: 3\n")), HttpStatusCode.BadRequest, "the scenario has 1 error; see problems");

        Assert.Equal("sites", body.GetProperty("problems")[0].GetProperty("path").GetString());
    }

    [Fact]
    public async Task Answers_malformed_yaml_with_400() =>
        await AssertProblem(await _web.Client.PostAsync("/api/runs", Yaml("name: [x\n  - : :")), HttpStatusCode.BadRequest, "the scenario has 1 error; see problems");

    [Fact]
    public async Task Answers_a_file_name_with_400_and_why()
    {
        var body = await AssertProblem(await _web.Client.PostAsync("/api/runs", Yaml(ScenarioSubmissionTests.Tiny.Replace("hgx-h200", "/etc/passwd", StringComparison.Ordinal))), HttpStatusCode.BadRequest, "the scenario has 1 error; see problems");

        Assert.StartsWith(ScenarioSubmission.NoFiles, body.GetProperty("problems")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, _web.Store.Count());
    }

    [Fact]
    public async Task Answers_a_body_over_1_MiB_with_413()
    {
        var big = new ByteArrayContent(new byte[(2 << 20) + 5]);
        big.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");

        await AssertProblem(await _web.Client.PostAsync("/api/runs", big), HttpStatusCode.RequestEntityTooLarge, "expected a scenario of at most 1024 KiB, found 2048 KiB");
    }

    [Fact]
    public async Task Answers_a_streamed_body_over_1_MiB_with_413()
    {
        var big = new StreamContent(new MemoryStream(new byte[(1 << 20) + 1]));
        big.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/runs") { Content = big };
        request.Headers.TransferEncodingChunked = true;

        await AssertProblem(await _web.Client.SendAsync(request), HttpStatusCode.RequestEntityTooLarge, "expected a scenario of at most 1024 KiB, found more");
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded", "expected a scenario as application/yaml, application/json or text/plain, found 'application/x-www-form-urlencoded'")]
    [InlineData("image/png", "expected a scenario as application/yaml, application/json or text/plain, found 'image/png'")]
    public async Task Answers_a_wrong_content_type_with_415(string type, string detail)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(ScenarioSubmissionTests.Tiny));
        content.Headers.ContentType = new MediaTypeHeaderValue(type);

        await AssertProblem(await _web.Client.PostAsync("/api/runs", content), HttpStatusCode.UnsupportedMediaType, detail);
    }

    [Fact]
    public async Task Answers_bytes_that_are_not_utf8_with_400()
    {
        var content = new ByteArrayContent([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xff, 0xfe]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");

        await AssertProblem(await _web.Client.PostAsync("/api/runs", content), HttpStatusCode.BadRequest, "expected a scenario in UTF-8 text, found bytes that are not UTF-8");
    }

    [Fact]
    public async Task Answers_an_empty_body_with_400() =>
        await AssertProblem(await _web.Client.PostAsync("/api/runs", Yaml("")), HttpStatusCode.BadRequest, "expected a scenario (YAML or JSON) in the request body, found nothing");

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef", "no run with id '0123456789abcdef0123456789abcdef' (an id is 32 hexadecimal digits, as POST /api/runs and GET /api/runs give it)")]
    [InlineData("..%2F..%2Fetc%2Fpasswd", "no run with id '..%2F..%2Fetc%2Fpasswd' (an id is 32 hexadecimal digits, as POST /api/runs and GET /api/runs give it)")]
    [InlineData("1%20OR%201%3D1", "no run with id '1 OR 1=1' (an id is 32 hexadecimal digits, as POST /api/runs and GET /api/runs give it)")]
    public async Task Answers_an_unknown_or_path_like_id_with_404(string id, string detail)
    {
        await AssertProblem(await _web.Client.GetAsync($"/api/runs/{id}"), HttpStatusCode.NotFound, detail);
        await AssertProblem(await _web.Client.GetAsync($"/api/runs/{id}/report"), HttpStatusCode.NotFound, detail);
        await AssertProblem(await _web.Client.GetAsync($"/api/runs/{id}/events"), HttpStatusCode.NotFound, detail);
    }

    // Reads a server-sent event stream to its end: (event, data) pairs; afterFirst runs once the first event is read.
    private async Task<List<(string Event, JsonElement Data)>> ReadEvents(string id, Func<Task>? afterFirst = null)
    {
        using var response = await _web.Client.GetAsync($"/api/runs/{id}/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        List<(string, JsonElement)> events = [];
        string? name = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                events.Add((name ?? "message", JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone()));
                if (events.Count == 1 && afterFirst is not null)
                {
                    await afterFirst();
                }
            }
        }

        return events;
    }

    [Fact]
    public async Task Streams_a_runs_progress_as_server_sent_events_then_its_final_status()
    {
        // The first run (a 100,000-GPU scenario, seconds of work) keeps the one worker busy, so the second is waiting
        // when its stream opens; once the stream has said so, the first is cancelled and the second runs.
        var first = await _web.Client.PostAsync("/api/runs", Yaml(File.ReadAllText(ScenarioFiles.Scenario("colossus.yaml"))));
        var firstId = (await Json(first)).GetProperty("id").GetString()!;
        var posted = await _web.Client.PostAsync("/api/runs", Yaml(ScenarioSubmissionTests.Tiny));
        var id = (await Json(posted)).GetProperty("id").GetString()!;

        var events = await ReadEvents(id, async () => Assert.True((await _web.Client.PostAsync($"/api/runs/{firstId}/cancel", null)).IsSuccessStatusCode));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.True(events.Count >= 2, $"{events.Count} event(s)");
        Assert.All(events[..^1], e => Assert.Equal("progress", e.Event));
        Assert.Equal("queued", events[0].Data.GetProperty("status").GetString());
        Assert.All(events[..^1], e => Assert.True(e.Data.GetProperty("status").GetString() is "queued" or "running"));
        var (last, done) = events[^1];
        Assert.Equal("done", last);
        Assert.Equal(id, done.GetProperty("id").GetString());
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        Assert.True(done.GetProperty("has_report").GetBoolean());
        Assert.False(done.TryGetProperty("summary", out _));
    }

    [Fact]
    public async Task Streams_only_the_final_status_of_a_run_that_has_ended()
    {
        var id = (await Json(await _web.Client.PostAsync("/api/runs", Yaml(ScenarioSubmissionTests.Tiny)))).GetProperty("id").GetString()!;
        await _web.WaitForAsync(id);

        var events = await ReadEvents(id);

        var (name, data) = Assert.Single(events);
        Assert.Equal("done", name);
        Assert.Equal("succeeded", data.GetProperty("status").GetString());
    }

    private async Task<string> Succeeded(string yaml)
    {
        var id = (await Json(await _web.Client.PostAsync("/api/runs", Yaml(yaml)))).GetProperty("id").GetString()!;
        Assert.Equal("succeeded", (await _web.WaitForAsync(id)).GetProperty("status").GetString());
        return id;
    }

    [Fact]
    public async Task Compares_two_runs_as_colossim_compare_does_with_the_rows_it_prints()
    {
        var a = await Succeeded(ScenarioSubmissionTests.Tiny);
        var b = await Succeeded(ScenarioSubmissionTests.Tiny.Replace("count: 8", "count: 16", StringComparison.Ordinal));

        var body = await Json(await _web.Client.GetAsync($"/api/compare?a={a}&b={b}"));

        Assert.Equal(a, body.GetProperty("a").GetProperty("run").GetString());
        var metrics = body.GetProperty("metrics").EnumerateArray().ToList();
        var rows = body.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(metrics.Count, rows.Count);
        var gpus = metrics.FindIndex(m => m.GetProperty("group").GetString() == "build" && m.GetProperty("name").GetString() == "GPUs");
        Assert.True(gpus >= 0, "a GPUs figure");
        Assert.Equal((8.0, 16.0, "more"), (metrics[gpus].GetProperty("a").GetDouble(), metrics[gpus].GetProperty("b").GetDouble(), metrics[gpus].GetProperty("verdict").GetString()));
        Assert.Equal(["build", "GPUs", "8", "16"], rows[gpus].EnumerateArray().Take(4).Select(c => c.GetString()));
        Assert.Contains(body.GetProperty("input_rows").EnumerateArray(), r => r[0].GetString() == "platform.sites[lab].gpus" && r[1].GetString() == "8" && r[2].GetString() == "16");
    }

    [Fact]
    public async Task Answers_a_comparison_without_two_known_runs_with_4xx()
    {
        var a = await Succeeded(ScenarioSubmissionTests.Tiny);

        await AssertProblem(await _web.Client.GetAsync($"/api/compare?a={a}"), HttpStatusCode.BadRequest, "b: expected a run id (32 hexadecimal digits, as GET /api/runs gives it), found nothing");
        await AssertProblem(await _web.Client.GetAsync($"/api/compare?a={a}&b=..%2Fetc%2Fpasswd"), HttpStatusCode.NotFound, "b: no run with id '../etc/passwd' (an id is 32 hexadecimal digits, as GET /api/runs gives it)");
        await AssertProblem(await _web.Client.GetAsync($"/api/compare?a=0123456789abcdef0123456789abcdef&b={a}"), HttpStatusCode.NotFound, "a: no run with id '0123456789abcdef0123456789abcdef' (an id is 32 hexadecimal digits, as GET /api/runs gives it)");
    }

    [Fact]
    public async Task Answers_a_bad_limit_with_400() =>
        await AssertProblem(await _web.Client.GetAsync("/api/runs?limit=1e308"), HttpStatusCode.BadRequest, "limit: expected a whole number from 1 to 1000, found '1e308'");

    [Fact]
    public async Task Answers_a_request_for_another_host_with_400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/runs");
        request.Headers.Host = "attacker.example";

        await AssertProblem(await _web.Client.SendAsync(request), HttpStatusCode.BadRequest, "this dashboard answers only requests for a loopback host (127.0.0.1, [::1], localhost), found 'attacker.example'");
    }

    [Fact]
    public async Task Serves_the_catalog_as_colossim_catalog_does()
    {
        var body = await Json(await _web.Client.GetAsync("/api/catalog"));

        Assert.Contains(body.GetProperty("gpus").EnumerateArray(), g => g.GetProperty("id").GetString() == "h200-sxm");
    }

    [Fact]
    public async Task Serves_the_page_and_its_files_embedded()
    {
        var page = await _web.Client.GetStringAsync("/");

        Assert.Contains("<script src=\"/assets/app.js\"></script>", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _web.Client.GetAsync("/assets/app.js")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _web.Client.GetAsync("/assets/..%2F..%2Fcolossim.db")).StatusCode);
    }
}
