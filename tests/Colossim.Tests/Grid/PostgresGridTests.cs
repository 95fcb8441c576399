using System.Net;
using System.Net.Sockets;
using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Grid;
using Colossim.Sweeps;
using Colossim.Tests.Cli;
using Colossim.Tests.Sweeps;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Colossim.Tests.Grid;

/// <summary>
/// The grid with real PostgreSQL membership: two silos and a coordinator meeting in the database COLOSSIM_TEST_POSTGRES
/// names (a connection string; .ci/run starts a throw-away server and sets it). Skipped without it, except under CI=true,
/// where a missing database fails the test.
/// </summary>
public sealed class PostgresGridTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    internal static string Connection()
    {
        var text = Environment.GetEnvironmentVariable("COLOSSIM_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(text))
        {
            Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), "CI=true but COLOSSIM_TEST_POSTGRES is not set: .ci/run starts PostgreSQL and sets it");
            Skip.If(true, "COLOSSIM_TEST_POSTGRES is not set (a PostgreSQL connection string)");
        }

        var problems = new Problems();
        var connection = GridDatabase.Parse(text, problems, Environment.GetEnvironmentVariable);
        Assert.True(connection is not null, string.Join("\n", problems));
        return connection!;
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [SkippableFact]
    public async Task Two_workers_and_a_coordinator_meet_in_the_database_and_make_every_run_once()
    {
        var connection = Connection();
        var problems = new Problems();
        Assert.True(await GridDatabase.CheckAsync(connection, create: true, problems), string.Join("\n", problems));
        var clusterId = $"test-{Guid.NewGuid():N}";
        var plan = SweepFixtures.Plan(new SweepRequest { Scenario = SweepFixtures.PlanSized, Vary = ["sites[0].gpus.count=1024:12288:1024"] });
        using var store = SweepStore.Open(Path.Combine(_temp.Path, "grid.db"), new Problems(), TimeProvider.System)!;
        var workers = new List<IHost>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                var worker = GridHosting.Worker(new GridWorkerSettings { ConnectionString = connection, Jobs = 1, Catalog = ColossimCatalog.BuiltIn, SiloPort = FreePort(), GatewayPort = FreePort(), Advertise = IPAddress.Loopback, ClusterId = clusterId });
                workers.Add(worker);
                await worker.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
            }

            using var client = await GridHosting.ConnectAsync(connection, problems, clusterId);
            Assert.True(client is not null, string.Join("\n", problems));
            var grains = client!.Services.GetRequiredService<IClusterClient>();

            Assert.Equal(2, await GridSweep.ActiveSilosAsync(grains));
            var outcome = await GridSweep.RunAsync(plan, store, grains, File.ReadAllText(plan.ScenarioPath), inFlight: 4).WaitAsync(TimeSpan.FromSeconds(120));
            await client.StopAsync();

            Assert.Empty(outcome.Problems);
            Assert.Equal(12, outcome.Ran);
            var rows = GridSweepTests.Rows(Path.Combine(_temp.Path, "grid.db"));
            Assert.Equal(12, rows.Count);
            Assert.All(rows, r => Assert.Equal("done", r.Status));
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
                worker.Dispose();
            }
        }
    }

    [SkippableFact]
    public async Task A_coordinator_with_no_worker_running_is_told_so_in_one_line()
    {
        var connection = Connection();
        var problems = new Problems();
        Assert.True(await GridDatabase.CheckAsync(connection, create: true, problems), string.Join("\n", problems));

        using var client = await GridHosting.ConnectAsync(connection, problems, $"test-{Guid.NewGuid():N}");

        Assert.Null(client);
        Assert.Equal([$"--cluster: expected an active worker in {GridDatabase.Describe(connection)}, found none: start one with colossim worker --cluster CONNECTION"], problems.Select(p => p.ToString()));
    }
}
