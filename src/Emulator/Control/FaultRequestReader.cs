using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using IgdLab.Igd.Faults;

namespace IgdLab.Emulator.Control;

/// <summary>
/// Reads a <c>POST /faults</c> body into <see cref="FaultSettings"/>, or says in plain words what is wrong with it: the
/// field and what it must be, never the serializer's message (which names .NET types).
/// </summary>
internal static class FaultRequestReader
{
    private const string Prefix = "invalid fault JSON: ";

    private static readonly JsonTypeInfo Settings = ControlJson.Options.GetTypeInfo(typeof(FaultSettings));

    /// <summary>The settings in <paramref name="body"/>, or null settings and the reason when they cannot be read.</summary>
    public static async Task<(FaultSettings? Settings, string? Error)> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(body, default, cancellationToken);
        }
        catch (JsonException ex)
        {
            return (null, $"{Prefix}not valid JSON (line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1})");
        }

        using (document)
        {
            return Read(document.RootElement);
        }
    }

    private static (FaultSettings? Settings, string? Error) Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, Prefix + "the body must be a JSON object such as {\"action\":\"change-wan-ip\"}");
        }

        var seenAction = false;
        foreach (var field in root.EnumerateObject())
        {
            var property = Property(field.Name);
            if (property is null)
            {
                return (null, $"{Prefix}unknown field '{field.Name}' (known: {string.Join(", ", Settings.Properties.Select(p => p.Name))})");
            }

            seenAction |= property.Name == "action";
        }

        if (!seenAction)
        {
            return (null, Prefix + "the field 'action' is required");
        }

        try
        {
            // Nullable annotations are not enforced by the serializer: "action": null arrives as a null name.
            var settings = root.Deserialize<FaultSettings>(ControlJson.Options);
            return settings is { Action: not null } ? (settings, null) : (null, $"{Prefix}'action' must be {Expected(typeof(string))}");
        }
        catch (JsonException ex)
        {
            var name = ex.Path is { } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
            return name is not null && Property(name) is { } property
                ? (null, $"{Prefix}'{property.Name}' must be {Expected(property.PropertyType)}")
                : (null, Prefix + "a value is not of the right kind");
        }
    }

    private static JsonPropertyInfo? Property(string name) =>
        Settings.Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    // What a field of this type accepts, in the words of the fault vocabulary.
    private static string Expected(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type == typeof(int) => "a whole number",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(TimeSpan) => "a duration such as 500ms or 5s, or a number of milliseconds",
            _ when type == typeof(IPAddress) => "an IP address",
            _ when type.IsEnum => string.Join(" or ", Enum.GetNames(type).Select(JsonNamingPolicy.KebabCaseLower.ConvertName)),
            _ when type == typeof(string) => "a string",
            _ => "a value of another kind",
        };
    }
}
