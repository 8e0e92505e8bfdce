using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using IgdLab.Emulator.Text;

namespace IgdLab.Emulator.Control;

/// <summary>JSON settings of the control API: camelCase names, kebab-case enums, addresses and durations as text.</summary>
internal static class ControlJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        options.Converters.Add(new IPAddressConverter());
        options.Converters.Add(new DurationConverter());
        return options;
    }

    private sealed class IPAddressConverter : JsonConverter<IPAddress>
    {
        public override IPAddress Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            IPAddress.TryParse(reader.GetString(), out var address) ? address : throw new JsonException("not an IP address");

        public override void Write(Utf8JsonWriter writer, IPAddress value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
    }

    /// <summary>Durations as <c>"500ms"</c>/<c>"5s"</c> strings, or a number of milliseconds.</summary>
    private sealed class DurationConverter : JsonConverter<TimeSpan>
    {
        public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Number)
            {
                return TimeSpan.FromMilliseconds(reader.GetDouble());
            }

            return DurationText.TryParse(reader.GetString(), out var duration)
                ? duration
                : throw new JsonException("not a duration (e.g. \"500ms\", \"5s\")");
        }

        public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
            writer.WriteStringValue(DurationText.Format(value));
    }
}
