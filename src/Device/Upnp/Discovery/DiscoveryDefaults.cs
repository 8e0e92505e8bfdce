using System.Net;

namespace IgdLab.Device.Upnp.Discovery;

/// <summary>The defaults of <see cref="DiscoveryOptions"/> and <see cref="IgdLocatorOptions"/> in one place.</summary>
public static class DiscoveryDefaults
{
    /// <summary>The well-known SSDP port.</summary>
    public const int SsdpPort = 1900;

    /// <summary>MX 2: what miniupnpc and tailscale send; devices answer a multicast search within 2 s.</summary>
    public const int Mx = 2;

    /// <summary>TTL 2, as UDA 1.1 recommends for multicast searches.</summary>
    public const int MulticastTimeToLive = 2;

    /// <summary>16 descriptions per search: far more than one LAN has gateways, few enough that a flood cannot fan out.</summary>
    public const int MaxDescriptions = 16;

    /// <summary>3 seconds of collecting replies: MX 2 plus a second for slow routers and the network.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    /// <summary>The IPv4 SSDP group, 239.255.255.250.</summary>
    public static IPAddress MulticastGroup => IPAddress.Parse("239.255.255.250");
}
