namespace IgdLab.Protocols.NatPmp;

/// <summary>NAT-PMP request opcodes (RFC 6886 §3); a response carries 128 + the request's opcode.</summary>
public enum NatPmpOpcode : byte
{
    /// <summary>Ask for the gateway's external IPv4 address; also the form of an address-change announcement.</summary>
    ExternalAddress = 0,

    /// <summary>Create, renew or (lifetime 0) delete a UDP mapping.</summary>
    MapUdp = 1,

    /// <summary>Create, renew or (lifetime 0) delete a TCP mapping.</summary>
    MapTcp = 2,
}
