namespace IgdLab.Igd.Ssdp;

/// <summary>The numbers the virtual router's SSDP responder keeps to (UDA 1.1 §1; miniupnpd minissdp.c).</summary>
internal static class SsdpResponderLimits
{
    /// <summary>How long, in seconds, a control point may cache an advertisement.</summary>
    public const int MaxAgeSeconds = 1800;

    /// <summary>The largest MX honoured; larger values are treated as this one.</summary>
    public const int MaxMxSeconds = 5;

    /// <summary>The TTL of multicast sends (UDA 1.1 recommends 2).</summary>
    public const int MulticastTimeToLive = 2;

    /// <summary>The most multicast-search replies waiting for their MX delay at once; more searches are dropped.</summary>
    public const int MaxPendingReplies = 256;
}
