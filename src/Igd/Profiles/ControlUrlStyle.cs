namespace IgdLab.Igd.Profiles;

/// <summary>How the description writes the services' URLs.</summary>
public enum ControlUrlStyle
{
    /// <summary>Absolute paths resolved against LOCATION (<c>/ctl/IPConn</c>), as miniupnpd writes them.</summary>
    Path,

    /// <summary>A path with a query string (<c>/control?WANIPConnection</c>: DD-WRT, <c>query-control-url</c>).</summary>
    Query,

    /// <summary>
    /// Absolute URLs on another port of the router, and a URLBase naming that port (libtorrent's root1.xml,
    /// MikroTik CHR 7.10: <c>foreign-control-url</c>); clients that resolve against LOCATION's port fail.
    /// </summary>
    OtherPort,

    /// <summary>
    /// Paths as usual, but a URLBase that names another host (the router's WAN address; MikroTik CHR 7.10,
    /// tailscale #8364: <c>foreign-control-url</c>); clients that honour URLBase reach nothing.
    /// </summary>
    UrlBaseElsewhere,
}
