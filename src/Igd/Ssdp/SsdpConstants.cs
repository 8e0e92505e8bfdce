using System.Net;

namespace IgdLab.Igd.Ssdp;

/// <summary>The fixed numbers of SSDP as the virtual router speaks it (UDA 1.1 §1; miniupnpd minissdp.c).</summary>
internal static class SsdpConstants
{
    /// <summary>The well-known SSDP port.</summary>
    public const int Port = 1900;

    /// <summary>The HOST header value of messages sent to the IPv4 group.</summary>
    public const string MulticastHost = "239.255.255.250:1900";

    /// <summary>How long, in seconds, a control point may cache an advertisement.</summary>
    public const int MaxAgeSeconds = 1800;

    /// <summary>The largest MX honoured; larger values are treated as this one.</summary>
    public const int MaxMxSeconds = 5;

    /// <summary>The TTL of multicast sends (UDA 1.1 recommends 2).</summary>
    public const int MulticastTimeToLive = 2;

    /// <summary>The longest datagram parsed; anything longer is dropped.</summary>
    public const int MaxDatagramLength = 8192;

    /// <summary>The most header lines one message may carry.</summary>
    public const int MaxHeaderCount = 64;

    /// <summary>The most multicast-search replies waiting for their MX delay at once; more searches are dropped.</summary>
    public const int MaxPendingReplies = 256;

    /// <summary>The IPv4 SSDP multicast group.</summary>
    public static readonly IPAddress MulticastGroup = IPAddress.Parse("239.255.255.250");

    /// <summary>The group and port that NOTIFY messages go to.</summary>
    public static IPEndPoint MulticastEndPoint(int port) => new(MulticastGroup, port);
}
