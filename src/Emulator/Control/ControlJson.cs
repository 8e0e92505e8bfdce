using System.Net;
using IgdLab.Protocols.Pcp;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
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

            // Set explicitly so the fault reader can ask for a type's metadata before anything was serialized.
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),

            // The API answers tools and people, not HTML pages: 'quotes' and <arrows> stay as they are, not \u0027.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new MappingOriginConverter());
        options.Converters.Add(new PcpNonceConverter());
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        options.Converters.Add(new IPAddressConverter());
        options.Converters.Add(new DurationConverter());
        return options;
    }

    /// <summary>A mapping's origin in the words scenario files use: <c>upnp</c>, <c>natpmp</c>, <c>pcp</c>.</summary>
    private sealed class MappingOriginConverter : JsonConverter<MappingOrigin>
    {
        public override MappingOrigin Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            MappingOriginText.TryParse(reader.GetString(), out var origin) ? origin : throw new JsonException("not upnp, natpmp or pcp");

        public override void Write(Utf8JsonWriter writer, MappingOrigin value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToText());
    }

    /// <summary>A PCP nonce as its 24 hex digits.</summary>
    private sealed class PcpNonceConverter : JsonConverter<PcpNonce>
    {
        public override PcpNonce Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            PcpNonce.TryParse(reader.GetString(), out var nonce) ? nonce : throw new JsonException("not a PCP nonce (24 hex digits)");

        public override void Write(Utf8JsonWriter writer, PcpNonce value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
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
