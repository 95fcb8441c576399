using System.Text.Json;
using Colossim.Documents;
using Colossim.Reports;

namespace Colossim.Tests.Reports;

public sealed class CheckReportTests
{
    private static readonly CheckSummary Colossus = new(Sites: 1, Gpus: 100_000, Tenants: 2, Workloads: 2);

    public sealed class TheToJsonMethod
    {
        [Fact]
        public void Writes_file_valid_problems_and_summary_when_valid()
        {
            var warnings = new Problems();
            warnings.Warning("gpuz", "unknown key");

            using var doc = JsonDocument.Parse(CheckReport.ToJson("c.yaml", warnings, Colossus));
            var root = doc.RootElement;

            Assert.Equal(["file", "valid", "problems", "summary"], root.EnumerateObject().Select(p => p.Name));
            Assert.Equal("c.yaml", root.GetProperty("file").GetString());
            Assert.True(root.GetProperty("valid").GetBoolean());
            Assert.Equal(1, root.GetProperty("problems").GetArrayLength());
            Assert.Equal(["sites", "gpus", "tenants", "workloads"], root.GetProperty("summary").EnumerateObject().Select(p => p.Name));
            Assert.Equal(100_000, root.GetProperty("summary").GetProperty("gpus").GetInt64());
        }

        [Fact]
        public void Writes_a_null_summary_and_valid_false_when_invalid()
        {
            var errors = new Problems();
            errors.Error("sites", "expected a list, found a number");

            using var doc = JsonDocument.Parse(CheckReport.ToJson("c.yaml", errors, null));

            Assert.False(doc.RootElement.GetProperty("valid").GetBoolean());
            Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("summary").ValueKind);
        }
    }

    public sealed class TheBlocksMethod
    {
        [Fact]
        public void Says_OK_with_the_summary_when_valid() =>
            Assert.Equal(new ReportText("c.yaml: OK (1 site, 100,000 GPUs, 2 tenants, 2 workloads)"), Assert.Single(CheckReport.Blocks("c.yaml", [], Colossus)));

        [Fact]
        public void Counts_errors_and_warnings_when_invalid()
        {
            var problems = new Problems();
            problems.Error("a", "x");
            problems.Error("b", "y");
            problems.Warning("c", "z");

            Assert.Equal(new ReportText("c.yaml: invalid (2 errors, 1 warning)"), Assert.Single(CheckReport.Blocks("c.yaml", problems, null)));
        }

        [Fact]
        public void Leaves_out_warnings_when_there_are_none()
        {
            var problems = new Problems();
            problems.Error("a", "x");

            Assert.Equal(new ReportText("c.yaml: invalid (1 error)"), Assert.Single(CheckReport.Blocks("c.yaml", problems, null)));
        }
    }

    public sealed class ThePluralMethod
    {
        [Theory]
        [InlineData(0, "0 GPUs")]
        [InlineData(1, "1 GPU")]
        [InlineData(100_000, "100,000 GPUs")]
        public void Adds_an_s_unless_the_count_is_one(long n, string expected) => Assert.Equal(expected, CheckReport.Plural(n, "GPU"));
    }
}
