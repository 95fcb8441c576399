using System.CommandLine;
using System.Globalization;
using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Performance;
using Spectre.Console;

namespace Colossim.Cli.Commands;

/// <summary><c>colossim predict</c>: the time of one step of a model on a GPU, with its breakdown.</summary>
internal static class PredictCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "Model (catalog name or YAML file)", Required = true, HelpName = "NAME" };
        var gpu = new Option<string>("--gpu") { Description = "GPU (catalog id or YAML file)", Required = true, HelpName = "NAME" };
        var tp = new Option<int>("--tp") { Description = "Tensor-parallel degree (the step is timed on one GPU of the group)", DefaultValueFactory = _ => 1 };
        var ep = new Option<int>("--ep") { Description = "Expert-parallel degree (mixture-of-experts models)", DefaultValueFactory = _ => 1 };
        var phase = new Option<string>("--phase") { Description = "prefill, decode, mixed (chunked prefill) or train", Required = true, HelpName = "prefill|decode|mixed|train" };
        phase.AcceptOnlyFromAmong("prefill", "decode", "mixed", "train");
        var batch = new Option<int>("--batch") { Description = "Sequences (prefill, train) or decode sequences (decode, mixed)", DefaultValueFactory = _ => 1 };
        var seqLen = new Option<int?>("--seq-len") { Description = "Prompt tokens per sequence (prefill, train); defaults to --context", HelpName = "S" };
        var contextLen = new Option<int?>("--context") { Description = "Cached tokens per decode sequence (decode, mixed); the prompt length for prefill and train when --seq-len is absent", HelpName = "L" };
        var chunk = new Option<int?>("--chunk") { Description = "Prompt-chunk tokens (mixed)", HelpName = "C" };
        var dtype = new Option<string>("--dtype") { Description = "Layer GEMM data type: bf16, fp8, fp4", DefaultValueFactory = _ => "bf16" };
        var eager = new Option<bool>("--eager") { Description = "Launch kernels eagerly (default for prefill and train)" };
        var graph = new Option<bool>("--graph") { Description = "Replay the step as a CUDA graph (default for decode and mixed)" };
        var recompute = new Option<bool>("--recompute") { Description = "Training: recompute activations in the backward pass" };
        var engine = new Option<bool>("--engine") { Description = "Kernels of a serving/training engine (fused norms and activations) instead of the reference eager stack" };
        var hot = new Option<double>("--hot-expert-load") { Description = "Mixture of experts: busiest expert's tokens over the mean (1 = balanced)", DefaultValueFactory = _ => 1.0 };
        var calibration = CalibrateCommand.CalibrationOption();
        var command = new Command("predict", """
            Predict one step of a model on a GPU: time, a breakdown by kernel class (GEMM, attention, other, launch),
            achieved TFLOP/s and GB/s, whether it is compute- or memory-bound, the memory it needs, and whether the kernel
            times come from the GPU's calibration or from a roofline. No communication is included (one GPU's share).

            Examples:
              colossim predict --model llama3-70b --gpu h200-sxm --tp 8 --phase decode --batch 64 --context 2048
              colossim predict --model llama3-8b --gpu h200-sxm --phase prefill --batch 1 --seq-len 8192
              colossim predict --model llama3-8b --gpu h200-sxm --phase mixed --chunk 512 --batch 32 --context 2048
              colossim predict --model llama3.2-1b --gpu h200-sxm --phase train --batch 4 --seq-len 4096 --format json
            """)
        {
            model, gpu, tp, ep, phase, batch, seqLen, contextLen, chunk, dtype, eager, graph, recompute, engine, hot, calibration,
        };
        command.SetAction(parse =>
        {
            var catalog = CliContext.Catalog(parse);
            var problems = new Problems();
            var spec = catalog.ResolveGpu(parse.GetValue(gpu)!, problems, "--gpu");
            var arch = catalog.ResolveModel(parse.GetValue(model)!, problems, "--model");
            var phaseText = parse.GetValue(phase);
            var stepPhase = phaseText switch { "decode" => StepPhase.Decode, "mixed" => StepPhase.Mixed, "train" => StepPhase.Train, _ => StepPhase.Prefill };
            var dtypeText = parse.GetValue(dtype)!;
            if (!DataTypes.TryParse(dtypeText, out var dt) || dt is not (DataType.Bf16 or DataType.Fp16 or DataType.Fp8 or DataType.Fp4))
            {
                problems.Error("--dtype", $"expected bf16, fp16, fp8 or fp4, found '{dtypeText}'");
            }

            var (tpValue, epValue, b) = (parse.GetValue(tp), parse.GetValue(ep), parse.GetValue(batch));
            Positive(problems, "--tp", tpValue, 1024);
            Positive(problems, "--ep", epValue, 1024);
            Positive(problems, "--batch", b, 1 << 24);
            var (contextValue, chunkValue, hotLoad) = (parse.GetValue(contextLen), parse.GetValue(chunk), parse.GetValue(hot));
            var (eagerValue, graphValue) = (parse.GetValue(eager), parse.GetValue(graph));
            var s = parse.GetValue(seqLen) ?? contextValue;
            var ctx = contextValue ?? 0;
            if (stepPhase is StepPhase.Prefill or StepPhase.Train && s is null)
            {
                problems.Error("--seq-len", $"is required for --phase {phaseText} (prompt tokens per sequence)");
            }

            if (stepPhase is StepPhase.Decode or StepPhase.Mixed && contextValue is null)
            {
                problems.Error("--context", $"is required for --phase {phaseText} (cached tokens per sequence)");
            }

            if (stepPhase == StepPhase.Mixed && chunkValue is null)
            {
                problems.Error("--chunk", "is required for --phase mixed (prompt-chunk tokens)");
            }

            Positive(problems, "--seq-len", s ?? 1, 1 << 24);
            Positive(problems, "--chunk", chunkValue ?? 1, 1 << 24);
            if (ctx < 0)
            {
                problems.Error("--context", $"expected a whole number of at least 0, found {ctx}");
            }

            if (eagerValue && graphValue)
            {
                problems.Error("--graph", "give --eager or --graph, not both");
            }

            if (hotLoad < 1)
            {
                problems.Error("--hot-expert-load", $"expected at least 1 (1 = balanced routing), found {hotLoad.ToString(CultureInfo.InvariantCulture)}");
            }

            if (spec is not null && problems.Count == 0 && spec.PeakFor(dt) is null)
            {
                problems.Error("--dtype", $"{spec.Id} has no {dtypeText} tensor cores");
            }

            if (spec is null || arch is null || problems.HasErrors)
            {
                throw new InvalidInputException(problems);
            }

            var kernels = KernelModel.For(spec, catalog, CalibrateCommand.UserCalibration(parse, calibration, spec.Id, problems));
            var request = new StepRequest
            {
                Phase = stepPhase,
                Batch = b,
                SeqLen = s ?? 1,
                Context = ctx,
                Chunk = chunkValue ?? 0,
                Dtype = dt,
                CudaGraph = graphValue ? true : eagerValue ? false : null,
                Recompute = parse.GetValue(recompute),
                HotExpertLoad = hotLoad,
                Implementation = parse.GetValue(engine) ? Implementation.Engine : Implementation.Reference,
            };
            var step = new StepModel(arch, kernels, new Sharding { Tp = tpValue, Ep = epValue });
            var p = step.Predict(request);
            var memory = step.Memory(request);
            if (CliContext.Format(parse) == OutputFormat.Json)
            {
                context.WriteJson(new
                {
                    model = arch.Name,
                    gpu = spec.Id,
                    phase = phaseText,
                    tp = tpValue,
                    ep = epValue,
                    batch = b,
                    path = kernels.Path,
                    path_description = kernels.PathDescription,
                    time_ms = p.Seconds * 1e3,
                    gpu_ms = p.GpuSeconds * 1e3,
                    host_ms = p.HostSeconds * 1e3,
                    breakdown_ms = new { gemm = p.GemmSeconds * 1e3, attention = p.AttentionSeconds * 1e3, other = p.OtherSeconds * 1e3, launch = p.LaunchSeconds * 1e3 },
                    kernels = p.Kernels,
                    tflops = p.AchievedFlopRate.TeraFlopsPerSecond,
                    gbps = p.AchievedBandwidth.GigabytesPerSecond,
                    bound = p.LaunchSeconds > 0 ? "host" : p.ComputeBound ? "compute" : "memory",
                    memory_gb = new { weights = memory.Weights.Gigabytes, kv_cache = memory.KvCache.Gigabytes, kv_cache_per_token_mb = memory.KvCachePerToken.Value / 1e6, activations = memory.Activations.Gigabytes, optimizer_states = memory.OptimizerStates.Gigabytes, total = memory.Total.Gigabytes },
                });
                return context.Report(problems);
            }

            var bound = p.LaunchSeconds > 0 ? "host-bound (eager launches)" : p.ComputeBound ? "compute-bound" : "memory-bound";
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{arch.Name} on {spec.Id} (tp {tpValue}{(epValue > 1 ? $", ep {epValue}" : "")}), {phaseText}: {p.Seconds * 1e3:0.000} ms, {bound}"));
            context.Out.WriteLine($"kernel times: {kernels.PathDescription}");
            var table = new Table().AddColumns("class", "ms", "share");
            void Row(string name, double seconds) => table.AddRow(name, (seconds * 1e3).ToString("0.000", CultureInfo.InvariantCulture), (seconds / p.Seconds).ToString("0.0%", CultureInfo.InvariantCulture));
            Row("GEMM", p.GemmSeconds);
            Row("attention", p.AttentionSeconds);
            Row("other", p.OtherSeconds);
            Row("launch", p.LaunchSeconds);
            context.Console.Write(table);
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{p.Kernels} kernels; {p.AchievedFlopRate.TeraFlopsPerSecond:0.0} TFLOP/s; {p.AchievedBandwidth.GigabytesPerSecond:0} GB/s"));
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"memory per GPU: weights {memory.Weights.ToDisplayString()}, KV cache {memory.KvCache.ToDisplayString()} ({memory.KvCachePerToken.Value / 1e6:0.###} MB/token), activations {memory.Activations.ToDisplayString()}, optimizer states {memory.OptimizerStates.ToDisplayString()}, total {memory.Total.ToDisplayString()} of {spec.HbmCapacity.ToDisplayString()}"));
            return context.Report(problems);
        });
        return command;
    }

    private static void Positive(Problems problems, string option, int value, int max)
    {
        if (value < 1 || value > max)
        {
            problems.Error(option, $"expected a whole number between 1 and {max.ToString(CultureInfo.InvariantCulture)}, found {value.ToString(CultureInfo.InvariantCulture)}");
        }
    }
}
