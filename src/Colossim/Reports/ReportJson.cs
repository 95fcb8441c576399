using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
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

    // The properties ToNode writes of each type it has met (see Readable).
    private static readonly ConcurrentDictionary<Type, (string Name, PropertyInfo Property)[]> Properties = new();

    /// <summary><paramref name="value"/> as indented JSON text, without a trailing newline (as <see cref="ToNode"/> builds it).</summary>
    public static string Serialize<T>(T value) => value switch
    {
        null => "null",
        JsonNode node => Serialize(node),
        _ => Serialize(ToNode(value)!),
    };

    /// <summary>
    /// <paramref name="value"/> as a JSON node, exactly as <c>JsonSerializer.SerializeToNode(value, Options)</c> gives it,
    /// built directly for what reports are made of: string-keyed dictionaries, lists, strings, numbers (NaN and
    /// infinities as strings), booleans, enums (snake_case names), JSON nodes (copied), and objects (records,
    /// anonymous types): their public properties in the serializer's order, under snake_case names. Not through the
    /// serializer's reflection: its first use costs a process about 40 ms, which a sweep's workers would otherwise wait
    /// for at their first run, and the native build (compiled ahead of time) has no code for the generic converters it
    /// makes at run time.
    /// </summary>
    /// <exception cref="NotSupportedException">A value of a kind reports are not made of (a dictionary with keys that are not strings, a date).</exception>
    public static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        int number => JsonValue.Create(number),
        long number => JsonValue.Create(number),
        decimal number => JsonValue.Create(number),
        double number when double.IsFinite(number) => JsonValue.Create(number),
        double number => JsonValue.Create(double.IsNaN(number) ? "NaN" : number > 0 ? "Infinity" : "-Infinity"),
        Enum choice => EnumNode(choice),
        IDictionary map when map.Keys.Cast<object>().All(k => k is string) => ToObject(map),
        IDictionary map => throw new NotSupportedException($"ReportJson writes dictionaries with string keys only, not {map.GetType().Name}"),
        IEnumerable list => new JsonArray([.. list.Cast<object?>().Select(ToNode)]),
        _ when value.GetType().IsPrimitive || value is DateTime or DateTimeOffset or TimeSpan or Guid =>
            throw new NotSupportedException($"ReportJson does not write a {value.GetType().Name}; give reports int, long, double, decimal, bool or string"),
        _ => PropertiesOf(value),
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

    // As JsonStringEnumConverter with the snake_case policy writes it: the member's name, or its number when the value
    // is not a member.
    private static JsonValue EnumNode(Enum choice) =>
        Enum.IsDefined(choice.GetType(), choice)
            ? JsonValue.Create(JsonNamingPolicy.SnakeCaseLower.ConvertName(choice.ToString()))
            : JsonValue.Create(Convert.ToInt64(choice, CultureInfo.InvariantCulture));

    private static JsonObject PropertiesOf(object value)
    {
        var node = new JsonObject();
        foreach (var (name, property) in Properties.GetOrAdd(value.GetType(), Readable))
        {
            node[name] = ToNode(property.GetValue(value));
        }

        return node;
    }

    // The properties the serializer writes, in its order: public instance properties with a public getter and no index,
    // the type's own first, then each base type's, each in declaration order.
    private static (string, PropertyInfo)[] Readable(Type type)
    {
        var properties = new List<(string, PropertyInfo)>();
        for (var current = type; current is not null && current != typeof(object); current = current.BaseType)
        {
            foreach (var property in current.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                if (property.GetMethod is { IsPublic: true } && property.GetIndexParameters().Length == 0)
                {
                    properties.Add((JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name), property));
                }
            }
        }

        return [.. properties];
    }

    /// <summary>A JSON node as indented JSON text, without a trailing newline.</summary>
    public static string Serialize(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.ToJsonString(Options);
    }
}
