using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Colossim.Reports;

/// <summary>
/// How every JSON contract of Colossim is written: snake_case keys, indented, numbers as numbers (NaN and infinities
/// as strings), non-ASCII text as is. Every command and report writes its JSON through here, so the bytes agree
/// whichever front end asks.
/// </summary>
public static class ReportJson
{
    /// <summary>The serializer options: snake_case property names, indented, relaxed escaping, enums as snake_case strings.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary><paramref name="value"/> as indented JSON text, without a trailing newline.</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>A JSON node as indented JSON text, without a trailing newline.</summary>
    public static string Serialize(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.ToJsonString(Options);
    }
}
