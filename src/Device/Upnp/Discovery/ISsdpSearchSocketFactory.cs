using System.Net;

namespace IgdLab.Device.Upnp.Discovery;

/// <summary>
/// Opens search sockets. This is the seam for multicast: host tests substitute a fake that records what would go to
/// the group, and only a test inside its own network namespace lets <see cref="UdpSearchSocketFactory"/> send there.
/// </summary>
internal interface ISsdpSearchSocketFactory
{
    /// <summary>
    /// A socket bound to <paramref name="localAddress"/> on an ephemeral port; with <paramref name="multicast"/> it
    /// also sends multicast out of that address's interface with <paramref name="multicastTimeToLive"/>.
    /// </summary>
    ISsdpSearchSocket Open(IPAddress localAddress, bool multicast, int multicastTimeToLive);
}
