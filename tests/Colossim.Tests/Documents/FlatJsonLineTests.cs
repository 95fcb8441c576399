using System.Text;
using Colossim.Documents;

namespace Colossim.Tests.Documents;

public sealed class FlatJsonLineTests
{
    // The node as text: kind, path, line, value and quoting of every node, so that two trees compare field by field.
    private static string Dump(DocNode? node) => node switch
    {
        null => "null",
        DocScalar s => $"scalar({s.Path}|{s.Line}|{s.Value}|{s.IsPlain})",
        DocMap m => $"map({m.Path}|{m.Line}|{string.Join(",", m.Entries.Select(e => e.Key + "=" + Dump(e.Value)))})",
        DocSeq q => $"seq({q.Path}|{q.Line}|{string.Join(",", q.Items.Select(Dump))})",
        _ => node.ToString()!,
    };

    public sealed class TheTryParseMethod
    {
        [Theory]
        [InlineData("""{"kind": "gemm", "M": 4096, "N": 8192, "K": 1024, "dtype": "bfloat16", "ms": 0.1234}""")]
        [InlineData("""{"kind": "launch", "us_per_op": 6.371871998018783, "reps": 843}""")]
        [InlineData("""{"a": -0.5, "b": 1e-05, "c": 2E+10, "d": 0, "e": true, "f": false, "g": null}""")]
        [InlineData("""{"kind": "nvidia_smi", "line": "NVIDIA H200, 580.159.04, 700.00 W, 1980 MHz"}""")]
        [InlineData("""{"empty": "", "unicode": "café", "colon": "a: b", "hash": "# not a comment"}""")]
        [InlineData("""{"kind": "x"}""")]
        public void Reads_a_flat_object_exactly_as_the_document_reader_does(string line)
        {
            var fast = FlatJsonLine.TryParse(line);

            Assert.NotNull(fast);
            Assert.Equal(Dump(DocReader.Parse(line, new Problems())), Dump(fast));
        }

        [Fact]
        public void Reads_every_line_of_the_shipped_calibration_as_the_document_reader_does()
        {
            var lines = 0;
            foreach (var (_, bytes) in ShippedData.Files("calibration"))
            {
                foreach (var raw in Encoding.UTF8.GetString(bytes).Split('\n'))
                {
                    var line = raw.Trim();
                    if (line.Length == 0)
                    {
                        continue;
                    }

                    var fast = FlatJsonLine.TryParse(line);
                    if (fast is not null)
                    {
                        lines++;
                        Assert.Equal(Dump(DocReader.Parse(line, new Problems())), Dump(fast));
                    }
                }
            }

            // The shipped files are json.dumps output: at least the 596 lines of the H200 files take the fast path.
            Assert.True(lines >= 596, $"{lines} lines read on the fast path");
        }

        [Theory]
        [InlineData("{}")]
        [InlineData("""{"a": {"b": 1}}""")]
        [InlineData("""{"a": [1, 2]}""")]
        [InlineData("""{"a": "line\nbreak"}""")]
        [InlineData("""{"a": 1, "a": 2}""")]
        [InlineData("""{"a":1}""")]
        [InlineData("""{"a": 1,"b": 2}""")]
        [InlineData("""{"a": 1 }""")]
        [InlineData("""{"a": 01}""")]
        [InlineData("""{"a": 1.}""")]
        [InlineData("""{"a": .5}""")]
        [InlineData("""{"a": 1e}""")]
        [InlineData("""{"a": NaN}""")]
        [InlineData("""{"a": yes}""")]
        [InlineData("""{"a": 'single'}""")]
        [InlineData("""{"<<": 1}""")]
        [InlineData("""{"a": 1""")]
        [InlineData("""{"a": "unterminated}""")]
        [InlineData("""{"a": 1, }""")]
        [InlineData("""{a: 1}""")]
        [InlineData("[1, 2]")]
        public void Leaves_anything_else_to_the_document_reader(string line)
        {
            Assert.Null(FlatJsonLine.TryParse(line));
        }
    }
}
