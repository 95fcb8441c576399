using System.Text.Json.Nodes;
using Colossim.Tests.Scenarios;

namespace Colossim.Tests.Cli;

/// <summary>A scenario's serving workload with <c>search</c>, through <c>colossim run</c> and <c>colossim check</c>, against <c>colossim serve --search</c>.</summary>
public sealed class RunCommandSearchTests
{
    private const string Searched = SearchedScenario.Yaml;

    private static readonly string[] Serve = ["serve", "--model", "llama3-8b", "--gpu", "h200-sxm", "--gpus", "2", "--rate", "3", "--input-len", "200", "--output-len", "20", "--requests", "180", "--seed", "7", "--search", "--format", "json"];

    public sealed class TheRunCommand
    {
        [Theory]
        [InlineData("search: true", "", "")]
        [InlineData("search: true", "slo: { ttft_p99: 2s, tpot_p99: 100ms }", "--slo-ttft 2s --slo-tpot 100ms")]
        public void Chooses_what_serve_search_chooses_for_the_same_inputs(string search, string slo, string options)
        {
            var sloOptions = options.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            using var dir = new TempDirectory();
            var file = dir.Write("s.yaml", Searched.Replace("search: true", search, StringComparison.Ordinal) + (slo.Length > 0 ? "\n      " + slo : ""));

            var run = CliRunner.Run("run", file, "--format", "json");
            var serve = CliRunner.Run([.. Serve, .. sloOptions]);

            Assert.Equal((0, ""), (run.ExitCode, run.Error));
            Assert.Equal((0, ""), (serve.ExitCode, serve.Error));
            var sim = JsonNode.Parse(run.Out)!["workloads"]!["serving"]![0]!["simulation"]!;
            var served = JsonNode.Parse(serve.Out)!;
            var deployment = served["deployment"]!;
            Assert.Equal(
                ((int)deployment["tp"]!, (int)deployment["pp"]!, (int)deployment["replicas"]!, (string)deployment["scheduler"]!),
                ((int)sim["tp"]!, (int)sim["pp"]!, (int)sim["replicas"]!, (string)sim["scheduler"]!));
            Assert.Equal(served["search"]!["objective"]!.ToJsonString(), sim["search"]!["objective"]!.ToJsonString());
            Assert.Equal(served["search"]!["candidates"]!.ToJsonString(), sim["search"]!["candidates"]!.ToJsonString());
            Assert.Equal(served["target"]?.ToJsonString(), sim["target"]?.ToJsonString());
        }

        [Fact]
        public void Writes_the_search_to_the_report_folder()
        {
            using var dir = new TempDirectory();
            var file = dir.Write("s.yaml", Searched + "\nreport: { formats: [ text, html ] }");
            var folder = Path.Combine(dir.Path, "out");

            var result = CliRunner.Run("run", file, "--out", folder);

            Assert.Equal(0, result.ExitCode);
            Assert.StartsWith($"wrote {folder}", result.Error, StringComparison.Ordinal);
            var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "summary.json")))!;
            var search = summary["workloads"]!["serving"]![0]!["simulation"]!["search"]!;
            Assert.Equal(("throughput", 9), ((string)search["objective"]!, (int)search["deployments_evaluated"]!));
            Assert.Contains("Deployment search of chat (search: throughput)", File.ReadAllText(Path.Combine(folder, "report.txt")), StringComparison.Ordinal);
            Assert.Contains("Deployment search of chat (search: throughput)", File.ReadAllText(Path.Combine(folder, "report.html")), StringComparison.Ordinal);
            Assert.Contains("Deployment search of chat (search: throughput)", result.Out, StringComparison.Ordinal);
        }
    }

    public sealed class TheCheckCommand
    {
        [Theory]
        [InlineData("search: fastest", "", "{0}:10: workloads.serving[0].search: expected true, false or an objective (throughput, max-rate, cheapest), found 'fastest'")]
        [InlineData("search: throughput", "slo: { ttft_p99: 2s }", "{0}:10: workloads.serving[0].search: throughput ranks deployments by output tokens/s, without SLOs; with the workload's slo give search: max-rate (the highest rate meeting it) or cheapest (the cheapest deployment carrying the traffic's rate), or no slo")]
        [InlineData("search: max-rate", "", "{0}:10: workloads.serving[0].search: max-rate needs targets to meet: give the workload an slo (ttft_p99, tpot_p99 or both), or search: throughput")]
        [InlineData("search: cheapest", "", "{0}:10: workloads.serving[0].search: cheapest needs targets to meet: give the workload an slo (ttft_p99, tpot_p99 or both), or search: throughput")]
        [InlineData("search: true", "disaggregation: { prefill: 1, decode: 1 }", "{0}:10: workloads.serving[0].search: searches deployments of colocated replicas; give it without disaggregation")]
        public void Refuses_what_serve_search_refuses_with_the_path_and_exit_code_2(string search, string extra, string error)
        {
            using var dir = new TempDirectory();
            var file = dir.Write("s.yaml", Searched.Replace("search: true", search, StringComparison.Ordinal) + (extra.Length > 0 ? "\n      " + extra : ""));

            var result = CliRunner.Run("check", file);

            Assert.Equal($"error: {string.Format(System.Globalization.CultureInfo.InvariantCulture, error, file)}\n", result.Error);
            Assert.Equal($"{file}: invalid (1 error)\n", result.Out);
            Assert.Equal(2, result.ExitCode);
        }

        [Fact]
        public void Refuses_ep_with_search()
        {
            using var dir = new TempDirectory();
            var file = dir.Write("s.yaml", Searched.Replace("llama3-8b", "mixtral-8x7b", StringComparison.Ordinal) + "\n      ep: 2");

            var result = CliRunner.Run("check", file);

            Assert.Equal($"error: {file}:11: workloads.serving[0].ep: search chooses the deployment (tp, ep, pp, replicas, scheduler); give ep without search, or search without ep\n", result.Error);
            Assert.Equal((2, $"{file}: invalid (1 error)\n"), (result.ExitCode, result.Out));
        }

        [Theory]
        [InlineData("tp", " (did you mean 'ep'?)")]
        [InlineData("pp", " (did you mean 'ep'?)")]
        [InlineData("scheduler", "")]
        public void Refuses_tp_pp_or_scheduler_with_search(string key, string hint)
        {
            using var dir = new TempDirectory();
            var file = dir.Write("s.yaml", Searched + $"\n      {key}: 2");

            var result = CliRunner.Run("check", file);

            Assert.Equal(
                $"error: {file}:11: workloads.serving[0].{key}: search chooses the deployment (tp, ep, pp, replicas, scheduler); give {key} without search, or search without {key}\n"
                + $"{file}:11: warning: workloads.serving[0].{key}: unknown key '{key}' is ignored{hint}\n",
                result.Error);
            Assert.Equal((2, $"{file}: invalid (1 error, 1 warning)\n"), (result.ExitCode, result.Out));
        }

        [Fact]
        public void Refuses_a_trace_file_with_search()
        {
            using var dir = new TempDirectory();
            dir.Write("t.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.6805900,100,10\n");
            var file = dir.Write("s.yaml", Searched.Replace("traffic: { rate: 3, lengths: { input: 200, output: 20 } }", "traffic: { trace: t.csv }", StringComparison.Ordinal));

            var result = CliRunner.Run("check", file);

            Assert.Equal($"error: {file}:10: workloads.serving[0].search: searches deployments for generated traffic; give it without a trace file (traffic with rate and lengths, or a known trace id)\n", result.Error);
            Assert.Equal((2, $"{file}: invalid (1 error)\n"), (result.ExitCode, result.Out));
        }
    }
}
