using System.CommandLine;
using Colossim.Documents;
using Colossim.Performance;
using Colossim.Reports;

namespace Colossim.Cli.Commands;

/// <summary><c>colossim predict</c>: the time of one step of a model on a GPU, with its breakdown.</summary>
internal static class PredictCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "Model (catalog name or YAML file)", Required = true, HelpName = "NAME" };
        var gpu = new Option<string>("--gpu") { Description = "GPU (catalog id or YAML file)", Required = true, HelpName = "NAME" };
        var tp = new Option<int>("--tp") { Description = "Tensor-parallel degree: divides the attention heads, and divides or is a multiple of the KV heads (the step of tp GPUs, their all-reduces included)", DefaultValueFactory = _ => 1 };
        var ep = new Option<int>("--ep") { Description = "Expert-parallel degree (mixture-of-experts models): divides the experts; each GPU holds experts / ep of them, each split over --tp", DefaultValueFactory = _ => 1 };
        var phase = new Option<string>("--phase") { Description = "prefill, decode, mixed (chunked prefill) or train", Required = true, HelpName = "prefill|decode|mixed|train" };
        phase.AcceptOnlyFromAmong([.. EnumNames.All<StepPhase>()]);
        var batch = new Option<int>("--batch") { Description = "Sequences (prefill, train) or decode sequences (decode, mixed)", DefaultValueFactory = _ => 1 };
        var seqLen = new Option<int?>("--seq-len") { Description = "Prompt tokens per sequence (prefill, train); defaults to --context", HelpName = "S" };
        var contextLen = new Option<int?>("--context") { Description = "Cached tokens per decode sequence (decode, mixed); the prompt length for prefill and train when --seq-len is absent", HelpName = "L" };
        var chunk = new Option<int?>("--chunk") { Description = "Prompt-chunk tokens (mixed)", HelpName = "C" };
        var dtype = new Option<string>("--dtype") { Description = "Layer GEMM data type: bf16, fp8, fp4", DefaultValueFactory = _ => "bf16" };
        var eager = new Option<bool>("--eager") { Description = "Launch kernels eagerly (default for prefill and train)" };
        var graph = new Option<bool>("--graph") { Description = "Replay the step as a CUDA graph (default for decode and mixed)" };
        var recompute = new Option<bool>("--recompute") { Description = "Training: recompute activations in the backward pass" };
        var engine = new Option<bool>("--engine") { Description = "Kernels of a serving/training engine (fused norms and activations) instead of the reference eager stack" };
        var hot = new Option<double>("--hot-expert-load") { Description = "Mixture of experts: busiest expert's tokens over the mean, from 1 (balanced) to experts / top-k (every token on it)", DefaultValueFactory = _ => 1.0 };
        var allowOverflow = new Option<bool>("--allow-overflow") { Description = "Print a step whose memory exceeds the GPU's with a warning (exit 0) instead of an error (exit 2)" };
        var calibration = CalibrateCommand.CalibrationOption();
        var command = new Command("predict", """
            Predict one step of a model on a GPU: time, a breakdown by kernel class (GEMM, attention, other, launch),
            achieved TFLOP/s and GB/s, whether it is compute- or memory-bound, the memory it needs (and whether it fits),
            and whether the kernel times come from the GPU's calibration or from a roofline. With --tp or --ep the step is
            that of one GPU's shard of the model plus the collectives between the tp x ep GPUs (tensor-parallel all-reduces,
            expert-parallel all-to-alls) over the GPU's system, as `colossim comm` times them, not overlapped with compute.

            Examples:
              colossim predict --model llama3-70b --gpu h200-sxm --tp 8 --phase decode --batch 64 --context 2048
              colossim predict --model llama3-8b --gpu h200-sxm --phase prefill --batch 1 --seq-len 8192
              colossim predict --model llama3-8b --gpu h200-sxm --phase mixed --chunk 512 --batch 32 --context 2048
              colossim predict --model llama3.2-1b --gpu h200-sxm --phase train --batch 4 --seq-len 4096 --format json
            """)
        {
            model, gpu, tp, ep, phase, batch, seqLen, contextLen, chunk, dtype, eager, graph, recompute, engine, hot, allowOverflow, calibration,
        };
        command.SetAction(parse =>
        {
            var catalog = CliContext.Catalog(parse);
            var problems = new Problems();
            var query = new StepQuery
            {
                Model = parse.GetValue(model)!,
                Gpu = parse.GetValue(gpu)!,
                Tp = parse.GetValue(tp),
                Ep = parse.GetValue(ep),
                Phase = EnumNames.Parse<StepPhase>(parse.GetValue(phase)) ?? StepPhase.Prefill,
                Batch = parse.GetValue(batch),
                SeqLen = parse.GetValue(seqLen),
                Context = parse.GetValue(contextLen),
                Chunk = parse.GetValue(chunk),
                Dtype = parse.GetValue(dtype)!,
                Eager = parse.GetValue(eager),
                Graph = parse.GetValue(graph),
                Recompute = parse.GetValue(recompute),
                Engine = parse.GetValue(engine),
                HotExpertLoad = parse.GetValue(hot),
                AllowOverflow = parse.GetValue(allowOverflow),
                Calibration = CalibrateCommand.Source(parse, calibration),
            };
            if (Network.StepForecasts.Forecast(query, catalog, problems) is not { } forecast)
            {
                throw new InvalidInputException(problems);
            }

            if (CliContext.Format(parse) == OutputFormat.Json)
            {
                context.Out.WriteLine(ReportJson.Serialize(PredictReport.Json(forecast)));
            }
            else
            {
                ReportRenderer.Write(context.Console, PredictReport.Text(forecast));
            }

            return context.Report(problems);
        });
        return command;
    }
}
