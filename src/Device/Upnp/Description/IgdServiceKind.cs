namespace IgdLab.Device.Upnp.Description;

/// <summary>The IGD services the client cares about, told apart by the service type's name.</summary>
public enum IgdServiceKind
{
    /// <summary>Any other service (Layer3Forwarding, WANEthernetLinkConfig, WFAWLANConfig …).</summary>
    Other,

    /// <summary>WANIPConnection: port mappings on an IP-routed WAN connection.</summary>
    WanIpConnection,

    /// <summary>WANPPPConnection: the same actions on a PPP WAN connection.</summary>
    WanPppConnection,

    /// <summary>WANCommonInterfaceConfig: link properties and traffic counters.</summary>
    WanCommonInterfaceConfig,
}
