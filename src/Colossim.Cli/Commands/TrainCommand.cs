using System.CommandLine;
using Colossim.Documents;
using Colossim.Reports;
using Colossim.Training;

namespace Colossim.Cli.Commands;

/// <summary><c>colossim train</c>: step time, MFU and memory of a training layout, the best layout, and a whole run's days, cost and goodput.</summary>
internal static class TrainCommand
{
    public static Command Create(CliContext context)
    {
        var n = TrainRequest.Names.Model;
        var model = new Option<string>(n) { Description = "Model (catalog name or YAML file)", Required = true, HelpName = "NAME" };
        var gpu = new Option<string>(TrainRequest.Names.Gpu) { Description = "GPU (catalog id or YAML file)", Required = true, HelpName = "NAME" };
        var gpus = new Option<long>(TrainRequest.Names.Gpus) { Description = "GPUs the job spans; the cluster is planned for them (network, price, power)", Required = true, HelpName = "N" };
        var tp = new Option<int?>(TrainRequest.Names.Tp) { Description = "Tensor-parallel degree (default 1; sequence parallelism on above 1)", HelpName = "T" };
        var pp = new Option<int?>(TrainRequest.Names.Pp) { Description = "Pipeline-parallel degree (default 1; 1F1B schedule)", HelpName = "P" };
        var dp = new Option<int?>(TrainRequest.Names.Dp) { Description = "Data-parallel degree (default: GPUs / (tp x pp x cp))", HelpName = "D" };
        var cp = new Option<int?>(TrainRequest.Names.Cp) { Description = "Context-parallel degree (default 1)", HelpName = "C" };
        var ep = new Option<int?>(TrainRequest.Names.Ep) { Description = "Expert-parallel degree, mixture-of-experts models (default 1; taken from dp x cp)", HelpName = "E" };
        var vpp = new Option<int?>(TrainRequest.Names.Vpp) { Description = "Virtual pipeline stages per rank (interleaved schedule; default 1)", HelpName = "V" };
        var seqLen = new Option<int>(TrainRequest.Names.SeqLen) { Description = "Tokens per sequence (default 8192)", HelpName = "L", DefaultValueFactory = _ => TrainRequest.DefaultSeqLen };
        var batch = new Option<long>(TrainRequest.Names.GlobalBatchTokens) { Description = "Tokens per optimizer step, whole sequences (default 4194304)", HelpName = "B", DefaultValueFactory = _ => TrainRequest.DefaultGlobalBatchTokens };
        var micro = new Option<int?>(TrainRequest.Names.MicroBatch) { Description = "Sequences per micro-batch (default 1)", HelpName = "M" };
        var recompute = new Option<string?>(TrainRequest.Names.Recompute) { Description = "Activation recomputation (default none)", HelpName = "none|selective|full" };
        var zero = new Option<string?>(TrainRequest.Names.Zero) { Description = "ZeRO stage of the data-parallel ranks (default 1, the distributed optimizer; fsdp = 3)", HelpName = "0|1|2|3|fsdp" };
        var dtype = new Option<string>(TrainRequest.Names.Dtype) { Description = "Data type of the layer GEMMs (MFU is against its dense peak)", HelpName = "bf16|fp8", DefaultValueFactory = _ => "bf16" };
        var tokens = new Option<double?>(TrainRequest.Names.Tokens) { Description = "Tokens of the whole run: days, GPU-hours, cost, energy, goodput and interruptions", HelpName = "T" };
        var search = new Option<bool>(TrainRequest.Names.Search) { Description = "Search the layouts and report the fastest that fits (ranked by throughput, then memory headroom); layout options given fix those knobs" };
        var usd = new Option<double?>(TrainRequest.Names.UsdPerGpuHour) { Description = "Price of one GPU-hour (default: the planned cluster's cost per GPU-hour)", HelpName = "USD" };
        var trace = new Option<string?>(TrainRequest.Names.Trace) { Description = "Write the step's timeline per pipeline stage (forward, backward, sends, data-parallel, optimizer) as a Chrome trace for ui.perfetto.dev or chrome://tracing", HelpName = "FILE" };
        var command = new Command("train", """
            Train: one optimizer step of a model on a cluster (step time, tokens/s, model TFLOP/s per GPU, MFU, memory
            per GPU and whether it fits), with the layout given or the best one found (--search), and with --tokens the
            whole run: days, GPU-hours, cost, energy, expected interruptions and goodput (Young/Daly checkpoints).
            Compute from the performance model (fused training kernels), communication over the planned cluster.

            Examples:
              colossim train --model llama3-405b --gpu h100-sxm --gpus 16384 --tp 8 --pp 16 --global-batch-tokens 16777216 --zero 2
              colossim train --model llama3-70b --gpu h200-sxm --gpus 1024 --search --tokens 15e12
              colossim train --model llama3-8b --gpu h100-sxm --gpus 64 --tp 2 --micro-batch 2 --format json
            """)
        {
            model, gpu, gpus, tp, pp, dp, cp, ep, vpp, seqLen, batch, micro, recompute, zero, dtype, tokens, search, usd, trace,
        };
        command.SetAction((parse, cancel) =>
        {
            var problems = new Problems();
            var request = new TrainRequest
            {
                Model = parse.GetValue(model)!,
                Gpu = parse.GetValue(gpu)!,
                Gpus = parse.GetValue(gpus),
                Tp = parse.GetValue(tp),
                Pp = parse.GetValue(pp),
                Dp = parse.GetValue(dp),
                Cp = parse.GetValue(cp),
                Ep = parse.GetValue(ep),
                Vpp = parse.GetValue(vpp),
                SeqLen = parse.GetValue(seqLen),
                GlobalBatchTokens = parse.GetValue(batch),
                MicroBatch = parse.GetValue(micro),
                Recompute = parse.GetValue(recompute),
                Zero = parse.GetValue(zero),
                Dtype = parse.GetValue(dtype)!,
                Tokens = parse.GetValue(tokens),
                Search = parse.GetValue(search),
                UsdPerGpuHour = parse.GetValue(usd),
                Trace = parse.GetValue(trace),
            };
            var result = request.Run(CliContext.Catalog(parse), problems, cancel);
            if (result is null)
            {
                throw new InvalidInputException(problems);
            }

            if (request.Trace is { } file && result.Schedule is { } schedule && !TrainTrace.Of(schedule).TryWrite(file, out var error))
            {
                problems.Error(TrainRequest.Names.Trace, $"cannot write {file}: {error}");
                throw new InvalidInputException(problems);
            }

            if (CliContext.Format(parse) == OutputFormat.Json)
            {
                context.WriteJson(TrainReport.Json(result));
            }
            else
            {
                ReportRenderer.Write(context.Console, TrainReport.Blocks(result));
            }

            return Task.FromResult(context.Report(problems));
        });
        command.Subcommands.Add(Validate(context));
        return command;
    }

    // `colossim train validate`: the training model against the published runs, as the Markdown section of docs/validation.md.
    private static Command Validate(CliContext context)
    {
        var command = new Command("validate", """
            Compare the training model with published runs: the Megatron-LM weak-scaling table (1.7B to 1T GPT on up to
            3,072 A100s) and Llama 3 405B on 8,192 and 16,384 H100s, TFLOP/s per GPU row by row with the median error,
            and memory checks (layouts the papers ran fit, layouts they could not have run do not). Prints the Markdown
            section of docs/validation.md (tools/validation/training.sh regenerates it).

            Examples:
              colossim train validate
              colossim train validate --format json
            """);
        command.SetAction((parse, cancel) =>
        {
            var problems = new Problems();
            var rows = TrainingValidation.Run(CliContext.Catalog(parse), problems);
            if (CliContext.Format(parse) == OutputFormat.Json)
            {
                context.WriteJson(TrainValidationReport.Json(rows));
            }
            else
            {
                context.Out.Write(TrainValidationReport.Markdown(rows));
            }

            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }
}
