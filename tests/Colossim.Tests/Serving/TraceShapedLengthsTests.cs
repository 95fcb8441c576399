using Colossim.Catalog;
using Colossim.Documents;
using Colossim.Scenarios;
using Colossim.Serving;

namespace Colossim.Tests.Serving;

/// <summary>The known traces' stand-ins: log-normal lengths with the published means and medians (<see cref="ScenarioServing.KnownTraceLengthSpreads"/>).</summary>
public sealed class TraceShapedLengthsTests
{
    [Theory]
    [InlineData("azure-conv-2023", 1020, 129)]
    [InlineData("azure-code-2023", 1469, 13)]
    [InlineData("mooncake-conversation", 6909, 303)]
    public void Generate_the_published_means_and_medians(string trace, int inputMedian, int outputMedian)
    {
        var (rate, input, output) = ScenarioServing.KnownTraceStandIns[trace];
        var (inputSpread, outputSpread) = ScenarioServing.KnownTraceLengthSpreads[trace];
        var problems = new Problems();

        var requests = new ServeRequest
        {
            Model = "llama3-8b",
            Gpu = "h200-sxm",
            Gpus = 1,
            Rate = rate,
            InputLen = input,
            OutputLen = output,
            Requests = 20_000,
            Lengths = "log-normal",
            InputLengthSpread = inputSpread,
            OutputLengthSpread = outputSpread,
        }.Resolve(ColossimCatalog.BuiltIn, problems)!.Requests;

        // 20,000 draws: the standard error of a median is below 1 % and of a mean below 1.5 % for these spreads (at
        // most 1.9); allow 4 % (outputs of a few tokens also lose to rounding to whole tokens: allow 1 token more).
        static double Median(IEnumerable<int> v) => v.Order().ElementAt(10_000);
        Assert.Empty(problems);
        Assert.Equal(inputMedian, Median(requests.Select(r => r.Input)), inputMedian * 0.04);
        Assert.Equal(outputMedian, Median(requests.Select(r => r.Output)), (outputMedian * 0.04) + 1);
        Assert.Equal(input, requests.Average(r => r.Input), input * 0.04);
        Assert.Equal(output, requests.Average(r => r.Output), (output * 0.04) + 1);
    }
}
