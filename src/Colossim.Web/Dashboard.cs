using System.Net;
using System.Threading.RateLimiting;
using Colossim.Runs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Colossim.Web;

/// <summary>
/// The dashboard: a Kestrel server with one page (embedded HTML, CSS and JavaScript, no CDN) and the HTTP API it uses
/// (<see cref="ApiEndpoints"/>). Runs go through a <see cref="RunService"/> over the <see cref="RunStore"/>, so they are
/// bounded (workers, queue, run time) and recorded in the same history as <c>colossim run</c>. Loopback only unless the
/// options allow otherwise, and then requests must name a loopback host too when they do not (no DNS rebinding).
/// </summary>
public sealed class Dashboard : IAsyncDisposable
{
    private readonly WebApplication _app;

    private Dashboard(WebApplication app, RunService runs)
    {
        _app = app;
        Runs = runs;
    }

    /// <summary>The run service the API submits to.</summary>
    public RunService Runs { get; }

    /// <summary>The addresses the server listens on, once started (with the ports chosen when 0 was asked for).</summary>
    public IReadOnlyList<string> Addresses =>
        [.. _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? []];

    /// <summary>
    /// Builds the dashboard for <paramref name="options"/> (validated by the caller, see <see cref="DashboardOptions.Validate"/>)
    /// over <paramref name="store"/>. Nothing listens until <see cref="StartAsync"/>.
    /// </summary>
    public static Dashboard Create(DashboardOptions options, RunStore store)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // The API reads at most MaxRequestBytes itself and answers 413; Kestrel stops anything far larger.
            kestrel.Limits.MaxRequestBodySize = DashboardOptions.MaxRequestBytes + 1;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.Limits.MaxConcurrentConnections = 256;
            kestrel.AddServerHeader = false;
        });
        builder.Services.AddProblemDetails();
        builder.Services.AddRateLimiter(limiter =>
        {
            // Checking a scenario plans its sites: bound the checks at once (and those waiting) so a flood of
            // requests queues briefly, then gets 429, instead of taking every core.
            limiter.AddConcurrencyLimiter(ApiEndpoints.CheckPolicy, check =>
            {
                check.PermitLimit = Math.Max(2, Environment.ProcessorCount);
                check.QueueLimit = ApiEndpoints.CheckQueue;
                check.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
            });
            limiter.OnRejected = async (rejected, cancel) =>
            {
                rejected.HttpContext.Response.Headers.RetryAfter = "1";
                await ApiEndpoints.Problem(rejected.HttpContext, HttpStatusCode.TooManyRequests, "too many checks", $"more than {ApiEndpoints.CheckQueue} scenarios are being checked or waiting; try again in 1 s").ConfigureAwait(false);
            };
        });
        var runs = new RunService(store, options.RunService);
        builder.Services.AddSingleton(runs);
        builder.Services.AddSingleton(options);
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers["Referrer-Policy"] = "no-referrer";
            if (!options.AllowRemote && !DashboardOptions.IsLoopback(context.Request.Host.Host))
            {
                await ApiEndpoints.Problem(context, HttpStatusCode.BadRequest, "not a loopback host", $"this dashboard answers only requests for a loopback host (127.0.0.1, [::1], localhost), found '{context.Request.Host.Host}'").ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        });
        app.UseRateLimiter();
        PageEndpoints.Map(app);
        ApiEndpoints.Map(app);
        return new Dashboard(app, runs);
    }

    /// <summary>Starts listening.</summary>
    public Task StartAsync(CancellationToken cancel = default) => _app.StartAsync(cancel);

    /// <summary>Listens until <paramref name="cancel"/> is signalled, then stops (runs still going are cancelled and marked failed).</summary>
    public async Task RunAsync(CancellationToken cancel)
    {
        await _app.StartAsync(cancel).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, cancel).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C: stop below.
        }
    }

    /// <summary>Stops the server and the runs.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Already stopping.
        }

        await Runs.DisposeAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
