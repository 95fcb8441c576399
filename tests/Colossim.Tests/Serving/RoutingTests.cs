using System.Text.Json;
using Colossim.Tests.Cli;

namespace Colossim.Tests.Serving;

/// <summary>
/// Routing and prefix caching through <c>colossim serve</c> on a Mooncake-format file the project wrote
/// (TestData/serving/mooncake-sessions.jsonl: 106 turns of 24 conversations over 3 shared 1,024-token system prompts,
/// each turn's prompt holding the conversation so far), as docs/validation.md measures them.
/// </summary>
public sealed class RoutingTests
{
    private static readonly string Sessions = Path.Combine(AppContext.BaseDirectory, "TestData", "serving", "mooncake-sessions.jsonl");

    private static JsonElement Serve(params string[] options)
    {
        var result = CliRunner.Run(["serve", "--model", "llama3-8b", "--gpu", "h100-sxm", "--gpus", "4", "--trace", Sessions, "--trace-format", "mooncake", "--rate-scale", "4", "--format", "json", .. options]);
        Assert.Equal((0, ""), (result.ExitCode, result.Error));
        using var doc = JsonDocument.Parse(result.Out);
        return doc.RootElement.Clone();
    }

    [Fact]
    public void Affinity_reuses_more_of_the_conversations_than_round_robin_and_answers_sooner()
    {
        var rr = Serve("--router", "round-robin");
        var affinity = Serve("--router", "affinity");

        var rrHits = rr.GetProperty("prefix_cache").GetProperty("hit_rate").GetDouble();
        var affinityHits = affinity.GetProperty("prefix_cache").GetProperty("hit_rate").GetDouble();
        Assert.True(affinityHits > rrHits + 0.1, $"hit rate: affinity {affinityHits}, round-robin {rrHits}");
        Assert.True(affinity.GetProperty("ttft_ms").GetProperty("mean").GetDouble() < rr.GetProperty("ttft_ms").GetProperty("mean").GetDouble());
        Assert.Equal("affinity", affinity.GetProperty("deployment").GetProperty("router").GetString());
    }

    [Fact]
    public void Caches_prefixes_of_a_Mooncake_trace_by_default_and_not_when_told_off()
    {
        var auto = Serve();
        var off = Serve("--prefix-caching", "off");

        Assert.Equal(447_896, auto.GetProperty("prefix_cache").GetProperty("prompt_tokens").GetInt64());
        Assert.False(off.TryGetProperty("prefix_cache", out _));
        Assert.True(auto.GetProperty("ttft_ms").GetProperty("mean").GetDouble() < off.GetProperty("ttft_ms").GetProperty("mean").GetDouble());
    }
}
