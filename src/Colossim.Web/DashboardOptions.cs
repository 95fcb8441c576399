using Colossim.Documents;
using Colossim.Runs;

namespace Colossim.Web;

/// <summary>How <c>colossim web</c> serves: where it listens, and the limits that keep it healthy under any client.</summary>
public sealed record DashboardOptions
{
    /// <summary>The default address: loopback, port 5000.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5000";

    /// <summary>The largest request body accepted (a scenario), in bytes: <see cref="ScenarioSubmission.MaxBytes"/> (1 MiB); larger bodies get HTTP 413.</summary>
    public const int MaxRequestBytes = ScenarioSubmission.MaxBytes;

    /// <summary>Where to listen: one or more <c>http://host:port</c> separated by <c>;</c>; port 0 picks a free port.</summary>
    public string Urls { get; init; } = DefaultUrls;

    /// <summary>Whether a non-loopback address may be used (the dashboard runs whatever it is sent: off unless asked for).</summary>
    public bool AllowRemote { get; init; }

    /// <summary>The run store's database file.</summary>
    public required string DatabasePath { get; init; }

    /// <summary>The folder under which each run's report folder is written (default <c>runs/</c> beside the database).</summary>
    public string? ReportsFolder { get; init; }

    /// <summary>Runs at once (1 to 64).</summary>
    public int Workers { get; init; } = 1;

    /// <summary>Runs waiting beyond those running (0 to 10,000); more get HTTP 429 with <c>Retry-After</c>.</summary>
    public int Queue { get; init; } = 16;

    /// <summary>The longest a run may take; then it is cancelled and marked failed.</summary>
    public TimeSpan RunTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The report folder root actually used.</summary>
    public string ReportsRoot => ReportsFolder ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(DatabasePath)) ?? ".", RunStoreLocation.RunsFolderName);

    /// <summary>The limits as the run service takes them.</summary>
    public RunServiceOptions RunService => new() { Workers = Workers, Capacity = Queue, RunTimeout = RunTimeout, ReportsFolder = ReportsRoot };

    /// <summary>
    /// Problems with the options, at the option names of <c>colossim web</c>: each URL must be <c>http://HOST:PORT</c>
    /// with a port from 0 to 65535, and a loopback host (<c>127.0.0.1</c>, <c>[::1]</c>, <c>localhost</c>) unless
    /// <see cref="AllowRemote"/>; and the run limits.
    /// </summary>
    public void Validate(Problems problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var urls = (Urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (urls.Length == 0)
        {
            problems.Error("--urls", $"expected an address like {DefaultUrls}, found '{Urls}'");
        }

        foreach (var url in urls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.AbsolutePath != "/" || uri.Query.Length > 0 || !url.Contains("://", StringComparison.Ordinal) || uri.IsDefaultPort && !HasPort(url))
            {
                problems.Error("--urls", $"expected an address like {DefaultUrls} (http, a host and a port), found '{Shown(url)}'");
                continue;
            }

            if (!AllowRemote && !IsLoopback(uri.Host))
            {
                problems.Error("--urls", $"'{Shown(url)}' would let other machines reach the dashboard, which runs any scenario it is sent; use 127.0.0.1, [::1] or localhost, or pass --allow-remote to do it anyway");
            }
        }

        RunService.Validate(problems, "--workers", "--queue", "--run-timeout");
    }

    /// <summary>Whether <paramref name="host"/> is a loopback name or address.</summary>
    public static bool IsLoopback(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var bare = host.Trim('[', ']');
        return string.Equals(bare, "localhost", StringComparison.OrdinalIgnoreCase)
            || (System.Net.IPAddress.TryParse(bare, out var address) && System.Net.IPAddress.IsLoopback(address));
    }

    private static bool HasPort(string url)
    {
        var rest = url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..].TrimEnd('/');
        var colon = rest.LastIndexOf(':');
        return colon >= 0 && colon > rest.LastIndexOf(']');
    }

    private static string Shown(string value) => value.Length <= 80 ? value : string.Concat(value.AsSpan(0, 77), "...");
}
