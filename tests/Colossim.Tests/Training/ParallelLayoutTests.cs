using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Performance;
using Colossim.Training;

namespace Colossim.Tests.Training;

public sealed class ParallelLayoutTests
{
    private static ModelSpec Model(string name) => ColossimCatalog.BuiltIn.Models[name];

    public sealed class TheCheckMethod
    {
        [Fact]
        public void Accepts_a_layout_that_spans_the_gpus_and_fits_the_model()
        {
            var layout = new ParallelLayout { Tp = 8, Pp = 8, Dp = 1024, Ep = 8 };

            Assert.Empty(layout.Check(Model("grok-1"), 65_536));
        }

        [Theory]
        [InlineData(8, 4, 1, 4, 1, 64, null, "expected tp × pp × cp × dp to equal gpus (64), found 8 × 4 × 1 × 4 = 128")]
        [InlineData(3, 1, 1, 1, 1, 3, "tp", "expected a divisor of the 64 attention heads of llama3-70b, found 3")]
        [InlineData(16, 1, 1, 1, 1, 16, null, "")]
        [InlineData(2, 81, 1, 1, 1, 162, "pp", "expected at most the 80 layers of llama3-70b, found 81")]
        [InlineData(4, 1, 1, 2, 2, 8, "ep", "expected 1 for llama3-70b, a dense model, found 2")]
        public void Checks_a_dense_model(int tp, int pp, int cp, int dp, int ep, long gpus, string? field, string message)
        {
            var layout = new ParallelLayout { Tp = tp, Pp = pp, Cp = cp, Dp = dp, Ep = ep };

            var problems = layout.Check(Model("llama3-70b"), gpus);

            Assert.Equal(message.Length == 0 ? [] : [new LayoutProblem(field, message)], problems);
        }

        [Theory]
        [InlineData(12, 1, 1, "tp", "expected a divisor or a multiple of the 8 KV heads of grok-1, found 12")]
        [InlineData(8, 3, 3, "ep", "expected a divisor of the 8 experts of grok-1, found 3")]
        [InlineData(8, 4, 2, "ep", "expected a divisor of dp × cp (2), found 4")]
        public void Checks_a_mixture_of_experts_model(int tp, int ep, int dp, string field, string message)
        {
            var layout = new ParallelLayout { Tp = tp, Dp = dp, Ep = ep };

            Assert.Equal([new LayoutProblem(field, message)], layout.Check(Model("grok-1"), layout.Gpus));
        }
    }

    public sealed class TheValidateMethod
    {
        [Fact]
        public void Records_each_problem_at_the_path_of_its_field()
        {
            var problems = new Problems();

            var ok = new ParallelLayout { Tp = 3, Dp = 2 }.Validate(Model("llama3-70b"), 8, problems, "workloads.training[0].parallelism", 10);

            Assert.False(ok);
            Assert.Equal(
                ["line 10: workloads.training[0].parallelism: expected tp × pp × cp × dp to equal gpus (8), found 3 × 1 × 1 × 2 = 6",
                 "line 10: workloads.training[0].parallelism.tp: expected a divisor of the 64 attention heads of llama3-70b, found 3"],
                problems.Select(p => p.ToString()));
        }
    }

    public sealed class TheVirtualStageRules
    {
        [Theory]
        [InlineData(1, 2, "expected 1 without pipeline parallelism (pp 1), found 2")]
        [InlineData(8, 11, "expected at most 10 virtual stages per pipeline rank (80 layers over pp 8, at least one layer each), found 11")]
        public void Need_a_pipeline_and_a_layer_per_virtual_stage(int pp, int vpp, string message)
        {
            var layout = new ParallelLayout { Tp = 8, Pp = pp, Dp = 1, Vpp = vpp };

            Assert.Equal([new LayoutProblem("vpp", message)], layout.Check(Model("llama3-70b"), 8L * pp));
        }

        [Fact]
        public void Accept_as_many_virtual_stages_as_the_stage_has_layers()
        {
            Assert.Empty(new ParallelLayout { Tp = 8, Pp = 8, Dp = 1, Vpp = 10 }.Check(Model("llama3-70b"), 64));
        }

        [Fact]
        public void Refuse_a_recomputation_or_zero_stage_that_is_not_defined()
        {
            var problems = new ParallelLayout { Recompute = (Recomputation)7, Zero = (ZeroStage)9 }.Check(Model("llama3-8b"), 1);

            Assert.Single(problems);
            Assert.Null(problems[0].Field);
        }
    }

    public sealed class TheToStringMethod
    {
        [Fact]
        public void Writes_every_knob_as_people_do()
        {
            var layout = new ParallelLayout { Tp = 8, Pp = 16, Dp = 64, Vpp = 4, MicroBatch = 2, Recompute = Recomputation.Selective, Zero = ZeroStage.Gradients };

            Assert.Equal("tp 8 · pp 16 · cp 1 · dp 64 · ep 1 · vpp 4 · mb 2 · recompute selective · sp · zero 2", layout.ToString());
            Assert.Equal("tp 1 · pp 1 · cp 1 · dp 1 · ep 1 · vpp 1 · mb 1 · recompute none · zero 0", ParallelLayout.OneGpu.ToString());
        }
    }

    public sealed class TheToShardingMethod
    {
        [Fact]
        public void Shards_the_optimizer_states_over_dp_times_cp_from_zero_1()
        {
            var sharding = new ParallelLayout { Tp = 8, Cp = 2, Dp = 16, Zero = ZeroStage.Optimizer }.ToSharding();

            Assert.Equal(32, sharding.ZeroShards);
        }

        [Fact]
        public void Gives_the_step_model_the_tensor_and_expert_degrees()
        {
            var sharding = new ParallelLayout { Tp = 4, Pp = 2, Dp = 8, Ep = 8 }.ToSharding();

            Assert.Equal((4, 8, 1), (sharding.Tp, sharding.Ep, sharding.ZeroShards));
        }
    }
}
