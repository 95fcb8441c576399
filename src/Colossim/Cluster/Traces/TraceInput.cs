using System.Globalization;
using System.Text;
using System.Text.Unicode;
using Colossim.Documents;

namespace Colossim.Cluster.Traces;

/// <summary>
/// Reading a trace file safely: through <see cref="DocReader.ReadBytes"/> (missing file, directory, FIFO, too large),
/// refusing devices before reading a byte (<c>/dev/zero</c> would otherwise be read up to the limit), binary data and
/// bytes that are not UTF-8; then its lines one at a time, split as CSV.
/// </summary>
internal static class TraceInput
{
    /// <summary>The bytes of the file at <paramref name="file"/>, or <see langword="null"/> with a problem at the file.</summary>
    public static byte[]? Read(string file, Problems problems, long maxBytes)
    {
        var local = new Problems(file);
        byte[]? bytes = null;
        if (SpecialFiles.DescribeOutput(file) is "a device" && !Directory.Exists(file))
        {
            local.Error("", "expected a file, found a device");
        }
        else
        {
            bytes = DocReader.ReadBytes(file, local, maxBytes);
            if (bytes is not null && Array.IndexOf(bytes, (byte)0) >= 0)
            {
                local.Error("", "expected text, found binary data (a NUL byte)");
                bytes = null;
            }
            else if (bytes is not null && !Utf8.IsValid(bytes))
            {
                local.Error("", "expected text, found bytes that are not UTF-8 (binary data?)");
                bytes = null;
            }
        }

        problems.AddRange(local);
        return bytes;
    }

    /// <summary>Each non-blank line of <paramref name="bytes"/> with its 1-based number (a byte-order mark and <c>\r</c> dropped).</summary>
    public static IEnumerable<(int Line, string Text)> Lines(byte[] bytes)
    {
        var start = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        var line = 0;
        while (start < bytes.Length)
        {
            line++;
            var end = Array.IndexOf(bytes, (byte)'\n', start);
            if (end < 0)
            {
                end = bytes.Length;
            }

            var length = end - start;
            if (length > 0 && bytes[end - 1] == (byte)'\r')
            {
                length--;
            }

            var text = Encoding.UTF8.GetString(bytes, start, length);
            start = end + 1;
            if (!string.IsNullOrWhiteSpace(text))
            {
                yield return (line, text);
            }
        }
    }

    /// <summary>Splits one CSV line into its fields: commas separate, double quotes enclose a field (<c>""</c> is a quote).</summary>
    public static string[] Split(string line)
    {
        if (!line.Contains('"', StringComparison.Ordinal))
        {
            return line.Split(',');
        }

        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return [.. fields];
    }

    /// <summary>Whether a field holds no value: empty, or pandas' <c>nan</c>/<c>NaN</c>/<c>None</c>.</summary>
    public static bool IsEmpty(string field) => field.Trim() is "" or "nan" or "NaN" or "None" or "null" or "NULL";

    /// <summary>A field as people read it in a message: quoted, and cut when long.</summary>
    public static string Show(string field) => field.Length <= 40 ? $"'{field}'" : $"'{field[..37]}...'";

    /// <summary>Formats a count for messages (1,234).</summary>
    public static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}

/// <summary>
/// The problems of one trace file's rows: each with the file and line, the column as its path, and a message saying
/// what was expected and what was found; after <see cref="MaxReported"/> errors the rest are counted in one more.
/// </summary>
internal sealed class RowProblems(Problems problems, string file)
{
    /// <summary>The most bad rows reported one by one in a file.</summary>
    public const int MaxReported = 20;

    private int _errors;

    /// <summary>The file the rows come from.</summary>
    public string File { get; } = file;

    /// <summary>Bad rows found so far.</summary>
    public int Errors => _errors;

    /// <summary>Records a bad value at <paramref name="column"/> of the row at <paramref name="line"/>.</summary>
    public void Error(int line, string column, string message)
    {
        if (_errors++ < MaxReported)
        {
            problems.Add(new Problem(column, message, Severity.Error, line, File));
        }
    }

    /// <summary>Records a problem about the whole file (no line).</summary>
    public void FileError(string message, int? line = null) => problems.Add(new Problem("", message, Severity.Error, line, File));

    /// <summary>Records a warning about the whole file.</summary>
    public void Warning(string message) => problems.Add(new Problem("", message, Severity.Warning, null, File));

    /// <summary>Adds the count of bad rows not reported one by one, if any.</summary>
    public void Finish()
    {
        if (_errors > MaxReported)
        {
            problems.Add(new Problem("", $"{TraceInput.Count(_errors - MaxReported)} more problems in rows are not listed", Severity.Error, null, File));
        }
    }

    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>] (<c>8</c>, or <c>8.0</c> as pandas writes it); a problem and <see langword="null"/> otherwise.</summary>
    public long? Whole(int line, string column, string text, long min, long max)
    {
        var t = text.Trim();
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            && value == Math.Floor(value) && value >= min && value <= max)
        {
            return (long)value;
        }

        Error(line, column, $"expected a whole number between {TraceInput.Count(min)} and {TraceInput.Count(max)}, found {TraceInput.Show(text)}");
        return null;
    }

    /// <summary>Seconds from the trace's start, in [0, <see cref="TraceBuilder.MaxSeconds"/>]; a problem and <see langword="null"/> otherwise.</summary>
    public double? Seconds(int line, string column, string text) =>
        Number(line, column, text, 0, TraceBuilder.MaxSeconds, "a time in seconds from the start of the trace (0 or more)");

    /// <summary>A finite number in [<paramref name="min"/>, <paramref name="max"/>]; a problem and <see langword="null"/> otherwise.</summary>
    public double? Number(int line, string column, string text, double min, double max, string expected)
    {
        if (double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            && value >= min && value <= max)
        {
            return value;
        }

        Error(line, column, $"expected {expected}, found {TraceInput.Show(text)}");
        return null;
    }

    /// <summary>
    /// A date and time as <c>2020-06-09 18:41:01</c> (local time of the trace; only differences are used), in seconds
    /// since 1970; a problem and <see langword="null"/> otherwise.
    /// </summary>
    public double? Timestamp(int line, string column, string text)
    {
        if (TryTimestamp(text, out var seconds) && seconds >= 0 && seconds <= TraceBuilder.MaxSeconds)
        {
            return seconds;
        }

        Error(line, column, $"expected a date and time from 1970 on, like 2020-06-09 18:41:01, found {TraceInput.Show(text)}");
        return null;
    }

    /// <summary>Parses <c>2020-06-09 18:41:01</c> (an optional trailing zone such as <c>PDT</c> is ignored) to seconds since 1970.</summary>
    public static bool TryTimestamp(string text, out double seconds)
    {
        var t = text.Trim();
        var space = t.LastIndexOf(' ');
        if (space > 10 && t.Length - space <= 5 && t[(space + 1)..].All(char.IsLetter))
        {
            t = t[..space];
        }

        if (DateTime.TryParseExact(t, ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            seconds = (time - DateTime.UnixEpoch).TotalSeconds;
            return true;
        }

        seconds = 0;
        return false;
    }
}

/// <summary>
/// The row loop every CSV reader with a header shares: the header is read first (a missing required column is one problem
/// and ends the file), each later row with a field count other than the header's is a problem at its line and skipped,
/// and a file with no row at all is one problem. <see cref="Complete"/> says, after the loop, whether the file had a good
/// header (if not, the reader gives nothing).
/// </summary>
/// <param name="bytes">The file's bytes.</param>
/// <param name="required">Columns the header must name.</param>
/// <param name="rows">Where problems go.</param>
/// <param name="what">What the file should be, for the messages (<c>an Alibaba 2023 pod list</c>).</param>
internal sealed class CsvTable(byte[] bytes, IReadOnlyList<string> required, RowProblems rows, string what)
{
    /// <summary>Whether the header was read and good (valid once <see cref="Rows"/> has been enumerated).</summary>
    public bool Complete { get; private set; }

    /// <summary>The rows after the header that have as many fields as it.</summary>
    public IEnumerable<CsvRow> Rows()
    {
        CsvHeader? columns = null;
        foreach (var (line, text) in TraceInput.Lines(bytes))
        {
            var fields = TraceInput.Split(text);
            if (columns is null)
            {
                columns = CsvHeader.Read(fields, required, rows, line, what);
                if (columns is null)
                {
                    yield break;
                }

                Complete = true;
                continue;
            }

            if (fields.Length != columns.Count)
            {
                rows.Error(line, "", $"expected {columns.Count} fields as in the header, found {fields.Length}");
                continue;
            }

            yield return new CsvRow(line, fields, columns);
        }

        if (columns is null)
        {
            rows.FileError($"the file is empty; expected {what} with a header row");
        }
    }
}

/// <summary>One row of a <see cref="CsvTable"/>: its line, its fields and the header that names them.</summary>
/// <param name="Line">The row's line in the file, from 1.</param>
/// <param name="Fields">The row's fields, as many as the header's.</param>
/// <param name="Columns">The header.</param>
internal readonly record struct CsvRow(int Line, string[] Fields, CsvHeader Columns)
{
    /// <summary>The field of the column named <paramref name="column"/>, trimmed.</summary>
    public string this[string column] => Fields[Columns[column]].Trim();
}

/// <summary>The header row of a CSV file: the index of each named column, and how many fields a row has.</summary>
internal sealed class CsvHeader
{
    private readonly Dictionary<string, int> _index;

    private CsvHeader(Dictionary<string, int> index, int count)
    {
        _index = index;
        Count = count;
    }

    /// <summary>Fields in the header (and in every row).</summary>
    public int Count { get; }

    /// <summary>The index of the column named <paramref name="name"/>.</summary>
    public int this[string name] => _index[name];

    /// <summary>Whether the header names <paramref name="name"/>.</summary>
    public bool Has(string name) => _index.ContainsKey(name);

    /// <summary>The header's columns; a problem (at <paramref name="line"/>) and <see langword="null"/> when a required one is missing.</summary>
    public static CsvHeader? Read(string[] fields, IReadOnlyList<string> required, RowProblems rows, int line, string what)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Length; i++)
        {
            index.TryAdd(fields[i].Trim(), i);
        }

        var missing = required.Where(c => !index.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            rows.FileError($"expected {what} with the columns {string.Join(",", required)} in its header; missing {string.Join(", ", missing)}", line);
            return null;
        }

        return new CsvHeader(index, fields.Length);
    }
}
