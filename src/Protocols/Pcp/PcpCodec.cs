using System.Buffers.Binary;
using System.Net;

namespace IgdLab.Protocols.Pcp;

/// <summary>A datagram read by a PCP server: a request to serve, one to drop silently, or one to refuse with a result.</summary>
/// <param name="Request">The request, when it can be served.</param>
/// <param name="Refusal">The result to answer with when it cannot; null for a request and for a silent drop.</param>
/// <param name="Why">Why it was dropped or refused, in a few words (for counters and logs); null for a request.</param>
public readonly record struct PcpRead(PcpRequest? Request, PcpResultCode? Refusal, string? Why)
{
    /// <summary>Whether the datagram is dropped without an answer.</summary>
    public bool IsDropped => Request is null && Refusal is null;
}

/// <summary>
/// PCP's wire format (RFC 6887 §7, §11, §12), both ways: requests a client writes and a server reads, responses and
/// announcements a server writes and a client reads. Validation follows the server's order in RFC 6887 §8.3.
/// </summary>
public static class PcpCodec
{
    /// <summary>PCP's version byte.</summary>
    public const byte Version = 2;

    /// <summary>The R bit: set in responses.</summary>
    public const byte ResponseBit = 0x80;

    /// <summary>The common header's length, request and response.</summary>
    public const int HeaderLength = 24;

    /// <summary>The MAP opcode's body length.</summary>
    public const int MapBodyLength = 36;

    /// <summary>The PEER opcode's body length.</summary>
    public const int PeerBodyLength = 56;

    /// <summary>How long a client should wait before retrying after a long lifetime error (RFC 6887 §7.4: 30 minutes).</summary>
    public const uint LongErrorLifetimeSeconds = 1800;

    /// <summary>How long a client should wait before retrying after a short lifetime error (30 seconds).</summary>
    public const uint ShortErrorLifetimeSeconds = 30;

    /// <summary>The request as bytes.</summary>
    public static byte[] Write(PcpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var bytes = new byte[HeaderLength + BodyLength(request.Opcode) + OptionsLength(request.Options)];
        bytes[0] = Version;
        bytes[1] = (byte)request.Opcode;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), request.LifetimeSeconds);
        PcpAddress.Write(request.ClientAddress, bytes.AsSpan(8));
        WriteBody(bytes.AsSpan(HeaderLength), request.Opcode, request.Mapping, request.RemotePeer);
        WriteOptions(bytes.AsSpan(HeaderLength + BodyLength(request.Opcode)), request.Options);
        return bytes;
    }

    /// <summary>The response (or announcement) as bytes.</summary>
    public static byte[] Write(PcpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = response.Mapping is null && response.Opcode != PcpOpcode.Announce ? 0 : BodyLength(response.Opcode);
        var bytes = new byte[HeaderLength + body + OptionsLength(response.Options)];
        bytes[0] = Version;
        bytes[1] = (byte)(ResponseBit | (byte)response.Opcode);
        bytes[3] = (byte)response.Result;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), response.LifetimeSeconds);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8), response.EpochSeconds);
        if (body > 0)
        {
            WriteBody(bytes.AsSpan(HeaderLength), response.Opcode, response.Mapping, response.RemotePeer);
        }

        WriteOptions(bytes.AsSpan(HeaderLength + body), response.Options);
        return bytes;
    }

    /// <summary>
    /// Reads a datagram sent to a PCP server (RFC 6887 §8.3): under 2 bytes or with the R bit set it is dropped; an
    /// unknown version, a length over 1100 bytes or not a multiple of 4, an unknown opcode, a body too short for its
    /// opcode, a malformed or repeated option and an unknown mandatory option are refused with their result codes.
    /// </summary>
    public static PcpRead ReadRequest(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < 2)
        {
            return new PcpRead(null, null, "shorter than 2 bytes");
        }

        if ((datagram[1] & ResponseBit) != 0)
        {
            return new PcpRead(null, null, "a response, not a request");
        }

        if (datagram[0] != Version)
        {
            return Refuse(PcpResultCode.UnsuppVersion, $"version {datagram[0]}");
        }

        if (datagram.Length > PortControlWire.MaxMessageLength || datagram.Length % 4 != 0 || datagram.Length < HeaderLength)
        {
            return Refuse(PcpResultCode.MalformedRequest, $"{datagram.Length} bytes");
        }

        var opcode = (PcpOpcode)datagram[1];
        if (opcode is not (PcpOpcode.Announce or PcpOpcode.Map or PcpOpcode.Peer))
        {
            return Refuse(PcpResultCode.UnsuppOpcode, $"opcode {datagram[1]}");
        }

        var bodyLength = BodyLength(opcode);
        if (datagram.Length < HeaderLength + bodyLength)
        {
            return Refuse(PcpResultCode.MalformedRequest, $"{opcode} with {datagram.Length} bytes");
        }

        var (mapping, peer) = ReadBody(datagram.Slice(HeaderLength, bodyLength), opcode);
        if (mapping is { Protocol: PcpProtocolNumbers.All, InternalPort: not 0 })
        {
            return Refuse(PcpResultCode.MalformedRequest, "protocol 0 with an internal port");
        }

        if (!TryReadOptions(datagram[(HeaderLength + bodyLength)..], out var options, out var optionError, out var why))
        {
            return Refuse(optionError, why!);
        }

        if (options.FirstOrDefault(o => o.IsMandatory && !Allows(opcode, o.Code)) is { } unknown)
        {
            return Refuse(PcpResultCode.UnsuppOption, $"mandatory option {unknown.Code} with {opcode}");
        }

        var request = new PcpRequest(opcode, BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]), PcpAddress.Read(datagram[8..]))
        {
            Mapping = mapping,
            RemotePeer = peer,
            Options = options,
        };
        return new PcpRead(request, null, null);

        static PcpRead Refuse(PcpResultCode result, string why) => new(null, result, why);
    }

    /// <summary>
    /// The error response to a refused request (RFC 6887 §8.3): the request copied (at most 1100 bytes, padded to a
    /// multiple of 4 and to a whole header), with the R bit, the result, the error's lifetime and the epoch; the
    /// header's client address field becomes the response's zeroed reserved field.
    /// </summary>
    public static byte[] RefusalOf(ReadOnlySpan<byte> request, PcpResultCode result, uint epochSeconds)
    {
        var length = Math.Max(HeaderLength, Math.Min(request.Length, PortControlWire.MaxMessageLength) & ~3);
        var bytes = new byte[length];
        request[..Math.Min(request.Length, length)].CopyTo(bytes);
        bytes[0] = Version;
        bytes[1] = (byte)(ResponseBit | (bytes[1] & 0x7f));
        bytes[2] = 0;
        bytes[3] = (byte)result;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), IsShortLived(result) ? ShortErrorLifetimeSeconds : LongErrorLifetimeSeconds);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8), epochSeconds);
        bytes.AsSpan(12, 12).Clear();
        return bytes;
    }

    /// <summary>
    /// Reads a response (or an unsolicited ANNOUNCE) a client received. False, with the reason, for anything that is
    /// not a PCP version 2 response; an error response is read with whatever body it carries.
    /// </summary>
    public static bool TryReadResponse(ReadOnlySpan<byte> datagram, out PcpResponse? response, out string? why)
    {
        response = null;
        if (datagram.Length < HeaderLength || datagram.Length > PortControlWire.MaxMessageLength || datagram.Length % 4 != 0)
        {
            why = $"{datagram.Length} bytes";
            return false;
        }

        if (datagram[0] != Version)
        {
            why = $"version {datagram[0]}, not {Version}";
            return false;
        }

        if ((datagram[1] & ResponseBit) == 0)
        {
            why = "a request, not a response";
            return false;
        }

        var opcode = (PcpOpcode)(datagram[1] & 0x7f);
        var result = (PcpResultCode)datagram[3];
        var bodyLength = opcode is PcpOpcode.Map or PcpOpcode.Peer ? BodyLength(opcode) : 0;
        PcpMapping? mapping = null;
        IPEndPoint? peer = null;
        IReadOnlyList<PcpOption> options = [];
        if (bodyLength > 0 && datagram.Length >= HeaderLength + bodyLength)
        {
            (mapping, peer) = ReadBody(datagram.Slice(HeaderLength, bodyLength), opcode);
            if (!TryReadOptions(datagram[(HeaderLength + bodyLength)..], out options, out _, out why) && result == PcpResultCode.Success)
            {
                return false;
            }
        }
        else if (bodyLength > 0 && result == PcpResultCode.Success)
        {
            why = $"a successful {opcode} of {datagram.Length} bytes";
            return false;
        }

        response = new PcpResponse(opcode, result, BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]), BinaryPrimitives.ReadUInt32BigEndian(datagram[8..]))
        {
            Mapping = mapping,
            RemotePeer = peer,
            Options = options,
        };
        why = null;
        return true;
    }

    /// <summary>Whether <paramref name="result"/> is a short lifetime error (RFC 6887 §7.4): worth retrying soon.</summary>
    public static bool IsShortLived(PcpResultCode result) =>
        result is PcpResultCode.NetworkFailure or PcpResultCode.NoResources or PcpResultCode.UserExQuota or PcpResultCode.CannotProvideExternal;

    private static int BodyLength(PcpOpcode opcode) => opcode switch
    {
        PcpOpcode.Map => MapBodyLength,
        PcpOpcode.Peer => PeerBodyLength,
        _ => 0,
    };

    // The options each opcode may carry (RFC 6887 §13): MAP all three, PEER THIRD_PARTY only.
    private static bool Allows(PcpOpcode opcode, byte code) => opcode switch
    {
        PcpOpcode.Map => code is PcpOptionCodes.ThirdParty or PcpOptionCodes.PreferFailure or PcpOptionCodes.Filter,
        PcpOpcode.Peer => code is PcpOptionCodes.ThirdParty,
        _ => false,
    };

    private static void WriteBody(Span<byte> body, PcpOpcode opcode, PcpMapping? mapping, IPEndPoint? peer)
    {
        if (opcode is not (PcpOpcode.Map or PcpOpcode.Peer))
        {
            return;
        }

        ArgumentNullException.ThrowIfNull(mapping);
        BinaryPrimitives.WriteUInt64BigEndian(body, mapping.Nonce.High);
        BinaryPrimitives.WriteUInt32BigEndian(body[8..], mapping.Nonce.Low);
        body[12] = mapping.Protocol;
        BinaryPrimitives.WriteUInt16BigEndian(body[16..], mapping.InternalPort);
        BinaryPrimitives.WriteUInt16BigEndian(body[18..], mapping.ExternalPort);
        PcpAddress.Write(mapping.ExternalAddress, body[20..]);
        if (opcode == PcpOpcode.Peer)
        {
            ArgumentNullException.ThrowIfNull(peer);
            BinaryPrimitives.WriteUInt16BigEndian(body[36..], (ushort)peer.Port);
            PcpAddress.Write(peer.Address, body[40..]);
        }
    }

    private static (PcpMapping? Mapping, IPEndPoint? Peer) ReadBody(ReadOnlySpan<byte> body, PcpOpcode opcode)
    {
        if (opcode is not (PcpOpcode.Map or PcpOpcode.Peer))
        {
            return (null, null);
        }

        var mapping = new PcpMapping(
            new PcpNonce(BinaryPrimitives.ReadUInt64BigEndian(body), BinaryPrimitives.ReadUInt32BigEndian(body[8..])),
            body[12],
            BinaryPrimitives.ReadUInt16BigEndian(body[16..]),
            BinaryPrimitives.ReadUInt16BigEndian(body[18..]),
            PcpAddress.Read(body[20..]));
        var peer = opcode == PcpOpcode.Peer
            ? new IPEndPoint(PcpAddress.Read(body[40..]), BinaryPrimitives.ReadUInt16BigEndian(body[36..]))
            : null;
        return (mapping, peer);
    }

    private static int OptionsLength(IReadOnlyList<PcpOption> options) => options.Sum(o => 4 + Padded(o.Data.Length));

    private static int Padded(int length) => (length + 3) & ~3;

    private static void WriteOptions(Span<byte> bytes, IReadOnlyList<PcpOption> options)
    {
        foreach (var option in options)
        {
            bytes[0] = option.Code;
            BinaryPrimitives.WriteUInt16BigEndian(bytes[2..], (ushort)option.Data.Length);
            option.Data.CopyTo(bytes[4..]);
            bytes = bytes[(4 + Padded(option.Data.Length))..];
        }
    }

    // Known options must have their length (THIRD_PARTY 16, PREFER_FAILURE 0, FILTER 20) and THIRD_PARTY and
    // PREFER_FAILURE may appear once (RFC 6887 §13); an option running past the datagram is malformed.
    private static bool TryReadOptions(ReadOnlySpan<byte> bytes, out IReadOnlyList<PcpOption> options, out PcpResultCode error, out string? why)
    {
        var read = new List<PcpOption>();
        options = read;
        error = PcpResultCode.MalformedOption;
        while (bytes.Length > 0)
        {
            if (bytes.Length < 4)
            {
                why = "an option header cut short";
                return false;
            }

            var code = bytes[0];
            var length = BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]);
            if (4 + Padded(length) > bytes.Length)
            {
                why = $"option {code} of {length} bytes runs past the datagram";
                return false;
            }

            var expected = code switch
            {
                PcpOptionCodes.ThirdParty => 16,
                PcpOptionCodes.PreferFailure => 0,
                PcpOptionCodes.Filter => 20,
                _ => -1,
            };
            if (expected >= 0 && length != expected)
            {
                why = $"option {code} of {length} bytes, not {expected}";
                return false;
            }

            if (code is PcpOptionCodes.ThirdParty or PcpOptionCodes.PreferFailure && read.Any(o => o.Code == code))
            {
                why = $"option {code} twice";
                return false;
            }

            read.Add(new PcpOption(code, bytes.Slice(4, length).ToArray()));
            bytes = bytes[(4 + Padded(length))..];
        }

        why = null;
        return true;
    }
}
