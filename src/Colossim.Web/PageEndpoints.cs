using System.Reflection;
using System.Text.Json.Nodes;
using Colossim.Reports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Colossim.Web;

/// <summary>The page and its files, served from the assembly's embedded resources (<c>wwwroot/</c>): only the names listed here.</summary>
internal static class PageEndpoints
{
    private static readonly Dictionary<string, string> Files = new(StringComparer.Ordinal)
    {
        ["index.html"] = "text/html; charset=utf-8",
        ["app.js"] = "text/javascript; charset=utf-8",
        ["app.css"] = "text/css; charset=utf-8",
        ["example.yaml"] = "text/yaml; charset=utf-8",
    };

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => File("index.html"));
        app.MapGet("/assets/{name}", (string name) => Files.ContainsKey(name) ? File(name) : Results.NotFound());
        app.MapGet("/healthz", () => Results.Text(ReportJson.Serialize(new JsonObject { ["status"] = "ok" }), "application/json; charset=utf-8"));
    }

    private static IResult File(string name)
    {
        using var stream = typeof(PageEndpoints).Assembly.GetManifestResourceStream($"wwwroot/{name}")
            ?? throw new InvalidOperationException($"the page file {name} is not embedded");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return Results.Bytes(copy.ToArray(), Files[name]);
    }

    /// <summary>Whether every listed file is embedded (for the tests).</summary>
    internal static bool AllEmbedded(Assembly assembly) => Files.Keys.All(name => assembly.GetManifestResourceInfo($"wwwroot/{name}") is not null);
}
