using System.CommandLine;
using System.Globalization;
using Colossim.Cluster;
using Colossim.Documents;
using Colossim.Reports;
using Colossim.Scenarios;
using Names = Colossim.Scenarios.ScheduleRequest.Names;

namespace Colossim.Cli.Commands;

/// <summary><c>colossim schedule</c>: partners sharing one cluster (Share).</summary>
internal static class ScheduleCommand
{
    public static Command Create(CliContext context)
    {

        var command = new Command("schedule", $"""
            Share: tenants sharing one cluster. Jobs arrive, wait in a queue ordered by the policy, start when their
            tenant's quota (its guaranteed share, plus what it may borrow of idle capacity) allows and topology-aware
            placement finds room (gang jobs all at once, in the fewest NVLink domains, leaves and pods), fail at Llama 3's
            rates and restart from their last checkpoint. Prints job completion times and queueing delays by tenant and
            size, utilisation, each tenant's share received against its entitlement, finish-time fairness, preemptions and
            GPU-hours lost. Policies: {string.Join(", ", SchedulingPolicies.Names)}.

            Examples:
              colossim schedule --gpus 1024 --jobs 2000 --shares xai=0.6,microsoft=0.4
              colossim schedule --gpus 100000 --jobs 1000000 --max-job-gpus 4096 --format json
              colossim schedule --scenario scenarios/colossus.yaml --policy priority
            """);
        Option[] options =
        [
            new Option<string>(Names.Scenario) { Description = "A scenario: its first site (or --site), tenants and workloads as jobs", HelpName = "FILE" },
            new Option<string>(Names.Site) { Description = "The scenario's site to schedule (default: its first)", HelpName = "NAME" },
            new Option<int?>(Names.Gpus) { Description = "GPUs of a synthetic cluster (with --jobs)", HelpName = "N" },
            new Option<int>(Names.GpusPerNode) { Description = "GPUs per node of the synthetic cluster", HelpName = "N", DefaultValueFactory = _ => 8 },
            new Option<int?>(Names.Jobs) { Description = "Jobs of a synthetic workload (with --gpus)", HelpName = "K" },
            new Option<string>(Names.Policy) { Description = "Scheduling policy", HelpName = string.Join('|', SchedulingPolicies.Names), DefaultValueFactory = _ => "fifo" },
            new Option<long>(Names.Seed) { Description = "Seed of the workload and failures", HelpName = "S", DefaultValueFactory = _ => 0L },
            new Option<double>(Names.Load) { Description = "Offered load of synthetic arrivals, GPU-time asked over GPU-time available (default 0.9)", HelpName = "X", DefaultValueFactory = _ => 0.9 },
            new Option<double?>(Names.ArrivalRate) { Description = "Synthetic arrivals per hour (replaces --load)", HelpName = "R" },
            new Option<double>(Names.Burstiness) { Description = "Coefficient of variation of arrival gaps: 1 Poisson, above 1 bursty (Gamma)", HelpName = "CV", DefaultValueFactory = _ => 1.0 },
            new Option<int?>(Names.MaxJobGpus) { Description = "Largest synthetic job (default 64, or --gpus when fewer); sizes are powers of two, each half as likely as the one below", HelpName = "N" },
            new Option<string>(Names.Runtime) { Description = "Median run time of synthetic jobs (log-normal)", HelpName = "DURATION", DefaultValueFactory = _ => "1h" },
            new Option<double>(Names.RuntimeSigma) { Description = "Sigma of the log of synthetic run times", HelpName = "S", DefaultValueFactory = _ => 1.5 },
            new Option<double>(Names.SpotShare) { Description = "Share of synthetic jobs that are spot (preemptible)", HelpName = "X", DefaultValueFactory = _ => 0.2 },
            new Option<string>(Names.Shares) { Description = "Tenants of the synthetic workload and their guaranteed shares (default: one tenant)", HelpName = "NAME=SHARE,..." },
            new Option<string>(Names.Failures) { Description = "Failure rates: llama3 (data/cluster/failures.yaml) or none", HelpName = "llama3|none", DefaultValueFactory = _ => "llama3" },
            new Option<string>(Names.Checkpoint) { Description = "Run time between checkpoints; an interrupted job loses what it did since its last one (default 30min; a scenario's: its training runs' own)", HelpName = "DURATION" },
            new Option<string>(Names.PreemptionDelay) { Description = "How long a tenant under its share waits before preempting borrowers (policy priority)", HelpName = "DURATION", DefaultValueFactory = _ => "5min" },
            new Option<string>(Names.Locality) { Description = "Widest topology level a job that fits one is kept in", HelpName = string.Join('|', ScheduleRequest.LocalityNames), DefaultValueFactory = _ => "leaf" },
            new Option<bool>(Names.LocalityRequired) { Description = "A job that fits one unit of --locality waits for one instead of spreading" },
            new Option<string>(Names.Trace) { Description = "A job trace to replay (with --trace-format); the cluster is its node list (--nodes) or --gpus", HelpName = "FILE" },
            new Option<string>(Names.TraceFormat) { Description = "The trace's format", HelpName = "philly|helios|alibaba-2020|alibaba-2023" },
            new Option<string>(Names.Nodes) { Description = "The trace's node list (alibaba-2023: openb_node_list_gpu_node.csv; philly: its machine list)", HelpName = "FILE" },
            new Option<string>(Names.Tenants) { Description = "Tenants file (YAML: name, share, borrowing_limit, lending_limit, weight) for the trace's tenants; equal shares without it", HelpName = "FILE" },
            new Option<double>(Names.ArrivalSpeedup) { Description = "Replay the trace's arrivals this many times faster (run times and waits kept): that many times its load", HelpName = "X", DefaultValueFactory = _ => 1.0 },
            new Option<string>(Names.Horizon) { Description = "Stop the simulation at this time at the latest (default: when the jobs are done)", HelpName = "DURATION" },
        ];
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancel) =>
        {
            var problems = new Problems();
            var request = new ScheduleRequest
            {
                Scenario = parse.GetValue<string>(Names.Scenario),
                Site = parse.GetValue<string>(Names.Site),
                Gpus = parse.GetValue<int?>(Names.Gpus),
                GpusPerNode = parse.GetValue<int>(Names.GpusPerNode),
                Jobs = parse.GetValue<int?>(Names.Jobs),
                Policy = parse.GetValue<string>(Names.Policy) ?? "fifo",
                Seed = parse.GetValue<long>(Names.Seed),
                Load = parse.GetValue<double>(Names.Load),
                ArrivalRate = parse.GetValue<double?>(Names.ArrivalRate),
                Burstiness = parse.GetValue<double>(Names.Burstiness),
                MaxJobGpus = parse.GetValue<int?>(Names.MaxJobGpus),
                Runtime = parse.GetValue<string>(Names.Runtime) ?? "1h",
                RuntimeSigma = parse.GetValue<double>(Names.RuntimeSigma),
                SpotShare = parse.GetValue<double>(Names.SpotShare),
                Shares = parse.GetValue<string>(Names.Shares),
                Trace = parse.GetValue<string>(Names.Trace),
                TraceFormat = parse.GetValue<string>(Names.TraceFormat),
                Nodes = parse.GetValue<string>(Names.Nodes),
                Tenants = parse.GetValue<string>(Names.Tenants),
                Failures = parse.GetValue<string>(Names.Failures) ?? "llama3",
                CheckpointInterval = parse.GetValue<string>(Names.Checkpoint),
                PreemptionDelay = parse.GetValue<string>(Names.PreemptionDelay) ?? "5min",
                Locality = parse.GetValue<string>(Names.Locality) ?? "leaf",
                LocalityRequired = parse.GetValue<bool>(Names.LocalityRequired),
                Horizon = parse.GetValue<string>(Names.Horizon),
                ArrivalSpeedup = parse.GetValue<double>(Names.ArrivalSpeedup),
            };
            var result = request.Run(CliContext.Catalog(parse), problems, cancel);
            if (context.Report(problems) != ExitCodes.Ok || result is null)
            {
                return Task.FromResult(ExitCodes.BadInput);
            }

            if (CliContext.Format(parse) == OutputFormat.Json)
            {
                context.WriteJson(ScheduleReport.Json(result));
            }
            else
            {
                ReportRenderer.Write(context.Console, ScheduleReport.Blocks(result));
                context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"simulated {result.Events:N0} events in {result.WallSeconds:0.00} s"));
            }

            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }
}
