using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace IgdLab.Contracts.Control;

/// <summary>
/// The probe unit's control channel: an outbound WebSocket from the device to the server (the inbound mapping may be
/// broken, so the server never relies on reaching the device through it). The conversation:
/// <code>
/// server → challenge {nonce}
/// device → auth {deviceId, proof}          proof = HMAC-SHA256(key, nonce bytes ‖ UTF-8 device id)
/// server → welcome {deviceId, probeIntervalMs}   or error {authentication-failed} and close
/// device → report {sequence, mapping}      after welcome when it has a mapping, and after every map/remap
/// server → ack {sequence}
/// server → remap {instructionId, reason}   when a probe fails; at most one outstanding per device
/// device → report {…, instructionId}       or remap-failed {instructionId, error}
/// device → gateway-signal {kind, detail}   the event fast path
/// </code>
/// A channel speaks for the one device it authenticated as; a report can only change that device's entry.
/// </summary>
public static class ControlProtocol
{
    /// <summary>The server's WebSocket path.</summary>
    public const string Path = "/control";

    /// <summary>The WebSocket subprotocol both sides ask for.</summary>
    public const string SubProtocol = "igdlab-control.v1";

    /// <summary>The largest frame either side accepts, in bytes.</summary>
    public const int MaxMessageBytes = 16 * 1024;

    /// <summary>The serializer settings of every frame: camelCase names, nulls omitted.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        AllowOutOfOrderMetadataProperties = true,
    };

    /// <summary>The UTF-8 JSON of a message.</summary>
    public static byte[] Serialize(ControlMessage message) => JsonSerializer.SerializeToUtf8Bytes(message, JsonOptions);

    /// <summary>Reads a frame; null (with the reason) when it is not a valid message.</summary>
    public static ControlMessage? TryDeserialize(ReadOnlySpan<byte> utf8, out string? error)
    {
        error = null;
        if (utf8.Length > MaxMessageBytes)
        {
            error = $"the message is larger than {MaxMessageBytes} bytes";
            return null;
        }

        try
        {
            var message = JsonSerializer.Deserialize<ControlMessage>(utf8, JsonOptions);
            if (message is null)
            {
                error = "the message is null";
            }

            return message;
        }
        catch (JsonException ex)
        {
            error = ex.Message;
            return null;
        }
        catch (NotSupportedException ex)
        {
            error = ex.Message;
            return null;
        }
    }

    /// <summary>Checks a report's fields; null when valid, else what is wrong.</summary>
    public static string? Validate(MappingReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (!IPAddress.TryParse(report.ExternalAddress, out _))
        {
            return $"externalAddress '{report.ExternalAddress}' is not an IP address";
        }

        if (!IPAddress.TryParse(report.InternalAddress, out _))
        {
            return $"internalAddress '{report.InternalAddress}' is not an IP address";
        }

        if (report.ExternalPort is < 1 or > 65535)
        {
            return $"externalPort {report.ExternalPort} is not 1-65535";
        }

        if (report.InternalPort is < 1 or > 65535)
        {
            return $"internalPort {report.InternalPort} is not 1-65535";
        }

        return Enum.IsDefined(report.Protocol) ? null : $"protocol {report.Protocol} is not TCP or UDP";
    }
}
