using System.Text.Json;
using Colossim.Documents;
using Colossim.Reports;

namespace Colossim.Tests.Reports;

public sealed class ProblemsJsonTests
{
    private static Problems TwoProblems()
    {
        var problems = new Problems("s.yaml");
        problems.Error("sites[0].gpus", "expected a whole number, found 'many'", line: 4);
        problems.Add(new Problem("gpu", "unknown key", Severity.Warning));
        return problems;
    }

    public sealed class TheToNodeMethod
    {
        [Fact]
        public void Writes_file_path_line_severity_and_message_with_nulls_for_what_is_unknown()
        {
            var array = ProblemsJson.ToNode(TwoProblems());

            Assert.Equal(2, array.Count);
            var first = array[0]!.AsObject();
            Assert.Equal(["file", "path", "line", "severity", "message"], first.Select(p => p.Key));
            Assert.Equal("s.yaml", (string?)first["file"]);
            Assert.Equal(4, (int?)first["line"]);
            Assert.Equal("error", (string?)first["severity"]);
            var second = array[1]!.AsObject();
            Assert.Null(second["file"]);
            Assert.Null(second["line"]);
            Assert.Equal("warning", (string?)second["severity"]);
            Assert.Equal("unknown key", (string?)second["message"]);
        }

        [Fact]
        public void Writes_an_empty_array_when_there_are_no_problems() => Assert.Empty(ProblemsJson.ToNode([]));

        [Fact]
        public void Writes_what_the_serializer_writes_for_the_entries()
        {
            Assert.Equal(
                JsonSerializer.Serialize(ProblemsJson.Entries(TwoProblems()), ReportJson.Options),
                ReportJson.Serialize(ProblemsJson.ToNode(TwoProblems())));
        }
    }

    public sealed class TheToJsonMethod
    {
        [Fact]
        public void Writes_the_error_document_with_the_exit_code_and_the_problems()
        {
            using var doc = JsonDocument.Parse(ProblemsJson.ToJson(2, TwoProblems()));

            Assert.Equal(["exit_code", "problems"], doc.RootElement.EnumerateObject().Select(p => p.Name));
            Assert.Equal(2, doc.RootElement.GetProperty("exit_code").GetInt32());
            Assert.Equal("sites[0].gpus", doc.RootElement.GetProperty("problems")[0].GetProperty("path").GetString());
            Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("problems")[1].GetProperty("line").ValueKind);
        }

        [Fact]
        public void Writes_the_same_entries_as_check_does()
        {
            var problems = TwoProblems();
            using var alone = JsonDocument.Parse(ProblemsJson.ToJson(2, problems));
            using var check = JsonDocument.Parse(CheckReport.ToJson("s.yaml", problems, null));

            Assert.Equal(alone.RootElement.GetProperty("problems").GetRawText(), check.RootElement.GetProperty("problems").GetRawText());
        }
    }
}
