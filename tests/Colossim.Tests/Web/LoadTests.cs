using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Colossim.Tests.Runs;
using Colossim.Tests.Scenarios;
using Xunit.Abstractions;

namespace Colossim.Tests.Web;

/// <summary>
/// A bounded load test on loopback: 50 clients post a small scenario at once to a dashboard with 2 workers and 16
/// waiting places. Every answer is 202 or the documented 429 (with Retry-After); every accepted run completes and is in
/// the history. Takes a few seconds (the runs themselves).
/// </summary>
public sealed class LoadTests(ITestOutputHelper output)
{
    public const int Clients = 50;

    [Fact]
    public async Task Fifty_concurrent_runs_get_202_or_429_and_every_accepted_run_completes_in_the_history()
    {
        await using var web = await LiveDashboard.StartAsync(workers: 2, queue: 16);
        var clock = Stopwatch.StartNew();
        using var start = new SemaphoreSlim(0);
        var posts = Enumerable.Range(0, Clients).Select(async i =>
        {
            await start.WaitAsync();
            using var content = new StringContent(ScenarioSubmissionTests.Tiny.Replace("name: tiny", $"name: load-{i}", StringComparison.Ordinal), Encoding.UTF8, "application/yaml");
            using var response = await web.Client.PostAsync("/api/runs", content);
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            return (response.StatusCode, RetryAfter: response.Headers.RetryAfter?.Delta, Body: body);
        }).ToList();
        start.Release(Clients);
        var answers = await Task.WhenAll(posts);

        var unexpected = answers.Where(a => a.StatusCode is not (HttpStatusCode.Accepted or HttpStatusCode.TooManyRequests)).ToList();
        Assert.True(unexpected.Count == 0, string.Join("\n", unexpected.Select(a => $"{a.StatusCode}: {a.Body}")));
        // 429 from the run queue says 5 s; from the limit on checks at once, 1 s.
        Assert.All(answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests), a => Assert.Contains(a.RetryAfter, new TimeSpan?[] { TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1) }));
        var accepted = answers.Where(a => a.StatusCode == HttpStatusCode.Accepted).Select(a => a.Body.GetProperty("id").GetString()!).ToList();
        Assert.NotEmpty(accepted);
        Assert.InRange(web.Server.Runs.PeakPending, 1, 2 + 16);

        foreach (var id in accepted)
        {
            var run = await web.WaitForAsync(id);
            Assert.True(run.GetProperty("status").GetString() == "succeeded", $"{id}: {run}");
        }

        var history = JsonDocument.Parse(await web.Client.GetStringAsync("/api/runs?limit=1000")).RootElement.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToHashSet();
        Assert.Equal(accepted.ToHashSet(), history);
        Assert.Equal(0, web.Server.Runs.Pending);
        output.WriteLine($"{Clients} clients: {accepted.Count} accepted, {Clients - accepted.Count} refused with 429; all done in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task A_full_queue_answers_429_with_Retry_After_and_records_nothing()
    {
        await using var web = await LiveDashboard.StartAsync(workers: 1, queue: 0);
        var scenario = File.ReadAllText(ScenarioFiles.Scenario("single-node-h200.yaml"));

        // A run of a warm process can finish before the next request arrives, so post until the one place is taken
        // while a request comes in; every accepted run is in the history, the refused one is not.
        var accepted = 0;
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 50 && refused is null; i++)
        {
            var response = await web.Client.PostAsync("/api/runs", new StringContent(scenario, Encoding.UTF8, "application/yaml"));
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                accepted++;
                response.Dispose();
            }
            else
            {
                refused = response;
            }
        }

        using var second = refused ?? throw new InvalidOperationException("50 runs in a row were accepted by a server with one place");
        Assert.True(accepted >= 1);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal("5", second.Headers.GetValues("Retry-After").Single());
        Assert.Equal("1 running and 0 waiting, the most this server takes; try again in 5 s", JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString());
        Assert.Equal(accepted, web.Store.Count());
    }
}
