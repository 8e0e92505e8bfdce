using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace IgdLab.Emulator.Reports;

/// <summary>
/// JSON settings of the <c>--json</c> report: camelCase names, kebab-case enums, durations and times as a number of
/// seconds with millisecond precision (so <c>jq</c> and spreadsheets can compute with them), nulls written out, text
/// unescaped where JSON allows.
/// </summary>
internal static class ReportJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,

            // The report is a file of its own, never embedded in HTML or a script, so people and jq can read
            // "→" and "<" as they are instead of \u2192 and \u003C.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.Converters.Add(new SecondsConverter());
        options.Converters.Add(new TimelineEventJsonConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>A <see cref="TimeSpan"/> as seconds, rounded to the millisecond: 2.314 for 2314 ms.</summary>
    private sealed class SecondsConverter : JsonConverter<TimeSpan>
    {
        public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Number
                ? TimeSpan.FromMilliseconds(Math.Round(reader.GetDouble() * 1000))
                : throw new JsonException("a duration must be a number of seconds");

        public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
            writer.WriteNumberValue(Math.Round(value.TotalMilliseconds, MidpointRounding.AwayFromZero) / 1000);
    }
}
