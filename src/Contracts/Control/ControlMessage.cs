using System.Text.Json.Serialization;
using IgdLab.Protocols;

namespace IgdLab.Contracts.Control;

/// <summary>
/// One message of the probe unit's control channel: a WebSocket text frame holding one JSON object whose
/// <c>type</c> property names the message. See <see cref="ControlProtocol"/> for the conversation.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(ChallengeMessage), "challenge")]
[JsonDerivedType(typeof(AuthMessage), "auth")]
[JsonDerivedType(typeof(WelcomeMessage), "welcome")]
[JsonDerivedType(typeof(ReportMessage), "report")]
[JsonDerivedType(typeof(ReportAck), "ack")]
[JsonDerivedType(typeof(RemapInstruction), "remap")]
[JsonDerivedType(typeof(RemapFailed), "remap-failed")]
[JsonDerivedType(typeof(GatewaySignal), "gateway-signal")]
[JsonDerivedType(typeof(ControlError), "error")]
public abstract record ControlMessage;

/// <summary>Server → device, first frame: the challenge the device signs to prove it holds its key.</summary>
/// <param name="Nonce">32 hex digits (<see cref="IdentityHandshake.ChallengeBytes"/> bytes).</param>
public sealed record ChallengeMessage(string Nonce) : ControlMessage;

/// <summary>Device → server, answer to the challenge.</summary>
/// <param name="DeviceId">The device's id.</param>
/// <param name="Proof">64 hex digits: <see cref="IdentityHandshake.Proof"/> of the nonce's bytes with the device's key.</param>
public sealed record AuthMessage(string DeviceId, string Proof) : ControlMessage;

/// <summary>Server → device: authenticated. The device sends its current mapping next (if it has one).</summary>
/// <param name="DeviceId">The id the channel is bound to; every later message is about this device only.</param>
/// <param name="ProbeIntervalMs">How often the server probes (informational).</param>
public sealed record WelcomeMessage(string DeviceId, long ProbeIntervalMs) : ControlMessage;

/// <summary>Device → server: the mapping result, after the first map, every remap and every reconnect.</summary>
/// <param name="Sequence">Increases with every report of this device's process; the server acknowledges it.</param>
/// <param name="Mapping">The mapping result.</param>
/// <param name="InstructionId">The instruction this report answers, when it follows a remap instruction.</param>
public sealed record ReportMessage(long Sequence, MappingReport Mapping, string? InstructionId = null) : ControlMessage;

/// <summary>Server → device: the report with this sequence number is stored.</summary>
/// <param name="Sequence">The acknowledged report's sequence number.</param>
public sealed record ReportAck(long Sequence) : ControlMessage;

/// <summary>
/// Server → device: the mapping failed a probe; map again (delete, then add) and report the result. A device that has
/// moved on already answers with its current mapping instead of tearing that one down: its mapping is no longer at
/// <paramref name="Endpoint"/> (it remapped on a gateway event while the probe ran), or it first reported that mapping
/// after <paramref name="ReportSequence"/> (it restored itself, often on the same endpoint, while this instruction was
/// on its way).
/// </summary>
/// <param name="InstructionId">Names this instruction; the report or failure that answers it repeats it.</param>
/// <param name="Reason">Why, for logs: the probe outcome and its detail.</param>
/// <param name="Endpoint">The published endpoint (<c>ip:port</c>) whose probe failed; null from servers that do not say.</param>
/// <param name="ReportSequence">The sequence number of the report whose mapping failed the probe; null from servers that do not say.</param>
public sealed record RemapInstruction(string InstructionId, string Reason, string? Endpoint = null, long? ReportSequence = null) : ControlMessage;

/// <summary>Device → server: the remap an instruction asked for failed.</summary>
/// <param name="InstructionId">The instruction.</param>
/// <param name="Error">What went wrong (e.g. the UPnP error code and description).</param>
public sealed record RemapFailed(string InstructionId, string Error) : ControlMessage;

/// <summary>
/// Device → server, the event fast path: the device saw its gateway signal a change (a GENA ExternalIPAddress change,
/// a new SSDP BOOTID, ConnectionStatus back to Connected), so the server probes it at once instead of at the next tick.
/// </summary>
/// <param name="Kind">One of <see cref="GatewaySignalKinds"/>.</param>
/// <param name="Detail">The new value (address, BOOTID, status), for logs.</param>
public sealed record GatewaySignal(string Kind, string? Detail = null) : ControlMessage;

/// <summary>Server → device: the last frame before the server closes the channel, or a rejected message.</summary>
/// <param name="Code">One of <see cref="ControlErrorCodes"/>.</param>
/// <param name="Message">A plain explanation.</param>
public sealed record ControlError(string Code, string Message) : ControlMessage;

/// <summary>
/// A device's mapping result as reported to the server: where the outside world reaches the device's service.
/// </summary>
/// <param name="ExternalAddress">The gateway's WAN address (IPv4 or IPv6 text).</param>
/// <param name="ExternalPort">The external port, 1-65535.</param>
/// <param name="Protocol">The protocol; <c>"TCP"</c> or <c>"UDP"</c> on the wire.</param>
/// <param name="InternalAddress">The device's own address.</param>
/// <param name="InternalPort">The service's port on the device.</param>
/// <param name="LeaseSeconds">The lease the gateway granted; 0 is permanent.</param>
public sealed record MappingReport(
    string ExternalAddress,
    int ExternalPort,
    [property: JsonConverter(typeof(MappingProtocolJsonConverter))] MappingProtocol Protocol,
    string InternalAddress,
    int InternalPort,
    uint LeaseSeconds);

/// <summary>The values of <see cref="GatewaySignal.Kind"/>.</summary>
public static class GatewaySignalKinds
{
    /// <summary>The gateway evented a new ExternalIPAddress.</summary>
    public const string ExternalAddressChanged = "external-address-changed";

    /// <summary>The gateway announced a new BOOTID.UPNP.ORG (it rebooted).</summary>
    public const string Rebooted = "rebooted";

    /// <summary>The gateway's ConnectionStatus returned to Connected.</summary>
    public const string Reconnected = "reconnected";
}

/// <summary>The values of <see cref="ControlError.Code"/>.</summary>
public static class ControlErrorCodes
{
    /// <summary>The device is not registered, or its proof does not match its key. The channel closes.</summary>
    public const string AuthenticationFailed = "authentication-failed";

    /// <summary>A frame that is not a valid message, or a message that is not allowed now.</summary>
    public const string BadMessage = "bad-message";

    /// <summary>The report's fields are out of range (bad address, port, protocol). Nothing was stored.</summary>
    public const string BadReport = "bad-report";

    /// <summary>Another channel for the same device replaced this one. The channel closes.</summary>
    public const string Replaced = "replaced";
}
