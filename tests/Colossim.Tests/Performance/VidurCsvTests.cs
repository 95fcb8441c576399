using Colossim.Documents;
using Colossim.Performance;

namespace Colossim.Tests.Performance;

public sealed class VidurCsvTests
{
    private const string Header = "n_head,n_kv_head,n_embd,n_expanded_embd,use_gated_mlp,num_tokens,num_tensor_parallel_workers,time_stats.mlp_up_proj.median";

    public sealed class TheParseMethod
    {
        [Fact]
        public void Reads_a_row_of_a_layer_profile()
        {
            var problems = new Problems();

            var row = Assert.Single(VidurCsv.Parse(Header + "\n64,8,8192,28672,true,512,4,0.9\n", problems));

            Assert.Empty(problems);
            Assert.Equal((512, 4, 64, 8, 8192, 28672, true), (row.Tokens, row.Tp, row.Heads, row.KvHeads, row.Hidden, row.Inter, row.Gated));
            Assert.Equal(0.9, row.MedianMs["mlp_up_proj"], 1e-12); // as written (1e-12 ms)
        }

        [Theory]
        [InlineData("1e30,8,8192,28672,true,512,4,0.9", "line 2: n_head: expected a whole number between 1 and 65,536, found '1e30'")]
        [InlineData("64,8,8192,28672,true,1e12,4,0.9", "line 2: num_tokens: expected a whole number between 1 and 16,777,216, found '1e12'")]
        [InlineData("64,8,8192,28672,true,512,0.5,0.9", "line 2: num_tensor_parallel_workers: expected a whole number between 1 and 1,024, found '0.5'")]
        [InlineData("64,8,8192,28672,true,512,0,0.9", "line 2: num_tensor_parallel_workers: expected a whole number between 1 and 1,024, found '0'")]
        [InlineData("64,8,8192,28672,true,512,4,1e308", "line 2: time_stats.mlp_up_proj.median: expected a number between 0 and 3,600,000, found '1e308'")]
        [InlineData("64,8,8192,28672,true,512,4,NaN", "line 2: time_stats.mlp_up_proj.median: expected a number between 0 and 3,600,000, found 'NaN'")]
        [InlineData("64,8,32,28672,true,512,4,0.9", "line 2: n_embd: expected at least n_head (64) so that a head has a width, found 32")]
        public void Refuses_a_row_with_a_value_out_of_range(string row, string message)
        {
            var problems = new Problems();

            var rows = VidurCsv.Parse(Header + "\n" + row + "\n", problems);

            Assert.Empty(rows);
            Assert.Equal([message], problems.Select(p => p.ToString()));
        }
    }

    public sealed class TheValidateMethod
    {
        [Fact]
        public void Adds_one_layer_case_per_row_summing_its_operators()
        {
            var problems = new Problems();
            var rows = VidurCsv.Parse("n_head,n_kv_head,n_embd,n_expanded_embd,use_gated_mlp,num_tokens,num_tensor_parallel_workers,time_stats.mlp_up_proj.median,time_stats.add.median\n64,8,8192,28672,true,512,4,0.9,0.01\n", problems);
            var kernels = KernelModel.For(KernelModelTests.H200, Colossim.Catalog.ColossimCatalog.BuiltIn);

            var report = VidurCsv.Validate(rows, kernels);

            var layer = Assert.Single(report.Layers);
            Assert.Equal(0.91, layer.MeasuredMs, 1e-9);
            Assert.Equal(report.Cases.Sum(c => c.Predicted.Nanoseconds), layer.Predicted.Nanoseconds);
            var summary = report.Summary.Single(kv => kv.Key == "layer (sum of operators)").Value;
            Assert.Equal(Math.Abs(layer.ErrorPct), summary.TimeWeightedAbsErrorPct, 1e-6);
        }
    }
}
