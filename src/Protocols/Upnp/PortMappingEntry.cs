namespace IgdLab.Protocols.Upnp;

/// <summary>
/// One port mapping as the IGD services carry it: the arguments of AddPortMapping, or what GetGenericPortMappingEntry,
/// GetSpecificPortMappingEntry and GetListOfPortMappings list. The internal client is text, as routers spell it.
/// </summary>
public sealed record PortMappingEntry
{
    /// <summary>The remote host filter; empty means any host (the only value most routers accept).</summary>
    public string RemoteHost { get; init; } = "";

    /// <summary>The external (WAN) port, 1–65535.</summary>
    public required int ExternalPort { get; init; }

    /// <summary>The transport protocol.</summary>
    public required MappingProtocol Protocol { get; init; }

    /// <summary>The LAN address traffic goes to, as the router spells it (an IPv4 literal; empty on some quirky routers).</summary>
    public required string InternalClient { get; init; }

    /// <summary>The LAN port traffic goes to.</summary>
    public required int InternalPort { get; init; }

    /// <summary>Whether the mapping forwards traffic.</summary>
    /// <value>The default is true.</value>
    public bool Enabled { get; init; } = true;

    /// <summary>The mapping's description.</summary>
    public string Description { get; init; } = "";

    /// <summary>The lease in seconds: requested when adding, remaining when listed; 0 means permanent (IGD:1).</summary>
    public uint LeaseSeconds { get; init; }
}
