namespace IgdLab.Device.Upnp.Discovery;

/// <summary>The SSDP search targets (ST) a client looking for an Internet Gateway Device sends.</summary>
public static class IgdSearchTargets
{
    /// <summary>An IGD:2 root device.</summary>
    public const string InternetGatewayDevice2 = "urn:schemas-upnp-org:device:InternetGatewayDevice:2";

    /// <summary>An IGD:1 root device (an IGD:2 answers it too, echoing :1).</summary>
    public const string InternetGatewayDevice1 = "urn:schemas-upnp-org:device:InternetGatewayDevice:1";

    /// <summary>The WANIPConnection:2 service.</summary>
    public const string WanIpConnection2 = "urn:schemas-upnp-org:service:WANIPConnection:2";

    /// <summary>The WANIPConnection:1 service.</summary>
    public const string WanIpConnection1 = "urn:schemas-upnp-org:service:WANIPConnection:1";

    /// <summary>The WANPPPConnection:1 service (DSL routers).</summary>
    public const string WanPppConnection1 = "urn:schemas-upnp-org:service:WANPPPConnection:1";

    /// <summary>Every root device, whatever it is; catches routers that answer nothing more specific.</summary>
    public const string RootDevice = "upnp:rootdevice";

    /// <summary>Every advertisement of every device.</summary>
    public const string All = "ssdp:all";

    /// <summary>What <see cref="DiscoveryOptions.SearchTargets"/> holds by default, in the order the searches go out.</summary>
    public static IReadOnlyList<string> Default { get; } =
    [
        InternetGatewayDevice2,
        InternetGatewayDevice1,
        WanIpConnection2,
        WanIpConnection1,
        WanPppConnection1,
        RootDevice,
    ];
}
