namespace IgdLab.Protocols.Pcp;

/// <summary>PCP result codes (RFC 6887 §7.4).</summary>
public enum PcpResultCode : byte
{
    /// <summary>Success.</summary>
    Success = 0,

    /// <summary>The request's version is not supported (long lifetime error).</summary>
    UnsuppVersion = 1,

    /// <summary>The operation is disabled for this client or refused by policy (long lifetime error).</summary>
    NotAuthorized = 2,

    /// <summary>The request could not be parsed (long lifetime error).</summary>
    MalformedRequest = 3,

    /// <summary>Unsupported opcode (long lifetime error).</summary>
    UnsuppOpcode = 4,

    /// <summary>A mandatory-to-process option is not supported (long lifetime error).</summary>
    UnsuppOption = 5,

    /// <summary>An option appears too often or has a wrong length (long lifetime error).</summary>
    MalformedOption = 6,

    /// <summary>The server or the NAT is failing, e.g. has no external address (short lifetime error).</summary>
    NetworkFailure = 7,

    /// <summary>No resources for the mapping now (short lifetime error).</summary>
    NoResources = 8,

    /// <summary>Unsupported transport protocol (long lifetime error).</summary>
    UnsuppProtocol = 9,

    /// <summary>This user's quota of mappings is used up (short lifetime error).</summary>
    UserExQuota = 10,

    /// <summary>The suggested external port or address cannot be given and PREFER_FAILURE was asked (short lifetime error).</summary>
    CannotProvideExternal = 11,

    /// <summary>The client address in the header is not the datagram's source (NAT between client and server).</summary>
    AddressMismatch = 12,

    /// <summary>Too many remote peers in a FILTER request.</summary>
    ExcessiveRemotePeers = 13,
}
