using System.Globalization;

namespace IgdLab.Protocols.Upnp;

/// <summary>
/// The UPnP names an Internet Gateway Device and its clients agree on: device and service types, service ids, the XML
/// namespaces of descriptions, control and eventing, and the generic SSDP search targets.
/// </summary>
public static class UpnpUrns
{
    /// <summary>The UPnP Forum's domain.</summary>
    public const string UpnpDomain = "schemas-upnp-org";

    /// <summary>The Broadband Forum's TR-064 domain, used by some Huawei routers for the same services.</summary>
    public const string DslForumDomain = "dslforum-org";

    /// <summary>What every UPnP Forum device type starts with.</summary>
    public const string DevicePrefix = "urn:" + UpnpDomain + ":device:";

    /// <summary>What every UPnP Forum service type starts with.</summary>
    public const string ServicePrefix = "urn:" + UpnpDomain + ":service:";

    /// <summary>The root device of a router.</summary>
    public const string InternetGatewayDevice = "InternetGatewayDevice";

    /// <summary>The WAN device embedded in the root.</summary>
    public const string WanDevice = "WANDevice";

    /// <summary>The WAN connection device embedded in the WAN device.</summary>
    public const string WanConnectionDevice = "WANConnectionDevice";

    /// <summary>The IP connection service, which holds the port-mapping actions.</summary>
    public const string WanIpConnection = "WANIPConnection";

    /// <summary>The PPP connection service of DSL routers, whose port-mapping actions match WANIPConnection:1.</summary>
    public const string WanPppConnection = "WANPPPConnection";

    /// <summary>The common interface configuration service: link properties and traffic counters.</summary>
    public const string WanCommonInterfaceConfig = "WANCommonInterfaceConfig";

    /// <summary>The Layer3Forwarding service of the root device.</summary>
    public const string Layer3Forwarding = "Layer3Forwarding";

    /// <summary>An IGD:1 root device (an IGD:2 answers a search for it too, echoing :1).</summary>
    public const string InternetGatewayDevice1 = DevicePrefix + InternetGatewayDevice + ":1";

    /// <summary>An IGD:2 root device.</summary>
    public const string InternetGatewayDevice2 = DevicePrefix + InternetGatewayDevice + ":2";

    /// <summary>WANIPConnection version 1.</summary>
    public const string WanIpConnection1 = ServicePrefix + WanIpConnection + ":1";

    /// <summary>WANIPConnection version 2 (adds AddAnyPortMapping, DeletePortMappingRange and GetListOfPortMappings).</summary>
    public const string WanIpConnection2 = ServicePrefix + WanIpConnection + ":2";

    /// <summary>WANPPPConnection version 1.</summary>
    public const string WanPppConnection1 = ServicePrefix + WanPppConnection + ":1";

    /// <summary>WANCommonInterfaceConfig version 1.</summary>
    public const string WanCommonInterfaceConfig1 = ServicePrefix + WanCommonInterfaceConfig + ":1";

    /// <summary>The serviceId of the WANIPConnection service.</summary>
    public const string WanIpConnectionServiceId = "urn:upnp-org:serviceId:WANIPConn1";

    /// <summary>The serviceId of the WANPPPConnection service.</summary>
    public const string WanPppConnectionServiceId = "urn:upnp-org:serviceId:WANPPPConn1";

    /// <summary>The serviceId of the WANCommonInterfaceConfig service.</summary>
    public const string WanCommonInterfaceConfigServiceId = "urn:upnp-org:serviceId:WANCommonIFC1";

    /// <summary>The serviceId of the Layer3Forwarding service.</summary>
    public const string Layer3ForwardingServiceId = "urn:upnp-org:serviceId:L3Forwarding1";

    /// <summary>The XML namespace of a device description.</summary>
    public const string DeviceDescriptionNamespace = "urn:" + UpnpDomain + ":device-1-0";

    /// <summary>The XML namespace of a service description (SCPD).</summary>
    public const string ServiceDescriptionNamespace = "urn:" + UpnpDomain + ":service-1-0";

    /// <summary>The XML namespace of a SOAP fault's UPnPError detail.</summary>
    public const string ControlNamespace = "urn:" + UpnpDomain + ":control-1-0";

    /// <summary>The XML namespace of a GENA property set.</summary>
    public const string EventNamespace = "urn:" + UpnpDomain + ":event-1-0";

    /// <summary>The XML namespace of WANIPConnection:2's NewPortListing document.</summary>
    public const string PortListingNamespace = "urn:" + UpnpDomain + ":gw:WANIPConnection";

    /// <summary>The SSDP search target every root device answers.</summary>
    public const string RootDevice = "upnp:rootdevice";

    /// <summary>The SSDP search target every advertisement of every device answers.</summary>
    public const string All = "ssdp:all";

    /// <summary>A UPnP Forum device type: <c>urn:schemas-upnp-org:device:NAME:VERSION</c>.</summary>
    public static string Device(string name, int version) => string.Create(CultureInfo.InvariantCulture, $"{DevicePrefix}{name}:{version}");

    /// <summary>A UPnP Forum service type: <c>urn:schemas-upnp-org:service:NAME:VERSION</c>.</summary>
    public static string Service(string name, int version) => string.Create(CultureInfo.InvariantCulture, $"{ServicePrefix}{name}:{version}");

    /// <summary>
    /// Splits a versioned URN at its last colon (<c>urn:schemas-upnp-org:device:InternetGatewayDevice:2</c> →
    /// <c>urn:schemas-upnp-org:device:InternetGatewayDevice</c>, 2); false when it is no <c>urn:</c> or has no version ≥ 1.
    /// </summary>
    public static bool TrySplitVersion(string urn, out string type, out int version)
    {
        ArgumentNullException.ThrowIfNull(urn);
        type = "";
        version = 0;
        var colon = urn.LastIndexOf(':');
        if (colon <= 0 || !urn.StartsWith("urn:", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        type = urn[..colon];
        return int.TryParse(urn.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out version)
            && version >= 1;
    }

    /// <summary>The version at the end of a service type (<c>…:WANIPConnection:2</c> → 2); 1 when there is none.</summary>
    public static int VersionOf(string serviceType)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        var colon = serviceType.LastIndexOf(':');
        return colon >= 0 && int.TryParse(serviceType.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0
            ? version
            : 1;
    }
}
