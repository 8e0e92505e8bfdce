namespace IgdLab.Device.Upnp.Description;

/// <summary>
/// What the UPnP client needs from an Internet Gateway Device's root description: identity, every service with
/// absolute URLs, and the WAN connection services in the order the client should use them.
/// </summary>
public sealed record IgdDescription
{
    /// <summary>The LOCATION the description was fetched from.</summary>
    public required Uri DescriptionUrl { get; init; }

    /// <summary>The document's URLBase when it has a usable one; relative URLs were resolved against it, else against <see cref="DescriptionUrl"/>.</summary>
    public Uri? UrlBase { get; init; }

    /// <summary>The root device's friendlyName.</summary>
    public string? FriendlyName { get; init; }

    /// <summary>The root device's manufacturer.</summary>
    public string? Manufacturer { get; init; }

    /// <summary>The root device's modelName.</summary>
    public string? ModelName { get; init; }

    /// <summary>The root device's UDN, e.g. <c>uuid:…</c>.</summary>
    public string? Udn { get; init; }

    /// <summary>The root device's type, e.g. <c>urn:schemas-upnp-org:device:InternetGatewayDevice:2</c>.</summary>
    public string? DeviceType { get; init; }

    /// <summary>Every usable service of every device, depth first in document order.</summary>
    public required IReadOnlyList<IgdServiceInfo> Services { get; init; }

    /// <summary>The WANCommonInterfaceConfig service; null when the router has none (miniupnpc would not call it an IGD).</summary>
    public IgdServiceInfo? CommonInterfaceConfig { get; init; }

    /// <summary>
    /// The WAN connection services, best first: WANIPConnection:2, WANIPConnection:1, WANPPPConnection:1,
    /// WANPPPConnection:2 (Orange Livebox); never empty.
    /// </summary>
    public required IReadOnlyList<IgdServiceInfo> ConnectionServices { get; init; }

    /// <summary>Things the parser skipped or repaired (unusable URLs, services without a type), for logs.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The service to send port-mapping actions to: the first of <see cref="ConnectionServices"/>.</summary>
    public IgdServiceInfo ConnectionService => ConnectionServices[0];

    /// <summary>Whether the router also offers WANCommonInterfaceConfig.</summary>
    public bool HasCommonInterfaceConfig => CommonInterfaceConfig is not null;
}
