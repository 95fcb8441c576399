using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Colossim.Documents;
using Colossim.Reports;
using Colossim.Scenarios;
using Colossim.Tests.Scenarios;
using Parquet;

namespace Colossim.Tests.Reports;

public sealed partial class ReportFolderTests
{
    private static ScenarioReport Report() =>
        ScenarioRunner.Run(ScenarioFiles.Parse("name: r\nsites: [ { name: a, gpus: { type: h200-sxm, count: 8 } } ]\n").Scenario!);

    [GeneratedRegex("""<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*["']?\s*(https?:)?//""", RegexOptions.IgnoreCase)]
    private static partial Regex RemoteReference();

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
            Assert.Equal(["summary.json", "report.txt"], written.Take(2).Select(Path.GetFileName));
            Assert.Equal(ScenarioReportJson.ToJson(report) + "\n", File.ReadAllText(written[0]));
            Assert.Equal(PlainText.Render(ScenarioReportText.Blocks(report)), File.ReadAllText(written[1]));
            Assert.DoesNotContain(written, w => w.EndsWith("report.html", StringComparison.Ordinal));
        }

        [Fact]
        public void Writes_every_file_of_the_folder_for_a_run_with_training_serving_and_power()
        {
            using var dir = new TempDirectory();
            var problems = new Problems();

            var written = ReportFolder.Write(ReportSamples.SingleNode, dir.Path, [ReportFormat.Text, ReportFormat.Html], problems);

            Assert.Empty(problems);
            var names = written.Select(w => Path.GetRelativePath(dir.Path, w).Replace('\\', '/')).ToList();
            Assert.Equal(["summary.json", "report.txt", "report.html", "trace.json"], names.Take(4));
            string[] tables = ["sites", "costs", "training", "serving", "serving_latency", "serving_load", "power"];
            Assert.Equal([.. tables.SelectMany(t => new[] { $"tables/{t}.csv", $"tables/{t}.parquet" })], names.Where(n => n.StartsWith("tables/", StringComparison.Ordinal)));
            Assert.Equal(
                ["charts/power-lab.svg", "charts/load-by-hour.svg", "charts/capex.svg", "charts/opex.svg", "charts/step-fine-tune.svg", "charts/step-breakdown.svg", "charts/run-breakdown.svg", "charts/cdf-ttft.svg", "charts/cdf-tpot.svg", "charts/cdf-e2e.svg", "charts/throughput-vs-load.svg", "charts/ttft-vs-load.svg", "charts/tpot-vs-load.svg", "charts/tenant-share.svg", "charts/gpu-use.svg"],
                names.Where(n => n.StartsWith("charts/", StringComparison.Ordinal)));
            Assert.All(written, w => Assert.True(new FileInfo(w).Length > 0, w));
        }

        [Fact]
        public void Writes_an_html_page_that_opens_offline_with_the_charting_script_and_every_chart_inside()
        {
            using var dir = new TempDirectory();
            ReportFolder.Write(ReportSamples.SingleNode, dir.Path, [ReportFormat.Html], new Problems());

            var html = File.ReadAllText(Path.Combine(dir.Path, "report.html"));

            Assert.DoesNotMatch(RemoteReference(), html);
            Assert.DoesNotContain("<script src", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("Apache ECharts", html, StringComparison.Ordinal);
            Assert.Contains("echarts.init", html, StringComparison.Ordinal);
            var options = Regex.Match(html, """<script type="application/json" id="chart-options">(.*?)</script>""", RegexOptions.Singleline);
            Assert.True(options.Success);
            using var json = JsonDocument.Parse(options.Groups[1].Value.Replace("<\\/", "</", StringComparison.Ordinal));
            var ids = ScenarioCharts.Of(ReportSamples.SingleNode).Select(c => c.Id).ToList();
            Assert.Equal(ids, json.RootElement.EnumerateObject().Select(p => p.Name));
            Assert.All(ids, id => Assert.Contains($"data-chart=\"{id}\"", html, StringComparison.Ordinal));
            Assert.All(json.RootElement.EnumerateObject(), p => Assert.False(string.IsNullOrEmpty(p.Value.GetProperty("title").GetProperty("text").GetString())));
        }

        [Fact]
        public void Writes_the_same_rows_the_terminal_prints_in_the_page_with_the_answers_first()
        {
            var html = ScenarioHtml.Render(ReportSamples.SingleNode);
            var blocks = ScenarioReportText.Blocks(ReportSamples.SingleNode);

            var answers = Assert.IsType<ReportTable>(blocks.First(b => b is ReportTable), exactMatch: true);
            Assert.Equal(ScenarioReportText.AnswersTitle, answers.Title);
            foreach (var table in blocks.OfType<ReportTable>())
            {
                foreach (var cell in table.Rows.SelectMany(r => r))
                {
                    Assert.Contains(System.Net.WebUtility.HtmlEncode(cell), html, StringComparison.Ordinal);
                }
            }

            Assert.True(html.IndexOf("<caption>Answers</caption>", StringComparison.Ordinal) < html.IndexOf("class=\"charts\"", StringComparison.Ordinal));
            Assert.True(html.IndexOf("class=\"charts\"", StringComparison.Ordinal) < html.IndexOf("<caption>Platform</caption>", StringComparison.Ordinal));
        }

        [Fact]
        public void Writes_parquet_tables_that_read_back_as_the_csv_rows()
        {
            using var dir = new TempDirectory();
            ReportFolder.Write(ReportSamples.SingleNode, dir.Path, [], new Problems());

            foreach (var table in ScenarioTables.Of(ReportSamples.SingleNode))
            {
                var csv = File.ReadAllLines(Path.Combine(dir.Path, "tables", table.Name + ".csv"));
                Assert.Equal(string.Join(',', table.Columns.Select(c => c.Name)), csv[0]);
                Assert.Equal(table.RowCount + 1, csv.Length);
                var columns = ParquetColumns(Path.Combine(dir.Path, "tables", table.Name + ".parquet"));
                Assert.Equal(table.Columns.Select(c => c.Name), columns.Select(c => c.Name));
                for (var c = 0; c < columns.Count; c++)
                {
                    Assert.Equal(table.Columns[c].Values.Cast<object?>(), columns[c].Values);
                }
            }
        }

        [Fact]
        public void Writes_a_trace_in_the_chrome_trace_event_format()
        {
            using var dir = new TempDirectory();
            ReportFolder.Write(ReportSamples.SingleNode, dir.Path, [], new Problems());

            using var trace = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "trace.json")));

            var events = trace.RootElement.GetProperty("traceEvents").EnumerateArray().ToList();
            Assert.Contains(events, e => e.GetProperty("ph").GetString() == "M" && e.GetProperty("args").GetProperty("name").GetString()!.StartsWith("fine-tune: pipeline stage 0", StringComparison.Ordinal));
            var complete = events.Where(e => e.GetProperty("ph").GetString() == "X").ToList();
            Assert.NotEmpty(complete);
            Assert.All(complete, e =>
            {
                Assert.True(e.GetProperty("ts").GetDouble() >= 0);
                Assert.True(e.GetProperty("dur").GetDouble() >= 0);
                Assert.Equal(1, e.GetProperty("pid").GetInt32());
                Assert.InRange(e.GetProperty("tid").GetInt32(), 1, 2);
            });
            Assert.Contains(complete, e => e.GetProperty("cat").GetString() == "forward");
        }

        [Fact]
        public void Writes_charts_as_svg_documents()
        {
            using var dir = new TempDirectory();
            ReportFolder.Write(ReportSamples.SingleNode, dir.Path, [], new Problems());

            foreach (var file in Directory.GetFiles(Path.Combine(dir.Path, "charts")))
            {
                Assert.Equal("svg", XDocument.Load(file).Root!.Name.LocalName);
            }
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

        [Fact]
        public void Reports_a_tables_folder_that_is_a_file_and_stops_there()
        {
            using var dir = new TempDirectory();
            var blocker = dir.Write("tables", "x");
            var problems = new Problems();

            var written = ReportFolder.Write(Report(), dir.Path, [ReportFormat.Text], problems);

            Assert.Equal(["summary.json", "report.txt"], written.Select(Path.GetFileName));
            var problem = Assert.Single(problems);
            Assert.StartsWith($"cannot write {Path.Combine(blocker, "sites.csv")}: ", problem.Message, StringComparison.Ordinal);
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

    public sealed class TheDescribeMethod
    {
        [Fact]
        public void Names_the_top_files_and_counts_the_tables_and_charts()
        {
            var dir = Path.Combine("out", "run");
            string[] written = [Path.Combine(dir, "summary.json"), Path.Combine(dir, "report.html"), Path.Combine(dir, "tables", "a.csv"), Path.Combine(dir, "tables", "a.parquet"), Path.Combine(dir, "charts", "c.svg")];

            Assert.Equal("wrote out/run: summary.json, report.html, 2 table files (CSV and Parquet) in tables/, 1 charts (SVG) in charts/", ReportFolder.Describe(dir, written));
        }
    }

    // Each column of a Parquet file: its name and its values (boxed), read with Parquet.Net.
    internal static List<(string Name, List<object?> Values)> ParquetColumns(string file)
    {
        return Read().GetAwaiter().GetResult();

        async Task<List<(string, List<object?>)>> Read()
        {
            await using var stream = File.OpenRead(file);
            await using var reader = await ParquetReader.CreateAsync(stream);
            var result = new List<(string, List<object?>)>();
            var fields = reader.Schema.GetDataFields();
            var values = fields.Select(_ => new List<object?>()).ToList();
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                var n = checked((int)group.RowCount);
                for (var f = 0; f < fields.Length; f++)
                {
                    var field = fields[f];
                    if (field.ClrType == typeof(string) || field.ClrType == typeof(ReadOnlyMemory<char>))
                    {
                        var buffer = new string?[n];
                        await group.ReadAsync(field, buffer.AsMemory(), null, default);
                        values[f].AddRange(buffer);
                    }
                    else if (field.ClrType == typeof(long))
                    {
                        var buffer = new long[n];
                        await group.ReadAsync<long>(field, buffer.AsMemory(), null, default);
                        values[f].AddRange(buffer.Cast<object?>());
                    }
                    else
                    {
                        var buffer = new double?[n];
                        await group.ReadAsync<double>(field, buffer.AsMemory(), null, default);
                        values[f].AddRange(buffer.Cast<object?>());
                    }
                }
            }

            for (var f = 0; f < fields.Length; f++)
            {
                result.Add((fields[f].Name, values[f]));
            }

            return result;
        }
    }
}
