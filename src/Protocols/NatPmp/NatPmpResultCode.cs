namespace IgdLab.Protocols.NatPmp;

/// <summary>NAT-PMP result codes (RFC 6886 §3.5).</summary>
public enum NatPmpResultCode : ushort
{
    /// <summary>Success.</summary>
    Success = 0,

    /// <summary>The request's version is not 0.</summary>
    UnsupportedVersion = 1,

    /// <summary>Not authorized or refused (e.g. the box supports mapping but the user turned it off).</summary>
    NotAuthorized = 2,

    /// <summary>Network failure (e.g. the gateway has no external address yet).</summary>
    NetworkFailure = 3,

    /// <summary>Out of resources (the gateway cannot create more mappings).</summary>
    OutOfResources = 4,

    /// <summary>Unsupported opcode.</summary>
    UnsupportedOpcode = 5,
}
