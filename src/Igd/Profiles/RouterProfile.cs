using IgdLab.Igd.Upnp;

namespace IgdLab.Igd.Profiles;

/// <summary>
/// How a virtual router behaves: which IGD version it speaks, its lease and error-code policy, what a reboot does.
/// Profiles are data (YAML files under <c>Profiles/Data</c> or a user's file), never code.
/// </summary>
public sealed record RouterProfile
{
    /// <summary>The profile's name, as used by <c>--profile</c> and scenario files.</summary>
    public string Name { get; init; } = "standard";

    /// <summary>One line on what the profile reproduces.</summary>
    public string Summary { get; init; } = "";

    /// <summary>The InternetGatewayDevice and WANIPConnection version served: 1 or 2.</summary>
    /// <value>The default is 2.</value>
    public int IgdVersion { get; init; } = 2;

    /// <summary>The description's friendly name.</summary>
    public string FriendlyName { get; init; } = "IgdLab virtual router";

    /// <summary>The description's manufacturer.</summary>
    public string Manufacturer { get; init; } = "IgdLab";

    /// <summary>The description's model name.</summary>
    public string ModelName { get; init; } = "Virtual IGD";

    /// <summary>The SERVER header of SSDP and HTTP replies.</summary>
    public string ServerHeader { get; init; } = "Linux/6.0 UPnP/1.1 IgdLab/1.0";

    /// <summary>Whether the WAN side is a public address or behind carrier-grade NAT (independent of the loopback address used).</summary>
    /// <value>The default is <see cref="WanSide.Public"/>.</value>
    public WanSide WanSide { get; init; } = WanSide.Public;

    /// <summary>Secure mode: a client may map and delete only for its own address (miniupnpd's <c>secure_mode</c>).</summary>
    public bool SecureMode { get; init; }

    /// <summary>The most mappings the table holds; further adds fail with 728 (v2) or 501 (v1).</summary>
    /// <value>The default is 1024.</value>
    public int MaxMappings { get; init; } = 1024;

    /// <summary>How lease durations are treated.</summary>
    public LeasePolicy Leases { get; init; } = new();

    /// <summary>The code for a conflicting AddPortMapping; null uses 718.</summary>
    public int? ConflictErrorCode { get; init; }

    /// <summary>
    /// The code for an AddPortMapping that secure mode refuses (a mapping for another client); null uses 606 on IGD:2
    /// and 718 on IGD:1. Debian's miniupnpd 2.3.1 answers 718 on IGD:2 too.
    /// </summary>
    public int? SecureModeErrorCode { get; init; }

    /// <summary>The code that ends a GetGenericPortMappingEntry walk; null uses 713.</summary>
    public int? EndOfListErrorCode { get; init; }

    /// <summary>Whether <c>udp</c>/<c>tcp</c> in lowercase are refused (TP-Link ER605).</summary>
    public bool CaseSensitiveProtocol { get; init; }

    /// <summary>What a reboot does.</summary>
    public RebootPolicy Reboot { get; init; } = new();

    /// <summary>What an outside client sees on the port of a mapping that went away.</summary>
    /// <value>The default is <see cref="ClosedPortBehaviour.Refuse"/>.</value>
    public ClosedPortBehaviour ClosedPorts { get; init; } = ClosedPortBehaviour.Refuse;

    /// <summary>Periodic deletion of idle mappings (miniupnpd's <c>clean_ruleset_interval</c>); null disables it.</summary>
    public IdleCleanupPolicy? IdleCleanup { get; init; }

    /// <summary>Which port-mapping protocols the router speaks, and how its NAT-PMP and PCP server behaves.</summary>
    public PortControlPolicy PortControl { get; init; } = new();

    /// <summary>How SSDP searches are answered and the router announces itself.</summary>
    public DiscoveryPolicy Discovery { get; init; } = new();

    /// <summary>How the description documents look: connection services, URN domain, control URLs.</summary>
    public DescriptionPolicy Description { get; init; } = new();

    /// <summary>How SOAP control requests are treated.</summary>
    public SoapPolicy Soap { get; init; } = new();

    /// <summary>How GENA events look.</summary>
    public GenaPolicy Gena { get; init; } = new();

    /// <summary>What GetExternalIPAddress reports.</summary>
    /// <value>The default is <see cref="ExternalAddressReport.Wan"/>.</value>
    public ExternalAddressReport ExternalAddress { get; init; } = ExternalAddressReport.Wan;

    /// <summary>What a WAN address change does.</summary>
    public WanChangePolicy WanChange { get; init; } = new();

    /// <summary>
    /// <c>stale-rule-cache</c> (miniupnpd 2.3.1 after its nftables chains were flushed): a drop leaves the entry
    /// listed without a rule behind it; a plain re-add answers success and still forwards nothing; only
    /// delete-then-add, or a NAT-PMP/PCP request for it, brings the rule back.
    /// </summary>
    public bool StaleRuleCache { get; init; }

    /// <summary>
    /// <c>zombie-mapping</c> (Technicolor CGA4131COM, tailscale #21208): this many seconds after it was made a mapping
    /// stops forwarding while it stays listed and renewable; only delete-then-add revives it. Null never.
    /// </summary>
    public uint? ZombieAfterSeconds { get; init; }

    /// <summary>The effective conflict code.</summary>
    public int EffectiveConflictErrorCode => ConflictErrorCode ?? UpnpErrorCode.ConflictInMappingEntry;

    /// <summary>The effective code of a secure-mode refusal of AddPortMapping.</summary>
    public int EffectiveSecureModeErrorCode =>
        SecureModeErrorCode ?? (IgdVersion >= 2 ? UpnpErrorCode.ActionNotAuthorized : UpnpErrorCode.ConflictInMappingEntry);

    /// <summary>The effective end-of-list code.</summary>
    public int EffectiveEndOfListErrorCode => EndOfListErrorCode ?? UpnpErrorCode.SpecifiedArrayIndexInvalid;
}

/// <summary>Where the router's WAN side sits.</summary>
public enum WanSide
{
    /// <summary>A public Internet address: mappings make devices reachable from anywhere.</summary>
    Public,

    /// <summary>
    /// Behind carrier-grade NAT (<c>ext-ip-cgnat</c>, Sagemcom F@st 5684): GetExternalIPAddress reports an address
    /// in 100.64.0.0/10, and no mapping can be reached from the WAN side because the ISP's NAT in front forwards nothing.
    /// </summary>
    Cgnat,
}

/// <summary>What an outside client sees on a port whose mapping is gone.</summary>
public enum ClosedPortBehaviour
{
    /// <summary>The connection is refused (TCP reset), as most routers do.</summary>
    Refuse,

    /// <summary>The packets vanish: connections are held without a byte forwarded, so clients time out.</summary>
    Silent,
}

/// <summary>How the router treats requested lease durations.</summary>
public sealed record LeasePolicy
{
    /// <summary>The largest lease granted, in seconds; larger requests (and 0 on IGD:2) are cut to it.</summary>
    /// <value>The default is 604800 (one week), the IGD:2 maximum.</value>
    public uint MaxSeconds { get; init; } = 604800;

    /// <summary>The router supports only permanent leases: a non-zero lease gets 725 (MikroTik, Netgear).</summary>
    public bool PermanentOnly { get; init; }

    /// <summary>A non-zero lease gets 402 Invalid Args (ARRIS NVG578LX).</summary>
    public bool RejectNonZeroWith402 { get; init; }

    /// <summary>A zero lease gets 402 Invalid Args.</summary>
    public bool RejectZeroWith402 { get; init; }

    /// <summary>When set, every granted lease is replaced by this many seconds (lease-overridden quirk).</summary>
    public uint? OverrideSeconds { get; init; }

    /// <summary>
    /// The lease granted for a request of <paramref name="requested"/> seconds (0 = permanent): IGD:1 keeps 0 as
    /// permanent, IGD:2 reads 0 as the maximum, every version caps at <see cref="MaxSeconds"/>.
    /// </summary>
    /// <exception cref="UpnpException">725 or 402 where the policy refuses the request.</exception>
    public uint Grant(uint requested, int igdVersion)
    {
        if (requested != 0 && PermanentOnly)
        {
            throw new UpnpException(UpnpErrorCode.OnlyPermanentLeasesSupported);
        }

        if ((requested != 0 && RejectNonZeroWith402) || (requested == 0 && RejectZeroWith402))
        {
            throw new UpnpException(UpnpErrorCode.InvalidArgs);
        }

        if (requested == 0 && igdVersion < 2)
        {
            return 0;
        }

        if (OverrideSeconds is { } forced)
        {
            return forced;
        }

        return requested == 0 || requested > MaxSeconds ? MaxSeconds : requested;
    }
}

/// <summary>What a reboot does.</summary>
public sealed record RebootPolicy
{
    /// <summary>Whether the mapping table survives (miniupnpd with a lease file); by default it is wiped.</summary>
    public bool KeepTable { get; init; }

    /// <summary>Whether the HTTP (description and control) port changes on each boot (miniupnpd <c>http_port=0</c>).</summary>
    public bool NewHttpPort { get; init; }
}

/// <summary>Periodic deletion of mappings that carried no traffic since the previous sweep.</summary>
public sealed record IdleCleanupPolicy
{
    /// <summary>Seconds between sweeps.</summary>
    /// <value>The default is 600 s, miniupnpd's usual setting.</value>
    public uint IntervalSeconds { get; init; } = 600;

    /// <summary>Sweeps delete anything only while more than this many mappings exist.</summary>
    /// <value>The default is 20.</value>
    public int Threshold { get; init; } = 20;
}

/// <summary>
/// Which of UPnP IGD, NAT-PMP and PCP the router speaks, and how its NAT-PMP/PCP server (UDP 5351) behaves. The two
/// share one mapping table with UPnP, as on miniupnpd.
/// </summary>
public sealed record PortControlPolicy
{
    /// <summary>Whether SSDP and SOAP answer from the start (a router with UPnP switched off in its settings).</summary>
    /// <value>The default is true.</value>
    public bool Upnp { get; init; } = true;

    /// <summary>Whether NAT-PMP (version 0) requests are served.</summary>
    /// <value>The default is true.</value>
    public bool NatPmp { get; init; } = true;

    /// <summary>Whether PCP (version 2) requests are served.</summary>
    /// <value>The default is true.</value>
    public bool Pcp { get; init; } = true;

    /// <summary>The shortest lifetime granted to a NAT-PMP or PCP mapping; shorter requests get this.</summary>
    /// <value>The default is 120 s (miniupnpd's <c>min_lifetime</c>).</value>
    public uint MinLifetimeSeconds { get; init; } = 120;

    /// <summary>The longest lifetime granted to a NAT-PMP or PCP mapping; longer requests get this.</summary>
    /// <value>The default is 86400 s (miniupnpd's <c>max_lifetime</c>).</value>
    public uint MaxLifetimeSeconds { get; init; } = 86400;

    /// <summary>
    /// Whether the router announces a WAN address change or a restart: NAT-PMP's unsolicited external-address
    /// response and PCP's ANNOUNCE, to 224.0.0.1:5350 in multicast mode and to each recent client on loopback.
    /// </summary>
    /// <value>The default is true.</value>
    public bool Announce { get; init; } = true;

    /// <summary>
    /// The <c>epoch-not-reset</c> quirk (miniupnp #254): the epoch keeps counting across a reboot and a WAN change that
    /// lost state, so a client that trusts the epoch never learns that its mappings are gone.
    /// </summary>
    public bool EpochNotReset { get; init; }

    /// <summary>Whether PCP PEER requests are answered; when false they get UNSUPP_OPCODE.</summary>
    /// <value>The default is true.</value>
    public bool Peer { get; init; } = true;

    /// <summary>Whether the PCP THIRD_PARTY option is honoured; when false such requests get NOT_AUTHORIZED.</summary>
    public bool ThirdParty { get; init; }

    /// <summary>How long a client counts as recent for unicast announcements after its last request.</summary>
    /// <value>The default is 86400 s.</value>
    public uint AnnounceClientWindowSeconds { get; init; } = 86400;

    /// <summary>The lifetime granted for a request of <paramref name="requested"/> seconds (not 0: 0 deletes).</summary>
    public uint Grant(uint requested) => Math.Clamp(requested, MinLifetimeSeconds, MaxLifetimeSeconds);
}
