using System.Text;
using Colossim.Documents;
using Colossim.Tests.Scenarios;
using CsCheck;

namespace Colossim.Tests.Documents;

public sealed class DocReaderTests
{
    // "file:line: path: message" for every problem, as the CLI prints them (without "error: ").
    private static string[] Problems(string text, DocLimits? limits = null)
    {
        var problems = new Problems("f.yaml");
        var root = DocReader.Parse(text, problems, limits);
        Assert.Null(root);
        return [.. problems.Select(p => p.ToString())];
    }

    private static string[] Problems(byte[] bytes)
    {
        var problems = new Problems("f.yaml");
        var root = DocReader.Parse(bytes, problems);
        Assert.Null(root);
        return [.. problems.Select(p => p.ToString())];
    }

    private static string BillionLaughs()
    {
        var text = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (var level = 'b'; level <= 'i'; level++)
        {
            var previous = (char)(level - 1);
            text.Append($"{level}: &{level} [{string.Join(", ", Enumerable.Repeat($"*{previous}", 10))}]\n");
        }

        return text.ToString();
    }

    public sealed class TheParseMethod
    {
        [Theory]
        [InlineData("")]
        [InlineData("   \n\n")]
        [InlineData("# only a comment\n")]
        [InlineData("---\n")]
        [InlineData("~\n")]
        public void Reports_a_document_with_nothing_in_it_as_empty(string text)
        {
            Assert.Equal(["f.yaml: the document is empty"], Problems(text));
        }

        [Fact]
        public void Reports_a_NUL_byte_as_binary_data()
        {
            Assert.Equal(["f.yaml: expected YAML or JSON text, found binary data (a NUL byte)"], Problems([0x61, 0x3A, 0x00, 0x31]));
        }

        [Fact]
        public void Reports_bytes_that_are_not_UTF8_without_a_NUL_byte()
        {
            Assert.Equal(["f.yaml: expected YAML or JSON text, found bytes that are not UTF-8 (binary data?)"], Problems([0x61, 0x3A, 0x20, 0xFF, 0xC3, 0x28]));
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void Names_UTF16_instead_of_calling_it_binary(bool bigEndian)
        {
            var encoding = bigEndian ? Encoding.BigEndianUnicode : Encoding.Unicode;
            var bytes = encoding.GetPreamble().Concat(encoding.GetBytes("name: x\n")).ToArray();

            Assert.Equal(["f.yaml: expected UTF-8 text, found UTF-16 (save the file as UTF-8)"], Problems(bytes));
        }

        [Fact]
        public void Accepts_a_UTF8_byte_order_mark()
        {
            var problems = new Problems();
            var root = DocReader.Parse([.. Encoding.UTF8.GetPreamble(), .. "name: x\n"u8], problems);

            Assert.Empty(problems);
            Assert.Equal("x", Assert.IsType<DocScalar>(Assert.IsType<DocMap>(root)["name"]).Value);
        }

        [Fact]
        public void Refuses_a_document_larger_than_the_limit_before_parsing_it()
        {
            Assert.Equal(["f.yaml: the document is 2 KiB, larger than the 1 KiB accepted"], Problems(new string('a', 2048), new DocLimits { MaxBytes = 1024 }));
        }

        [Fact]
        public void Stops_ten_thousand_levels_of_flow_nesting_at_the_depth_limit()
        {
            Assert.Equal(["f.yaml:1: the document nests deeper than 64 levels"], Problems(new string('[', 10_000)));
        }

        [Fact]
        public void Stops_ten_thousand_levels_of_flow_mappings_at_the_depth_limit()
        {
            Assert.Equal(["f.yaml:1: the document nests deeper than 64 levels"], Problems(string.Concat(Enumerable.Repeat("{a: ", 10_000))));
        }

        [Fact]
        public void Stops_deep_block_nesting_at_the_line_where_it_goes_too_deep()
        {
            var text = string.Concat(Enumerable.Range(0, 200).Select(i => new string(' ', i) + "a:\n"));

            Assert.Equal(["f.yaml:66: the document nests deeper than 64 levels"], Problems(text));
        }

        [Fact]
        public void Stops_a_billion_laughs_at_the_node_limit()
        {
            Assert.Equal(["f.yaml:6: f[7][8][8][8][8]: the document expands to more than 1,000,000 nodes (aliases nested too deeply?)"], Problems(BillionLaughs()));
        }

        [Fact]
        public void Stops_a_document_with_too_many_nodes_without_blaming_aliases()
        {
            Assert.Equal(["f.yaml:1: [999]: the document has more than 1,000 nodes"], Problems("[" + string.Join(", ", Enumerable.Repeat("1", 2000)) + "]", new DocLimits { MaxNodes = 1000 }));
        }

        [Fact]
        public void Expands_aliases_within_the_limit_as_copies_with_their_own_paths()
        {
            var problems = new Problems();
            var root = Assert.IsType<DocMap>(DocReader.Parse("a: &x { b: 1 }\nc: *x\n", problems));

            Assert.Empty(problems);
            var copy = Assert.IsType<DocMap>(root["c"]);
            Assert.Equal("c.b", copy["b"]!.Path);
            Assert.Equal(2, copy["b"]!.Line);
        }

        [Fact]
        public void Reports_a_duplicate_key_with_its_path_and_line()
        {
            Assert.Equal(["f.yaml:4: sites.a: the key appears twice"], Problems("name: x\nsites:\n  a: 1\n  a: 2\n"));
        }

        [Fact]
        public void Reports_several_documents_at_the_second_one()
        {
            Assert.Equal(["f.yaml:2: expected one document, found several (a second '---')"], Problems("a: 1\n---\nb: 2\n"));
        }

        [Fact]
        public void Reports_invalid_syntax_with_its_line()
        {
            Assert.Equal(["f.yaml:2: invalid YAML: While scanning a plain scalar value, found invalid mapping."], Problems("a: 1\n  b: 2\n"));
        }

        [Fact]
        public void Reports_an_unterminated_quote()
        {
            Assert.Equal(["f.yaml:1: invalid YAML: While scanning a quoted scalar, found unexpected end of stream."], Problems("a: \"unterminated\n"));
        }

        [Fact]
        public void Reports_a_tab_used_as_indentation()
        {
            Assert.Equal(["f.yaml:1: invalid YAML: While scanning a mapping, found invalid tab as indentation."], Problems("a:\n\tb: 1\n"));
        }

        [Fact]
        public void Reports_an_unclosed_flow_list_where_the_YAML_scanner_fails_with_another_exception()
        {
            // YamlDotNet 16.3 throws InvalidOperationException here, not a YamlException.
            Assert.Equal(["f.yaml:2: invalid YAML: the text cannot be scanned here (an unclosed '[', '{' or quote?)"], Problems("a: 1\nb: [1, 2\nc: 3\n"));
        }

        [Fact]
        public void Reports_a_malformed_tag_where_the_YAML_parser_fails_with_an_argument_exception()
        {
            Assert.Equal(["f.yaml:1: invalid YAML: Global tags must be valid URIs."], Problems("!![b"));
        }

        [Fact]
        public void Reports_an_alias_to_no_anchor()
        {
            Assert.Equal(["f.yaml:1: a: the alias *nope refers to no anchor"], Problems("a: *nope\n"));
        }

        [Fact]
        public void Refuses_merge_keys()
        {
            Assert.Equal(["f.yaml:3: c: merge keys ('<<') are not supported; repeat the fields or use an alias for the whole value"], Problems("a: &x {b: 1}\nc:\n  <<: *x\n"));
        }

        [Fact]
        public void Refuses_a_list_used_as_a_key()
        {
            Assert.Equal(["f.yaml:1: expected a plain key, found a mapping or list used as a key"], Problems("? [a]\n: 1\n"));
        }

        [Fact]
        public void Reads_JSON_indented_with_tabs()
        {
            var problems = new Problems();
            var root = Assert.IsType<DocMap>(DocReader.Parse("{\n\t\"name\": \"x\",\n\t\"seed\": 1,\n\t\"sites\": [\n\t\t{\"name\": \"a\"}\n\t]\n}\n", problems));

            Assert.Empty(problems);
            Assert.Equal(["name", "seed", "sites"], root.Entries.Select(e => e.Key));
            Assert.Equal(5, Assert.IsType<DocSeq>(root["sites"]).Items[0].Line);
        }

        [Fact]
        public void Never_throws_on_text_made_of_YAML_punctuation()
        {
            Gen.String[Gen.Char["ab:- []{},&*!|>'\"#%@`?\n\t\\.<~01"], 0, 40].Sample(text =>
            {
                var problems = new Problems();
                var root = DocReader.Parse(text, problems);
                return root is not null || problems.HasErrors;
            }, iter: 20_000);
        }

        [Fact]
        public void Never_throws_on_random_bytes()
        {
            Gen.Byte.Array[0, 64].Sample(bytes =>
            {
                var problems = new Problems();
                var root = DocReader.Parse(bytes, problems);
                return root is not null || problems.HasErrors;
            }, iter: 5_000);
        }
    }

    public sealed class TheReadFileMethod
    {
        [Fact]
        public void Reports_a_missing_file()
        {
            using var dir = new TempDirectory();
            var path = Path.Combine(dir.Path, "nope.yaml");
            var problems = new Problems();

            Assert.Null(DocReader.ReadFile(path, problems));
            Assert.Equal([$"{path}: the file does not exist"], problems.Select(p => p.ToString()));
        }

        [Fact]
        public void Reports_a_directory()
        {
            using var dir = new TempDirectory();
            var problems = new Problems();

            Assert.Null(DocReader.ReadFile(dir.Path, problems));
            Assert.Equal([$"{dir.Path}: expected a file, found a directory"], problems.Select(p => p.ToString()));
        }

        [Fact]
        public void Refuses_a_100_MB_file_from_its_length_without_reading_it()
        {
            using var dir = new TempDirectory();
            var path = Path.Combine(dir.Path, "huge.yaml");
            using (var stream = File.Create(path))
            {
                stream.SetLength(100L * 1024 * 1024); // sparse: nothing is written
            }

            var problems = new Problems();

            Assert.Null(DocReader.ReadFile(path, problems));
            Assert.Equal([$"{path}: the file is 100 MiB, larger than the 10 MiB accepted"], problems.Select(p => p.ToString()));
        }

        [Fact]
        public void Stops_reading_a_device_that_never_ends_at_the_size_limit()
        {
            if (!File.Exists("/dev/zero"))
            {
                return; // Not a Unix machine: nothing to check.
            }

            var problems = new Problems();

            Assert.Null(DocReader.ReadFile("/dev/zero", problems, new DocLimits { MaxBytes = 1024 * 1024 }));
            Assert.Equal(["/dev/zero: the file is larger than the 1 MiB accepted"], problems.Select(p => p.ToString()));
        }

        [Fact]
        public void Reads_a_file_and_attributes_problems_to_it()
        {
            using var dir = new TempDirectory();
            var path = dir.Write("dup.yaml", "a: 1\na: 2\n");
            var problems = new Problems();

            Assert.Null(DocReader.ReadFile(path, problems));
            Assert.Equal([$"{path}:2: a: the key appears twice"], problems.Select(p => p.ToString()));
        }
    }
}
