using Colossim.Cluster;
using Colossim.Cluster.Traces;
using Colossim.Documents;
using Xunit.Abstractions;

namespace Colossim.Tests.Cluster.Traces;

/// <summary>
/// Reads the real Alibaba 2023 GPU trace from ../shared/data/traces/alibaba-gpu-v2023 (when present) and checks every
/// number its README lists. Skipped cleanly where ../shared is absent.
/// </summary>
public sealed class AlibabaTraceValidationTests
{
    private static string? Folder()
    {
        foreach (var candidate in (string[])["/work/shared/data/traces/alibaba-gpu-v2023", Path.Combine(Scenarios.ScenarioFiles.RepoRoot, "..", "shared", "data", "traces", "alibaba-gpu-v2023")])
        {
            if (File.Exists(Path.Combine(candidate, "openb_pod_list_default.csv")))
            {
                return candidate;
            }
        }

        return null;
    }

    public sealed class TheDefaultPodList(ITestOutputHelper output)
    {
        [SkippableFact]
        public void Has_the_statistics_its_readme_lists()
        {
            var folder = Folder();
            Skip.If(folder is null, "../shared/data/traces/alibaba-gpu-v2023 is not here");
            var problems = new Problems();

            var trace = JobTraces.Read(Path.Combine(folder!, "openb_pod_list_default.csv"), JobTraceFormat.Alibaba2023, problems, Path.Combine(folder!, "openb_node_list_gpu_node.csv"));
            Assert.Empty(problems);
            var s = TraceStatistics.Of(trace!);
            Print(output, s);

            Assert.Equal(8152, s.Jobs);
            Assert.Equal(new Dictionary<int, int> { [0] = 1088, [1] = 6989, [2] = 16, [4] = 15, [8] = 44 }, s.JobsByGpus);
            Assert.Equal(3078, s.FractionalJobs);
            Assert.Equal(new Dictionary<string, int> { ["BE"] = 3398, ["Burstable"] = 100, ["Guaranteed"] = 7, ["LS"] = 4647 }, s.JobsByTenant);
            Assert.Equal(3398, s.JobsByPriority[PriorityClass.Spot]);
            Assert.Equal(new Dictionary<TraceOutcome, int> { [TraceOutcome.Succeeded] = 192, [TraceOutcome.Failed] = 1870, [TraceOutcome.Running] = 5193, [TraceOutcome.Pending] = 897 }, s.JobsByOutcome);
            Assert.Equal(12_901_761, s.Span.TotalSeconds, 6);
            Assert.Equal(149.3, s.Span.TotalHours / 24, 1);
            Assert.Equal(6086.8, s.GpuRequests, 6);
            Assert.Equal((1213, 6212L), (s.Nodes, s.NodeGpus));
            Assert.Equal(
                [new("G2", 4392L), new("T4", 842L), new("G3", 312L), new("P100", 265L), new("V100M32", 204L), new("V100M16", 195L), new KeyValuePair<string, long>("A10", 2L)],
                s.NodeGpusByModel);
            Assert.Equal(new Dictionary<int, int> { [1] = 24, [2] = 518, [4] = 54, [8] = 617 }, s.NodesByGpus);

            // Not in the README: measured here (docs/traces.md) and by Python on the same file (mean 61.30 s, median 2 s, p99 889.64 s).
            Assert.Equal(7255, s.QueueDelay!.Count);
            Assert.Equal(61.302, s.QueueDelay.Mean.TotalSeconds, 2);
            Assert.Equal(2, s.QueueDelay.P50.TotalSeconds, 6);
            Assert.Equal(889.64, s.QueueDelay.P99.TotalSeconds, 2);
        }

        // What tools/validation/sharing-traces.sh shows (dotnet test's detailed console logger prints test output).
        private static void Print(ITestOutputHelper output, TraceStatistics s)
        {
            var ci = System.Globalization.CultureInfo.InvariantCulture;
            output.WriteLine(string.Create(ci, $"pods {s.Jobs:N0} (README 8,152)"));
            output.WriteLine("num_gpu " + string.Join(", ", s.JobsByGpus.Select(x => string.Create(ci, $"{x.Key} -> {x.Value:N0}"))) + " (README 0 -> 1,088; 1 -> 6,989; 2 -> 16; 4 -> 15; 8 -> 44)");
            output.WriteLine(string.Create(ci, $"fractional {s.FractionalJobs:N0} (README 3,078)"));
            output.WriteLine("qos (tenants) " + string.Join(", ", s.JobsByTenant.Select(x => string.Create(ci, $"{x.Key} {x.Value:N0}"))) + " (README LS 4,647; BE 3,398; Burstable 100; Guaranteed 7)");
            output.WriteLine("phase " + string.Join(", ", s.JobsByOutcome.Select(x => string.Create(ci, $"{EnumNames.Of(x.Key)} {x.Value:N0}"))) + " (README Running 5,193; Failed 1,870; Pending 897; Succeeded 192)");
            output.WriteLine(string.Create(ci, $"span {s.Span.TotalSeconds:N0} s = {s.Span.TotalHours / 24:0.0} days (README 12,901,761 s, 149.3 days)"));
            output.WriteLine(string.Create(ci, $"GPU requests {s.GpuRequests:N1} GPU-equivalents (README about 6,087)"));
            output.WriteLine(string.Create(ci, $"nodes {s.Nodes:N0}, GPUs {s.NodeGpus:N0} (README 1,213 nodes, 6,212 GPUs)"));
            output.WriteLine("GPUs by model " + string.Join(", ", s.NodeGpusByModel.Select(x => string.Create(ci, $"{x.Key} {x.Value:N0}"))) + " (README G2 4,392; T4 842; G3 312; P100 265; V100M32 204; V100M16 195; A10 2)");
            output.WriteLine("nodes by GPUs " + string.Join(", ", s.NodesByGpus.Select(x => string.Create(ci, $"{x.Key} -> {x.Value:N0}"))) + " (README 8 -> 617; 2 -> 518; 4 -> 54; 1 -> 24)");
            output.WriteLine(string.Create(ci, $"queueing delay (scheduled - created) over {s.QueueDelay!.Count:N0} scheduled pods: mean {s.QueueDelay.Mean.TotalSeconds:0.00} s, p50 {s.QueueDelay.P50.TotalSeconds:0.##} s, p99 {s.QueueDelay.P99.TotalSeconds:0.##} s (not in the README)"));
        }
    }
}
