using System.Net;

namespace IgdLab.Igd.Forwarding;

/// <summary>
/// The carrier-grade NAT in front of a router whose profile says <c>wanSide: cgnat</c>: the router's WAN side gets an
/// address from the shared space 100.64.0.0/10 (RFC 6598), which no host on the Internet can reach.
/// </summary>
internal static class CarrierGradeNat
{
    /// <summary>
    /// The shared address a router with the (loopback) WAN address <paramref name="wanAddress"/> reports: derived from
    /// its last three bytes, so every gateway of a world reports a different one and the same run reports the same one.
    /// </summary>
    public static IPAddress SharedAddressOf(IPAddress wanAddress)
    {
        ArgumentNullException.ThrowIfNull(wanAddress);
        var bytes = wanAddress.MapToIPv4().GetAddressBytes();
        return new IPAddress([100, (byte)(64 + (bytes[1] & 63)), bytes[2], bytes[3]]);
    }
}
