using System.Collections;
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

    /// <summary>
    /// <paramref name="value"/> as a JSON node, exactly as <c>JsonSerializer.SerializeToNode(value, Options)</c> gives it,
    /// built directly for what reports are made of (string-keyed dictionaries, lists, strings, whole numbers, doubles
    /// with NaN and infinities as strings, booleans); anything else goes through the serializer. The serializer's
    /// first use costs a process about 40 ms, which a sweep's workers would otherwise wait for at their first run.
    /// </summary>
    public static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        int number => JsonValue.Create(number),
        long number => JsonValue.Create(number),
        double number when double.IsFinite(number) => JsonValue.Create(number),
        double number => JsonValue.Create(double.IsNaN(number) ? "NaN" : number > 0 ? "Infinity" : "-Infinity"),
        IDictionary map when map.Keys.Cast<object>().All(k => k is string) => ToObject(map),
        IEnumerable list and not IDictionary => new JsonArray([.. list.Cast<object?>().Select(ToNode)]),
        _ => JsonSerializer.SerializeToNode(value, value.GetType(), Options),
    };

    private static JsonObject ToObject(IDictionary map)
    {
        var node = new JsonObject();
        foreach (DictionaryEntry entry in map)
        {
            node[(string)entry.Key] = ToNode(entry.Value);
        }

        return node;
    }

    /// <summary>A JSON node as indented JSON text, without a trailing newline.</summary>
    public static string Serialize(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.ToJsonString(Options);
    }
}
