namespace Colossim.Tests.Scenarios;

/// <summary>The scenario the deployment-search tests share: Llama-3-8B on 2 H200s, a minute at 3 requests/s of 200 + 20 tokens (180 requests), seed 7.</summary>
internal static class SearchedScenario
{
    /// <summary>The scenario's YAML; line 10 is the search key, and tests add keys after it.</summary>
    public const string Yaml = """
        name: s
        seed: 7
        sites: [ { name: a, gpus: { type: h200-sxm, count: 8 } } ]
        workloads:
          serving:
            - name: chat
              model: llama3-8b
              gpus: 2
              traffic: { rate: 3, lengths: { input: 200, output: 20 } }
              search: true
        """;
}
