using System.Net;

namespace IgdLab.Protocols.Pcp;

/// <summary>A MAP or PEER request's 96-bit nonce: renewals and deletes must repeat the one that created the mapping.</summary>
/// <param name="High">The first 64 bits.</param>
/// <param name="Low">The last 32 bits.</param>
public readonly record struct PcpNonce(ulong High, uint Low)
{
    /// <summary>A nonce drawn from <paramref name="random"/> (seeded in tests and scenarios).</summary>
    public static PcpNonce Next(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Span<byte> bytes = stackalloc byte[12];
        random.NextBytes(bytes);
        return new PcpNonce(BitConverter.ToUInt64(bytes), BitConverter.ToUInt32(bytes[8..]));
    }

    /// <summary>Hex, as a person compares nonces in a log.</summary>
    public override string ToString() => $"{High:x16}{Low:x8}";

    /// <summary>Parses the 24 hex digits <see cref="ToString"/> writes.</summary>
    public static bool TryParse(string? text, out PcpNonce nonce)
    {
        nonce = default;
        if (text is not { Length: 24 }
            || !ulong.TryParse(text.AsSpan(0, 16), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var high)
            || !uint.TryParse(text.AsSpan(16), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var low))
        {
            return false;
        }

        nonce = new PcpNonce(high, low);
        return true;
    }
}

/// <summary>IANA protocol numbers a MAP or PEER names.</summary>
public static class PcpProtocolNumbers
{
    /// <summary>All protocols (MAP with internal port 0 only).</summary>
    public const byte All = 0;

    /// <summary>TCP.</summary>
    public const byte Tcp = 6;

    /// <summary>UDP.</summary>
    public const byte Udp = 17;

    /// <summary>The number of <paramref name="protocol"/>.</summary>
    public static byte Of(MappingProtocol protocol) => protocol switch
    {
        MappingProtocol.Tcp => Tcp,
        MappingProtocol.Udp => Udp,
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "unknown protocol"),
    };

    /// <summary>The mapping protocol numbered <paramref name="number"/>; false for 0 and for protocols IgdLab does not map.</summary>
    public static bool TryGet(byte number, out MappingProtocol protocol)
    {
        protocol = number == Udp ? MappingProtocol.Udp : MappingProtocol.Tcp;
        return number is Tcp or Udp;
    }
}

/// <summary>PCP option codes (RFC 6887 §13); codes below 128 are mandatory to process.</summary>
public static class PcpOptionCodes
{
    /// <summary>THIRD_PARTY: the mapping is for another internal host (16-byte address).</summary>
    public const byte ThirdParty = 1;

    /// <summary>PREFER_FAILURE: fail rather than give another port or address than suggested (no data).</summary>
    public const byte PreferFailure = 2;

    /// <summary>FILTER: only this remote prefix may use the mapping (20 bytes).</summary>
    public const byte Filter = 3;
}

/// <summary>One PCP option: its code and its data (without padding).</summary>
/// <param name="Code">The option code; below 128 the server must understand it or refuse the request.</param>
/// <param name="Data">The option's data.</param>
public sealed record PcpOption(byte Code, byte[] Data)
{
    /// <summary>Whether a server that does not know the option must refuse the request (UNSUPP_OPTION).</summary>
    public bool IsMandatory => Code < 128;

    /// <summary>A THIRD_PARTY option naming <paramref name="internalAddress"/>.</summary>
    public static PcpOption ThirdParty(IPAddress internalAddress) => new(PcpOptionCodes.ThirdParty, PcpAddress.ToBytes(internalAddress));

    /// <summary>A PREFER_FAILURE option.</summary>
    public static PcpOption PreferFailure() => new(PcpOptionCodes.PreferFailure, []);
}

/// <summary>The mapping fields MAP and PEER share (RFC 6887 §11.1, §12.1).</summary>
/// <param name="Nonce">The client's nonce.</param>
/// <param name="Protocol">The IANA protocol number (<see cref="PcpProtocolNumbers"/>).</param>
/// <param name="InternalPort">The client's port (0 with protocol 0: all ports).</param>
/// <param name="ExternalPort">Suggested (request) or assigned (response) external port; 0 for no preference.</param>
/// <param name="ExternalAddress">Suggested or assigned external address; <see cref="IPAddress.Any"/> for no preference.</param>
public sealed record PcpMapping(PcpNonce Nonce, byte Protocol, ushort InternalPort, ushort ExternalPort, IPAddress ExternalAddress);

/// <summary>A PCP request (RFC 6887 §7.1).</summary>
/// <param name="Opcode">ANNOUNCE, MAP or PEER.</param>
/// <param name="LifetimeSeconds">Requested lifetime; 0 deletes (and is what ANNOUNCE carries).</param>
/// <param name="ClientAddress">The client's own address as it sees it; the server compares it with the datagram's source.</param>
public sealed record PcpRequest(PcpOpcode Opcode, uint LifetimeSeconds, IPAddress ClientAddress)
{
    /// <summary>The MAP or PEER fields; null for ANNOUNCE.</summary>
    public PcpMapping? Mapping { get; init; }

    /// <summary>PEER's remote peer; null otherwise.</summary>
    public IPEndPoint? RemotePeer { get; init; }

    /// <summary>The options, in order.</summary>
    public IReadOnlyList<PcpOption> Options { get; init; } = [];
}

/// <summary>A PCP response (RFC 6887 §7.2), or a server's unsolicited ANNOUNCE.</summary>
/// <param name="Opcode">The request's opcode.</param>
/// <param name="Result">The result code.</param>
/// <param name="LifetimeSeconds">On success the mapping's lifetime; on an error how long the client should not retry.</param>
/// <param name="EpochSeconds">Seconds since the server's mapping state began; a drop tells a client the state was lost.</param>
public sealed record PcpResponse(PcpOpcode Opcode, PcpResultCode Result, uint LifetimeSeconds, uint EpochSeconds)
{
    /// <summary>The MAP or PEER fields (copied from the request on an error); null for ANNOUNCE or a short error.</summary>
    public PcpMapping? Mapping { get; init; }

    /// <summary>PEER's remote peer; null otherwise.</summary>
    public IPEndPoint? RemotePeer { get; init; }

    /// <summary>The options the server echoes or adds.</summary>
    public IReadOnlyList<PcpOption> Options { get; init; } = [];
}
