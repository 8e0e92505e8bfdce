using IgdLab.Igd.Profiles;
using IgdLab.Igd.Soap;

namespace IgdLab.Igd.Description;

/// <summary>A UPnP device of the gateway's description: its type URN, UDN, services and embedded devices.</summary>
internal sealed record DeviceNode(
    string DeviceType,
    string Udn,
    IReadOnlyList<ServiceNode> Services,
    IReadOnlyList<DeviceNode> Devices)
{
    /// <summary>This device and every embedded device, depth first.</summary>
    public IEnumerable<DeviceNode> SelfAndDescendants()
    {
        yield return this;
        foreach (var child in Devices.SelectMany(d => d.SelfAndDescendants()))
        {
            yield return child;
        }
    }

    /// <summary>Every service of this device and its embedded devices, depth first.</summary>
    public IEnumerable<ServiceNode> AllServices() => SelfAndDescendants().SelectMany(d => d.Services);

    /// <summary>The WAN connection services (WANIPConnection, WANPPPConnection), in description order.</summary>
    public IEnumerable<ServiceNode> ConnectionServices() =>
        AllServices().Where(s => s.Definition.Name is UpnpUrns.WanIpConnection or UpnpUrns.WanPppConnection);
}

/// <summary>
/// A UPnP service of the description: the type it is listed as, its id, URLs (a path, or a path with a query string)
/// and the definition that serves its SCPD and SOAP actions at <paramref name="Version"/>.
/// </summary>
internal sealed record ServiceNode(
    string ServiceType,
    string ServiceId,
    string ScpdPath,
    string ControlPath,
    string EventPath,
    ServiceDefinition Definition,
    int Version);

/// <summary>The HTTP paths of the virtual IGD's documents, control and event URLs, as miniupnpd lays them out.</summary>
internal static class DescriptionPaths
{
    public const string RootDescriptionPath = "/rootDesc.xml";
    public const string Igd1DescriptionPath = "/rootDesc1.xml";
    public const string NonIgdDescriptionPath = "/mediaDesc.xml";
    public const string WanIpConnectionScpdPath = "/WANIPCn.xml";
    public const string WanIpConnectionControlPath = "/ctl/IPConn";
    public const string WanIpConnectionEventPath = "/evt/IPConn";
    public const string WanPppConnectionScpdPath = "/WANPPPCn.xml";
    public const string WanPppConnectionControlPath = "/ctl/PPPConn";
    public const string WanPppConnectionEventPath = "/evt/PPPConn";
    public const string WanCommonScpdPath = "/WANCfg.xml";
    public const string WanCommonControlPath = "/ctl/CmnIfCfg";
    public const string WanCommonEventPath = "/evt/CmnIfCfg";
    public const string Layer3ScpdPath = "/L3F.xml";
    public const string Layer3ControlPath = "/ctl/L3F";
    public const string Layer3EventPath = "/evt/L3F";

    /// <summary>The one control path of routers that tell services apart by query string (DD-WRT: <c>/control?WANIPConnection</c>).</summary>
    public const string QueryControlPath = "/control";
}

/// <summary>Builds the gateway's device tree for a profile, as miniupnpd lays it out unless the profile's quirks say otherwise.</summary>
internal static class DeviceTreeBuilder
{
    /// <summary>The tree for <paramref name="profile"/>; UDNs derive from <paramref name="rootUuid"/>.</summary>
    public static DeviceNode Build(RouterProfile profile, Guid rootUuid) => Build(profile, profile.IgdVersion, rootUuid);

    /// <summary>
    /// The tree for <paramref name="profile"/> served as IGD version <paramref name="igdVersion"/> (a dual-IGD router
    /// describes itself twice); UDNs derive from <paramref name="rootUuid"/>.
    /// </summary>
    public static DeviceNode Build(RouterProfile profile, int igdVersion, Guid rootUuid)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var v = igdVersion;
        var description = profile.Description;
        var domain = description.UrnDomain == UrnDomain.DslforumOrg ? UpnpUrns.DslForumDomain : UpnpUrns.UpnpDomain;
        var query = description.ControlUrls == ControlUrlStyle.Query;
        string Device(string name, int version) => $"urn:{domain}:device:{name}:{version.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        string Service(string name, int version) => $"urn:{domain}:service:{name}:{version.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        string Control(string path, string name) => query ? $"{DescriptionPaths.QueryControlPath}?{name}" : path;

        var connectionServices = new List<ServiceNode>();
        foreach (var kind in description.ConnectionServices)
        {
            connectionServices.Add(kind switch
            {
                ConnectionService.Ppp => new ServiceNode(
                    Service(UpnpUrns.WanPppConnection, 1),
                    UpnpUrns.WanPppConnectionServiceId,
                    DescriptionPaths.WanPppConnectionScpdPath,
                    Control(DescriptionPaths.WanPppConnectionControlPath, UpnpUrns.WanPppConnection),
                    DescriptionPaths.WanPppConnectionEventPath,
                    ServiceCatalog.WanPppConnection,
                    1),
                _ => new ServiceNode(
                    description.MisadvertisedService ? Service(UpnpUrns.WanPppConnection, 2) : Service(UpnpUrns.WanIpConnection, v),
                    UpnpUrns.WanIpConnectionServiceId,
                    DescriptionPaths.WanIpConnectionScpdPath,
                    Control(DescriptionPaths.WanIpConnectionControlPath, UpnpUrns.WanIpConnection),
                    DescriptionPaths.WanIpConnectionEventPath,
                    ServiceCatalog.WanIpConnection,
                    v),
            });
        }

        var connection = new DeviceNode(Device(UpnpUrns.WanConnectionDevice, v), Udn(rootUuid, 2), connectionServices, []);
        var wan = new DeviceNode(
            Device(UpnpUrns.WanDevice, v),
            Udn(rootUuid, 1),
            [
                new ServiceNode(
                    Service(UpnpUrns.WanCommonInterfaceConfig, 1),
                    UpnpUrns.WanCommonInterfaceConfigServiceId,
                    DescriptionPaths.WanCommonScpdPath,
                    Control(DescriptionPaths.WanCommonControlPath, UpnpUrns.WanCommonInterfaceConfig),
                    DescriptionPaths.WanCommonEventPath,
                    ServiceCatalog.WanCommonInterfaceConfig,
                    1),
            ],
            [connection]);
        return new DeviceNode(
            Device(UpnpUrns.InternetGatewayDevice, v),
            Udn(rootUuid, 0),
            [
                new ServiceNode(
                    Service(UpnpUrns.Layer3Forwarding, 1),
                    UpnpUrns.Layer3ForwardingServiceId,
                    DescriptionPaths.Layer3ScpdPath,
                    Control(DescriptionPaths.Layer3ControlPath, UpnpUrns.Layer3Forwarding),
                    DescriptionPaths.Layer3EventPath,
                    ServiceCatalog.Layer3Forwarding,
                    1),
            ],
            [wan]);
    }

    // Embedded devices get UDNs that differ from the root in the last byte, as miniupnpd derives them.
    private static string Udn(Guid root, byte index)
    {
        var bytes = root.ToByteArray();
        bytes[15] = (byte)(bytes[15] + index);
        return "uuid:" + new Guid(bytes).ToString("D");
    }
}
