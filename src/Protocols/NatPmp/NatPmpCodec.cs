using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace IgdLab.Protocols.NatPmp;

/// <summary>What a gateway does with a datagram it read as NAT-PMP.</summary>
public enum NatPmpReadOutcome
{
    /// <summary>A request to serve.</summary>
    Request,

    /// <summary>Not to be answered: a response (opcode of 128 or more), or too short for its opcode.</summary>
    Ignore,

    /// <summary>Answer with <see cref="NatPmpResultCode.UnsupportedVersion"/>.</summary>
    UnsupportedVersion,

    /// <summary>Answer with <see cref="NatPmpResultCode.UnsupportedOpcode"/>: the request echoed, marked a response.</summary>
    UnsupportedOpcode,
}

/// <summary>A datagram read by a gateway: what to do with it and, for a request, the request.</summary>
/// <param name="Outcome">What to do.</param>
/// <param name="Request">The request, when <paramref name="Outcome"/> is <see cref="NatPmpReadOutcome.Request"/>.</param>
/// <param name="Why">Why it was not a request, in a few words (for counters and logs); null for a request.</param>
public readonly record struct NatPmpRead(NatPmpReadOutcome Outcome, NatPmpRequest? Request, string? Why);

/// <summary>
/// NAT-PMP's wire format (RFC 6886 §3), both ways: requests a client writes and a gateway reads, responses a gateway
/// writes and a client reads. All fields are big-endian; nothing here keeps state.
/// </summary>
public static class NatPmpCodec
{
    /// <summary>NAT-PMP's version byte.</summary>
    public const byte Version = 0;

    /// <summary>Added to a request's opcode in its response.</summary>
    public const byte ResponseBit = 128;

    /// <summary>The recommended mapping lifetime (RFC 6886 §3.3): two hours.</summary>
    public const uint RecommendedLifetimeSeconds = 7200;

    private const int ExternalAddressRequestLength = 2;
    private const int MapRequestLength = 12;
    private const int ExternalAddressResponseLength = 12;
    private const int MapResponseLength = 16;
    private const int ErrorResponseLength = 8;

    /// <summary>The request as bytes.</summary>
    public static byte[] Write(NatPmpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        switch (request)
        {
            case NatPmpExternalAddressRequest:
                return [Version, (byte)NatPmpOpcode.ExternalAddress];
            case NatPmpMapRequest map:
                var bytes = new byte[MapRequestLength];
                bytes[0] = Version;
                bytes[1] = (byte)MapOpcode(map.Protocol);
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(4), map.InternalPort);
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(6), map.SuggestedExternalPort);
                BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8), map.LifetimeSeconds);
                return bytes;
            default:
                throw new ArgumentException($"unknown NAT-PMP request {request.GetType().Name}", nameof(request));
        }
    }

    /// <summary>The response as bytes.</summary>
    public static byte[] Write(NatPmpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        byte[] bytes;
        switch (response)
        {
            case NatPmpExternalAddressResponse external:
                bytes = Header(ExternalAddressResponseLength, ResponseBit + (byte)NatPmpOpcode.ExternalAddress, response);
                if (external.ExternalAddress.AddressFamily != AddressFamily.InterNetwork)
                {
                    throw new ArgumentException("NAT-PMP carries IPv4 external addresses only", nameof(response));
                }

                external.ExternalAddress.TryWriteBytes(bytes.AsSpan(8), out _);
                return bytes;
            case NatPmpMapResponse map:
                bytes = Header(MapResponseLength, (byte)(ResponseBit + (byte)MapOpcode(map.Protocol)), response);
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(8), map.InternalPort);
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(10), map.ExternalPort);
                BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(12), map.LifetimeSeconds);
                return bytes;
            case NatPmpErrorResponse error:
                return Header(ErrorResponseLength, error.Opcode, response);
            default:
                throw new ArgumentException($"unknown NAT-PMP response {response.GetType().Name}", nameof(response));
        }
    }

    /// <summary>
    /// Reads a datagram sent to the gateway as NAT-PMP (RFC 6886 §3.5): an opcode of 128 or more is a response and is
    /// ignored; a version other than 0 is answered <see cref="NatPmpReadOutcome.UnsupportedVersion"/>; an opcode other
    /// than 0, 1 and 2 <see cref="NatPmpReadOutcome.UnsupportedOpcode"/>. Bytes after a request are ignored.
    /// </summary>
    public static NatPmpRead ReadRequest(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < 2)
        {
            return new NatPmpRead(NatPmpReadOutcome.Ignore, null, "shorter than 2 bytes");
        }

        if (datagram[1] >= ResponseBit)
        {
            return new NatPmpRead(NatPmpReadOutcome.Ignore, null, "a response, not a request");
        }

        if (datagram[0] != Version)
        {
            return new NatPmpRead(NatPmpReadOutcome.UnsupportedVersion, null, $"version {datagram[0]}");
        }

        switch ((NatPmpOpcode)datagram[1])
        {
            case NatPmpOpcode.ExternalAddress:
                return new NatPmpRead(NatPmpReadOutcome.Request, new NatPmpExternalAddressRequest(), null);
            case NatPmpOpcode.MapUdp or NatPmpOpcode.MapTcp when datagram.Length < MapRequestLength:
                return new NatPmpRead(NatPmpReadOutcome.Ignore, null, $"a mapping request of {datagram.Length} bytes, not {MapRequestLength}");
            case NatPmpOpcode.MapUdp or NatPmpOpcode.MapTcp:
                var request = new NatPmpMapRequest(
                    datagram[1] == (byte)NatPmpOpcode.MapTcp ? MappingProtocol.Tcp : MappingProtocol.Udp,
                    BinaryPrimitives.ReadUInt16BigEndian(datagram[4..]),
                    BinaryPrimitives.ReadUInt16BigEndian(datagram[6..]),
                    BinaryPrimitives.ReadUInt32BigEndian(datagram[8..]));
                return new NatPmpRead(NatPmpReadOutcome.Request, request, null);
            default:
                return new NatPmpRead(NatPmpReadOutcome.UnsupportedOpcode, null, $"opcode {datagram[1]}");
        }
    }

    /// <summary>
    /// The answer to a request <see cref="ReadRequest"/> refused: for an unsupported version the 8-byte error
    /// (opcode 128, RFC 6886 erratum 3618); for an unsupported opcode the request echoed with the response bit set and
    /// the result in bytes 2–3 (RFC 6886 §3.5), at least 8 bytes with the epoch.
    /// </summary>
    public static byte[] RefusalOf(ReadOnlySpan<byte> request, NatPmpReadOutcome outcome, uint epochSeconds)
    {
        switch (outcome)
        {
            case NatPmpReadOutcome.UnsupportedVersion:
                return Write(new NatPmpErrorResponse(NatPmpResultCode.UnsupportedVersion, epochSeconds, ResponseBit));
            case NatPmpReadOutcome.UnsupportedOpcode:
                var echo = new byte[Math.Clamp(request.Length, ErrorResponseLength, PortControlWire.MaxMessageLength)];
                request[..Math.Min(request.Length, echo.Length)].CopyTo(echo);
                echo[1] |= ResponseBit;
                BinaryPrimitives.WriteUInt16BigEndian(echo.AsSpan(2), (ushort)NatPmpResultCode.UnsupportedOpcode);
                BinaryPrimitives.WriteUInt32BigEndian(echo.AsSpan(4), epochSeconds);
                return echo;
            default:
                throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "only unsupported versions and opcodes are answered");
        }
    }

    /// <summary>
    /// Reads a response (or an announcement) a client received. False, with the reason, for anything that is not a
    /// well-formed NAT-PMP response; a response with a non-success result is read with whatever fields it carries.
    /// </summary>
    public static bool TryReadResponse(ReadOnlySpan<byte> datagram, out NatPmpResponse? response, out string? why)
    {
        response = null;
        if (datagram.Length < ErrorResponseLength)
        {
            why = $"{datagram.Length} bytes, shorter than any response";
            return false;
        }

        if (datagram[0] != Version)
        {
            why = $"version {datagram[0]}, not {Version}";
            return false;
        }

        if (datagram[1] < ResponseBit)
        {
            why = $"opcode {datagram[1]}: a request, not a response";
            return false;
        }

        var result = (NatPmpResultCode)BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        var epoch = BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]);
        var opcode = (byte)(datagram[1] - ResponseBit);
        switch (opcode)
        {
            case (byte)NatPmpOpcode.ExternalAddress when datagram.Length >= ExternalAddressResponseLength:
                response = new NatPmpExternalAddressResponse(result, epoch, new IPAddress(datagram.Slice(8, 4)));
                break;
            case (byte)NatPmpOpcode.MapUdp or (byte)NatPmpOpcode.MapTcp when datagram.Length >= MapResponseLength:
                response = new NatPmpMapResponse(
                    result,
                    epoch,
                    opcode == (byte)NatPmpOpcode.MapTcp ? MappingProtocol.Tcp : MappingProtocol.Udp,
                    BinaryPrimitives.ReadUInt16BigEndian(datagram[8..]),
                    BinaryPrimitives.ReadUInt16BigEndian(datagram[10..]),
                    BinaryPrimitives.ReadUInt32BigEndian(datagram[12..]));
                break;
            default:
                if (result == NatPmpResultCode.Success)
                {
                    why = $"opcode {datagram[1]} with {datagram.Length} bytes";
                    return false;
                }

                response = new NatPmpErrorResponse(result, epoch, datagram[1]);
                break;
        }

        why = null;
        return true;
    }

    /// <summary>The map opcode of <paramref name="protocol"/>.</summary>
    public static NatPmpOpcode MapOpcode(MappingProtocol protocol) => protocol switch
    {
        MappingProtocol.Udp => NatPmpOpcode.MapUdp,
        MappingProtocol.Tcp => NatPmpOpcode.MapTcp,
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "unknown protocol"),
    };

    private static byte[] Header(int length, int opcode, NatPmpResponse response)
    {
        var bytes = new byte[length];
        bytes[0] = Version;
        bytes[1] = (byte)opcode;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)response.Result);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), response.EpochSeconds);
        return bytes;
    }
}
