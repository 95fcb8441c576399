using System.Net;
using Colossim.Catalog;
using Colossim.Documents;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Messaging;

namespace Colossim.Grid;

/// <summary>What <c>colossim worker</c> starts: a silo of the grid.</summary>
public sealed record GridWorkerSettings
{
    /// <summary>The membership database's connection string (see <see cref="GridDatabase.Parse"/>).</summary>
    public required string ConnectionString { get; init; }

    /// <summary>Runs the silo makes at once, 1 or more.</summary>
    public required int Jobs { get; init; }

    /// <summary>The catalog runs resolve names in.</summary>
    public required ColossimCatalog Catalog { get; init; }

    /// <summary>The port silos talk to each other on, 1 to 65535; default 11111.</summary>
    public int SiloPort { get; init; } = GridHosting.DefaultSiloPort;

    /// <summary>The port coordinators (clients) connect to, 1 to 65535; default 30000.</summary>
    public int GatewayPort { get; init; } = GridHosting.DefaultGatewayPort;

    /// <summary>The address other machines reach this one at; <see langword="null"/>: the host name's first IPv4 address.</summary>
    public IPAddress? Advertise { get; init; }

    /// <summary>Orleans' cluster id: silos and coordinators of one grid share it; default <see cref="GridHosting.ClusterId"/>.</summary>
    public string ClusterId { get; init; } = GridHosting.ClusterId;
}

/// <summary>
/// Builds the grid's Orleans hosts: a silo (<c>colossim worker</c>) and the coordinator's client
/// (<c>colossim sweep --cluster</c>), both meeting in the PostgreSQL membership tables. The coordinator is a client,
/// not a silo: it makes no runs, takes no part in membership votes, and leaving never counts as a silo dying.
/// </summary>
public static class GridHosting
{
    /// <summary>Orleans' cluster and service id of every Colossim grid.</summary>
    public const string ClusterId = "colossim";

    /// <summary>The default silo-to-silo port.</summary>
    public const int DefaultSiloPort = 11111;

    /// <summary>The default gateway (client) port.</summary>
    public const int DefaultGatewayPort = 30000;

    /// <summary>How long a grain call may take before the coordinator counts it lost and sends it again: 10 minutes.</summary>
    public static readonly TimeSpan ResponseTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Adds what a grid silo needs (the run slots, the cluster's ids, long calls) to <paramref name="silo"/>; membership is the caller's.</summary>
    public static ISiloBuilder AddColossimGrid(this ISiloBuilder silo, int jobs, ColossimCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddSingleton(new GridWorkerSlots(jobs, catalog));
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout);
        return silo;
    }

    /// <summary>A silo host for <paramref name="settings"/>, not started, logging warnings to <paramref name="log"/> (or nothing).</summary>
    public static IHost Worker(GridWorkerSettings settings, ILoggerProvider? log = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        Quiet(builder, log);
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (settings.ClusterId, settings.ClusterId));
            if (settings.Advertise is { } address)
            {
                silo.ConfigureEndpoints(address, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: true);
            }
            else
            {
                silo.ConfigureEndpoints(settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: true);
            }

            silo.Services.AddSingleton(new GridClusterDatabase(settings.ConnectionString));
            silo.Services.AddSingleton<IMembershipTable, PostgresMembershipTable>();
            silo.AddColossimGrid(settings.Jobs, settings.Catalog);
        });
        return builder.Build();
    }

    /// <summary>
    /// The coordinator's client host, not started: it finds the silos' gateways in the membership tables, and its
    /// services hold the <see cref="GridLossSignal"/> to give <see cref="GridSweep.RunAsync"/>.
    /// </summary>
    public static IHost Client(string connectionString, ILoggerProvider? log = null, string clusterId = ClusterId)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        Quiet(builder, log);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, clusterId));
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout);
            client.Services.AddSingleton(new GridClusterDatabase(connectionString));
            client.Services.AddSingleton<IGatewayListProvider, PostgresMembershipTable>();
            var losses = new GridLossSignal();
            client.Services.AddSingleton(losses);
            client.AddGatewayCountChangedHandler(losses.OnGatewayCountChanged);
        });
        return builder.Build();
    }

    /// <summary>
    /// Starts the coordinator's client and connects it to the silos' gateways; <see langword="null"/> with one problem
    /// under <c>--cluster</c> when no worker is active or none answers within 30 s.
    /// </summary>
    public static async Task<IHost?> ConnectAsync(string connectionString, Problems problems, string clusterId = ClusterId, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        ArgumentNullException.ThrowIfNull(problems);
        var where = GridDatabase.Describe(connectionString);
        var table = new PostgresMembershipTable(new GridClusterDatabase(connectionString), Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = clusterId }));
        IList<Uri> gateways;
        try
        {
            gateways = await table.GetGateways().WaitAsync(cancel).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or IOException or TimeoutException or InvalidOperationException)
        {
            problems.Error(GridDatabase.Option, $"expected {where} to list the grid's workers, found: {GridDatabase.FirstLine(e.Message)}");
            return null;
        }

        if (gateways.Count == 0)
        {
            problems.Error(GridDatabase.Option, $"expected an active worker in {where}, found none: start one with colossim worker --cluster CONNECTION");
            return null;
        }

        var host = Client(connectionString, null, clusterId);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            await host.StartAsync(timeout.Token).ConfigureAwait(false);
            return host;
        }
        catch (Exception e) when (!cancel.IsCancellationRequested && e is not OutOfMemoryException)
        {
            host.Dispose();
            problems.Error(GridDatabase.Option, $"expected the workers listed in {where} ({string.Join(", ", gateways.Select(g => $"{g.Host}:{g.Port}"))}) to answer, found: {GridDatabase.FirstLine(e is OperationCanceledException ? "no answer within 30 s" : e.Message)}");
            return null;
        }
    }

    private static void Quiet(HostApplicationBuilder builder, ILoggerProvider? log)
    {
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        // The watchdog measures from the process's start and warns of "CPU starvation" on a busy machine: noise here.
        builder.Logging.AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error);
        if (log is not null)
        {
            builder.Logging.AddProvider(log);
        }
    }
}
