using Colossim.Documents;
using Colossim.Reports;
using Colossim.Scenarios;
using Colossim.Tests.Scenarios;

namespace Colossim.Tests.Reports;

public sealed class ReportFolderTests
{
    private static ScenarioReport Report() =>
        ScenarioRunner.Run(ScenarioFiles.Parse("name: r\nsites: [ { name: a, gpus: { type: h200-sxm, count: 8 } } ]\n").Scenario!);

    public sealed class TheWriteMethod
    {
        [Fact]
        public void Writes_summary_json_and_the_text_report_with_the_bytes_of_the_json_and_text_writers()
        {
            using var dir = new TempDirectory();
            var report = Report();
            var problems = new Problems();

            var written = ReportFolder.Write(report, Path.Combine(dir.Path, "new", "folder"), [ReportFormat.Text, ReportFormat.Json], problems);

            Assert.Empty(problems);
            Assert.Equal(["summary.json", "report.txt"], written.Select(Path.GetFileName));
            Assert.Equal(ScenarioReportJson.ToJson(report) + "\n", File.ReadAllText(written[0]));
            Assert.Equal(PlainText.Render(ScenarioReportText.Blocks(report)), File.ReadAllText(written[1]));
        }

        [Fact]
        public void Reports_a_folder_that_is_a_file_as_an_error_at_the_given_path_and_writes_nothing()
        {
            using var dir = new TempDirectory();
            var blocker = dir.Write("file", "x");
            var problems = new Problems();

            var written = ReportFolder.Write(Report(), blocker, [ReportFormat.Text], problems, "out");

            Assert.Empty(written);
            var problem = Assert.Single(problems);
            Assert.Equal("out", problem.Path);
            Assert.Equal($"cannot write {Path.Combine(blocker, "summary.json")}: '{blocker}' is a file, not a folder", problem.Message);
            Assert.Equal("x", File.ReadAllText(blocker));
        }

        [Theory]
        [InlineData("")]
        [InlineData("  ")]
        public void Refuses_an_empty_folder_name(string directory)
        {
            var problems = new Problems();

            Assert.Empty(ReportFolder.Write(Report(), directory, [ReportFormat.Text], problems));

            Assert.Equal(["--out: expected a folder, found an empty name"], problems.Select(p => p.ToString()));
        }

        [Fact]
        public void Refuses_a_device_as_the_folder()
        {
            var problems = new Problems();

            Assert.Empty(ReportFolder.Write(Report(), "/dev/null", [ReportFormat.Json], problems));

            Assert.Equal(["--out: cannot write /dev/null/summary.json: '/dev/null' is a file, not a folder"], problems.Select(p => p.ToString()));
        }
    }
}

public sealed class AtomicFileTests
{
    public sealed class TheTryWriteMethod
    {
        [Fact]
        public void Replaces_a_file_whole_and_leaves_no_temporary_file()
        {
            using var dir = new TempDirectory();
            var path = dir.Write("a.txt", "old");

            Assert.True(AtomicFile.TryWrite(path, "new", out var error), error);

            Assert.Equal("new", File.ReadAllText(path));
            Assert.Equal(["a.txt"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
        }

        [Fact]
        public void Refuses_a_folder_as_the_target()
        {
            using var dir = new TempDirectory();

            Assert.False(AtomicFile.TryWrite(dir.Path, "x", out var error));

            Assert.Equal("it is a folder", error);
        }

        [Theory]
        [InlineData("/proc/nope/file.txt")]
        [InlineData("/dev/null/file.txt")]
        public void Refuses_a_place_that_cannot_be_written_with_the_reason(string path)
        {
            Assert.False(AtomicFile.TryWrite(path, "x", out var error));

            Assert.NotEmpty(error);
        }
    }
}
