using System.Text.Json;
using System.Text.Json.Serialization;
using IgdLab.Protocols;

namespace IgdLab.Contracts.Control;

/// <summary>
/// A <see cref="MappingProtocol"/> in JSON as the wire spells it, <c>"TCP"</c> or <c>"UDP"</c>; any other text, lower
/// case included, is refused with a reason.
/// </summary>
public sealed class MappingProtocolJsonConverter : JsonConverter<MappingProtocol>
{
    /// <inheritdoc />
    public override MappingProtocol Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return MappingProtocolText.TryParse(text, caseSensitive: true, out var protocol)
            ? protocol
            : throw new JsonException($"protocol '{text}' is not TCP or UDP");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, MappingProtocol value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToUpnp());
    }
}
