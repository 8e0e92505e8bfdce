using System.Net;
using IgdLab.Contracts;
using IgdLab.Contracts.InProcess;

namespace IgdLab.Device.Upnp.Discovery;

/// <summary>
/// Opens real IPv4 UDP search sockets, or, in a flow on an in-process network (<see cref="NetworkScope.InProcessNetwork"/>,
/// a device of a world on the simulated network), unicast search sockets there: its gateways answer in memory. The
/// network has no multicast group, so a multicast search always goes to the kernel.
/// </summary>
internal sealed class UdpSearchSocketFactory : ISsdpSearchSocketFactory
{
    /// <summary>The one instance.</summary>
    public static readonly UdpSearchSocketFactory Instance = new();

    private UdpSearchSocketFactory()
    {
    }

    /// <inheritdoc/>
    public ISsdpSearchSocket Open(IPAddress localAddress, bool multicast, int multicastTimeToLive) =>
        !multicast && NetworkScope.InProcessNetwork is { } network
            ? new InProcessSearchSocket(InProcessDatagramSocket.Bind(network, new IPEndPoint(localAddress, 0)))
            : UdpSearchSocket.Open(localAddress, multicast, multicastTimeToLive);
}
