using System.Text.Json;
using System.Text.Json.Serialization;

namespace IgdLab.Prober.Api;

/// <summary>JSON of the HTTP API: camelCase names, kebab-case enums (<c>wrong-device</c>, <c>healthy</c>), durations as milliseconds.</summary>
public static class ProberJson
{
    /// <summary>The serializer settings of <c>/devices</c>, <c>/health</c> and the events' JSON.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        options.Converters.Add(new MillisecondsConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>A duration as a number of milliseconds (the properties say so in their names: <c>elapsedMs</c>).</summary>
    private sealed class MillisecondsConverter : JsonConverter<TimeSpan>
    {
        public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            TimeSpan.FromMilliseconds(reader.GetDouble());

        public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
            writer.WriteNumberValue(Math.Round(value.TotalMilliseconds, 3));
    }
}
