namespace IgdLab.Device.Upnp.Discovery;

/// <summary>The SSDP search targets (ST) a client looking for an Internet Gateway Device sends.</summary>
public static class IgdSearchTargets
{
    /// <summary>
    /// What <see cref="DiscoveryOptions.SearchTargets"/> holds by default, in the order the searches go out: the IGD
    /// versions, the WAN connection services, and last every root device, which catches routers that answer nothing
    /// more specific.
    /// </summary>
    public static IReadOnlyList<string> Default { get; } =
    [
        UpnpUrns.InternetGatewayDevice2,
        UpnpUrns.InternetGatewayDevice1,
        UpnpUrns.WanIpConnection2,
        UpnpUrns.WanIpConnection1,
        UpnpUrns.WanPppConnection1,
        UpnpUrns.RootDevice,
    ];
}
