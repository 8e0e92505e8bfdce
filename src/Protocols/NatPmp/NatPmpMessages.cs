using System.Net;

namespace IgdLab.Protocols.NatPmp;

/// <summary>A NAT-PMP request, as a client sends it.</summary>
public abstract record NatPmpRequest;

/// <summary>Asks for the gateway's external address (opcode 0).</summary>
public sealed record NatPmpExternalAddressRequest : NatPmpRequest;

/// <summary>
/// Creates or renews a mapping of <paramref name="InternalPort"/> (opcodes 1 and 2); a lifetime of 0 deletes it (and
/// with internal port 0, every mapping of the protocol the client has).
/// </summary>
/// <param name="Protocol">UDP (opcode 1) or TCP (opcode 2).</param>
/// <param name="InternalPort">The client's port.</param>
/// <param name="SuggestedExternalPort">The external port the client would like; 0 for no preference.</param>
/// <param name="LifetimeSeconds">Requested lifetime; 7200 recommended; 0 deletes.</param>
public sealed record NatPmpMapRequest(MappingProtocol Protocol, ushort InternalPort, ushort SuggestedExternalPort, uint LifetimeSeconds) : NatPmpRequest;

/// <summary>A NAT-PMP response, as a gateway sends it.</summary>
/// <param name="Result">The result code; other fields are undefined unless it is success.</param>
/// <param name="EpochSeconds">Seconds since the gateway's mapping state began (reset when it loses its mappings).</param>
public abstract record NatPmpResponse(NatPmpResultCode Result, uint EpochSeconds);

/// <summary>The gateway's external address (opcode 128); sent unasked to announce an address change.</summary>
public sealed record NatPmpExternalAddressResponse(NatPmpResultCode Result, uint EpochSeconds, IPAddress ExternalAddress)
    : NatPmpResponse(Result, EpochSeconds);

/// <summary>The mapping the gateway made, renewed or deleted (opcodes 129 and 130).</summary>
/// <param name="Result">The result code.</param>
/// <param name="EpochSeconds">Seconds since the gateway's mapping state began.</param>
/// <param name="Protocol">UDP (129) or TCP (130).</param>
/// <param name="InternalPort">The client's port, as requested.</param>
/// <param name="ExternalPort">The external port mapped (0 after a delete).</param>
/// <param name="LifetimeSeconds">The lifetime granted (0 after a delete).</param>
public sealed record NatPmpMapResponse(
    NatPmpResultCode Result, uint EpochSeconds, MappingProtocol Protocol, ushort InternalPort, ushort ExternalPort, uint LifetimeSeconds)
    : NatPmpResponse(Result, EpochSeconds);

/// <summary>A response to a request the gateway could not take: an unsupported version or opcode (8 bytes or an echo).</summary>
/// <param name="Result">Why.</param>
/// <param name="EpochSeconds">Seconds since the gateway's mapping state began.</param>
/// <param name="Opcode">The response opcode (128 + the request's).</param>
public sealed record NatPmpErrorResponse(NatPmpResultCode Result, uint EpochSeconds, byte Opcode) : NatPmpResponse(Result, EpochSeconds);
