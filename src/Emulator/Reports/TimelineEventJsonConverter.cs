using System.Text.Json;
using System.Text.Json.Serialization;
using IgdLab.Emulator.Timeline;

namespace IgdLab.Emulator.Reports;

/// <summary>
/// A timeline event in the JSON report: <c>{ "at": 15.85, "kind": "probe-failed", "gateway": null, "device": "nas",
/// "detail": "..." }</c>, the words from <see cref="TimelineText"/>. Read back, an event is a <see cref="WrittenEvent"/>.
/// </summary>
internal sealed class TimelineEventJsonConverter : JsonConverter<TimelineEvent>
{
    public override TimelineEvent Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("a timeline event must be an object");
        }

        TimeSpan? at = null;
        TimelineEventKind? kind = null;
        string? gateway = null, device = null, detail = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var property = reader.GetString();
            reader.Read();
            switch (property?.ToLowerInvariant())
            {
                case "at":
                    at = JsonSerializer.Deserialize<TimeSpan>(ref reader, options);
                    break;
                case "kind":
                    kind = JsonSerializer.Deserialize<TimelineEventKind>(ref reader, options);
                    break;
                case "gateway":
                    gateway = reader.GetString();
                    break;
                case "device":
                    device = reader.GetString();
                    break;
                case "detail":
                    detail = reader.GetString();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return at is null || kind is null
            ? throw new JsonException("a timeline event needs \"at\" and \"kind\"")
            : new WrittenEvent(at.Value, kind.Value, gateway, device, detail);
    }

    public override void Write(Utf8JsonWriter writer, TimelineEvent value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        writer.WritePropertyName("at");
        JsonSerializer.Serialize(writer, value.At, options);
        writer.WritePropertyName("kind");
        JsonSerializer.Serialize(writer, TimelineText.Kind(value), options);
        writer.WriteString("gateway", value.Gateway);
        writer.WriteString("device", value.Device);
        writer.WriteString("detail", TimelineText.Detail(value));
        writer.WriteEndObject();
    }
}
