namespace IgdLab.Device.Upnp.Soap;

/// <summary>The service type URNs that an IGD client talks to.</summary>
public static class IgdServiceTypes
{
    /// <summary>WANIPConnection version 1.</summary>
    public const string WanIpConnection1 = "urn:schemas-upnp-org:service:WANIPConnection:1";

    /// <summary>WANIPConnection version 2 (adds AddAnyPortMapping, DeletePortMappingRange and GetListOfPortMappings).</summary>
    public const string WanIpConnection2 = "urn:schemas-upnp-org:service:WANIPConnection:2";

    /// <summary>WANPPPConnection version 1, whose port-mapping actions match WANIPConnection:1.</summary>
    public const string WanPppConnection1 = "urn:schemas-upnp-org:service:WANPPPConnection:1";

    /// <summary>WANCommonInterfaceConfig version 1: link properties and traffic counters.</summary>
    public const string WanCommonInterfaceConfig1 = "urn:schemas-upnp-org:service:WANCommonInterfaceConfig:1";

    /// <summary>The version at the end of a service type (<c>…:WANIPConnection:2</c> → 2); 1 when there is none.</summary>
    public static int VersionOf(string serviceType)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        var colon = serviceType.LastIndexOf(':');
        return colon >= 0 && int.TryParse(serviceType.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version) && version > 0
            ? version
            : 1;
    }
}
