using Colossim.Documents;
using Colossim.Serving;

namespace Colossim.Tests.Serving;

public sealed class ServingTracesTests
{
    private static string File(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "serving", name);

    public sealed class TheReadMethod
    {
        [Fact]
        public void Reads_an_Azure_trace_in_arrival_order_from_its_first_request()
        {
            var problems = new Problems();

            var trace = ServingTraces.Read(File("azure-small.csv"), TraceFormat.Azure, problems, "--trace");

            Assert.Empty(problems);
            Assert.Equal(
                [new(0, 96, 120), new(500_000_000, 374, 44), new(1_000_000_000, 1200, 1), new(3_250_000_000, 2048, 256)],
                trace!);
        }

        [Fact]
        public void Reads_a_Mooncake_trace_with_timestamps_in_milliseconds()
        {
            var problems = new Problems();

            var trace = ServingTraces.Read(File("mooncake-small.jsonl"), TraceFormat.Mooncake, problems, "--trace");

            Assert.Empty(problems);
            Assert.Equal([new(0, 6758, 50), new(250_000_000, 64, 1), new(1_500_000_000, 700, 12)], trace!.Select(r => r with { HashIds = null }));
        }

        [Fact]
        public void Keeps_each_Mooncake_requests_block_hashes_in_order()
        {
            var trace = ServingTraces.Read(File("mooncake-small.jsonl"), TraceFormat.Mooncake, new Problems(), "--trace")!;

            Assert.Equal([[0, 1, 2], [], [0, 3]], trace.Select(r => r.HashIds!.ToArray()));
            Assert.Null(ServingTraces.Read(File("azure-small.csv"), TraceFormat.Azure, new Problems(), "--trace")![0].HashIds);
        }

        [Fact]
        public void Reports_a_missing_file_at_the_option()
        {
            var problems = new Problems();

            Assert.Null(ServingTraces.Read(File("none.csv"), TraceFormat.Azure, problems, "--trace"));
            Assert.Equal("--trace: the file does not exist", Assert.Single(problems).ToString().Replace(File("none.csv") + ": ", "", StringComparison.Ordinal));
        }
    }

    public sealed class TheParseMethod
    {
        [Theory]
        [InlineData("time,in,out\n", "--trace: line 1: expected the header TIMESTAMP,ContextTokens,GeneratedTokens, found 'time,in,out'")]
        [InlineData("TIMESTAMP,ContextTokens,GeneratedTokens\n", "--trace: expected at least one request, found none")]
        [InlineData("TIMESTAMP,ContextTokens,GeneratedTokens\nyesterday,1,1\n", "--trace: line 2: expected a timestamp such as 2023-11-16 18:15:46.6805900, found 'yesterday'")]
        [InlineData("TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46,0,1\n", "--trace: line 2: ContextTokens: expected a whole number from 1 to 16,777,216, found '0'")]
        [InlineData("TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46,5,-1\n", "--trace: line 2: GeneratedTokens: expected a whole number from 0 to 16,777,216, found '-1'")]
        [InlineData("TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46,5\n", "--trace: line 2: expected TIMESTAMP,ContextTokens,GeneratedTokens, found '2023-11-16 18:15:46,5'")]
        public void Says_which_Azure_line_is_wrong_and_how(string text, string message)
        {
            var problems = new Problems();

            Assert.Null(ServingTraces.Parse(text, TraceFormat.Azure, problems, "--trace"));
            Assert.Equal(message, Assert.Single(problems).ToString());
        }

        [Theory]
        [InlineData("[1, 2]\n", "--trace: line 1: expected a JSON object with timestamp, input_length and output_length")]
        [InlineData("{\"timestamp\": 0, \"input_length\": 5}\n", "--trace: line 1: output_length: expected a number, found nothing")]
        [InlineData("{\"timestamp\": -1, \"input_length\": 5, \"output_length\": 1}\n", "--trace: line 1: timestamp: expected milliseconds from 0 to 1e15, found -1")]
        [InlineData("{\"timestamp\": 0, \"input_length\": 2.5, \"output_length\": 1}\n", "--trace: line 1: input_length: expected a whole number from 1 to 16,777,216, found 2.5")]
        [InlineData("{\"timestamp\": 0, \"input_length\": 5, \"output_length\": 1, \"hash_ids\": 3}\n", "--trace: line 1: hash_ids: expected an array of whole numbers, found number")]
        [InlineData("{\"timestamp\": 0, \"input_length\": 5, \"output_length\": 1, \"hash_ids\": [-1]}\n", "--trace: line 1: hash_ids: expected whole numbers from 0 to 2,147,483,647, found -1")]
        [InlineData("{\"timestamp\": 0, \"input_length\": 600, \"output_length\": 1, \"hash_ids\": [1, 2, 3]}\n", "--trace: line 1: hash_ids: expected at most one per 512 prompt tokens (2 for input_length 600), found 3")]
        [InlineData("{\"timestamp\": 0,\n", "--trace: line 1: expected a JSON object, found '{\"timestamp\": 0,'")]
        public void Says_which_Mooncake_line_is_wrong_and_how(string text, string message)
        {
            var problems = new Problems();

            Assert.Null(ServingTraces.Parse(text, TraceFormat.Mooncake, problems, "--trace"));
            Assert.Equal(message, Assert.Single(problems).ToString());
        }

        [Fact]
        public void Stops_reporting_after_twenty_bad_rows()
        {
            var text = "TIMESTAMP,ContextTokens,GeneratedTokens\n" + string.Concat(Enumerable.Repeat("x,1,1\n", 25));
            var problems = new Problems();

            Assert.Null(ServingTraces.Parse(text, TraceFormat.Azure, problems, "--trace"));
            Assert.Equal(21, problems.Count);
            Assert.Equal("--trace: 5 more rows could not be read", problems[^1].ToString());
        }
    }
}
