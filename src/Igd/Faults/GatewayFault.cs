using System.Net;
using IgdLab.Igd.Mapping;
using IgdLab.Igd.Soap;

namespace IgdLab.Igd.Faults;

/// <summary>
/// One fault in the vocabulary shared by scenario files and the <c>serve</c> control API
/// (<c>{"action":"change-wan-ip"}</c>). Fields that an action does not use are ignored.
/// </summary>
public sealed record GatewayFault
{
    /// <summary>The action: drop-mapping, drop-all-mappings, change-wan-ip, reboot, disable-upnp, enable-upnp,
    /// soap-error, soap-delay, zombie-mapping, expire-leases, clear-soap-faults.</summary>
    public required string Action { get; init; }

    /// <summary>The external port for drop-mapping and zombie-mapping; null picks one at random (seeded).</summary>
    public int? Port { get; init; }

    /// <summary>The protocol for drop-mapping and zombie-mapping.</summary>
    /// <value>The default is TCP.</value>
    public MappingProtocol Protocol { get; init; } = MappingProtocol.Tcp;

    /// <summary>For soap-error and soap-delay: the SOAP action affected; null for every action.</summary>
    public string? SoapAction { get; init; }

    /// <summary>For soap-error: the UPnP error code.</summary>
    /// <value>The default is 501.</value>
    public int Code { get; init; } = UpnpErrorCode.ActionFailed;

    /// <summary>For soap-error: how many calls fail.</summary>
    /// <value>The default is 1.</value>
    public int Count { get; init; } = 1;

    /// <summary>For soap-delay: the delay before each answer (zero clears it).</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>For reboot: how long the router stays down.</summary>
    public TimeSpan Downtime { get; init; }

    /// <summary>For reboot: whether it comes back with a new WAN address. change-wan-ip always changes it.</summary>
    public bool NewWanIp { get; init; }

    /// <summary>For change-wan-ip and reboot: the new WAN address; null takes the next one.</summary>
    public IPAddress? WanAddress { get; init; }

    /// <summary>For reboot: whether the HTTP port changes; null follows the profile.</summary>
    public bool? NewHttpPort { get; init; }

    /// <summary>The known action names.</summary>
    public static IReadOnlyList<string> Actions { get; } =
    [
        "drop-mapping", "drop-all-mappings", "change-wan-ip", "reboot", "disable-upnp", "enable-upnp",
        "soap-error", "soap-delay", "zombie-mapping", "expire-leases", "clear-soap-faults",
    ];

    /// <summary>The SOAP actions the virtual IGD serves, which soap-error and soap-delay may name.</summary>
    public static IReadOnlyList<string> SoapActions { get; } =
    [
        .. new[] { ServiceCatalog.WanIpConnection, ServiceCatalog.WanCommonInterfaceConfig, ServiceCatalog.Layer3Forwarding }
            .SelectMany(s => s.Actions)
            .Select(a => a.Name)
            .Distinct(StringComparer.Ordinal),
    ];
}
