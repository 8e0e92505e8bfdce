namespace IgdLab.Igd.Profiles;

/// <summary>What a WAN address change does to mappings and to the clients that watch for it (<c>wan-ip-change</c>).</summary>
public sealed record WanChangePolicy
{
    /// <summary>Whether mappings survive the change (moved to the new address); false drops them all.</summary>
    /// <value>The default is true.</value>
    public bool KeepMappings { get; init; } = true;

    /// <summary>Whether the change is told: GENA ExternalIPAddress/ConnectionStatus events (NAT-PMP/PCP announcements follow <see cref="PortControlPolicy.Announce"/>).</summary>
    /// <value>The default is true.</value>
    public bool Evented { get; init; } = true;
}
