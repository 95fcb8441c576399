using System.CommandLine;
using System.Diagnostics;
using Colossim.Documents;
using Colossim.Reports;
using Colossim.Scenarios;
using Colossim.Serving;

namespace Colossim.Cli.Commands;

/// <summary><c>colossim serve</c>: simulates a model served on a GPU fleet, one batch iteration at a time.</summary>
internal static class ServeCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string?>("--model") { Description = "Model (catalog name or YAML file)", HelpName = "NAME" };
        var gpu = new Option<string?>("--gpu") { Description = "GPU (catalog id or YAML file)", HelpName = "NAME" };
        var gpus = new Option<long?>("--gpus") { Description = "GPUs in all: replicas × tp × ep × pp", HelpName = "N" };
        var tp = new Option<int>("--tp") { Description = "Tensor-parallel degree of each replica (all-reduces over the planned site's NVLink)", DefaultValueFactory = _ => 1 };
        var ep = new Option<int>("--ep") { Description = "Expert-parallel degree of each replica (mixture-of-experts models): experts split over ep ranks of tp GPUs with all-to-alls per MoE layer, attention data-parallel over them; --max-batch and --token-budget are per rank", DefaultValueFactory = _ => 1, HelpName = "E" };
        var hot = new Option<double>("--hot-expert-load") { Description = "Mixture of experts: busiest expert's tokens over the mean, from 1 (balanced) to experts / top-k (every token on it)", DefaultValueFactory = _ => 1.0, HelpName = "X" };
        var pp = new Option<int>("--pp") { Description = "Pipeline stages of each replica (run one after another, no micro-batch overlap)", DefaultValueFactory = _ => 1 };
        var dtype = new Option<string>("--dtype") { Description = "GEMM data type: bf16, fp8, fp4", DefaultValueFactory = _ => "bf16" };
        var kvDtype = new Option<string>("--kv-dtype") { Description = "KV-cache data type: bf16, or fp8 (half the bytes per cached token)", DefaultValueFactory = _ => "bf16", HelpName = "bf16|fp8" };
        var scheduler = new Option<string>("--scheduler") { Description = "continuous (vLLM V1/Sarathi: token budget, chunked prefill), prefill-first (vLLM V0) or static", DefaultValueFactory = _ => "continuous", HelpName = "NAME" };
        var admission = new Option<string>("--kv-admission") { Description = "greedy (vLLM: KV blocks as tokens come, preemption by recomputation when full) or reserve (TensorRT-LLM: prompt and output reserved at admission)", DefaultValueFactory = _ => "greedy", HelpName = "NAME" };
        var router = new Option<string>("--router") { Description = "round-robin, least-outstanding-tokens, or affinity (the replica caching the longest prefix of the prompt, unless overloaded; needs prefix caching)", DefaultValueFactory = _ => "round-robin", HelpName = "NAME" };
        var prefixCaching = new Option<string>("--prefix-caching") { Description = "Reuse cached KV of prompt prefixes by block hash: auto (on when the trace carries hash_ids, as Mooncake's), on or off", DefaultValueFactory = _ => "auto", HelpName = "auto|on|off" };
        var trace = new Option<string?>("--trace") { Description = "Replay a trace file (Azure CSV or Mooncake JSON lines)", HelpName = "FILE" };
        var traceFormat = new Option<string>("--trace-format") { Description = "azure (TIMESTAMP,ContextTokens,GeneratedTokens) or mooncake", DefaultValueFactory = _ => "azure", HelpName = "azure|mooncake" };
        var rateScale = new Option<double>("--rate-scale") { Description = "Replay the trace this many times as fast", DefaultValueFactory = _ => 1.0, HelpName = "X" };
        var rate = new Option<double?>("--rate") { Description = "Generate requests at this rate (requests/s)", HelpName = "R" };
        var arrival = new Option<string>("--arrival") { Description = "Gaps of generated requests: poisson, gamma (see --burstiness) or constant", DefaultValueFactory = _ => "poisson", HelpName = "NAME" };
        var burstiness = new Option<double>("--burstiness") { Description = "Coefficient of variation of gamma gaps (1: Poisson; above: bursty)", DefaultValueFactory = _ => 1.0, HelpName = "CV" };
        var inputLen = new Option<int?>("--input-len") { Description = "Mean prompt tokens of generated requests", HelpName = "I" };
        var outputLen = new Option<int?>("--output-len") { Description = "Mean output tokens of generated requests", HelpName = "O" };
        var lengths = new Option<string>("--lengths") { Description = "How lengths spread: fixed, uniform or log-normal", DefaultValueFactory = _ => "fixed", HelpName = "NAME" };
        var spread = new Option<double>("--length-spread") { Description = "Half-width over the mean (uniform) or coefficient of variation (log-normal)", DefaultValueFactory = _ => 0.5, HelpName = "X" };
        var requests = new Option<int?>("--requests") { Description = "Requests to generate (default 1,000), or the first K of a trace", HelpName = "K" };
        var concurrency = new Option<int?>("--concurrency") { Description = "Closed loop: C clients, each sending its next request when the previous one ends", HelpName = "C" };
        var sample = new Option<int?>("--sample-replicas") { Description = "Simulate only the first K replicas, with the requests round-robin sends them, and scale the fleet's totals (fleets of 10^4-10^6 GPUs)", HelpName = "K" };
        var timeline = new Option<string?>("--timeline") { Description = "Write the first 16 replicas' iterations (prefill, decode, mixed; up to 200,000 in all) as a Chrome trace for ui.perfetto.dev or chrome://tracing", HelpName = "FILE" };
        var mode = new Option<string?>("--mode") { Description = "offline: every request at time zero (MLPerf Offline)", HelpName = "offline|online" };
        var sloTtft = new Option<string?>("--slo-ttft") { Description = "Time-to-first-token target, e.g. 2s", HelpName = "DURATION" };
        var sloTpot = new Option<string?>("--slo-tpot") { Description = "Time-per-output-token target, e.g. 200ms", HelpName = "DURATION" };
        var seed = new Option<long>("--seed") { Description = "Seed of the generated traffic (0 to 2^53)", HelpName = "S" };
        seed.CustomParser = result => CliContext.ParseSeed(result);
        var price = new Option<double?>("--usd-per-gpu-hour") { Description = "GPU-hour price in dollars (default: the facility planner's cost of a used GPU-hour)", HelpName = "USD" };
        var maxBatch = new Option<int>("--max-batch") { Description = "Requests one iteration may hold (vLLM max_num_seqs)", DefaultValueFactory = _ => 256, HelpName = "N" };
        var budget = new Option<int>("--token-budget") { Description = "Tokens one iteration may process (vLLM max_num_batched_tokens)", DefaultValueFactory = _ => 8192, HelpName = "N" };
        var blockSize = new Option<int>("--block-size") { Description = "Tokens per KV-cache block", DefaultValueFactory = _ => 16, HelpName = "N" };
        var search = new Option<bool>("--search") { Description = "Choose the deployment (tp, pp, replicas, scheduler) for --gpus: the most output tokens/s; with an SLO, the highest Poisson rate meeting it; with an SLO and --rate, the cheapest deployment carrying that rate. With --disaggregate, the rate (or split) of the given deployment" };
        var validate = new Option<string?>("--validate") { Description = "Print the serving validation (Markdown for docs/validation.md) against the published throughputs in this reference notes file", HelpName = "REFERENCE" };
        var splitwise = new Option<string?>("--validate-splitwise") { Description = "Print the SplitwiseSim validation (Markdown for docs/validation.md): Llama-2-70B iteration latencies measured in this perf_model.csv, against the step model", HelpName = "CSV" };
        var disaggregate = new Option<string?>("--disaggregate") { Description = "Split the replicas into P prefill and D decode replicas (Splitwise, DistServe), the KV cache moving between them over the fabric; a ratio scaled to --gpus, or auto with --search to find the best split", HelpName = "P:D|auto" };
        var memory = new Option<double>("--gpu-memory-utilization") { Description = "Share of HBM for weights, activations and KV cache", DefaultValueFactory = _ => 0.9, HelpName = "X" };
        var command = new Command("serve", """
            Simulate serving a model on a GPU fleet, one batch iteration at a time: routing, batching under a token budget,
            a paged KV cache with preemption, and the latencies, throughput, SLO attainment, cost and energy that follow.
            Give the traffic as a trace, a rate, a number of closed-loop clients, or --mode offline.

            Examples:
              colossim serve --model llama3-70b --gpu h100-sxm --gpus 16 --tp 8 --rate 4 --input-len 1024 --output-len 256
              colossim serve --model llama2-70b --gpu h100-sxm --gpus 8 --tp 8 --dtype fp8 --mode offline --input-len 300 --output-len 290 --requests 4096
              colossim serve --model llama3-70b --gpu h100-sxm --gpus 128 --tp 8 --trace conv.csv --rate-scale 2 --slo-ttft 2s --slo-tpot 200ms
              colossim serve --model llama3-8b --gpu h200-sxm --gpus 1 --concurrency 64 --input-len 512 --output-len 128 --format json
            """)
        {
            model, gpu, gpus, tp, pp, dtype, kvDtype, scheduler, admission, router, trace, traceFormat, rateScale, rate, arrival, burstiness, inputLen, outputLen,
            lengths, spread, requests, concurrency, sample, timeline, mode, sloTtft, sloTpot, search, validate, splitwise, seed, price, maxBatch, budget, blockSize, memory, disaggregate,
        };
        var diurnal = new Option<double?>("--diurnal") { Description = "Shape generated traffic over a 24-hour day: the rate's peak-to-trough ratio (a sinusoid, lowest at time zero; the mean stays --rate)", HelpName = "RATIO" };
        command.Options.Add(prefixCaching);
        command.Options.Add(diurnal);
        command.Options.Add(ep);
        command.Options.Add(hot);
        var kvTransfer = new Option<string?>("--kv-transfer") { Description = "With --disaggregate: when the KV cache leaves the prefill replica, after-prefill (the whole cache once the prefill ends; the default) or layerwise (each layer as soon as it is computed, overlapping the prefill, as Splitwise does)", HelpName = "after-prefill|layerwise" };
        command.Options.Add(kvTransfer);
        command.SetAction(parse =>
        {
            var catalog = CliContext.Catalog(parse);
            var problems = new Problems();
            if (parse.GetValue(splitwise) is { } database)
            {
                var local = new Problems();
                var csv = DocReader.ReadText(database, local, 4 << 20);
                problems.AddRange(local.Select(p => p with { Path = "--validate-splitwise", File = null }));
                var derived = 0;
                var points = csv is null ? null : SplitwiseValidation.Read(csv, problems, "--validate-splitwise", out derived);
                if (problems.HasErrors || points is null)
                {
                    throw new InvalidInputException(problems);
                }

                var rows = ProgressDisplay.Run(context, "serve --validate-splitwise", _ => SplitwiseValidation.Run(points, catalog));
                context.Out.Write(ServeReport.SplitwiseMarkdown(rows, derived));
                return context.Report(problems);
            }

            if (parse.GetValue(validate) is { } reference)
            {
                var local = new Problems();
                var markdown = DocReader.ReadText(reference, local, 1 << 20);
                problems.AddRange(local.Select(p => p with { Path = "--validate", File = null }));
                var cases = markdown is null ? [] : ServingValidation.ParseReference(markdown, problems);
                if (problems.HasErrors)
                {
                    throw new InvalidInputException(problems);
                }

                var rows = ProgressDisplay.Run(context, "serve --validate", progress =>
                    ServingValidation.RunAll(cases, catalog, progress is null ? null : new Fraction(progress)));
                context.Out.Write(ServeReport.ValidationMarkdown(rows));
                return context.Report(problems);
            }

            var request = new ServeRequest
            {
                Model = parse.GetValue(model),
                Gpu = parse.GetValue(gpu),
                Gpus = parse.GetValue(gpus),
                Tp = parse.GetValue(tp),
                Pp = parse.GetValue(pp),
                Ep = parse.GetValue(ep),
                HotExpertLoad = parse.GetValue(hot),
                Dtype = parse.GetValue(dtype)!,
                KvDtype = parse.GetValue(kvDtype)!,
                Scheduler = parse.GetValue(scheduler)!,
                Router = parse.GetValue(router)!,
                KvAdmission = parse.GetValue(admission)!,
                Trace = parse.GetValue(trace),
                TraceFormat = parse.GetValue(traceFormat)!,
                RateScale = parse.GetValue(rateScale),
                Rate = parse.GetValue(rate),
                Arrival = parse.GetValue(arrival)!,
                Burstiness = parse.GetValue(burstiness),
                InputLen = parse.GetValue(inputLen),
                OutputLen = parse.GetValue(outputLen),
                Lengths = parse.GetValue(lengths)!,
                LengthSpread = parse.GetValue(spread),
                Requests = parse.GetValue(requests),
                Concurrency = parse.GetValue(concurrency),
                SampleReplicas = parse.GetValue(sample),
                Timeline = parse.GetValue(timeline),
                Mode = parse.GetValue(mode),
                SloTtft = parse.GetValue(sloTtft),
                SloTpot = parse.GetValue(sloTpot),
                Seed = parse.GetValue(seed),
                UsdPerGpuHour = parse.GetValue(price),
                MaxBatch = parse.GetValue(maxBatch),
                TokenBudget = parse.GetValue(budget),
                BlockSize = parse.GetValue(blockSize),
                GpuMemoryUtilization = parse.GetValue(memory),
                Search = parse.GetValue(search),
                Disaggregate = parse.GetValue(disaggregate),
                PrefixCaching = parse.GetValue(prefixCaching)!,
                Diurnal = parse.GetValue(diurnal),
                KvTransfer = parse.GetValue(kvTransfer),
            };
            var clock = Stopwatch.StartNew();
            var json = CliContext.Format(parse) == OutputFormat.Json;
            if (request.Search && request.Disaggregate is null)
            {
                // The search chooses tp, ep, pp and the scheduler; one given as well would be ignored, so it is a mistake.
                foreach (var (option, name) in new (Option Option, string Name)[] { (tp, "--tp"), (ep, "--ep"), (pp, "--pp"), (scheduler, "--scheduler") })
                {
                    if (parse.GetResult(option) is { Implicit: false })
                    {
                        problems.Error(name, $"--search chooses the deployment (tp, ep, pp, replicas, scheduler); give {name} without --search, or --search without {name}");
                    }
                }

                var searched = problems.HasErrors ? null : ProgressDisplay.Run(context, "serve --search", progress =>
                    DeploymentSearch.Run(request, catalog, problems, progress is null ? null : new Fraction(progress)));
                if (searched is null)
                {
                    throw new InvalidInputException(problems);
                }

                var wallSearch = clock.Elapsed.TotalSeconds;
                WriteTimeline(request, searched.Best!.Run!, problems);
                if (json)
                {
                    context.Out.WriteLine(ReportJson.Serialize(DeploymentSearchReport.Json(searched, wallSearch)));
                }
                else
                {
                    ReportRenderer.Write(context.Console, DeploymentSearchReport.Text(searched, wallSearch));
                }

                return context.Report(problems);
            }

            if (request.Resolve(catalog, problems) is not { } setup)
            {
                throw new InvalidInputException(problems);
            }

            if (request.Search)
            {
                var found = ProgressDisplay.Run(context, "serve --search", _ =>
                    request.Disaggregate is not null && setup.Disaggregation is null ? DisaggregatedSearch.BestSplit(setup, kvTransfer: EnumNames.Parse<KvTransferMode>(request.KvTransfer) ?? KvTransferMode.AfterPrefill) : ServingSearch.MaxRate(setup));
                var searchWall = clock.Elapsed.TotalSeconds;
                WriteTimeline(request, found.Run, problems);
                if (json)
                {
                    context.Out.WriteLine(ReportJson.Serialize(ServeReport.SearchJson(found, searchWall)));
                }
                else
                {
                    ReportRenderer.Write(context.Console, ServeReport.SearchText(found, searchWall));
                }

                return context.Report(problems);
            }

            var result = ProgressDisplay.Run(context, "serve", progress =>
                ServingSimulation.Run(setup, progress is null ? null : new Fraction(progress)));
            var wall = clock.Elapsed.TotalSeconds;
            WriteTimeline(request, result, problems);
            if (json)
            {
                context.Out.WriteLine(ReportJson.Serialize(ServeReport.Json(result, wall)));
            }
            else
            {
                ReportRenderer.Write(context.Console, ServeReport.Text(result, wall));
            }

            return context.Report(problems);
        });
        return command;
    }

    /// <summary>Writes the run's timeline when <c>--timeline</c> asks for one; a file that cannot be written is an error (exit 2).</summary>
    private static void WriteTimeline(ServeRequest request, ServingResult result, Problems problems)
    {
        if (request.Timeline is { } file && !ServeReport.Timeline(result).TryWrite(file, out var error))
        {
            problems.Error("--timeline", $"cannot write {file}: {error}");
            throw new InvalidInputException(problems);
        }
    }

    /// <summary>The simulation's share of requests finished, as the progress bar's one stage.</summary>
    private sealed class Fraction(IProgress<RunProgress> progress) : IProgress<double>
    {
        public void Report(double value) => progress.Report(new RunProgress("simulating", 0, 1, value, null));
    }
}
