using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Grid;
using Colossim.Sweeps;
using Colossim.Tests.Cli;
using Colossim.Tests.Sweeps;
using Microsoft.Data.Sqlite;
using Orleans.TestingHost;
using Xunit.Abstractions;

namespace Colossim.Tests.Grid;

public sealed class GridSweepTests
{
    /// <summary>An in-process cluster of <paramref name="silos"/> silos on loopback, each making one run at a time.</summary>
    internal static async Task<InProcessTestCluster> ClusterAsync(int silos, GridLossSignal? losses = null)
    {
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.ConfigureSilo((_, silo) => silo.AddColossimGrid(1, ColossimCatalog.BuiltIn));
        if (losses is not null)
        {
            builder.ConfigureClient(client => client.AddGatewayCountChangedHandler(losses.OnGatewayCountChanged));
        }

        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    public sealed class TheRunAsyncMethod(ITestOutputHelper output) : IDisposable
    {
        private readonly TempFolder _temp = new();

        public void Dispose() => _temp.Dispose();

        [Fact]
        public async Task Stores_every_run_exactly_once_with_a_local_runs_results_when_a_silo_is_killed_mid_sweep()
        {
            var plan = SweepFixtures.Plan(new SweepRequest { Scenario = SweepFixtures.PlanSized, Vary = ["sites[0].gpus.count=1024:61440:1024"] });
            var text = File.ReadAllText(plan.ScenarioPath);
            var path = Path.Combine(_temp.Path, "grid.db");
            using var store = SweepStore.Open(path, new Problems(), TimeProvider.System)!;
            using var losses = new GridLossSignal();
            await using var cluster = await ClusterAsync(3, losses);
            var quarter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var progress = new SyncProgress(p =>
            {
                if (p.Done >= plan.Runs.Count / 4)
                {
                    quarter.TrySetResult();
                }
            });

            var clock = System.Diagnostics.Stopwatch.StartNew();
            var sweep = GridSweep.RunAsync(plan, store, cluster.Client, text, inFlight: 6, progress, losses, TimeSpan.FromMilliseconds(200));
            await quarter.Task.WaitAsync(TimeSpan.FromSeconds(60));
            var victim = cluster.Silos[1];
            var victimAddress = victim.SiloAddress.ToString();
            output.WriteLine($"quarter at {clock.Elapsed}");
            await cluster.KillSiloAsync(victim);
            output.WriteLine($"killed at {clock.Elapsed}");
            var outcome = await sweep.WaitAsync(TimeSpan.FromSeconds(120));
            output.WriteLine($"done at {clock.Elapsed}");

            Assert.Empty(outcome.Problems);
            Assert.Equal((60, 0, 0), (plan.Runs.Count, outcome.Reused, outcome.Failed));
            Assert.Equal(60, outcome.Ran);
            Assert.True(losses.Losses >= 1, "the client saw the gateway go");
            var rows = Rows(path);
            Assert.Equal(plan.Runs.Select(r => r.Hash).Order(StringComparer.Ordinal), rows.Select(r => r.Hash).Order(StringComparer.Ordinal));
            Assert.All(rows, r => Assert.Equal("done", r.Status));
            Assert.Contains(rows, r => r.Worker == victimAddress);
            Assert.True(rows.Select(r => r.Worker).Distinct().Count() >= 2, "the runs were spread over more than one silo");
            var local = plan.Runs.Take(60).AsParallel().Select(r => SweepRunner.Run(plan, r)).ToDictionary(r => r.Hash, r => r.Summary);
            Assert.All(rows, r => Assert.Equal(local[r.Hash], r.Summary));
            output.WriteLine($"local done at {clock.Elapsed}");
        }

        [Fact]
        public async Task Stops_sending_and_says_why_when_a_silo_would_make_another_run()
        {
            var plan = SweepFixtures.Plan(new SweepRequest { Scenario = SweepFixtures.PlanSized, Vary = ["sites[0].gpus.count=1024,2048,4096"] });
            using var store = SweepStore.Open(Path.Combine(_temp.Path, "grid.db"), new Problems(), TimeProvider.System)!;
            await using var cluster = await ClusterAsync(1);

            // Another scenario text than the plan's: the silo computes other hashes, as it would running another code version.
            var outcome = await GridSweep.RunAsync(plan, store, cluster.Client, File.ReadAllText(plan.ScenarioPath).Replace("seed: 1", "seed: 2", StringComparison.Ordinal), inFlight: 1);

            Assert.Equal(0, outcome.Ran);
            var problem = Assert.Single(outcome.Problems);
            Assert.Equal("--cluster", problem.Path);
            Assert.StartsWith("worker ", problem.Message, StringComparison.Ordinal);
            Assert.Contains($"where run {plan.Runs[0].Hash} was planned: run the same Colossim version (this one is ", problem.Message, StringComparison.Ordinal);
            Assert.Empty(store.Results(plan.Runs.Select(r => r.Hash)));
        }

        [Fact]
        public async Task Leaves_runs_unrecorded_and_says_so_when_no_silo_answers()
        {
            var plan = SweepFixtures.Plan(new SweepRequest { Scenario = SweepFixtures.PlanSized, Vary = ["sites[0].gpus.count=1024,2048"] });
            using var store = SweepStore.Open(Path.Combine(_temp.Path, "grid.db"), new Problems(), TimeProvider.System)!;

            var outcome = await GridSweep.RunAsync(plan, store, new FailingGrains(), File.ReadAllText(plan.ScenarioPath), inFlight: 2, retryDelay: TimeSpan.Zero);

            Assert.Equal(0, outcome.Ran);
            Assert.Equal(["--cluster: 2 runs could not be made: every one of 6 tries to send each failed (last: the silo is gone); they are not recorded, so running the same command again makes them"], outcome.Problems.Select(p => p.ToString()));
            Assert.Empty(store.Results(plan.Runs.Select(r => r.Hash)));
        }
    }

    internal static List<(string Hash, string Status, string? Summary, string? Worker)> Rows(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT hash, status, summary, worker FROM sweep_runs";
        using var reader = command.ExecuteReader();
        var rows = new List<(string, string, string?, string?)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return rows;
    }

    internal sealed class SyncProgress(Action<SweepProgress> report) : IProgress<SweepProgress>
    {
        public void Report(SweepProgress value) => report(value);
    }

    // A cluster whose every call fails, as when every silo has died.
    private sealed class FailingGrains : IGrainFactory
    {
        public TGrainInterface GetGrain<TGrainInterface>(string primaryKey, string? grainClassNamePrefix = null)
            where TGrainInterface : IGrainWithStringKey => (TGrainInterface)(object)new FailingGrain();

        public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string? grainClassNamePrefix = null) where TGrainInterface : IGrainWithGuidKey => throw new NotSupportedException();

        public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string? grainClassNamePrefix = null) where TGrainInterface : IGrainWithIntegerKey => throw new NotSupportedException();

        public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string keyExtension, string? grainClassNamePrefix = null) where TGrainInterface : IGrainWithGuidCompoundKey => throw new NotSupportedException();

        public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string keyExtension, string? grainClassNamePrefix = null) where TGrainInterface : IGrainWithIntegerCompoundKey => throw new NotSupportedException();

        public TGrainObserverInterface CreateObjectReference<TGrainObserverInterface>(IGrainObserver obj) where TGrainObserverInterface : IGrainObserver => throw new NotSupportedException();

        public void DeleteObjectReference<TGrainObserverInterface>(IGrainObserver obj) where TGrainObserverInterface : IGrainObserver => throw new NotSupportedException();

        public IGrain GetGrain(Type grainInterfaceType, Guid grainPrimaryKey) => throw new NotSupportedException();

        public IGrain GetGrain(Type grainInterfaceType, long grainPrimaryKey) => throw new NotSupportedException();

        public IGrain GetGrain(Type grainInterfaceType, string grainPrimaryKey) => throw new NotSupportedException();

        public IGrain GetGrain(Type grainInterfaceType, Guid grainPrimaryKey, string keyExtension) => throw new NotSupportedException();

        public IGrain GetGrain(Type grainInterfaceType, long grainPrimaryKey, string keyExtension) => throw new NotSupportedException();

        public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId) where TGrainInterface : IAddressable => throw new NotSupportedException();

        public IAddressable GetGrain(GrainId grainId) => throw new NotSupportedException();

        public IAddressable GetGrain(GrainId grainId, GrainInterfaceType interfaceType) => throw new NotSupportedException();

        public IAddressable GetGrain(Type interfaceType, IdSpan grainKey) => throw new NotSupportedException();

        public IAddressable GetGrain(Type interfaceType, IdSpan grainKey, string grainClassNamePrefix) => throw new NotSupportedException();
    }

    private sealed class FailingGrain : ISweepRunGrain
    {
        public Task<GridRunReply> Run(GridRunOrder order) => Task.FromException<GridRunReply>(new SiloUnavailableException("the silo is gone"));
    }
}
