using System.Net;

namespace IgdLab.Igd.Ssdp;

/// <summary>Opens real UDP sockets.</summary>
internal sealed class UdpSsdpSocketFactory : ISsdpSocketFactory
{
    /// <summary>The shared instance; the factory holds no state.</summary>
    public static readonly UdpSsdpSocketFactory Instance = new();

    /// <inheritdoc/>
    public ISsdpSocket Open(IPAddress lanAddress, int port, bool multicast) =>
        multicast ? UdpSsdpSocket.OpenMulticast(lanAddress, port) : UdpSsdpSocket.OpenUnicast(lanAddress, port);
}
