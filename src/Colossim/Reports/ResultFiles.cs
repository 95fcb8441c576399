using System.Globalization;
using System.Text;
using Parquet;
using Parquet.Schema;

namespace Colossim.Reports;

/// <summary>
/// Writes <see cref="ResultTable"/>s as CSV (RFC 4180: a header row, commas, fields with commas, quotes or line breaks
/// quoted, lines ending in <c>\n</c>, numbers in invariant culture with round-trip precision, missing values empty)
/// and as Parquet (Parquet.Net; one row group, the library's default compression; text as UTF-8 strings, integers as INT64, reals as
/// nullable DOUBLE), which pandas (<c>read_parquet</c>) and DuckDB (<c>read_parquet</c>) read.
/// </summary>
public static class ResultFiles
{
    /// <summary>The table as CSV text.</summary>
    public static string Csv(ResultTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var text = new StringBuilder();
        text.AppendJoin(',', table.Columns.Select(c => Field(c.Name))).Append('\n');
        for (var r = 0; r < table.RowCount; r++)
        {
            for (var c = 0; c < table.Columns.Count; c++)
            {
                if (c > 0)
                {
                    text.Append(',');
                }

                switch (table.Columns[c].Values)
                {
                    case string?[] strings:
                        text.Append(strings[r] is { } s ? Field(s) : "");
                        break;
                    case long[] longs:
                        text.Append(longs[r].ToString(CultureInfo.InvariantCulture));
                        break;
                    case double?[] doubles:
                        text.Append(doubles[r] is { } d ? d.ToString("R", CultureInfo.InvariantCulture) : "");
                        break;
                    default:
                        throw new InvalidOperationException($"column {table.Columns[c].Name} holds {table.Columns[c].Values.GetType().Name}");
                }
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The table as a Parquet file's bytes.</summary>
    public static byte[] Parquet(ResultTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return ParquetAsync(table).GetAwaiter().GetResult();
    }

    private static async Task<byte[]> ParquetAsync(ResultTable table)
    {
        var fields = table.Columns.Select(c => c.Type switch
        {
            ResultColumnType.Text => new DataField(c.Name, typeof(string), isNullable: true),
            ResultColumnType.Whole => new DataField(c.Name, typeof(long), isNullable: false),
            _ => new DataField(c.Name, typeof(double), isNullable: true),
        }).ToArray();
        var schema = new ParquetSchema(fields);
        using var buffer = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(schema, buffer).ConfigureAwait(false))
        {
            using var group = writer.CreateRowGroup();
            for (var c = 0; c < fields.Length; c++)
            {
                var write = table.Columns[c].Values switch
                {
                    string?[] strings => group.WriteAsync(fields[c], strings!, null),
                    long[] longs => group.WriteAsync<long>(fields[c], longs, null, null, default),
                    double?[] doubles => group.WriteAsync<double>(fields[c], (ReadOnlyMemory<double?>)doubles, null, null, default),
                    _ => throw new InvalidOperationException($"column {table.Columns[c].Name} holds {table.Columns[c].Values.GetType().Name}"),
                };
                await write.ConfigureAwait(false);
            }
        }

        return buffer.ToArray();
    }

    // A CSV field, quoted when it holds a comma, a quote or a line break (quotes doubled).
    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
