using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Serving;

namespace Colossim.Tests.Serving;

public sealed class ServeRequestTests
{
    private static readonly ServeRequest Valid = new()
    {
        Model = "llama3-8b",
        Gpu = "h200-sxm",
        Gpus = 2,
        Rate = 2,
        InputLen = 100,
        OutputLen = 10,
        Requests = 20,
    };

    private static IReadOnlyList<string> Errors(ServeRequest request)
    {
        var problems = new Problems();
        var setup = request.Resolve(ColossimCatalog.BuiltIn, problems);
        Assert.Null(setup);
        return [.. problems.Where(p => p.Severity == Severity.Error).Select(p => p.ToString())];
    }

    public sealed class TheResolveMethod
    {
        [Fact]
        public void Builds_replicas_of_tp_times_pp_GPUs_with_the_requests_asked_for()
        {
            var problems = new Problems();

            var setup = (Valid with { Gpus = 8, Tp = 2, Pp = 2 }).Resolve(ColossimCatalog.BuiltIn, problems);

            Assert.Empty(problems);
            Assert.Equal((2, 4, 20, 2), (setup!.Replicas, setup.GpusPerReplica, setup.Requests.Count, setup.Engine.PipelineStages));
            Assert.True(setup.Engine.KvBlocks > 1000, $"{setup.Engine.KvBlocks} KV blocks");
            Assert.Equal("planner", setup.Deployment!.PriceSource);
        }

        [Fact]
        public void Spaces_generated_requests_at_the_rate_on_average()
        {
            var problems = new Problems();

            var setup = (Valid with { Rate = 10, Requests = 4000 }).Resolve(ColossimCatalog.BuiltIn, problems)!;

            // 3,999 exponential gaps of mean 100 ms: the standard error of their mean is 1.6 %; allow 5 %.
            Assert.Equal(399.9, setup.Requests[^1].ArrivalNanoseconds / 1e9, 399.9 * 0.05);
        }

        [Fact]
        public void Spreads_gamma_gaps_by_their_burstiness()
        {
            static double Cv(ServeRequest r)
            {
                var s = r.Resolve(ColossimCatalog.BuiltIn, new Problems())!.Requests;
                var gaps = s.Zip(s.Skip(1), (a, b) => (b.ArrivalNanoseconds - a.ArrivalNanoseconds) / 1e9).ToArray();
                var mean = gaps.Average();
                return Math.Sqrt(gaps.Sum(g => (g - mean) * (g - mean)) / gaps.Length) / mean;
            }

            // 4,000 gaps: the sample coefficient of variation is within 10 % of the burstiness.
            Assert.Equal(3.0, Cv(Valid with { Arrival = "gamma", Burstiness = 3, Requests = 4000 }), 0.3);
            Assert.Equal(1.0, Cv(Valid with { Arrival = "gamma", Burstiness = 1, Requests = 4000 }), 0.1);
            Assert.Equal(0.0, Cv(Valid with { Arrival = "constant", Requests = 100 }), 6);
        }

        [Fact]
        public void Draws_log_normal_lengths_with_the_mean_asked_for_and_the_same_draws_for_the_same_seed()
        {
            var a = (Valid with { Lengths = "log-normal", LengthSpread = 1, Requests = 4000, Seed = 5 }).Resolve(ColossimCatalog.BuiltIn, new Problems())!;
            var b = (Valid with { Lengths = "log-normal", LengthSpread = 1, Requests = 4000, Seed = 5 }).Resolve(ColossimCatalog.BuiltIn, new Problems())!;

            // Coefficient of variation 1 over 4,000 draws: the mean is within 5 % (3 standard errors).
            Assert.Equal(100, a.Requests.Average(r => r.Input), 5.0);
            Assert.Equal(a.Requests, b.Requests);
        }

        [Fact]
        public void Puts_every_request_at_time_zero_offline()
        {
            var setup = (Valid with { Rate = null, Mode = "offline" }).Resolve(ColossimCatalog.BuiltIn, new Problems())!;

            Assert.All(setup.Requests, r => Assert.Equal(0, r.ArrivalNanoseconds));
        }

        [Fact]
        public void Compresses_a_traces_arrivals_by_the_rate_scale()
        {
            var file = Path.Combine(AppContext.BaseDirectory, "TestData", "serving", "azure-small.csv");

            var setup = (Valid with { Rate = null, InputLen = null, OutputLen = null, Requests = null, Trace = file, RateScale = 2 }).Resolve(ColossimCatalog.BuiltIn, new Problems())!;

            Assert.Equal([0L, 250_000_000, 500_000_000, 1_625_000_000], setup.Requests.Select(r => r.ArrivalNanoseconds));
        }

        [Fact]
        public void Keeps_only_the_sampled_replicas_share_of_generated_requests_at_the_fleets_rate()
        {
            var problems = new Problems();

            var setup = (Valid with { Gpus = 40, Rate = 400, Requests = 40_000, SampleReplicas = 4 }).Resolve(ColossimCatalog.BuiltIn, problems)!;

            // 4 of 40 replicas: a tenth of the requests, over the same 100 s (39,999 gaps of 2.5 ms: allow 3 %).
            Assert.Empty(problems);
            Assert.Equal((40, 4, 4000), (setup.Replicas, setup.SampledReplicas, setup.Requests.Count));
            Assert.Equal(100.0, setup.Requests[^1].ArrivalNanoseconds / 1e9, 100.0 * 0.03);
        }

        [Fact]
        public void Generates_the_same_requests_as_before_without_a_sample()
        {
            var full = Valid.Resolve(ColossimCatalog.BuiltIn, new Problems())!;
            var all = (Valid with { SampleReplicas = 2 }).Resolve(ColossimCatalog.BuiltIn, new Problems())!;

            Assert.Equal(full.Requests, all.Requests);
            Assert.Null(all.SampledReplicas);
        }

        [Theory]
        [InlineData("--model", "--model: is required (a catalog model such as llama3-70b, or a YAML file)")]
        [InlineData("--gpu", "--gpu: is required (a catalog GPU such as h100-sxm, or a YAML file)")]
        [InlineData("--gpus", "--gpus: is required (GPUs in all, a multiple of --tp × --pp)")]
        public void Says_what_is_required(string option, string message)
        {
            var request = option switch
            {
                "--model" => Valid with { Model = null },
                "--gpu" => Valid with { Gpu = null },
                _ => Valid with { Gpus = null },
            };

            Assert.Equal([message], Errors(request));
        }

        public static TheoryData<ServeRequest, string> BadOptions() => new()
        {
            { Valid with { Gpus = 0 }, "--gpus: expected a whole number between 1 and 10,000,000, found 0" },
            { Valid with { Gpus = 3, Tp = 2 }, "--gpus: expected a multiple of --tp × --pp = 2 (whole replicas), found 3" },
            { Valid with { Tp = 0 }, "--tp: expected a whole number between 1 and 1,024, found 0" },
            { Valid with { Tp = 3, Gpus = 3 }, "--tp: expected a divisor of the 32 attention heads of llama3-8b, found 3" },
            { Valid with { Pp = 33 }, "--pp: expected a whole number between 1 and 32, found 33" },
            { Valid with { MaxBatch = 0 }, "--max-batch: expected a whole number between 1 and 65,536, found 0" },
            { Valid with { TokenBudget = -1 }, "--token-budget: expected a whole number between 1 and 1,048,576, found -1" },
            { Valid with { BlockSize = 2048 }, "--block-size: expected a whole number between 1 and 1,024, found 2,048" },
            { Valid with { Dtype = "int3" }, "--dtype: expected bf16, fp16, fp8 or fp4, found 'int3'" },
            { Valid with { Gpu = "a100-sxm-80gb", Dtype = "fp8" }, "--dtype: a100-sxm-80gb has no fp8 tensor cores" },
            { Valid with { KvDtype = "int4" }, "--kv-dtype: expected bf16 or fp8, found 'int4'" },
            { Valid with { Scheduler = "orca" }, "--scheduler: expected one of continuous, prefill-first, static, found 'orca'" },
            { Valid with { PrefixCaching = "yes" }, "--prefix-caching: expected auto, on or off, found 'yes'" },
            { Valid with { PrefixCaching = "on" }, "--prefix-caching: on needs requests with block hashes (a Mooncake trace's hash_ids); this traffic has none" },
            { Valid with { Router = "affinity" }, "--router: affinity routes by cached prefixes and needs prefix caching: a Mooncake trace with hash_ids and --prefix-caching auto or on" },
            { Valid with { Rate = null, InputLen = null, OutputLen = null, Workload = [new TraceRequest(0, 600, 2) { HashIds = [1, 2] }], PrefixCaching = "on", BlockSize = 48 }, "--prefix-caching: expected a --block-size dividing 512 (the trace's hash block), found 48" },
            { Valid with { Rate = null, InputLen = null, OutputLen = null, Workload = [new TraceRequest(0, 600, 2) { HashIds = [1, 2] }], PrefixCaching = "on", Scheduler = "static" }, "--prefix-caching: works with the continuous and prefill-first schedulers, not static" },
            { Valid with { Diurnal = double.NaN }, "--diurnal: expected a peak-to-trough ratio from 1 to 1,000, found nan" },
            { Valid with { Diurnal = 0.5 }, "--diurnal: expected a peak-to-trough ratio from 1 to 1,000, found 0.5" },
            { Valid with { Diurnal = 2, Rate = null, Concurrency = 4 }, "--diurnal: shapes requests generated at a --rate over the day; give it with --rate, not --concurrency" },
            { Valid with { Router = "random" }, "--router: expected one of round-robin, least-outstanding-tokens, affinity, found 'random'" },
            { Valid with { Lengths = "zipf" }, "--lengths: expected one of fixed, uniform, log-normal, found 'zipf'" },
            { Valid with { Arrival = "bursty" }, "--arrival: expected one of poisson, constant, gamma, found 'bursty'" },
            { Valid with { TraceFormat = "vidur" }, "--trace-format: expected one of azure, mooncake, found 'vidur'" },
            { Valid with { RateScale = 0 }, "--rate-scale: expected a factor above 0 and at most 1,000,000, found 0" },
            { Valid with { Burstiness = double.NaN }, "--burstiness: expected a coefficient of variation above 0 and at most 100, found nan" },
            { Valid with { GpuMemoryUtilization = 1.5 }, "--gpu-memory-utilization: expected a share above 0 and at most 1, found 1.5" },
            { Valid with { Lengths = "uniform", LengthSpread = 2 }, "--length-spread: expected between 0 and 1 for --lengths uniform, found 2" },
            { Valid with { Rate = -1 }, "--rate: expected requests per second above 0 and at most 1,000,000, found -1" },
            { Valid with { UsdPerGpuHour = -2 }, "--usd-per-gpu-hour: expected dollars between 0 and 1,000,000, found -2" },
            { Valid with { Seed = -1 }, "--seed: expected a whole number between 0 and 9,007,199,254,740,992, found -1" },
            { Valid with { SloTtft = "soon" }, "--slo-ttft: expected a duration like 2s, 150ms or 1.5h, found 'soon'" },
            { Valid with { SloTpot = "0ms" }, "--slo-tpot: expected a duration above zero such as 2s or 200ms, found '0ms'" },
            { Valid with { Mode = "batch" }, "--mode: expected offline or online, found 'batch'" },
            { Valid with { Mode = "offline" }, "--mode: offline sends every request at time zero; give it without --rate" },
            { Valid with { Concurrency = 4 }, "--concurrency: give one of --trace, --rate or --concurrency, not --rate and --concurrency" },
            { Valid with { Rate = null }, "--rate: give the traffic: --trace FILE, --rate R, --concurrency C or --mode offline (the last three with --input-len and --output-len)" },
            { Valid with { Rate = null, Concurrency = 0 }, "--concurrency: expected a whole number between 1 and 1,000,000, found 0" },
            { Valid with { Requests = 0 }, "--requests: expected a whole number between 1 and 10,000,000, found 0" },
            { Valid with { InputLen = null }, "--input-len: is required without --trace (mean prompt tokens)" },
            { Valid with { OutputLen = 0 }, "--output-len: expected a whole number between 1 and 1,048,576, found 0" },
            { Valid with { Rate = null, Trace = "x.csv" }, "--input-len: a trace gives each request's lengths; give --input-len and --output-len without --trace" },
            { Valid with { Timeline = " " }, "--timeline: expected a file name for the timeline, found an empty name" },
            { Valid with { SampleReplicas = 3 }, "--sample-replicas: expected a whole number between 1 and the fleet's replicas (2), found 3" },
            { Valid with { SampleReplicas = 0 }, "--sample-replicas: expected a whole number between 1 and the fleet's replicas (2), found 0" },
            { Valid with { SampleReplicas = 1, Rate = null, Concurrency = 4 }, "--sample-replicas: samples open-loop traffic; give it without --concurrency" },
            { Valid with { SampleReplicas = 1, Requests = 2_000_000_001 }, "--requests: expected a whole number between 1 and 2,000,000,000, found 2,000,000,001" },
            { Valid with { SampleReplicas = 1, Requests = 20_000_002 }, "--requests: expected at most 10,000,000 requests simulated, found 10,000,001 for 1 of 2 replicas; give fewer --requests or a smaller --sample-replicas" },
            { Valid with { Model = "llama3-405b", Gpu = "h100-sxm" }, "--tp: llama3-405b does not fit on h100-sxm at --tp 1 --pp 1: weights 811.698 GB and activations 3.599 GB per GPU leave no room for the KV cache in the 72 GB usable (90% of 80 GB); raise --tp or --pp, or lower --max-batch or --token-budget" },
        };

        [Theory]
        [MemberData(nameof(BadOptions))]
        public void Reports_a_bad_option_at_its_name(ServeRequest request, string message)
        {
            Assert.Equal([message], Errors(request));
        }
    }
}
