using System.Text.Json;
using System.Text.Json.Serialization;

namespace IgdLab.Prober.Cluster;

/// <summary>What one prober instance tells the others about a device, over PostgreSQL's <c>NOTIFY</c>.</summary>
internal enum ClusterMessageKind
{
    /// <summary>To all: the device's control channel opened on <see cref="ClusterMessage.From"/>; any other channel of it is replaced. <see cref="ClusterMessage.To"/> names its owner.</summary>
    Attach,

    /// <summary>To the owner: the device's channel on <see cref="ClusterMessage.From"/> closed.</summary>
    Detach,

    /// <summary>To the owner: the device reported a mapping (already stored); the body is the report.</summary>
    Report,

    /// <summary>To the owner: the device could not carry out an instruction; the body is its message.</summary>
    RemapFailed,

    /// <summary>To the owner: the device saw its gateway change; the body is the signal.</summary>
    Signal,

    /// <summary>To the instance holding the device's channel: send the body (an instruction) over it.</summary>
    Deliver,

    /// <summary>To the owner: an instruction could not be delivered, the channel having closed.</summary>
    Undelivered,

    /// <summary>To all: the device's key changed in the registry (registered, replaced or revoked).</summary>
    Key,
}

/// <summary>One message between instances; <see cref="To"/> null is for every instance.</summary>
internal sealed record ClusterMessage(
    ClusterMessageKind Kind,
    string DeviceId,
    string From,
    string? To = null,
    string? Body = null,
    string? InstructionId = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The message as a <c>NOTIFY</c> payload (JSON).</summary>
    public string ToPayload() => JsonSerializer.Serialize(this, Json);

    /// <summary>The message in <paramref name="payload"/>, or null when it is not one (an older or foreign sender).</summary>
    public static ClusterMessage? FromPayload(string payload)
    {
        try
        {
            return JsonSerializer.Deserialize<ClusterMessage>(payload, Json) is { DeviceId: not null, From: not null } message ? message : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
