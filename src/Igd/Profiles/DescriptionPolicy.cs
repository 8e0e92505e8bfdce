namespace IgdLab.Igd.Profiles;

/// <summary>How the router's description documents look (the description quirks).</summary>
public sealed record DescriptionPolicy
{
    /// <summary>
    /// The WAN connection services offered: <c>[ip]</c> (WANIPConnection), <c>[ppp]</c> (WANPPPConnection:1 only:
    /// <c>ppp-only</c>, Linksys WAG200G, Huawei HG531) or both. They share one mapping table.
    /// </summary>
    /// <value>The default is <c>[ip]</c>.</value>
    public ConnectionService[] ConnectionServices { get; init; } = [ConnectionService.Ip];

    /// <summary>The URN domain of device and service types: <c>schemas-upnp-org</c>, or <c>dslforum-org</c> (Huawei: TR-064 URNs that UPnP clients do not look for).</summary>
    /// <value>The default is <see cref="UrnDomain.SchemasUpnpOrg"/>.</value>
    public UrnDomain UrnDomain { get; init; } = UrnDomain.SchemasUpnpOrg;

    /// <summary><c>misadvertised-service</c> (Orange Livebox): the WANIPConnection:1 control URL is listed as a WANPPPConnection:2 service.</summary>
    public bool MisadvertisedService { get; init; }

    /// <summary>How control, event and SCPD URLs are written.</summary>
    /// <value>The default is <see cref="ControlUrlStyle.Path"/>.</value>
    public ControlUrlStyle ControlUrls { get; init; } = ControlUrlStyle.Path;

    /// <summary><c>invalid-utf8-desc</c> (ARRIS TG2492LG-85): the root description carries bytes that are not UTF-8.</summary>
    public bool InvalidUtf8 { get; init; }
}
