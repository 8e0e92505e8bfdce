namespace IgdLab.Protocols.Pcp;

/// <summary>PCP opcodes (RFC 6887 §7.1, IANA); the R bit (128) marks a response.</summary>
public enum PcpOpcode : byte
{
    /// <summary>ANNOUNCE: a server's restart or change, or a client's question whether a server is there.</summary>
    Announce = 0,

    /// <summary>MAP: an inbound mapping (a port forward).</summary>
    Map = 1,

    /// <summary>PEER: an outbound mapping to one remote peer.</summary>
    Peer = 2,
}
