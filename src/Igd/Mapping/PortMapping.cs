using System.Net;
using IgdLab.Protocols.Pcp;

namespace IgdLab.Igd.Mapping;

/// <summary>One entry of the gateway's port mapping table, as it stands at one moment.</summary>
public sealed record PortMapping
{
    /// <summary>The remote host filter; empty means any host.</summary>
    public string RemoteHost { get; init; } = "";

    /// <summary>The external (WAN) port.</summary>
    public required int ExternalPort { get; init; }

    /// <summary>The transport protocol.</summary>
    public required MappingProtocol Protocol { get; init; }

    /// <summary>The LAN address that traffic is forwarded to.</summary>
    public required IPAddress InternalClient { get; init; }

    /// <summary>The LAN port that traffic is forwarded to.</summary>
    public required int InternalPort { get; init; }

    /// <summary>Whether the mapping forwards traffic.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The client's description of the mapping.</summary>
    public string Description { get; init; } = "";

    /// <summary>The lease granted, in seconds; 0 means permanent.</summary>
    public uint LeaseSeconds { get; init; }

    /// <summary>When the lease ends; null for a permanent mapping.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>When the mapping was first created (renewals keep it).</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>
    /// True when the mapping is a zombie: still listed and renewable, but no longer forwarding.
    /// Only deleting and re-adding it clears the state, as on the routers that show the bug.
    /// </summary>
    public bool Zombie { get; init; }

    /// <summary>The protocol that made (or last renewed) the mapping.</summary>
    /// <value>The default is <see cref="MappingOrigin.Upnp"/>.</value>
    public MappingOrigin Origin { get; init; } = MappingOrigin.Upnp;

    /// <summary>The PCP nonce that owns the mapping: only a request with the same nonce renews or deletes it.</summary>
    /// <value>Null for mappings not made by PCP.</value>
    public PcpNonce? Nonce { get; init; }

    /// <summary>The identity of the mapping in the table.</summary>
    public MappingKey Key => new(ExternalPort, Protocol);

    /// <summary>The remaining lease in whole seconds at <paramref name="now"/>; 0 for permanent mappings.</summary>
    public uint RemainingLeaseSeconds(DateTimeOffset now)
    {
        if (ExpiresAt is not { } expires)
        {
            return 0;
        }

        var remaining = Math.Ceiling((expires - now).TotalSeconds);
        return remaining <= 1 ? 1u : (uint)Math.Min(remaining, uint.MaxValue);
    }
}
