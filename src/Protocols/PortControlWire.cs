using System.Net;

namespace IgdLab.Protocols;

/// <summary>
/// What NAT-PMP (RFC 6886) and PCP (RFC 6887) share on the wire: one server port on the gateway, told apart by the
/// first byte (NAT-PMP is version 0, PCP version 2), and one announcement port on the clients.
/// </summary>
public static class PortControlWire
{
    /// <summary>The UDP port a gateway's NAT-PMP and PCP server listens on.</summary>
    public const int ServerPort = 5351;

    /// <summary>The UDP port clients listen on for the gateway's announcements (address changes, restarts).</summary>
    public const int AnnouncePort = 5350;

    /// <summary>The all-hosts group announcements are sent to on a LAN.</summary>
    public static readonly IPAddress AnnounceGroup = IPAddress.Parse("224.0.0.1");

    /// <summary>The largest PCP message (RFC 6887 §7); nothing longer is read, of either protocol.</summary>
    public const int MaxMessageLength = 1100;

    /// <summary>Whether a datagram's first byte says NAT-PMP (version 0) rather than PCP (any other version).</summary>
    public static bool IsNatPmp(ReadOnlySpan<byte> datagram) => datagram.Length > 0 && datagram[0] == NatPmp.NatPmpCodec.Version;
}
