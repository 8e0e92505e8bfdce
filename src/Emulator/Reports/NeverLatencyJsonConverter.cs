using System.Text.Json;
using System.Text.Json.Serialization;

namespace IgdLab.Emulator.Reports;

/// <summary>A percentile as seconds rounded to the millisecond, or the string <c>never</c> for one that never ended.</summary>
internal sealed class NeverLatencyJsonConverter : JsonConverter<TimeSpan?>
{
    public const string NeverText = "never";

    public override bool HandleNull => true;

    public override TimeSpan? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number => TimeSpan.FromMilliseconds(Math.Round(reader.GetDouble() * 1000)),
        JsonTokenType.String when reader.ValueTextEquals(NeverText) => null,
        _ => throw new JsonException($"a latency must be a number of seconds or \"{NeverText}\""),
    };

    public override void Write(Utf8JsonWriter writer, TimeSpan? value, JsonSerializerOptions options)
    {
        if (value is { } latency)
        {
            writer.WriteNumberValue(Math.Round(latency.TotalMilliseconds, MidpointRounding.AwayFromZero) / 1000);
        }
        else
        {
            writer.WriteStringValue(NeverText);
        }
    }
}
