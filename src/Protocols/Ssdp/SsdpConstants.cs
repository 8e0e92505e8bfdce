using System.Net;

namespace IgdLab.Protocols.Ssdp;

/// <summary>The fixed names and numbers of SSDP (UDA 1.1 §1) that routers and control points share.</summary>
public static class SsdpConstants
{
    /// <summary>The well-known SSDP port.</summary>
    public const int Port = 1900;

    /// <summary>The HOST header value of messages sent to the IPv4 group.</summary>
    public const string MulticastHost = "239.255.255.250:1900";

    /// <summary>The longest datagram parsed; anything longer is dropped.</summary>
    public const int MaxDatagramLength = 8192;

    /// <summary>The most header lines one message may carry.</summary>
    public const int MaxHeaderCount = 64;

    /// <summary>The NTS of an announcement that the device is (still) there.</summary>
    public const string Alive = "ssdp:alive";

    /// <summary>The NTS of an announcement that the device is leaving.</summary>
    public const string ByeBye = "ssdp:byebye";

    /// <summary>The MAN header of a search, quotes included.</summary>
    public const string Discover = "\"ssdp:discover\"";

    /// <summary>The header that carries the device's boot instance (UDA 1.1).</summary>
    public const string BootIdHeader = "BOOTID.UPNP.ORG";

    /// <summary>The header that carries the device's configuration number (UDA 1.1).</summary>
    public const string ConfigIdHeader = "CONFIGID.UPNP.ORG";

    /// <summary>The IPv4 SSDP multicast group.</summary>
    public static readonly IPAddress MulticastGroup = IPAddress.Parse("239.255.255.250");

    /// <summary>The group and port that NOTIFY messages go to.</summary>
    public static IPEndPoint MulticastEndPoint(int port) => new(MulticastGroup, port);
}
