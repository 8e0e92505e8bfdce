using System.Net;
using IgdLab.Protocols.Pcp;

namespace IgdLab.Igd.Mapping;

/// <summary>The arguments of AddPortMapping / AddAnyPortMapping, already parsed.</summary>
public sealed record MappingRequest
{
    /// <summary>The remote host filter; empty for any.</summary>
    public string RemoteHost { get; init; } = "";

    /// <summary>The requested external port; 0 is the wildcard.</summary>
    public required int ExternalPort { get; init; }

    /// <summary>The protocol.</summary>
    public required MappingProtocol Protocol { get; init; }

    /// <summary>The LAN port.</summary>
    public required int InternalPort { get; init; }

    /// <summary>The LAN address.</summary>
    public required IPAddress InternalClient { get; init; }

    /// <summary>Whether the mapping is enabled.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The description.</summary>
    public string Description { get; init; } = "";

    /// <summary>
    /// The requested lease in seconds (0 = permanent on IGD:1, one week on IGD:2). For NAT-PMP and PCP it is the
    /// lifetime already granted by the port-control server (never 0: lifetime 0 deletes).
    /// </summary>
    public uint LeaseSeconds { get; init; }

    /// <summary>The protocol asking; UPnP leases follow the profile's lease policy, the others are granted as given.</summary>
    /// <value>The default is <see cref="MappingOrigin.Upnp"/>.</value>
    public MappingOrigin Origin { get; init; } = MappingOrigin.Upnp;

    /// <summary>The PCP nonce that will own the mapping; null for the other protocols.</summary>
    public PcpNonce? Nonce { get; init; }
}
