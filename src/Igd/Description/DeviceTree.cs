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
}

/// <summary>A UPnP service of the description, with miniupnpd-compatible paths.</summary>
internal sealed record ServiceNode(
    string ServiceType,
    string ServiceId,
    string ScpdPath,
    string ControlPath,
    string EventPath);

/// <summary>The HTTP paths of the virtual IGD's documents, control and event URLs, as miniupnpd lays them out.</summary>
internal static class DescriptionPaths
{
    public const string RootDescriptionPath = "/rootDesc.xml";
    public const string WanIpConnectionScpdPath = "/WANIPCn.xml";
    public const string WanIpConnectionControlPath = "/ctl/IPConn";
    public const string WanIpConnectionEventPath = "/evt/IPConn";
    public const string WanCommonScpdPath = "/WANCfg.xml";
    public const string WanCommonControlPath = "/ctl/CmnIfCfg";
    public const string WanCommonEventPath = "/evt/CmnIfCfg";
    public const string Layer3ScpdPath = "/L3F.xml";
    public const string Layer3ControlPath = "/ctl/L3F";
    public const string Layer3EventPath = "/evt/L3F";
}

/// <summary>Builds the gateway's device tree for an IGD version, as miniupnpd lays it out.</summary>
internal static class DeviceTreeBuilder
{
    /// <summary>The tree for <paramref name="igdVersion"/>; UDNs derive from <paramref name="rootUuid"/>.</summary>
    public static DeviceNode Build(int igdVersion, Guid rootUuid)
    {
        var v = igdVersion;
        var connection = new DeviceNode(
            UpnpUrns.Device(UpnpUrns.WanConnectionDevice, v),
            Udn(rootUuid, 2),
            [
                new ServiceNode(
                    UpnpUrns.Service(UpnpUrns.WanIpConnection, v),
                    UpnpUrns.WanIpConnectionServiceId,
                    DescriptionPaths.WanIpConnectionScpdPath,
                    DescriptionPaths.WanIpConnectionControlPath,
                    DescriptionPaths.WanIpConnectionEventPath),
            ],
            []);
        var wan = new DeviceNode(
            UpnpUrns.Device(UpnpUrns.WanDevice, v),
            Udn(rootUuid, 1),
            [
                new ServiceNode(
                    UpnpUrns.Service(UpnpUrns.WanCommonInterfaceConfig, 1),
                    UpnpUrns.WanCommonInterfaceConfigServiceId,
                    DescriptionPaths.WanCommonScpdPath,
                    DescriptionPaths.WanCommonControlPath,
                    DescriptionPaths.WanCommonEventPath),
            ],
            [connection]);
        return new DeviceNode(
            UpnpUrns.Device(UpnpUrns.InternetGatewayDevice, v),
            Udn(rootUuid, 0),
            [
                new ServiceNode(
                    UpnpUrns.Service(UpnpUrns.Layer3Forwarding, 1),
                    UpnpUrns.Layer3ForwardingServiceId,
                    DescriptionPaths.Layer3ScpdPath,
                    DescriptionPaths.Layer3ControlPath,
                    DescriptionPaths.Layer3EventPath),
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
