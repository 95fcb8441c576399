using Colossim.Documents;
using Colossim.Runs;
using Colossim.Web;
using Microsoft.Data.Sqlite;

namespace Colossim.Tests.Web;

/// <summary>
/// A real dashboard for a test: Kestrel on a loopback port chosen by the system (port 0), over a run store in a fresh
/// temporary folder, with an <see cref="HttpClient"/> pointed at it.
/// </summary>
public sealed class LiveDashboard : IAsyncDisposable
{
    private LiveDashboard(Dashboard dashboard, RunStore store)
    {
        Server = dashboard;
        Store = store;
        BaseAddress = new Uri(dashboard.Addresses.Single());
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    private string? _folder;

    public Dashboard Server { get; }

    public RunStore Store { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public static async Task<LiveDashboard> StartAsync(int workers = 1, int queue = 16, TimeSpan? runTimeout = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"colossim-web-{Guid.NewGuid():N}");
        var options = new DashboardOptions
        {
            Urls = "http://127.0.0.1:0",
            DatabasePath = Path.Combine(folder, "colossim.db"),
            Workers = workers,
            Queue = queue,
            RunTimeout = runTimeout ?? TimeSpan.FromMinutes(2),
        };
        var problems = new Problems();
        options.Validate(problems);
        Assert.Empty(problems);
        var store = RunStore.Open(options.DatabasePath, problems)!;
        var dashboard = Dashboard.Create(options, store);
        await dashboard.StartAsync();
        return new LiveDashboard(dashboard, store) { _folder = folder };
    }

    /// <summary>Waits (at most 60 s) until the run is over, asking the API as a client would.</summary>
    public async Task<System.Text.Json.JsonElement> WaitForAsync(string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            using var doc = System.Text.Json.JsonDocument.Parse(await Client.GetStringAsync($"/api/runs/{id}"));
            var status = doc.RootElement.GetProperty("status").GetString();
            if (status is "succeeded" or "failed")
            {
                return doc.RootElement.Clone();
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"run {id} did not finish in 60 s");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_folder is not null && Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }

    }
}
