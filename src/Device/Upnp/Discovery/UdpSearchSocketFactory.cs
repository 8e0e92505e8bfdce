using System.Net;

namespace IgdLab.Device.Upnp.Discovery;

/// <summary>Opens real IPv4 UDP search sockets.</summary>
internal sealed class UdpSearchSocketFactory : ISsdpSearchSocketFactory
{
    /// <summary>The one instance.</summary>
    public static readonly UdpSearchSocketFactory Instance = new();

    private UdpSearchSocketFactory()
    {
    }

    /// <inheritdoc/>
    public ISsdpSearchSocket Open(IPAddress localAddress, bool multicast, int multicastTimeToLive) =>
        UdpSearchSocket.Open(localAddress, multicast, multicastTimeToLive);
}
