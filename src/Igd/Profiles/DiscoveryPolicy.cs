namespace IgdLab.Igd.Profiles;

/// <summary>How the router's SSDP side answers searches and announces itself (the discovery quirks).</summary>
public sealed record DiscoveryPolicy
{
    /// <summary>When a search is answered.</summary>
    /// <value>The default is <see cref="SsdpReplyTiming.RandomWithinMx"/>, what UDA allows.</value>
    public SsdpReplyTiming ReplyDelay { get; init; } = SsdpReplyTiming.RandomWithinMx;

    /// <summary>Whether a search sent straight to the router (not to the group) is answered; false is <c>multicast-only</c> (Eero).</summary>
    /// <value>The default is true.</value>
    public bool UnicastSearch { get; init; } = true;

    /// <summary>What an <c>ssdp:all</c> search gets.</summary>
    /// <value>The default is <see cref="SsdpAllAnswer.Everything"/>.</value>
    public SsdpAllAnswer SsdpAll { get; init; } = SsdpAllAnswer.Everything;

    /// <summary>
    /// <c>wrong-source-port</c> (TP-Link ER605): replies leave from another UDP port than the one searched, and the
    /// description is served over TCP on the SSDP port's number.
    /// </summary>
    public bool WrongSourcePort { get; init; }

    /// <summary>
    /// <c>wrong-source-ip</c> (pfSense/OPNsense CARP): replies leave from this address, not the gateway's; LOCATION
    /// still names the gateway. Null sends from the gateway's address.
    /// </summary>
    public string? ReplySourceAddress { get; init; }

    /// <summary><c>dual-igd-flap</c> (Linksys Velop): an IGD:2 also answers as an IGD:1 whose LOCATION is another description.</summary>
    public bool DualIgd { get; init; }

    /// <summary><c>old-st-echo</c>: the reply's ST names the version served, not the one asked for, and newer versions are answered too.</summary>
    public bool OldStEcho { get; init; }

    /// <summary>Header oddities of the replies (<c>odd-headers</c>).</summary>
    public OddHeaders OddHeaders { get; init; } = new();

    /// <summary>Seconds between periodic <c>ssdp:alive</c> bursts in multicast mode (miniupnpd's <c>notify_interval</c>); 0 announces only at start.</summary>
    /// <value>The default is 900 s, miniupnpd's default.</value>
    public uint NotifyIntervalSeconds { get; init; } = 900;
}
