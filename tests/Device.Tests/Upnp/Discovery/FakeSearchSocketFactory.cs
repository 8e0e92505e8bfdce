using System.Net;
using IgdLab.Device.Upnp.Discovery;

namespace IgdLab.Device.Tests.Upnp.Discovery;

/// <summary>
/// Stands in for real sockets: records every datagram "sent" (multicast ones included, which host tests must never
/// really send) and delivers replies the test injects.
/// </summary>
internal sealed class FakeSearchSocketFactory : ISsdpSearchSocketFactory
{
    public FakeSearchSocket? Socket { get; private set; }

    public (IPAddress LocalAddress, bool Multicast, int TimeToLive)? Opened { get; private set; }

    /// <summary>Makes every send fail as an unroutable destination would.</summary>
    public bool FailSends { get; init; }

    public ISsdpSearchSocket Open(IPAddress localAddress, bool multicast, int multicastTimeToLive)
    {
        Opened = (localAddress, multicast, multicastTimeToLive);
        Socket = new FakeSearchSocket(new IPEndPoint(localAddress, 50000), FailSends);
        return Socket;
    }
}
